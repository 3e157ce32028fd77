#include "models/store/Backups.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/Migrations.h"
#include "tests/support/TestData.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace {
// Builds a database file from an SQL dump, as an older Carnet left it.
bool loadDump(const QString &dumpPath, const QString &dbPath, QString *error)
{
    QFile dump(dumpPath);
    if (!dump.open(QIODevice::ReadOnly)) {
        *error = dump.errorString();
        return false;
    }
    const QString sql = QString::fromUtf8(dump.readAll());
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("dump"));
        db.setDatabaseName(dbPath);
        ok = db.open();
        QSqlQuery q(db);
        for (const QString &statement : sql.split(QStringLiteral(";\n"), Qt::SkipEmptyParts)) {
            QStringList lines = statement.split(QLatin1Char('\n'));
            lines.removeIf([](const QString &l) { return l.startsWith(QLatin1String("--")); });
            const QString s = lines.join(QLatin1Char('\n')).trimmed();
            if (ok && !s.isEmpty() && !q.exec(s)) {
                *error = s + QStringLiteral(": ") + q.lastError().text();
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("dump"));
    return ok;
}

QStringList schemaOf(const QSqlDatabase &db)
{
    QStringList result;
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema ORDER BY name"));
    while (q.next())
        result.append(q.value(0).toString());
    return result;
}

const QUuid kPlace = QUuid::fromString(QStringLiteral("7b3e2a10-0000-4000-8000-000000000001"));
const QUuid kJosiane = QUuid::fromString(QStringLiteral("7b3e2a10-0000-4000-8000-0000000000b1"));
QUuid activityId(int n)
{
    return QUuid::fromString(QStringLiteral("7b3e2a10-0000-4000-8000-0000000000a%1").arg(n));
}
} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void version1Database_opensMigrated_withNothingLost();
    void version2Database_opensMigrated_withRunningCounts();
    void version5Database_opensMigrated_withSourceAndImportKey();
    void version6Database_opensMigrated_withWhatIsUnsentInTheOutbox();
    void stepByStep_equalsDirect();
    void failedMigration_leavesTheOldVersionUntouched();
};

void TestMigrations::version1Database_opensMigrated_withNothingLost()
{
    TestData::Fixture f;
    QString error;
    QVERIFY2(loadDump(QStringLiteral(CARNET_TEST_FIXTURES "/schema-v1.sql"), f.path(), &error), qPrintable(error));
    QVERIFY(f.open());
    QCOMPARE(f.store.schemaVersion(), Migrations::LatestVersion);

    // The base as it was before the migration is kept in the backups folder (issue 10).
    const QList<Backups::Info> copies = Backups::list(f.path());
    QCOMPARE(copies.size(), 1);
    QCOMPARE(copies.first().kind, Backups::Info::Kind::BeforeMigration);
    QCOMPARE(copies.first().schemaVersion, 1);

    const StoreCounts c = f.store.counts();
    QCOMPARE(c.individuels, 2);
    QCOMPARE(c.collectifs, 1);
    QCOMPARE(c.individuelsSupprimes, 1);
    QCOMPARE(c.beneficiaires, 1);
    QCOMPARE(c.beneficiairesSupprimes, 1);
    QCOMPARE(c.lieux, 1);
    QCOMPARE(c.lieuxArchives, 1);

    const auto first = f.store.activity(activityId(1));
    QVERIFY(first.has_value());
    QCOMPARE(first->date, QDate(2025, 1, 6));
    QCOMPARE(first->dureeMinutes, 45);
    QCOMPARE(first->lieuId, kPlace);
    QCOMPARE(first->thematiques, (QStringList{QStringLiteral("navigation_sur_internet"), QStringLiteral("email")}));
    QCOMPARE(first->notes, QStringLiteral("Première venue."));
    QCOMPARE(first->anonyme.communeResidence, TestData::gueret());
    QCOMPARE(first->anonyme.dejaAccompagne, std::optional<bool>(false));
    QCOMPARE(first->orienteVersStructure, std::optional<bool>(false));
    QCOMPARE(first->creation, QDateTime(QDate(2025, 1, 6), QTime(10, 0), Qt::UTC));
    QCOMPARE(first->syncState, SyncState::Pending);

    const auto demarche = f.store.activity(activityId(2));
    QCOMPARE(demarche->beneficiaireId, kJosiane);
    QCOMPARE(demarche->tags, QStringList{QStringLiteral("Itinérance")});
    QCOMPARE(demarche->precisionsDemarche, QStringLiteral("Dossier CAF"));
    QCOMPARE(demarche->structureDeRedirection, QStringLiteral("aide_sociale"));
    QCOMPARE(demarche->lieuCommune.nom, QStringLiteral("Aubusson"));

    const auto workshop = f.store.activity(activityId(3));
    QCOMPARE(workshop->titreAtelier, QStringLiteral("Découvrir sa tablette"));
    QCOMPARE(workshop->participantsAnonymes.total, 6);
    QCOMPARE(workshop->participantsAnonymes.genre.value(QStringLiteral("feminin")), 4);
    QCOMPARE(workshop->participants, QList<QUuid>{kJosiane});
    QCOMPARE(workshop->accompagnements(), 7);

    const auto deleted = f.store.activity(activityId(4));
    QVERIFY(deleted->isDeleted());
    QCOMPARE(deleted->materiel, QStringList{QStringLiteral("aucun")});

    QCOMPARE(f.store.profile().structure.commune.nom, QStringLiteral("Guéret"));
    QCOMPARE(f.store.beneficiary(kJosiane)->notes, QStringLiteral("Préfère le mardi."));

    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    QCOMPARE(report.activitiesChecked, 4);

    // The migrated base takes new data as a new one does.
    Activity a = TestData::individuel(kPlace);
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
}

void TestMigrations::version2Database_opensMigrated_withRunningCounts()
{
    TestData::Fixture f;
    QString error;
    QVERIFY2(loadDump(QStringLiteral(CARNET_TEST_FIXTURES "/schema-v1.sql"), f.path(), &error), qPrintable(error));
    {
        // Bring the version-1 file to version 2 only, as Carnet 0.1 left it, and mark one activity as sent.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
        db.setDatabaseName(f.path());
        QVERIFY(db.open());
        QVERIFY2(Migrations::migrate(db, 1, &error, 2), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 2 WHERE id = '%1'")
                           .arg(activityId(1).toString(QUuid::WithoutBraces))));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));

    QVERIFY(f.open());
    QCOMPARE(f.store.schemaVersion(), Migrations::LatestVersion);
    const StoreCounts c = f.store.counts();
    QCOMPARE(c.individuels, 2);
    QCOMPARE(c.collectifs, 1);
    QCOMPARE(c.individuelsSupprimes, 1);
    const SyncCounts sync = f.store.syncCounts();
    QCOMPARE(sync.sent, 1);
    QCOMPARE(sync.pending, 3);
    QCOMPARE(f.store.activity(activityId(1))->notes, QStringLiteral("Première venue."));
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
}

// Version 7 (the sync ledger): every place and person, and every activity the server has not confirmed, are to send
// (places and people start pending); later local changes are counted.
void TestMigrations::version6Database_opensMigrated_withWhatIsUnsentInTheOutbox()
{
    TestData::Fixture f;
    QString error;
    QVERIFY2(loadDump(QStringLiteral(CARNET_TEST_FIXTURES "/schema-v1.sql"), f.path(), &error), qPrintable(error));
    qint64 expected = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v6"));
        db.setDatabaseName(f.path());
        QVERIFY(db.open());
        QVERIFY2(Migrations::migrate(db, 1, &error, 6), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 2 WHERE rowid = (SELECT min(rowid) FROM "
                                      "activites)")));
        QVERIFY(q.exec(QStringLiteral("SELECT (SELECT count(*) FROM lieux) + (SELECT count(*) FROM beneficiaires) + "
                                      "(SELECT count(*) FROM activites WHERE sync_state <> 2)"))
            && q.next());
        expected = q.value(0).toLongLong();
        QVERIFY(!q.exec(QStringLiteral("SELECT count(*) FROM sync_envoi")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v6"));
    const QString unsent = QStringLiteral("SELECT (SELECT count(*) FROM lieux WHERE sync_state <> 2) + (SELECT "
                                          "count(*) FROM beneficiaires WHERE sync_state <> 2) + (SELECT count(*) "
                                          "FROM activites WHERE sync_state <> 2)");
    QVERIFY(expected > 2);

    QVERIFY(f.open());
    QCOMPARE(f.store.schemaVersion(), Migrations::LatestVersion);
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(unsent) && q.next());
    QCOMPARE(q.value(0).toLongLong(), expected);
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM lieux WHERE sync_state <> 0")) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
    // A later change of an activity the server had: back in the outbox.
    QVERIFY(q.exec(QStringLiteral("SELECT id FROM activites WHERE sync_state = 2")) && q.next());
    const QUuid sent = QUuid::fromString(q.value(0).toString());
    q.finish();
    std::optional<Activity> a = f.store.activity(sent);
    QVERIFY(a);
    a->notes = QStringLiteral("Revue après migration.");
    QVERIFY2(f.store.saveActivity(*a, &error), qPrintable(error));
    QVERIFY(q.exec(unsent) && q.next());
    QCOMPARE(q.value(0).toLongLong(), expected + 1);
    QVERIFY(q.exec(QStringLiteral("SELECT sync_change FROM activites WHERE id = '%1'")
                       .arg(sent.toString(QUuid::WithoutBraces)))
        && q.next());
    QCOMPARE(q.value(0).toInt(), 2);
}

void TestMigrations::version5Database_opensMigrated_withSourceAndImportKey()
{
    TestData::Fixture f;
    QString error;
    QVERIFY2(loadDump(QStringLiteral(CARNET_TEST_FIXTURES "/schema-v1.sql"), f.path(), &error), qPrintable(error));
    qint64 copyRows = 0;
    {
        // The version-1 file brought to version 5, as Carnet left it before imports.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v5"));
        db.setDatabaseName(f.path());
        QVERIFY(db.open());
        QVERIFY2(Migrations::migrate(db, 1, &error, 5), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM activites_stats")) && q.next());
        copyRows = q.value(0).toLongLong();
        QVERIFY(!q.exec(QStringLiteral("SELECT source FROM activites")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v5"));
    QVERIFY(copyRows > 0);

    QVERIFY(f.open());
    QCOMPARE(f.store.schemaVersion(), Migrations::LatestVersion);
    QCOMPARE(f.store.activity(activityId(1))->source, QLatin1String(ActivitySource::Carnet));
    QCOMPARE(f.store.activity(activityId(1))->importKey, QString());
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM activites WHERE source = 'carnet' AND cle_import = ''"))
        && q.next());
    QCOMPARE(q.value(0).toInt(), 4);
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM activites_stats")) && q.next());
    QCOMPARE(q.value(0).toLongLong(), copyRows);
    // Every place text of the copy ends with the source of its activities.
    QVERIFY(q.exec(QStringLiteral("SELECT count(*), sum(texte LIKE '%' || char(31) || 'carnet') FROM stats_valeurs "
                                  "WHERE sorte = 1"))
        && q.next());
    QVERIFY(q.value(0).toInt() > 0);
    QCOMPARE(q.value(1).toInt(), q.value(0).toInt());
    // One activity per non-empty import key; empty keys are not keys.
    const QString setKey = QStringLiteral("UPDATE activites SET cle_import = 'tableur:2' WHERE id = '%1'");
    QVERIFY2(q.exec(setKey.arg(activityId(1).toString(QUuid::WithoutBraces))), qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(setKey.arg(activityId(2).toString(QUuid::WithoutBraces))));
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM activites WHERE cle_import = ''")) && q.next());
    QCOMPARE(q.value(0).toInt(), 3);
    q.finish();
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY2(report.ok(), qPrintable(report.problems.join(QLatin1Char('\n'))));
    // An unknown source is named by `carnet check`.
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET source = 'minitel' WHERE id = '%1'")
                       .arg(activityId(2).toString(QUuid::WithoutBraces))));
    const IntegrityReport unknown = IntegrityChecker::run(f.store);
    QCOMPARE(unknown.problemCount, 1);
    QVERIFY2(
        unknown.problems.constFirst().contains(QStringLiteral("minitel")), qPrintable(unknown.problems.join(u'\n')));
}

void TestMigrations::stepByStep_equalsDirect()
{
    QTemporaryDir dir;
    QStringList direct;
    QStringList stepped;
    for (const bool stepwise : {false, true}) {
        const QString name = stepwise ? QStringLiteral("stepped") : QStringLiteral("direct");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(dir.filePath(name + QStringLiteral(".sqlite")));
            QVERIFY(db.open());
            QString error;
            if (stepwise) {
                for (int v = 1; v <= Migrations::LatestVersion; ++v)
                    QVERIFY2(Migrations::migrate(db, v - 1, &error, v), qPrintable(error));
            } else {
                QVERIFY2(Migrations::migrate(db, 0, &error), qPrintable(error));
            }
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), Migrations::LatestVersion);
            q.finish();
            (stepwise ? stepped : direct) = schemaOf(db);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    QVERIFY(!direct.isEmpty());
    QCOMPARE(stepped, direct);
}

void TestMigrations::failedMigration_leavesTheOldVersionUntouched()
{
    TestData::Fixture f;
    QString error;
    QVERIFY2(loadDump(QStringLiteral(CARNET_TEST_FIXTURES "/schema-v1.sql"), f.path(), &error), qPrintable(error));
    // An object in the way of version 2's last step makes the migration fail half-way.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("block"));
        db.setDatabaseName(f.path());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE activites_unsynced (x)")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("block"));

    QVERIFY(!f.store.open(f.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("version 2 a échoué")), qPrintable(error));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("after"));
        db.setDatabaseName(f.path());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        // The first steps of version 2 were rolled back with the rest.
        QVERIFY(!q.exec(QStringLiteral("SELECT sync_state FROM activites")));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM activites")) && q.next());
        QCOMPARE(q.value(0).toInt(), 4);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("after"));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
