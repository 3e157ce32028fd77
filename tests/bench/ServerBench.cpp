// carnet_server_bench: carnet-serveur's figures, a real server process over HTTP (bench <name> <value> <unit>).
//   server_upsert_10k_sqlite_per_s, its floor server_upsert_10k_sqlite_floor_per_s (the same rows and bodies written
//     by a bare SQLite loop into the same table, in as many transactions as batches) and server_upsert_10k_ratio;
//   server_upsert_10k_postgresql_per_s (a throw-away cluster: tests/sync/pg-cluster.sh, or the CTest fixture's);
//   server_read_100k_s (a paginated read of 100,000 activities, pages of 500);
//   server_concurrent_p99_ms and server_concurrent_errors (20 clients each pushing 1,000 in batches of 100 at once).
// Targets (issue 12): upserts >= 5,000/s on one server, concurrent errors 0.
#include "BenchSupport.h"
#include "models/demo/DemoGenerator.h"
#include "sync/server/ServerDatabase.h"
#include "sync/wire/ActivityWire.h"
#include "tests/sync/ServerProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QUuid>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

namespace {
const QString kCluster = QStringLiteral(CARNET_SOURCE_DIR "/tests/sync/pg-cluster.sh");

using Bench::err;

using ServerTest::Server;

// The activities as batch bodies of `size` operations each (made before any clock starts).
QList<std::string> batches(const QList<Activity> &activities, int size)
{
    QList<std::string> bodies;
    for (qsizetype from = 0; from < activities.size(); from += size)
        bodies << ServerTest::batchBody(activities.mid(from, size)).toStdString();
    return bodies;
}

// A mediator's demo activities, and the places and followed beneficiaries they name (sent first, untimed).
struct Demo
{
    QList<Activity> activities;
    std::string references; // a batch body
};

Demo demo(qint64 count, quint64 seed)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    DemoGenerator generator(seed, now.date(), now);
    QList<Place> places = generator.makePlaces();
    QList<Beneficiary> people = generator.makeBeneficiaries(100);
    generator.setPool(places, people);
    for (Place &p : places)
        p.creation = p.modification = now; // the store's, which these have not been through
    for (Beneficiary &b : people)
        b.creation = b.modification = now;
    Demo d;
    d.references = ServerTest::referencesBody(places, people).toStdString();
    while (d.activities.size() < count) {
        Activity a = generator.nextActivity();
        if (!a.isDeleted())
            d.activities << a;
    }
    return d;
}

// Sends every body; false unless every request answers 200 and every operation 201. *latencies (may be null): the
// milliseconds of each request. A request without any answer (a connection reset) is sent once more, as the sync
// engine does (the batch is idempotent: a resend of what was written answers 200), and counted in *retries.
bool push(int port, const QString &token, const QList<std::string> &bodies, QList<double> *latencies, QString *error,
    std::atomic<int> *retries = nullptr)
{
    httplib::Client client("127.0.0.1", port);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true); // as Qt's HTTP client does (LowDelayOption)
    client.set_read_timeout(120, 0);
    const httplib::Headers headers{{"Authorization", "Bearer " + token.toStdString()}};
    for (const std::string &body : bodies) {
        QElapsedTimer t;
        t.start();
        httplib::Result r = client.Post("/api/v1/activites/lot", headers, body, "application/vnd.api+json");
        const bool resent = !r;
        if (resent) {
            if (retries)
                ++*retries;
            r = client.Post("/api/v1/activites/lot", headers, body, "application/vnd.api+json");
        }
        if (latencies)
            latencies->append(double(t.nsecsElapsed()) / 1e6);
        if (!r || r->status != 200) {
            *error = r ? QStringLiteral("HTTP %1: %2").arg(r->status).arg(QString::fromStdString(r->body).left(300))
                       : QStringLiteral("no answer (%1)").arg(int(r.error()));
            return false;
        }
        const QJsonArray results = QJsonDocument::fromJson(QByteArray::fromStdString(r->body))
                                       .object()
                                       .value(QLatin1String("results"))
                                       .toArray();
        for (const QJsonValue &v : results) {
            const int status = v.toObject().value(QLatin1String("status")).toInt();
            if (status != 201 && !(resent && status == 200)) {
                *error = QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)).left(400);
                return false;
            }
        }
    }
    return true;
}

// The floor of the upserts: the same rows (the server's table, the canonical bodies) inserted by a bare loop into an
// SQLite file with the server's schema and pragmas, one transaction per batch as the server commits them. Rows per
// second.
double sqliteFloor(const QString &dir, const QList<Activity> &activities, int batch)
{
    // The server's own schema and connection settings (ServerDatabase), one account row for the foreign key.
    ServerDatabase database;
    QString error;
    if (!database.configure(QDir(dir).filePath(QStringLiteral("floor")), QString(), &error) || !database.open(&error))
        return 0;
    QSqlDatabase db = database.connection(&error);
    const QString account = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO comptes (id, nom, role, jeton_empreinte, cree) VALUES (?, 'Plancher', "
                             "'mediateur', ?, '2026-01-01T00:00:00.000Z')"));
    q.addBindValue(account);
    q.addBindValue(account);
    if (!q.exec())
        return 0;
    QList<QString> bodies;
    for (const Activity &a : activities)
        bodies << QString::fromUtf8(QJsonDocument(ActivityWire::toResource(a)).toJson(QJsonDocument::Compact));
    QElapsedTimer timer;
    timer.start();
    q.prepare(QStringLiteral("INSERT INTO activites (id, compte_id, version, seq, date, modification, suppression, "
                             "corps) VALUES (?, ?, 1, ?, ?, ?, NULL, ?)"));
    for (qsizetype i = 0; i < activities.size(); ++i) {
        if (i % batch == 0)
            db.transaction();
        const Activity &a = activities.at(i);
        q.addBindValue(a.id.toString(QUuid::WithoutBraces));
        q.addBindValue(account);
        q.addBindValue(i + 1);
        q.addBindValue(a.date.toString(Qt::ISODate));
        q.addBindValue(a.modification.toString(Qt::ISODateWithMs));
        q.addBindValue(bodies.at(i));
        if (!q.exec())
            return 0;
        if (i % batch == batch - 1 || i + 1 == activities.size())
            db.commit();
    }
    return double(activities.size()) / (double(timer.nsecsElapsed()) / 1e9);
}

bool upserts(const QStringList &backend, const char *name, qint64 count, const QString &floorDir, bool *targetMet)
{
    Server server(backend);
    const QString token = server.addAccount(QStringLiteral("Banc"));
    if (!server.start())
        return false;
    const Demo d = demo(count, 11);
    const QList<Activity> &activities = d.activities;
    const QList<std::string> bodies = batches(activities, 500);
    QString error;
    if (!push(server.port(), token, {d.references}, nullptr, &error)) {
        err() << name << ": " << error << Qt::endl;
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    if (!push(server.port(), token, bodies, nullptr, &error)) {
        err() << name << ": " << error << Qt::endl;
        return false;
    }
    const double rate = double(count) / (double(timer.nsecsElapsed()) / 1e9);
    Bench::printFigure(name, rate, "/s", 0);
    *targetMet = rate >= 5000;
    if (!floorDir.isEmpty()) {
        const double floor = sqliteFloor(floorDir, activities, 500);
        Bench::printFigure("server_upsert_10k_sqlite_floor_per_s", floor, "/s", 0);
        Bench::printFigure("server_upsert_10k_ratio", rate > 0 ? floor / rate : 0, "x", 2);
    }
    return true;
}

bool readAll(const QStringList &backend, qint64 count)
{
    Server server(backend);
    const QString token = server.addAccount(QStringLiteral("Lecture"));
    if (!server.start())
        return false;
    QString error;
    const Demo d = demo(count, 13);
    if (!push(server.port(), token, QList<std::string>{d.references} + batches(d.activities, 500), nullptr, &error)) {
        err() << "server_read: " << error << Qt::endl;
        return false;
    }
    httplib::Client client("127.0.0.1", server.port());
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true); // as Qt's HTTP client does (LowDelayOption)
    const httplib::Headers headers{{"Authorization", "Bearer " + token.toStdString()}};
    QElapsedTimer timer;
    timer.start();
    std::string path = "/api/v1/activites?page%5Bsize%5D=500";
    qint64 read = 0;
    while (!path.empty()) {
        const httplib::Result r = client.Get(path, headers);
        if (!r || r->status != 200) {
            err() << "server_read: HTTP " << (r ? r->status : 0) << Qt::endl;
            return false;
        }
        const QJsonObject page = QJsonDocument::fromJson(QByteArray::fromStdString(r->body)).object();
        read += page.value(QLatin1String("data")).toArray().size();
        path = ServerTest::nextPath(page);
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (read != count) {
        err() << "server_read: " << read << " activities read instead of " << count << Qt::endl;
        return false;
    }
    Bench::printFigure("server_read_100k_s", seconds, "s", 2);
    return true;
}

bool concurrent(const QStringList &backend, int clients, qint64 each)
{
    Server server(backend);
    QStringList tokens;
    for (int i = 0; i < clients; ++i)
        tokens << server.addAccount(QStringLiteral("Client %1").arg(i + 1));
    if (!server.start())
        return false;
    QList<QList<std::string>> work;
    for (int i = 0; i < clients; ++i) {
        const Demo d = demo(each, 100 + quint64(i));
        work << QList<std::string>{d.references} + batches(d.activities, 100);
    }
    QList<QList<double>> latencies(clients);
    std::atomic<int> errors{0};
    std::atomic<int> retries{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            QString error;
            if (!push(server.port(), tokens.at(i), work.at(i), &latencies[i], &error, &retries)) {
                ++errors;
                err() << "client " << i + 1 << ": " << error << Qt::endl;
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QList<double> all;
    for (const QList<double> &l : std::as_const(latencies))
        all << l;
    std::sort(all.begin(), all.end());
    const double p99
        = all.isEmpty() ? 0 : all.at(std::min<qsizetype>(all.size() - 1, qsizetype(std::ceil(all.size() * 0.99)) - 1));
    Bench::printFigure("server_concurrent_p99_ms", p99, "ms", 1);
    Bench::printFigure("server_concurrent_errors", errors, "", 0);
    Bench::printFigure("server_concurrent_resent", retries, "", 0); // no answer, sent again with success
    return errors == 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("carnet-serveur's figures: bench <name> <value> <unit>."));
    parser.addHelpOption();
    const QCommandLineOption scaleOption(
        QStringLiteral("scale"), QStringLiteral("Multiplies the counts."), QStringLiteral("F"), QStringLiteral("1"));
    parser.addOption(scaleOption);
    parser.process(app);
    const double scale = parser.value(scaleOption).toDouble();
    if (!(scale > 0)) {
        err() << "carnet_server_bench: --scale wants a positive number" << Qt::endl;
        return 1;
    }
    const auto scaled = [scale](qint64 n) { return std::max<qint64>(1, std::llround(double(n) * scale)); };

    QTemporaryDir dir;
    bool ok = true;
    bool sqliteMet = false;
    bool postgresqlMet = false;
    ok = ok
        && upserts({QStringLiteral("--data"), dir.filePath(QStringLiteral("upsert"))}, "server_upsert_10k_sqlite_per_s",
            scaled(10000), dir.path(), &sqliteMet);

    // PostgreSQL: the CTest fixture's cluster, or one of our own.
    QString urlFile = qEnvironmentVariable("CARNET_TEST_DATABASE_URL_FILE");
    const bool ownCluster = urlFile.isEmpty();
    // The cluster runs as "nobody" under root: its folder must be reachable (a QTemporaryDir is 0700).
    QTemporaryDir clusterParent(QDir::tempPath() + QStringLiteral("/carnet-server-bench-pg-XXXXXX"));
    QFile::setPermissions(clusterParent.path(),
        QFile::permissions(clusterParent.path()) | QFile::ExeOther | QFile::ReadOther | QFile::ExeGroup);
    const QString clusterDir = clusterParent.filePath(QStringLiteral("pg"));
    if (ownCluster && ok) {
        QProcess::execute(QStringLiteral("sh"), {kCluster, QStringLiteral("start"), clusterDir});
        urlFile = clusterDir + QStringLiteral("/url");
    }
    QFile file(urlFile);
    if (ok && file.open(QIODevice::ReadOnly)) {
        const QString url = QString::fromUtf8(file.readAll()).trimmed();
        ok = upserts({QStringLiteral("--database"), url}, "server_upsert_10k_postgresql_per_s", scaled(10000),
            QString(), &postgresqlMet);
    } else if (ok) {
        err() << "carnet_server_bench: no PostgreSQL cluster (" << urlFile << ")" << Qt::endl;
        ok = false;
    }
    if (ownCluster)
        QProcess::execute(QStringLiteral("sh"), {kCluster, QStringLiteral("stop"), clusterDir});

    ok = ok && readAll({QStringLiteral("--data"), dir.filePath(QStringLiteral("read"))}, scaled(100000));
    ok = ok && concurrent({QStringLiteral("--data"), dir.filePath(QStringLiteral("concurrent"))}, 20, scaled(1000));
    err() << "Summary (targets): upserts >= 5000/s: SQLite " << (sqliteMet ? "OK" : "MISSED") << ", PostgreSQL "
          << (postgresqlMet ? "OK" : "MISSED") << Qt::endl;
    return ok ? 0 : 1;
}
