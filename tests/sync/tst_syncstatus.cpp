#include "sync/SyncStatus.h"
#include "tests/support/TestData.h"

#include <QSqlQuery>
#include <QTest>

class TestSyncStatus : public QObject
{
    Q_OBJECT

private slots:
    void newActivities_arePending();
    void summary_prefersWhatNeedsTheUser();
    void pendingDeletions_areNamed();
};

void TestSyncStatus::newActivities_arePending()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    for (int i = 0; i < 3; ++i) {
        Activity a = TestData::individuel(place.id);
        QVERIFY(f.store.saveActivity(a, &error));
    }
    const SyncStatus::Summary s = SyncStatus::summarize(f.store);
    QCOMPARE(s.pending, 3);
    QCOMPARE(s.sent, 0);
    QCOMPARE(SyncStatus::describe(s), QStringLiteral("3 activités à envoyer"));
}

void TestSyncStatus::summary_prefersWhatNeedsTheUser()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    for (int i = 0; i < 4; ++i) {
        Activity a = TestData::individuel(place.id);
        QVERIFY(f.store.saveActivity(a, &error));
    }
    QCOMPARE(SyncStatus::describe(SyncStatus::Summary()), QStringLiteral("Rien à envoyer"));
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 2")));
    QCOMPARE(SyncStatus::describe(SyncStatus::summarize(f.store)), QStringLiteral("Tout est envoyé"));
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 4 WHERE rowid = 1")));
    QCOMPARE(SyncStatus::describe(SyncStatus::summarize(f.store)), QStringLiteral("1 envoi en échec"));
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 3 WHERE rowid = 2")));
    const SyncStatus::Summary s = SyncStatus::summarize(f.store);
    QCOMPARE(s.sent, 2);
    QCOMPARE(s.conflicts, 1);
    QCOMPARE(SyncStatus::describe(s), QStringLiteral("1 conflit à résoudre"));
    QCOMPARE(SyncStatus::label(SyncState::Sent), QStringLiteral("Envoyée"));
}

void TestSyncStatus::pendingDeletions_areNamed()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    QList<QUuid> ids;
    for (int i = 0; i < 5; ++i) {
        Activity a = TestData::individuel(place.id);
        QVERIFY(f.store.saveActivity(a, &error));
        ids << a.id;
    }
    QVERIFY(f.store.deleteActivity(ids.at(0), &error));
    QVERIFY(f.store.deleteActivity(ids.at(1), &error));
    SyncStatus::Summary s = SyncStatus::summarize(f.store);
    QCOMPARE(s.pending, 5);
    QCOMPARE(s.pendingDeletions, 2);
    // "5 à envoyer" beside "3 activités" in the status bar: the two deletions say why.
    QCOMPARE(SyncStatus::describe(s), QStringLiteral("5 activités à envoyer, dont 2 suppressions"));
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 2 WHERE suppression IS NULL")));
    s = SyncStatus::summarize(f.store);
    QCOMPARE(s.pendingDeletions, 2);
    QCOMPARE(SyncStatus::describe(s), QStringLiteral("2 suppressions à envoyer"));
}

QTEST_GUILESS_MAIN(TestSyncStatus)
#include "tst_syncstatus.moc"
