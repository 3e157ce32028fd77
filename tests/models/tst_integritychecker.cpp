#include "models/store/IntegrityChecker.h"
#include "models/store/SchemaCheck.h"
#include "tests/support/DamagedFile.h"
#include "tests/support/TestData.h"

#include <QRegularExpression>
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
    void sqliteLines_areFrenchSentences();
    void damagedFile_isReportedInFrench();
    void droppedTriggerAndIndex_areReported_andRepaired();
    void alteredAndForeignObjects_areReported_andRepaired();
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

void TestIntegrityChecker::sqliteLines_areFrenchSentences()
{
    QCOMPARE(IntegrityChecker::describeSqliteProblem(QStringLiteral("Page 402: btreeInitPage() returns error code 11")),
        QStringLiteral("Page 402 de la base illisible."));
    QCOMPARE(IntegrityChecker::describeSqliteProblem(QStringLiteral("row 12 missing from index activites_date")),
        QStringLiteral("L'index « activites_date » ne correspond pas à la table (ligne 12 absente)."));
    QCOMPARE(IntegrityChecker::describeSqliteProblem(QStringLiteral("wrong # of entries in index activites_date")),
        QStringLiteral("L'index « activites_date » ne correspond pas à la table (nombre d'entrées différent)."));
    QCOMPARE(IntegrityChecker::describeSqliteProblem(QStringLiteral("NULL value in activites.date")),
        QStringLiteral("La table « activites » a une valeur vide dans la colonne « date »."));
    QCOMPARE(IntegrityChecker::describeSqliteProblem(QStringLiteral("*** in database main ***")), QString());
    // SQLite 3.40 answers every problem in one row, one a line, after the name of the database.
    QCOMPARE(IntegrityChecker::describeSqliteProblems(QStringLiteral(
                 "*** in database main ***\nPage 150: btreeInitPage() returns error code 11\nrow 3 missing from index "
                 "activites_date\n")),
        (QStringList{QStringLiteral("Page 150 de la base illisible."),
            QStringLiteral("L'index « activites_date » ne correspond pas à la table (ligne 3 absente).")}));
    QCOMPARE(IntegrityChecker::describeSqliteProblem(QStringLiteral("ok")), QString());
    // SQLite's text after a French sentence when the sentence does not say it all.
    QCOMPARE(IntegrityChecker::describeSqliteProblem(QStringLiteral("On tree page 71 cell 1: Offset 3 out of range")),
        QStringLiteral("Page 71 de la base incohérente (détail technique de SQLite : On tree page 71 cell 1: Offset 3 "
                       "out of range)."));
    QCOMPARE(IntegrityChecker::describeSqliteProblem(QStringLiteral("Freelist: size is 3 but should be 4")),
        QStringLiteral("Partie de la base incohérente (détail technique de SQLite : Freelist: size is 3 but should "
                       "be 4)."));
}

void TestIntegrityChecker::damagedFile_isReportedInFrench()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(2000, 4));
    f.store.close();
    QList<qint64> pages;
    QVERIFY(DamagedFile::overwritePages(f.path(), 4, 99, &pages));
    Store::OpenOptions options;
    options.quickCheckMs = 0;
    QString error;
    QVERIFY2(f.store.open(f.path(), &error, options), qPrintable(error));
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY(report.damaged());
    QCOMPARE(report.fileProblems, report.problemCount);
    QVERIFY(report.activitiesChecked == 0);
    const QRegularExpression french(QStringLiteral("^(Page \\d+ de la base |L'index « |La table « |Partie de la base |"
                                                   "La vérification de SQLite )"));
    for (const QString &problem : report.problems)
        QVERIFY2(french.match(problem).hasMatch(), qPrintable(problem));
    bool named = false;
    for (const qint64 page : std::as_const(pages))
        named = named || report.problems.contains(QStringLiteral("Page %1 de la base illisible.").arg(page));
    QVERIFY2(named, qPrintable(report.problems.join(QLatin1Char('\n'))));
}

void TestIntegrityChecker::droppedTriggerAndIndex_areReported_andRepaired()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(200, 6));
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("DROP TRIGGER activites_compteurs_insert")));
    QVERIFY(q.exec(QStringLiteral("DROP INDEX activites_date")));
    // Written while the trigger is missing: the running counts go out of step.
    Place place = TestData::place();
    QString error;
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));

    IntegrityReport report = IntegrityChecker::run(f.store);
    QCOMPARE(report.fileProblems, 0);
    QCOMPARE(report.schemaProblems, 2);
    QVERIFY(report.schemaRepairable);
    QVERIFY2(report.problems.contains(QStringLiteral("Le déclencheur « activites_compteurs_insert » manque au schéma "
                                                     "(« carnet check --reparer » le rétablit).")),
        qPrintable(report.problems.join(QLatin1Char('\n'))));
    QVERIFY(report.problems.contains(
        QStringLiteral("L'index « activites_date » manque au schéma (« carnet check --reparer » le rétablit).")));
    QVERIFY(report.problemCount > 2); // and the counter that the missing trigger let go

    QStringList restored;
    QVERIFY2(SchemaCheck::repair(f.store, &restored, &error), qPrintable(error));
    QCOMPARE(restored,
        (QStringList{QStringLiteral("Index « activites_date » rétabli."),
            QStringLiteral("Déclencheur « activites_compteurs_insert » rétabli.")}));
    report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    // The trigger works again.
    const qint64 before = f.store.counts().activites();
    Activity b = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(b, &error));
    QCOMPARE(f.store.counts().activites(), before + 1);
}

void TestIntegrityChecker::alteredAndForeignObjects_areReported_andRepaired()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(50, 6));
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("DROP INDEX activites_beneficiaire")));
    QVERIFY(q.exec(QStringLiteral("CREATE INDEX activites_beneficiaire ON activites (beneficiaire_id)")));
    QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER espion AFTER INSERT ON beneficiaires BEGIN SELECT 1; END")));
    QVERIFY(q.exec(QStringLiteral("DROP TABLE activites_compteurs")));
    IntegrityReport report = IntegrityChecker::run(f.store);
    QCOMPARE(report.schemaProblems, 3);
    QVERIFY(report.schemaRepairable);
    QVERIFY2(report.problems.contains(QStringLiteral(
                 "L'index « activites_beneficiaire » a été modifié (« carnet check --reparer » le rétablit).")),
        qPrintable(report.problems.join(QLatin1Char('\n'))));
    QVERIFY(report.problems.contains(
        QStringLiteral("Le déclencheur « espion » n'est pas de Carnet (« carnet check --reparer » le retire).")));
    QVERIFY(report.problems.contains(QStringLiteral(
        "La table « activites_compteurs » manque au schéma (« carnet check --reparer » la reconstruit).")));

    QStringList restored;
    QString error;
    QVERIFY2(SchemaCheck::repair(f.store, &restored, &error), qPrintable(error));
    QVERIFY(restored.contains(QStringLiteral("Table « activites_compteurs » reconstruite.")));
    QVERIFY(restored.contains(QStringLiteral("Déclencheur « espion » retiré.")));
    report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    QCOMPARE(
        f.store.counts().activites() + f.store.counts().individuelsSupprimes + f.store.counts().collectifsSupprimes,
        50);

    // A table of records cannot be made again: said, not repaired.
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
    QVERIFY(q.exec(QStringLiteral("DROP TABLE activite_participants")));
    report = IntegrityChecker::run(f.store);
    QVERIFY(!report.schemaRepairable);
    QVERIFY2(report.problems.contains(QStringLiteral("La table « activite_participants » manque au schéma : ses "
                                                     "données sont perdues (restaurez une sauvegarde).")),
        qPrintable(report.problems.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestIntegrityChecker)
#include "tst_integritychecker.moc"
