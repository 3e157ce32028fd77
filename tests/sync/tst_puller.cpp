// The pull of the sync engine (sync/client/Puller.h): real Carnet bases on one account of a real carnet-serveur, one
// pushing and the others pulling; and, with a fake server's pages, what a broken answer leaves (nothing).
#include "models/store/IntegrityChecker.h"
#include "models/store/SyncLedger.h"
#include "sync/client/Puller.h"
#include "sync/client/Pusher.h"
#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"
#include "tests/sync/ServerProcess.h"
#include "tests/sync/SyncClients.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <httplib.h>

using SyncTest::compareBases;
using SyncTest::Http;
using SyncTest::ids;
using TestData::Fixture;

namespace {
int count(const Store &store, const QString &sql)
{
    QSqlQuery q(store.database());
    return q.exec(sql) && q.next() ? q.value(0).toInt() : -1;
}

// One page of a fake server: these resources, then links.next and meta.curseur.
QByteArray page(const QJsonArray &data, const QJsonValue &next, const QString &cursor)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("data"), data},
                             {QStringLiteral("links"), QJsonObject{{QStringLiteral("next"), next}}},
                             {QStringLiteral("meta"), QJsonObject{{QStringLiteral("curseur"), cursor}}}})
        .toJson(QJsonDocument::Compact);
}

SyncReply ok(const QByteArray &body)
{
    SyncReply r;
    r.status = 200;
    r.body = body;
    return r;
}
} // namespace

class TestPuller : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerTest::Server> m_server;

    static void push(Store &store, const Clock &clock, const Http &http)
    {
        RetryPolicy::Schedule schedule(1);
        Pusher pusher(store, clock, schedule, http.post());
        const Pusher::Summary s = pusher.run();
        QVERIFY2(s.message.isEmpty(), qPrintable(s.message));
        QCOMPARE(SyncLedger(store).pendingCount(), 0);
    }

    static Puller::Summary pull(Store &store, const Clock &clock, const SyncGet &get, int pageSize = Puller::PageSize)
    {
        Puller puller(store, clock, get, pageSize);
        return puller.run();
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerTest::Server>(QStringList{QStringLiteral("--data"), m_dir.path()});
        QVERIFY(m_server->start({QStringLiteral("--requetes-par-minute"), QStringLiteral("0")}));
    }
    void cleanupTestCase() { QVERIFY(m_server->stop()); }

    // What one base pushed, another pulls whole: every record identical and sent, the figures' copy clean; a second
    // pull reads nothing; the pushing base reading its own sends back changes nothing.
    void pull_emptyBase_getsTheOtherBaseWhole_thenNothing()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Camille Dupont")));
        Fixture a;
        QVERIFY(a.openWithDemo(1200, 21));
        push(a.store, a.clock, http);
        const int records = count(a.store,
            QStringLiteral("SELECT (SELECT count(*) FROM lieux) + (SELECT count(*) FROM beneficiaires) + "
                           "(SELECT count(*) FROM activites)"));

        Fixture b;
        QVERIFY(b.open());
        const Puller::Summary first = pull(b.store, b.clock, http.get(), 100);
        QVERIFY2(first.message.isEmpty(), qPrintable(first.message));
        QVERIFY(first.complete);
        QCOMPARE(first.received, records);
        QCOMPARE(first.conflicts, 0);
        QVERIFY(first.pages >= 12 + 1 + 1);
        compareBases(a.store, b.store);
        const SyncCounts counts = b.store.syncCounts();
        QCOMPARE(counts.pending, 0);
        QCOMPARE(counts.sent, a.store.syncCounts().sent);
        QCOMPARE(SyncLedger(b.store).pendingCount(), 0);
        const IntegrityReport report = IntegrityChecker::run(b.store);
        QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
        QVERIFY(!SyncLedger(b.store).cursor(SyncLedger::Kind::Activite).isEmpty());

        const Puller::Summary second = pull(b.store, b.clock, http.get());
        QVERIFY(second.complete);
        QCOMPARE(second.received, 0);
        QCOMPARE(second.unchanged, 0);

        // Its own sends, read back: at the version it holds, nothing written.
        const Puller::Summary echo = pull(a.store, a.clock, http.get());
        QVERIFY(echo.complete);
        QCOMPARE(echo.received, 0);
        QCOMPARE(echo.unchanged, records);
        QCOMPARE(a.store.syncCounts().pending, 0);
    }

    // Edits, deletions (an activity, a person anonymised) and an archived place made on one base reach the other;
    // only those are read.
    void editsAndDeletions_reachTheOtherBase()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Dominique Martin")));
        Fixture a;
        QVERIFY(a.openWithDemo(600, 22));
        push(a.store, a.clock, http);
        Fixture b;
        QVERIFY(b.open());
        QVERIFY(pull(b.store, b.clock, http.get()).complete);

        QString error;
        const QList<QUuid> activities = ids(a.store, "activites");
        Activity edited = *a.store.activity(activities.at(10));
        edited.notes = QStringLiteral("Revu au bureau");
        edited.dureeMinutes = edited.dureeMinutes == 45 ? 30 : 45;
        QVERIFY2(a.store.saveActivity(edited, &error), qPrintable(error));
        QVERIFY(a.store.deleteActivity(activities.at(11), &error));
        const QUuid person = ids(a.store, "beneficiaires").at(2);
        QVERIFY(a.store.deleteBeneficiary(person, &error));
        const QUuid place = ids(a.store, "lieux").at(0);
        QVERIFY(a.store.archivePlace(place, true, &error));
        const qint64 changed = SyncLedger(a.store).pendingCount();
        push(a.store, a.clock, http);

        const Puller::Summary s = pull(b.store, b.clock, http.get());
        QVERIFY2(s.complete, qPrintable(s.message));
        QCOMPARE(qint64(s.received), changed);
        QCOMPARE(s.conflicts, 0);
        compareBases(a.store, b.store);
        QVERIFY(b.store.activity(activities.at(11))->isDeleted());
        QVERIFY(b.store.beneficiary(person)->isDeleted());
        QVERIFY(b.store.beneficiary(person)->nom.isEmpty());
        QVERIFY(b.store.place(place)->archive);
        QCOMPARE(b.store.activity(activities.at(10))->notes, QStringLiteral("Revu au bureau"));
        QCOMPARE(b.store.syncCounts().pending, 0);
        const IntegrityReport report = IntegrityChecker::run(b.store);
        QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    }

    // Changed on both sides: kept as a conflict, the local row untouched and the server's copy beside it; the same
    // change made on both sides is no conflict; a change made only here stays to send and is sent.
    void bothSides_conflictKept_sameChangeNone_localOnlyStays()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Sacha Bernard")));
        Fixture a;
        QVERIFY(a.openWithDemo(300, 23));
        push(a.store, a.clock, http);
        Fixture b;
        QVERIFY(b.open());
        QVERIFY(pull(b.store, b.clock, http.get()).complete);

        QString error;
        const QList<QUuid> list = ids(a.store, "activites");
        const auto edit = [&](Store &store, const QUuid &id, const QString &notes) {
            Activity x = *store.activity(id);
            x.notes = notes;
            QVERIFY2(store.saveActivity(x, &error), qPrintable(error));
        };
        edit(a.store, list.at(0), QStringLiteral("Version du bureau"));
        edit(b.store, list.at(0), QStringLiteral("Version du portable"));
        edit(a.store, list.at(1), QStringLiteral("La même"));
        edit(b.store, list.at(1), QStringLiteral("La même"));
        edit(b.store, list.at(2), QStringLiteral("Seulement ici"));
        const QUuid person = ids(a.store, "beneficiaires").at(0);
        Beneficiary p = *a.store.beneficiary(person);
        p.telephone = QStringLiteral("0601020304");
        QVERIFY(a.store.saveBeneficiary(p, &error));
        p = *b.store.beneficiary(person);
        p.telephone = QStringLiteral("0700000000");
        QVERIFY(b.store.saveBeneficiary(p, &error));
        push(a.store, a.clock, http);

        const Puller::Summary s = pull(b.store, b.clock, http.get());
        QVERIFY2(s.complete, qPrintable(s.message));
        QCOMPARE(s.conflicts, 2);
        QCOMPARE(b.store.activity(list.at(0))->notes, QStringLiteral("Version du portable"));
        QCOMPARE(b.store.activity(list.at(0))->syncState, SyncState::Conflict);
        QCOMPARE(b.store.beneficiary(person)->telephone, QStringLiteral("0700000000"));
        const QList<SyncLedger::Conflict> conflicts = SyncLedger(b.store).conflicts();
        QCOMPARE(conflicts.size(), 2);
        for (const SyncLedger::Conflict &c : conflicts) {
            const QJsonObject copy = QJsonDocument::fromJson(c.serverCopy).object();
            QCOMPARE(copy.value(QLatin1String("meta")).toObject().value(QLatin1String("version")).toInteger(),
                c.version.toLongLong());
            if (c.kind == SyncLedger::Kind::Activite) {
                QCOMPARE(c.id, list.at(0));
                Activity theirs;
                QVERIFY(ActivityWire::fromResource(copy, &theirs, &error));
                QCOMPARE(theirs.notes, QStringLiteral("Version du bureau"));
            } else {
                QCOMPARE(c.kind, SyncLedger::Kind::Beneficiaire);
                QCOMPARE(c.id, person);
            }
        }
        QCOMPARE(b.store.activity(list.at(1))->syncState, SyncState::Sent);
        QCOMPARE(b.store.activity(list.at(2))->syncState, SyncState::Pending);
        QCOMPARE(b.store.activity(list.at(2))->notes, QStringLiteral("Seulement ici"));

        // The push sends what only this base changed, never the conflicts.
        RetryPolicy::Schedule schedule(2);
        Pusher pusher(b.store, b.clock, schedule, http.post());
        const Pusher::Summary sent = pusher.run();
        QCOMPARE(sent.sent, 1);
        QCOMPARE(sent.conflicts, 0);
        QCOMPARE(b.store.activity(list.at(0))->syncState, SyncState::Conflict);
        // And the first base reads it, with no conflict of its own.
        const Puller::Summary back = pull(a.store, a.clock, http.get());
        QCOMPARE(back.conflicts, 0);
        QCOMPARE(a.store.activity(list.at(2))->notes, QStringLiteral("Seulement ici"));
    }

    // A pull cut off after some pages keeps those pages and their cursor; the next one goes on from there and ends
    // with the same base as one pull would, nothing twice.
    void interruptedPull_resumesFromItsCursor()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Alix Petit")));
        Fixture a;
        QVERIFY(a.openWithDemo(900, 24));
        push(a.store, a.clock, http);

        Fixture b;
        QVERIFY(b.open());
        int calls = 0;
        const SyncGet real = http.get();
        const SyncGet cut = [&](const QString &path) {
            if (++calls == 5) { // the third page of activities (one page of places, one of people)
                SyncReply none;
                none.error = QStringLiteral("Connection closed");
                return none;
            }
            return real(path);
        };
        const Puller::Summary first = pull(b.store, b.clock, cut, 200);
        QVERIFY(!first.complete);
        QVERIFY2(first.message.contains(QStringLiteral("Pas de réponse")), qPrintable(first.message));
        QCOMPARE(count(b.store, QStringLiteral("SELECT count(*) FROM activites")), 400);
        const QString cursor = SyncLedger(b.store).cursor(SyncLedger::Kind::Activite);
        QVERIFY(!cursor.isEmpty());

        const Puller::Summary rest = pull(b.store, b.clock, real, 200);
        QVERIFY2(rest.complete, qPrintable(rest.message));
        QCOMPARE(rest.received, 500);
        QCOMPARE(rest.unchanged, 0);
        compareBases(a.store, b.store);
    }

    // An activity naming a person made on another computer after this pull read the people: the people are read
    // again, and the activity written with them.
    void referenceMadeDuringThePull_readFirst()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Noa Leroy")));
        Fixture a;
        QVERIFY(a.openWithDemo(200, 25));
        push(a.store, a.clock, http);

        Fixture b;
        QVERIFY(b.open());
        const SyncGet real = http.get();
        bool made = false;
        QUuid newActivity;
        const SyncGet meanwhile = [&](const QString &path) {
            if (!made && path.startsWith(QStringLiteral("/activites"))) {
                made = true;
                QString error;
                Beneficiary p;
                p.prenom = QStringLiteral("Lou");
                p.nom = QStringLiteral("Nouveau");
                p.genre = QStringLiteral("feminin");
                if (!a.store.saveBeneficiary(p, &error))
                    qWarning() << error;
                Activity x = TestData::individuel(ids(a.store, "lieux").at(0));
                x.beneficiaireId = p.id;
                x.anonyme = {};
                if (!a.store.saveActivity(x, &error))
                    qWarning() << error;
                newActivity = x.id;
                push(a.store, a.clock, http);
            }
            return real(path);
        };
        const Puller::Summary s = pull(b.store, b.clock, meanwhile);
        QVERIFY2(s.complete, qPrintable(s.message));
        QVERIFY(made);
        QVERIFY(b.store.activity(newActivity).has_value());
        compareBases(a.store, b.store);
    }

    // Pages that do not follow the contract write nothing and keep the cursor where it was, with a French message;
    // a refused token pauses.
    void brokenPages_writeNothing()
    {
        Fixture b;
        QVERIFY(b.open());
        Place place;
        place.id = QUuid::createUuid();
        place.nom = QStringLiteral("Médiathèque");
        place.commune = {QStringLiteral("69123"), QStringLiteral("69001"), QStringLiteral("Lyon")};
        place.creation = place.modification = b.clock.nowUtc();
        Activity activity = TestData::individuel(place.id);
        activity.creation = activity.modification = b.clock.nowUtc();
        const QJsonObject goodPlace = PlaceWire::toResource(place, 3);
        ActivityWire::Meta meta;
        meta.version = 4;
        const QJsonObject goodActivity = ActivityWire::toResource(activity, meta);
        QJsonObject noVersion = goodActivity;
        noVersion.remove(QStringLiteral("meta"));
        QJsonObject wrongType = goodActivity;
        wrongType.insert(QStringLiteral("type"), QStringLiteral("lieu"));
        QJsonObject wrongDuration = goodActivity;
        QJsonObject attributes = wrongDuration.value(QLatin1String("attributes")).toObject();
        attributes.insert(QStringLiteral("duree"), QStringLiteral("une heure"));
        wrongDuration.insert(QStringLiteral("attributes"), attributes);
        Activity elsewhere = activity;
        elsewhere.id = QUuid::createUuid();
        elsewhere.lieuId = QUuid::createUuid(); // never given by the server
        const QJsonObject unknownPlace = ActivityWire::toResource(elsewhere, meta);

        struct Case
        {
            const char *name;
            QByteArray activities; // the body of every /activites page
            int status;
            const char *message; // a part of it
        };
        const QByteArray empty = page({}, QJsonValue::Null, QStringLiteral("c0"));
        const QList<Case> cases{
            {"not JSON", "<html>proxy</html>", 200, "illisible"},
            {"data not an array", R"({"data":{},"links":{"next":null},"meta":{"curseur":"c1"}})", 200, "illisible"},
            {"no cursor", R"({"data":[],"links":{"next":null},"meta":{}})", 200, "illisible"},
            {"no version", page({goodActivity, noVersion}, QJsonValue::Null, QStringLiteral("c1")), 200,
                "meta.version"},
            {"wrong type", page({goodActivity, wrongType}, QJsonValue::Null, QStringLiteral("c1")), 200, "illisible"},
            {"wrong duration", page({goodActivity, wrongDuration}, QJsonValue::Null, QStringLiteral("c1")), 200,
                "duree"},
            {"never ends", page({goodActivity}, QStringLiteral("https://x/activites"), QString()), 200, "illisible"},
            {"unknown place", page({goodActivity, unknownPlace}, QJsonValue::Null, QStringLiteral("c1")), 200,
                "absents"},
            {"token", R"({"errors":[{"status":"401","detail":"Jeton expiré."}]})", 401, "Jeton expiré."},
            {"server", "", 503, "HTTP 503"},
        };
        for (const Case &c : cases) {
            int pages = 0;
            const SyncGet fake = [&](const QString &path) {
                ++pages;
                SyncReply r = ok(empty);
                if (path.startsWith(QStringLiteral("/lieux")))
                    r.body = page({goodPlace}, QJsonValue::Null, QStringLiteral("l1"));
                if (path.startsWith(QStringLiteral("/activites"))) {
                    r.status = c.status;
                    r.body = c.activities;
                }
                return r;
            };
            const Puller::Summary s = pull(b.store, b.clock, fake);
            QVERIFY2(!s.complete, c.name);
            QVERIFY2(s.message.contains(QString::fromUtf8(c.message)), qPrintable(QLatin1String(c.name) + s.message));
            QCOMPARE(s.tokenRefused, c.status == 401);
            QCOMPARE(count(b.store, QStringLiteral("SELECT count(*) FROM activites")), 0);
            QCOMPARE(SyncLedger(b.store).cursor(SyncLedger::Kind::Activite), QString());
            QCOMPARE(count(b.store, QStringLiteral("SELECT count(*) FROM lieux WHERE sync_state = 2")), 1);
        }
        // A page that advances without end: stopped when the cursor stays.
        int pages = 0;
        const SyncGet loop = [&](const QString &path) {
            ++pages;
            if (!path.startsWith(QStringLiteral("/activites")))
                return ok(empty);
            return ok(page({goodActivity}, QStringLiteral("https://x/activites?page[after]=c5"), QStringLiteral("c5")));
        };
        const Puller::Summary s = pull(b.store, b.clock, loop);
        QVERIFY(!s.complete);
        QVERIFY2(s.message.contains(QStringLiteral("sans avancer")), qPrintable(s.message));
        QVERIFY(pages < 10);
        QCOMPARE(count(b.store, QStringLiteral("SELECT count(*) FROM activites")), 1); // the first page, once
    }

    // The same file imported on two computers (rows without an id): the other's copy is kept without the import key,
    // which stays with the activity imported here, so that importing the file again still adds nothing.
    void importKeyHeldHere_theOthersCopyKeptWithoutIt()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Eden Moreau")));
        Fixture a;
        QVERIFY(a.open());
        Fixture b;
        QVERIFY(b.open());
        QString error;
        Place place;
        place.nom = QStringLiteral("France services");
        place.commune = {QStringLiteral("69123"), QStringLiteral("69001"), QStringLiteral("Lyon")};
        QVERIFY(a.store.savePlace(place, &error));
        push(a.store, a.clock, http);
        QVERIFY(pull(b.store, b.clock, http.get()).complete);
        Activity mine = TestData::individuel(place.id);
        mine.importKey = QStringLiteral("fichier.csv:12");
        mine.source = QLatin1String(ActivitySource::Tableur);
        Activity theirs = mine;
        theirs.id = QUuid();
        QVERIFY(a.store.saveActivity(theirs, &error));
        QVERIFY(b.store.saveActivity(mine, &error));
        QVERIFY(theirs.id != mine.id);
        push(a.store, a.clock, http);
        const Puller::Summary s = pull(b.store, b.clock, http.get());
        QVERIFY2(s.complete, qPrintable(s.message));
        QCOMPARE(b.store.activity(theirs.id)->importKey, QString());
        QCOMPARE(b.store.activity(mine.id)->importKey, QStringLiteral("fichier.csv:12"));
    }
};

QTEST_GUILESS_MAIN(TestPuller)
#include "tst_puller.moc"
