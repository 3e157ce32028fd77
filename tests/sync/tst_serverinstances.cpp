// Two carnet-serveur instances on one PostgreSQL base (the "postgresql" fixture's), a client's requests spread over
// both: the same result as with one, no lost update, no duplicate, versions and cursors consistent.
#include "tests/sync/ServerProcess.h"

#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <httplib.h>

#include <atomic>
#include <thread>

class TestServerInstances : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_backend;
    std::unique_ptr<ServerTest::Server> m_a;
    std::unique_ptr<ServerTest::Server> m_b;
    QString m_token;

    httplib::Headers headers() const { return {{"Authorization", "Bearer " + m_token.toStdString()}}; }

private slots:
    void initTestCase()
    {
        QString error;
        m_backend = ServerTest::backend(m_dir.path(), &error);
        QVERIFY2(m_backend.value(0) == QLatin1String("--database"),
            "tst_serverinstances needs the PostgreSQL fixture (CARNET_TEST_DATABASE_URL_FILE)");
        m_a = std::make_unique<ServerTest::Server>(m_backend);
        m_b = std::make_unique<ServerTest::Server>(m_backend);
        m_token = m_a->addAccount(QStringLiteral("Deux instances"));
        QVERIFY(m_a->start());
        QVERIFY(m_b->start());
    }

    void cleanupTestCase()
    {
        QVERIFY(m_a->stop());
        QVERIFY(m_b->stop());
    }

    // Batches pushed at once through both instances, then read in pages that go from one instance to the other:
    // every activity once, version 1, the sequence strictly increasing along the pages.
    void batchesThroughBoth_eachActivityOnce_cursorsShared()
    {
        QList<QList<Activity>> work(2);
        QSet<QString> ids;
        for (int side = 0; side < 2; ++side) {
            for (int i = 0; i < 1000; ++i) {
                work[side] << ServerTest::activity();
                ids.insert(work[side].last().id.toString(QUuid::WithoutBraces));
            }
        }
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int side = 0; side < 2; ++side) {
            const int port = side == 0 ? m_a->port() : m_b->port();
            threads.emplace_back([&, side, port] {
                httplib::Client client("127.0.0.1", port);
                for (qsizetype from = 0; from < work[side].size(); from += 50) {
                    const httplib::Result r = client.Post("/api/v1/activites/lot", headers(),
                        ServerTest::batchBody(work[side].mid(from, 50)).toStdString(), "application/vnd.api+json");
                    if (!r || r->status != 200)
                        ++failures;
                }
            });
        }
        for (std::thread &t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);

        QHash<QString, int> seen;
        std::string path = "/api/v1/activites?page%5Bsize%5D=150";
        int page = 0;
        while (!path.empty()) {
            httplib::Client client("127.0.0.1", page++ % 2 == 0 ? m_a->port() : m_b->port());
            const httplib::Result r = client.Get(path, headers());
            QVERIFY(r && r->status == 200);
            const QJsonObject body = QJsonDocument::fromJson(QByteArray::fromStdString(r->body)).object();
            for (const QJsonValue &v : body.value(QLatin1String("data")).toArray()) {
                const QJsonObject o = v.toObject();
                ++seen[o.value(QLatin1String("id")).toString()];
                QCOMPARE(o.value(QLatin1String("meta")).toObject().value(QLatin1String("version")).toInt(), 1);
            }
            path = ServerTest::nextPath(body);
            QVERIFY(page < 100);
        }
        QCOMPARE(seen.size(), ids.size());
        for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
            QVERIFY(ids.contains(it.key()));
            QCOMPARE(it.value(), 1);
        }
    }

    // Twenty clients replace one activity at once, each from version 1, half through each instance: exactly one
    // succeeds, the others get 412 with the server's copy; the activity ends at version 2 with the winner's body.
    void sameVersionEditedThroughBoth_exactlyOneWins()
    {
        Activity a = ServerTest::activity();
        const std::string path = "/api/v1/activites/" + a.id.toString(QUuid::WithoutBraces).toStdString();
        {
            httplib::Client client("127.0.0.1", m_a->port());
            const httplib::Result r
                = client.Put(path, headers(), ServerTest::document(a).toStdString(), "application/vnd.api+json");
            QVERIFY(r && r->status == 201);
        }
        std::atomic<int> ok{0};
        std::atomic<int> stale{0};
        std::atomic<int> winner{-1};
        std::vector<std::thread> threads;
        for (int i = 0; i < 20; ++i) {
            threads.emplace_back([&, i] {
                Activity edited = a;
                edited.dureeMinutes = 30 + i;
                edited.modification = a.modification.addSecs(60 + i);
                httplib::Headers h = headers();
                h.emplace("If-Match", "\"1\"");
                httplib::Client client("127.0.0.1", i % 2 == 0 ? m_a->port() : m_b->port());
                const httplib::Result r
                    = client.Put(path, h, ServerTest::document(edited).toStdString(), "application/vnd.api+json");
                if (r && r->status == 200) {
                    ++ok;
                    winner = i;
                } else if (r && r->status == 412) {
                    ++stale;
                }
            });
        }
        for (std::thread &t : threads)
            t.join();
        QCOMPARE(ok.load(), 1);
        QCOMPARE(stale.load(), 19);
        httplib::Client client("127.0.0.1", m_b->port());
        const httplib::Result r = client.Get(path, headers());
        QVERIFY(r && r->status == 200);
        QCOMPARE(QByteArray::fromStdString(r->get_header_value("ETag")), QByteArray("\"2\""));
        Activity stored;
        QString error;
        QVERIFY(ActivityWire::fromResource(QJsonDocument::fromJson(QByteArray::fromStdString(r->body))
                                               .object()
                                               .value(QLatin1String("data"))
                                               .toObject(),
            &stored, &error));
        QCOMPARE(stored.dureeMinutes, 30 + winner.load());
    }

    // PostgreSQL restarted under a running server: a request may fail while it is down (503, Retry-After), then the
    // server opens its connections again by itself; what was written is there.
    void postgresqlRestarted_serverReconnects()
    {
        const Activity a = ServerTest::activity();
        const std::string path = "/api/v1/activites/" + a.id.toString(QUuid::WithoutBraces).toStdString();
        httplib::Client client("127.0.0.1", m_a->port());
        httplib::Result r
            = client.Put(path, headers(), ServerTest::document(a).toStdString(), "application/vnd.api+json");
        QVERIFY(r && r->status == 201);
        const QString cluster = QFileInfo(qEnvironmentVariable("CARNET_TEST_DATABASE_URL_FILE")).path();
        QCOMPARE(
            QProcess::execute(QStringLiteral("sh"),
                {QStringLiteral(CARNET_SOURCE_DIR "/tests/sync/pg-cluster.sh"), QStringLiteral("restart"), cluster}),
            0);
        // Each of the server's threads finds its connection broken once at most.
        int ok = 0;
        for (int i = 0; i < 40 && ok < 5; ++i) {
            r = client.Get(path, headers());
            QVERIFY(r);
            if (r->status == 200)
                ++ok;
            else
                QCOMPARE(r->status, 503);
        }
        QCOMPARE(ok, 5);
    }
};

QTEST_GUILESS_MAIN(TestServerInstances)
#include "tst_serverinstances.moc"
