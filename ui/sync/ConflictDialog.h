#pragma once

#include "sync/client/ConflictResolver.h"

#include <QDialog>
#include <QHash>

class QButtonGroup;
class QLabel;

// A conflict of the sync side by side: for each field that differs, this computer's value and the server's, one to
// pick; "Garder celle de cet ordinateur" and "Garder celle du serveur" pick a whole side. "Enregistrer" resolves the
// conflict with the fields picked (ConflictResolver::resolve); a merge that breaks a rule of the form says so and
// stays open.
class ConflictDialog : public QDialog
{
    Q_OBJECT

public:
    ConflictDialog(Store &store, const ConflictResolver::Sides &sides, QWidget *parent = nullptr);

    // The side picked for a field (ConflictResolver::Field::key); for tests and the resolve.
    void choose(const QString &key, ConflictResolver::Side side);
    void chooseAll(ConflictResolver::Side side);
    QHash<QString, ConflictResolver::Side> choices() const;

public slots:
    void accept() override;

private:
    Store &m_store;
    ConflictResolver::Sides m_sides;
    QHash<QString, QButtonGroup *> m_groups;
    QLabel *m_error = nullptr;
};
