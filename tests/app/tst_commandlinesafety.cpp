// The command line when the folder is wrong, the disk full or the base damaged: it does what it says, in French.

#include "app/cli/CommandLine.h"
#include "models/store/Store.h"
#include "tests/support/CommandRunner.h"
#include "tests/support/ScratchDisk.h"
#include "tests/support/TestData.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace {
using CommandRunner::Result;
using CommandRunner::run;

QByteArray bytesOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestCommandLineSafety : public QObject
{
    Q_OBJECT

private slots:
    void readCommands_onAMistypedFolder_createNothing_andFail();
    void emptyDataDir_isAnError_notTheDefaultFolder();
    void latin1Path_isRefused_neverAnotherFolder();
    void appendWithoutSeed_adds();
    void textFileAsBase_isDamagedOrNotCarnet();
    void damagedBase_isReadOnly_forEveryCommand();
    void partialDemo_onAFullDisk_saysWhatStays();
    void orphanJournal_survivesSauvegarderRecupererRestaurer();
};

void TestCommandLineSafety::readCommands_onAMistypedFolder_createNothing_andFail()
{
    QTemporaryDir dir;
    const QString mistyped = dir.filePath(QStringLiteral("carnet-donees"));
    for (const QString &command : {QStringLiteral("info"), QStringLiteral("stats")}) {
        const Result r = run(mistyped, {command});
        QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
        QVERIFY2(r.err.contains(QStringLiteral("n'existe pas")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(mistyped));
    }
    QVERIFY(QDir().mkpath(mistyped));
    const Result r = run(mistyped, {QStringLiteral("info")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(r.err.contains(QStringLiteral("ne contient pas de base Carnet")), qPrintable(r.err));
    QVERIFY(QDir(mistyped).isEmpty());
}

void TestCommandLineSafety::emptyDataDir_isAnError_notTheDefaultFolder()
{
    for (const QStringList &args : {QStringList{QStringLiteral("--data-dir"), QString(), QStringLiteral("info")},
             QStringList{QStringLiteral("--data-dir="), QStringLiteral("info")}}) {
        const CommandLine::Parsed p = CommandLine::parse(args);
        QVERIFY2(p.error.contains(QStringLiteral("dossier vide")), qPrintable(p.error));
        Result r;
        QTextStream out(&r.out);
        QTextStream err(&r.err);
        QCOMPARE(CommandLine::run(args, out, err), static_cast<int>(CommandLine::Usage));
    }
}

void TestCommandLineSafety::latin1Path_isRefused_neverAnotherFolder()
{
    // "café" in Latin-1: é is the single byte 0xE9, not UTF-8. Given through a shell, as the bytes a user's old folder
    // name has.
    QTemporaryDir dir;
    QProcess p;
    p.setWorkingDirectory(dir.path());
    p.start(QStringLiteral("/bin/sh"),
        {QStringLiteral("-c"), QStringLiteral("exec \"$0\" --data-dir \"$(printf 'caf\\351')\" demo --count 3"),
            QStringLiteral(CARNET_EXECUTABLE)});
    QVERIFY(p.waitForFinished(30000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitCode(), static_cast<int>(CommandLine::Usage));
    QVERIFY2(err.contains(QStringLiteral("UTF-8")), qPrintable(err));
    // No folder at all was made, under the Latin-1 name or under one with the bytes replaced.
    QVERIFY2(QDir(dir.path()).isEmpty(),
        qPrintable(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).join(u',')));
}

void TestCommandLineSafety::appendWithoutSeed_adds()
{
    QTemporaryDir dir;
    QCOMPARE(run(dir.path(), {QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("50")}).code, 0);
    const Result r = run(dir.path(),
        {QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("30"), QStringLiteral("--append")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    Store store;
    QString error;
    QVERIFY(store.open(QDir(dir.path()).filePath(QLatin1String(Store::FileName)), &error));
    const StoreCounts c = store.counts();
    QCOMPARE(c.activites() + c.individuelsSupprimes + c.collectifsSupprimes, 80);
}

void TestCommandLineSafety::textFileAsBase_isDamagedOrNotCarnet()
{
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QLatin1String(Store::FileName));
    QFile text(path);
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("Liste des courses\nPain\nLait\n");
    text.close();
    const QByteArray before = bytesOf(path);
    for (const QStringList &command : {QStringList{QStringLiteral("info")},
             QStringList{QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("1")}}) {
        const Result r = run(dir.path(), command);
        QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
        QVERIFY2(r.err.contains(QStringLiteral("est endommagé ou n'est pas une base Carnet")), qPrintable(r.err));
    }
    QCOMPARE(bytesOf(path), before);
}

void TestCommandLineSafety::damagedBase_isReadOnly_forEveryCommand()
{
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QLatin1String(Store::FileName));
    QCOMPARE(run(dir.path(), {QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("3000")}).code, 0);
    {
        Store store;
        QString error;
        QVERIFY(store.open(path, &error));
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
    }
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 pages = file.size() / 4096;
        for (int i = 1; i <= 4; ++i) {
            file.seek(pages * i / 5 * 4096);
            file.write(QByteArray(4096, '\x5a'));
        }
    }
    const QByteArray damaged = bytesOf(path);
    const Result info = run(dir.path(), {QStringLiteral("info")});
    QVERIFY2(info.err.contains(QStringLiteral("endommagée")), qPrintable(info.err));
    const Result demo = run(dir.path(),
        {QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("10"), QStringLiteral("--append")});
    QCOMPARE(demo.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(demo.err.contains(QStringLiteral("lecture seule")), qPrintable(demo.err));
    QVERIFY2(!demo.err.contains(QStringLiteral("malformed")), qPrintable(demo.err));
    // The statistics read every activity: they either come out or say, in French, that the base is damaged.
    const Result stats = run(dir.path(), {QStringLiteral("stats"), QStringLiteral("--depuis-le-debut")});
    QVERIFY2(stats.code == 0 || stats.err.contains(QStringLiteral("la base est endommagée")), qPrintable(stats.err));
    QVERIFY2(stats.err.contains(QStringLiteral("endommagée")), qPrintable(stats.err));
    QCOMPARE(bytesOf(path), damaged);
}

void TestCommandLineSafety::partialDemo_onAFullDisk_saysWhatStays()
{
    ScratchDisk disk(600 << 10);
    if (!disk.available()) {
        QVERIFY(::geteuid() != 0); // only root mounts; the page-limit simulation is in tst_store
        return;
    }
    const Result r = run(disk.path(), {QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("20000")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(r.err.contains(QStringLiteral("disque est plein")), qPrintable(r.err));
    // The profile and places were committed before the failing batch: "rien n'a été enregistré" would be false.
    QVERIFY2(!r.err.contains(QStringLiteral("rien n'a été enregistré")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("reste dans la base")), qPrintable(r.err));
    Store store;
    QString error;
    QVERIFY2(store.open(disk.filePath(QLatin1String(Store::FileName)), &error), qPrintable(error));
    QVERIFY(!store.places().isEmpty());
}

void TestCommandLineSafety::orphanJournal_survivesSauvegarderRecupererRestaurer()
{
    QTemporaryDir source;
    QCOMPARE(run(source.path(), {QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("40")}).code, 0);
    const QString backup = QDir(source.path()).filePath(QStringLiteral("copie.sqlite"));
    QCOMPARE(run(source.path(), {QStringLiteral("sauvegarder"), backup}).code, 0);

    // An empty base beside a journal that holds data: no command may open it (SQLite would delete the journal).
    QTemporaryDir dir;
    const QString path = QDir(dir.path()).filePath(QLatin1String(Store::FileName));
    const QByteArray journal(8192, '\x42');
    {
        QFile base(path);
        QVERIFY(base.open(QIODevice::WriteOnly));
        QFile wal(path + QStringLiteral("-wal"));
        QVERIFY(wal.open(QIODevice::WriteOnly));
        QCOMPARE(wal.write(journal), journal.size());
    }
    const QString target = QDir(source.path()).filePath(QStringLiteral("autre.sqlite"));
    const QList<QStringList> refused{{QStringLiteral("sauvegarder"), target}, {QStringLiteral("recuperer")},
        {QStringLiteral("recuperer"), QStringLiteral("--force")}};
    for (const QStringList &args : refused) {
        const Result r = run(dir.path(), args);
        QVERIFY2(r.code == static_cast<int>(CommandLine::Failure), qPrintable(args.join(QLatin1Char(' '))));
        QVERIFY2(r.err.contains(QStringLiteral("journal")), qPrintable(r.err));
        QCOMPARE(bytesOf(path + QStringLiteral("-wal")), journal);
        QCOMPARE(QFileInfo(path).size(), 0);
    }
    QVERIFY(!QFileInfo::exists(target));

    // restaurer keeps the pair aside as it was, then restores.
    const Result r = run(dir.path(), {QStringLiteral("restaurer"), backup});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString aside = QDir(dir.path()).filePath(QStringLiteral("sauvegardes"));
    const QStringList journals = QDir(aside).entryList({QStringLiteral("carnet-remplacee-*.sqlite-wal")}, QDir::Files);
    QCOMPARE(journals.size(), 1);
    QCOMPARE(bytesOf(QDir(aside).filePath(journals.constFirst())), journal);
    QVERIFY(QFileInfo(path).size() > 0);
    QVERIFY(run(dir.path(), {QStringLiteral("info")}).code == 0);
    QCOMPARE(bytesOf(QDir(aside).filePath(journals.constFirst())), journal);
}

QTEST_GUILESS_MAIN(TestCommandLineSafety)
#include "tst_commandlinesafety.moc"
