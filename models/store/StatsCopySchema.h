#pragma once

#include <QString>
#include <QStringList>
#include <QtGlobal>

// The compact copy of the activities that the statistics read (schema 4, texts with postal codes since schema 5), kept
// by triggers on `activites`.
//
// `activites_stats` holds one row per non-deleted activity, clustered by day (PRIMARY KEY (jour, id), WITHOUT ROWID),
// with what the statistics read packed into a few integers:
// - jour: the julian day of the date (0 when the date cannot be read); id: the activity's id;
// - mesures: collectif (bit 0), a workshop with followed participants (bit 1: more accompagnements than anonymous
//   participants), duree (bits 2 to 12; it is under 1440), bits 13 to 26: a workshop's anonymous participants already
//   accompanied or, for an individual activity's anonymous person, 1 when already accompanied, accompagnements (from
//   bit 27);
// - codes_lieu: lieu | thematiques << 32, codes_usage: materiel | tags << 32, each the id of its text in
//   `stats_valeurs` (one row per distinct text of a kind): lieu is type_lieu, lieu_id, lieu_code_insee,
//   lieu_commune, lieu_code_postal and (since schema 6) source joined by Separator; thematiques, materiel and tags as
//   stored;
// - personne: for an individual activity, the id of its followed beneficiary's id (kind Personne) or, without one,
//   minus the id of its anonymous person (kind Anonyme: genre, tranche d'âge, année de naissance, statut, code INSEE,
//   commune, déjà accompagné ("", 0 or 1), code postal, joined by Separator); NULL for a workshop;
// - atelier: a workshop's anonymous counters of genre, tranche d'âge and statut as stored, then the followed
//   participants (their ids in stats_valeurs, kind Personne, comma-joined), joined by Separator; NULL for an individual
//   activity. Triggers on activite_participants keep the last part.
//
// A row is some 80 bytes where an activity takes about 450. The statistics read five small integers per activity and
// index what they decoded once, instead of converting and hashing the same texts on every row: that is what makes them
// fast on a large base. `carnet check` verifies that the copy is what `activites` holds (checkSql()).
namespace StatsCopySchema {

enum Kind { Lieu = 1, Thematiques = 2, Materiel = 3, Tags = 4, Personne = 5, Anonyme = 6 };

constexpr char Separator = '\x1f';
constexpr int SuivisShift = 1;
constexpr int DureeShift = 2;
constexpr qint64 DureeMask = 0x7FF;
constexpr int DejaShift = 13;
constexpr qint64 DejaMask = 0x3FFF;
constexpr int AccompagnementsShift = 27;
constexpr int HighShift = 32;
constexpr qint64 LowMask = 0xFFFFFFFF;

// The statements of schema 4: the tables, the triggers, and the copy of the existing activities; `version`: the schema
// whose form of the texts they make (the source in the text of a place from schema 6).
QStringList schemaStatements(int version);

// Schemas 5 and 6: the triggers and the texts made again in the form of `version`, and the copy rebuilt.
QStringList upgradeStatements(int version);

// Rows of `activites` missing from the copy or differing from it, then rows of the copy without their activity: id,
// date of the activity (or the copy's julian day), and "manquante" / "en trop".
QString checkSql();

// Rebuilds the copy from `activites` (the last statements of schemaStatements()), for a repair.
QStringList rebuildStatements();

// The bulk path (BulkWriter): the triggers it sets aside while it inserts a batch of activities and their participants
// (those that fire on an insert into activites or activite_participants), and the statements that then add the
// batch to the running counts and to the copy, set-wise; the batch is the rows of `activites` with a rowid above the
// bound value :avant.
QStringList bulkTriggers();
QStringList bulkStatements();

} // namespace StatsCopySchema
