#pragma once

#include "models/domain/Activity.h"
#include "models/list/ActivityFilter.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>
#include <QUuid>
#include <QVector>

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

// The SQL of the list of activities ("Mes activités"), run on a connection the caller opened (the list's worker thread
// opens its own, read-only). Two strategies, chosen by usesDateIndex():
// - ordered by date with at most a period and a type: keyset pages over the date index, (date, rowid) after the last
//   row seen, a few milliseconds each, and a count;
// - anything else (a text, place, thématique or id filter, or another order): one scan collects the ordered rowids of
//   the matching activities (8 bytes each; that is the count too), then pages read those rows by rowid.
// Each function answers false with a French message in `*error` when SQLite fails.
class ActivityListQueries
{
    Q_DECLARE_TR_FUNCTIONS(ActivityListQueries)

public:
    // Where a keyset page starts: after the row of this date and rowid, in the order's direction.
    struct KeysetCursor
    {
        QString date;
        qint64 rowid = 0;
    };

    // True when this order and filter are served by keyset pages over the date index.
    static bool usesDateIndex(const ActivityFilter &filter, const ActivityOrder &order);

    // The number of activities the filter matches.
    static bool count(const QSqlDatabase &db, const ActivityFilter &filter, qint64 *count, QString *error);

    // At most `rows` activities in date order (then rowid), after `after` (null: from the first one).
    static bool keysetPage(const QSqlDatabase &db, const ActivityFilter &filter, Qt::SortOrder order,
        const KeysetCursor *after, int rows, QVector<ActivityListRow> *page, QString *error);

    // The rowids of every activity the filter matches, in the order's order; replaces `*rowids`.
    static bool orderedRowids(const QSqlDatabase &db, const ActivityFilter &filter, const ActivityOrder &order,
        QVector<qint64> *rowids, QString *error);

    // The rows of rowids[from, to), in that order; a rowid no longer in the table (a purge since the scan) is skipped.
    static bool rowsByRowid(const QSqlDatabase &db, const QVector<qint64> &rowids, int from, int to,
        QVector<ActivityListRow> *rows, QString *error);
};
