#include "models/store/Backups.h"
#include "models/store/Connection.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/Migrations.h"
#include "models/store/Salvage.h"
#include "tests/support/DamagedFile.h"
#include "tests/support/TestData.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>

class TestSalvage : public QObject
{
    Q_OBJECT

private slots:
    void damagedBase_isSalvaged_andKeptAside();
    void lostParticipantPages_comeBackThroughTheIndex();
    void oldSchemaBase_isCopiedByColumnName();
    void baseInUseByAnotherProgram_isRefused();
};

namespace {

// SQLite's quick check on the file: "ok", or its first complaint.
QString quickCheck(const QString &path)
{
    Connection::ScopedReader reader(QStringLiteral("tst-quick"), path);
    if (!reader.isOpen())
        return reader.error();
    QSqlQuery q(reader.database());
    if (!q.exec(QStringLiteral("PRAGMA quick_check")))
        return q.lastError().text();
    return q.next() ? q.value(0).toString() : q.lastError().text();
}

} // namespace

void TestSalvage::damagedBase_isSalvaged_andKeptAside()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(3000, 21));
    const StoreCounts before = f.store.counts();
    const qint64 allActivities = before.activites() + before.individuelsSupprimes + before.collectifsSupprimes;
    QCOMPARE(allActivities, 3000);
    const qint64 places = f.store.places().size();
    const qint64 people = f.store.beneficiaries(true).size();
    f.store.close();
    QVERIFY(!QFileInfo::exists(f.path() + QStringLiteral("-wal")));

    QList<qint64> pages;
    QVERIFY(DamagedFile::overwritePages(f.path(), 4, 4242, &pages));
    QVERIFY2(quickCheck(f.path()) != QLatin1String("ok"), "the damage must be real");
    const QByteArray damaged = DamagedFile::bytesOf(f.path());

    SalvageReport report;
    QString error;
    QVERIFY2(Salvage::run(f.path(), &report, &error), qPrintable(error));
    qInfo() << "pages" << pages << "activities" << report.activities << "participants" << report.participants
            << "beneficiaries" << report.beneficiaries << "places" << report.places << "unreadable"
            << report.unreadable;

    // Most of it back; the damaged file kept aside as it was.
    QVERIFY2(report.activities >= allActivities * 9 / 10, qPrintable(QString::number(report.activities)));
    QVERIFY(report.activities <= allActivities);
    QVERIFY(report.places <= places && report.places >= places - 1);
    QVERIFY(report.beneficiaries <= people && report.beneficiaries >= people * 9 / 10);
    QVERIFY(report.participants > 0);
    QVERIFY(report.keptAside.startsWith(Backups::folderOf(f.path()) + QStringLiteral("/carnet-endommagee-")));
    QCOMPARE(DamagedFile::bytesOf(report.keptAside), damaged);
    for (const QString &name : QDir(f.dir.path()).entryList(QDir::Files | QDir::Hidden))
        QVERIFY2(!name.startsWith(QLatin1Char('.')), qPrintable(name));
    QCOMPARE(quickCheck(f.path()), QStringLiteral("ok"));

    // The new base opens as any other; SQLite finds nothing wrong with it, nor with its schema, counters, or copy.
    QVERIFY(f.open());
    QVERIFY(!f.store.isDamaged());
    QCOMPARE(f.store.schemaVersion(), Migrations::LatestVersion);
    const StoreCounts after = f.store.counts();
    QCOMPARE(after.activites() + after.individuelsSupprimes + after.collectifsSupprimes, report.activities);
    const IntegrityReport check = IntegrityChecker::run(f.store);
    QCOMPARE(check.fileProblems, 0);
    QCOMPARE(check.schemaProblems, 0);
    for (const QString &problem : check.problems) {
        QVERIFY2(!problem.contains(QStringLiteral("compteur"), Qt::CaseInsensitive), qPrintable(problem));
        QVERIFY2(!problem.contains(QStringLiteral("copie des statistiques")), qPrintable(problem));
        QVERIFY2(!problem.contains(QStringLiteral("fait référence à une ligne absente")), qPrintable(problem));
        QVERIFY2(!problem.contains(QStringLiteral("accompagnements enregistrés")), qPrintable(problem));
    }
}

void TestSalvage::lostParticipantPages_comeBackThroughTheIndex()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(3000, 22));
    QList<qint64> pages;
    qint64 participants = 0;
    {
        QSqlQuery q(f.store.database());
        if (!q.exec(QStringLiteral("SELECT pageno FROM dbstat WHERE name = 'activite_participants' AND pagetype = "
                                   "'leaf'")))
            QSKIP("this SQLite has no dbstat table");
        while (q.next())
            pages << q.value(0).toLongLong();
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM activite_participants")) && q.next());
        participants = q.value(0).toLongLong();
    }
    QVERIFY(!pages.isEmpty());
    QVERIFY(participants > 100);
    f.store.close();
    {
        QFile file(f.path());
        QVERIFY(file.open(QIODevice::ReadWrite));
        for (const qint64 page : std::as_const(pages)) {
            QVERIFY(file.seek((page - 1) * DamagedFile::PageSize));
            file.write(QByteArray(DamagedFile::PageSize, '\x5a'));
        }
    }
    QVERIFY(quickCheck(f.path()) != QLatin1String("ok"));

    SalvageReport report;
    QString error;
    QVERIFY2(Salvage::run(f.path(), &report, &error), qPrintable(error));
    QCOMPARE(report.activities, 3000);
    QCOMPARE(report.unreadable, 0);
    QCOMPARE(report.workshopsWithoutParticipants, 0);
    QCOMPARE(report.participants, participants);
    QVERIFY(f.open());
    const IntegrityReport check = IntegrityChecker::run(f.store);
    QVERIFY2(check.fileProblems == 0 && check.schemaProblems == 0, qPrintable(check.problems.join(QLatin1Char('\n'))));
    for (const QString &problem : check.problems)
        QVERIFY2(!problem.contains(QStringLiteral("accompagnements enregistrés")), qPrintable(problem));
}

void TestSalvage::oldSchemaBase_isCopiedByColumnName()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    QString error;
    const QString name = Connection::uniqueName(QStringLiteral("tst-v1"));
    {
        QSqlDatabase db = Connection::open(name, path, Connection::Mode::ReadWrite, &error);
        QVERIFY(db.isOpen());
        QVERIFY2(Migrations::migrate(db, 0, &error, 1), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO lieux (id, nom, code_insee, code_postal, commune, creation, "
                                      "modification) VALUES ('a5b6c7d8-0000-4000-8000-000000000001', 'Mairie', "
                                      "'23096', '23000', 'Guéret', '2025-01-01T09:00:00Z', '2025-01-01T09:00:00Z')")));
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO activites (id, type, date, duree, type_lieu, lieu_id, thematiques, materiel, autonomie, "
            "oriente, anon_genre, anon_tranche_age, accompagnements, creation, modification) VALUES "
            "('a5b6c7d8-0000-4000-8000-0000000000a1', 'individuel', '2025-01-02', 30, 'lieu_activite', "
            "'a5b6c7d8-0000-4000-8000-000000000001', 'email', 'ordinateur', 'partiellement_autonome', 0, 'feminin', "
            "'soixante_dix_plus', 1, '2025-01-02T10:00:00Z', '2025-01-02T10:00:00Z')")));
    }
    Connection::remove(name);

    SalvageReport report;
    QVERIFY2(Salvage::run(path, &report, &error), qPrintable(error));
    QCOMPARE(report.activities, 1);
    QCOMPARE(report.places, 1);
    QCOMPARE(report.unreadable, 0);
    QVERIFY(!report.profile);

    FixedClock clock(TestData::fixedNow());
    Store store(clock);
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QCOMPARE(store.schemaVersion(), Migrations::LatestVersion);
    const auto activity = store.activity(QUuid(QStringLiteral("a5b6c7d8-0000-4000-8000-0000000000a1")));
    QVERIFY(activity);
    QCOMPARE(activity->dureeMinutes, 30);
    QCOMPARE(activity->lieuId, QUuid(QStringLiteral("a5b6c7d8-0000-4000-8000-000000000001")));
    QCOMPARE(store.counts().individuels, 1);
    const IntegrityReport check = IntegrityChecker::run(store);
    QVERIFY2(check.ok(), qPrintable(check.problems.join(QLatin1Char('\n'))));
    QVERIFY(QFileInfo(report.keptAside).isFile());
}

void TestSalvage::baseInUseByAnotherProgram_isRefused()
{
#ifndef Q_OS_UNIX
    QSKIP("SQLite's locks are read on Unix only");
#else
    const QString sqlite = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
    if (sqlite.isEmpty())
        QSKIP("the sqlite3 program is not installed");
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(20, 3));
    f.store.close();
    const QByteArray before = DamagedFile::bytesOf(f.path());

    // Another program has the base open (as a Carnet window would).
    QProcess other;
    other.start(sqlite, {f.path()});
    QVERIFY(other.waitForStarted());
    other.write("SELECT count(*) FROM activites;\n");
    QVERIFY(other.waitForReadyRead(10000));

    SalvageReport report;
    QString error;
    QVERIFY(!Salvage::run(f.path(), &report, &error));
    QVERIFY2(error.contains(QStringLiteral("est ouverte par un autre programme")), qPrintable(error));
    QTemporaryDir key;
    const QString copy = key.filePath(QStringLiteral("copie.sqlite"));
    QVERIFY(Backups::write(f.path(), copy, &error)); // a copy is fine while it is open
    QString keptAside;
    QVERIFY(!Backups::restore(copy, f.path(), &keptAside, &error));
    QVERIFY2(error.contains(QStringLiteral("est ouverte par un autre programme")), qPrintable(error));
    QCOMPARE(DamagedFile::bytesOf(f.path()), before);

    other.write(".quit\n");
    other.closeWriteChannel();
    QVERIFY(other.waitForFinished(10000));
    QVERIFY2(Backups::restore(copy, f.path(), &keptAside, &error), qPrintable(error));
#endif
}

QTEST_GUILESS_MAIN(TestSalvage)
#include "tst_salvage.moc"
