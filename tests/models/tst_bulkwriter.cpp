// The set-wise bulk path (BulkWriter): what it leaves in the derived tables is what the per-row triggers make, it
// skips what is already there, refuses a bad batch whole, runs many calls in one transaction, and a process killed in
// the middle of it leaves a sound base with whole batches only.

#include "models/demo/DemoGenerator.h"
#include "models/io/StatsJson.h"
#include "models/stats/StatsEngine.h"
#include "models/store/BulkWriter.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/Store.h"
#include "tests/support/FixedClock.h"
#include "tests/support/TestData.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using TestData::Fixture;

namespace {

constexpr quint64 kSeed = 11;

// Places, beneficiaries and activities of the demo, the same for every base made with the same seed.
struct Demo
{
    explicit Demo(const Clock &clock)
        : generator(kSeed, clock.today(), clock.nowUtc())
    {
        places = generator.makePlaces();
        people = generator.makeBeneficiaries(60);
        generator.setPool(places, people);
    }
    QList<Activity> activities(int count)
    {
        QList<Activity> list;
        for (int i = 0; i < count; ++i) {
            Activity a = generator.nextActivity();
            if (i % 37 == 5)
                a.suppression = a.modification; // some deleted ones: counted, never in the copy
            if (i % 3 == 1)
                a.source = QLatin1String(ActivitySource::Coop);
            list.append(a);
        }
        return list;
    }
    DemoGenerator generator;
    QList<Place> places;
    QList<Beneficiary> people;
};

bool savePool(Store &store, Demo &demo)
{
    QString error;
    for (Place &p : demo.places) {
        if (!store.savePlace(p, &error)) {
            qWarning() << error;
            return false;
        }
    }
    for (Beneficiary &b : demo.people) {
        if (!store.saveBeneficiary(b, &error)) {
            qWarning() << error;
            return false;
        }
    }
    return true;
}

// The rows inserted one by one through the store's own statements, so that the per-row triggers make the derived
// tables (the path every bulk write took before BulkWriter).
bool insertRowByRow(Store &store, const QList<Activity> &activities)
{
    QSqlDatabase db = store.database();
    QSqlQuery tx(db);
    QSqlQuery insert(db);
    QSqlQuery participant(db);
    if (!tx.exec(QStringLiteral("BEGIN IMMEDIATE")) || !insert.prepare(Store::activityInsertSql())
        || !participant.prepare(Store::participantInsertSql()))
        return false;
    for (const Activity &a : activities) {
        const QVariantList row = Store::activityRow(a);
        for (int c = 0; c < row.size(); ++c)
            insert.bindValue(c, row.at(c));
        if (!insert.exec()) {
            qWarning() << insert.lastError().text();
            return false;
        }
        for (int p = 0; p < a.participants.size(); ++p) {
            participant.bindValue(0, a.id.toString(QUuid::WithoutBraces));
            participant.bindValue(1, a.participants.at(p).toString(QUuid::WithoutBraces));
            participant.bindValue(2, p);
            if (!participant.exec())
                return false;
        }
    }
    return tx.exec(QStringLiteral("COMMIT"));
}

QStringList rows(const Store &store, const QString &sql)
{
    QStringList result;
    QSqlQuery q(store.database());
    if (!q.exec(sql)) {
        result << q.lastError().text();
        return result;
    }
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < q.record().count(); ++i)
            values << q.value(i).toString();
        result << values.join(QLatin1Char('|'));
    }
    return result;
}

qint64 scalar(const Store &store, const QString &sql)
{
    QSqlQuery q(store.database());
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

// The statistics' copy with its texts decoded (ids of stats_valeurs differ with the order texts were first seen).
QStringList decodedCopy(const Store &store)
{
    return rows(store,
        QStringLiteral("SELECT s.jour, s.id, s.mesures, l.texte, t.texte, m.texte, g.texte, p.texte, n.texte, "
                       "(SELECT group_concat(v.texte) FROM (SELECT ap.beneficiaire_id AS texte FROM "
                       "activite_participants ap WHERE ap.activite_id = s.id ORDER BY 1) v) "
                       "FROM activites_stats s "
                       "LEFT JOIN stats_valeurs l ON l.id = s.codes_lieu & 4294967295 "
                       "LEFT JOIN stats_valeurs t ON t.id = s.codes_lieu >> 32 "
                       "LEFT JOIN stats_valeurs m ON m.id = s.codes_usage & 4294967295 "
                       "LEFT JOIN stats_valeurs g ON g.id = s.codes_usage >> 32 "
                       "LEFT JOIN stats_valeurs p ON p.id = s.personne "
                       "LEFT JOIN stats_valeurs n ON n.id = -s.personne ORDER BY s.jour, s.id"));
}

QByteArray statsJson(const Store &store, const StatsFilter &filter)
{
    const StatsResult r = StatsEngine::compute(store.database(), filter, TestData::fixedNow().date());
    return QJsonDocument(StatsJson::toJson(r, filter)).toJson(QJsonDocument::Compact);
}

QString problems(const IntegrityReport &report)
{
    return report.problems.join(QLatin1Char('\n'));
}

} // namespace

class TestBulkWriter : public QObject
{
    Q_OBJECT

private slots:
    void bulkInsert_derivedTablesAsThePerRowTriggers();
    void triggersBack_afterABulkInsert();
    void skipExisting_byIdAndByImportKey();
    void duplicateWithoutSkip_refusedNamingIt();
    void validationFailure_writesNothing();
    void oneTransaction_placesPeopleActivities_cancelWritesNothing();
    void killedDuringBulkInserts_wholeBatchesOnly();
};

void TestBulkWriter::bulkInsert_derivedTablesAsThePerRowTriggers()
{
    Fixture bulk;
    Fixture perRow;
    QVERIFY(bulk.open());
    QVERIFY(perRow.open());
    Demo demoBulk(bulk.clock);
    Demo demoPerRow(perRow.clock);
    QVERIFY(savePool(bulk.store, demoBulk));
    QVERIFY(savePool(perRow.store, demoPerRow));
    QList<Activity> first = demoBulk.activities(1500);
    QList<Activity> second = demoBulk.activities(700);
    QList<Activity> all = demoPerRow.activities(1500);
    all += demoPerRow.activities(700); // after: the operands of + have no order
    QCOMPARE(all.constFirst().id, first.constFirst().id); // the same activities on both sides
    QCOMPARE(all.constLast().id, second.constLast().id);

    // Two writers, several steps each, on a base that already holds activities.
    QString error;
    BulkWriter::Options options;
    options.batchSize = 400;
    BulkWriter::Result result;
    {
        BulkWriter writer(bulk.store);
        QVERIFY2(writer.begin(&error), qPrintable(error));
        QVERIFY2(writer.insertActivities(first, options, &result, &error), qPrintable(error));
        QVERIFY2(writer.commit(&error), qPrintable(error));
    }
    QVERIFY2(bulk.store.insertActivities(second, true, &error), qPrintable(error));
    QCOMPARE(result.inserted, 1500);
    QCOMPARE(result.existing, 0);
    QVERIFY(insertRowByRow(perRow.store, all));

    QCOMPARE(scalar(bulk.store, QStringLiteral("SELECT count(*) FROM activites")), 2200);
    QVERIFY(scalar(bulk.store, QStringLiteral("SELECT count(*) FROM activites WHERE suppression IS NOT NULL")) > 0);
    QVERIFY(scalar(bulk.store, QStringLiteral("SELECT count(*) FROM activite_participants")) > 0);
    const QString counters = QStringLiteral("SELECT type, supprime, sync_state, n FROM activites_compteurs WHERE n <> "
                                            "0 ORDER BY 1, 2, 3");
    QCOMPARE(rows(bulk.store, counters), rows(perRow.store, counters));
    QCOMPARE(decodedCopy(bulk.store).size(),
        scalar(bulk.store, QStringLiteral("SELECT count(*) FROM activites WHERE suppression IS NULL")));
    QCOMPARE(decodedCopy(bulk.store), decodedCopy(perRow.store));
    const QString texts = QStringLiteral("SELECT sorte, texte FROM stats_valeurs ORDER BY 1, 2");
    QCOMPARE(rows(bulk.store, texts), rows(perRow.store, texts));

    // The figures, with and without filters, are the same; and the counts of `carnet info`.
    StatsFilter whole;
    whole.from = QDate(2000, 1, 1);
    whole.to = TestData::fixedNow().date();
    QCOMPARE(statsJson(bulk.store, whole), statsJson(perRow.store, whole));
    StatsFilter coop = whole;
    coop.sources = {QLatin1String(ActivitySource::Coop)};
    coop.types = {QStringLiteral("collectif")};
    QCOMPARE(statsJson(bulk.store, coop), statsJson(perRow.store, coop));
    QVERIFY(statsJson(bulk.store, coop) != statsJson(bulk.store, whole));
    QCOMPARE(bulk.store.counts().activites(), perRow.store.counts().activites());

    // `carnet check` finds nothing; rebuilding the copy from scratch gives the same.
    IntegrityReport report = IntegrityChecker::run(bulk.store);
    QVERIFY2(report.ok(), qPrintable(problems(report)));
    const QStringList before = decodedCopy(bulk.store);
    QVERIFY2(bulk.store.rebuildStatistics(&error), qPrintable(error));
    QCOMPARE(decodedCopy(bulk.store), before);
}

void TestBulkWriter::triggersBack_afterABulkInsert()
{
    Fixture f;
    QVERIFY(f.open());
    Demo demo(f.clock);
    QVERIFY(savePool(f.store, demo));
    const QString schema = QStringLiteral("SELECT type, name, sql FROM sqlite_schema ORDER BY name");
    const QStringList before = rows(f.store, schema);
    QList<Activity> batch = demo.activities(300);
    QString error;
    QVERIFY2(f.store.insertActivities(batch, true, &error), qPrintable(error));
    QCOMPARE(rows(f.store, schema), before);
    // A single save after it goes through the triggers again: the copy follows.
    Activity a = TestData::individuel(demo.places.constFirst().id);
    a.date = QDate(2026, 6, 3);
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    QVERIFY2(f.store.deleteActivity(batch.at(0).id, &error), qPrintable(error));
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(problems(report)));
    QCOMPARE(f.store.counts().activites(), scalar(f.store, QStringLiteral("SELECT count(*) FROM activites_stats")));
}

void TestBulkWriter::skipExisting_byIdAndByImportKey()
{
    Fixture f;
    QVERIFY(f.open());
    Demo demo(f.clock);
    QVERIFY(savePool(f.store, demo));
    QList<Activity> batch = demo.activities(200);
    for (int i = 0; i < batch.size(); i += 2) {
        batch[i].source = QLatin1String(ActivitySource::Tableur);
        batch[i].importKey = QStringLiteral("tableur:%1").arg(i);
    }
    QString error;
    BulkWriter::Options options;
    options.skipExisting = true;
    options.batchSize = 64;
    const auto import = [&](QList<Activity> activities, BulkWriter::Result *result) {
        BulkWriter writer(f.store);
        return writer.begin(&error) && writer.insertActivities(activities, options, result, &error)
            && writer.commit(&error);
    };
    BulkWriter::Result first;
    QVERIFY2(import(batch, &first), qPrintable(error));
    QCOMPARE(first.inserted, 200);
    QCOMPARE(first.existing, 0);
    const StatsFilter whole = StatsEngine::defaultFilter(TestData::fixedNow().date());
    const QByteArray figures = statsJson(f.store, whole);

    // The same file again: nothing added.
    BulkWriter::Result again;
    QVERIFY2(import(batch, &again), qPrintable(error));
    QCOMPARE(again.inserted, 0);
    QCOMPARE(again.existing, 200);
    // Rows without their id (the importer makes new ones) but with their import key: recognised by the key; the
    // others, new ids and no key, are new.
    QList<Activity> renamed = batch;
    for (Activity &a : renamed)
        a.id = QUuid::createUuid();
    BulkWriter::Result byKey;
    QVERIFY2(import(renamed, &byKey), qPrintable(error));
    QCOMPARE(byKey.existing, 100);
    QCOMPARE(byKey.inserted, 100);
    // Twice in one call: once.
    QList<Activity> twice = demo.activities(3);
    twice.append(twice.constFirst());
    BulkWriter::Result inCall;
    QVERIFY2(import(twice, &inCall), qPrintable(error));
    QCOMPARE(inCall.inserted, 3);
    QCOMPARE(inCall.existing, 1);

    QCOMPARE(scalar(f.store, QStringLiteral("SELECT count(*) FROM activites")), 303);
    QCOMPARE(scalar(f.store, QStringLiteral("SELECT count(*) FROM activites WHERE cle_import <> ''")), 100);
    QCOMPARE(f.store.activity(batch.at(4).id)->importKey, QStringLiteral("tableur:4"));
    QCOMPARE(f.store.activity(batch.at(4).id)->source, QLatin1String(ActivitySource::Tableur));
    QVERIFY(statsJson(f.store, whole) != figures); // the 103 new ones count
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(problems(report)));
}

void TestBulkWriter::duplicateWithoutSkip_refusedNamingIt()
{
    Fixture f;
    QVERIFY(f.open());
    Demo demo(f.clock);
    QVERIFY(savePool(f.store, demo));
    QList<Activity> batch = demo.activities(50);
    QString error;
    QVERIFY2(f.store.insertActivities(batch, true, &error), qPrintable(error));
    QList<Activity> more = demo.activities(50);
    more.append(batch.at(7));
    QVERIFY(!f.store.insertActivities(more, true, &error));
    QVERIFY2(error.contains(batch.at(7).id.toString(QUuid::WithoutBraces)), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("déjà dans la base")), qPrintable(error));
    QCOMPARE(scalar(f.store, QStringLiteral("SELECT count(*) FROM activites")), 50);
    // A workshop naming a beneficiary that is not in the base.
    QList<Activity> orphan{TestData::collectif(demo.places.constFirst().id)};
    orphan[0].participants = {QUuid::createUuid()};
    QVERIFY(!f.store.insertActivities(orphan, true, &error));
    QVERIFY2(error.contains(orphan.at(0).id.toString(QUuid::WithoutBraces)), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("participants")), qPrintable(error));
    QCOMPARE(scalar(f.store, QStringLiteral("SELECT count(*) FROM activites")), 50);
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(problems(report)));
}

void TestBulkWriter::validationFailure_writesNothing()
{
    Fixture f;
    QVERIFY(f.open());
    Demo demo(f.clock);
    QVERIFY(savePool(f.store, demo));
    QString error;
    BulkWriter writer(f.store);
    QVERIFY2(writer.begin(&error), qPrintable(error));
    QList<Activity> good = demo.activities(120);
    BulkWriter::Options options;
    options.batchSize = 50;
    QVERIFY2(writer.insertActivities(good, options, nullptr, &error), qPrintable(error));
    QList<Activity> bad = demo.activities(80);
    bad[61].dureeMinutes = 0;
    bad[61].date = QDate(2026, 3, 14);
    QVERIFY(!writer.insertActivities(bad, options, nullptr, &error));
    QVERIFY2(error.contains(bad.at(61).id.toString(QUuid::WithoutBraces)), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("14/03/2026")), qPrintable(error));
    QVERIFY(!writer.isOpen()); // the whole transaction is gone, the first call's activities with it
    QVERIFY(!writer.commit(&error));
    QCOMPARE(scalar(f.store, QStringLiteral("SELECT count(*) FROM activites")), 0);
    QCOMPARE(scalar(f.store, QStringLiteral("SELECT count(*) FROM activites_stats")), 0);
    QCOMPARE(f.store.counts().activites(), 0);
    // The base takes writes again.
    QVERIFY2(f.store.insertActivities(good, true, &error), qPrintable(error));
    QCOMPARE(
        f.store.counts().activites() + f.store.counts().individuelsSupprimes + f.store.counts().collectifsSupprimes,
        120);
}

void TestBulkWriter::oneTransaction_placesPeopleActivities_cancelWritesNothing()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Demo demo(f.clock);
    QList<qint64> told;
    BulkWriter::Options options;
    options.batchSize = 100;
    options.progress = [&told](qint64 done, qint64 total) {
        told.append(done);
        return total > 0 && done < 200; // cancels after the second step
    };
    {
        BulkWriter writer(f.store);
        QVERIFY2(writer.begin(&error), qPrintable(error));
        BulkWriter::Result pool;
        QVERIFY2(writer.insertPlaces(demo.places, &pool, &error), qPrintable(error));
        QVERIFY2(writer.insertBeneficiaries(demo.people, &pool, &error), qPrintable(error));
        QCOMPARE(pool.inserted, demo.places.size() + demo.people.size());
        QList<Activity> batch = demo.activities(450);
        QVERIFY(!writer.insertActivities(batch, options, nullptr, &error));
        QVERIFY2(error.contains(QStringLiteral("interrompue")), qPrintable(error));
    }
    QCOMPARE(told, (QList<qint64>{100, 200}));
    QCOMPARE(f.store.places().size(), 0);
    QCOMPARE(f.store.beneficiaries().size(), 0);
    QCOMPARE(scalar(f.store, QStringLiteral("SELECT count(*) FROM activites")), 0);

    // The same, to the end: one commit for all; a second import of the pool finds it there.
    told.clear();
    options.progress = [&told](qint64 done, qint64) {
        told.append(done);
        return true;
    };
    Demo again(f.clock);
    {
        BulkWriter writer(f.store);
        QVERIFY2(writer.begin(&error), qPrintable(error));
        BulkWriter::Result pool;
        QVERIFY2(writer.insertPlaces(again.places, &pool, &error), qPrintable(error));
        QVERIFY2(writer.insertBeneficiaries(again.people, &pool, &error), qPrintable(error));
        QList<Activity> batch = again.activities(450);
        BulkWriter::Result result;
        QVERIFY2(writer.insertActivities(batch, options, &result, &error), qPrintable(error));
        QCOMPARE(result.inserted, 450);
        QVERIFY2(writer.commit(&error), qPrintable(error));
    }
    QCOMPARE(told, (QList<qint64>{100, 200, 300, 400, 450}));
    {
        BulkWriter writer(f.store);
        QVERIFY2(writer.begin(&error), qPrintable(error));
        BulkWriter::Result pool;
        QVERIFY2(writer.insertPlaces(again.places, &pool, &error), qPrintable(error));
        QVERIFY2(writer.insertBeneficiaries(again.people, &pool, &error), qPrintable(error));
        QCOMPARE(pool.inserted, 0);
        QCOMPARE(pool.existing, again.places.size() + again.people.size());
        QVERIFY2(writer.commit(&error), qPrintable(error));
    }
    QCOMPARE(f.store.places().size(), again.places.size());
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(problems(report)));
}

// crash_child --bulk writes batches of BulkBatch activities (steps of 500) through a BulkWriter and says "bulk <total>"
// after each commit; it is killed at a random moment, five times on the same base.
void TestBulkWriter::killedDuringBulkInserts_wholeBatchesOnly()
{
    constexpr qint64 kBulkBatch = 3000;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("delays seed %u", seed);
    QRandomGenerator delays(seed);
    qint64 reported = 0;
    for (int round = 0; round < 5; ++round) {
        QProcess child;
        child.start(QStringLiteral(CRASH_CHILD), {QStringLiteral("--bulk"), path, QString::number(round + 1)});
        QVERIFY2(child.waitForStarted(20000), qPrintable(child.errorString()));
        // Wait for its first commit, then kill it a moment later, during a later batch.
        QByteArray out;
        while (!out.contains("bulk ") && child.state() == QProcess::Running) {
            child.waitForReadyRead(100);
            out += child.readAllStandardOutput();
        }
        QVERIFY2(out.contains("bulk "), child.readAllStandardError().constData());
        QTest::qWait(static_cast<int>(delays.bounded(20, 400)));
        QCOMPARE(child.state(), QProcess::Running);
        QVERIFY(::kill(static_cast<pid_t>(child.processId()), SIGKILL) == 0);
        QVERIFY(child.waitForFinished(20000));
        out += child.readAllStandardOutput();
        for (const QByteArray &line : out.split('\n')) {
            if (line.startsWith("bulk "))
                reported = std::max(reported, line.mid(5).toLongLong());
        }

        FixedClock clock(TestData::fixedNow());
        Store store(clock);
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        const qint64 count = scalar(store, QStringLiteral("SELECT count(*) FROM activites"));
        qInfo("round %d: %lld activities reported, %lld in the base", round, reported, count);
        QCOMPARE(count % kBulkBatch, 0); // whole batches only
        QVERIFY(count >= reported);
        QVERIFY(count <= reported + kBulkBatch); // at most the batch it was writing, committed unreported
        reported = count;
        const IntegrityReport report = IntegrityChecker::run(store);
        QVERIFY2(report.ok(), qPrintable(problems(report)));
    }
    QVERIFY(reported >= 5 * kBulkBatch);
}

QTEST_GUILESS_MAIN(TestBulkWriter)
#include "tst_bulkwriter.moc"
