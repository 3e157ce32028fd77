// carnet-serveur SIGKILLed in the middle of batches, then started again on the same base (SQLite, or PostgreSQL with
// the fixture): nothing acknowledged is lost, nothing is half-written (a batch is all there or not at all).
#include "tests/sync/ServerProcess.h"

#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <httplib.h>

#include <atomic>
#include <thread>

class TestServerKill : public QObject
{
    Q_OBJECT

private slots:
    void sigkillMidBatches_acknowledgedKept_noHalfBatch()
    {
        QTemporaryDir dir;
        QString error;
        const QStringList backend = ServerTest::backend(dir.path(), &error);
        QVERIFY2(!backend.isEmpty(), qPrintable(error));
        ServerTest::Server server(backend);
        const QString token = server.addAccount(QStringLiteral("Interrompu"));
        QVERIFY(server.start());
        const httplib::Headers headers{{"Authorization", "Bearer " + token.toStdString()}};

        constexpr int kBatch = 100;
        QList<QList<Activity>> batches;
        for (int b = 0; b < 60; ++b) {
            QList<Activity> batch;
            for (int i = 0; i < kBatch; ++i)
                batch << ServerTest::activity();
            batches << batch;
        }
        std::atomic<int> acknowledged{0};
        std::atomic<bool> done{false};
        std::thread client([&] {
            const auto finish = qScopeGuard([&] { done = true; });
            httplib::Client c("127.0.0.1", server.port());
            for (const QList<Activity> &batch : std::as_const(batches)) {
                const httplib::Result r = c.Post("/api/v1/activites/lot", headers,
                    ServerTest::batchBody(batch).toStdString(), "application/vnd.api+json");
                if (!r || r->status != 200)
                    return;
                ++acknowledged;
            }
        });
        while (acknowledged < 10 && !done)
            QThread::msleep(1);
        server.killHard();
        client.join();
        const int kept = acknowledged;
        QVERIFY(kept >= 10 && kept < batches.size());

        QVERIFY(server.start());
        QSet<QString> stored;
        httplib::Client c("127.0.0.1", server.port());
        std::string path = "/api/v1/activites?page%5Bsize%5D=500";
        while (!path.empty()) {
            const httplib::Result r = c.Get(path, headers);
            QVERIFY(r && r->status == 200);
            const QJsonObject body = QJsonDocument::fromJson(QByteArray::fromStdString(r->body)).object();
            for (const QJsonValue &v : body.value(QLatin1String("data")).toArray())
                stored.insert(v.toObject().value(QLatin1String("id")).toString());
            path = ServerTest::nextPath(body);
        }
        // Every acknowledged batch whole; at most the one in flight besides, whole too; nothing else.
        for (int b = 0; b < batches.size(); ++b) {
            int present = 0;
            for (const Activity &a : batches.at(b))
                present += stored.contains(a.id.toString(QUuid::WithoutBraces));
            if (b < kept)
                QCOMPARE(present, kBatch);
            else if (b == kept)
                QVERIFY2(present == 0 || present == kBatch, qPrintable(QString::number(present)));
            else
                QCOMPARE(present, 0);
        }
        QVERIFY(server.stop());
    }
};

QTEST_GUILESS_MAIN(TestServerKill)
#include "tst_serverkill.moc"
