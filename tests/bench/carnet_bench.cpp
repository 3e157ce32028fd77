// carnet_bench: performance figures of Carnet, one line per figure on stdout, "bench <name> <value> <unit>", and a
// human summary against the targets on stderr. Not a test: the exit code is 1 only when something fails (a base that
// cannot be opened, a refused save...), never because a target is missed.
//
//   carnet_bench [--scale F] [--only save|bulk|commune|stats|export|import|sync]
//
// --scale multiplies the counts (1,000,000 bulk activities, 10,000 single saves; at least 100 saves; the statistics
// bases of 10,000, 100,000 and 1,000,000 activities); the figure names stay the same.

#include "BenchSupport.h"
#include "Benches.h"

#include "models/demo/DemoGenerator.h"
#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Clock.h"
#include "models/domain/Place.h"
#include "models/stats/StatsEngine.h"
#include "models/store/Store.h"
#include "tests/support/FixedClock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>
#include <QTextStream>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

namespace {

constexpr qint64 kBulkCount = 1000000;
constexpr int kBatchSize = 20000; // DemoGenerator::Options::batchSize default: one transaction per batch
constexpr quint64 kBulkSeed = 1; // DemoGenerator::Options::seed default, as `carnet demo`
constexpr qint64 kSaveCount = 10000;
constexpr qint64 kMinSaves = 100;
constexpr quint64 kSaveSeed = 7;

using Bench::err;
using Bench::out;
using Bench::percentile;
using Bench::preparePool;
using Bench::printFigure;

// ---------------------------------------------------------------------------------------------------------------------

struct Figures
{
    std::optional<double> saveP99Ms;
    std::optional<double> bulkRatio;
    std::optional<double> communeMs;
    std::optional<double> stats10kMs;
    std::optional<double> statsRatio;
};

bool fail(const QString &what)
{
    err() << "carnet_bench: " << what << Qt::endl;
    return false;
}

QString dbError(const QSqlQuery &q)
{
    return q.lastError().text();
}

// The base a floor writes with bare statements: the Store only makes the schema (triggers included), the journal and
// the sync, and the pool of places and beneficiaries; insert and participants are the store's own statements,
// prepared once. Its generator draws the same activities as one made with the same seed for the measured path.
struct FloorBase
{
    FloorBase(const Clock &clock, quint64 seed)
        : store(clock)
        , generator(seed, clock.today(), clock.nowUtc())
    {
    }
    bool open(const QString &path, qint64 count)
    {
        QString error;
        if (!store.open(path, &error) || !preparePool(store, generator, count, &error))
            return fail(error);
        tx = QSqlQuery(store.database());
        insert = QSqlQuery(store.database());
        participants = QSqlQuery(store.database());
        if (!insert.prepare(Store::activityInsertSql()))
            return fail(dbError(insert));
        if (!participants.prepare(Store::participantInsertSql()))
            return fail(dbError(participants));
        return true;
    }

    Store store; // first: the queries below are gone before its connection closes
    DemoGenerator generator;
    QSqlQuery tx;
    QSqlQuery insert;
    QSqlQuery participants;
};

// save_p50_ms, save_p99_ms: single saves through Store::saveActivity, one transaction each.
bool benchSave(qint64 count, Figures &figures)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(QStringLiteral("dossier temporaire impossible : %1").arg(dir.errorString()));
    Store store;
    QString error;
    if (!store.open(dir.filePath(QLatin1String(Store::FileName)), &error))
        return fail(error);
    DemoGenerator generator(kSaveSeed, store.clock().today(), store.clock().nowUtc());
    if (!preparePool(store, generator, count, &error))
        return fail(error);

    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(count));
    QElapsedTimer timer;
    for (qint64 i = 0; i < count; ++i) {
        Activity a = generator.nextActivity();
        timer.start();
        const bool ok = store.saveActivity(a, &error);
        const qint64 ns = timer.nsecsElapsed();
        if (!ok)
            return fail(QStringLiteral("enregistrement %1 refusé : %2").arg(i).arg(error));
        ms.push_back(static_cast<double>(ns) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    figures.saveP99Ms = percentile(ms, 0.99);
    printFigure("save_p50_ms", percentile(ms, 0.50), "ms", 3);
    printFigure("save_p99_ms", *figures.saveP99Ms, "ms", 3);

    // save_floor_p50_ms, save_floor_p99_ms, save_ratio_p50: the same activities, each in a bare BEGIN IMMEDIATE /
    // INSERT (row and participants) / COMMIT on a base of the same schema, journal and sync (synchronous FULL: the
    // fdatasync of each commit is physical work a durable save cannot skip), without validation or stamping.
    FloorBase floor(store.clock(), kSaveSeed);
    if (!floor.open(dir.filePath(QStringLiteral("floor.sqlite")), count))
        return false;
    QSqlQuery &tx = floor.tx;
    QSqlQuery &insert = floor.insert;
    QSqlQuery &participants = floor.participants;
    std::vector<double> floorMs;
    floorMs.reserve(static_cast<std::size_t>(count));
    for (qint64 i = 0; i < count; ++i) {
        Activity a = floor.generator.nextActivity();
        a.creation = a.modification = floor.store.clock().nowUtc();
        const QVariantList row = Store::activityRow(a);
        timer.start();
        if (!tx.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return fail(dbError(tx));
        for (int c = 0; c < static_cast<int>(row.size()); ++c)
            insert.bindValue(c, row.at(c));
        if (!insert.exec())
            return fail(dbError(insert));
        for (int p = 0; p < a.participants.size(); ++p) {
            participants.bindValue(0, row.constFirst());
            participants.bindValue(1, a.participants.at(p).toString(QUuid::WithoutBraces));
            participants.bindValue(2, p);
            if (!participants.exec())
                return fail(dbError(participants));
        }
        if (!tx.exec(QStringLiteral("COMMIT")))
            return fail(dbError(tx));
        floorMs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(floorMs.begin(), floorMs.end());
    const double floorP50 = percentile(floorMs, 0.50);
    printFigure("save_floor_p50_ms", floorP50, "ms", 3);
    printFigure("save_floor_p99_ms", percentile(floorMs, 0.99), "ms", 3);
    printFigure("save_ratio_p50", floorP50 > 0 ? percentile(ms, 0.50) / floorP50 : 0.0, "x", 2);
    return true;
}

bool benchCommune(Figures &figures)
{
    const double ms = benchCommuneLookupMs();
    if (ms < 0)
        return fail(QStringLiteral("the commune index found nothing: broken index"));
    figures.communeMs = ms;
    printFigure("commune_lookup_ms", ms, "ms", 4);
    return true;
}

// Median of three timed runs of work (milliseconds); false when a run fails.
bool medianOf3(const std::function<bool()> &work, double *ms)
{
    std::vector<double> runs;
    QElapsedTimer timer;
    for (int i = 0; i < 3; ++i) {
        timer.start();
        if (!work())
            return false;
        runs.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(runs.begin(), runs.end());
    *ms = runs.at(1);
    return true;
}

// stats_10k_ms, stats_100k_ms, stats_1m_ms: the full statistics (default period, the 12 months ending today, with every
// breakdown, both series and both comparisons) on demo bases of that many activities; scan_1m_ms: a full scan of the
// activities table of the largest base, stats_1m_ratio the first over it.
bool benchStats(double scale, Figures &figures)
{
    struct Size
    {
        const char *name;
        qint64 count;
    };
    const Size sizes[] = {{"stats_10k_ms", 10000}, {"stats_100k_ms", 100000}, {"stats_1m_ms", 1000000}};
    for (const Size &size : sizes) {
        const qint64 count = std::max<qint64>(1, std::llround(static_cast<double>(size.count) * scale));
        QTemporaryDir dir;
        if (!dir.isValid())
            return fail(QStringLiteral("dossier temporaire impossible : %1").arg(dir.errorString()));
        Store store;
        QString error;
        if (!store.open(dir.filePath(QLatin1String(Store::FileName)), &error))
            return fail(error);
        DemoGenerator::Options options;
        options.count = count;
        options.seed = kBulkSeed;
        options.batchSize = kBatchSize;
        QElapsedTimer populateTimer;
        populateTimer.start();
        if (!DemoGenerator::populate(store, options, &error))
            return fail(error);
        err() << "stats: " << count << " demo activities in " << populateTimer.elapsed() << " ms" << Qt::endl;

        const QDate today = store.clock().today();
        StatsFilter filter = StatsEngine::defaultFilter(today);
        filter.compareYearBefore = true;
        qint64 accompagnements = 0;
        const auto stats = [&] {
            const StatsResult r = StatsEngine::compute(store.database(), filter, today);
            if (!r.error.isEmpty())
                return fail(r.error);
            accompagnements = r.headline.accompagnements;
            return true;
        };
        if (!stats()) // warm-up: the file in the page cache, as the scan below gets it
            return false;
        double statsMs = 0;
        if (!medianOf3(stats, &statsMs))
            return false;
        err() << "stats: " << accompagnements << " accompagnements in the period" << Qt::endl;
        printFigure(size.name, statsMs, "ms", 2);
        if (size.count == 10000)
            figures.stats10kMs = statsMs;
        if (size.count != 1000000)
            continue;

        QSqlQuery q(store.database());
        q.setForwardOnly(true);
        qint64 rows = 0;
        const auto scan = [&] {
            if (!q.exec(QStringLiteral("SELECT count(*), sum(duree) FROM activites")) || !q.next())
                return fail(dbError(q));
            rows = q.value(0).toLongLong();
            q.finish();
            return true;
        };
        double scanMs = 0;
        if (!scan() || !medianOf3(scan, &scanMs))
            return false;
        if (rows != count)
            return fail(QStringLiteral("scan: %1 rows instead of %2").arg(rows).arg(count));
        figures.statsRatio = scanMs > 0 ? statsMs / scanMs : 0.0;
        printFigure("scan_1m_ms", scanMs, "ms", 2);
        printFigure("stats_1m_ratio", *figures.statsRatio, "x", 2);
    }
    return true;
}

void summary(const Figures &f)
{
    const auto line = [](const char *name, const std::optional<double> &value, const char *target, bool met) {
        if (!value)
            return;
        err() << "  " << QString::fromLatin1(name).leftJustified(18)
              << QString::number(*value, 'f', 3).rightJustified(10) << "   target "
              << QString::fromLatin1(target).leftJustified(8) << (met ? "OK" : "MISSED") << Qt::endl;
    };
    err() << "Summary (targets):" << Qt::endl;
    line("save_p99_ms", f.saveP99Ms, "< 10", f.saveP99Ms && *f.saveP99Ms < 10.0);
    line("bulk_ratio", f.bulkRatio, "<= 3", f.bulkRatio && *f.bulkRatio <= 3.0);
    line("commune_lookup_ms", f.communeMs, "< 5", f.communeMs && *f.communeMs < 5.0);
    line("stats_10k_ms", f.stats10kMs, "< 30", f.stats10kMs && *f.stats10kMs < 30.0);
    line("stats_1m_ratio", f.statsRatio, "<= 3", f.statsRatio && *f.statsRatio <= 3.0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("carnet_bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Carnet performance figures: bench <name> <value> <unit>."));
    parser.addHelpOption();
    const QCommandLineOption scaleOption(QStringLiteral("scale"),
        QStringLiteral("Multiplies the counts (1M bulk, 10k saves)."), QStringLiteral("F"), QStringLiteral("1"));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
        QStringLiteral("Runs one group: save, bulk, commune, stats, export or import."), QStringLiteral("NAME"));
    parser.addOption(scaleOption);
    parser.addOption(onlyOption);
    parser.process(app);

    bool scaleOk = false;
    const double scale = parser.value(scaleOption).toDouble(&scaleOk);
    if (!scaleOk || !(scale > 0) || !std::isfinite(scale)) {
        err() << "carnet_bench: --scale wants a positive number" << Qt::endl;
        return 1;
    }
    const QString only = parser.value(onlyOption);
    if (!only.isEmpty() && only != QLatin1String("save") && only != QLatin1String("bulk")
        && only != QLatin1String("commune") && only != QLatin1String("stats") && only != QLatin1String("export")
        && only != QLatin1String("import") && only != QLatin1String("sync")) {
        err() << "carnet_bench: --only wants save, bulk, commune, stats, export, import or sync" << Qt::endl;
        return 1;
    }
    const auto runs = [&](const char *group) { return only.isEmpty() || only == QLatin1String(group); };
    const qint64 bulkCount = std::max<qint64>(1, std::llround(static_cast<double>(kBulkCount) * scale));
    const qint64 saveCount = std::max<qint64>(kMinSaves, std::llround(static_cast<double>(kSaveCount) * scale));

    out() << "bench scale " << QString::number(scale, 'g', 6) << " x" << Qt::endl;
    err() << "carnet_bench: " << saveCount << " saves, " << bulkCount << " bulk activities" << Qt::endl;

    Figures figures;
    bool ok = true;
    if (ok && runs("save"))
        ok = benchSave(saveCount, figures);
    if (ok && runs("bulk")) {
        double ratio = 0;
        ok = benchBulkInsert(bulkCount, &ratio);
        if (ok)
            figures.bulkRatio = ratio;
    }
    if (ok && runs("commune"))
        ok = benchCommune(figures);
    if (ok && runs("stats"))
        ok = benchStats(scale, figures);
    if (ok && runs("export"))
        ok = benchExports(scale);
    if (ok && runs("import")) { // ImportBench.cpp; targets: CSV < 5 s, XLSX < 10 s
        double csv = 0, xlsx = 0;
        // The 200 MB file first, so that its peak memory is its own (bounded: it does not grow with the file).
        ok = benchImportLarge(scale) && benchImport(std::max<qint64>(1, std::llround(100000.0 * scale)), &csv, &xlsx);
        if (ok) {
            printFigure("import_csv_100k_s", csv, "s", 2);
            printFigure("import_xlsx_100k_s", xlsx, "s", 2);
        }
        if (!ok) {
            fail(QStringLiteral("the import benchmark failed"));
        }
    }
    if (ok && runs("sync")) // SyncBench.cpp; targets: push >= 2,000/s, pull >= 5,000/s
        ok = benchSyncPush(std::max<qint64>(1, std::llround(10000.0 * scale)));
    summary(figures);
    return ok ? 0 : 1;
}
