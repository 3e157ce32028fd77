#pragma once

#include "models/domain/Activity.h"
#include "models/list/ActivityFilter.h"

#include <QObject>
#include <QString>
#include <QUuid>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>

// What the list of activities shows of one row, as read from the activites table.
struct ActivityListRow
{
    qint64 rowid = 0;
    QUuid id;
    QString date; // ISO yyyy-MM-dd, as stored (the keyset of the date order)
    QString type;
    int dureeMinutes = 0;
    QString typeLieu;
    QUuid lieuId;
    QString lieuCommune;
    QString thematiques; // comma-joined codes, as stored
    int participants = 0;
    SyncState syncState = SyncState::Pending;
    bool deleted = false;
};

// How the list is ordered: a column of ActivityTableModel that can be sorted, and the direction.
struct ActivityOrder
{
    enum Key { Date, Type, Duree, Participants };
    Key key = Date;
    Qt::SortOrder order = Qt::DescendingOrder;
};

// Runs the list's queries on its own thread and SQLite connection (opened on the store's file), so that a count or a
// full scan over a million activities never freezes the window. Two strategies:
// - ordered by date with at most a period and a type: keyset pages over the date index, (date, rowid) after the last
//   row seen, a few milliseconds each; the count runs after the first page;
// - anything else (a text, place, thématique or id filter, or another order): one scan collects the ordered rowids of
//   the matching activities (8 bytes each; that is the count too), then pages read those rows by rowid.
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

    // True when this order and filter are served by keyset pages over the date index.
    static bool usesDateIndex(const ActivityFilter &filter, const ActivityOrder &order);
    static QString selectColumns();
    static ActivityListRow readRow(const class QSqlQuery &query);

private:
    bool ensureOpen();
    bool stale(quint64 generation) const { return m_latest->load() != generation; }
    QString whereClause() const;
    void bindFilter(class QSqlQuery &query) const;
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
    QString m_lastDate; // keyset
    qint64 m_lastRowid = 0;
    QVector<qint64> m_rowids; // rowid strategy
    int m_position = 0;
};
