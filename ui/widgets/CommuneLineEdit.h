#pragma once

#include "models/domain/CommuneRef.h"

#include <QLineEdit>

class QCompleter;
class QStandardItemModel;

// A line edit for a French commune, found offline (CommuneIndex) by the start of its name or its postal code as you
// type, in a completion popup ("Guéret (23000)"). A commune typed without choosing it from the list is taken when its
// name matches exactly or the postal code designates a single commune; otherwise commune() returns the bare text,
// which the validator reports as incomplete.
class CommuneLineEdit : public QLineEdit
{
    Q_OBJECT

public:
    explicit CommuneLineEdit(QWidget *parent = nullptr);

    CommuneRef commune() const;
    void setCommune(const CommuneRef &commune);
    QCompleter *communeCompleter() const { return m_completer; }

    static QString display(const CommuneRef &commune);

signals:
    void communeChanged();

private:
    void updateCompletions(const QString &text);

    QCompleter *m_completer = nullptr;
    QStandardItemModel *m_model = nullptr;
    CommuneRef m_commune; // the commune picked from the list, valid while the text shows it
};
