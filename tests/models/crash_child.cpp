// crash_child DB_PATH SEED START_INDEX
// crash_child --open DB_PATH      opens the base (creating and migrating it) and prints "opened <schema version>"
// crash_child --bulk DB_PATH SEED inserts demo activities through a BulkWriter (batches of 3,000 in steps of 500,
//                                 one transaction each) in an endless loop, printing "bulk <activities in the base>"
//                                 after each commit (tst_bulkwriter)
//
// The victim of tst_crashsafety: saves generated activities into DB_PATH in an endless loop, and reports each write on
// stdout once the Store call has returned (so once it is committed):
//     saved <index> <uuid>
//     deleted <uuid>
// The parent kills it with SIGKILL at a random moment, then checks that everything reported is in the base, whole.
//
// Activity #index and the schedule of operations come from tests/support/CrashScenario, which the parent uses too to
// regenerate on its own what was written.

#include "models/demo/DemoGenerator.h"
#include "models/store/BulkWriter.h"
#include "models/store/Store.h"
#include "tests/support/CrashScenario.h"
#include "tests/support/FixedClock.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <cstdio>
#include <cstdlib>

using namespace CrashScenario;

namespace {

[[noreturn]] void fail(const QString &what, const QString &error)
{
    std::fprintf(stderr, "crash_child: %s: %s\n", qUtf8Printable(what), qUtf8Printable(error));
    std::fflush(stderr);
    std::exit(1);
}

void report(const QByteArray &line)
{
    // One write per line, flushed at once: the parent sees every line whose operation has returned.
    std::fputs(line.constData(), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 3 && args.at(1) == QLatin1String("--open")) {
        Store store;
        QString error;
        if (!store.open(args.at(2), &error))
            fail(QStringLiteral("open"), error);
        report("opened " + QByteArray::number(store.schemaVersion()) + '\n');
        return 0;
    }
    if (args.size() == 4 && args.at(1) == QLatin1String("--bulk")) {
        FixedClock clock(fixedNow());
        Store store(clock);
        QString error;
        if (!store.open(args.at(2), &error))
            fail(QStringLiteral("open"), error);
        DemoGenerator generator(args.at(3).toULongLong(), generationDay(), fixedNow());
        if (store.places().isEmpty()) {
            QList<Place> places = generator.makePlaces();
            QList<Beneficiary> people = generator.makeBeneficiaries(Beneficiaries);
            BulkWriter writer(store);
            if (!writer.begin(&error) || !writer.insertPlaces(places, nullptr, &error)
                || !writer.insertBeneficiaries(people, nullptr, &error) || !writer.commit(&error))
                fail(QStringLiteral("pool"), error);
        }
        generator.setPool(store.places(), store.beneficiaries());
        const StoreCounts counts = store.counts();
        qint64 total = counts.activites() + counts.individuelsSupprimes + counts.collectifsSupprimes;
        BulkWriter::Options options;
        options.batchSize = 500;
        for (;;) {
            QList<Activity> batch;
            for (int i = 0; i < 3000; ++i)
                batch.append(generator.nextActivity());
            BulkWriter writer(store);
            if (!writer.begin(&error) || !writer.insertActivities(batch, options, nullptr, &error)
                || !writer.commit(&error))
                fail(QStringLiteral("bulk"), error);
            total += batch.size();
            report("bulk " + QByteArray::number(total) + '\n');
        }
    }
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: crash_child DB_PATH SEED START_INDEX\n");
        return 2;
    }
    bool seedOk = false;
    bool startOk = false;
    const quint64 seed = args.at(2).toULongLong(&seedOk);
    const qint64 start = args.at(3).toLongLong(&startOk);
    if (!seedOk || !startOk || start < 0) {
        std::fprintf(stderr, "crash_child: SEED and START_INDEX must be non-negative integers\n");
        return 2;
    }

    FixedClock clock(fixedNow());
    Store store(clock);
    QString error;
    if (!store.open(args.at(1), &error))
        fail(QStringLiteral("open"), error);

    // The pool of places and beneficiaries is made by the first run only; later runs reuse the stored one.
    DemoGenerator poolGenerator(seed, generationDay());
    if (store.places().isEmpty()) {
        QList<Place> places = poolGenerator.makePlaces();
        for (Place &p : places) {
            if (!store.savePlace(p, &error))
                fail(QStringLiteral("savePlace"), error);
        }
    }
    if (store.beneficiaries().isEmpty()) {
        QList<Beneficiary> people = poolGenerator.makeBeneficiaries(Beneficiaries);
        for (Beneficiary &b : people) {
            if (!store.saveBeneficiary(b, &error))
                fail(QStringLiteral("saveBeneficiary"), error);
        }
    }
    QList<Place> places = store.places();
    QList<Beneficiary> people = store.beneficiaries();
    sortById(places);
    sortById(people);

    QRandomGenerator random(static_cast<quint32>(seed * 31 + static_cast<quint64>(start)));
    QList<QUuid> savedThisRun;
    qint64 index = start;
    for (qint64 step = 0;; ++step) {
        if (isBatchStep(step)) {
            QList<Activity> batch;
            for (int i = 0; i < BatchSize; ++i)
                batch.append(activityAt(seed, index + i, places, people));
            if (!store.insertActivities(batch, true, &error))
                fail(QStringLiteral("insertActivities from #%1").arg(index), error);
            for (int i = 0; i < BatchSize; ++i) {
                const QUuid &id = batch.at(i).id;
                report(QStringLiteral("saved %1 %2\n").arg(index + i).arg(id.toString(QUuid::WithoutBraces)).toUtf8());
                savedThisRun.append(id);
            }
            index += BatchSize;
        } else {
            Activity a = activityAt(seed, index, places, people);
            if (!store.saveActivity(a, &error))
                fail(QStringLiteral("saveActivity #%1").arg(index), error);
            report(QStringLiteral("saved %1 %2\n").arg(index).arg(a.id.toString(QUuid::WithoutBraces)).toUtf8());
            savedThisRun.append(a.id);
            ++index;
        }
        if (isDeleteStep(step) && !savedThisRun.isEmpty()) {
            const QUuid id = savedThisRun.at(random.bounded(static_cast<int>(savedThisRun.size())));
            if (!store.deleteActivity(id, &error))
                fail(QStringLiteral("deleteActivity %1").arg(id.toString(QUuid::WithoutBraces)), error);
            report(QStringLiteral("deleted %1\n").arg(id.toString(QUuid::WithoutBraces)).toUtf8());
        }
    }
}
