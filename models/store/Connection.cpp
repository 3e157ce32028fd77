#include "models/store/Connection.h"

#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace Connection {

QString uniqueName(const QString &prefix)
{
    static std::atomic<quint64> serial{0};
    return prefix + QLatin1Char('-') + QString::number(++serial);
}

QSqlDatabase open(const QString &name, const QString &filePath, Mode mode, QString *error)
{
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs);
    if (mode == Mode::ReadOnly)
        options.prepend(QStringLiteral("QSQLITE_OPEN_READONLY;"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(filePath);
        db.setConnectOptions(options);
        if (db.open()) {
            QSqlQuery q(db);
            if (mode == Mode::ReadOnly) {
                q.exec(QStringLiteral("PRAGMA query_only = 1"));
            } else {
                q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
                q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
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
