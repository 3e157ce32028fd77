#pragma once

#include "models/domain/CommuneRef.h"

#include <QLineEdit>

#include <optional>

class QCompleter;
class QStandardItemModel;

// A line edit to pick a French commune offline: as the user types a name or a postal code, a completer lists the
// matches of CommuneIndex ("Guéret (23000)"). The chosen commune is commune(); text typed without choosing is resolved
// when it names one commune unambiguously (exact name, "Nom (code postal)", or a single match), else commune() is empty
// and hasUnresolvedText() is true so the form can say so.
class CommuneEdit : public QLineEdit
{
    Q_OBJECT

public:
    explicit CommuneEdit(QWidget *parent = nullptr);

    CommuneRef commune() const;
    void setCommune(const CommuneRef &commune);
    bool hasUnresolvedText() const;
    // commune(); for unresolved text, the text as the name of a commune without codes, which the validator reports as
    // incomplete.
    CommuneRef communeOrTypedName() const;
    // "Commune « … » introuvable : …", the message for unresolved text.
    QString unresolvedMessage() const;

    static QString display(const CommuneRef &commune); // "Guéret (23000)"

signals:
    void communeChanged(); // the text changed, or the commune chosen from the list

private:
    void updateMatches(const QString &text);
    void choose(const CommuneRef &commune);
    std::optional<CommuneRef> resolve(const QString &text) const;

    QCompleter *m_completer = nullptr;
    QStandardItemModel *m_matches = nullptr;
    CommuneRef m_commune; // the commune chosen, valid while the text shows it
};
