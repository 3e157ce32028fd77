// The sync ledger (models/store/SyncLedger.h) on a real store: every local change enters the outbox in its own
// transaction, whatever wrote it; an item is marked attempted before its request and sent only for the change that
// was confirmed; failures, retries and conflicts keep what the engine and the window need.
#include "models/demo/DemoGenerator.h"
#include "models/store/SyncLedger.h"
#include "tests/support/TestData.h"

#include <QSqlQuery>
#include <QTest>

using TestData::Fixture;
using Kind = SyncLedger::Kind;

namespace {
int rowState(const Store &store, const char *table, const QUuid &id)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT sync_state FROM %1 WHERE id = ?").arg(QLatin1String(table)));
    q.addBindValue(id.toString(QUuid::WithoutBraces));
    return q.exec() && q.next() ? q.value(0).toInt() : -1;
}

QString serverVersion(const Store &store, const char *table, const QUuid &id)
{
    QSqlQuery q(store.database());
    q.prepare(QStringLiteral("SELECT server_version FROM %1 WHERE id = ?").arg(QLatin1String(table)));
    q.addBindValue(id.toString(QUuid::WithoutBraces));
    return q.exec() && q.next() ? q.value(0).toString() : QStringLiteral("?");
}

QList<SyncLedger::Item> dueNow(const SyncLedger &ledger, const QDateTime &now, int limit = 100)
{
    QList<SyncLedger::Item> items;
    QString error;
    if (!ledger.due(now, limit, &items, &error))
        qWarning() << error;
    return items;
}

QDateTime inAMinute(const SyncLedger::Item &item)
{
    return item.attempted.isValid() ? item.attempted.addSecs(60) : TestData::fixedNow().addSecs(60);
}
} // namespace

class TestSyncLedger : public QObject
{
    Q_OBJECT

private slots:
    void everyLocalWrite_entersTheOutbox_once_andEachChangeCounts()
    {
        Fixture f;
        QVERIFY(f.open());
        SyncLedger ledger(f.store);
        QString error;
        Place place = TestData::place();
        QVERIFY2(f.store.savePlace(place, &error), qPrintable(error));
        Beneficiary person = TestData::beneficiary();
        QVERIFY2(f.store.saveBeneficiary(person, &error), qPrintable(error));
        Activity a = TestData::individuel(place.id);
        a.beneficiaireId = person.id;
        a.anonyme = {};
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
        QCOMPARE(ledger.pendingCount(), 3);
        QCOMPARE(ledger.item(Kind::Lieu, place.id)->change, 1);
        QCOMPARE(ledger.item(Kind::Beneficiaire, person.id)->change, 1);
        QCOMPARE(ledger.item(Kind::Activite, a.id)->change, 1);

        // Each later change counts: an edit, an archive, a deletion, a restore, an erasure.
        a.dureeMinutes = 60;
        QVERIFY(f.store.saveActivity(a, &error));
        QVERIFY(f.store.deleteActivity(a.id, &error));
        QVERIFY(f.store.restoreActivity(a.id, &error));
        QCOMPARE(ledger.item(Kind::Activite, a.id)->change, 4);
        QVERIFY(f.store.archivePlace(place.id, true, &error));
        QCOMPARE(ledger.item(Kind::Lieu, place.id)->change, 2);
        QVERIFY(f.store.deleteBeneficiary(person.id, &error));
        QVERIFY(ledger.item(Kind::Beneficiaire, person.id)->change >= 2);
        QCOMPARE(ledger.pendingCount(), 3);
    }

    // A change that fails changes nothing of the sync: the row sent stays sent, at its change (the counter moves in
    // the change's own transaction).
    void aFailedWrite_leavesTheSyncStateAsItWas()
    {
        Fixture f;
        QVERIFY(f.open());
        SyncLedger ledger(f.store);
        QString error;
        Activity a = TestData::individuel(QUuid());
        a.typeLieu = QStringLiteral("domicile");
        a.lieuCommune = TestData::gueret();
        QVERIFY(f.store.saveActivity(a, &error));
        const QDateTime now = TestData::fixedNow();
        const SyncLedger::Item item = dueNow(ledger, now).value(0);
        QVERIFY(ledger.markAttempted({item}, now, inAMinute, &error));
        QVERIFY(ledger.markSent(item, QStringLiteral("1"), &error));
        QCOMPARE(ledger.pendingCount(), 0);
        QSqlQuery q(f.store.database());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse AFTER UPDATE ON activites WHEN NEW.notes = 'refusée' "
                                      "BEGIN SELECT RAISE(ABORT, 'refusée'); END")));
        a.notes = QStringLiteral("refusée");
        QVERIFY(!f.store.saveActivity(a, &error));
        QCOMPARE(ledger.pendingCount(), 0);
        QCOMPARE(rowState(f.store, "activites", a.id), int(SyncState::Sent));
        QVERIFY(q.exec(QStringLiteral("SELECT sync_change FROM activites")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(!ledger.item(Kind::Activite, a.id));
    }

    // Bulk writes (the demo, the imports) go through the same triggers.
    void bulkWrites_enterTheOutbox()
    {
        Fixture f;
        QVERIFY(f.openWithDemo(300, 7));
        SyncLedger ledger(f.store);
        // Every place and person, and every activity (the running counts say how many are pending), to send.
        QSqlQuery q(f.store.database());
        QVERIFY(q.exec(QStringLiteral("SELECT (SELECT count(*) FROM lieux) + (SELECT count(*) FROM beneficiaires)"))
            && q.next());
        const qint64 expected = q.value(0).toLongLong() + f.store.syncCounts().pending;
        QVERIFY(f.store.syncCounts().pending >= 300);
        QCOMPARE(ledger.pendingCount(), expected);
        // At their first change, with nothing written besides (the outbox is the rows not sent).
        QVERIFY(q.exec(QStringLiteral("SELECT max(sync_change), (SELECT count(*) FROM sync_envoi) FROM activites"))
            && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QCOMPARE(q.value(1).toInt(), 0);
        QList<SyncLedger::Item> items;
        QString error;
        QVERIFY(ledger.due(TestData::fixedNow(), 1000000, &items, &error));
        QCOMPARE(qint64(items.size()), ledger.pendingCount());
    }

    // Places first, then people, then activities; what waits for its next attempt is not due.
    void due_inTheServersOrder_andNotBeforeItsTime()
    {
        Fixture f;
        QVERIFY(f.open());
        SyncLedger ledger(f.store);
        QString error;
        Activity a = TestData::individuel(QUuid());
        a.typeLieu = QStringLiteral("domicile");
        a.lieuCommune = TestData::gueret();
        QVERIFY(f.store.saveActivity(a, &error));
        Beneficiary person = TestData::beneficiary();
        QVERIFY(f.store.saveBeneficiary(person, &error));
        Place place = TestData::place();
        QVERIFY(f.store.savePlace(place, &error));
        const QDateTime now = TestData::fixedNow();
        QList<SyncLedger::Item> items = dueNow(ledger, now);
        QCOMPARE(items.size(), 3);
        QCOMPARE(items.at(0).kind, Kind::Lieu);
        QCOMPARE(items.at(1).kind, Kind::Beneficiaire);
        QCOMPARE(items.at(2).kind, Kind::Activite);
        QCOMPARE(dueNow(ledger, now, 2).size(), 2);

        QVERIFY2(ledger.markAttempted(items.mid(0, 1), now, inAMinute, &error), qPrintable(error));
        QCOMPARE(rowState(f.store, "lieux", place.id), int(SyncState::Sending));
        items = dueNow(ledger, now);
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).kind, Kind::Beneficiaire);
        QCOMPARE(dueNow(ledger, now.addSecs(61)).size(), 3);
    }

    // Attempted, then edited while the request was out, then confirmed: the confirmation is for the change sent, so
    // the edit stays to send, on top of the version the server gave. Confirmed at its change: out of the outbox.
    void sent_countsOnlyForTheChangeThatWasSent()
    {
        Fixture f;
        QVERIFY(f.open());
        SyncLedger ledger(f.store);
        QString error;
        Activity a = TestData::individuel(QUuid());
        a.typeLieu = QStringLiteral("domicile");
        a.lieuCommune = TestData::gueret();
        QVERIFY(f.store.saveActivity(a, &error));
        const QDateTime now = TestData::fixedNow();
        const SyncLedger::Item sent = dueNow(ledger, now).value(0);
        QCOMPARE(sent.change, 1);
        QVERIFY(ledger.markAttempted({sent}, now, inAMinute, &error));
        QCOMPARE(rowState(f.store, "activites", a.id), int(SyncState::Sending));
        a.dureeMinutes = 75; // the mediator edits meanwhile
        QVERIFY(f.store.saveActivity(a, &error));
        QCOMPARE(rowState(f.store, "activites", a.id), int(SyncState::Pending));
        QVERIFY2(ledger.markSent(sent, QStringLiteral("1"), &error), qPrintable(error));
        QCOMPARE(ledger.pendingCount(), 1);
        QCOMPARE(serverVersion(f.store, "activites", a.id), QStringLiteral("1"));
        QVERIFY(rowState(f.store, "activites", a.id) != int(SyncState::Sent));
        const SyncLedger::Item again = dueNow(ledger, now).value(0); // at once: the edit reset the wait
        QVERIFY(again.change > sent.change);
        QCOMPARE(again.attempts, 0);
        QVERIFY(ledger.markAttempted({again}, now, inAMinute, &error));
        QVERIFY(ledger.markSent(again, QStringLiteral("2"), &error));
        QCOMPARE(ledger.pendingCount(), 0);
        QCOMPARE(rowState(f.store, "activites", a.id), int(SyncState::Sent));
        QCOMPARE(serverVersion(f.store, "activites", a.id), QStringLiteral("2"));
        QCOMPARE(f.store.syncCounts().sent, 1);
    }

    // A crash after the attempt was recorded: the item is still there, counted as an attempt, due again once its
    // wait is over (the resend is harmless: the server answers an identical resend with success).
    void crashAfterTheAttempt_dueAgainAfterItsWait()
    {
        Fixture f;
        QVERIFY(f.open());
        QString error;
        Place place = TestData::place();
        QVERIFY(f.store.savePlace(place, &error));
        const QDateTime now = TestData::fixedNow();
        {
            SyncLedger ledger(f.store);
            QVERIFY(ledger.markAttempted(dueNow(ledger, now), now, inAMinute, &error));
        }
        f.store.close();
        QVERIFY(f.open());
        SyncLedger ledger(f.store);
        QVERIFY(dueNow(ledger, now.addSecs(30)).isEmpty());
        const QList<SyncLedger::Item> items = dueNow(ledger, now.addSecs(60));
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().attempts, 1);
        QCOMPARE(items.first().attempted, now);
    }

    // A retry keeps the server's message and the time of the next attempt; the attempts keep counting.
    void retry_keepsTheMessage_andCounts()
    {
        Fixture f;
        QVERIFY(f.open());
        SyncLedger ledger(f.store);
        QString error;
        Place place = TestData::place();
        QVERIFY(f.store.savePlace(place, &error));
        QDateTime now = TestData::fixedNow();
        for (int attempt = 1; attempt <= 3; ++attempt) {
            const SyncLedger::Item item = dueNow(ledger, now).value(0);
            QCOMPARE(item.attempts, attempt - 1);
            QVERIFY(ledger.markAttempted({item}, now, inAMinute, &error));
            QVERIFY(ledger.markRetry(item, QStringLiteral("Erreur du serveur (503)"), now.addSecs(25), &error));
            QVERIFY(dueNow(ledger, now.addSecs(24)).isEmpty());
            now = now.addSecs(25);
        }
        const SyncLedger::Item item = *ledger.item(Kind::Lieu, place.id);
        QCOMPARE(item.attempts, 3);
        QCOMPARE(item.error, QStringLiteral("Erreur du serveur (503)"));
    }

    // Refused for good: shown in error, not due until edited, or until the mediator asks to retry.
    void failed_waitsForAnEdit_orForRetry()
    {
        Fixture f;
        QVERIFY(f.open());
        SyncLedger ledger(f.store);
        QString error;
        Beneficiary person = TestData::beneficiary();
        QVERIFY(f.store.saveBeneficiary(person, &error));
        const QDateTime now = TestData::fixedNow();
        SyncLedger::Item item = dueNow(ledger, now).value(0);
        QVERIFY(ledger.markAttempted({item}, now, inAMinute, &error));
        QVERIFY(ledger.markFailed(item, QStringLiteral("« attributes.email » : refusé"), &error));
        QCOMPARE(rowState(f.store, "beneficiaires", person.id), int(SyncState::Failed));
        QVERIFY(dueNow(ledger, now.addDays(30)).isEmpty());
        QVERIFY(ledger.item(Kind::Beneficiaire, person.id)->blocked);
        person.email = QStringLiteral("josiane@example.fr");
        QVERIFY(f.store.saveBeneficiary(person, &error));
        item = dueNow(ledger, now).value(0);
        QCOMPARE(item.id, person.id);
        QCOMPARE(item.attempts, 0);
        QVERIFY(item.error.isEmpty());
        QVERIFY(ledger.markAttempted({item}, now, inAMinute, &error));
        QVERIFY(ledger.markFailed(item, QStringLiteral("refusé encore"), &error));
        QVERIFY(dueNow(ledger, now).isEmpty());
        QVERIFY(ledger.retryBlocked(&error));
        QCOMPARE(dueNow(ledger, now).size(), 1);
    }

    // A conflict keeps the server's copy beside the local row; "Réessayer" leaves it for the mediator to resolve.
    void conflict_keepsTheServersCopy()
    {
        Fixture f;
        QVERIFY(f.open());
        SyncLedger ledger(f.store);
        QString error;
        Activity a = TestData::individuel(QUuid());
        a.typeLieu = QStringLiteral("domicile");
        a.lieuCommune = TestData::gueret();
        QVERIFY(f.store.saveActivity(a, &error));
        const QDateTime now = TestData::fixedNow();
        const SyncLedger::Item item = dueNow(ledger, now).value(0);
        QVERIFY(ledger.markAttempted({item}, now, inAMinute, &error));
        const QByteArray copy = R"({"type":"activite","id":"x","attributes":{"duree":90}})";
        QVERIFY2(ledger.markConflict(item, QStringLiteral("4"), copy, now, &error), qPrintable(error));
        QCOMPARE(rowState(f.store, "activites", a.id), int(SyncState::Conflict));
        QCOMPARE(f.store.syncCounts().conflicts, 1);
        const QList<SyncLedger::Conflict> conflicts = ledger.conflicts();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts.first().id, a.id);
        QCOMPARE(conflicts.first().version, QStringLiteral("4"));
        QCOMPARE(conflicts.first().serverCopy, copy);
        QVERIFY(ledger.retryBlocked(&error));
        QVERIFY(dueNow(ledger, now).isEmpty());
    }

    void cursor_keptPerKind()
    {
        Fixture f;
        QVERIFY(f.open());
        SyncLedger ledger(f.store);
        QString error;
        QCOMPARE(ledger.cursor(Kind::Activite), QString());
        QVERIFY(ledger.setCursor(Kind::Activite, QStringLiteral("czEyMw"), TestData::fixedNow(), &error));
        QVERIFY(ledger.setCursor(Kind::Lieu, QStringLiteral("czQ"), TestData::fixedNow(), &error));
        QVERIFY(ledger.setCursor(Kind::Activite, QStringLiteral("czEyNA"), TestData::fixedNow(), &error));
        QCOMPARE(ledger.cursor(Kind::Activite), QStringLiteral("czEyNA"));
        QCOMPARE(ledger.cursor(Kind::Lieu), QStringLiteral("czQ"));
        QCOMPARE(ledger.cursor(Kind::Beneficiaire), QString());
    }
};

QTEST_GUILESS_MAIN(TestSyncLedger)
#include "tst_syncledger.moc"
