#include "models/store/Store.h"

#include "models/store/PrivateFiles.h"

#include "models/domain/Validator.h"
#include "models/store/Connection.h"
#include "models/store/Migrations.h"
#include "models/store/StatsCopySchema.h"
#include "models/store/StoreRows.h"
#include "models/store/WriteTransaction.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

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

bool Store::open(const QString &filePath, QString *error, const OpenOptions &options)
{
    close();
    Q_UNUSED(options);
    m_filePath = QFileInfo(filePath).absoluteFilePath();
    const QFileInfo info(m_filePath);
    m_privacyNotice.clear();
    if (!PrivateFiles::makeFolder(info.absolutePath(), &m_privacyNotice, error))
        return false;
    // The base and its journals (SQLite gives -wal and -shm the mode of the base) for this account only.
    if (!info.exists()) {
        QFile create(m_filePath);
        if (create.open(QIODevice::WriteOnly))
            create.close();
    }
    for (const char *suffix : {"", "-wal", "-shm"})
        PrivateFiles::makeFile(m_filePath + QLatin1String(suffix));
    if (info.exists() && !info.isWritable()) {
        *error = tr("Le fichier « %1 » est en lecture seule : Carnet ne pourrait pas y enregistrer vos activités.")
                     .arg(m_filePath);
        return false;
    }

    bool ok = false;
    {
        QString message;
        QSqlDatabase db = Connection::open(m_connectionName, m_filePath, Connection::Mode::ReadWrite, &message);
        if (!db.isOpen()) {
            *error = tr("Impossible d'ouvrir « %1 » : %2").arg(m_filePath, message);
        } else {
            ok = true;
            QSqlQuery q(db);
            const auto pragma = [&](const QString &sql) -> QVariant {
                if (!q.exec(sql) || !q.next())
                    return {};
                return q.value(0);
            };
            // Look before changing anything: a file that is not ours, or is from a newer Carnet, stays untouched.
            const QVariant appId = pragma(QStringLiteral("PRAGMA application_id"));
            const int version = pragma(QStringLiteral("PRAGMA user_version")).toInt();
            const int tables = pragma(QStringLiteral("SELECT count(*) FROM sqlite_schema")).toInt();
            if (!appId.isValid()) {
                *error = q.lastError().nativeErrorCode() == QLatin1String("26")
                    ? tr("Le fichier « %1 » n'est pas une base de données Carnet.").arg(m_filePath)
                    : describe(q.lastError());
                ok = false;
            } else if (appId.toInt() != Migrations::ApplicationId && (appId.toInt() != 0 || tables > 0)) {
                *error = tr("Le fichier « %1 » est une base SQLite qui n'a pas été créée par Carnet.").arg(m_filePath);
                ok = false;
            } else if (version > Migrations::LatestVersion) {
                *error = tr("Cette base de données a été créée par une version plus récente de Carnet "
                            "(schéma %1, cette version connaît le schéma %2 au plus). Installez la dernière "
                            "version de Carnet pour l'ouvrir ; vos données n'ont pas été modifiées.")
                             .arg(version)
                             .arg(Migrations::LatestVersion);
                ok = false;
            }
            if (ok) {
                const QString mode = pragma(QStringLiteral("PRAGMA journal_mode = WAL")).toString();
                if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
                    *error = tr("La base « %1 » n'a pas pu passer en journal WAL (mode obtenu : « %2 »).")
                                 .arg(m_filePath, mode);
                    ok = false;
                } else if (pragma(QStringLiteral("PRAGMA foreign_keys")).toInt() != 1) {
                    *error = tr("Les clés étrangères de SQLite n'ont pas pu être activées.");
                    ok = false;
                }
                q.finish();
            }
            if (ok && version < Migrations::LatestVersion)
                ok = Migrations::migrate(db, version, error);
        }
    }
    if (!ok)
        close();
    return ok;
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
        return tr("Le disque est plein : rien n'a été enregistré dans « %1 ». Libérez de la place puis réessayez.")
            .arg(m_filePath);
    case 8: // SQLITE_READONLY
    case 3: // SQLITE_PERM
        return tr("La base « %1 » est en lecture seule : rien n'a été enregistré.").arg(m_filePath);
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return tr("La base « %1 » est occupée par un autre programme : réessayez dans un instant.").arg(m_filePath);
    case 10: // SQLITE_IOERR
        return tr("Erreur d'écriture sur le disque pour « %1 » : rien n'a été enregistré.").arg(m_filePath);
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return tr("La base « %1 » est endommagée. Lancez « carnet check » et restaurez une sauvegarde.")
            .arg(m_filePath);
    case 19: // SQLITE_CONSTRAINT
        return tr("Enregistrement refusé par la base « %1 » (donnée incohérente) : %2")
            .arg(m_filePath, error.databaseText());
    default:
        return tr("Erreur de la base « %1 » : %2").arg(m_filePath, error.text());
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
