#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include <atomic>

// carnet-serveur's database through QtSql: an SQLite file by default (`--data DIR`: DIR/carnet-serveur.sqlite, nothing
// to install), PostgreSQL at scale (`--database postgresql://user:password@host:port/name`). One schema and one list
// of migrations for both (portable SQL: TEXT, BIGINT, UPDATE ... RETURNING). The server keeps no state outside it, so
// several instances can share one PostgreSQL base.
//
// A QSqlDatabase serves the thread that opened it: connection() gives the calling thread a connection of its own,
// opened on first use and kept for the thread's life (the HTTP server's pool threads each get one).
class ServerDatabase
{
    Q_DECLARE_TR_FUNCTIONS(ServerDatabase)

public:
    enum class Kind { Sqlite, Postgresql };

    static constexpr int SchemaVersion = 2;
    static constexpr char SqliteFileName[] = "carnet-serveur.sqlite";

    // From `--data DIR` (SQLite, the folder created when missing) or `--database URL` (PostgreSQL; a URL starting with
    // sqlite:// gives an SQLite file too). False with a French message when the URL cannot be read.
    bool configure(const QString &dataDir, const QString &databaseUrl, QString *error);

    Kind kind() const { return m_kind; }
    QString kindName() const
    {
        return m_kind == Kind::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
    }
    // Where, for messages and logs (no password).
    QString description() const;

    // Opens a first connection and brings the schema up to date, in one transaction. False with a French message.
    bool open(QString *error);

    // The calling thread's connection (invalid, with *error, when it cannot be opened).
    QSqlDatabase connection(QString *error = nullptr) const;
    // Closes the calling thread's connection after a failure, so that the next connection() opens it again (a
    // PostgreSQL restarted, a broken link: QPSQL still says open).
    void dropConnection() const;

    // Starts a write transaction: BEGIN IMMEDIATE on SQLite (the write lock at once, so two writers never deadlock),
    // BEGIN on PostgreSQL (rows are locked by the statements themselves).
    bool beginWrite(QSqlDatabase &db, QString *error) const;

    // "la base ne répond pas (détail : ...)"
    QString describe(const QSqlError &error) const;

private:
    bool migrate(QSqlDatabase &db, QString *error);

    Kind m_kind = Kind::Sqlite;
    QString m_sqlitePath;
    QString m_host;
    int m_port = 5432;
    QString m_user;
    QString m_password;
    QString m_name;
    QString m_options;
    quint64 m_id = 0; // this object's part of the connection names
};
