#include "sync/server/ServerDatabase.h"

#include <QDir>
#include <QHash>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

namespace {
std::atomic<quint64> g_instances{0};

// This thread's connections, one per ServerDatabase, removed when the thread ends (a thread id may be reused, a
// connection name never is).
QString &threadConnectionName(quint64 database)
{
    struct ThreadConnections
    {
        QHash<quint64, QString> names;
        ~ThreadConnections()
        {
            for (const QString &name : std::as_const(names))
                QSqlDatabase::removeDatabase(name);
        }
    };
    static std::atomic<quint64> serial{0};
    thread_local ThreadConnections connections;
    QString &name = connections.names[database];
    if (name.isEmpty())
        name = QStringLiteral("carnet-serveur-%1").arg(++serial);
    return name;
}

// The schema, step by step: step n brings version n-1 to n. Portable between SQLite and PostgreSQL.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps = {
        {
            QStringLiteral("CREATE TABLE comptes (id TEXT PRIMARY KEY, nom TEXT NOT NULL, structure TEXT NOT NULL "
                           "DEFAULT '', role TEXT NOT NULL CHECK (role IN ('mediateur', 'responsable')), "
                           "jeton_empreinte TEXT NOT NULL UNIQUE, cree TEXT NOT NULL, revoque TEXT)"),
            // The change sequence of each account: every write takes the next value, under the row's lock, so
            // that a reader following the sequence never skips a write committed after it read (the rows of one
            // account are committed in the order of their sequence).
            QStringLiteral("CREATE TABLE sequences (compte_id TEXT PRIMARY KEY REFERENCES comptes (id), valeur BIGINT "
                           "NOT NULL)"),
            QStringLiteral("CREATE TABLE activites (id TEXT PRIMARY KEY, compte_id TEXT NOT NULL REFERENCES comptes "
                           "(id), version BIGINT NOT NULL, seq BIGINT NOT NULL, date TEXT NOT NULL, modification TEXT "
                           "NOT NULL, suppression TEXT, corps TEXT NOT NULL)"),
            QStringLiteral("CREATE UNIQUE INDEX activites_seq ON activites (compte_id, seq)"),
        },
        {
            // Followed beneficiaries and places, which activities name; on the account's one change sequence.
            QStringLiteral("CREATE TABLE beneficiaires (id TEXT PRIMARY KEY, compte_id TEXT NOT NULL REFERENCES "
                           "comptes (id), version BIGINT NOT NULL, seq BIGINT NOT NULL, modification TEXT NOT NULL, "
                           "suppression TEXT, corps TEXT NOT NULL)"),
            QStringLiteral("CREATE UNIQUE INDEX beneficiaires_seq ON beneficiaires (compte_id, seq)"),
            QStringLiteral("CREATE TABLE lieux (id TEXT PRIMARY KEY, compte_id TEXT NOT NULL REFERENCES comptes (id), "
                           "version BIGINT NOT NULL, seq BIGINT NOT NULL, modification TEXT NOT NULL, suppression "
                           "TEXT, corps TEXT NOT NULL)"),
            QStringLiteral("CREATE UNIQUE INDEX lieux_seq ON lieux (compte_id, seq)"),
            QStringLiteral("CREATE INDEX comptes_structure ON comptes (structure)"),
        },
    };
    return steps;
}
} // namespace

bool ServerDatabase::configure(const QString &dataDir, const QString &databaseUrl, QString *error)
{
    m_id = ++g_instances;
    if (databaseUrl.isEmpty() || databaseUrl.startsWith(QLatin1String("sqlite://"))) {
        m_kind = Kind::Sqlite;
        if (!databaseUrl.isEmpty()) {
            m_sqlitePath = QUrl(databaseUrl).path();
        } else {
            if (dataDir.isEmpty()) {
                *error = tr("Indiquez où garder les données : --data DOSSIER (SQLite) ou --database "
                            "postgresql://utilisateur@hôte:port/base.");
                return false;
            }
            if (!QDir().mkpath(dataDir)) {
                *error = tr("Le dossier de données « %1 » n'a pas pu être créé.").arg(dataDir);
                return false;
            }
            m_sqlitePath = QDir(dataDir).filePath(QLatin1String(SqliteFileName));
        }
        return true;
    }
    const QUrl url(databaseUrl, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres"))
        || url.path().size() < 2) {
        *error = tr("--database : « %1 » n'est pas une adresse postgresql://utilisateur:mot-de-passe@hôte:port/base.")
                     .arg(url.toString(QUrl::RemovePassword));
        return false;
    }
    m_kind = Kind::Postgresql;
    m_host = url.host();
    m_port = url.port(5432);
    m_user = url.userName(QUrl::FullyDecoded);
    m_password = url.password(QUrl::FullyDecoded);
    m_name = url.path().mid(1);
    // ?host=/run/postgresql (a Unix socket folder), as libpq reads it, and any other libpq option.
    QStringList options;
    const QUrlQuery query(url);
    for (const auto &item : query.queryItems(QUrl::FullyDecoded)) {
        if (item.first == QLatin1String("host"))
            m_host = item.second;
        else
            options << item.first + QLatin1Char('=') + item.second;
    }
    m_options = options.join(QLatin1Char(';'));
    return true;
}

QString ServerDatabase::description() const
{
    if (m_kind == Kind::Sqlite)
        return tr("SQLite (%1)").arg(m_sqlitePath);
    return tr("PostgreSQL (base « %1 » sur %2:%3)")
        .arg(m_name, m_host.isEmpty() ? QStringLiteral("localhost") : m_host)
        .arg(m_port);
}

QSqlDatabase ServerDatabase::connection(QString *error) const
{
    const QString name = threadConnectionName(m_id);
    QSqlDatabase db = QSqlDatabase::contains(name)
        ? QSqlDatabase::database(name, false)
        : QSqlDatabase::addDatabase(m_kind == Kind::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), name);
    if (db.isOpen())
        return db;
    if (m_kind == Kind::Sqlite) {
        db.setDatabaseName(m_sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    } else {
        db.setHostName(m_host);
        db.setPort(m_port);
        db.setUserName(m_user);
        db.setPassword(m_password);
        db.setDatabaseName(m_name);
        db.setConnectOptions(m_options);
    }
    if (!db.open()) {
        if (error)
            *error = describe(db.lastError());
        return db;
    }
    QSqlQuery q(db);
    if (m_kind == Kind::Sqlite) {
        q.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous = FULL")); // an answered write is on disk
        q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    }
    return db;
}

void ServerDatabase::dropConnection() const
{
    const QString name = threadConnectionName(m_id);
    if (QSqlDatabase::contains(name))
        QSqlDatabase::database(name, false).close();
}

bool ServerDatabase::beginWrite(QSqlDatabase &db, QString *error) const
{
    QSqlQuery q(db);
    const bool ok = m_kind == Kind::Sqlite ? q.exec(QStringLiteral("BEGIN IMMEDIATE")) : db.transaction();
    if (!ok)
        *error = describe(m_kind == Kind::Sqlite ? q.lastError() : db.lastError());
    return ok;
}

QString ServerDatabase::describe(const QSqlError &error) const
{
    return tr("la base de données ne répond pas comme prévu (détail : %1)").arg(error.text());
}

bool ServerDatabase::open(QString *error)
{
    QSqlDatabase db = connection(error);
    if (!db.isOpen())
        return false;
    return migrate(db, error);
}

bool ServerDatabase::migrate(QSqlDatabase &db, QString *error)
{
    if (!beginWrite(db, error))
        return false;
    QSqlQuery q(db);
    const auto fail = [&](const QSqlError &e) {
        *error = tr("Le schéma de la base n'a pas pu être mis à jour : %1").arg(describe(e));
        db.rollback();
        return false;
    };
    // Instances starting together on one PostgreSQL base migrate one after the other (SQLite: BEGIN IMMEDIATE).
    if (m_kind == Kind::Postgresql && !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(4242061)")))
        return fail(q.lastError());
    // Created when missing (not IF NOT EXISTS: PostgreSQL would print a notice at every start).
    if (!db.tables().contains(QLatin1String("schema_version"))
        && !q.exec(QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)")))
        return fail(q.lastError());
    int version = 0;
    if (!q.exec(QStringLiteral("SELECT version FROM schema_version")))
        return fail(q.lastError());
    const bool hasRow = q.next();
    if (hasRow)
        version = q.value(0).toInt();
    if (version > SchemaVersion) {
        db.rollback();
        *error = tr("Cette base a été faite par une version plus récente de carnet-serveur (schéma %1, celui-ci "
                    "connaît le %2) : mettez carnet-serveur à jour.")
                     .arg(version)
                     .arg(SchemaVersion);
        return false;
    }
    for (int step = version; step < SchemaVersion; ++step) {
        for (const QString &sql : migrations().at(step)) {
            if (!q.exec(sql))
                return fail(q.lastError());
        }
    }
    if (version != SchemaVersion) {
        if (!q.exec(hasRow ? QStringLiteral("UPDATE schema_version SET version = %1").arg(SchemaVersion)
                           : QStringLiteral("INSERT INTO schema_version (version) VALUES (%1)").arg(SchemaVersion)))
            return fail(q.lastError());
    }
    if (!db.commit())
        return fail(db.lastError());
    return true;
}
