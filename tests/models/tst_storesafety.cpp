// What the store does when luck is bad: a power cut (every acknowledged save synced), two processes on a new base, a
// damaged file, a read-only or full disk, a busy base, a mistyped folder.

#include "models/store/Connection.h"
#include "models/store/DraftStore.h"
#include "models/store/Migrations.h"
#include "tests/support/ScratchDisk.h"
#include "tests/support/TestData.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <atomic>
#include <cstring>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using TestData::Fixture;

namespace {

// A thin VFS over the default one that counts xSync calls: what reaches the disk at a commit.
namespace CountingVfs {
std::atomic<int> syncs{0};
sqlite3_vfs *base = nullptr;
sqlite3_vfs vfs;
sqlite3_io_methods methods;

struct File
{
    sqlite3_file header; // pMethods: &methods
    sqlite3_file *real; // the base VFS's file, allocated right after this struct
};

sqlite3_file *real(sqlite3_file *f)
{
    return reinterpret_cast<File *>(f)->real;
}

int xClose(sqlite3_file *f)
{
    return real(f)->pMethods->xClose(real(f));
}
int xRead(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{
    return real(f)->pMethods->xRead(real(f), b, n, o);
}
int xWrite(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
    return real(f)->pMethods->xWrite(real(f), b, n, o);
}
int xTruncate(sqlite3_file *f, sqlite3_int64 size)
{
    return real(f)->pMethods->xTruncate(real(f), size);
}
int xSync(sqlite3_file *f, int flags)
{
    ++syncs;
    return real(f)->pMethods->xSync(real(f), flags);
}
int xFileSize(sqlite3_file *f, sqlite3_int64 *size)
{
    return real(f)->pMethods->xFileSize(real(f), size);
}
int xLock(sqlite3_file *f, int l)
{
    return real(f)->pMethods->xLock(real(f), l);
}
int xUnlock(sqlite3_file *f, int l)
{
    return real(f)->pMethods->xUnlock(real(f), l);
}
int xCheckReservedLock(sqlite3_file *f, int *out)
{
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
}
int xFileControl(sqlite3_file *f, int op, void *arg)
{
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int xSectorSize(sqlite3_file *f)
{
    return real(f)->pMethods->xSectorSize(real(f));
}
int xDeviceCharacteristics(sqlite3_file *f)
{
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
}
int xShmMap(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
    return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}
int xShmLock(sqlite3_file *f, int offset, int n, int flags)
{
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void xShmBarrier(sqlite3_file *f)
{
    real(f)->pMethods->xShmBarrier(real(f));
}
int xShmUnmap(sqlite3_file *f, int deleteFlag)
{
    return real(f)->pMethods->xShmUnmap(real(f), deleteFlag);
}
int xFetch(sqlite3_file *f, sqlite3_int64 o, int n, void **out)
{
    return real(f)->pMethods->xFetch(real(f), o, n, out);
}
int xUnfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{
    return real(f)->pMethods->xUnfetch(real(f), o, p);
}

int xOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags)
{
    auto *file = reinterpret_cast<File *>(f);
    file->real = reinterpret_cast<sqlite3_file *>(file + 1);
    const int rc = base->xOpen(base, name, file->real, flags, outFlags);
    file->header.pMethods = rc == SQLITE_OK && file->real->pMethods ? &methods : nullptr;
    return rc;
}

// Registered once, as the default VFS, before any connection opens: the QSQLITE driver then opens through it.
void install()
{
    if (base)
        return;
    base = sqlite3_vfs_find(nullptr);
    vfs = *base;
    vfs.zName = "carnet-counting";
    vfs.szOsFile = static_cast<int>(sizeof(File)) + base->szOsFile;
    vfs.xOpen = &xOpen;
    methods = sqlite3_io_methods{3, &xClose, &xRead, &xWrite, &xTruncate, &xSync, &xFileSize, &xLock, &xUnlock,
        &xCheckReservedLock, &xFileControl, &xSectorSize, &xDeviceCharacteristics, &xShmMap, &xShmLock, &xShmBarrier,
        &xShmUnmap, &xFetch, &xUnfetch};
    sqlite3_vfs_register(&vfs, 1);
}
} // namespace CountingVfs

// Overwrites `pages` pages in the middle of the file with random bytes (what a failing disk leaves).
bool damagePages(const QString &path, int pages, int pageSize = 4096)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    const qint64 total = file.size() / pageSize;
    if (total < pages + 4)
        return false;
    QRandomGenerator rng(7);
    for (int i = 0; i < pages; ++i) {
        const qint64 page = 2 + (total - 3) * (i + 1) / (pages + 1);
        QByteArray noise(pageSize, Qt::Uninitialized);
        for (char &c : noise)
            c = static_cast<char>(rng.bounded(256));
        file.seek(page * pageSize);
        file.write(noise);
    }
    return true;
}

QByteArray bytesOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A base of `count` demo activities, closed, at path.
bool writeDemoBase(const QString &path, qint64 count)
{
    FixedClock clock(TestData::fixedNow());
    Store store(clock);
    QString error;
    if (!store.open(path, &error))
        return false;
    DemoGenerator::Options options;
    options.count = count;
    if (!DemoGenerator::populate(store, options, &error))
        return false;
    QSqlQuery q(store.database());
    return q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}
// Another program's connection on the base: what holds the locks of the busy tests. Closed and removed at the end.
class OtherProgram
{
public:
    explicit OtherProgram(const QString &path)
        : m_name(Connection::uniqueName(QStringLiteral("other-program")))
    {
        QString message;
        m_db = Connection::open(m_name, path, Connection::Mode::ReadWrite, &message);
    }
    ~OtherProgram()
    {
        m_db = QSqlDatabase();
        Connection::remove(m_name);
    }
    OtherProgram(const OtherProgram &) = delete;
    OtherProgram &operator=(const OtherProgram &) = delete;

    // Runs sql to its end (a SELECT's rows are all read, so that its locks are taken).
    bool exec(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql))
            return false;
        while (q.next()) { }
        return true;
    }

private:
    QString m_name;
    QSqlDatabase m_db;
};
} // namespace

class TestStoreSafety : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { CountingVfs::install(); }
    void everyAcknowledgedSave_isSyncedToDisk();
    void twoProcesses_startingOnANewBase_bothOpenIt();
    void damagedBase_opensReadOnly_saysSo_andRefusesWrites();
    void zeroByteBase_withAWalHoldingData_isNotTakenForNew();
    void missingBase_isNotCreated_whenAskedNotTo();
    void readOnlyFile_opensReadOnly();
    void readOnlyFileSystem_opensReadOnly();
    void realFullDisk_saveRefusedInFrench_andSavedDataKept();
    void realFullDisk_draftFailsAndThePreviousDraftSurvives();
    void busyBase_waitsInShortSteps_thenSaves();
    void busyBase_givingUp_writesNothing();
    void lockedBase_atStart_saysBusyWithinItsTimeout();
    void missingBase_besideAWal_isNeverCreated_andTheWalKept();
    void zeroByteFile_isNoBase_forAReadCommand();
    void damagedOldSchemaBase_isNeitherCopiedNorMigrated();
    void busyBase_atMigration_isSaidBusy_beforeAnyCopy();
};

void TestStoreSafety::everyAcknowledgedSave_isSyncedToDisk()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    for (int i = 0; i < 5; ++i) {
        Activity a = TestData::individuel(place.id);
        const int before = CountingVfs::syncs;
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
        // synchronous = NORMAL syncs the WAL only at checkpoints: most saves would count 0 here.
        QVERIFY2(CountingVfs::syncs - before >= 1,
            qPrintable(QStringLiteral("save %1 made %2 syncs").arg(i).arg(CountingVfs::syncs - before)));
    }
}

void TestStoreSafety::twoProcesses_startingOnANewBase_bothOpenIt()
{
    // Several processes at once on a base that does not exist yet: each reads the version and migrates under the
    // write lock, so none fails on "table profil already exists".
    for (int round = 0; round < 3; ++round) {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
        QList<QProcess *> children;
        for (int i = 0; i < 4; ++i) {
            auto *p = new QProcess(this);
            p->start(QStringLiteral(CRASH_CHILD), {QStringLiteral("--open"), path});
            children.append(p);
        }
        for (QProcess *p : children) {
            QVERIFY(p->waitForFinished(30000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
            QCOMPARE(p->readAllStandardOutput().trimmed(), "opened " + QByteArray::number(Migrations::LatestVersion));
            delete p;
        }
        Store store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        QCOMPARE(store.schemaVersion(), Migrations::LatestVersion);
    }
}

void TestStoreSafety::damagedBase_opensReadOnly_saysSo_andRefusesWrites()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    QVERIFY(writeDemoBase(path, 3000));
    QVERIFY(damagePages(path, 4));
    const QByteArray damaged = bytesOf(path);

    FixedClock clock(TestData::fixedNow());
    Store store(clock);
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QVERIFY(store.isDamaged());
    QVERIFY(store.isReadOnly());
    QVERIFY2(store.readOnlyReason().contains(QStringLiteral("endommagée")), qPrintable(store.readOnlyReason()));
    // In French, never SQLite's "btreeInitPage() returns error code 11" alone.
    QVERIFY(!store.damage().isEmpty());
    static const QRegularExpression french(
        QStringLiteral("^(Page \\d+ de la base|L'index|La table|Partie de la base|La base)"));
    for (const QString &line : store.damage())
        QVERIFY2(french.match(line).hasMatch(), qPrintable(line));

    // Nothing more is written into it (what `demo --append` did).
    const QList<Place> places = store.places();
    Activity a = TestData::individuel(places.isEmpty() ? QUuid() : places.first().id);
    QVERIFY(!store.saveActivity(a, &error));
    QVERIFY2(error.contains(QStringLiteral("lecture seule")), qPrintable(error));
    store.close();
    QCOMPARE(bytesOf(path), damaged);
}

void TestStoreSafety::zeroByteBase_withAWalHoldingData_isNotTakenForNew()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    {
        QFile base(path);
        QVERIFY(base.open(QIODevice::WriteOnly));
        QFile wal(path + QStringLiteral("-wal"));
        QVERIFY(wal.open(QIODevice::WriteOnly));
        wal.write(QByteArray(8192, 'w'));
    }
    Store store;
    QString error;
    QVERIFY(!store.open(path, &error));
    QVERIFY2(error.contains(QStringLiteral("est vide ou absent mais son journal")), qPrintable(error));
    QCOMPARE(QFileInfo(path).size(), 0);
    QCOMPARE(QFileInfo(path + QStringLiteral("-wal")).size(), 8192);

    // A zero-byte file alone is a base being created: it is taken as new.
    QVERIFY(QFile::remove(path + QStringLiteral("-wal")));
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QCOMPARE(store.schemaVersion(), Migrations::LatestVersion);
}

void TestStoreSafety::missingBase_isNotCreated_whenAskedNotTo()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("mistyped"));
    Store store;
    QString error;
    Store::OpenOptions read;
    read.create = false;
    QVERIFY(!store.open(QDir(folder).filePath(QStringLiteral("carnet.sqlite")), &error, read));
    QVERIFY2(error.contains(QStringLiteral("n'existe pas")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(folder));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(!store.open(QDir(folder).filePath(QStringLiteral("carnet.sqlite")), &error, read));
    QVERIFY2(error.contains(QStringLiteral("ne contient pas de base Carnet")), qPrintable(error));
    QVERIFY(QDir(folder).isEmpty());
}

void TestStoreSafety::readOnlyFile_opensReadOnly()
{
#ifdef Q_OS_UNIX
    if (::geteuid() == 0) {
        // root writes whatever the modes say: readOnlyFileSystem_opensReadOnly covers it on a read-only mount.
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(!f.store.isReadOnly());
        return;
    }
#endif
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    f.store.close();
    QVERIFY(QFile::setPermissions(f.path(), QFileDevice::ReadOwner));
    QVERIFY2(f.store.open(f.path(), &error), qPrintable(error));
    QVERIFY(f.store.isReadOnly());
    QVERIFY(f.store.readOnlyReason().contains(QStringLiteral("lecture seule")));
    QCOMPARE(f.store.places().size(), 1);
    Place other = TestData::place();
    QVERIFY(!f.store.savePlace(other, &error));
    QVERIFY2(error.contains(QStringLiteral("lecture seule")), qPrintable(error));
    QVERIFY(QFile::setPermissions(f.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
}

void TestStoreSafety::readOnlyFileSystem_opensReadOnly()
{
    ScratchDisk disk(4 << 20);
    if (!disk.available()) {
        // Without a mount (not root), file modes make the same case: readOnlyFile_opensReadOnly.
        QVERIFY(::geteuid() != 0);
        return;
    }
    const QString path = disk.filePath(QStringLiteral("carnet.sqlite"));
    QVERIFY(writeDemoBase(path, 200));
    QVERIFY(disk.makeReadOnly());
    FixedClock clock(TestData::fixedNow());
    Store store(clock);
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QVERIFY(store.isReadOnly());
    QVERIFY2(store.readOnlyReason().contains(QStringLiteral("lecture seule")), qPrintable(store.readOnlyReason()));
    const StoreCounts c = store.counts();
    QCOMPARE(c.activites() + c.individuelsSupprimes + c.collectifsSupprimes, 200);
    Place place = TestData::place();
    QVERIFY(!store.savePlace(place, &error));
    QVERIFY2(error.contains(QStringLiteral("lecture seule")), qPrintable(error));
}

void TestStoreSafety::realFullDisk_saveRefusedInFrench_andSavedDataKept()
{
    ScratchDisk disk(1 << 20);
    if (!disk.available()) {
        // tst_store's fullDisk_givesFrenchMessage_andKeepsSavedData simulates it with SQLite's page limit.
        QVERIFY(::geteuid() != 0);
        return;
    }
    FixedClock clock(TestData::fixedNow());
    Store store(clock);
    QString error;
    const QString path = disk.filePath(QStringLiteral("carnet.sqlite"));
    QVERIFY2(store.open(path, &error), qPrintable(error));
    Place place = TestData::place();
    QVERIFY(store.savePlace(place, &error));
    Activity first = TestData::individuel(place.id);
    QVERIFY(store.saveActivity(first, &error));
    QVERIFY(disk.fill());
    bool sawFull = false;
    QList<QUuid> saved{first.id};
    for (int i = 0; i < 2000 && !sawFull; ++i) {
        Activity a = TestData::individuel(place.id);
        a.notes = QString(1900, QLatin1Char('x'));
        if (store.saveActivity(a, &error)) {
            saved.append(a.id);
            continue;
        }
        sawFull = true;
        QVERIFY2(error.contains(QStringLiteral("disque est plein")) || error.contains(QStringLiteral("Disque plein")),
            qPrintable(error));
        QVERIFY(!store.activity(a.id).has_value());
    }
    QVERIFY(sawFull);
    store.close();
    QVERIFY(QFile::remove(disk.filePath(QStringLiteral("ballast"))));
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QVERIFY(!store.isDamaged());
    for (const QUuid &id : saved)
        QVERIFY(store.activity(id).has_value());
}

void TestStoreSafety::realFullDisk_draftFailsAndThePreviousDraftSurvives()
{
    ScratchDisk disk(256 << 10);
    if (!disk.available()) {
        QVERIFY(::geteuid() != 0);
        return;
    }
    DraftStore drafts(disk.path());
    Draft first;
    first.activity = TestData::individuel(QUuid::createUuid());
    first.activity.notes = QStringLiteral("Premier brouillon");
    first.savedAt = TestData::fixedNow();
    QString error;
    QVERIFY2(drafts.save(first, &error), qPrintable(error));
    const QByteArray before = bytesOf(drafts.filePath());
    QVERIFY(disk.fill());
    Draft second = first;
    second.activity.notes = QString(64 << 10, QLatin1Char('n'));
    QVERIFY(!drafts.save(second, &error));
    QVERIFY2(error.contains(QStringLiteral("le disque est plein")), qPrintable(error));
    QCOMPARE(bytesOf(drafts.filePath()), before);
    const auto back = drafts.load(&error);
    QVERIFY2(back.has_value(), qPrintable(error));
    QCOMPARE(back->activity.notes, QStringLiteral("Premier brouillon"));
}

void TestStoreSafety::busyBase_waitsInShortSteps_thenSaves()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));

    OtherProgram other(f.path()); // holds the write lock
    QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")));

    QList<int> waits;
    f.store.setBusyWait([&](int waitedMs) {
        waits.append(waitedMs);
        if (waits.size() == 3)
            other.exec(QStringLiteral("COMMIT")); // the other program is done
        return true;
    });
    Activity a = TestData::individuel(place.id);
    QElapsedTimer timer;
    timer.start();
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    QCOMPARE(waits.size(), 3);
    // Short steps: each wait told within a fraction of a second, not after the 10 s timeout.
    QVERIFY2(waits.first() < 1000, qPrintable(QString::number(waits.first())));
    QVERIFY(timer.elapsed() < 5000);
    QVERIFY(f.store.activity(a.id).has_value());
}

void TestStoreSafety::busyBase_givingUp_writesNothing()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    OtherProgram other(f.path());
    QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")));
    int calls = 0;
    f.store.setBusyWait([&](int) { return ++calls < 2; });
    Activity a = TestData::individuel(place.id);
    QVERIFY(!f.store.saveActivity(a, &error));
    QCOMPARE(calls, 2);
    QVERIFY2(error.contains(QStringLiteral("occupée")), qPrintable(error));
    QVERIFY(other.exec(QStringLiteral("ROLLBACK")));
    QVERIFY(!f.store.activity(a.id).has_value());
}

void TestStoreSafety::lockedBase_atStart_saysBusyWithinItsTimeout()
{
    Fixture f;
    QVERIFY(f.open());
    f.store.close();
    Store::OpenOptions options;
    options.busyTimeoutMs = 500;
    QString error;
    {
        // Another program keeps the base locked, readers included (locking_mode EXCLUSIVE).
        OtherProgram other(f.path());
        QVERIFY(other.exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")));
        QVERIFY(other.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QVERIFY(other.exec(QStringLiteral("SELECT count(*) FROM activites")));

        QElapsedTimer timer;
        timer.start();
        QVERIFY(!f.store.open(f.path(), &error, options));
        // Each step used to wait the whole busy timeout, some twice (20 s at start for a 10 s timeout).
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(f.store.wasBusy());
        QVERIFY2(error.contains(QStringLiteral("occupée par un autre programme")), qPrintable(error));
    } // the other program ends
    QVERIFY2(f.store.open(f.path(), &error, options), qPrintable(error));
    QVERIFY(!f.store.wasBusy());
}

void TestStoreSafety::missingBase_besideAWal_isNeverCreated_andTheWalKept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    QFile wal(path + QStringLiteral("-wal"));
    QVERIFY(wal.open(QIODevice::WriteOnly));
    wal.write(QByteArray(8192, 'w'));
    wal.close();
    Store store;
    QString error;
    QVERIFY(!store.open(path, &error)); // creating is asked for: still refused
    QVERIFY2(error.contains(QStringLiteral("vide ou absent mais son journal")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
    QCOMPARE(QFileInfo(path + QStringLiteral("-wal")).size(), 8192);
    QVERIFY(!Store::orphanJournal(path).isEmpty());
}

void TestStoreSafety::zeroByteFile_isNoBase_forAReadCommand()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    QFile empty(path);
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    Store store;
    QString error;
    Store::OpenOptions read;
    read.create = false;
    QVERIFY(!store.open(path, &error, read));
    QVERIFY2(error.contains(QStringLiteral("ne contient pas de base Carnet")), qPrintable(error));
    QCOMPARE(QFileInfo(path).size(), 0);
}

void TestStoreSafety::damagedOldSchemaBase_isNeitherCopiedNorMigrated()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    QVERIFY(writeDemoBase(path, 3000));
    {
        // Labelled one schema older: opening it would copy it (before the migration) and migrate it.
        QString message;
        QSqlDatabase db = Connection::open(QStringLiteral("label"), path, Connection::Mode::ReadWrite, &message);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(Migrations::LatestVersion - 1)));
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        q = QSqlQuery();
        db = QSqlDatabase();
        Connection::remove(QStringLiteral("label"));
    }
    QVERIFY(damagePages(path, 4));
    const QByteArray damaged = bytesOf(path);
    Store store;
    QString error;
    QVERIFY(!store.open(path, &error));
    QVERIFY2(error.contains(QStringLiteral("endommagée et d'une version plus ancienne")), qPrintable(error));
    QCOMPARE(bytesOf(path), damaged);
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("sauvegardes"))));
}

void TestStoreSafety::busyBase_atMigration_isSaidBusy_beforeAnyCopy()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    f.store.close();
    OtherProgram other(f.path());
    // One schema older (a Carnet update) while another program is writing.
    QVERIFY(other.exec(QStringLiteral("PRAGMA user_version = %1").arg(Migrations::LatestVersion - 1)));
    QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")));
    Store::OpenOptions options;
    options.busyTimeoutMs = 300;
    QString error;
    QVERIFY(!f.store.open(f.path(), &error, options));
    QVERIFY(f.store.wasBusy());
    QVERIFY2(error.contains(QStringLiteral("occupée par un autre programme")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(f.dir.filePath(QStringLiteral("sauvegardes"))));
    QVERIFY(other.exec(QStringLiteral("PRAGMA user_version = %1").arg(Migrations::LatestVersion)));
    QVERIFY(other.exec(QStringLiteral("COMMIT")));
}

QTEST_GUILESS_MAIN(TestStoreSafety)
#include "tst_storesafety.moc"
