#include "models/store/Migrations.h"

#include "models/store/StatsCopySchema.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <algorithm>

namespace {

// Version 1: the CRA data model of the national platform.
const char *const kVersion1[] = {
    "PRAGMA application_id = 1130459758", // Migrations::ApplicationId
    R"(CREATE TABLE profil (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        prenom TEXT NOT NULL DEFAULT '',
        nom TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL DEFAULT '',
        structure_nom TEXT NOT NULL DEFAULT '',
        structure_siret TEXT NOT NULL DEFAULT '',
        structure_adresse TEXT NOT NULL DEFAULT '',
        structure_code_insee TEXT NOT NULL DEFAULT '',
        structure_code_postal TEXT NOT NULL DEFAULT '',
        structure_commune TEXT NOT NULL DEFAULT '',
        modification TEXT NOT NULL))",
    R"(CREATE TABLE lieux (
        id TEXT PRIMARY KEY NOT NULL,
        nom TEXT NOT NULL,
        adresse TEXT NOT NULL DEFAULT '',
        code_insee TEXT NOT NULL DEFAULT '',
        code_postal TEXT NOT NULL DEFAULT '',
        commune TEXT NOT NULL DEFAULT '',
        archive INTEGER NOT NULL DEFAULT 0 CHECK (archive IN (0, 1)),
        creation TEXT NOT NULL,
        modification TEXT NOT NULL))",
    R"(CREATE TABLE beneficiaires (
        id TEXT PRIMARY KEY NOT NULL,
        prenom TEXT NOT NULL DEFAULT '',
        nom TEXT NOT NULL DEFAULT '',
        telephone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        annee_naissance INTEGER NOT NULL DEFAULT 0,
        genre TEXT NOT NULL DEFAULT '',
        tranche_age TEXT NOT NULL DEFAULT '',
        statut_social TEXT NOT NULL DEFAULT '',
        code_insee TEXT NOT NULL DEFAULT '',
        code_postal TEXT NOT NULL DEFAULT '',
        commune TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        creation TEXT NOT NULL,
        modification TEXT NOT NULL,
        suppression TEXT))",
    // Lists of codes (thematiques, materiel) are stored comma-joined in display order; tags as a JSON array;
    // anonymous counters of a workshop as "code:count" comma-joined. accompagnements is derived (1 for an individual
    // activity, the participants of a workshop) and checked by `carnet check`.
    R"(CREATE TABLE activites (
        id TEXT PRIMARY KEY NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('individuel', 'collectif')),
        date TEXT NOT NULL,
        duree INTEGER NOT NULL CHECK (duree > 0 AND duree < 1440),
        type_lieu TEXT NOT NULL,
        lieu_id TEXT REFERENCES lieux (id),
        lieu_code_insee TEXT NOT NULL DEFAULT '',
        lieu_code_postal TEXT NOT NULL DEFAULT '',
        lieu_commune TEXT NOT NULL DEFAULT '',
        thematiques TEXT NOT NULL,
        materiel TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        precisions_demarche TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        autonomie TEXT NOT NULL DEFAULT '',
        oriente INTEGER CHECK (oriente IN (0, 1)),
        structure_redirection TEXT NOT NULL DEFAULT '',
        beneficiaire_id TEXT REFERENCES beneficiaires (id) ON DELETE SET NULL,
        anon_genre TEXT NOT NULL DEFAULT '',
        anon_tranche_age TEXT NOT NULL DEFAULT '',
        anon_annee_naissance INTEGER NOT NULL DEFAULT 0,
        anon_statut_social TEXT NOT NULL DEFAULT '',
        anon_code_insee TEXT NOT NULL DEFAULT '',
        anon_code_postal TEXT NOT NULL DEFAULT '',
        anon_commune TEXT NOT NULL DEFAULT '',
        anon_deja_accompagne INTEGER CHECK (anon_deja_accompagne IN (0, 1)),
        titre_atelier TEXT NOT NULL DEFAULT '',
        niveau_atelier TEXT NOT NULL DEFAULT '',
        participants_anonymes INTEGER NOT NULL DEFAULT 0 CHECK (participants_anonymes BETWEEN 0 AND 10000),
        participants_deja_accompagnes INTEGER NOT NULL DEFAULT 0,
        participants_genre TEXT NOT NULL DEFAULT '',
        participants_tranche_age TEXT NOT NULL DEFAULT '',
        participants_statut_social TEXT NOT NULL DEFAULT '',
        accompagnements INTEGER NOT NULL CHECK (accompagnements >= 1),
        creation TEXT NOT NULL,
        modification TEXT NOT NULL,
        suppression TEXT))",
    "CREATE INDEX activites_date ON activites (date)",
    R"(CREATE TABLE activite_participants (
        activite_id TEXT NOT NULL REFERENCES activites (id) ON DELETE CASCADE,
        beneficiaire_id TEXT NOT NULL REFERENCES beneficiaires (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (activite_id, beneficiaire_id)) WITHOUT ROWID)",
    "CREATE INDEX activite_participants_beneficiaire ON activite_participants (beneficiaire_id)",
};

// Version 2: per-activity synchronisation state with the national platform (0 pending, 1 sending, 2 sent,
// 3 conflict, 4 failed), the version the server last confirmed, and when.
const char *const kVersion2[] = {
    "ALTER TABLE activites ADD COLUMN sync_state INTEGER NOT NULL DEFAULT 0 CHECK (sync_state BETWEEN 0 AND 4)",
    "ALTER TABLE activites ADD COLUMN server_version TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE activites ADD COLUMN synced_at TEXT",
    "CREATE INDEX activites_unsynced ON activites (sync_state) WHERE sync_state <> 2",
};

// Version 3: running counts of activities by type, deletion and sync state, kept by triggers, so that the window's
// status bar and `carnet info` answer at once on a million activities (a count(*) reads the whole table); and an
// index for a followed beneficiary's activities.
const char *const kVersion3[] = {
    R"(CREATE TABLE activites_compteurs (
        type TEXT NOT NULL,
        supprime INTEGER NOT NULL,
        sync_state INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (type, supprime, sync_state)) WITHOUT ROWID)",
    R"(INSERT INTO activites_compteurs (type, supprime, sync_state, n)
        SELECT type, suppression IS NOT NULL, sync_state, count(*) FROM activites GROUP BY 1, 2, 3)",
    R"(CREATE TRIGGER activites_compteurs_insert AFTER INSERT ON activites BEGIN
        INSERT INTO activites_compteurs (type, supprime, sync_state, n)
            VALUES (NEW.type, NEW.suppression IS NOT NULL, NEW.sync_state, 1)
            ON CONFLICT (type, supprime, sync_state) DO UPDATE SET n = n + 1;
    END)",
    R"(CREATE TRIGGER activites_compteurs_delete AFTER DELETE ON activites BEGIN
        UPDATE activites_compteurs SET n = n - 1
            WHERE type = OLD.type AND supprime = (OLD.suppression IS NOT NULL) AND sync_state = OLD.sync_state;
    END)",
    R"(CREATE TRIGGER activites_compteurs_update AFTER UPDATE OF type, suppression, sync_state ON activites
        WHEN OLD.type IS NOT NEW.type OR (OLD.suppression IS NULL) <> (NEW.suppression IS NULL)
            OR OLD.sync_state <> NEW.sync_state
    BEGIN
        UPDATE activites_compteurs SET n = n - 1
            WHERE type = OLD.type AND supprime = (OLD.suppression IS NOT NULL) AND sync_state = OLD.sync_state;
        INSERT INTO activites_compteurs (type, supprime, sync_state, n)
            VALUES (NEW.type, NEW.suppression IS NOT NULL, NEW.sync_state, 1)
            ON CONFLICT (type, supprime, sync_state) DO UPDATE SET n = n + 1;
    END)",
    "CREATE INDEX activites_beneficiaire ON activites (beneficiaire_id) WHERE beneficiaire_id IS NOT NULL",
};

// Version 6: where an activity comes from (ActivitySource codes: carnet, coop, v1, tableur) and, for an imported row
// that carried no id of its own, the key that recognises it when the same file is imported again (one activity per
// non-empty key). The statistics' copy carries the source in the text of its place (StatsCopySchema.h).
const char *const kVersion6[] = {
    "ALTER TABLE activites ADD COLUMN source TEXT NOT NULL DEFAULT 'carnet'",
    "ALTER TABLE activites ADD COLUMN cle_import TEXT NOT NULL DEFAULT ''",
    "CREATE UNIQUE INDEX activites_cle_import ON activites (cle_import) WHERE cle_import <> ''",
};

// Version 7: the sync ledger (models/store/SyncLedger.h). Places and followed beneficiaries get a sync state and a
// server version like activities. Each of the three tables counts its row's local changes (sync_change): a trigger
// adds one whenever a row is written with sync_state 0 (every local write; the sync engine writes the other states),
// so that a confirmation counts only for the change that was sent, and drops the row's retry record (an edit resets
// the retries and unblocks an item refused for good). The outbox is the rows not in state 2 (sent): nothing is
// written for a new row, so bulk inserts cost nothing more. sync_envoi keeps the attempts of the rows that have been
// tried; the cursors of the incremental reads and the conflicts (the server's copy, kept until resolved) have their
// tables.
const char *const kVersion7[] = {
    "ALTER TABLE lieux ADD COLUMN sync_state INTEGER NOT NULL DEFAULT 0 CHECK (sync_state BETWEEN 0 AND 4)",
    "ALTER TABLE lieux ADD COLUMN server_version TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE beneficiaires ADD COLUMN sync_state INTEGER NOT NULL DEFAULT 0 CHECK (sync_state BETWEEN 0 AND 4)",
    "ALTER TABLE beneficiaires ADD COLUMN server_version TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE lieux ADD COLUMN sync_change INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE beneficiaires ADD COLUMN sync_change INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE activites ADD COLUMN sync_change INTEGER NOT NULL DEFAULT 1",
    R"(CREATE TABLE sync_envoi (
        genre TEXT NOT NULL CHECK (genre IN ('lieu', 'beneficiaire', 'activite')),
        id TEXT NOT NULL,
        changement INTEGER NOT NULL,
        tentatives INTEGER NOT NULL DEFAULT 0,
        prochain TEXT NOT NULL DEFAULT '',
        tente TEXT NOT NULL DEFAULT '',
        erreur TEXT NOT NULL DEFAULT '',
        bloque INTEGER NOT NULL DEFAULT 0 CHECK (bloque IN (0, 1)),
        PRIMARY KEY (genre, id)) WITHOUT ROWID)",
    R"(CREATE TABLE sync_curseurs (
        genre TEXT PRIMARY KEY NOT NULL CHECK (genre IN ('lieu', 'beneficiaire', 'activite')),
        curseur TEXT NOT NULL,
        lu TEXT NOT NULL) WITHOUT ROWID)",
    R"(CREATE TABLE sync_conflits (
        genre TEXT NOT NULL CHECK (genre IN ('lieu', 'beneficiaire', 'activite')),
        id TEXT NOT NULL,
        version TEXT NOT NULL,
        serveur TEXT NOT NULL,
        detecte TEXT NOT NULL,
        PRIMARY KEY (genre, id)) WITHOUT ROWID)",
};

// The change counters' triggers, one per table. The nested UPDATE sets only sync_change, which no other trigger
// follows, and leaves sync_change different from OLD's, so that it never fires this one again.
QStringList changeTriggers()
{
    QStringList s;
    const std::pair<const char *, const char *> tables[]
        = {{"lieux", "lieu"}, {"beneficiaires", "beneficiaire"}, {"activites", "activite"}};
    for (const auto &[table, kind] : tables) {
        s << QStringLiteral("CREATE TRIGGER %1_sync_change AFTER UPDATE ON %1 WHEN NEW.sync_state = 0 AND "
                            "NEW.sync_change = OLD.sync_change BEGIN UPDATE %1 SET sync_change = OLD.sync_change + 1 "
                            "WHERE rowid = NEW.rowid; DELETE FROM sync_envoi WHERE genre = '%2' AND id = NEW.id; END")
                 .arg(QLatin1String(table), QLatin1String(kind));
    }
    return s;
}

template <std::size_t N> QStringList toList(const char *const (&statements)[N])
{
    QStringList list;
    for (const char *s : statements)
        list.append(QString::fromUtf8(s));
    return list;
}

QStringList stepsOf(int version)
{
    switch (version) {
    case 1:
        return toList(kVersion1);
    case 2:
        return toList(kVersion2);
    case 3:
        return toList(kVersion3);
    case 4:
        // Version 4: the compact copy of the activities that the statistics read (see StatsCopySchema.h).
        return StatsCopySchema::schemaStatements(4);
    case 5:
        // Version 5: the copy's places and anonymous people carry their postal code ("Commune · code postal").
        return StatsCopySchema::upgradeStatements(5);
    case 6:
        return toList(kVersion6) + StatsCopySchema::upgradeStatements(6);
    case 7:
        return toList(kVersion7) + changeTriggers();
    default:
        return {};
    }
}

QString tr(const char *text)
{
    return QCoreApplication::translate("Migrations", text);
}
} // namespace

namespace Migrations {

bool migrate(QSqlDatabase &db, int from, QString *error, int to)
{
    if (from >= to)
        return true;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        const int code = q.lastError().nativeErrorCode().toInt() & 0xff;
        *error = code == 5 || code == 6
            ? tr("La base est occupée par un autre programme : Carnet ne peut pas la mettre à jour pour l'instant. "
                 "Réessayez dans un instant ; rien n'a été modifié.")
            : tr("Impossible de mettre à jour la base de données (détail technique : %1).").arg(q.lastError().text());
        return false;
    }
    // The version read again under the write lock: another process starting on the same base at the same moment may
    // have migrated it meanwhile (two windows opened at once on a new base).
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
        *error = tr("Impossible de lire la version de la base de données : %1").arg(q.lastError().text());
        q.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    from = std::max(from, q.value(0).toInt());
    q.finish();
    if (from >= to)
        return q.exec(QStringLiteral("COMMIT"));
    for (int version = from + 1; version <= to; ++version) {
        const QStringList steps = stepsOf(version);
        for (const QString &sql : steps) {
            if (!q.exec(sql)) {
                *error = tr("La mise à jour de la base vers la version %1 a échoué : %2")
                             .arg(version)
                             .arg(q.lastError().text());
                q.exec(QStringLiteral("ROLLBACK"));
                return false;
            }
        }
    }
    if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(to)) || !q.exec(QStringLiteral("COMMIT"))) {
        *error = tr("La mise à jour de la base n'a pas pu être enregistrée : %1").arg(q.lastError().text());
        q.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    return true;
}

} // namespace Migrations
