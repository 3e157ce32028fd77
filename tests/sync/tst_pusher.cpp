// The push of the sync engine (sync/client/Pusher.h) from a real Carnet base to a real carnet-serveur, directly and
// through the fault proxy; and, with a fake server's answers, what each answer leaves in the ledger.
#include "models/store/SyncLedger.h"
#include "sync/client/HttpTransport.h"
#include "sync/client/Pusher.h"
#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"
#include "tests/sync/ServerProcess.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <httplib.h>

using TestData::Fixture;

namespace {
// POST through cpp-httplib's client: a real HTTP exchange, with a time-out.
Pusher::Post httpPost(int port, const QString &token, int timeoutMs = 10000)
{
    auto client = std::make_shared<httplib::Client>("127.0.0.1", port);
    client->set_read_timeout(0, timeoutMs * 1000);
    client->set_keep_alive(true);
    return [client, token](const QString &path, const QByteArray &body) {
        Pusher::Reply reply;
        const httplib::Result r = client->Post(QString(QStringLiteral("/api/v1") + path).toStdString(),
            httplib::Headers{{"Authorization", "Bearer " + token.toStdString()}}, body.toStdString(),
            "application/vnd.api+json");
        if (!r) {
            reply.error = QString::fromStdString(httplib::to_string(r.error()));
            return reply;
        }
        reply.status = r->status;
        reply.body = QByteArray::fromStdString(r->body);
        reply.retryAfter = QByteArray::fromStdString(r->get_header_value("Retry-After"));
        return reply;
    };
}

// Every resource of a collection on the server, by id.
QHash<QString, QJsonObject> serverCopies(int port, const QString &token, const QString &collection)
{
    QHash<QString, QJsonObject> all;
    httplib::Client c("127.0.0.1", port);
    std::string path = "/api/v1/" + collection.toStdString() + "?page%5Bsize%5D=500";
    while (!path.empty()) {
        const httplib::Result r = c.Get(path, httplib::Headers{{"Authorization", "Bearer " + token.toStdString()}});
        if (!r || r->status != 200)
            return {};
        const QJsonObject page = QJsonDocument::fromJson(QByteArray::fromStdString(r->body)).object();
        for (const QJsonValue &v : page.value(QLatin1String("data")).toArray())
            all.insert(v.toObject().value(QLatin1String("id")).toString(), v.toObject());
        path = ServerTest::nextPath(page);
    }
    return all;
}

QList<Activity> localActivities(const Store &store)
{
    QList<Activity> list;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT id FROM activites"));
    while (q.next())
        list << *store.activity(QUuid::fromString(q.value(0).toString()));
    return list;
}
} // namespace

class TestPusher : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerTest::Server> m_server;

    // The server holds exactly the local activities, places and people, each identical.
    void compareWithServer(const Store &store, int port, const QString &token)
    {
        const QHash<QString, QJsonObject> activities = serverCopies(port, token, QStringLiteral("activites"));
        const QList<Activity> local = localActivities(store);
        QCOMPARE(activities.size(), local.size());
        for (const Activity &a : local) {
            Activity back;
            QString error;
            QVERIFY2(ActivityWire::fromResource(activities.value(a.id.toString(QUuid::WithoutBraces)), &back, &error),
                qPrintable(error));
            QVERIFY2(back.sameContent(a), qPrintable(a.id.toString()));
            QCOMPARE(back.isDeleted(), a.isDeleted());
        }
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM lieux")) && q.next());
        QCOMPARE(serverCopies(port, token, QStringLiteral("lieux")).size(), q.value(0).toInt());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM beneficiaires")) && q.next());
        QCOMPARE(serverCopies(port, token, QStringLiteral("beneficiaires")).size(), q.value(0).toInt());
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerTest::Server>(QStringList{QStringLiteral("--data"), m_dir.path()});
        QVERIFY(m_server->start({QStringLiteral("--requetes-par-minute"), QStringLiteral("0")}));
    }
    void cleanupTestCase() { QVERIFY(m_server->stop()); }

    // A demo base pushed: the server holds each place, person and activity once, identical; a second push sends
    // nothing; an edit and a deletion reach the server on the next.
    void push_demoBase_thenNothing_thenTheEdits()
    {
        const QString token = m_server->addAccount(QStringLiteral("Camille Dupont"));
        Fixture f;
        QVERIFY(f.openWithDemo(1200, 5));
        SyncLedger ledger(f.store);
        const qint64 pending = ledger.pendingCount();
        RetryPolicy::Schedule schedule(1);
        Pusher pusher(f.store, f.clock, schedule, httpPost(m_server->port(), token));
        const Pusher::Summary first = pusher.run();
        QVERIFY2(first.message.isEmpty(), qPrintable(first.message));
        QCOMPARE(qint64(first.sent), pending);
        QCOMPARE(ledger.pendingCount(), 0);
        QCOMPARE(f.store.syncCounts().pending, 0);
        compareWithServer(f.store, m_server->port(), token);

        QCOMPARE(pusher.run().sent, 0);

        QList<Activity> local = localActivities(f.store);
        Activity edited = local.at(3);
        edited.dureeMinutes = edited.dureeMinutes == 90 ? 60 : 90;
        QString error;
        QVERIFY(f.store.saveActivity(edited, &error));
        QVERIFY(f.store.deleteActivity(local.at(4).id, &error));
        const Pusher::Summary again = pusher.run();
        QCOMPARE(again.sent, 2);
        QCOMPARE(again.conflicts, 0);
        compareWithServer(f.store, m_server->port(), token);
        const QJsonObject copy = serverCopies(m_server->port(), token, QStringLiteral("activites"))
                                     .value(edited.id.toString(QUuid::WithoutBraces));
        QCOMPARE(copy.value(QLatin1String("meta")).toObject().value(QLatin1String("version")).toInt(), 2);
    }

    // The product's HTTP (QNetworkAccessManager): the same push, the same result.
    void push_throughQtNetwork()
    {
        const QString token = m_server->addAccount(QStringLiteral("Lou Bernard"));
        Fixture f;
        QVERIFY(f.openWithDemo(300, 8));
        HttpTransport transport(
            {QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1").arg(m_server->port())), token, 10000});
        RetryPolicy::Schedule schedule(8);
        Pusher pusher(f.store, f.clock, schedule, transport.post());
        const qint64 pending = SyncLedger(f.store).pendingCount();
        const Pusher::Summary s = pusher.run();
        QVERIFY2(s.message.isEmpty(), qPrintable(s.message));
        QCOMPARE(qint64(s.sent), pending);
        compareWithServer(f.store, m_server->port(), token);
        // No server there: no answer, retried later, nothing lost.
        HttpTransport nowhere({QUrl(QStringLiteral("http://127.0.0.1:1/api/v1")), token, 2000});
        Activity a = localActivities(f.store).first();
        a.notes = QStringLiteral("Hors ligne.");
        QString error;
        QVERIFY(f.store.saveActivity(a, &error));
        Pusher offline(f.store, f.clock, schedule, nowhere.post());
        const Pusher::Summary none = offline.run();
        QCOMPARE(none.retried, 1);
        QVERIFY2(none.message.startsWith(QStringLiteral("Pas de réponse du serveur")), qPrintable(none.message));
        QCOMPARE(SyncLedger(f.store).pendingCount(), 1);
    }

    // The token and the data never travel in clear beyond this machine.
    void transport_acceptsHttpsOrThisMachineOnly()
    {
        QString error;
        QVERIFY(HttpTransport::acceptable(QUrl(QStringLiteral("https://carnet.example.fr/api/v1")), &error));
        QVERIFY(HttpTransport::acceptable(QUrl(QStringLiteral("http://127.0.0.1:8642/api/v1")), &error));
        QVERIFY(HttpTransport::acceptable(QUrl(QStringLiteral("http://localhost:8642/api/v1")), &error));
        QVERIFY(HttpTransport::acceptable(QUrl(QStringLiteral("http://[::1]:8642/api/v1")), &error));
        QVERIFY(!HttpTransport::acceptable(QUrl(QStringLiteral("http://carnet.example.fr/api/v1")), &error));
        QVERIFY2(error.contains(QStringLiteral("https://")), qPrintable(error));
        QVERIFY(!HttpTransport::acceptable(QUrl(QStringLiteral("ftp://carnet.example.fr")), &error));
        QVERIFY(!HttpTransport::acceptable(QUrl(QStringLiteral("serveur")), &error));
        HttpTransport refused({QUrl(QStringLiteral("http://carnet.example.fr/api/v1")), QStringLiteral("t"), 1000});
        const Pusher::Reply r = refused.request("GET", QStringLiteral("/health"));
        QCOMPARE(r.status, 0);
        QVERIFY(r.error.contains(QStringLiteral("https://")));
    }

    // Through the fault proxy (a fifth of the requests answered 500, cut after the server's write, or slower than
    // the client waits): pushed again and again as the waits pass, the server ends with exactly the local base.
    void push_throughFaults_convergesExactlyOnce()
    {
        const QString token = m_server->addAccount(QStringLiteral("Dominique Martin"));
        ServerTest::Proxy proxy;
        QVERIFY(proxy.start(m_server->port(),
            {QStringLiteral("--graine"), QStringLiteral("11"), QStringLiteral("--erreurs"), QStringLiteral("0.08"),
                QStringLiteral("--coupures"), QStringLiteral("0.08"), QStringLiteral("--lenteur"),
                QStringLiteral("0.04"), QStringLiteral("--delai-ms"), QStringLiteral("1500")}));
        Fixture f;
        QVERIFY(f.openWithDemo(3000, 9));
        SyncLedger ledger(f.store);
        RetryPolicy::Schedule schedule(2);
        // Small batches, so that the faults fall on many of them.
        Pusher pusher(f.store, f.clock, schedule, httpPost(proxy.port(), token, 800));
        int runs = 0;
        int retried = 0;
        while (ledger.pendingCount() > 0 && runs < 200) {
            const Pusher::Summary s = pusher.run(100);
            QVERIFY2(!s.tokenRefused && s.failed == 0 && s.conflicts == 0, qPrintable(s.message));
            retried += s.retried;
            f.clock.advanceSecs(3601); // past every wait
            ++runs;
        }
        QCOMPARE(ledger.pendingCount(), 0);
        QVERIFY2(retried > 0, "no fault met");
        compareWithServer(f.store, m_server->port(), token);
    }

    // A 401: the push stops, nothing is lost, and it goes on with a good token.
    void tokenRefused_pauses_thenGoesOn()
    {
        const QString token = m_server->addAccount(QStringLiteral("Alex Durand"));
        Fixture f;
        QVERIFY(f.openWithDemo(50, 3));
        SyncLedger ledger(f.store);
        const qint64 pending = ledger.pendingCount();
        RetryPolicy::Schedule schedule(3);
        Pusher refused(f.store, f.clock, schedule, httpPost(m_server->port(), QStringLiteral("carnet_faux")));
        const Pusher::Summary s = refused.run();
        QVERIFY(s.tokenRefused);
        QCOMPARE(s.sent, 0);
        QCOMPARE(ledger.pendingCount(), pending);
        Pusher good(f.store, f.clock, schedule, httpPost(m_server->port(), token));
        QCOMPARE(qint64(good.run().sent), pending); // at once, without waiting for the retry delay
        QCOMPARE(ledger.pendingCount(), 0);
    }

    // Changed on the server (another device) and here since the last push: 412, kept as a conflict with the
    // server's copy; nothing overwritten on either side.
    void changedOnBothSides_keptAsAConflict()
    {
        const QString token = m_server->addAccount(QStringLiteral("Sam Martin"));
        Fixture f;
        QVERIFY(f.openWithDemo(20, 4));
        RetryPolicy::Schedule schedule(4);
        Pusher pusher(f.store, f.clock, schedule, httpPost(m_server->port(), token));
        QVERIFY(pusher.run().message.isEmpty());
        Activity here = localActivities(f.store).first();
        // The other device's edit, on version 1.
        Activity there = here;
        there.notes = QStringLiteral("Modifiée sur l'autre poste.");
        ServerTest::Client client;
        QCOMPARE(client
                     .request(m_server->port(), "PUT",
                         QStringLiteral("/activites/") + here.id.toString(QUuid::WithoutBraces),
                         ServerTest::document(there), token, "\"1\"")
                     .status,
            200);
        here.notes = QStringLiteral("Modifiée ici.");
        QString error;
        QVERIFY(f.store.saveActivity(here, &error));
        const Pusher::Summary s = pusher.run();
        QCOMPARE(s.conflicts, 1);
        QCOMPARE(f.store.activity(here.id)->syncState, SyncState::Conflict);
        QCOMPARE(f.store.activity(here.id)->notes, QStringLiteral("Modifiée ici."));
        SyncLedger ledger(f.store);
        const QList<SyncLedger::Conflict> conflicts = ledger.conflicts();
        QCOMPARE(conflicts.size(), 1);
        Activity copy;
        QVERIFY(
            ActivityWire::fromResource(QJsonDocument::fromJson(conflicts.first().serverCopy).object(), &copy, &error));
        QCOMPARE(copy.notes, QStringLiteral("Modifiée sur l'autre poste."));
        QCOMPARE(conflicts.first().version, QStringLiteral("2"));
        QCOMPARE(pusher.run().sent, 0); // not sent again until resolved
    }

    // An edit made while its request is out: the confirmation is for what was sent, the edit goes on the next push.
    void editWhileTheRequestIsOut_goesOnTheNextPush()
    {
        const QString token = m_server->addAccount(QStringLiteral("Noa Petit"));
        Fixture f;
        QVERIFY(f.openWithDemo(5, 12));
        RetryPolicy::Schedule schedule(12);
        const Pusher::Post real = httpPost(m_server->port(), token);
        Activity target = localActivities(f.store).first();
        bool edited = false;
        Pusher pusher(f.store, f.clock, schedule, [&](const QString &path, const QByteArray &body) {
            if (!edited && body.contains(target.id.toString(QUuid::WithoutBraces).toLatin1())) {
                edited = true;
                target.notes = QStringLiteral("Modifiée pendant l'envoi.");
                QString error;
                if (!f.store.saveActivity(target, &error))
                    qWarning() << error;
            }
            return real(path, body);
        });
        QVERIFY(pusher.run().message.isEmpty());
        QVERIFY(edited);
        QCOMPARE(f.store.activity(target.id)->syncState, SyncState::Pending);
        QCOMPARE(f.store.activity(target.id)->serverVersion, QStringLiteral("1"));
        const Pusher::Summary next = pusher.run();
        QCOMPARE(next.sent, 1);
        QCOMPARE(next.conflicts, 0);
        QCOMPARE(f.store.activity(target.id)->syncState, SyncState::Sent);
        compareWithServer(f.store, m_server->port(), token);
    }

    // Whole-request refusals (a proxy's size limit, a wrong address) refuse nothing for good and stop the run; every
    // operation answered 503 stops it too; a 422 for a place the server lacks yet is retried, not refused.
    void wholeRefusals_and503s_stopTheRun_missingReferenceRetried()
    {
        Fixture f;
        QVERIFY(f.openWithDemo(1200, 13));
        SyncLedger ledger(f.store);
        RetryPolicy::Schedule schedule(13);
        int calls = 0;
        std::function<Pusher::Reply(const QByteArray &)> answer;
        Pusher pusher(f.store, f.clock, schedule, [&](const QString &, const QByteArray &body) {
            ++calls;
            return answer(body);
        });
        const auto perOperation = [](const QByteArray &body, int status, const QString &pointer) {
            QJsonArray results;
            for (const QJsonValue &op :
                QJsonDocument::fromJson(body).object().value(QLatin1String("operations")).toArray()) {
                QJsonObject e{{QStringLiteral("status"), QString::number(status)},
                    {QStringLiteral("detail"), QStringLiteral("Réponse de test.")}};
                if (!pointer.isEmpty())
                    e.insert(QStringLiteral("source"), QJsonObject{{QStringLiteral("pointer"), pointer}});
                results.append(QJsonObject{{QStringLiteral("id"), op.toObject().value(QLatin1String("id"))},
                    {QStringLiteral("status"), status}, {QStringLiteral("errors"), QJsonArray{e}}});
            }
            Pusher::Reply r;
            r.status = 200;
            r.body = QJsonDocument(QJsonObject{{QStringLiteral("results"), results}}).toJson();
            return r;
        };
        const qint64 pending = ledger.pendingCount();
        QVERIFY(pending > 1000);

        answer = [](const QByteArray &) {
            Pusher::Reply r;
            r.status = 413;
            r.body = R"({"errors":[{"status":"413","detail":"Corps trop grand pour le mandataire."}]})";
            return r;
        };
        Pusher::Summary s = pusher.run();
        QCOMPARE(calls, 1);
        QCOMPARE(s.failed, 0);
        QCOMPARE(s.retried, 500);
        QCOMPARE(s.message, QStringLiteral("Corps trop grand pour le mandataire."));

        f.clock.advanceSecs(3601);
        calls = 0;
        answer = [&](const QByteArray &body) { return perOperation(body, 503, {}); };
        s = pusher.run();
        QCOMPARE(calls, 1);
        QCOMPARE(s.retried, 500);
        QCOMPARE(ledger.pendingCount(), pending);

        f.clock.advanceSecs(3601);
        answer = [&](const QByteArray &body) {
            return perOperation(body, 422, QStringLiteral("/operations/0/data/attributes/structure_id"));
        };
        s = pusher.run();
        QCOMPARE(s.failed, 0);
        QVERIFY(s.retried > 0);
        QCOMPARE(f.store.syncCounts().failed, 0);
    }

    // Answers of a fake server: a refusal (422) shown with its message and not retried; an answer that does not
    // follow the contract retried later; no answer retried later.
    void answers_refusedMalformedNone()
    {
        Fixture f;
        QVERIFY(f.openWithDemo(3, 6));
        SyncLedger ledger(f.store);
        RetryPolicy::Schedule schedule(5);
        int calls = 0;
        Pusher::Reply next;
        Pusher pusher(f.store, f.clock, schedule, [&](const QString &, const QByteArray &body) {
            ++calls;
            if (next.status != 200 || !next.body.isEmpty())
                return next;
            // Every operation refused, each with its message.
            QJsonArray results;
            for (const QJsonValue &op :
                QJsonDocument::fromJson(body).object().value(QLatin1String("operations")).toArray())
                results.append(QJsonObject{{QStringLiteral("id"), op.toObject().value(QLatin1String("id"))},
                    {QStringLiteral("status"), 422},
                    {QStringLiteral("errors"),
                        QJsonArray{QJsonObject{{QStringLiteral("status"), QStringLiteral("422")},
                            {QStringLiteral("detail"), QStringLiteral("Refusé par le serveur de test.")}}}}});
            Pusher::Reply r;
            r.status = 200;
            r.body = QJsonDocument(QJsonObject{{QStringLiteral("results"), results}}).toJson();
            return r;
        });
        const qint64 pending = ledger.pendingCount();
        next.status = 200;
        next.body = R"({"results":[]})"; // one answer for many sends
        Pusher::Summary s = pusher.run();
        QCOMPARE(qint64(s.retried), pending);
        QVERIFY(s.message.contains(QStringLiteral("illisible")));
        next = {};
        next.status = 0;
        next.error = QStringLiteral("Connection refused");
        f.clock.advanceSecs(3601);
        s = pusher.run();
        QCOMPARE(qint64(s.retried), pending);
        QVERIFY(s.message.contains(QStringLiteral("Pas de réponse")));
        next = {};
        next.status = 200;
        f.clock.advanceSecs(3601);
        s = pusher.run();
        QCOMPARE(qint64(s.failed), pending);
        QCOMPARE(s.message, QStringLiteral("Refusé par le serveur de test."));
        const int before = calls;
        f.clock.advanceSecs(86400);
        QCOMPARE(pusher.run().failed, 0); // refused for good: not sent again
        QCOMPARE(calls, before);
        QCOMPARE(f.store.syncCounts().failed, qint64(localActivities(f.store).size()));
    }
};

QTEST_GUILESS_MAIN(TestPusher)
#include "tst_pusher.moc"
