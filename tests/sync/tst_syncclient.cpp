// The sync client as a whole, against a real carnet-serveur: one sync (SyncSession: probe, push, pull), conflicts
// resolved field by field (ConflictResolver), the engine on its own thread (SyncEngine: single flight, debounce,
// offline, refused token), where the token is kept (TokenStore, SyncSettings) and `carnet sync`.
#include "app/cli/CommandLine.h"
#include "models/store/SyncLedger.h"
#include "sync/client/ConflictResolver.h"
#include "sync/client/HttpTransport.h"
#include "sync/client/SyncEngine.h"
#include "sync/client/SyncSession.h"
#include "sync/client/SyncSettings.h"
#include "sync/client/TokenStore.h"
#include "tests/sync/ServerProcess.h"
#include "tests/sync/SyncClients.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using SyncTest::compareBases;
using SyncTest::Http;
using SyncTest::ids;
using SyncTest::syncOnce;
using TestData::Fixture;

namespace {
QHash<QString, ConflictResolver::Field> byKey(const QList<ConflictResolver::Field> &fields)
{
    QHash<QString, ConflictResolver::Field> out;
    for (const ConflictResolver::Field &f : fields)
        out.insert(f.key, f);
    return out;
}

// The only conflict of a base, both sides read.
ConflictResolver::Sides onlyConflict(Store &store)
{
    const QList<SyncLedger::Conflict> conflicts = SyncLedger(store).conflicts();
    ConflictResolver::Sides sides;
    QString error;
    if (conflicts.size() != 1 || !ConflictResolver(store).sides(conflicts.first(), &sides, &error))
        qWarning() << conflicts.size() << "conflicts" << error;
    return sides;
}

bool waitFinished(QSignalSpy &spy, int count)
{
    return SyncTest::waitFor(spy, count, 20000);
}
} // namespace

class TestSyncClient : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerTest::Server> m_server;

    QUrl api() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1").arg(m_server->port())); }

    // Two bases of one account, the second read from the first, and one activity edited on both: the second's
    // sync keeps a conflict (duration and notes here, notes and thématiques there). Each test its own seed: the
    // demo's ids follow it, and an id belongs to one account.
    void makeConflict(Fixture &a, Fixture &b, const Http &http, QUuid *id, quint64 seed)
    {
        QVERIFY(a.openWithDemo(40, seed));
        QVERIFY(syncOnce(a.store, a.clock, http).ok());
        QVERIFY(b.open());
        QVERIFY(syncOnce(b.store, b.clock, http).ok());
        // One without a démarche administrative (whose précisions ask for its thématique).
        for (const QUuid &candidate : ids(a.store, "activites")) {
            const Activity x = *a.store.activity(candidate);
            if (x.precisionsDemarche.isEmpty() && !x.isDeleted() && !x.thematiques.contains(QStringLiteral("email")))
                *id = candidate;
        }
        QVERIFY(!id->isNull());
        QString error;
        Activity mine = *b.store.activity(*id);
        mine.dureeMinutes = 95;
        mine.notes = QStringLiteral("Noté sur le portable");
        QVERIFY2(b.store.saveActivity(mine, &error), qPrintable(error));
        Activity theirs = *a.store.activity(*id);
        theirs.notes = QStringLiteral("Noté au bureau");
        theirs.thematiques = QStringList{QStringLiteral("email")};
        QVERIFY2(a.store.saveActivity(theirs, &error), qPrintable(error));
        QVERIFY(syncOnce(a.store, a.clock, http).ok());
        const SyncSession::Result r = syncOnce(b.store, b.clock, http);
        QCOMPARE(r.push.conflicts + r.pull.conflicts, 1);
        QCOMPARE(b.store.activity(*id)->syncState, SyncState::Conflict);
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerTest::Server>(QStringList{QStringLiteral("--data"), m_dir.path()});
        QVERIFY(m_server->start({QStringLiteral("--requetes-par-minute"), QStringLiteral("0")}));
    }
    void cleanupTestCase() { QVERIFY(m_server->stop()); }

    // One sync sends what is new and brings back what changed elsewhere; two bases converge.
    void session_pushesThenPulls_basesConverge()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Lou Garnier")));
        Fixture a;
        QVERIFY(a.openWithDemo(120, 3));
        const SyncSession::Result first = syncOnce(a.store, a.clock, http);
        QVERIFY2(first.ok(), qPrintable(first.message));
        QCOMPARE(qint64(first.push.sent),
            ids(a.store, "activites").size() + ids(a.store, "lieux").size() + ids(a.store, "beneficiaires").size());
        QCOMPARE(first.pull.received, 0); // its own sends, read back, change nothing
        Fixture b;
        QVERIFY(b.open());
        const SyncSession::Result second = syncOnce(b.store, b.clock, http);
        QVERIFY2(second.ok(), qPrintable(second.message));
        QCOMPARE(second.push.sent, 0);
        QCOMPARE(second.pull.received, first.push.sent);
        compareBases(a.store, b.store);
        QVERIFY(SyncSession::describe(second).contains(QStringLiteral("reçus")));
    }

    // The server out of reach: offline, and nothing is marked attempted (no retry wait grows while offline).
    void session_offline_marksNothing()
    {
        Fixture f;
        QVERIFY(f.openWithDemo(10, 2));
        const Http nowhere(1, QStringLiteral("carnet_x")); // port 1: refused at once
        const SyncSession::Result r = syncOnce(f.store, f.clock, nowhere);
        QVERIFY(!r.reachable);
        QVERIFY(!r.ok());
        QVERIFY(r.message.contains(QStringLiteral("injoignable")));
        QVERIFY(SyncSession::describe(r).startsWith(QStringLiteral("Hors ligne")));
        QList<SyncLedger::Item> due;
        QString error;
        QVERIFY(SyncLedger(f.store).due(f.clock.nowUtc(), 1000, &due, &error));
        QVERIFY(!due.isEmpty());
        for (const SyncLedger::Item &item : std::as_const(due))
            QCOMPARE(item.attempts, 0);
    }

    // A conflict shown field by field: the fields that differ first, with the mediator's words and values.
    void conflict_fieldsSideBySide()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Ange Roux")));
        Fixture a, b;
        QUuid id;
        makeConflict(a, b, http, &id, 101);
        if (QTest::currentTestFailed())
            return;
        const ConflictResolver::Sides sides = onlyConflict(b.store);
        QCOMPARE(sides.id, id);
        QVERIFY(sides.title.startsWith(QStringLiteral("Activité du ")));
        const QList<ConflictResolver::Field> fields = ConflictResolver(b.store).fields(sides);
        const QHash<QString, ConflictResolver::Field> f = byKey(fields);
        QVERIFY(f.value(QStringLiteral("duree")).differs);
        QCOMPARE(f.value(QStringLiteral("duree")).label, QStringLiteral("Durée"));
        QCOMPARE(f.value(QStringLiteral("duree")).mine, QStringLiteral("1 h 35"));
        QVERIFY(f.value(QStringLiteral("notes")).differs);
        QCOMPARE(f.value(QStringLiteral("notes")).mine, QStringLiteral("Noté sur le portable"));
        QCOMPARE(f.value(QStringLiteral("notes")).theirs, QStringLiteral("Noté au bureau"));
        QVERIFY(f.value(QStringLiteral("thematiques")).differs);
        QVERIFY(!f.value(QStringLiteral("date")).differs);
        QVERIFY(!f.value(QStringLiteral("type")).differs);
        // The three that differ first.
        for (qsizetype i = 0; i < fields.size(); ++i)
            QCOMPARE(fields.at(i).differs, i < 3);
    }

    // "Garder celle du serveur": the server's copy written here as it is, sent, nothing more to send; the other
    // base keeps its version.
    void conflict_keepTheirs_writtenAsTheServerHasIt()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Maël Fontaine")));
        Fixture a, b;
        QUuid id;
        makeConflict(a, b, http, &id, 102);
        if (QTest::currentTestFailed())
            return;
        QString error;
        const ConflictResolver::Sides sides = onlyConflict(b.store);
        QHash<QString, ConflictResolver::Side> all;
        for (const QString &key : {QStringLiteral("duree"), QStringLiteral("notes"), QStringLiteral("thematiques")})
            all.insert(key, ConflictResolver::Side::Theirs);
        QVERIFY2(ConflictResolver(b.store).resolve(sides, all, b.clock.nowUtc(), &error), qPrintable(error));
        QCOMPARE(b.store.activity(id)->syncState, SyncState::Sent);
        QVERIFY(b.store.activity(id)->sameContent(*a.store.activity(id)));
        QVERIFY(SyncLedger(b.store).conflicts().isEmpty());
        QCOMPARE(SyncLedger(b.store).pendingCount(), 0);
        // Resolved once: a second time says so and changes nothing.
        QVERIFY(!ConflictResolver(b.store).resolve(sides, all, b.clock.nowUtc(), &error));
        QVERIFY(error.contains(QStringLiteral("déjà été résolu")));
        const SyncSession::Result r = syncOnce(b.store, b.clock, http);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.push.sent, 0);
        QCOMPARE(r.pull.received, 0);
        QVERIFY(syncOnce(a.store, a.clock, http).ok());
        compareBases(a.store, b.store);
    }

    // "Garder celle de cet ordinateur": sent as the version that replaces the server's; the other base receives it.
    void conflict_keepMine_replacesTheServersCopy()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Rose Chevalier")));
        Fixture a, b;
        QUuid id;
        makeConflict(a, b, http, &id, 103);
        if (QTest::currentTestFailed())
            return;
        QString error;
        QVERIFY2(
            ConflictResolver(b.store).resolve(onlyConflict(b.store), {}, b.clock.nowUtc(), &error), qPrintable(error));
        QCOMPARE(b.store.activity(id)->syncState, SyncState::Pending);
        QCOMPARE(b.store.activity(id)->notes, QStringLiteral("Noté sur le portable"));
        const SyncSession::Result r = syncOnce(b.store, b.clock, http);
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(r.push.sent, 1);
        QCOMPARE(r.push.conflicts, 0);
        const SyncSession::Result back = syncOnce(a.store, a.clock, http);
        QVERIFY2(back.ok(), qPrintable(back.message));
        QCOMPARE(back.pull.conflicts, 0);
        QCOMPARE(a.store.activity(id)->dureeMinutes, 95);
        QCOMPARE(a.store.activity(id)->notes, QStringLiteral("Noté sur le portable"));
        compareBases(a.store, b.store);
    }

    // A merge, field by field: this computer's duration, the server's notes and thématiques; both bases end with it.
    // A merge that breaks a rule of the form is refused with its reason, and nothing changes.
    void conflict_merge_fieldByField_thenBothBasesHaveIt()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Jade Lambert")));
        Fixture a, b;
        QUuid id;
        makeConflict(a, b, http, &id, 104);
        if (QTest::currentTestFailed())
            return;
        QString error;
        const ConflictResolver::Sides sides = onlyConflict(b.store);

        // A broken merge: the server's copy made invalid for the test (no thématique at all, which the form refuses).
        ConflictResolver::Sides broken = sides;
        QJsonObject at = broken.theirs.value(QLatin1String("attributes")).toObject();
        at.insert(QStringLiteral("thematiques"), QJsonArray());
        broken.theirs.insert(QStringLiteral("attributes"), at);
        QVERIFY(!ConflictResolver(b.store).resolve(
            broken, {{QStringLiteral("thematiques"), ConflictResolver::Side::Theirs}}, b.clock.nowUtc(), &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(b.store.activity(id)->syncState, SyncState::Conflict);
        QCOMPARE(SyncLedger(b.store).conflicts().size(), 1);

        QVERIFY2(ConflictResolver(b.store).resolve(sides,
                     {{QStringLiteral("duree"), ConflictResolver::Side::Mine},
                         {QStringLiteral("notes"), ConflictResolver::Side::Theirs},
                         {QStringLiteral("thematiques"), ConflictResolver::Side::Theirs}},
                     b.clock.nowUtc(), &error),
            qPrintable(error));
        const Activity merged = *b.store.activity(id);
        QCOMPARE(merged.dureeMinutes, 95);
        QCOMPARE(merged.notes, QStringLiteral("Noté au bureau"));
        QCOMPARE(merged.thematiques, QStringList{QStringLiteral("email")});
        QVERIFY(syncOnce(b.store, b.clock, http).ok());
        QVERIFY(syncOnce(a.store, a.clock, http).ok());
        QCOMPARE(a.store.activity(id)->dureeMinutes, 95);
        QCOMPARE(a.store.activity(id)->notes, QStringLiteral("Noté au bureau"));
        compareBases(a.store, b.store);
        QVERIFY(SyncLedger(a.store).conflicts().isEmpty());
    }

    // A newer version of the server's copy arrives while the conflict is open: the choice made on the older one is
    // refused (nothing written), and made again on the newer one.
    void conflict_newerCopyWhileOpen_refused()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Adam Giraud")));
        Fixture a, b;
        QUuid id;
        makeConflict(a, b, http, &id, 120);
        if (QTest::currentTestFailed())
            return;
        const ConflictResolver::Sides shown = onlyConflict(b.store);
        QString error;
        Activity again = *a.store.activity(id);
        again.notes = QStringLiteral("Encore changé au bureau");
        QVERIFY(a.store.saveActivity(again, &error));
        QVERIFY(syncOnce(a.store, a.clock, http).ok());
        syncOnce(b.store, b.clock, http);
        for (const QHash<QString, ConflictResolver::Side> &choice : {QHash<QString, ConflictResolver::Side>{},
                 QHash<QString, ConflictResolver::Side>{{QStringLiteral("notes"), ConflictResolver::Side::Theirs}}}) {
            QVERIFY(!ConflictResolver(b.store).resolve(shown, choice, b.clock.nowUtc(), &error));
            QVERIFY2(error.contains(QStringLiteral("Une autre version")), qPrintable(error));
            QCOMPARE(b.store.activity(id)->syncState, SyncState::Conflict);
            QCOMPARE(b.store.activity(id)->notes, QStringLiteral("Noté sur le portable"));
        }
        const ConflictResolver::Sides fresh = onlyConflict(b.store);
        QVERIFY(fresh.version > shown.version);
        QVERIFY2(ConflictResolver(b.store).resolve(fresh, {}, b.clock.nowUtc(), &error), qPrintable(error));
        QVERIFY(syncOnce(b.store, b.clock, http).ok());
        QVERIFY(syncOnce(a.store, a.clock, http).ok());
        compareBases(a.store, b.store);
    }

    // A place changed on both sides, resolved by the server's copy.
    void conflict_place_keepTheirs()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Nour Vidal")));
        Fixture a, b;
        QVERIFY(a.openWithDemo(20, 8));
        QVERIFY(syncOnce(a.store, a.clock, http).ok());
        QVERIFY(b.open());
        QVERIFY(syncOnce(b.store, b.clock, http).ok());
        const QUuid id = ids(a.store, "lieux").at(0);
        QString error;
        Place mine = *b.store.place(id);
        mine.adresse = QStringLiteral("2 rue du Portable");
        QVERIFY(b.store.savePlace(mine, &error));
        Place theirs = *a.store.place(id);
        theirs.adresse = QStringLiteral("1 place du Bureau");
        QVERIFY(a.store.savePlace(theirs, &error));
        QVERIFY(syncOnce(a.store, a.clock, http).ok());
        syncOnce(b.store, b.clock, http);
        const ConflictResolver::Sides sides = onlyConflict(b.store);
        QCOMPARE(sides.kind, SyncLedger::Kind::Lieu);
        const QHash<QString, ConflictResolver::Field> f = byKey(ConflictResolver(b.store).fields(sides));
        QVERIFY(f.value(QStringLiteral("adresse")).differs);
        QCOMPARE(f.value(QStringLiteral("adresse")).theirs, QStringLiteral("1 place du Bureau"));
        QVERIFY2(ConflictResolver(b.store).resolve(
                     sides, {{QStringLiteral("adresse"), ConflictResolver::Side::Theirs}}, b.clock.nowUtc(), &error),
            qPrintable(error));
        QCOMPARE(b.store.place(id)->adresse, QStringLiteral("1 place du Bureau"));
        QVERIFY(syncOnce(b.store, b.clock, http).ok());
        compareBases(a.store, b.store);
    }

    // The engine: a sync on its own thread (the window's thread goes on: its events are served), a request made
    // while one runs starts exactly one more, a save is followed by a sync after the debounce.
    void engine_ownThread_singleFlight_debounce()
    {
        const QString token = m_server->addAccount(QStringLiteral("Élie Marchand"));
        Fixture f;
        QVERIFY(f.openWithDemo(400, 4));
        SyncEngine::Options options;
        options.debounceMs = 100;
        options.watchNetwork = false;
        SyncEngine engine(f.path(), f.clock, options);
        engine.setServer(api(), token);
        QVERIFY(engine.isConfigured());
        QSignalSpy started(&engine, &SyncEngine::started);
        QSignalSpy finished(&engine, &SyncEngine::finished);
        engine.syncNow();
        QVERIFY(engine.isRunning());
        engine.syncNow(); // while it runs: one more after it
        engine.syncNow();
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&] { ++ticks; });
        ticker.start(10);
        QVERIFY(waitFinished(finished, 2));
        QCOMPARE(started.count(), 2);
        QVERIFY2(ticks > 5, "the calling thread was blocked"); // it went on while the sync ran
        const auto first = finished.at(0).at(0).value<SyncSession::Result>();
        QVERIFY2(first.ok(), qPrintable(first.message));
        QVERIFY(first.push.sent > 400);
        QCOMPARE(SyncLedger(f.store).pendingCount(), 0);
        QTest::qWait(300);
        QCOMPARE(started.count(), 2); // nothing more without a request

        // A save: one sync after the debounce, several saves in a row still one.
        QString error;
        Activity a = *f.store.activity(ids(f.store, "activites").at(0));
        a.notes = QStringLiteral("Modifiée après l'envoi");
        QVERIFY(f.store.saveActivity(a, &error));
        engine.noteSaved();
        engine.noteSaved();
        QVERIFY(waitFinished(finished, 3));
        QCOMPARE(finished.at(2).at(0).value<SyncSession::Result>().push.sent, 1);
        QTest::qWait(300);
        QCOMPARE(started.count(), 3);
    }

    // Offline (no server): said so; a refused token pauses the automatic syncs until a new one is given, while
    // "Synchroniser maintenant" still tries.
    void engine_offline_thenTokenRefused_pausesAutomaticSyncs()
    {
        Fixture f;
        QVERIFY(f.openWithDemo(20, 6));
        SyncEngine::Options options;
        options.debounceMs = 50;
        options.watchNetwork = false;
        SyncEngine engine(f.path(), f.clock, options);
        QSignalSpy finished(&engine, &SyncEngine::finished);
        engine.setServer(QUrl(QStringLiteral("http://127.0.0.1:1/api/v1")), QStringLiteral("carnet_x"));
        engine.syncNow();
        QVERIFY(waitFinished(finished, 1));
        QVERIFY(engine.offline());

        engine.setServer(api(), QStringLiteral("carnet_faux"));
        engine.syncNow();
        QVERIFY(waitFinished(finished, 2));
        QVERIFY(!engine.offline());
        QVERIFY(engine.tokenRefused());
        QVERIFY(finished.at(1).at(0).value<SyncSession::Result>().tokenRefused);
        engine.noteSaved();
        QTest::qWait(300);
        QCOMPARE(finished.count(), 2); // paused: no automatic sync

        engine.setServer(api(), m_server->addAccount(QStringLiteral("Yanis Robin")));
        QVERIFY(!engine.tokenRefused());
        engine.noteSaved();
        QVERIFY(waitFinished(finished, 3));
        QVERIFY(finished.at(2).at(0).value<SyncSession::Result>().ok());
        QCOMPARE(SyncLedger(f.store).pendingCount(), 0);
    }

    // Cancelled in the middle: it stops between batches; what was confirmed is recorded, the rest goes next time.
    void engine_cancel_stopsBetweenBatches_nothingLost()
    {
        const QString token = m_server->addAccount(QStringLiteral("Inès Perrin"));
        Fixture f;
        QVERIFY(f.openWithDemo(3000, 12));
        SyncEngine::Options options;
        options.watchNetwork = false;
        SyncEngine engine(f.path(), f.clock, options);
        engine.setServer(api(), token);
        QSignalSpy finished(&engine, &SyncEngine::finished);
        QSignalSpy progress(&engine, &SyncEngine::progress);
        engine.syncNow();
        QVERIFY(progress.wait(5000));
        QTest::qWait(150);
        engine.cancel();
        QVERIFY(waitFinished(finished, 1));
        const auto r = finished.at(0).at(0).value<SyncSession::Result>();
        QVERIFY(!r.ok());
        QVERIFY(r.cancelled);
        engine.syncNow();
        QVERIFY(waitFinished(finished, 2));
        QVERIFY(finished.at(1).at(0).value<SyncSession::Result>().ok());
        QCOMPARE(SyncLedger(f.store).pendingCount(), 0);
    }

    // The token file: 0600 from its first byte, read back, removed; the keychain answers or says why, never hangs.
    void tokenStores_fileIsPrivate_keychainAnswers()
    {
        QTemporaryDir dir;
        FileTokenStore file(dir.filePath(FileTokenStore::fileName()));
        QString token;
        QString error;
        QVERIFY(file.read(&token, &error));
        QVERIFY(token.isEmpty());
        QVERIFY2(file.write(QStringLiteral("carnet_abc"), &error), qPrintable(error));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
            | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        QCOMPARE(QFile::permissions(file.where()) & others, QFileDevice::Permissions());
        QVERIFY(QFile::permissions(file.where()) & QFileDevice::ReadOwner);
        QVERIFY(file.read(&token, &error));
        QCOMPARE(token, QStringLiteral("carnet_abc"));
        QVERIFY(file.write(QString(), &error));
        QVERIFY(!QFileInfo::exists(file.where()));

        KeychainTokenStore keychain(dir.path());
        QElapsedTimer t;
        t.start();
        error.clear();
        if (!keychain.read(&token, &error))
            QVERIFY(error.contains(QStringLiteral("trousseau"))); // a headless machine: said in French
        QVERIFY(t.elapsed() < 30000);
    }

    // The settings of a data folder: saved and read back; CARNET_TOKEN before the store; the token never in sync.ini.
    void settings_roundTrip_environmentFirst()
    {
        QTemporaryDir dir;
        SyncSettings s;
        s.server = api();
        s.tokenInFile = true;
        s.unmeteredOnly = true;
        QString error;
        QVERIFY(s.save(dir.path(), &error));
        QVERIFY(s.tokenStore(dir.path())->write(QStringLiteral("carnet_fichier"), &error));
        const SyncSettings back = SyncSettings::load(dir.path());
        QCOMPARE(back.server, api());
        QVERIFY(back.tokenInFile);
        QVERIFY(back.unmeteredOnly);
        QString token;
        QVERIFY(back.token(dir.path(), &token, &error));
        QCOMPARE(token, QStringLiteral("carnet_fichier"));
        qputenv(SyncSettings::EnvironmentVariable, "carnet_env");
        QVERIFY(back.token(dir.path(), &token, &error));
        qunsetenv(SyncSettings::EnvironmentVariable);
        QCOMPARE(token, QStringLiteral("carnet_env"));
        QFile ini(dir.filePath(QStringLiteral("sync.ini")));
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("carnet_fichier"));
    }

    // `carnet sync`: a summary and 0 when everything went; 1 with a French message for a refused token, no server
    // set, or a server address in plain HTTP elsewhere than this computer.
    void command_syncs_andSaysWhatFailed()
    {
        Fixture f;
        QVERIFY(f.openWithDemo(30, 9));
        const QString dataDir = QFileInfo(f.path()).absolutePath();
        f.store.close();
        const auto run = [&](const QStringList &args, QString *out, QString *err) {
            QTextStream o(out);
            QTextStream e(err);
            return CommandLine::run(QStringList{QStringLiteral("--data-dir"), dataDir} + args, o, e);
        };
        QString out, err;
        QCOMPARE(run({QStringLiteral("sync")}, &out, &err), int(CommandLine::Failure));
        QVERIFY2(err.contains(QStringLiteral("Aucun serveur")), qPrintable(err));
        out.clear();
        err.clear();
        QCOMPARE(run({QStringLiteral("sync"), QStringLiteral("--server"), QStringLiteral("http://exemple.fr/api/v1")},
                     &out, &err),
            int(CommandLine::Failure));
        QVERIFY2(err.contains(QStringLiteral("https://")), qPrintable(err));

        qputenv(SyncSettings::EnvironmentVariable, "carnet_faux");
        out.clear();
        err.clear();
        QCOMPARE(run({QStringLiteral("sync"), QStringLiteral("--server"), api().toString()}, &out, &err),
            int(CommandLine::Failure));
        QVERIFY2(err.contains(QStringLiteral("jeton")), qPrintable(err));

        qputenv(SyncSettings::EnvironmentVariable, m_server->addAccount(QStringLiteral("Léna Girard")).toUtf8());
        out.clear();
        err.clear();
        const int code = run({QStringLiteral("sync"), QStringLiteral("--server"), api().toString()}, &out, &err);
        qunsetenv(SyncSettings::EnvironmentVariable);
        QVERIFY2(code == CommandLine::Success, qPrintable(err + out));
        QVERIFY2(out.contains(QStringLiteral("envoyés")), qPrintable(out));
        QVERIFY(SyncSettings::lastSuccess(dataDir).isValid());
        QVERIFY(f.open());
        QCOMPARE(SyncLedger(f.store).pendingCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSyncClient)
#include "tst_syncclient.moc"
