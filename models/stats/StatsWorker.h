#pragma once

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <functional>

class QThread;

// Where the statistics view's computations run: a thread of their own with a read-only connection to the base, so
// that the window never waits on SQLite.
class StatsWorker
{
    Q_DECLARE_TR_FUNCTIONS(StatsWorker)

public:
    // Called on the thread with its open connection, or with a French error (and a closed connection) when the base
    // could not be opened.
    using Work = std::function<void(const QSqlDatabase &db, const QString &error)>;

    // A thread, not yet started, that opens a read-only connection on databasePath, runs work, and closes it.
    static QThread *create(const QString &databasePath, Work work);
};
