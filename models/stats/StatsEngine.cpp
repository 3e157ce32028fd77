#include "models/stats/StatsEngine.h"

#include "models/stats/StatsPass.h"
#include "models/store/Connection.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#include <atomic>
#include <memory>

using StatsInternal::Snapshot;
using StatsInternal::StatsPass;

namespace {

// The filter with its period completed (the default one when none) and in order.
StatsFilter normalized(const StatsFilter &filter, const QDate &today)
{
    StatsFilter f = filter;
    const StatsFilter defaults = StatsEngine::defaultFilter(today);
    if (!f.to.isValid())
        f.to = f.from.isValid() ? std::max(f.from, defaults.to) : defaults.to;
    if (!f.from.isValid())
        f.from = f.to.addYears(-1).addDays(1);
    if (f.from > f.to)
        std::swap(f.from, f.to);
    return f;
}

// How many threads share the pass: two when there are several cores, the base is a file (a second connection can
// read it) and it holds enough activities for the second engine's own loading (a few milliseconds) to pay.
// CARNET_STATS_THREADS=1 or 2 forces one or the other (the tests compare them).
int passThreads(const QSqlDatabase &db)
{
    const QByteArray forced = qgetenv("CARNET_STATS_THREADS");
    if (!forced.isEmpty())
        return forced.toInt() >= 2 ? 2 : 1;
    const QString path = db.databaseName();
    if (QThread::idealThreadCount() < 2 || path.isEmpty() || path == QLatin1String(":memory:")
        || !QFileInfo::exists(path))
        return 1;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT total(n) FROM activites_compteurs WHERE supprime = 0")) || !q.next())
        return 1;
    return q.value(0).toLongLong() >= 50000 ? 2 : 1;
}

StatsResult failure(const QString &error)
{
    StatsResult result;
    result.error = StatsEngine::tr("Impossible de lire la base pour les statistiques : %1").arg(error);
    return result;
}

// Runs an engine over the whole range, or shares the pass with a second engine in a thread of its own, on its own
// read-only connection, which reads the later half of the days; its figures are then merged. (Each connection reads
// its own snapshot of the base: an activity saved between the two starts may be missed or counted twice. The
// statistics view computes again after every save.)
StatsResult runShared(StatsPass &engine, const QSqlDatabase &db, const StatsFilter &f, const QDate &today,
    const std::function<bool()> &cancelled, const std::function<void(StatsPass &)> &setUp)
{
    setUp(engine);
    if (passThreads(db) < 2)
        return engine.run();
    const Snapshot snapshot(engine);
    QString error;
    if (!engine.prepare(&error))
        return failure(error);
    const QString path = db.databaseName();
    const QDate from = engine.scanFrom();
    const QDate middle = from.addDays(from.daysTo(f.to) / 2);

    std::atomic<bool> stop{false};
    const std::function<bool()> stopped = [&stop] { return stop.load(); };
    // Made and run in the thread, on a connection that closes with it: afterwards only its figures are read (merge()).
    std::unique_ptr<StatsPass> other;
    QString otherError; // what went wrong in the thread (the computation then goes on without it)
    bool otherOk = false;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        const Connection::ScopedReader reader(QStringLiteral("carnet-stats"), path);
        if (!reader.isOpen())
            return;
        other = std::make_unique<StatsPass>(reader.database(), f, today, stopped);
        setUp(*other);
        const Snapshot otherSnapshot(*other);
        otherOk = other->prepare(&otherError) && other->pass(middle.addDays(1), f.to, &otherError);
    }));
    thread->start();
    const bool ok = engine.pass(from, middle, &error);
    if (!ok || engine.stopped())
        stop = true;
    while (!thread->wait(20)) {
        if (cancelled && cancelled())
            stop = true;
    }
    if (cancelled && cancelled())
        stop = true;
    thread.reset();
    if (!ok)
        return failure(error);
    if (stop) {
        engine.stop();
        return engine.finish();
    }
    if (!otherOk) {
        // The second connection could not read: the later days on this one, then.
        if (!engine.pass(middle.addDays(1), f.to, &error))
            return failure(error);
        return engine.finish();
    }
    engine.merge(*other);
    return engine.finish();
}

} // namespace

StatsResult StatsEngine::compute(
    const QSqlDatabase &db, const StatsFilter &filter, const QDate &today, const std::function<bool()> &cancelled)
{
    const StatsFilter f = normalized(filter, today);
    StatsPass engine(db, f, today, cancelled);
    return runShared(engine, db, f, today, cancelled, [](StatsPass &) {});
}

StatsActivities StatsEngine::activitiesBehind(const QSqlDatabase &db, const StatsFilter &filter, const QString &key,
    const QStringList &codes, const QDate &today, const std::function<bool()> &cancelled)
{
    StatsFilter f = normalized(filter, today);
    f.compareYearBefore = false;
    StatsPass engine(db, f, today, cancelled);
    const StatsResult r = runShared(engine, db, f, today, cancelled, [&](StatsPass &e) { e.watch(key, codes); });
    StatsActivities result;
    result.error = r.error;
    result.cancelled = r.cancelled;
    if (r.error.isEmpty() && !r.cancelled)
        result.ids = engine.watched();
    return result;
}

StatsFilter StatsEngine::defaultFilter(const QDate &today)
{
    StatsFilter f;
    f.to = today;
    f.from = today.addYears(-1).addDays(1);
    return f;
}
