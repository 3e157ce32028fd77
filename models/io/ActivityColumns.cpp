#include "models/io/ActivityColumns.h"

#include "models/domain/Activity.h"
#include "models/text/FrenchText.h"

#include <QCoreApplication>

namespace ActivityColumns {

namespace {
// buildAccompagnementsWorksheet.ts, activitesTableHeaders (typographic apostrophes as there), then Carnet's columns.
const char *const kLabels[Count] = {
    "Date",
    "Enregistré le",
    "Dernière modification le",
    "Type",
    "Participants",
    "Bénéficiaire",
    "Canaux d’accompagnement",
    "Nom du lieu",
    "Adresse",
    "Commune",
    "Code postal",
    "Code Insee",
    "Durée (min)",
    "Nom de l’atelier",
    "Matériel numérique utilisé",
    "Thématique(s) d’accompagnement",
    "Tags",
    "Nom de la démarche administrative",
    "Niveau d’autonomie (ou de l’atelier)",
    "Bénéficiaire réorienté",
    "Structure de redirection",
    "Commune du bénéficiaire",
    "Code postal du bénéficiaire",
    "Code Insee du bénéficiaire",
    "Genre du bénéficiaire",
    "Tranche d’âge du bénéficiaire",
    "Statut du bénéficiaire",
    "Notes supplémentaires",
    "ID CRA",
    "ID bénéficiaire suivi",
    "ID lieu",
    "Année de naissance",
    "Déjà accompagné",
    "Source",
    "Clé d'import",
    "État de synchronisation",
};
} // namespace

QString label(int column)
{
    return column >= 0 && column < Count ? QString::fromUtf8(kLabels[column]) : QString();
}

QStringList labels()
{
    QStringList result;
    result.reserve(Count);
    for (int c = 0; c < Count; ++c)
        result.append(label(c));
    return result;
}

QString platformSourceLabel()
{
    return QStringLiteral("Source de la donnée");
}

QString anonymousBeneficiaryName()
{
    return QStringLiteral("Bénéficiaire anonyme");
}

bool isHeaderRow(const QStringList &cells)
{
    if (cells.size() < 3)
        return false;
    for (int c = 0; c < 3; ++c) {
        if (cells.at(c).trimmed() != label(c))
            return false;
    }
    return true;
}

QString syncStateLabel(SyncState state)
{
    switch (state) {
    case SyncState::Pending:
        return QCoreApplication::translate("SyncStatus", "À envoyer");
    case SyncState::Sending:
        return QCoreApplication::translate("SyncStatus", "Envoi en cours");
    case SyncState::Sent:
        return QCoreApplication::translate("SyncStatus", "Envoyée");
    case SyncState::Conflict:
        return QCoreApplication::translate("SyncStatus", "Conflit à résoudre");
    case SyncState::Failed:
        return QCoreApplication::translate("SyncStatus", "Échec de l'envoi");
    }
    return QString();
}

bool syncStateFromLabel(const QString &label, SyncState *state)
{
    const QString key = FrenchText::folded(label);
    for (SyncState s :
        {SyncState::Pending, SyncState::Sending, SyncState::Sent, SyncState::Conflict, SyncState::Failed}) {
        if (key == FrenchText::folded(syncStateLabel(s))) {
            *state = s;
            return true;
        }
    }
    return false;
}

bool sourceFromText(const QString &text, QString *code)
{
    static const struct
    {
        const char *code;
        const char *labels[3];
    } kSources[] = {
        {ActivitySource::Carnet, {"Saisie Carnet", "Carnet", nullptr}},
        // buildAccompagnementsWorksheet.ts, "Source de la donnée": "La Coop de la médiation numérique (V2)" and
        // "Espace coop (V1)".
        {ActivitySource::Coop,
            {"La Coop", "La Coop de la médiation numérique (V2)", "La Coop de la médiation numérique"}},
        {ActivitySource::V1, {"Espace Coop (V1)", "Espace Coop", nullptr}},
        {ActivitySource::Tableur, {"Tableur", nullptr, nullptr}},
    };
    const QString key = FrenchText::folded(text);
    for (const auto &s : kSources) {
        bool match = key == QLatin1String(s.code);
        for (const char *l : s.labels)
            match = match || (l && key == FrenchText::folded(QString::fromUtf8(l)));
        if (match) {
            *code = QLatin1String(s.code);
            return true;
        }
    }
    return false;
}

} // namespace ActivityColumns
