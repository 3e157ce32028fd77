// bulk_insert_1m_s, bulk_floor_1m_s, bulk_ratio: the demo's activities written through the bulk path
// (Store::insertActivities -> BulkWriter, validated, one transaction per batch of 20,000, as DemoGenerator::populate
// writes them; drawing them is outside the clock), against a floor: the same rows inserted by a bare loop through
// SQLite's C interface (prepared INSERT, values bound, same transaction sizes, same connection settings, page cache and
// synchronous FULL) into the same activites table, with its primary key and indexes, and the same participants table,
// without any trigger nor derived table.

#include "BenchSupport.h"
#include "Benches.h"

#include "models/demo/DemoGenerator.h"
#include "models/domain/Activity.h"
#include "models/store/BulkWriter.h"
#include "models/store/Connection.h"
#include "models/store/Store.h"
#include "tests/support/FixedClock.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <vector>

namespace {

constexpr int kBatchSize = 20000; // DemoGenerator::Options::batchSize default: one transaction per batch
constexpr quint64 kBulkSeed = 1; // DemoGenerator::Options::seed default, as `carnet demo`

using Bench::err;
using Bench::preparePool;
using Bench::printFigure;

bool fail(const QString &what)
{
    err() << "carnet_bench: bulk: " << what << Qt::endl;
    return false;
}

// One bound value, made before the clock starts.
struct Value
{
    enum Kind { Null, Integer, Text } kind = Null;
    qint64 integer = 0;
    QByteArray text;
};

Value valueOf(const QVariant &v)
{
    if (v.isNull())
        return {};
    if (v.typeId() == QMetaType::QString)
        return {Value::Text, 0, v.toString().toUtf8()};
    return {Value::Integer, v.toLongLong(), {}};
}

void bind(sqlite3_stmt *s, int i, const Value &v)
{
    switch (v.kind) {
    case Value::Null:
        sqlite3_bind_null(s, i);
        break;
    case Value::Integer:
        sqlite3_bind_int64(s, i, v.integer);
        break;
    case Value::Text:
        sqlite3_bind_text(s, i, v.text.constData(), static_cast<int>(v.text.size()), SQLITE_STATIC);
        break;
    }
}

// The same rows as `populate` writes, by the bare loop, into a base whose triggers and derived tables are dropped;
// the seconds of the SQL loop only (generation and value conversion outside the clock).
bool bulkFloor(const QString &path, qint64 count, const Clock &clock, double *seconds)
{
    Store store(clock);
    DemoGenerator generator(kBulkSeed, clock.today(), clock.nowUtc());
    QString error;
    if (!store.open(path, &error) || !preparePool(store, generator, count, &error))
        return fail(error);
    {
        QSqlQuery q(store.database());
        QStringList drops;
        if (!q.exec(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'trigger'")))
            return fail(q.lastError().text());
        while (q.next())
            drops << QStringLiteral("DROP TRIGGER \"%1\"").arg(q.value(0).toString());
        drops << QStringLiteral("DROP TABLE activites_stats") << QStringLiteral("DROP TABLE stats_valeurs")
              << QStringLiteral("DROP TABLE activites_compteurs");
        for (const QString &sql : std::as_const(drops)) {
            if (!q.exec(sql))
                return fail(sql + QStringLiteral(": ") + q.lastError().text());
        }
    }
    // The page cache the bulk path gives its connection.
    QSqlQuery(store.database()).exec(QStringLiteral("PRAGMA cache_size = -%1").arg(BulkWriter::CacheKiB));
    sqlite3 *db = Connection::handle(store.database());
    if (!db)
        return fail(QStringLiteral("the SQLite driver does not run the SQLite Carnet links"));
    sqlite3_stmt *insert = nullptr;
    sqlite3_stmt *participant = nullptr;
    const QByteArray insertSql = Store::activityInsertSql().toUtf8();
    const QByteArray participantSql = Store::participantInsertSql().toUtf8();
    if (sqlite3_prepare_v2(db, insertSql.constData(), -1, &insert, nullptr) != SQLITE_OK
        || sqlite3_prepare_v2(db, participantSql.constData(), -1, &participant, nullptr) != SQLITE_OK)
        return fail(QString::fromUtf8(sqlite3_errmsg(db)));
    const auto finalize = [&]() {
        sqlite3_finalize(insert);
        sqlite3_finalize(participant);
    };

    struct Link
    {
        QByteArray activity;
        QByteArray person;
        int position;
    };
    std::vector<std::vector<Value>> rows;
    std::vector<std::size_t> linksEnd; // per row: end of its participant rows in links
    std::vector<Link> links;
    qint64 ns = 0;
    QElapsedTimer timer;
    for (qint64 done = 0; done < count;) {
        const qint64 size = std::min<qint64>(kBatchSize, count - done);
        rows.clear();
        linksEnd.clear();
        links.clear();
        for (qint64 i = 0; i < size; ++i) {
            const Activity a = generator.nextActivity();
            std::vector<Value> row;
            for (const QVariant &v : Store::activityRow(a))
                row.push_back(valueOf(v));
            const QByteArray id = a.id.toString(QUuid::WithoutBraces).toUtf8();
            for (int p = 0; p < a.participants.size(); ++p)
                links.push_back({id, a.participants.at(p).toString(QUuid::WithoutBraces).toUtf8(), p});
            rows.push_back(std::move(row));
            linksEnd.push_back(links.size());
        }

        timer.start();
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
            finalize();
            return fail(QString::fromUtf8(sqlite3_errmsg(db)));
        }
        std::size_t link = 0;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const std::vector<Value> &row = rows[r];
            for (std::size_t c = 0; c < row.size(); ++c)
                bind(insert, static_cast<int>(c + 1), row[c]);
            const bool inserted = sqlite3_step(insert) == SQLITE_DONE;
            sqlite3_reset(insert);
            if (!inserted) {
                finalize();
                return fail(QString::fromUtf8(sqlite3_errmsg(db)));
            }
            // The participants of this activity follow it, as in the bulk path.
            for (; link < linksEnd[r]; ++link) {
                const Link &l = links[link];
                sqlite3_bind_text(
                    participant, 1, l.activity.constData(), static_cast<int>(l.activity.size()), SQLITE_STATIC);
                sqlite3_bind_text(
                    participant, 2, l.person.constData(), static_cast<int>(l.person.size()), SQLITE_STATIC);
                sqlite3_bind_int(participant, 3, l.position);
                const bool ok = sqlite3_step(participant) == SQLITE_DONE;
                sqlite3_reset(participant);
                if (!ok) {
                    finalize();
                    return fail(QString::fromUtf8(sqlite3_errmsg(db)));
                }
            }
        }
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
            finalize();
            return fail(QString::fromUtf8(sqlite3_errmsg(db)));
        }
        ns += timer.nsecsElapsed();
        done += size;
    }
    finalize();
    *seconds = static_cast<double>(ns) / 1e9;
    return true;
}

// Both bases must hold the same activities and participants, or the ratio compares different work.
bool sameRows(const QString &floorPath, const QString &populatedPath)
{
    Store store;
    QString error;
    if (!store.open(floorPath, &error))
        return fail(error);
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral("ATTACH DATABASE '%1' AS populated")
                    .arg(QString(populatedPath).replace(QLatin1Char('\''), QLatin1String("''")))))
        return fail(q.lastError().text());
    const auto scalar = [&](const QString &sql) -> qint64 {
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    };
    const qint64 rowsA = scalar(QStringLiteral("SELECT count(*) FROM main.activites"));
    const qint64 rowsB = scalar(QStringLiteral("SELECT count(*) FROM populated.activites"));
    const qint64 linksA = scalar(QStringLiteral("SELECT count(*) FROM main.activite_participants"));
    const qint64 linksB = scalar(QStringLiteral("SELECT count(*) FROM populated.activite_participants"));
    const qint64 diff = scalar(
        QStringLiteral("SELECT count(*) FROM (SELECT * FROM main.activites EXCEPT SELECT * FROM populated.activites)"));
    const qint64 linkDiff
        = scalar(QStringLiteral("SELECT count(*) FROM (SELECT * FROM main.activite_participants EXCEPT SELECT * FROM "
                                "populated.activite_participants)"));
    q.finish();
    q.exec(QStringLiteral("DETACH DATABASE populated"));
    if (rowsA < 0 || rowsA != rowsB || linksA != linksB || diff != 0 || linkDiff != 0)
        return fail(
            QStringLiteral("the floor base differs from the populated one (activities %1 vs %2, participants "
                           "%3 vs %4, differing rows %5 and %6): the floor no longer writes what populate writes")
                .arg(rowsA)
                .arg(rowsB)
                .arg(linksA)
                .arg(linksB)
                .arg(diff)
                .arg(linkDiff));
    err() << "bulk: floor and populated bases hold the same " << rowsA << " activities and " << linksA
          << " participant rows" << Qt::endl;
    return true;
}

} // namespace

bool benchBulkInsert(qint64 count, double *ratio)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(QStringLiteral("dossier temporaire impossible : %1").arg(dir.errorString()));
    const QString populatedPath = dir.filePath(QStringLiteral("populated/") + QLatin1String(Store::FileName));
    const QString floorPath = dir.filePath(QStringLiteral("floor/") + QLatin1String(Store::FileName));

    // One fixed "now" for both runs, so that the generator caps timestamps the same way in both bases.
    const FixedClock clock(Clock::system().nowUtc());
    double insertSeconds = 0;
    {
        // What DemoGenerator::populate does (the pool saved, then one Store::insertActivities per batch, validated),
        // with the drawing of the activities outside the clock, as for the floor.
        Store store(clock);
        DemoGenerator generator(kBulkSeed, clock.today(), clock.nowUtc());
        QString error;
        if (!store.open(populatedPath, &error) || !preparePool(store, generator, count, &error))
            return fail(error);
        QList<Activity> batch;
        qint64 ns = 0;
        QElapsedTimer timer;
        for (qint64 done = 0; done < count;) {
            const qint64 size = std::min<qint64>(kBatchSize, count - done);
            batch.clear();
            for (qint64 i = 0; i < size; ++i)
                batch.append(generator.nextActivity());
            timer.start();
            const bool ok = store.insertActivities(batch, true, &error);
            ns += timer.nsecsElapsed();
            if (!ok)
                return fail(error);
            done += size;
        }
        insertSeconds = static_cast<double>(ns) / 1e9;
    }
    double floorSeconds = 0;
    if (!bulkFloor(floorPath, count, clock, &floorSeconds) || !sameRows(floorPath, populatedPath))
        return false;

    *ratio = floorSeconds > 0 ? insertSeconds / floorSeconds : 0.0;
    printFigure("bulk_insert_1m_s", insertSeconds, "s", 3);
    printFigure("bulk_floor_1m_s", floorSeconds, "s", 3);
    printFigure("bulk_ratio", *ratio, "x", 2);
    return true;
}
