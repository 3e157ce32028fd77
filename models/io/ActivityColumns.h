#pragma once

#include <QString>
#include <QStringList>

enum class SyncState; // models/domain/Activity.h

// The columns of Carnet's activities file (CSV and XLSX), the contract between ActivityExporter and the importers:
// first the platform's own columns, in its order and with its labels, as its self export writes them
// (apps/web/src/features/activites/use-cases/list/export/buildAccompagnementsWorksheet.ts, isSelfExport, without the
// "Source de la donnée" column it adds when the mediator has Espace Coop activities), then Carnet's columns, which
// make a round trip lossless. One row per accompagnement: a workshop gives one row per participant (followed ones
// first, with their id, then the anonymous ones dealt from the counters as
// createBeneficiairesForParticipantsAnonymes.ts deals them, in the nomenclature's order instead of a shuffle), so
// counting the rows back gives the counters again.
//
// Values:
// - Date: jj/mm/aaaa in CSV, a real date in XLSX. Enregistré le / Dernière modification le: "jj/mm/aaaa à HH:mm"
//   (local time; the latter empty when equal to the former).
// - Type, Canaux, Matériel, Thématique(s), Genre, Tranche d'âge, Statut, Structure de redirection: the nomenclature's
//   labels (Nomenclature::label); several values in one cell are separated by a line break ("\n"), as the platform
//   does. Tags: their names, one a line.
// - Participants: 1 for an individual activity, "i/n" for the i-th of n participants of a workshop (in CSV "i / n",
//   which a spreadsheet does not take for a date as it takes "1/5": TableWriter::fraction).
// - Bénéficiaire: "Prénom Nom" of a followed beneficiary, "Bénéficiaire anonyme" otherwise.
// - Durée (min): a number. Niveau d'autonomie (ou de l'atelier): "étoiles/3" ("2 / 3" in CSV). Bénéficiaire réorienté:
// Oui, Non or empty.
// - Notes supplémentaires: on the first row of an activity only. ID CRA: the activity's UUID (without braces), the
//   same on every row of a workshop.
// - Carnet's columns: ID bénéficiaire suivi (UUID, empty for an anonymous one), ID lieu (UUID of the place of
//   activity, empty otherwise), Année de naissance (a number or empty), Déjà accompagné (oui, non or empty), Source
//   (an ActivitySource code), Clé d'import, État de synchronisation (the activity's SyncState as the list of activities
//   shows it: syncStateLabel). The last was added later: a file without it still imports (its activities from the
//   platform, source coop or v1, are then taken as sent, the others as to be sent).
// Above the header row: a header block (title rows in bold, "label; value" rows), then an empty row. A reader finds
// the header row by its first cells (isHeaderRow), not by its line number.
namespace ActivityColumns {

enum Column {
    // The platform's columns.
    Date,
    EnregistreLe,
    DerniereModification,
    Type,
    Participants,
    Beneficiaire,
    Canaux,
    NomLieu,
    Adresse,
    Commune,
    CodePostal,
    CodeInsee,
    Duree,
    NomAtelier,
    Materiel,
    Thematiques,
    Tags,
    NomDemarche,
    Autonomie,
    Reoriente,
    StructureRedirection,
    CommuneBeneficiaire,
    CodePostalBeneficiaire,
    CodeInseeBeneficiaire,
    GenreBeneficiaire,
    TrancheAgeBeneficiaire,
    StatutBeneficiaire,
    Notes,
    IdCra,
    // Carnet's columns.
    IdBeneficiaireSuivi,
    IdLieu,
    AnneeNaissance,
    DejaAccompagne,
    Source,
    CleImport,
    EtatSynchronisation, // added after the others: new columns go at the end, so that older files still import
    Count
};

constexpr int PlatformCount = IdCra + 1;

// The label of a column, as written in the header row.
QString label(int column);
// Every label, in the file's order.
QStringList labels();
// The column the platform inserts before "ID CRA" when the mediator has Espace Coop (v1) activities (its values
// "Espace coop (V1)" and "La Coop de la médiation numérique (V2)"); Carnet does not write it (Source says the same).
QString platformSourceLabel();
// What the platform writes in "Bénéficiaire" for an anonymous person (displayNameFromIdentity).
QString anonymousBeneficiaryName();
// True when these cells are the header row of an activities file (its first three labels: Date, Enregistré le,
// Dernière modification le), Carnet's or the platform's.
bool isHeaderRow(const QStringList &cells);
// The French label of a sync state, as the list of activities shows it (SyncStatus::label gives the same): "À
// envoyer", "Envoyée"...
QString syncStateLabel(SyncState state);
// The sync state of a label of syncStateLabel (case, accents and spaces aside); false when it is none.
bool syncStateFromLabel(const QString &label, SyncState *state);
// The ActivitySource code of a "Source" cell: a code ("carnet", "coop", "v1", "tableur") or its French label ("Saisie
// Carnet", "La Coop", "Espace Coop (V1)", "Tableur", as the statistics' source filter names them, and the platform's
// "Source de la donnée" values); false when it is neither.
bool sourceFromText(const QString &text, QString *code);

// The separator of several values in one cell.
inline QChar valueSeparator()
{
    return QLatin1Char('\n');
}

} // namespace ActivityColumns
