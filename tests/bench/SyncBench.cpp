// sync_push_10k_per_s: a demo base of 10,000 activities (with its places and people) pushed by the sync engine
// (Pusher through HttpTransport, QNetworkAccessManager) to a real carnet-serveur on SQLite, from the first batch to
// the last confirmation recorded. Its floor, sync_push_floor_10k_per_s: the same operations, built beforehand, posted
// raw to another server just like it (cpp-httplib, keep-alive), with nothing read or written locally: what the
// network and the server cost. Target: >= 2,000/s.
//
// sync_pull_10k_per_s: the same base, on the server, pulled by the sync engine (Puller through HttpTransport) into
// an empty base, from the first page to the last written. Its floor, sync_pull_floor_10k_per_s: the same pages (the
// same addresses, each cursor known beforehand) fetched raw from the same server, nothing parsed or written: what
// the network and the server cost. Target: >= 5,000/s.
//
// save_during_sync_p99_ms: saves of new activities in the window's thread, one every 5 ms, while the engine
// (SyncEngine, its own thread and connection) pushes then pulls the same 10,000-activity base; beside it,
// save_beside_sync_p99_ms: the same saves at the same pace on the same base with no sync. Target: < 5 ms.
#include "models/demo/DemoGenerator.h"
#include "models/domain/Clock.h"
#include "models/store/SyncLedger.h"
#include "sync/client/HttpTransport.h"
#include "sync/client/Puller.h"
#include "sync/client/Pusher.h"
#include "sync/client/SyncEngine.h"
#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"
#include "tests/bench/BenchSupport.h"
#include "tests/bench/Benches.h"
#include "tests/sync/ServerProcess.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <httplib.h>

using Bench::err;
using Bench::printFigure;

namespace {
// The operations of the whole outbox, as the Pusher builds them, in batches of 500.
QList<std::string> operationsOf(Store &store)
{
    QList<QJsonObject> all;
    for (const char *table : {"lieux", "beneficiaires", "activites"}) {
        QSqlQuery q(store.database());
        q.exec(QStringLiteral("SELECT id FROM %1").arg(QLatin1String(table)));
        while (q.next()) {
            const QUuid id = QUuid::fromString(q.value(0).toString());
            const QJsonObject data = qstrcmp(table, "lieux") == 0 ? PlaceWire::toResource(*store.place(id))
                : qstrcmp(table, "beneficiaires") == 0            ? BeneficiaryWire::toResource(*store.beneficiary(id))
                                                                  : ActivityWire::toResource(*store.activity(id));
            all << QJsonObject{{QStringLiteral("op"), QStringLiteral("put")},
                {QStringLiteral("id"), id.toString(QUuid::WithoutBraces)}, {QStringLiteral("data"), data}};
        }
    }
    QList<std::string> bodies;
    for (qsizetype from = 0; from < all.size(); from += 500) {
        QJsonArray operations;
        for (qsizetype i = from; i < std::min(all.size(), from + 500); ++i)
            operations.append(all.at(i));
        bodies << QJsonDocument(QJsonObject{{QStringLiteral("operations"), operations}})
                      .toJson(QJsonDocument::Compact)
                      .toStdString();
    }
    return bodies;
}

// The pull from `server`, which holds `items` records, into an empty base; its floor first.
bool benchSyncPull(ServerTest::Server &server, const QString &token, qint64 items, const QTemporaryDir &dir)
{
    // The addresses of every page, read once (each page's cursor names the next).
    httplib::Client raw("127.0.0.1", server.port());
    raw.set_keep_alive(true);
    raw.set_tcp_nodelay(true);
    raw.set_read_timeout(120, 0);
    const httplib::Headers headers{{"Authorization", "Bearer " + token.toStdString()}};
    QList<std::string> pages;
    for (const char *collection : {"lieux", "beneficiaires", "activites"}) {
        QString cursor;
        for (;;) {
            std::string path = "/api/v1/" + std::string(collection) + "?page[size]=500";
            if (!cursor.isEmpty())
                path += "&page[after]=" + QUrl::toPercentEncoding(cursor).toStdString();
            const httplib::Result r = raw.Get(path, headers);
            if (!r || r->status != 200) {
                err() << "carnet_bench: reading " << collection << " failed (HTTP " << (r ? r->status : 0) << ")"
                      << Qt::endl;
                return false;
            }
            pages << path;
            const QJsonObject root = QJsonDocument::fromJson(QByteArray::fromStdString(r->body)).object();
            if (!root.value(QLatin1String("links")).toObject().value(QLatin1String("next")).isString())
                break;
            cursor = root.value(QLatin1String("meta")).toObject().value(QLatin1String("curseur")).toString();
        }
    }
    QElapsedTimer timer;
    timer.start();
    qint64 bytes = 0;
    for (const std::string &path : std::as_const(pages)) {
        const httplib::Result r = raw.Get(path, headers);
        if (!r || r->status != 200) {
            err() << "carnet_bench: the floor's page failed (HTTP " << (r ? r->status : 0) << ")" << Qt::endl;
            return false;
        }
        bytes += qint64(r->body.size());
    }
    const double floorRate = double(items) / (double(timer.nsecsElapsed()) / 1e9);

    Store store(Clock::system());
    QString error;
    if (!store.open(dir.filePath(QStringLiteral("autre.sqlite")), &error)) {
        err() << "carnet_bench: " << error << Qt::endl;
        return false;
    }
    store.setRedoableCommits(); // as the engine's connection
    HttpTransport transport({QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1").arg(server.port())), token, 120000});
    Puller puller(store, Clock::system(), transport.get());
    timer.restart();
    const Puller::Summary summary = puller.run();
    const double rate = double(summary.received) / (double(timer.nsecsElapsed()) / 1e9);
    if (!summary.complete || summary.received != items || SyncLedger(store).pendingCount() != 0) {
        err() << "carnet_bench: the pull received " << summary.received << " of " << items << " (" << summary.message
              << ")" << Qt::endl;
        return false;
    }
    printFigure("sync_pull_10k_per_s", rate, "/s", 0);
    printFigure("sync_pull_floor_10k_per_s", floorRate, "/s", 0);
    printFigure("sync_pull_ratio", rate > 0 ? floorRate / rate : 0, "x", 2);
    printFigure("sync_pull_pages", double(pages.size()), "pages", 0);
    printFigure("sync_pull_bytes_per_record", double(bytes) / double(items), "B", 0);
    return true;
}

double percentileOf(std::vector<double> ms, double p)
{
    std::sort(ms.begin(), ms.end());
    return Bench::percentile(ms, p);
}

// Saves copies of `models` one every 5 ms (events served between two) until done() says so and at least `least`
// were made; the time of each save, in ms.
bool paceSaves(
    Store &store, const QList<Activity> &models, int least, const std::function<bool()> &done, std::vector<double> *ms)
{
    QElapsedTimer timer;
    QString error;
    for (int i = 0; i < least || !done(); ++i) {
        Activity a = models.at(i % models.size());
        a.id = QUuid();
        a.importKey.clear();
        timer.start();
        const bool ok = store.saveActivity(a, &error);
        ms->push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!ok) {
            err() << "carnet_bench: a save failed: " << error << Qt::endl;
            return false;
        }
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

// save_during_sync_p99_ms and save_beside_sync_p99_ms.
bool benchSaveDuringSync(qint64 count)
{
    QTemporaryDir dir;
    ServerTest::Server server({QStringLiteral("--data"), dir.filePath(QStringLiteral("serveur"))});
    const QString token = server.addAccount(QStringLiteral("Banc"));
    if (token.isEmpty() || !server.start({QStringLiteral("--requetes-par-minute"), QStringLiteral("0")})) {
        err() << "carnet_bench: carnet-serveur did not start" << Qt::endl;
        return false;
    }
    Store store(Clock::system());
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    if (!Bench::demoBase(store, path, count, 23))
        return false;
    QList<Activity> models;
    QSqlQuery q(store.database());
    q.exec(QStringLiteral("SELECT id FROM activites WHERE suppression IS NULL AND cle_import = '' LIMIT 200"));
    while (q.next())
        models << *store.activity(QUuid::fromString(q.value(0).toString()));

    std::vector<double> beside;
    if (!paceSaves(
            store, models, 500, [] { return true; }, &beside))
        return false;

    SyncEngine::Options engineOptions;
    engineOptions.watchNetwork = false;
    engineOptions.timeoutMs = 120000;
    SyncEngine engine(path, Clock::system(), engineOptions);
    engine.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1").arg(server.port())), token);
    bool finished = false;
    SyncSession::Result result;
    QObject::connect(&engine, &SyncEngine::finished, [&](const SyncSession::Result &r) {
        finished = true;
        result = r;
    });
    std::vector<double> during;
    engine.syncNow();
    if (!paceSaves(
            store, models, 200, [&] { return finished; }, &during))
        return false;
    if (!result.reachable || result.push.sent < count) {
        err() << "carnet_bench: the sync during the saves sent " << result.push.sent << " (" << result.message << ")"
              << Qt::endl;
        return false;
    }
    printFigure("save_during_sync_p50_ms", percentileOf(during, 0.50), "ms", 3);
    printFigure("save_during_sync_p99_ms", percentileOf(during, 0.99), "ms", 3);
    printFigure("save_during_sync_max_ms", percentileOf(during, 1.0), "ms", 3);
    printFigure("save_during_sync_count", double(during.size()), "saves", 0);
    printFigure("save_beside_sync_p99_ms", percentileOf(beside, 0.99), "ms", 3);
    printFigure(
        "save_during_sync_ratio", percentileOf(during, 0.99) / std::max(1e-9, percentileOf(beside, 0.99)), "x", 2);
    return server.stop();
}
} // namespace

bool benchSyncPush(qint64 count)
{
    QTemporaryDir dir;
    ServerTest::Server server({QStringLiteral("--data"), dir.filePath(QStringLiteral("serveur"))});
    ServerTest::Server floorServer({QStringLiteral("--data"), dir.filePath(QStringLiteral("plancher"))});
    const QString token = server.addAccount(QStringLiteral("Banc"));
    const QString floorToken = floorServer.addAccount(QStringLiteral("Plancher"));
    const QStringList unlimited{QStringLiteral("--requetes-par-minute"), QStringLiteral("0")};
    if (token.isEmpty() || floorToken.isEmpty() || !server.start(unlimited) || !floorServer.start(unlimited)) {
        err() << "carnet_bench: carnet-serveur did not start" << Qt::endl;
        return false;
    }
    Store store(Clock::system());
    if (!Bench::demoBase(store, dir.filePath(QStringLiteral("carnet.sqlite")), count, 21))
        return false;
    store.setRedoableCommits(); // as the engine's connection
    SyncLedger ledger(store);
    const qint64 items = ledger.pendingCount();

    // The floor first: the same bodies, posted raw.
    const QList<std::string> bodies = operationsOf(store);
    httplib::Client raw("127.0.0.1", floorServer.port());
    raw.set_keep_alive(true);
    raw.set_tcp_nodelay(true);
    raw.set_read_timeout(120, 0);
    const httplib::Headers headers{{"Authorization", "Bearer " + floorToken.toStdString()}};
    QElapsedTimer timer;
    timer.start();
    for (const std::string &body : bodies) {
        const httplib::Result r = raw.Post("/api/v1/activites/lot", headers, body, "application/vnd.api+json");
        if (!r || r->status != 200) {
            err() << "carnet_bench: the floor's batch failed (HTTP " << (r ? r->status : 0) << ")" << Qt::endl;
            return false;
        }
    }
    const double floorRate = double(items) / (double(timer.nsecsElapsed()) / 1e9);

    HttpTransport transport({QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1").arg(server.port())), token, 120000});
    RetryPolicy::Schedule schedule(1);
    Pusher pusher(store, Clock::system(), schedule, transport.post());
    timer.restart();
    const Pusher::Summary summary = pusher.run();
    const double rate = double(summary.sent) / (double(timer.nsecsElapsed()) / 1e9);
    if (summary.sent != items || ledger.pendingCount() != 0) {
        err() << "carnet_bench: the push sent " << summary.sent << " of " << items << " (" << summary.message << ")"
              << Qt::endl;
        return false;
    }
    printFigure("sync_push_10k_per_s", rate, "/s", 0);
    printFigure("sync_push_floor_10k_per_s", floorRate, "/s", 0);
    printFigure("sync_push_ratio", rate > 0 ? floorRate / rate : 0, "x", 2);
    return benchSyncPull(server, token, items, dir) && server.stop() && floorServer.stop()
        && benchSaveDuringSync(count);
}
