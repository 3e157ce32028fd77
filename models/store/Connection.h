#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

struct sqlite3;

// Every SQLite connection Carnet opens on a base goes through here, with the same driver, options and busy timeout.
// A QSqlDatabase connection is used only by the thread that opened it (Qt 6.4 has no moveToThread for it): a worker
// thread opens a connection of its own, under a name no other connection has.
namespace Connection {
constexpr int BusyTimeoutMs = 10000;
// The busy timeout of a connection whose writes wait in short steps (Store::setBusyWait).
constexpr int ShortBusyTimeoutMs = 100;

enum class Mode {
    // The store's connection: foreign keys and secure_delete on (the store then sets synchronous FULL once it has
    // read the base: that pragma reads the schema, so it would wait on a locked base).
    ReadWrite,
    ReadOnly, // a reader's (list, statistics): the file opened read-only and the connection query-only
    // A base on a disk nothing can write (a read-only folder without its -shm): opened immutable, query-only.
    Immutable,
};

// "prefix-N", unique in this process.
QString uniqueName(const QString &prefix);

// Adds connection `name` on `filePath` and opens it. On failure `*error` has the driver's message and the connection
// is removed again.
QSqlDatabase open(
    const QString &name, const QString &filePath, Mode mode, QString *error, int busyTimeoutMs = BusyTimeoutMs);

// The driver's own sqlite3 handle of db, when the driver runs the very SQLite that Carnet links (Debian's Qt uses the
// system libsqlite3; a Qt with its own copy built in would not): nullptr otherwise.
sqlite3 *handle(const QSqlDatabase &db);

// What a reader's SQLite error means, in French, for a sentence that names what could not be read: "la base est
// endommagée (détail technique : …)", "la base est occupée…", "le disque est plein…", else the technical text after
// a French phrase. primaryCode: SQLite's result code (an extended one is reduced).
QString readError(int code, const QString &technical);
QString readError(const QSqlError &error);

// Closes and removes connection `name`; nothing when there is none. No copy of its QSqlDatabase may be held then.
void remove(const QString &name);

// A read-only connection of the current thread for the time of a scope, removed at its end.
class ScopedReader
{
public:
    ScopedReader(const QString &prefix, const QString &filePath);
    ~ScopedReader();
    ScopedReader(const ScopedReader &) = delete;
    ScopedReader &operator=(const ScopedReader &) = delete;

    bool isOpen() const { return m_db.isOpen(); }
    const QString &error() const { return m_error; } // the driver's message when it could not open
    const QSqlDatabase &database() const { return m_db; }

private:
    QString m_name;
    QString m_error;
    QSqlDatabase m_db;
};
} // namespace Connection
