#include "models/store/Backups.h"
#include "models/store/Connection.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/Migrations.h"
#include "models/store/Salvage.h"
#include "tests/support/DamagedFile.h"
#include "tests/support/TestData.h"

#include <QDateTime>
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
    void report_countsDeletedApart_andLostBeneficiaries();
    void orphanJournal_isRefused_untouched();
    void staleTemporary_isRemoved();
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
    const qint64 copied = report.activities + report.deletedActivities;
    QVERIFY2(copied >= allActivities * 9 / 10, qPrintable(QString::number(copied)));
    QVERIFY(copied <= allActivities);
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
    QCOMPARE(after.activites(), report.activities);
    QCOMPARE(after.individuelsSupprimes + after.collectifsSupprimes, report.deletedActivities);
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
    QCOMPARE(report.activities + report.deletedActivities, 3000);
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

void TestSalvage::report_countsDeletedApart_andLostBeneficiaries()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(300, 5));
    f.store.close();
    QString error;
    QString lostPerson;
    qint64 active = 0, deleted = 0, withLostPerson = 0;
    const QString name = Connection::uniqueName(QStringLiteral("tst-loss"));
    {
        QSqlDatabase db = Connection::open(name, f.path(), Connection::Mode::ReadWrite, &error);
        QVERIFY2(db.isOpen(), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys = OFF")));
        QVERIFY(q.exec(QStringLiteral("SELECT beneficiaire_id FROM activites WHERE beneficiaire_id IS NOT NULL AND "
                                      "suppression IS NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")));
        QVERIFY(q.next());
        lostPerson = q.value(0).toString();
        q.finish();
        QVERIFY(q.prepare(QStringLiteral("UPDATE activites SET suppression = '2025-06-01T10:00:00Z' WHERE rowid IN "
                                         "(SELECT rowid FROM activites WHERE suppression IS NULL AND "
                                         "beneficiaire_id IS NOT ? LIMIT 7)")));
        q.addBindValue(lostPerson);
        QVERIFY(q.exec());
        // The beneficiary's record lost, as an unreadable page would lose it; the activities still point to it.
        QVERIFY(q.prepare(QStringLiteral("DELETE FROM beneficiaires WHERE id = ?")));
        q.addBindValue(lostPerson);
        QVERIFY(q.exec());
        QCOMPARE(q.numRowsAffected(), 1);
        const auto scalar = [&](const QString &sql) {
            QSqlQuery c(db);
            c.prepare(sql);
            if (sql.contains(QLatin1Char('?')))
                c.addBindValue(lostPerson);
            return c.exec() && c.next() ? c.value(0).toLongLong() : -1;
        };
        active = scalar(QStringLiteral("SELECT count(*) FROM activites WHERE suppression IS NULL"));
        deleted = scalar(QStringLiteral("SELECT count(*) FROM activites WHERE suppression IS NOT NULL"));
        withLostPerson = scalar(
            QStringLiteral("SELECT count(*) FROM activites WHERE suppression IS NULL AND beneficiaire_id = ?"));
    }
    Connection::remove(name);
    QVERIFY(deleted >= 7);
    QVERIFY(withLostPerson >= 1);

    SalvageReport report;
    QVERIFY2(Salvage::run(f.path(), &report, &error), qPrintable(error));
    QCOMPARE(report.unreadable, 0);
    QCOMPARE(report.activities, active);
    QCOMPARE(report.deletedActivities, deleted);
    QCOMPARE(report.activitiesWithoutBeneficiary, withLostPerson);
    QCOMPARE(report.activitiesWithoutPlace, 0);
    QVERIFY(f.open());
    QCOMPARE(f.store.counts().activites(), report.activities);
}

void TestSalvage::orphanJournal_isRefused_untouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    const QByteArray journal(8192, '\x37');
    {
        QFile base(path);
        QVERIFY(base.open(QIODevice::WriteOnly));
        QFile wal(path + QStringLiteral("-wal"));
        QVERIFY(wal.open(QIODevice::WriteOnly));
        QCOMPARE(wal.write(journal), journal.size());
    }
    SalvageReport report;
    QString error;
    QVERIFY(!Salvage::run(path, &report, &error));
    QVERIFY2(error.contains(QStringLiteral("journal")), qPrintable(error));
    QCOMPARE(DamagedFile::bytesOf(path + QStringLiteral("-wal")), journal);
    QCOMPARE(QFileInfo(path).size(), 0);
    QVERIFY(!QFileInfo::exists(Backups::folderOf(path)));
}

void TestSalvage::staleTemporary_isRemoved()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(30, 2));
    f.store.close();
    const QString stale = f.dir.filePath(QStringLiteral(".carnet-recuperation.Ab12Cd.sqlite"));
    {
        QFile out(stale);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QByteArray(4096, 'x'));
        QVERIFY(out.flush()); // written before its time is set
        QVERIFY(out.setFileTime(QDateTime::currentDateTime().addSecs(-7200), QFileDevice::FileModificationTime));
    }
    SalvageReport report;
    QString error;
    QVERIFY2(Salvage::run(f.path(), &report, &error), qPrintable(error));
    QVERIFY(!QFileInfo::exists(stale));
}

QTEST_GUILESS_MAIN(TestSalvage)
#include "tst_salvage.moc"
