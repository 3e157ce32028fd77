#include "models/store/Connection.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

#include <sqlite3.h>

#include <atomic>

namespace Connection {

QString uniqueName(const QString &prefix)
{
    static std::atomic<quint64> serial{0};
    return prefix + QLatin1Char('-') + QString::number(++serial);
}

QSqlDatabase open(const QString &name, const QString &filePath, Mode mode, QString *error, int busyTimeoutMs)
{
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
    if (mode != Mode::ReadWrite)
        options.prepend(QStringLiteral("QSQLITE_OPEN_READONLY;"));
    if (mode == Mode::Immutable)
        options.prepend(QStringLiteral("QSQLITE_OPEN_URI;"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(mode == Mode::Immutable
                ? QUrl::fromLocalFile(filePath).toString(QUrl::FullyEncoded) + QStringLiteral("?immutable=1")
                : filePath);
        db.setConnectOptions(options);
        if (db.open()) {
            QSqlQuery q(db);
            if (mode != Mode::ReadWrite) {
                q.exec(QStringLiteral("PRAGMA query_only = 1"));
            } else {
                q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
                // What is deleted is overwritten, not left in free pages (an erased beneficiary's name): set here,
                // whatever the SQLite build's default.
                q.exec(QStringLiteral("PRAGMA secure_delete = ON"));
            }
            return db;
        }
        *error = db.lastError().text();
    }
    remove(name);
    return QSqlDatabase();
}

sqlite3 *handle(const QSqlDatabase &db)
{
    const QVariant h = db.driver() ? db.driver()->handle() : QVariant();
    if (!h.isValid() || qstrcmp(h.typeName(), "sqlite3*") != 0)
        return nullptr;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT sqlite_source_id()")) || !q.next()
        || q.value(0).toString() != QLatin1String(sqlite3_sourceid()))
        return nullptr;
    return *static_cast<sqlite3 *const *>(h.constData());
}

QString readError(int code, const QString &technical)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("Connection", text); };
    switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return tr("la base est endommagée : lancez « carnet check », puis restaurez une sauvegarde ou récupérez ce "
                  "qui est lisible (détail technique : %1)")
            .arg(technical);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return tr("la base est occupée par un autre programme, réessayez dans un instant (détail technique : %1)")
            .arg(technical);
    case SQLITE_FULL:
        return tr("le disque est plein (détail technique : %1)").arg(technical);
    case SQLITE_IOERR:
        return tr("erreur de lecture sur le disque (détail technique : %1)").arg(technical);
    default:
        return tr("erreur de la base (détail technique : %1)").arg(technical);
    }
}

QString readError(const QSqlError &error)
{
    return readError(error.nativeErrorCode().toInt(), error.text());
}

void remove(const QString &name)
{
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

ScopedReader::ScopedReader(const QString &prefix, const QString &filePath)
    : m_name(uniqueName(prefix))
{
    m_db = open(m_name, filePath, Mode::ReadOnly, &m_error);
}

ScopedReader::~ScopedReader()
{
    m_db = QSqlDatabase();
    remove(m_name);
}

} // namespace Connection
