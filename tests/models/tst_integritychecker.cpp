#include "models/store/IntegrityChecker.h"
#include "tests/support/TestData.h"

#include <QSqlQuery>
#include <QTest>

class TestIntegrityChecker : public QObject
{
    Q_OBJECT

private slots:
    void healthyBase_isOk();
    void brokenRules_areReportedByActivity();
    void wrongAccompagnements_isReported();
    void runningCountsOutOfStep_areReported();
    void danglingReference_isReported();
};

namespace {
void fill(TestData::Fixture &f, Activity *individual, Activity *workshop)
{
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    *individual = TestData::individuel(place.id);
    *workshop = TestData::collectif(place.id);
    QVERIFY(f.store.saveActivity(*individual, &error));
    QVERIFY(f.store.saveActivity(*workshop, &error));
}
} // namespace

void TestIntegrityChecker::healthyBase_isOk()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    Activity a, w;
    fill(f, &a, &w);
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    QCOMPARE(report.activitiesChecked, 2);
}

void TestIntegrityChecker::brokenRules_areReportedByActivity()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    Activity a, w;
    fill(f, &a, &w);
    // Written behind the store's back, as a buggy import or a hand edit would.
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET thematiques = 'logement' WHERE type = 'individuel'")));
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY(!report.ok());
    QCOMPARE(report.problemCount, 1);
    const QString problem = report.problems.constFirst();
    QVERIFY2(
        problem.startsWith(QStringLiteral("Activité %1 du 29/06/2026 : ").arg(a.id.toString(QUuid::WithoutBraces))),
        qPrintable(problem));
    // No médiation thématique, and a démarche one without "Aide aux démarches administratives".
    QVERIFY(problem.contains(QStringLiteral("Veuillez renseigner au moins une thématique")));
    QVERIFY(problem.contains(QStringLiteral("Les thématiques de démarche administrative demandent")));
}

void TestIntegrityChecker::wrongAccompagnements_isReported()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    Activity a, w;
    fill(f, &a, &w);
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET accompagnements = 3 WHERE type = 'collectif'")));
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QCOMPARE(report.problemCount, 1);
    QCOMPARE(report.problems.constFirst(),
        QStringLiteral("Activité %1 du 15/06/2026 : 3 accompagnements enregistrés au lieu de 8.")
            .arg(w.id.toString(QUuid::WithoutBraces)));
}

void TestIntegrityChecker::runningCountsOutOfStep_areReported()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    Activity a, w;
    fill(f, &a, &w);
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites_compteurs SET n = 5 WHERE type = 'collectif'")));
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QCOMPARE(report.problemCount, 1);
    QCOMPARE(report.problems.constFirst(),
        QStringLiteral("Compteur des activités « collectif » (état de synchronisation 0) : 1 dans la base, "
                       "5 au compteur."));
}

void TestIntegrityChecker::danglingReference_isReported()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    Activity a, w;
    fill(f, &a, &w);
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
    QVERIFY(q.exec(QStringLiteral("DELETE FROM lieux")));
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY(!report.ok());
    QVERIFY2(report.problems.constFirst().contains(QStringLiteral("« activites »")),
        qPrintable(report.problems.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestIntegrityChecker)
#include "tst_integritychecker.moc"
