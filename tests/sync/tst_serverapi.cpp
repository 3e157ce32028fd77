// The sync contract (sync/openapi.yaml) against a real carnet-serveur process, through HTTP: on an SQLite base in a
// temporary folder, or (CTest's tst_serverapi_postgresql, with the "postgresql" fixture's throw-away cluster) on the
// PostgreSQL base whose URL the file CARNET_TEST_DATABASE_URL_FILE holds. The same tests for both.
#include "models/domain/Validator.h"
#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"
#include "tests/sync/ServerProcess.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

#include <httplib.h>

#include <memory>

using ServerTest::activity;
using ServerTest::document;
using ServerTest::Reply;

class TestServerApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QStringList m_backend;
    std::unique_ptr<ServerTest::Server> m_server;
    ServerTest::Client m_client;
    QString m_token;
    QString m_otherToken;
    QString m_otherId;

    bool postgresql() const { return m_backend.value(0) == QLatin1String("--database"); }
    int command(const QStringList &args, QString *out = nullptr) { return m_server->command(args, out); }
    QString addAccount(const QString &name, QString *id = nullptr, const QStringList &extra = {})
    {
        return m_server->addAccount(name, id, extra);
    }

    Reply request(const QByteArray &method, const QString &path, const QByteArray &body = {},
        const QString &token = QStringLiteral("-"), const QByteArray &ifMatch = {})
    {
        return m_client.request(
            m_server->port(), method, path, body, token == QLatin1String("-") ? m_token : token, ifMatch);
    }

    Reply put(const Activity &a, const QByteArray &ifMatch = {}, const QString &token = QStringLiteral("-"))
    {
        return request(
            "PUT", QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces), document(a), token, ifMatch);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(ServerTest::executable()));
        QString error;
        m_backend = ServerTest::backend(m_dir.path(), &error);
        QVERIFY2(!m_backend.isEmpty(), qPrintable(error));
        m_server = std::make_unique<ServerTest::Server>(m_backend);
        m_token = addAccount(QStringLiteral("Camille Dupont"));
        m_otherToken = addAccount(QStringLiteral("Dominique Martin"), &m_otherId);
        QVERIFY(m_token.startsWith(QLatin1String("carnet_")));
        QVERIFY(m_otherToken.startsWith(QLatin1String("carnet_")) && m_otherToken != m_token);
        QVERIFY(m_server->start());
    }

    void cleanupTestCase() { QVERIFY(m_server->stop()); }

    void health_answersWithoutAToken()
    {
        const Reply r = request("GET", QStringLiteral("/health"), {}, QString());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(r.body.value(QLatin1String("database")).toString(),
            postgresql() ? QStringLiteral("postgresql") : QStringLiteral("sqlite"));
    }

    void withoutOrWithAWrongToken_401_inFrench()
    {
        for (const QString &token : {QString(), QStringLiteral("carnet_faux")}) {
            const Reply r = request("GET", QStringLiteral("/activites"), {}, token);
            QCOMPARE(r.status, 401);
            QCOMPARE(r.headers.value("www-authenticate"), QByteArray("Bearer"));
            QVERIFY2(r.detail().contains(QStringLiteral("jeton")), r.raw.constData());
        }
        const Reply me = request("GET", QStringLiteral("/compte"));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.body.value(QLatin1String("data"))
                     .toObject()
                     .value(QLatin1String("attributes"))
                     .toObject()
                     .value(QLatin1String("nom"))
                     .toString(),
            QStringLiteral("Camille Dupont"));
    }

    // Created (201, version 1, its ETag), read back identical; the same body again changes nothing (200, version 1).
    void put_createsThenIdenticalResendChangesNothing()
    {
        const Activity a = activity();
        const Reply created = put(a);
        QCOMPARE(created.status, 201);
        QCOMPARE(created.headers.value("etag"), QByteArray("\"1\""));
        const Reply again = put(a);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.headers.value("etag"), QByteArray("\"1\""));
        const Reply read = request("GET", QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces));
        QCOMPARE(read.status, 200);
        Activity back;
        QString error;
        ActivityWire::Meta meta;
        QVERIFY2(ActivityWire::fromResource(read.body.value(QLatin1String("data")).toObject(), &back, &error, &meta),
            qPrintable(error));
        QVERIFY(back.sameContent(a));
        QCOMPARE(back.modification, a.modification);
        QCOMPARE(meta.version, 1);
        QVERIFY(!meta.mediateurId.isNull());
    }

    // A different body replaces the stored one only with If-Match at its version; otherwise 412 and the server's copy.
    void put_differentBody_needsTheCurrentVersion_else412WithTheServersCopy()
    {
        Activity a = activity();
        QCOMPARE(put(a).status, 201);
        Activity edited = a;
        edited.dureeMinutes = 90;
        edited.modification = a.modification.addSecs(60);
        for (const QByteArray &stale : {QByteArray(), QByteArray("\"7\"")}) {
            const Reply refused = put(edited, stale);
            QCOMPARE(refused.status, 412);
            Activity server;
            QString error;
            QVERIFY(ActivityWire::fromResource(refused.body.value(QLatin1String("data")).toObject(), &server, &error));
            QCOMPARE(server.dureeMinutes, 45);
        }
        const Reply replaced = put(edited, "\"1\"");
        QCOMPARE(replaced.status, 200);
        QCOMPARE(replaced.headers.value("etag"), QByteArray("\"2\""));
        const Reply old = put(a, "\"1\""); // the former body on the former version: now stale
        QCOMPARE(old.status, 412);
    }

    // The times are the client's: a body without them is refused (400, naming the attribute), since times of the
    // server's would make a resend differ from the first send. If-Match on an activity the server does not have: 412.
    void put_withoutTimes_400_ifMatchOnAMissingOne_412()
    {
        Activity a = activity();
        QJsonObject resource = ActivityWire::toResource(a);
        QJsonObject at = resource.value(QLatin1String("attributes")).toObject();
        at.remove(QStringLiteral("creation"));
        resource.insert(QStringLiteral("attributes"), at);
        const QString path = QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces);
        const Reply r = request("PUT", path, QJsonDocument(QJsonObject{{QStringLiteral("data"), resource}}).toJson());
        QCOMPARE(r.status, 400);
        QVERIFY2(r.detail().startsWith(QStringLiteral("« attributes.creation »")), r.raw.constData());
        QCOMPARE(put(a, "\"1\"").status, 412);
        QCOMPARE(request("GET", path).status, 404);
    }

    // A body without its length (chunked) is refused before it is read: 411, nothing written. The request goes in one
    // write of a raw socket, so that the server has it all when it answers and closes (a client still writing a
    // chunked body may see the connection reset before it reads the answer).
    void put_chunkedBody_411()
    {
        const Activity a = activity();
        const QByteArray body = document(a);
        const QByteArray request = "PUT /api/v1/activites/" + a.id.toString(QUuid::WithoutBraces).toLatin1()
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + m_token.toLatin1()
            + "\r\nContent-Type: application/vnd.api+json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n";
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_server->port()));
        QVERIFY(socket.waitForConnected(5000));
        QCOMPARE(socket.write(request), qint64(request.size()));
        QByteArray answer;
        while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(5000))
            answer += socket.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 411"), answer.constData());
        QCOMPARE(this->request("GET", QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces)).status, 404);
    }

    // What the desktop refuses, the server refuses with the same French message, and writes nothing.
    void put_invalid_422_withTheDesktopsMessage()
    {
        Activity a = activity();
        a.dureeMinutes = 0;
        a.thematiques.clear();
        const Reply r = put(a);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.detail(), Validator::describe(Validator::validate(a, QDate(2026, 12, 1))));
        QCOMPARE(request("GET", QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces)).status, 404);
    }

    void put_malformed_400_namingThePlace_nothingWritten()
    {
        const Activity a = activity();
        const QString path = QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces);
        Reply r = request("PUT", path, "{\"data\": ");
        QCOMPARE(r.status, 400);
        QVERIFY2(r.detail().contains(QStringLiteral("JSON")), r.raw.constData());
        QJsonObject resource = ActivityWire::toResource(a);
        QJsonObject at = resource.value(QLatin1String("attributes")).toObject();
        at.insert(QStringLiteral("duree"), QStringLiteral("45"));
        resource.insert(QStringLiteral("attributes"), at);
        r = request("PUT", path, QJsonDocument(QJsonObject{{QStringLiteral("data"), resource}}).toJson());
        QCOMPARE(r.status, 400);
        QVERIFY2(r.detail().startsWith(QStringLiteral("« attributes.duree » : un nombre entier est attendu")),
            r.raw.constData());
        Activity other = activity();
        r = request("PUT", path, document(other));
        QCOMPARE(r.status, 400);
        QVERIFY2(r.detail().contains(QStringLiteral("n'est pas celui de l'adresse")), r.raw.constData());
        QCOMPARE(request("GET", path).status, 404);
        QCOMPARE(request("PUT", QStringLiteral("/activites/pas-un-uuid"), document(a)).status, 404);
    }

    void put_oversizedBody_413_nothingWritten()
    {
        Activity a = activity();
        a.notes = QString(17 * 1024 * 1024, QLatin1Char('x'));
        const Reply r = put(a);
        QCOMPARE(r.status, 413);
        QVERIFY2(r.detail().contains(QStringLiteral("trop grand")), r.raw.constData());
        QCOMPARE(request("GET", QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces)).status, 404);
    }

    // A soft delete: still readable, suppression set, a new version; again: the same answer.
    void delete_isSoft_andIdempotent()
    {
        const Activity a = activity();
        QCOMPARE(put(a).status, 201);
        const QString path = QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces);
        QCOMPARE(request("DELETE", path, {}, QStringLiteral("-"), "\"9\"").status, 412);
        const Reply deleted = request("DELETE", path, {}, QStringLiteral("-"), "\"1\"");
        QCOMPARE(deleted.status, 200);
        QCOMPARE(deleted.headers.value("etag"), QByteArray("\"2\""));
        const Reply again = request("DELETE", path);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.headers.value("etag"), QByteArray("\"2\""));
        const QJsonObject at = request("GET", path)
                                   .body.value(QLatin1String("data"))
                                   .toObject()
                                   .value(QLatin1String("attributes"))
                                   .toObject();
        QVERIFY(at.value(QLatin1String("suppression")).isString());
        QCOMPARE(request("DELETE", QStringLiteral("/activites/") + QUuid::createUuid().toString(QUuid::WithoutBraces))
                     .status,
            404);
    }

    // Pages of 7 while activities are added and edited between pages: every activity comes, the ones not touched
    // meanwhile exactly once, an edited one again later with its new version; the cursor then gives only what
    // changed since.
    void pages_withWritesBetween_skipNothing_giveNothingTwiceUntouched()
    {
        const QString token = addAccount(QStringLiteral("Pages"));
        QVERIFY(!token.isEmpty());
        QList<Activity> written;
        for (int i = 0; i < 30; ++i) {
            written << activity();
            QCOMPARE(put(written.last(), {}, token).status, 201);
        }
        QHash<QUuid, int> seen;
        QHash<QUuid, qint64> versions;
        QSet<QUuid> edited;
        QString next = QStringLiteral("/activites?page%5Bsize%5D=7");
        QString cursor;
        int pages = 0;
        while (!next.isEmpty()) {
            const Reply r = request("GET", next, {}, token);
            QCOMPARE(r.status, 200);
            ++pages;
            for (const QJsonValue &v : r.body.value(QLatin1String("data")).toArray()) {
                const QJsonObject o = v.toObject();
                const QUuid id = QUuid::fromString(o.value(QLatin1String("id")).toString());
                ++seen[id];
                versions[id] = o.value(QLatin1String("meta")).toObject().value(QLatin1String("version")).toInteger();
            }
            if (pages == 2) {
                // Between pages: one activity already read edited, one new.
                Activity e = written.first();
                e.dureeMinutes = 30;
                QCOMPARE(put(e, "\"1\"", token).status, 200);
                edited.insert(e.id);
                written << activity();
                QCOMPARE(put(written.last(), {}, token).status, 201);
            }
            next = r.body.value(QLatin1String("links")).toObject().value(QLatin1String("next")).toString();
            cursor = r.body.value(QLatin1String("meta")).toObject().value(QLatin1String("curseur")).toString();
            QVERIFY(pages < 20);
        }
        QCOMPARE(seen.size(), written.size());
        for (const Activity &a : std::as_const(written)) {
            QCOMPARE(seen.value(a.id), edited.contains(a.id) ? 2 : 1);
            QCOMPARE(versions.value(a.id), edited.contains(a.id) ? 2 : 1);
        }
        // From the cursor: nothing, then what changes.
        const QString since = QStringLiteral("/activites?page%5Bafter%5D=") + cursor;
        QCOMPARE(request("GET", since, {}, token).body.value(QLatin1String("data")).toArray().size(), 0);
        Activity late = activity();
        QCOMPARE(put(late, {}, token).status, 201);
        const QJsonArray after = request("GET", since, {}, token).body.value(QLatin1String("data")).toArray();
        QCOMPARE(after.size(), 1);
        QCOMPARE(
            after.first().toObject().value(QLatin1String("id")).toString(), late.id.toString(QUuid::WithoutBraces));
        QCOMPARE(request("GET", QStringLiteral("/activites?page%5Bsize%5D=501"), {}, token).status, 400);
        QCOMPARE(request("GET", QStringLiteral("/activites?page%5Bafter%5D=%24%24"), {}, token).status, 400);
    }

    // A batch: each operation answered as its own request would be, the refused ones writing nothing, the others
    // written; more than 500 operations: 413 and nothing written.
    void batch_eachOperationAnsweredOnItsOwn()
    {
        const Activity theirs = activity();
        QCOMPARE(put(theirs, {}, m_otherToken).status, 201);
        const Activity fresh = activity();
        Activity invalid = activity();
        invalid.dureeMinutes = -3;
        const auto op = [](const char *kind, const Activity &a) {
            QJsonObject o{{QStringLiteral("op"), QLatin1String(kind)},
                {QStringLiteral("id"), a.id.toString(QUuid::WithoutBraces)}};
            if (qstrcmp(kind, "put") == 0)
                o.insert(QStringLiteral("data"), ActivityWire::toResource(a));
            return o;
        };
        const QJsonArray operations{op("put", fresh), op("put", fresh), op("put", invalid), op("delete", activity()),
            QJsonObject{{QStringLiteral("op"), QStringLiteral("patch")},
                {QStringLiteral("id"), fresh.id.toString(QUuid::WithoutBraces)}},
            op("put", theirs), op("delete", fresh)};
        const Reply r = request("POST", QStringLiteral("/activites/lot"),
            QJsonDocument(QJsonObject{{QStringLiteral("operations"), operations}}).toJson());
        QCOMPARE(r.status, 200);
        const QJsonArray results = r.body.value(QLatin1String("results")).toArray();
        QCOMPARE(results.size(), operations.size());
        QList<int> statuses;
        for (const QJsonValue &v : results)
            statuses << v.toObject().value(QLatin1String("status")).toInt();
        QCOMPARE(statuses, (QList<int>{201, 200, 422, 404, 400, 403, 200}));
        QVERIFY2(results.at(4)
                     .toObject()
                     .value(QLatin1String("errors"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("detail"))
                     .toString()
                     .startsWith(QStringLiteral("« operations[4].op »")),
            r.raw.constData());
        // The fresh one created then deleted (version 2), the invalid one not there, theirs untouched.
        const Reply read = request("GET", QStringLiteral("/activites/") + fresh.id.toString(QUuid::WithoutBraces));
        QCOMPARE(read.headers.value("etag"), QByteArray("\"2\""));
        QCOMPARE(request("GET", QStringLiteral("/activites/") + invalid.id.toString(QUuid::WithoutBraces)).status, 404);
        QCOMPARE(
            request("GET", QStringLiteral("/activites/") + theirs.id.toString(QUuid::WithoutBraces), {}, m_otherToken)
                .headers.value("etag"),
            QByteArray("\"1\""));

        QJsonArray tooMany;
        QList<Activity> many;
        for (int i = 0; i < 501; ++i) {
            many << activity();
            tooMany.append(op("put", many.last()));
        }
        const Reply refused = request("POST", QStringLiteral("/activites/lot"),
            QJsonDocument(QJsonObject{{QStringLiteral("operations"), tooMany}}).toJson());
        QCOMPARE(refused.status, 413);
        QCOMPARE(
            request("GET", QStringLiteral("/activites/") + many.first().id.toString(QUuid::WithoutBraces)).status, 404);
    }

    // One account never reads nor writes another's activities.
    void anotherAccount_neitherReadsNorWrites()
    {
        const Activity a = activity();
        QCOMPARE(put(a).status, 201);
        const QString path = QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces);
        QCOMPARE(request("GET", path, {}, m_otherToken).status, 404);
        Activity overwrite = a;
        overwrite.dureeMinutes = 10;
        QCOMPARE(put(overwrite, "\"1\"", m_otherToken).status, 403);
        QCOMPARE(request("DELETE", path, {}, m_otherToken).status, 403);
        const QJsonArray theirs = request("GET", QStringLiteral("/activites"), {}, m_otherToken)
                                      .body.value(QLatin1String("data"))
                                      .toArray();
        for (const QJsonValue &v : theirs)
            QVERIFY(v.toObject().value(QLatin1String("id")).toString() != a.id.toString(QUuid::WithoutBraces));
        QCOMPARE(request("GET", path).status, 200);
    }

    // A large batch (read and checked on every core): each answer at its operation's place, in order.
    void batch_large_answersInOrder()
    {
        QJsonArray operations;
        QList<int> expected;
        for (int i = 0; i < 300; ++i) {
            Activity a = activity();
            int status = 201;
            if (i % 7 == 3) {
                a.dureeMinutes = 0; // refused by Carnet's rules
                status = 422;
            }
            QJsonObject op{{QStringLiteral("op"), QStringLiteral("put")},
                {QStringLiteral("id"), a.id.toString(QUuid::WithoutBraces)},
                {QStringLiteral("data"), ActivityWire::toResource(a)}};
            if (i % 11 == 5) {
                op.insert(QStringLiteral("op"), QStringLiteral("remplacer")); // unreadable
                status = 400;
            }
            operations.append(op);
            expected << status;
        }
        const Reply r = request("POST", QStringLiteral("/activites/lot"),
            QJsonDocument(QJsonObject{{QStringLiteral("operations"), operations}}).toJson());
        QCOMPARE(r.status, 200);
        const QJsonArray results = r.body.value(QLatin1String("results")).toArray();
        QCOMPARE(results.size(), operations.size());
        for (int i = 0; i < results.size(); ++i) {
            const QJsonObject result = results.at(i).toObject();
            QCOMPARE(result.value(QLatin1String("id")), operations.at(i).toObject().value(QLatin1String("id")));
            QCOMPARE(result.value(QLatin1String("status")).toInt(), expected.at(i));
            if (expected.at(i) == 400)
                QVERIFY(result.value(QLatin1String("errors"))
                            .toArray()
                            .first()
                            .toObject()
                            .value(QLatin1String("detail"))
                            .toString()
                            .startsWith(QStringLiteral("« operations[%1].op »").arg(i)));
        }
    }

    // Places and followed beneficiaries are resources too: an activity naming one the server lacks is refused (422,
    // naming the attribute); sent first (or earlier in the same batch), it is accepted. An activity's "beneficiaires"
    // aggregates count its people as stored when it is read. A person is soft-deleted, a place archived.
    void references_placesAndPeople_sentBeforeTheActivitiesNamingThem()
    {
        Place place = TestData::place();
        place.creation = QDateTime(QDate(2026, 6, 1), QTime(9, 0), Qt::UTC);
        place.modification = place.creation;
        Activity there = activity();
        there.typeLieu = QStringLiteral("lieu_activite");
        there.lieuId = place.id;
        there.lieuCommune = {};
        Reply refused = put(there);
        QCOMPARE(refused.status, 422);
        QVERIFY2(refused.detail().contains(place.id.toString(QUuid::WithoutBraces)), refused.raw.constData());
        QCOMPARE(refused.body.value(QLatin1String("errors"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("source"))
                     .toObject()
                     .value(QLatin1String("pointer"))
                     .toString(),
            QStringLiteral("/data/attributes/structure_id"));
        const QString placePath = QStringLiteral("/lieux/") + place.id.toString(QUuid::WithoutBraces);
        const QByteArray placeDoc
            = QJsonDocument(QJsonObject{{QStringLiteral("data"), PlaceWire::toResource(place)}}).toJson();
        QCOMPARE(request("PUT", placePath, placeDoc).status, 201);
        QCOMPARE(request("PUT", placePath, placeDoc).status, 200); // an identical resend
        QCOMPARE(put(there).status, 201);
        const Reply places = request("GET", QStringLiteral("/lieux"));
        QCOMPARE(places.status, 200);
        Place back;
        QString error;
        QVERIFY2(PlaceWire::fromResource(
                     places.body.value(QLatin1String("data")).toArray().last().toObject(), &back, &error),
            qPrintable(error));
        QVERIFY(back.sameContent(place));
        // A resource of another kind at this address: 409, nothing written.
        const Reply wrongKind
            = request("PUT", QStringLiteral("/activites/") + place.id.toString(QUuid::WithoutBraces), placeDoc);
        QCOMPARE(wrongKind.status, 409);
        QCOMPARE(request("GET", QStringLiteral("/activites/") + place.id.toString(QUuid::WithoutBraces)).status, 404);
        // A place is archived, not deleted (activities name it).
        const Reply noDelete = request("DELETE", placePath);
        QCOMPARE(noDelete.status, 400);
        QVERIFY2(noDelete.detail().contains(QStringLiteral("archive")), noDelete.raw.constData());

        // A followed beneficiary: refused when unknown, accepted when put earlier in the same batch.
        Beneficiary josiane = TestData::beneficiary();
        josiane.creation = place.creation;
        josiane.modification = place.creation;
        Activity followed = activity();
        followed.beneficiaireId = josiane.id;
        followed.anonyme = {};
        refused = put(followed);
        QCOMPARE(refused.status, 422);
        QVERIFY2(refused.detail().startsWith(QStringLiteral("« attributes.carnet.beneficiaire_suivi_id »")),
            refused.raw.constData());
        QJsonArray operations{QJsonObject{{QStringLiteral("op"), QStringLiteral("put")},
                                  {QStringLiteral("id"), josiane.id.toString(QUuid::WithoutBraces)},
                                  {QStringLiteral("data"), BeneficiaryWire::toResource(josiane)}},
            QJsonObject{{QStringLiteral("op"), QStringLiteral("put")},
                {QStringLiteral("id"), followed.id.toString(QUuid::WithoutBraces)},
                {QStringLiteral("data"), ActivityWire::toResource(followed)}}};
        const Reply batch = request("POST", QStringLiteral("/activites/lot"),
            QJsonDocument(QJsonObject{{QStringLiteral("operations"), operations}}).toJson());
        QCOMPARE(batch.status, 200);
        const QJsonArray results = batch.body.value(QLatin1String("results")).toArray();
        QCOMPARE(results.at(0).toObject().value(QLatin1String("status")).toInt(), 201);
        QCOMPARE(results.at(1).toObject().value(QLatin1String("status")).toInt(), 201);

        // Her genre counted when the activity is read, as stored now.
        const QString activityPath = QStringLiteral("/activites/") + followed.id.toString(QUuid::WithoutBraces);
        const auto genres = [&] {
            return request("GET", activityPath)
                .body.value(QLatin1String("data"))
                .toObject()
                .value(QLatin1String("attributes"))
                .toObject()
                .value(QLatin1String("beneficiaires"))
                .toObject()
                .value(QLatin1String("genres"))
                .toObject();
        };
        QCOMPARE(genres(), (QJsonObject{{QStringLiteral("feminin"), 1}}));
        Beneficiary corrected = josiane;
        corrected.genre = QStringLiteral("masculin");
        corrected.modification = josiane.modification.addSecs(60);
        const QString personPath = QStringLiteral("/beneficiaires/") + josiane.id.toString(QUuid::WithoutBraces);
        const QByteArray personDoc
            = QJsonDocument(QJsonObject{{QStringLiteral("data"), BeneficiaryWire::toResource(corrected)}}).toJson();
        QCOMPARE(request("PUT", personPath, personDoc).status, 412); // without If-Match
        QCOMPARE(request("PUT", personPath, personDoc, QStringLiteral("-"), "\"1\"").status, 200);
        QCOMPARE(genres(), (QJsonObject{{QStringLiteral("masculin"), 1}}));
        // The same for the activities of a page.
        bool seen = false;
        std::string next = "/api/v1/activites?page%5Bsize%5D=500";
        while (!next.empty()) {
            const Reply page = request(
                "GET", QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()) + QString::fromStdString(next));
            for (const QJsonValue &v : page.body.value(QLatin1String("data")).toArray()) {
                if (v.toObject().value(QLatin1String("id")).toString() != followed.id.toString(QUuid::WithoutBraces))
                    continue;
                seen = true;
                QCOMPARE(v.toObject()
                             .value(QLatin1String("attributes"))
                             .toObject()
                             .value(QLatin1String("beneficiaires"))
                             .toObject()
                             .value(QLatin1String("genres"))
                             .toObject(),
                    (QJsonObject{{QStringLiteral("masculin"), 1}}));
            }
            next = ServerTest::nextPath(page.body);
        }
        QVERIFY(seen);

        // Carnet's rules for people too, with the desktop's message.
        Beneficiary nameless = josiane;
        nameless.id = QUuid::createUuid();
        nameless.prenom.clear();
        nameless.nom.clear();
        const Reply invalid
            = request("PUT", QStringLiteral("/beneficiaires/") + nameless.id.toString(QUuid::WithoutBraces),
                QJsonDocument(QJsonObject{{QStringLiteral("data"), BeneficiaryWire::toResource(nameless)}}).toJson());
        QCOMPARE(invalid.status, 422);
        QCOMPARE(invalid.detail(), Validator::describe(Validator::validate(nameless, QDate(2026, 6, 30))));

        // A soft delete: in the list with its suppression, the activity naming her still read.
        const Reply deleted = request("DELETE", personPath, {}, QStringLiteral("-"), "\"2\"");
        QCOMPARE(deleted.status, 200);
        Beneficiary gone;
        QVERIFY(BeneficiaryWire::fromResource(deleted.body.value(QLatin1String("data")).toObject(), &gone, &error));
        QVERIFY(gone.isDeleted());
        QCOMPARE(request("GET", activityPath).status, 200);
        // Another account does not see her, and cannot name her.
        QCOMPARE(request("GET", personPath, {}, m_otherToken).status, 404);
        Activity theirs = followed;
        theirs.id = QUuid::createUuid();
        QCOMPARE(put(theirs, {}, m_otherToken).status, 422);
        // A workshop naming her (deleted, still named by past activities) and someone the server lacks: the pointer
        // names the second participant.
        Activity workshop = TestData::collectif(QUuid());
        workshop.typeLieu = QStringLiteral("domicile");
        workshop.lieuCommune = TestData::gueret();
        workshop.creation = workshop.modification = place.creation;
        workshop.participants = {josiane.id, QUuid::createUuid()};
        const Reply unknown = put(workshop);
        QCOMPARE(unknown.status, 422);
        QCOMPARE(unknown.body.value(QLatin1String("errors"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("source"))
                     .toObject()
                     .value(QLatin1String("pointer"))
                     .toString(),
            QStringLiteral("/data/attributes/carnet/participants_suivis/1"));
    }

    // A responsable reads the mediators of their structure (filter[mediateur], /mediateurs), and writes only their
    // own; a mediator reads only their own; another structure's mediator is not readable.
    void responsable_readsTheMediatorsOfTheirStructure()
    {
        // Structures of their own: the PostgreSQL base outlives a run.
        const QString suffix = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
        const QStringList gueret{QStringLiteral("--structure"), QStringLiteral("France Services Guéret ") + suffix};
        QString managerId, mediatorId, outsiderId;
        const QString manager = addAccount(QStringLiteral("Alex Responsable"), &managerId,
            gueret + QStringList{QStringLiteral("--role"), QStringLiteral("responsable")});
        const QString mediator = addAccount(QStringLiteral("Sam Médiateur"), &mediatorId, gueret);
        const QString outsider = addAccount(QStringLiteral("Lou Ailleurs"), &outsiderId,
            {QStringLiteral("--structure"), QStringLiteral("Médiathèque d'Aubusson ") + suffix});
        QVERIFY(!manager.isEmpty() && !mediator.isEmpty() && !outsider.isEmpty());
        QList<Activity> activities;
        for (int i = 0; i < 3; ++i) {
            activities << activity();
            QCOMPARE(put(activities.last(), {}, mediator).status, 201);
        }
        QCOMPARE(put(activity(), {}, outsider).status, 201);

        // Page by page (size 2): the mediator's three, owned by them, and the next link keeps the filter.
        QSet<QString> read;
        QString path = QStringLiteral("/activites?page%5Bsize%5D=2&filter%5Bmediateur%5D=") + mediatorId;
        int pages = 0;
        while (!path.isEmpty()) {
            const Reply page = request("GET", path, {}, manager);
            QCOMPARE(page.status, 200);
            ++pages;
            for (const QJsonValue &v : page.body.value(QLatin1String("data")).toArray()) {
                read.insert(v.toObject().value(QLatin1String("id")).toString());
                QCOMPARE(v.toObject()
                             .value(QLatin1String("attributes"))
                             .toObject()
                             .value(QLatin1String("mediateur_id"))
                             .toString(),
                    mediatorId);
            }
            const QString next
                = page.body.value(QLatin1String("links")).toObject().value(QLatin1String("next")).toString();
            QVERIFY2(next.isEmpty()
                    || QUrlQuery(QUrl(next)).queryItemValue(QStringLiteral("filter[mediateur]")) == mediatorId,
                qPrintable(next));
            path = next;
        }
        QCOMPARE(pages, 2);
        QCOMPARE(read.size(), 3);
        for (const Activity &a : std::as_const(activities))
            QVERIFY(read.contains(a.id.toString(QUuid::WithoutBraces)));

        const QString of = QStringLiteral("/activites?filter%5Bmediateur%5D=");
        QCOMPARE(request("GET", of + outsiderId, {}, manager).status, 403); // another structure
        QCOMPARE(request("GET", of + managerId, {}, mediator).status, 403); // a mediator reads only their own
        QCOMPARE(request("GET", of + mediatorId, {}, mediator).status, 200); // themselves
        // An unknown account answers as another structure's: ids are not probed.
        QCOMPARE(request("GET", of + QUuid::createUuid().toString(QUuid::WithoutBraces), {}, manager).status, 403);
        QCOMPARE(request("GET", of + QStringLiteral("personne"), {}, manager).status, 400);
        Activity edited = activities.first();
        edited.dureeMinutes = 5;
        QCOMPARE(put(edited, "\"1\"", manager).status, 403); // reads, never writes

        const Reply team = request("GET", QStringLiteral("/mediateurs"), {}, manager);
        QCOMPARE(team.status, 200);
        QSet<QString> members;
        for (const QJsonValue &v : team.body.value(QLatin1String("data")).toArray())
            members.insert(v.toObject().value(QLatin1String("id")).toString());
        QCOMPARE(members, (QSet<QString>{managerId, mediatorId}));
        const Reply alone = request("GET", QStringLiteral("/mediateurs"), {}, mediator);
        QCOMPARE(alone.body.value(QLatin1String("data")).toArray().size(), 1);
    }

    // Beyond its share of requests a minute, an account is answered 429 with Retry-After; another account is not.
    void tooManyRequests_429_withRetryAfter()
    {
        ServerTest::Server limited(m_backend);
        QVERIFY(limited.start({QStringLiteral("--requetes-par-minute"), QStringLiteral("5")}));
        ServerTest::Client client;
        for (int i = 0; i < 5; ++i)
            QCOMPARE(client.request(limited.port(), "GET", QStringLiteral("/compte"), {}, m_token).status, 200);
        const Reply refused = client.request(limited.port(), "GET", QStringLiteral("/compte"), {}, m_token);
        QCOMPARE(refused.status, 429);
        const int wait = refused.headers.value("retry-after").toInt();
        QVERIFY2(wait >= 1 && wait <= 12, refused.headers.value("retry-after").constData());
        QVERIFY2(refused.detail().contains(QStringLiteral("réessayez dans")), refused.raw.constData());
        QCOMPARE(client.request(limited.port(), "GET", QStringLiteral("/compte"), {}, m_otherToken).status, 200);
        QVERIFY(limited.stop());
    }

    // Revoked while the server runs: refused at the very next request.
    void revokedToken_refusedAtOnce()
    {
        QString id;
        const QString token = addAccount(QStringLiteral("Révoqué"), &id);
        QCOMPARE(request("GET", QStringLiteral("/compte"), {}, token).status, 200);
        QCOMPARE(command({QStringLiteral("compte"), QStringLiteral("revoquer"), id.left(8)}), 0);
        QCOMPARE(request("GET", QStringLiteral("/compte"), {}, token).status, 401);
        QString list;
        QCOMPARE(command({QStringLiteral("compte"), QStringLiteral("lister")}, &list), 0);
        QVERIFY2(list.contains(id + QLatin1Char('\t')) && list.contains(QStringLiteral("révoqué")), qPrintable(list));
        QVERIFY(!list.contains(QStringLiteral("carnet_"))); // never a token
    }

    // SIGTERM: a clean stop (exit 0); started again on the same data, everything acknowledged is there.
    // SIGTERM as soon as it starts, before it listens (while it opens its base): it still stops.
    void sigterm_duringStartup_stillStops()
    {
        for (int i = 0; i < 8; ++i) {
            QProcess p;
            p.start(ServerTest::executable(), m_backend + QStringList{QStringLiteral("--port"), QStringLiteral("0")});
            QVERIFY(p.waitForStarted(10000));
            QThread::msleep(quint64(i) * 3);
            ::kill(pid_t(p.processId()), SIGTERM);
            QVERIFY2(p.waitForFinished(10000), "carnet-serveur did not stop on SIGTERM");
            // Before main() blocks the signal, its default action ends the process (nothing was open yet); after,
            // it is a clean stop.
            if (p.exitStatus() == QProcess::NormalExit)
                QCOMPARE(p.exitCode(), 0);
        }
    }

    void sigterm_stopsCleanly_andNothingIsLost()
    {
        const Activity a = activity();
        QCOMPARE(put(a).status, 201);
        QVERIFY(m_server->stop());
        QVERIFY(m_server->start());
        const Reply r = request("GET", QStringLiteral("/activites/") + a.id.toString(QUuid::WithoutBraces));
        QCOMPARE(r.status, 200);
    }
};

QTEST_GUILESS_MAIN(TestServerApi)
#include "tst_serverapi.moc"
