#include "models/demo/DemoGenerator.h"
#include "models/domain/Validator.h"
#include "models/store/IntegrityChecker.h"
#include "tests/support/TestData.h"

#include <QSqlQuery>
#include <QTest>

class TestDemoGenerator : public QObject
{
    Q_OBJECT

private slots:
    void sameSeed_sameActivities_otherSeed_otherOnes();
    void populate_fillsAValidAndVariedBase();
    void populate_refusesNonEmptyBase_unlessAppend();
    void populate_canBeCancelled();
};

void TestDemoGenerator::sameSeed_sameActivities_otherSeed_otherOnes()
{
    const QDate today(2026, 6, 30);
    DemoGenerator a(42, today);
    DemoGenerator b(42, today);
    DemoGenerator c(43, today);
    const QList<Place> places = a.makePlaces();
    QCOMPARE(b.makePlaces().constFirst().id, places.constFirst().id);
    const QList<Beneficiary> people = a.makeBeneficiaries(10);
    b.makeBeneficiaries(10);
    a.setPool(places, people);
    b.setPool(places, people);
    c.setPool(places, people);
    int differences = 0;
    for (int i = 0; i < 200; ++i) {
        const Activity x = a.nextActivity();
        const Activity y = b.nextActivity();
        QVERIFY(x.sameContent(y));
        QCOMPARE(x.creation, y.creation);
        differences += c.nextActivity().sameContent(x) ? 0 : 1;
    }
    QCOMPARE(differences, 200);
}

void TestDemoGenerator::populate_fillsAValidAndVariedBase()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    DemoGenerator::Options options;
    options.count = 3000;
    options.seed = 7;
    options.batchSize = 700;
    QString error;
    QList<qint64> steps;
    QVERIFY2(DemoGenerator::populate(f.store, options, &error,
                 [&](qint64 done, qint64 total) {
                     steps.append(done);
                     return total == 3000;
                 }),
        qPrintable(error));
    QCOMPARE(steps, (QList<qint64>{700, 1400, 2100, 2800, 3000}));
    QVERIFY(!f.store.profile().isEmpty());
    QVERIFY(f.store.places().size() >= 3);
    QVERIFY(f.store.beneficiaries().size() >= 5);

    const StoreCounts c = f.store.counts();
    QCOMPARE(c.activites() + c.individuelsSupprimes + c.collectifsSupprimes, 3000);
    QVERIFY(c.collectifs > 300 && c.individuels > 2000);
    QVERIFY(c.individuelsSupprimes + c.collectifsSupprimes > 10);

    QSqlQuery q(f.store.database());
    const auto scalar = [&](const QString &sql) { return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1; };
    QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM activites WHERE thematiques LIKE "
                                  "'%aide_aux_demarches_administratives%'"))
        > 300);
    QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM activites WHERE precisions_demarche <> ''")) > 50);
    QVERIFY(scalar(QStringLiteral("SELECT count(DISTINCT lieu_id) FROM activites")) >= 3);
    QVERIFY(scalar(QStringLiteral("SELECT count(DISTINCT type_lieu) FROM activites")) == 4);
    QVERIFY(scalar(QStringLiteral("SELECT count(DISTINCT duree) FROM activites")) >= 6);
    QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM activites WHERE beneficiaire_id IS NOT NULL")) > 100);
    QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM activite_participants")) > 20);
    // Over the last 24 months, never in the future.
    QVERIFY(
        scalar(QStringLiteral("SELECT count(*) FROM activites WHERE date > '2026-06-30' OR date < '2024-06-28'")) == 0);
    QVERIFY(scalar(QStringLiteral("SELECT count(DISTINCT substr(date, 1, 7)) FROM activites")) >= 24);
    // No timestamp in the future of the store's clock (2026-06-30 10:00 UTC), none out of order.
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM activites WHERE creation > '2026-06-30T10:00:00.000Z' "
                                   "OR modification > '2026-06-30T10:00:00.000Z' "
                                   "OR suppression > '2026-06-30T10:00:00.000Z'")),
        0);
    QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM activites WHERE modification < creation "
                                   "OR suppression < creation")),
        0);
    QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM activites WHERE date = '2026-06-30'")) > 0);

    // Deleting today's activities right now keeps the base consistent.
    QSqlQuery today(f.store.database());
    QVERIFY(today.exec(QStringLiteral("SELECT id FROM activites WHERE date = '2026-06-30' AND suppression IS NULL")));
    QList<QUuid> ids;
    while (today.next())
        ids.append(QUuid(today.value(0).toString()));
    QVERIFY(!ids.isEmpty());
    for (const QUuid &id : std::as_const(ids))
        QVERIFY2(f.store.deleteActivity(id, &error), qPrintable(error));

    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
}

void TestDemoGenerator::populate_refusesNonEmptyBase_unlessAppend()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    DemoGenerator::Options options;
    options.count = 50;
    QString error;
    QVERIFY(DemoGenerator::populate(f.store, options, &error));
    QVERIFY(!DemoGenerator::populate(f.store, options, &error));
    QVERIFY2(error.contains(QStringLiteral("--append")), qPrintable(error));
    QCOMPARE(
        f.store.counts().activites() + f.store.counts().individuelsSupprimes + f.store.counts().collectifsSupprimes,
        50);
    options.append = true;
    options.seed = 2;
    QVERIFY2(DemoGenerator::populate(f.store, options, &error), qPrintable(error));
    const StoreCounts c = f.store.counts();
    QCOMPARE(c.activites() + c.individuelsSupprimes + c.collectifsSupprimes, 100);
}

void TestDemoGenerator::populate_canBeCancelled()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    DemoGenerator::Options options;
    options.count = 1000;
    options.batchSize = 100;
    QString error;
    QVERIFY(!DemoGenerator::populate(f.store, options, &error, [](qint64 done, qint64) { return done < 300; }));
    QCOMPARE(error, QStringLiteral("Génération interrompue après 300 activités."));
    const StoreCounts c = f.store.counts();
    QCOMPARE(c.activites() + c.individuelsSupprimes + c.collectifsSupprimes, 300);
}

QTEST_GUILESS_MAIN(TestDemoGenerator)
#include "tst_demogenerator.moc"
