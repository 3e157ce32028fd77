#pragma once

#include "models/list/ActivityFilter.h"
#include "models/store/ActivityListQueries.h"

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>

// Runs the list's queries (ActivityListQueries) on its own thread and read-only SQLite connection (opened on the
// store's file), so that a count or a full scan over a million activities never freezes the window. It keeps the
// paging state of the two strategies: the keyset cursor (ordered by date with at most a period and a type: the count
// runs after the first page), or the ordered rowids of the matching activities (anything else: that is the count too).
// A request carries a generation; work for an older generation than the latest one is skipped. Results are delivered
// through the callbacks, called on the worker's thread.
class ActivityQueryWorker : public QObject
{
    Q_OBJECT

public:
    struct Callbacks
    {
        // rows of a page; first: the first page of a generation (replaces what was shown); atEnd: nothing follows.
        std::function<void(quint64 generation, const QVector<ActivityListRow> &rows, bool first, bool atEnd)> page;
        std::function<void(quint64 generation, qint64 count)> count;
        std::function<void(quint64 generation, const QString &error)> error;
    };

    ActivityQueryWorker(
        const QString &databasePath, std::shared_ptr<std::atomic<quint64>> latestGeneration, Callbacks callbacks);
    ~ActivityQueryWorker() override;

    // Called on the worker's thread (queued by the model).
    void start(quint64 generation, const ActivityFilter &filter, const ActivityOrder &order, int rows);
    void next(quint64 generation, int rows);
    void closeDatabase();

private:
    QSqlDatabase database() const; // the worker's connection, opened by ensureOpen()
    bool ensureOpen();
    bool stale(quint64 generation) const { return m_latest->load() != generation; }
    void nextKeyset(int rows, bool first);
    void nextFromRowids(int rows, bool first);
    void fail(const QString &message);

    QString m_path;
    QString m_connectionName;
    std::shared_ptr<std::atomic<quint64>> m_latest;
    Callbacks m_callbacks;

    quint64 m_generation = 0;
    ActivityFilter m_filter;
    ActivityOrder m_order;
    bool m_keyset = true;
    bool m_atEnd = true;
    ActivityListQueries::KeysetCursor m_cursor; // keyset, after the first page
    QVector<qint64> m_rowids; // rowid strategy
    int m_position = 0;
};
