#include "models/store/Store.h"

#include "models/domain/Validator.h"
#include "models/store/Backups.h"
#include "models/store/Connection.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/Migrations.h"
#include "models/store/PrivateFiles.h"
#include "models/store/StatsCopySchema.h"
#include "models/store/StoreRows.h"
#include "models/store/WriteTransaction.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

using namespace StoreRows;

Store::Store(const Clock &clock)
    : m_clock(clock)
{
    m_connectionName = Connection::uniqueName(QStringLiteral("carnet-store"));
}

Store::~Store()
{
    close();
}

QSqlDatabase Store::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool Store::isOpen() const
{
    return database().isOpen();
}

void Store::close()
{
    Connection::remove(m_connectionName);
}

namespace {
// The first bytes of every SQLite 3 file.
bool hasSqliteHeader(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return true; // unreadable: the driver's open says why
    return file.read(16) == QByteArray("SQLite format 3", 16);
}

qint64 sizeOf(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() ? info.size() : -1;
}
} // namespace

QString Store::orphanJournal(const QString &filePath)
{
    const QString wal = filePath + QLatin1String("-wal");
    if (sizeOf(filePath) > 0 || sizeOf(wal) <= 0)
        return QString();
    return tr("Le fichier « %1 » est vide ou absent mais son journal « %2 » contient des données : Carnet ne le prend "
              "pas pour une base neuve et n'y touche pas (l'ouvrir effacerait ce journal). Ne supprimez pas ce "
              "journal : restaurez une sauvegarde (« carnet restaurer », qui garde ces deux fichiers de côté) ou "
              "confiez-les à une personne qui saura les examiner.")
        .arg(QDir::toNativeSeparators(filePath), QDir::toNativeSeparators(wal));
}

bool Store::open(const QString &filePath, QString *error, const OpenOptions &options)
{
    close();
    m_filePath = QFileInfo(filePath).absoluteFilePath();
    m_privacyNotice.clear();
    m_readOnly = false;
    m_readOnlyReason.clear();
    m_damage.clear();
    m_openBusy = false;
    const QFileInfo info(m_filePath);
    const QString folder = info.absolutePath();

    // Before anything else: SQLite would delete a WAL whose base is empty or missing.
    if (const QString orphan = orphanJournal(m_filePath); !orphan.isEmpty()) {
        *error = orphan;
        return false;
    }
    // A zero-byte file is a base being created: only where creating is asked for.
    if ((!info.exists() || info.size() == 0) && !options.create) {
        *error = QFileInfo(folder).isDir()
            ? tr("Le dossier « %1 » ne contient pas de base Carnet (%2). Vérifiez le dossier donné à --data-dir "
                 "ou dans CARNET_DATA_DIR.")
                  .arg(folder, QLatin1String(FileName))
            : tr("Le dossier « %1 » n'existe pas. Vérifiez le dossier donné à --data-dir ou dans CARNET_DATA_DIR.")
                  .arg(folder);
        return false;
    }
    if (info.exists() && info.isDir()) {
        *error = tr("« %1 » est un dossier, pas une base Carnet.").arg(m_filePath);
        return false;
    }
    // What the file holds, before SQLite touches it.
    const qint64 size = sizeOf(m_filePath);
    if (size > 0 && (size < 100 || !hasSqliteHeader(m_filePath))) {
        *error = tr("Le fichier « %1 » est endommagé ou n'est pas une base Carnet (son en-tête n'est pas celui "
                    "d'une base SQLite). Rien n'a été modifié ; restaurez une sauvegarde avec « carnet restaurer ».")
                     .arg(m_filePath);
        return false;
    }

    // Can this account write here? A read-only file or folder is opened read-only, and said so.
    const bool folderExists = QFileInfo(folder).isDir();
    const bool folderWritable = folderExists && QFileInfo(folder).isWritable();
    if (folderExists && !folderWritable && !info.exists()) {
        *error = tr("Le dossier « %1 » est en lecture seule et ne contient pas de base Carnet : rien n'a été créé.")
                     .arg(folder);
        return false;
    }
    if (info.exists() && !info.isWritable()) {
        m_readOnly = true;
        m_readOnlyReason = tr("Le fichier « %1 » est en lecture seule : vous pouvez consulter vos activités, pas "
                              "en enregistrer.")
                               .arg(m_filePath);
    } else if (info.exists() && !folderWritable) {
        m_readOnly = true;
        m_readOnlyReason = tr("Le dossier « %1 » est en lecture seule : vous pouvez consulter vos activités, pas "
                              "en enregistrer.")
                               .arg(folder);
    }
    if (!m_readOnly) {
        if (!PrivateFiles::makeFolder(folder, &m_privacyNotice, error))
            return false;
        // The base and its journals (SQLite gives -wal and -shm the mode of the base) for this account only.
        if (!info.exists()) {
            QFile create(m_filePath);
            if (!create.open(QIODevice::WriteOnly)) {
                *error = tr("Impossible de créer la base « %1 » : %2").arg(m_filePath, create.errorString());
                return false;
            }
            create.close();
        }
        for (const char *suffix : {"", "-wal", "-shm"})
            PrivateFiles::makeFile(m_filePath + QLatin1String(suffix));
    }

    // openConnection checks the base (quick_check) before it changes anything in it (journal, migration); a damaged
    // one is then opened again, read-only.
    bool ok = openConnection(options, error);
    if (ok && !m_readOnly && !m_damage.isEmpty()) {
        m_readOnly = true;
        m_readOnlyReason = tr("La base « %1 » est endommagée : Carnet l'a ouverte en lecture seule pour ne rien "
                              "abîmer de plus. Restaurez une sauvegarde ou récupérez ce qui est lisible "
                              "(« carnet restaurer », « carnet recuperer »).")
                               .arg(m_filePath);
        Connection::remove(m_connectionName);
        ok = openConnection(options, error);
    }
    if (ok && m_busyWait)
        setBusyWait(m_busyWait);
    if (!ok)
        close();
    return ok;
}

bool Store::openConnection(const OpenOptions &options, QString *error)
{
    QString message;
    QSqlDatabase db = Connection::open(m_connectionName, m_filePath,
        m_readOnly ? Connection::Mode::ReadOnly : Connection::Mode::ReadWrite, &message, options.busyTimeoutMs);
    if (m_readOnly && db.isOpen()) {
        // A WAL base in a folder nothing can write, without its -shm: SQLite cannot share it; read it as immutable.
        QSqlQuery probe(db);
        const bool readable = probe.exec(QStringLiteral("PRAGMA user_version"));
        const int code = probe.lastError().nativeErrorCode().toInt() & 0xff;
        probe.finish();
        probe = QSqlQuery();
        if (!readable && code != 5 && code != 6 && QFileInfo(m_filePath).absoluteDir().exists()
            && !QFileInfo(QFileInfo(m_filePath).absolutePath()).isWritable()) {
            db = QSqlDatabase();
            Connection::remove(m_connectionName);
            db = Connection::open(
                m_connectionName, m_filePath, Connection::Mode::Immutable, &message, options.busyTimeoutMs);
        }
    }
    if (!db.isOpen()) {
        *error = tr("Impossible d'ouvrir « %1 » : %2").arg(m_filePath, message);
        return false;
    }
    QSqlQuery q(db);
    const auto pragma = [&](const QString &sql) -> QVariant {
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    };
    // Look before changing anything: a file that is not ours, or is from a newer Carnet, stays untouched. One
    // statement, so that a base another program holds locked waits the busy timeout once.
    // A locked base is retried in short steps up to options.busyTimeoutMs (the driver may step a failing statement
    // twice, each waiting the whole busy timeout).
    QVariant appId;
    int version = 0;
    int tables = 0;
    int code = 0;
    q.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(Connection::ShortBusyTimeoutMs));
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        if (q.exec(QStringLiteral("SELECT a.application_id, v.user_version, (SELECT count(*) FROM sqlite_schema) "
                                  "FROM pragma_application_id a, pragma_user_version v"))
            && q.next()) {
            appId = q.value(0);
            version = q.value(1).toInt();
            tables = q.value(2).toInt();
            break;
        }
        code = q.lastError().nativeErrorCode().toInt() & 0xff;
        if ((code != 5 && code != 6) || waited.elapsed() >= options.busyTimeoutMs)
            break;
    }
    q.finish();
    q.exec(QStringLiteral("PRAGMA busy_timeout = %1").arg(options.busyTimeoutMs));
    if (!appId.isValid()) {
        m_openBusy = code == 5 || code == 6;
        if (m_openBusy)
            *error = tr("La base « %1 » est occupée par un autre programme, qui la garde verrouillée : Carnet ne "
                        "peut pas la lire pour l'instant. Fermez ce programme, ou réessayez dans un instant.")
                         .arg(m_filePath);
        else if (code == 26 || code == 11)
            *error = tr("Le fichier « %1 » est endommagé ou n'est pas une base Carnet. Rien n'a été modifié ; "
                        "restaurez une sauvegarde avec « carnet restaurer ».")
                         .arg(m_filePath);
        else
            *error = describe(q.lastError());
        return false;
    }
    if (appId.toInt() != Migrations::ApplicationId && (appId.toInt() != 0 || tables > 0)) {
        *error = tr("Le fichier « %1 » est une base SQLite qui n'a pas été créée par Carnet.").arg(m_filePath);
        return false;
    }
    if (version > Migrations::LatestVersion) {
        *error = tr("Cette base de données a été créée par une version plus récente de Carnet "
                    "(schéma %1, cette version connaît le schéma %2 au plus). Installez la dernière "
                    "version de Carnet pour l'ouvrir ; vos données n'ont pas été modifiées.")
                     .arg(version)
                     .arg(Migrations::LatestVersion);
        return false;
    }
    q.finish();
    // Checked before anything is written into it (journal mode, the copy and the migration below).
    if (options.quickCheckMs > 0 && m_damage.isEmpty())
        m_damage = quickCheck(options.quickCheckMs);
    if (!m_damage.isEmpty() && !m_readOnly)
        return true; // open() opens it again, read-only
    if (m_readOnly) {
        if (version < Migrations::LatestVersion) {
            *error = m_damage.isEmpty()
                ? tr("La base « %1 » est d'une version plus ancienne de Carnet (schéma %2) et ne peut pas être "
                     "mise à jour en lecture seule. %3")
                      .arg(m_filePath)
                      .arg(version)
                      .arg(m_readOnlyReason)
                : tr("La base « %1 » est endommagée et d'une version plus ancienne de Carnet (schéma %2) : Carnet "
                     "ne la met pas à jour. Récupérez ce qui est lisible (« carnet recuperer ») ou restaurez une "
                     "sauvegarde (« carnet restaurer ») ; rien n'a été modifié.")
                      .arg(m_filePath)
                      .arg(version);
            return false;
        }
        return true;
    }
    const QString mode = pragma(QStringLiteral("PRAGMA journal_mode = WAL")).toString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        code = q.lastError().nativeErrorCode().toInt() & 0xff;
        m_openBusy = code == 5 || code == 6;
        *error = mode.isEmpty()
            ? describe(q.lastError())
            : tr("La base « %1 » n'a pas pu passer en journal WAL (mode obtenu : « %2 »).").arg(m_filePath, mode);
        return false;
    }
    // In WAL mode, FULL syncs the WAL at every commit: a save reported as done is on disk (survives a power cut).
    q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
    if (pragma(QStringLiteral("PRAGMA synchronous")).toInt() != 2) {
        *error = tr("La base « %1 » n'a pas pu être réglée pour écrire chaque enregistrement sur le disque.")
                     .arg(m_filePath);
        return false;
    }
    if (pragma(QStringLiteral("PRAGMA foreign_keys")).toInt() != 1) {
        *error = tr("Les clés étrangères de SQLite n'ont pas pu être activées.");
        return false;
    }
    q.finish();
    if (version < Migrations::LatestVersion) {
        // Another program writing: said as busy (the window offers to try again), before any copy is made.
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            code = q.lastError().nativeErrorCode().toInt() & 0xff;
            m_openBusy = code == 5 || code == 6;
            *error = m_openBusy ? tr("La base « %1 » est occupée par un autre programme : Carnet ne peut pas la mettre "
                                     "à jour pour l'instant. Fermez ce programme, ou réessayez dans un instant.")
                                      .arg(m_filePath)
                                : describe(q.lastError());
            return false;
        }
        q.exec(QStringLiteral("ROLLBACK"));
        // A copy of the base as it was, before its schema changes (none for a new, empty base).
        if (version > 0 && !Backups::beforeMigration(db, m_filePath, version, error))
            return false;
        if (!Migrations::migrate(db, version, error))
            return false;
    }
    return true;
}

QStringList Store::quickCheck(int budgetMs) const
{
    QStringList problems;
    QSqlDatabase db = database();
    sqlite3 *handle = Connection::handle(db);
    QElapsedTimer timer;
    timer.start();
    struct Budget
    {
        QElapsedTimer *timer;
        int ms;
    } budget{&timer, budgetMs};
    // A large base is checked as far as the budget allows (a few hundred megabytes a second): the rest is left to
    // `carnet check`. Without the handle (a Qt with its own SQLite), the whole check runs.
    if (handle)
        sqlite3_progress_handler(
            handle, 10000,
            [](void *data) {
                const auto *b = static_cast<const Budget *>(data);
                return b->timer->elapsed() > b->ms ? 1 : 0;
            },
            &budget);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (q.exec(QStringLiteral("PRAGMA quick_check(20)"))) {
        while (q.next()) {
            const QString line = q.value(0).toString();
            if (line != QLatin1String("ok"))
                problems.append(IntegrityChecker::describeSqliteProblems(line));
        }
    } else {
        const int code = q.lastError().nativeErrorCode().toInt() & 0xff;
        if (code == 11 || code == 26) // corrupt, not a database (SQLITE_INTERRUPT, 9, is the budget: not a problem)
            problems.append(describe(q.lastError()));
    }
    q.finish();
    if (handle)
        sqlite3_progress_handler(handle, 0, nullptr, nullptr);
    return problems;
}

void Store::setBusyWait(std::function<bool(int waitedMs)> wait)
{
    m_busyWait = std::move(wait);
    QSqlQuery q(database());
    q.exec(QStringLiteral("PRAGMA busy_timeout = %1")
               .arg(m_busyWait ? Connection::ShortBusyTimeoutMs : Connection::BusyTimeoutMs));
}

void Store::setRedoableCommits()
{
    QSqlQuery q(database());
    q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
    m_redoable = true;
}

int Store::schemaVersion() const
{
    QSqlQuery q(database());
    return q.exec(QStringLiteral("PRAGMA user_version")) && q.next() ? q.value(0).toInt() : -1;
}

QString Store::describe(const QSqlError &error) const
{
    const int code = error.nativeErrorCode().toInt() & 0xff; // primary result code of an extended one
    switch (code) {
    case 13: // SQLITE_FULL
        m_lastCause = tr("Le disque est plein (base « %1 »). Libérez de la place puis réessayez.").arg(m_filePath);
        return tr("Le disque est plein : rien n'a été enregistré dans « %1 ». Libérez de la place puis réessayez.")
            .arg(m_filePath);
    case 8: // SQLITE_READONLY
    case 3: // SQLITE_PERM
        m_lastCause = m_readOnlyReason.isEmpty() ? tr("La base « %1 » est en lecture seule.").arg(m_filePath)
                                                 : m_readOnlyReason;
        return tr("Rien n'a été enregistré. %1").arg(m_lastCause);
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        m_lastCause = tr("La base « %1 » est occupée par un autre programme.").arg(m_filePath);
        return tr("La base « %1 » est occupée par un autre programme : rien n'a été enregistré. Réessayez dans un "
                  "instant.")
            .arg(m_filePath);
    case 10: // SQLITE_IOERR
        m_lastCause = tr("Erreur d'écriture sur le disque pour « %1 ».").arg(m_filePath);
        return tr("Erreur d'écriture sur le disque pour « %1 » : rien n'a été enregistré.").arg(m_filePath);
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        m_lastCause = tr("La base « %1 » est endommagée. Lancez « carnet check », puis restaurez une sauvegarde "
                         "(« carnet restaurer ») ou récupérez ce qui est lisible (« carnet recuperer »).")
                          .arg(m_filePath);
        return m_lastCause;
    case 14: // SQLITE_CANTOPEN
        m_lastCause = tr("Le fichier « %1 » ne peut pas être ouvert (dossier absent, droits insuffisants ou disque "
                         "retiré).")
                          .arg(m_filePath);
        return m_lastCause;
    case 19: // SQLITE_CONSTRAINT
        m_lastCause = tr("Enregistrement refusé par la base « %1 » : donnée incohérente (détail technique : %2).")
                          .arg(m_filePath, error.databaseText());
        return m_lastCause;
    default:
        m_lastCause = tr("Erreur de la base « %1 » (détail technique : %2).").arg(m_filePath, error.text());
        return m_lastCause;
    }
}

bool Store::prepare(QSqlQuery &query, const QString &sql, QString *error) const
{
    if (query.prepare(sql))
        return true;
    *error = describe(query.lastError());
    return false;
}

bool Store::exec(QSqlQuery &query, QString *error) const
{
    if (query.exec())
        return true;
    *error = describe(query.lastError());
    return false;
}

Profile Store::profile() const
{
    Profile p;
    QSqlQuery q(database());
    if (q.exec(
            QStringLiteral("SELECT prenom, nom, email, role, structure_nom, structure_siret, structure_adresse, "
                           "structure_code_insee, structure_code_postal, structure_commune FROM profil WHERE id = 1"))
        && q.next()) {
        p.prenom = q.value(0).toString();
        p.nom = q.value(1).toString();
        p.email = q.value(2).toString();
        p.role = q.value(3).toString();
        p.structure.nom = q.value(4).toString();
        p.structure.siret = q.value(5).toString();
        p.structure.adresse = q.value(6).toString();
        p.structure.commune = {q.value(7).toString(), q.value(8).toString(), q.value(9).toString()};
    }
    return p;
}

bool Store::saveProfile(const Profile &p, QString *error)
{
    if (!StoreRows::valid(Validator::validate(p), error))
        return false;
    WriteTransaction tx(*this);
    QSqlQuery q(database());
    if (!tx.begin(error)
        || !prepare(q,
            QStringLiteral("INSERT OR REPLACE INTO profil (id, prenom, nom, email, role, structure_nom, "
                           "structure_siret, structure_adresse, structure_code_insee, structure_code_postal, "
                           "structure_commune, modification) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            error))
        return false;
    for (const QString &value :
        {p.prenom, p.nom, p.email, p.role, p.structure.nom, p.structure.siret, p.structure.adresse,
            p.structure.commune.codeInsee, p.structure.commune.codePostal, p.structure.commune.nom})
        q.addBindValue(text(value));
    q.addBindValue(timestamp(m_clock.nowUtc()));
    if (!q.exec()) {
        *error = describe(q.lastError());
        return false;
    }
    return tx.commit(error);
}

StoreCounts Store::counts() const
{
    StoreCounts c;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    // Running counts kept by triggers (schema version 3): instant on a million activities.
    if (q.exec(QStringLiteral("SELECT type, supprime, total(n) FROM activites_compteurs GROUP BY 1, 2"))) {
        while (q.next()) {
            const bool individuel = q.value(0).toString() == QLatin1String(Codes::TypeActivite::Individuel);
            const bool deleted = q.value(1).toBool();
            qint64 &slot = individuel ? (deleted ? c.individuelsSupprimes : c.individuels)
                                      : (deleted ? c.collectifsSupprimes : c.collectifs);
            slot += q.value(2).toLongLong();
        }
    }
    if (q.exec(QStringLiteral("SELECT count(*) FILTER (WHERE suppression IS NULL), "
                              "count(*) FILTER (WHERE suppression IS NOT NULL) FROM beneficiaires"))
        && q.next()) {
        c.beneficiaires = q.value(0).toLongLong();
        c.beneficiairesSupprimes = q.value(1).toLongLong();
    }
    if (q.exec(QStringLiteral("SELECT count(*) FILTER (WHERE archive = 0), count(*) FILTER (WHERE archive = 1) "
                              "FROM lieux"))
        && q.next()) {
        c.lieux = q.value(0).toLongLong();
        c.lieuxArchives = q.value(1).toLongLong();
    }
    return c;
}

SyncCounts Store::syncCounts() const
{
    SyncCounts s;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral(
            "SELECT sync_state, supprime, total(n) FROM activites_compteurs GROUP BY sync_state, supprime")))
        return s;
    while (q.next()) {
        const qint64 n = q.value(2).toLongLong();
        switch (static_cast<SyncState>(q.value(0).toInt())) {
        case SyncState::Pending:
        case SyncState::Sending:
            s.pending += n;
            if (q.value(1).toInt() != 0)
                s.pendingDeletions += n;
            break;
        case SyncState::Sent:
            s.sent += n;
            break;
        case SyncState::Conflict:
            s.conflicts += n;
            break;
        case SyncState::Failed:
            s.failed += n;
            break;
        }
    }
    return s;
}

bool Store::hasActivities() const
{
    QSqlQuery q(database());
    return q.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM activites WHERE suppression IS NULL)")) && q.next()
        && q.value(0).toBool();
}

bool Store::rebuildStatistics(QString *error)
{
    WriteTransaction tx(*this);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(database());
    const QStringList statements = StatsCopySchema::rebuildStatements();
    for (const QString &sql : statements) {
        if (!q.exec(sql)) {
            *error = describe(q.lastError());
            return false;
        }
    }
    return tx.commit(error);
}
