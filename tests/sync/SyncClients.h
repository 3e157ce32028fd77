#pragma once

// What the sync client's tests share: a real HTTP exchange with carnet-serveur through cpp-httplib (SyncGet and
// SyncPost, with time-outs), the ids of a table, and the comparison of two bases that should have converged.
// Header-only, for the tests in tests/sync.
#include "sync/client/SyncSession.h"
#include "sync/client/Transport.h"
#include "tests/sync/ServerProcess.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <httplib.h>

#include <memory>

namespace SyncTest {

struct Http
{
    std::shared_ptr<httplib::Client> client;
    std::string token;

    Http(int port, const QString &t)
        : client(std::make_shared<httplib::Client>("127.0.0.1", port))
        , token(t.toStdString())
    {
        client->set_read_timeout(10, 0);
        client->set_connection_timeout(2, 0);
        client->set_keep_alive(true);
    }
    static SyncReply reply(const httplib::Result &r)
    {
        SyncReply out;
        if (!r) {
            out.error = QString::fromStdString(httplib::to_string(r.error()));
            return out;
        }
        out.status = r->status;
        out.body = QByteArray::fromStdString(r->body);
        out.retryAfter = QByteArray::fromStdString(r->get_header_value("Retry-After"));
        return out;
    }
    SyncGet get() const
    {
        return [c = client, t = token](const QString &path) {
            return reply(c->Get(QString(QStringLiteral("/api/v1") + path).toStdString(),
                httplib::Headers{{"Authorization", "Bearer " + t}}));
        };
    }
    SyncPost post() const
    {
        return [c = client, t = token](const QString &path, const QByteArray &body) {
            return reply(c->Post(QString(QStringLiteral("/api/v1") + path).toStdString(),
                httplib::Headers{{"Authorization", "Bearer " + t}}, body.toStdString(), "application/vnd.api+json"));
        };
    }
};

inline QList<QUuid> ids(const Store &store, const char *table)
{
    QList<QUuid> list;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT id FROM %1 ORDER BY id").arg(QLatin1String(table)));
    while (q.next())
        list << QUuid::fromString(q.value(0).toString());
    return list;
}

// One sync of a base (SyncSession: probe, push, pull) through http.
inline SyncSession::Result syncOnce(Store &store, const Clock &clock, const Http &http)
{
    RetryPolicy::Schedule schedule(7);
    SyncSession session(store, clock, schedule, {http.get(), http.post(), {}});
    return session.run();
}

// Waits until spy has `count` signals (the engine's finished(), from its thread), at most `ms`.
inline bool waitFor(QSignalSpy &spy, int count, int ms)
{
    QElapsedTimer t;
    t.start();
    while (spy.count() < count && t.elapsed() < ms)
        spy.wait(200);
    return spy.count() >= count;
}

// An activity of the base that is not deleted (the last in id order).
inline QUuid liveActivity(const Store &store)
{
    QUuid id;
    for (const QUuid &candidate : ids(store, "activites")) {
        if (!store.activity(candidate)->isDeleted())
            id = candidate;
    }
    return id;
}

// Every place, person and activity of `b` is in `a`, field for field, deleted or not, and the other way round.
inline void compareBases(const Store &a, const Store &b)
{
    QCOMPARE(ids(b, "lieux"), ids(a, "lieux"));
    QCOMPARE(ids(b, "beneficiaires"), ids(a, "beneficiaires"));
    QCOMPARE(ids(b, "activites"), ids(a, "activites"));
    for (const QUuid &id : ids(a, "lieux")) {
        QVERIFY2(a.place(id)->sameContent(*b.place(id)), qPrintable(id.toString()));
        QCOMPARE(b.place(id)->modification, a.place(id)->modification);
    }
    for (const QUuid &id : ids(a, "beneficiaires")) {
        QVERIFY2(a.beneficiary(id)->sameContent(*b.beneficiary(id)), qPrintable(id.toString()));
        QCOMPARE(b.beneficiary(id)->isDeleted(), a.beneficiary(id)->isDeleted());
    }
    for (const QUuid &id : ids(a, "activites")) {
        const Activity x = *a.activity(id);
        const Activity y = *b.activity(id);
        QVERIFY2(x.sameContent(y), qPrintable(id.toString()));
        QCOMPARE(y.isDeleted(), x.isDeleted());
        QCOMPARE(y.creation, x.creation);
        QCOMPARE(y.modification, x.modification);
    }
}

} // namespace SyncTest
