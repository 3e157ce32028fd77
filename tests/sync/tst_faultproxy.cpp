// carnet_fault_proxy (tests/sync/FaultProxy.cpp) in front of a real carnet-serveur: each fault does what the client's
// tests rely on, and a seed gives the same faults again.
#include "sync/wire/ActivityWire.h"
#include "tests/sync/ServerProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <httplib.h>

using ServerTest::activity;
using ServerTest::document;

class TestFaultProxy : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerTest::Server> m_server;
    QString m_token;
    QString m_otherToken;

    httplib::Headers headers(const QString &token) const
    {
        return {{"Authorization", "Bearer " + token.toStdString()}};
    }

    static std::string pathOf(const Activity &a)
    {
        return "/api/v1/activites/" + a.id.toString(QUuid::WithoutBraces).toStdString();
    }

    // The server's own answer for an activity, asked directly.
    int onServer(const Activity &a)
    {
        httplib::Client direct("127.0.0.1", m_server->port());
        const httplib::Result r = direct.Get(pathOf(a), headers(m_token));
        return r ? r->status : 0;
    }

    QStringList journal(const QString &file) const
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerTest::Server>(QStringList{QStringLiteral("--data"), m_dir.path()});
        m_token = m_server->addAccount(QStringLiteral("Camille Dupont"));
        m_otherToken = m_server->addAccount(QStringLiteral("Dominique Martin"));
        QVERIFY(!m_token.isEmpty() && !m_otherToken.isEmpty());
        QVERIFY(m_server->start({QStringLiteral("--requetes-par-minute"), QStringLiteral("0")}));
    }

    void cleanupTestCase() { QVERIFY(m_server->stop()); }

    // Without faults: the server's answers, unchanged (status, ETag, body, links.next on the proxy's host).
    void noFault_passesEverythingThrough()
    {
        ServerTest::Proxy proxy;
        QVERIFY(proxy.start(m_server->port(), {}));
        httplib::Client c("127.0.0.1", proxy.port());
        const Activity a = activity();
        const httplib::Result created
            = c.Put(pathOf(a), headers(m_token), document(a).toStdString(), "application/vnd.api+json");
        QVERIFY(created);
        QCOMPARE(created->status, 201);
        QCOMPARE(created->get_header_value("ETag"), std::string("\"1\""));
        QCOMPARE(
            c.Put(pathOf(a), headers(m_token), document(a).toStdString(), "application/vnd.api+json")->status, 200);
        QCOMPARE(c.Get("/api/v1/compte")->status, 401);
        for (int i = 0; i < 2; ++i) {
            const Activity more = activity();
            c.Put(pathOf(more), headers(m_token), document(more).toStdString(), "application/vnd.api+json");
        }
        const httplib::Result page = c.Get("/api/v1/activites?page%5Bsize%5D=1", headers(m_token));
        QVERIFY(page && page->status == 200);
        const QString next = QJsonDocument::fromJson(QByteArray::fromStdString(page->body))
                                 .object()
                                 .value(QLatin1String("links"))
                                 .toObject()
                                 .value(QLatin1String("next"))
                                 .toString();
        QVERIFY2(next.startsWith(QStringLiteral("http://127.0.0.1:%1/").arg(proxy.port())), qPrintable(next));
    }

    // A 500 of the proxy's own: nothing reaches the server.
    void error500_nothingForwarded()
    {
        ServerTest::Proxy proxy;
        QVERIFY(proxy.start(m_server->port(), {QStringLiteral("--erreurs"), QStringLiteral("1")}));
        httplib::Client c("127.0.0.1", proxy.port());
        const Activity a = activity();
        const httplib::Result r
            = c.Put(pathOf(a), headers(m_token), document(a).toStdString(), "application/vnd.api+json");
        QVERIFY(r);
        QCOMPARE(r->status, 500);
        QCOMPARE(onServer(a), 404);
    }

    // Dropped after the server answered: the client gets no reply at all, and the write is on the server. Sent
    // again, it is an identical resend (200).
    void drop_afterTheWriteIsCommitted_beforeTheReply()
    {
        ServerTest::Proxy proxy;
        QVERIFY(proxy.start(m_server->port(), {QStringLiteral("--coupures"), QStringLiteral("1")}));
        httplib::Client c("127.0.0.1", proxy.port());
        const Activity a = activity();
        const httplib::Result r
            = c.Put(pathOf(a), headers(m_token), document(a).toStdString(), "application/vnd.api+json");
        QVERIFY(!r); // no status, no header: the connection closed
        QCOMPARE(onServer(a), 200);
        httplib::Client direct("127.0.0.1", m_server->port());
        QCOMPARE(direct.Put(pathOf(a), headers(m_token), document(a).toStdString(), "application/vnd.api+json")->status,
            200);
    }

    // Held longer than the client waits: the client times out, the write is on the server.
    void slow_longerThanTheClientsTimeout()
    {
        ServerTest::Proxy proxy;
        QVERIFY(proxy.start(m_server->port(),
            {QStringLiteral("--lenteur"), QStringLiteral("1"), QStringLiteral("--delai-ms"), QStringLiteral("1500")}));
        httplib::Client c("127.0.0.1", proxy.port());
        c.set_read_timeout(0, 400 * 1000);
        const Activity a = activity();
        QElapsedTimer timer;
        timer.start();
        const httplib::Result r
            = c.Put(pathOf(a), headers(m_token), document(a).toStdString(), "application/vnd.api+json");
        QVERIFY(!r);
        QCOMPARE(r.error(), httplib::Error::Read);
        QVERIFY(timer.elapsed() < 1400);
        QTRY_COMPARE_WITH_TIMEOUT(onServer(a), 200, 10000); // the proxy may still be waiting for the server
        // A patient client gets the reply, late.
        httplib::Client patient("127.0.0.1", proxy.port());
        timer.restart();
        QCOMPARE(patient.Get("/api/v1/health")->status, 200);
        QVERIFY(timer.elapsed() >= 1400);
    }

    // A burst: the next N requests answered 429 with Retry-After, then through again.
    void burst429_withRetryAfter()
    {
        // Seed 3 with a 0.2 chance: find the first burst in the journal, then check the requests after it.
        const QString file = m_dir.filePath(QStringLiteral("rafales.journal"));
        ServerTest::Proxy proxy;
        QVERIFY(proxy.start(m_server->port(),
            {QStringLiteral("--graine"), QStringLiteral("3"), QStringLiteral("--rafales"), QStringLiteral("0.2"),
                QStringLiteral("--rafale"), QStringLiteral("3"), QStringLiteral("--retry-after"), QStringLiteral("7"),
                QStringLiteral("--journal"), file}));
        httplib::Client c("127.0.0.1", proxy.port());
        QList<int> statuses;
        for (int i = 0; i < 40; ++i) {
            const httplib::Result r = c.Get("/api/v1/health");
            QVERIFY(r);
            statuses << r->status;
            if (r->status == 429)
                QCOMPARE(r->get_header_value("Retry-After"), std::string("7"));
        }
        const int first = int(statuses.indexOf(429));
        QVERIFY2(first >= 0, "no burst in 40 requests");
        QVERIFY(first + 3 <= statuses.size());
        for (int k = first; k < first + 3; ++k)
            QCOMPARE(statuses.at(k), 429);
        QVERIFY(statuses.contains(200));
        QCOMPARE(journal(file).size(), 40);
    }

    // The token of request N is expired from then on; another token still passes.
    void token_expiresAtRequestN()
    {
        ServerTest::Proxy proxy;
        QVERIFY(proxy.start(m_server->port(), {QStringLiteral("--jeton-expire-a"), QStringLiteral("3")}));
        httplib::Client c("127.0.0.1", proxy.port());
        QCOMPARE(c.Get("/api/v1/compte", headers(m_token))->status, 200);
        QCOMPARE(c.Get("/api/v1/compte", headers(m_token))->status, 200);
        const httplib::Result expired = c.Get("/api/v1/compte", headers(m_token));
        QCOMPARE(expired->status, 401);
        QCOMPARE(expired->get_header_value("WWW-Authenticate"), std::string("Bearer"));
        QCOMPARE(c.Get("/api/v1/compte", headers(m_token))->status, 401);
        QCOMPARE(c.Get("/api/v1/compte", headers(m_otherToken))->status, 200);
    }

    // The same seed gives the same faults, request by request; another seed others. The shares are near the asked.
    void sameSeed_sameFaults()
    {
        const QStringList faults{QStringLiteral("--erreurs"), QStringLiteral("0.2"), QStringLiteral("--coupures"),
            QStringLiteral("0.1"), QStringLiteral("--lenteur"), QStringLiteral("0.1"), QStringLiteral("--delai-ms"),
            QStringLiteral("10"), QStringLiteral("--rafales"), QStringLiteral("0.03"), QStringLiteral("--rafale"),
            QStringLiteral("2")};
        QList<QStringList> runs;
        for (const QString &seed : {QStringLiteral("42"), QStringLiteral("42"), QStringLiteral("43")}) {
            const QString file = m_dir.filePath(QStringLiteral("graine-%1-%2.journal").arg(seed).arg(runs.size()));
            ServerTest::Proxy proxy;
            QVERIFY(proxy.start(m_server->port(),
                faults + QStringList{QStringLiteral("--graine"), seed, QStringLiteral("--journal"), file}));
            httplib::Client c("127.0.0.1", proxy.port());
            c.set_keep_alive(true);
            for (int i = 0; i < 200; ++i)
                c.Get("/api/v1/health"); // a dropped connection: the next request opens another
            proxy.stop();
            QStringList lines;
            for (const QString &line : journal(file))
                lines << line.section(QLatin1Char(' '), 0, 0) + QLatin1Char(' ') + line.section(QLatin1Char(' '), 3, 3);
            QCOMPARE(lines.size(), 200);
            runs << lines;
        }
        QCOMPARE(runs.at(0), runs.at(1));
        QVERIFY(runs.at(0) != runs.at(2));
        const auto count = [&](const QString &fault) {
            return std::count_if(runs.at(0).cbegin(), runs.at(0).cend(),
                [&](const QString &l) { return l.endsWith(QLatin1Char(' ') + fault); });
        };
        QVERIFY2(count(QStringLiteral("500")) >= 20 && count(QStringLiteral("500")) <= 60,
            qPrintable(QString::number(count(QStringLiteral("500")))));
        QVERIFY(count(QStringLiteral("coupure")) >= 5);
        QVERIFY(count(QStringLiteral("lenteur")) >= 5);
        QVERIFY(count(QStringLiteral("429")) >= 2);
    }
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
