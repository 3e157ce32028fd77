#include "models/io/ActivityColumns.h"

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

} // namespace ActivityColumns
