#pragma once

#include "models/domain/Codes.h"
#include "models/domain/CommuneRef.h"

#include <QDate>
#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

// Anonymous participants of a workshop, counted by group. Each group (déjà accompagnés, genres, tranches d'âge,
// statuts) sums to at most the total; what a group does not account for is "non communiqué".
struct AnonymousCounters
{
    int total = 0;
    int dejaAccompagne = 0;
    QMap<QString, int> genre; // nomenclature code of "genre" -> count
    QMap<QString, int> trancheAge; // "tranche_age" code -> count
    QMap<QString, int> statutSocial; // "statut_social" code -> count

    bool operator==(const AnonymousCounters &o) const
    {
        return total == o.total && dejaAccompagne == o.dejaAccompagne && genre == o.genre && trancheAge == o.trancheAge
            && statutSocial == o.statutSocial;
    }
    bool operator!=(const AnonymousCounters &o) const { return !(*this == o); }
};

// The person of an individual activity when not a followed beneficiary. Every field is optional.
struct AnonymousPerson
{
    QString genre;
    QString trancheAge;
    int anneeNaissance = 0; // 0 when unknown
    QString statutSocial;
    CommuneRef communeResidence;
    std::optional<bool> dejaAccompagne;

    bool operator==(const AnonymousPerson &o) const
    {
        return genre == o.genre && trancheAge == o.trancheAge && anneeNaissance == o.anneeNaissance
            && statutSocial == o.statutSocial && communeResidence == o.communeResidence
            && dejaAccompagne == o.dejaAccompagne;
    }
    bool operator!=(const AnonymousPerson &o) const { return !(*this == o); }
};

// Where an activity comes from (the activites.source column). The statistics filter on it as the platform's "source"
// filter does (activitesFiltersSqlWhereConditions.ts: "v1" = act.v1_cra_id IS NOT NULL, the Espace Coop archive).
namespace ActivitySource {
inline constexpr char Carnet[] = "carnet"; // typed in Carnet (the default)
inline constexpr char Coop[] = "coop"; // imported from La Coop (its activities export or its API)
inline constexpr char V1[] = "v1"; // the former Espace Coop (2020-2024), through v1_espace_coop_mapping
inline constexpr char Tableur[] = "tableur"; // a spreadsheet of the mediator's own, through a column mapping
} // namespace ActivitySource

// Where an activity stands with the national platform.
enum class SyncState { Pending = 0, Sending = 1, Sent = 2, Conflict = 3, Failed = 4 };

// One activity report (CRA), individual or collective, with every field of the national platform's model.
// Codes are the nomenclature's values (resources/nomenclature.json); labels come from Nomenclature.
struct Activity
{
    QUuid id;
    QString type; // Codes::TypeActivite
    QDate date;
    int dureeMinutes = 0;

    QString typeLieu; // a type_lieu code
    QUuid lieuId; // the place of activity when typeLieu is "lieu_activite"
    CommuneRef lieuCommune; // the commune otherwise

    QStringList thematiques; // médiation numérique and démarche codes, one list as on the platform
    QStringList materiel;
    QStringList tags;
    QString precisionsDemarche; // "Nom de la démarche administrative"
    QString notes;

    // Individual only.
    QString autonomie;
    std::optional<bool> orienteVersStructure;
    QString structureDeRedirection;
    QUuid beneficiaireId; // a followed beneficiary, or null for an anonymous person
    AnonymousPerson anonyme;

    // Collective only.
    QString titreAtelier;
    QString niveauAtelier;
    QList<QUuid> participants; // followed beneficiaries
    AnonymousCounters participantsAnonymes;

    // Where it comes from (ActivitySource), and for an imported row that carried no id of its own, the key that
    // recognises it when the same file is imported again (empty otherwise).
    QString source = QLatin1String(ActivitySource::Carnet);
    QString importKey;

    QDateTime creation; // UTC
    QDateTime modification; // UTC
    QDateTime suppression; // UTC, null unless deleted (soft delete)

    SyncState syncState = SyncState::Pending;
    QString serverVersion;

    bool isIndividuel() const { return type == QLatin1String(Codes::TypeActivite::Individuel); }
    bool isCollectif() const { return type == QLatin1String(Codes::TypeActivite::Collectif); }
    bool isDeleted() const { return suppression.isValid(); }
    bool hasDemarche() const;
    // Accompagnements as the platform counts them: 1 for an individual activity, the participants of a workshop.
    int accompagnements() const;

    // Field-by-field equality of what the user typed (timestamps and sync state aside).
    bool sameContent(const Activity &o) const;
};
