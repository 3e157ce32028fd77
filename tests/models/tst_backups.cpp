#include "models/store/Backups.h"
#include "models/store/Connection.h"
#include "models/store/Migrations.h"
#include "tests/support/DamagedFile.h"
#include "tests/support/ScratchDisk.h"
#include "tests/support/TestData.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

class TestBackups : public QObject
{
    Q_OBJECT

private slots:
    void write_thenRestore_givesTheSameRows();
    void restore_overABaseLeftWithItsJournal_keepsItWhole();
    void daily_oncePerDay_andOldOnesRemoved();
    void corruptedBackup_isRefused_baseUntouched();
    void foreignFiles_areRefused_baseUntouched();
    void newerSchema_isRefused();
    void beforeMigration_keepsTheOldSchema();
    void write_refusesAMissingFolderAndTheBaseItself();
    void write_onAFullDisk_saysSo_andLeavesTheTargetAsItWas();
    void orphanJournal_isNeverOpened_andRestoreKeepsItAside();
    void write_overATargetWithItsJournal_givesASoundCopy();
    void staleTemporaries_areRemoved_freshOnesKept();
};

namespace {

// Every row of the tables that hold the mediator's records, as text, in a stable order.
QStringList rowsOf(const QString &path)
{
    QStringList rows;
    Connection::ScopedReader reader(QStringLiteral("tst-rows"), path);
    if (!reader.isOpen())
        return {QStringLiteral("cannot open: ") + reader.error()};
    QSqlQuery q(reader.database());
    for (const char *table : {"profil", "lieux", "beneficiaires", "activites", "activite_participants"}) {
        if (!q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY 1, 2").arg(QLatin1String(table))))
            return {QStringLiteral("cannot read ") + QLatin1String(table)};
        while (q.next()) {
            QStringList values{QLatin1String(table)};
            for (int i = 0; i < q.record().count(); ++i)
                values << (q.value(i).isNull() ? QStringLiteral("NULL") : q.value(i).toString());
            rows << values.join(QLatin1Char('|'));
        }
    }
    return rows;
}

bool fill(TestData::Fixture &f)
{
    if (!f.openWithDemo(300, 5))
        return false;
    Profile profile;
    profile.prenom = QStringLiteral("Camille");
    profile.nom = QStringLiteral("Durand");
    profile.email = QStringLiteral("camille.durand@example.org");
    profile.role = QLatin1String(Profile::Mediateur);
    profile.structure.nom = QStringLiteral("Médiathèque de Guéret");
    profile.structure.siret = QStringLiteral("21230096500016");
    profile.structure.commune = TestData::gueret();
    QString error;
    if (!f.store.saveProfile(profile, &error)) {
        qWarning() << error;
        return false;
    }
    return true;
}

#ifdef Q_OS_UNIX
bool isPrivateFile(const QString &path)
{
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    return (QFile::permissions(path) & others) == 0;
}
#endif

// The base's bytes and its journals', to show that a refused restore touched nothing.
QByteArray snapshot(const QString &path)
{
    return DamagedFile::bytesOf(path) + "|wal|" + DamagedFile::bytesOf(path + QStringLiteral("-wal"));
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// 8 KB that stand for a journal holding the last writes of a base (SQLite deletes any -wal beside an empty base).
QByteArray journalBytes()
{
    QByteArray bytes(8192, Qt::Uninitialized);
    for (int i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<char>((i * 7 + 3) & 0xff);
    return bytes;
}

bool setModified(const QString &path, const QDateTime &when)
{
    QFile file(path);
    return file.open(QIODevice::ReadWrite) && file.setFileTime(when, QFileDevice::FileModificationTime);
}

} // namespace

void TestBackups::write_thenRestore_givesTheSameRows()
{
    TestData::Fixture f;
    QVERIFY(fill(f));
    const QStringList original = rowsOf(f.path());
    QVERIFY(original.size() > 300);
    QVERIFY(original.constFirst().startsWith(QStringLiteral("profil|1|Camille|Durand")));

    // Written while the store is open, as the window does.
    QTemporaryDir key;
    const QString copy = key.filePath(QStringLiteral("carnet-copie.sqlite"));
    QString error;
    QVERIFY2(Backups::write(f.path(), copy, &error), qPrintable(error));
    QCOMPARE(rowsOf(copy), original);
#ifdef Q_OS_UNIX
    QVERIFY(isPrivateFile(copy));
#endif
    QCOMPARE(
        QDir(key.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("carnet-copie.sqlite")});
    Backups::Info info;
    QVERIFY2(Backups::verify(copy, &info, &error), qPrintable(error));
    QCOMPARE(info.schemaVersion, Migrations::LatestVersion);
    QCOMPARE(info.activities, f.store.counts().activites());

    // The base changes after the copy...
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity late = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(late, &error));
    const QStringList changed = rowsOf(f.path());
    QVERIFY(changed != original);
    f.store.close();

    // ... and the restore brings back the copy, the changed base kept aside.
    QString keptAside;
    QVERIFY2(Backups::restore(copy, f.path(), &keptAside, &error), qPrintable(error));
    QCOMPARE(rowsOf(f.path()), original);
    QVERIFY(keptAside.startsWith(Backups::folderOf(f.path()) + QStringLiteral("/carnet-remplacee-")));
    QCOMPARE(rowsOf(keptAside), changed);
    QVERIFY(!QFileInfo::exists(f.path() + QStringLiteral("-wal")));
#ifdef Q_OS_UNIX
    QVERIFY(isPrivateFile(f.path()));
#endif
    // No temporary file left beside the base.
    for (const QString &name : QDir(f.dir.path()).entryList(QDir::Files | QDir::Hidden))
        QVERIFY2(!name.startsWith(QLatin1Char('.')), qPrintable(name));

    QVERIFY(f.open());
    QVERIFY(!f.store.activity(late.id));
    QCOMPARE(f.store.profile().prenom, QStringLiteral("Camille"));

    const QList<Backups::Info> copies = Backups::list(f.path());
    QCOMPARE(copies.size(), 1);
    QCOMPARE(copies.constFirst().kind, Backups::Info::Kind::Replaced);
    QCOMPARE(copies.constFirst().activities, info.activities + 1);
}

void TestBackups::restore_overABaseLeftWithItsJournal_keepsItWhole()
{
    TestData::Fixture f;
    QVERIFY(fill(f));
    QTemporaryDir key;
    const QString copy = key.filePath(QStringLiteral("copie.sqlite"));
    QString error;
    QVERIFY(Backups::write(f.path(), copy, &error));
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    // The base as a crash leaves it: its last writes still in the -wal beside it.
    QTemporaryDir crashed;
    const QString base = crashed.filePath(QStringLiteral("carnet.sqlite"));
    QVERIFY(QFile::copy(f.path(), base));
    QVERIFY(QFile::copy(f.path() + QStringLiteral("-wal"), base + QStringLiteral("-wal")));
    QVERIFY(QFileInfo(base + QStringLiteral("-wal")).size() > 0);
    const QStringList before = rowsOf(f.path());
    f.store.close();

    QString keptAside;
    QVERIFY2(Backups::restore(copy, base, &keptAside, &error), qPrintable(error));
    QCOMPARE(rowsOf(base), rowsOf(copy));
    QCOMPARE(rowsOf(keptAside), before);
    QVERIFY(!QFileInfo::exists(base + QStringLiteral("-wal")));
    QVERIFY(!QFileInfo::exists(base + QStringLiteral("-shm")));
}

void TestBackups::daily_oncePerDay_andOldOnesRemoved()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(50, 2));
    const QDate day(2026, 6, 30);
    const QDir folder(Backups::folderOf(f.path()));
    QString error;
    bool written = false;
    QVERIFY2(Backups::daily(f.path(), 3, day, &error, &written), qPrintable(error));
    QVERIFY(written);
    const QString first = folder.filePath(QStringLiteral("carnet-2026-06-30.sqlite"));
    QVERIFY(QFileInfo::exists(first));
#ifdef Q_OS_UNIX
    QCOMPARE(QFile::permissions(folder.path()) & 0x0077, QFileDevice::Permissions());
    QVERIFY(isPrivateFile(first));
#endif
    const QByteArray firstBytes = DamagedFile::bytesOf(first);

    // Once a day: a second call the same day writes nothing.
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity extra = TestData::individuel(place.id);
    QVERIFY2(f.store.saveActivity(extra, &error), qPrintable(error));
    QVERIFY(Backups::daily(f.path(), 3, day, &error, &written));
    QVERIFY(!written);
    QCOMPARE(DamagedFile::bytesOf(first), firstBytes);

    // Copies of other kinds, and old daily ones, dated by their names.
    const auto plant = [&](const QString &name) { QVERIFY(Backups::write(f.path(), folder.filePath(name), &error)); };
    plant(QStringLiteral("carnet-2026-06-20.sqlite"));
    plant(QStringLiteral("carnet-avant-schema-4-2026-01-02-030405.sqlite"));
    plant(QStringLiteral("carnet-remplacee-2026-02-03-040506.sqlite"));
    plant(QStringLiteral("carnet-endommagee-2026-03-04-050607.sqlite"));

    QVERIFY(Backups::daily(f.path(), 3, day.addDays(2), &error, &written));
    QVERIFY(written);
    QStringList names = folder.entryList({QStringLiteral("*.sqlite")}, QDir::Files, QDir::Name);
    QCOMPARE(names,
        (QStringList{QStringLiteral("carnet-2026-06-30.sqlite"), QStringLiteral("carnet-2026-07-02.sqlite"),
            QStringLiteral("carnet-avant-schema-4-2026-01-02-030405.sqlite"),
            QStringLiteral("carnet-endommagee-2026-03-04-050607.sqlite"),
            QStringLiteral("carnet-remplacee-2026-02-03-040506.sqlite")}));

    // Three days on, the copy of 30 June is three days old: removed; the one of 2 July stays.
    QVERIFY(Backups::daily(f.path(), 3, day.addDays(3), &error, &written));
    QVERIFY(written);
    names = folder.entryList({QStringLiteral("carnet-20*.sqlite")}, QDir::Files, QDir::Name);
    QCOMPARE(
        names, (QStringList{QStringLiteral("carnet-2026-07-02.sqlite"), QStringLiteral("carnet-2026-07-03.sqlite")}));

    // keepDays 0: no automatic copy.
    QVERIFY(Backups::daily(f.path(), 0, day.addDays(4), &error, &written));
    QVERIFY(!written);

    const QList<Backups::Info> copies = Backups::list(f.path());
    QCOMPARE(copies.size(), 5);
    QCOMPARE(QFileInfo(copies.at(0).filePath).fileName(), QStringLiteral("carnet-2026-07-03.sqlite"));
    QCOMPARE(copies.at(0).kind, Backups::Info::Kind::Daily);
    QCOMPARE(copies.at(0).activities, f.store.counts().activites());
    QCOMPARE(copies.last().kind, Backups::Info::Kind::BeforeMigration);
    QCOMPARE(copies.last().created, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5)));
}

void TestBackups::corruptedBackup_isRefused_baseUntouched()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(2000, 3));
    QTemporaryDir key;
    const QString copy = key.filePath(QStringLiteral("sauvegarde.sqlite"));
    QString error;
    QVERIFY(Backups::write(f.path(), copy, &error));
    f.store.close();
    QList<qint64> pages;
    QVERIFY(DamagedFile::overwritePages(copy, 3, 11, &pages));

    const QByteArray before = snapshot(f.path());
    Backups::Info info;
    QVERIFY(!Backups::verify(copy, &info, &error));
    QVERIFY2(error.startsWith(QStringLiteral("« %1 » est endommagée").arg(copy)), qPrintable(error));
    QString keptAside;
    error.clear();
    QVERIFY(!Backups::restore(copy, f.path(), &keptAside, &error));
    QVERIFY2(error.contains(QStringLiteral("est endommagée : elle ne peut pas être restaurée")), qPrintable(error));
    QVERIFY(keptAside.isEmpty());
    QCOMPARE(snapshot(f.path()), before);
    QVERIFY(!QFileInfo::exists(Backups::folderOf(f.path())));
    for (const QString &name : QDir(f.dir.path()).entryList(QDir::Files | QDir::Hidden))
        QVERIFY2(!name.startsWith(QLatin1Char('.')), qPrintable(name));
}

void TestBackups::foreignFiles_areRefused_baseUntouched()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(20, 3));
    f.store.close();
    const QByteArray before = snapshot(f.path());
    QTemporaryDir other;

    // Another program's SQLite base.
    const QString foreign = other.filePath(QStringLiteral("photos.sqlite"));
    {
        const QString name = Connection::uniqueName(QStringLiteral("tst-foreign"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(foreign);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE photos (id INTEGER PRIMARY KEY, nom TEXT)")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 3")));
        }
        Connection::remove(name);
    }
    // A text file, and a file that does not exist.
    const QString text = other.filePath(QStringLiteral("notes.sqlite"));
    {
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("Rendez-vous mardi avec Mme Martin.\n").repeated(200));
    }
    const QString missing = other.filePath(QStringLiteral("absent.sqlite"));

    QString error;
    QString keptAside;
    QVERIFY(!Backups::restore(foreign, f.path(), &keptAside, &error));
    QCOMPARE(error,
        QStringLiteral("« %1 » n'est pas une sauvegarde Carnet : c'est une base SQLite d'un autre programme.")
            .arg(foreign));
    QVERIFY(!Backups::restore(text, f.path(), &keptAside, &error));
    QVERIFY2(error.startsWith(QStringLiteral("« %1 » n'est pas une sauvegarde Carnet").arg(text)), qPrintable(error));
    QVERIFY(!Backups::restore(missing, f.path(), &keptAside, &error));
    QCOMPARE(error, QStringLiteral("Le fichier « %1 » n'existe pas.").arg(missing));
    QCOMPARE(snapshot(f.path()), before);
}

void TestBackups::newerSchema_isRefused()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(20, 3));
    QTemporaryDir key;
    const QString copy = key.filePath(QStringLiteral("futur.sqlite"));
    QString error;
    QVERIFY(Backups::write(f.path(), copy, &error));
    f.store.close();
    {
        const QString name = Connection::uniqueName(QStringLiteral("tst-newer"));
        {
            QSqlDatabase db = Connection::open(name, copy, Connection::Mode::ReadWrite, &error);
            QVERIFY(db.isOpen());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(Migrations::LatestVersion + 1)));
        }
        Connection::remove(name);
    }
    const QByteArray before = snapshot(f.path());
    QString keptAside;
    QVERIFY(!Backups::restore(copy, f.path(), &keptAside, &error));
    QVERIFY2(error.startsWith(QStringLiteral("« %1 » vient d'une version plus récente de Carnet (schéma %2")
                                  .arg(copy)
                                  .arg(Migrations::LatestVersion + 1)),
        qPrintable(error));
    QCOMPARE(snapshot(f.path()), before);
}

void TestBackups::beforeMigration_keepsTheOldSchema()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    QString error;
    const QString name = Connection::uniqueName(QStringLiteral("tst-old"));
    {
        QSqlDatabase db = Connection::open(name, path, Connection::Mode::ReadWrite, &error);
        QVERIFY(db.isOpen());
        QVERIFY2(Migrations::migrate(db, 0, &error, 3), qPrintable(error));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO lieux (id, nom, creation, modification) VALUES "
                                      "('l1', 'Mairie', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')")));
        // A new, empty base has nothing to keep.
        QVERIFY(Backups::beforeMigration(db, path, 0, &error));
        QVERIFY(!QFileInfo::exists(Backups::folderOf(path)));
        QVERIFY2(Backups::beforeMigration(db, path, 3, &error), qPrintable(error));
    }
    Connection::remove(name);
    const QList<Backups::Info> copies = Backups::list(path);
    QCOMPARE(copies.size(), 1);
    QCOMPARE(copies.constFirst().kind, Backups::Info::Kind::BeforeMigration);
    QCOMPARE(copies.constFirst().schemaVersion, 3);
    QVERIFY2(QFileInfo(copies.constFirst().filePath).fileName().startsWith(QStringLiteral("carnet-avant-schema-3-")),
        qPrintable(copies.constFirst().filePath));
    QCOMPARE(rowsOf(copies.constFirst().filePath), rowsOf(path));
}

void TestBackups::write_refusesAMissingFolderAndTheBaseItself()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(10, 3));
    QString error;
    const QString nowhere = f.dir.filePath(QStringLiteral("cle-absente/copie.sqlite"));
    QVERIFY(!Backups::write(f.path(), nowhere, &error));
    QCOMPARE(error,
        QStringLiteral("Le dossier « %1 » n'existe pas : la sauvegarde n'a pas été écrite.")
            .arg(f.dir.filePath(QStringLiteral("cle-absente"))));
    QVERIFY(!Backups::write(f.path(), f.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("est la base elle-même")), qPrintable(error));
    QVERIFY(!Backups::write(
        f.dir.filePath(QStringLiteral("autre.sqlite")), f.dir.filePath(QStringLiteral("x.sqlite")), &error));
    QVERIFY2(error.contains(QStringLiteral("n'existe pas : rien à sauvegarder")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(f.dir.filePath(QStringLiteral("x.sqlite"))));
}

void TestBackups::write_onAFullDisk_saysSo_andLeavesTheTargetAsItWas()
{
    // A real full disk: a USB key of 512 KiB (a small tmpfs, where the test may mount one).
    ScratchDisk key(512 * 1024);
    if (!key.available())
        QSKIP("cannot mount a small tmpfs here (not root, or not Linux)");
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(2000, 8));
    const QString target = key.filePath(QStringLiteral("carnet.sqlite"));
    {
        QFile old(target);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("la sauvegarde de la semaine dernière");
    }
    QString error;
    QVERIFY(!Backups::write(f.path(), target, &error));
    QVERIFY2(error.startsWith(
                 QStringLiteral("Le disque est plein : la sauvegarde n'a pas été écrite dans « %1 »").arg(key.path())),
        qPrintable(error));
    QCOMPARE(DamagedFile::bytesOf(target), QByteArray("la sauvegarde de la semaine dernière"));
    QCOMPARE(QDir(key.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("carnet.sqlite")});
}

void TestBackups::orphanJournal_isNeverOpened_andRestoreKeepsItAside()
{
    TestData::Fixture source;
    QVERIFY(fill(source));
    QTemporaryDir key;
    const QString copy = key.filePath(QStringLiteral("copie.sqlite"));
    QString error;
    QVERIFY2(Backups::write(source.path(), copy, &error), qPrintable(error));
    source.store.close();

    QTemporaryDir data;
    const QString base = data.filePath(QStringLiteral("carnet.sqlite"));
    const QString wal = base + QStringLiteral("-wal");
    const QByteArray journal = journalBytes();
    QVERIFY(writeBytes(base, QByteArray()));
    QVERIFY(writeBytes(wal, journal));

    // A copy, the daily one, reading it: refused or blank, the journal as it was.
    const QString target = key.filePath(QStringLiteral("autre.sqlite"));
    QVERIFY(!Backups::write(base, target, &error));
    QVERIFY2(error.contains(QStringLiteral("journal")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(target));
    QCOMPARE(DamagedFile::bytesOf(wal), journal);
    bool written = true;
    error.clear();
    QVERIFY(!Backups::daily(base, 14, QDate(2026, 3, 2), &error, &written));
    QVERIFY(!written);
    QVERIFY2(error.contains(QStringLiteral("journal")), qPrintable(error));
    QCOMPARE(DamagedFile::bytesOf(wal), journal);
    QCOMPARE(Backups::describe(base).schemaVersion, 0);
    QCOMPARE(DamagedFile::bytesOf(wal), journal);

    // A restore moves the pair aside untouched, and listing the copies leaves it so.
    QString keptAside;
    QVERIFY2(Backups::restore(copy, base, &keptAside, &error), qPrintable(error));
    QVERIFY(keptAside.startsWith(Backups::folderOf(base) + QStringLiteral("/carnet-remplacee-")));
    QCOMPARE(QFileInfo(keptAside).size(), 0);
    QCOMPARE(DamagedFile::bytesOf(keptAside + QStringLiteral("-wal")), journal);
    QCOMPARE(rowsOf(base), rowsOf(copy));
    QVERIFY(!QFileInfo::exists(wal));
    Backups::list(base);
    QCOMPARE(DamagedFile::bytesOf(keptAside + QStringLiteral("-wal")), journal);

    // The journal of a missing base is kept aside as well, never deleted.
    QTemporaryDir lost;
    const QString missing = lost.filePath(QStringLiteral("carnet.sqlite"));
    QVERIFY(writeBytes(missing + QStringLiteral("-wal"), journal));
    QVERIFY(!Backups::write(missing, target, &error));
    QCOMPARE(DamagedFile::bytesOf(missing + QStringLiteral("-wal")), journal);
    QVERIFY2(Backups::restore(copy, missing, &keptAside, &error), qPrintable(error));
    QVERIFY(!keptAside.isEmpty());
    QCOMPARE(DamagedFile::bytesOf(keptAside + QStringLiteral("-wal")), journal);
    QCOMPARE(rowsOf(missing), rowsOf(copy));
}

void TestBackups::write_overATargetWithItsJournal_givesASoundCopy()
{
    // The target: another base, in WAL mode, whose last writes are still in its -wal.
    TestData::Fixture other;
    QVERIFY(other.openWithDemo(200, 9));
    const QByteArray otherWal = DamagedFile::bytesOf(other.path() + QStringLiteral("-wal"));
    QVERIFY(otherWal.size() > 0);
    const QByteArray otherBase = DamagedFile::bytesOf(other.path());
    other.store.close();
    QTemporaryDir key;
    const QString target = key.filePath(QStringLiteral("copie.sqlite"));
    QVERIFY(writeBytes(target, otherBase));
    QVERIFY(writeBytes(target + QStringLiteral("-wal"), otherWal));

    TestData::Fixture f;
    QVERIFY(fill(f));
    QString error;
    QVERIFY2(Backups::write(f.path(), target, &error), qPrintable(error));
    Backups::Info info;
    QVERIFY2(Backups::verify(target, &info, &error), qPrintable(error));
    QCOMPARE(info.activities, f.store.counts().activites());
    QCOMPARE(rowsOf(target), rowsOf(f.path()));
    QVERIFY(
        !QFileInfo::exists(target + QStringLiteral("-wal")) || QFileInfo(target + QStringLiteral("-wal")).size() == 0);
}

void TestBackups::staleTemporaries_areRemoved_freshOnesKept()
{
    TestData::Fixture f;
    QVERIFY(fill(f));
    QTemporaryDir key;
    const QString target = key.filePath(QStringLiteral("copie.sqlite"));
    const QString stale = key.filePath(QStringLiteral(".copie.sqlite.aB3dE9.part"));
    const QString fresh = key.filePath(QStringLiteral(".copie.sqlite.Zy8xW7.part"));
    const QString foreign = key.filePath(QStringLiteral("film.mkv.part")); // another program's
    const QDateTime hoursAgo = QDateTime::currentDateTime().addSecs(-3 * 3600);
    for (const QString &path : {stale, fresh, foreign})
        QVERIFY(writeBytes(path, QByteArray("SQLite format 3\0", 16)));
    QVERIFY(setModified(stale, hoursAgo));
    QVERIFY(setModified(foreign, hoursAgo));
    QString error;
    QVERIFY2(Backups::write(f.path(), target, &error), qPrintable(error));
    QVERIFY(!QFileInfo::exists(stale));
    QVERIFY(QFileInfo::exists(fresh)); // maybe a copy being written by another program
    QVERIFY(QFileInfo::exists(foreign));

    // The daily copy in the backups folder: any copy's leftovers there.
    QVERIFY(QDir().mkpath(Backups::folderOf(f.path())));
    const QString staleDaily
        = QDir(Backups::folderOf(f.path())).filePath(QStringLiteral(".carnet-2026-02-27.sqlite.q1W2e3.part"));
    QVERIFY(writeBytes(staleDaily, QByteArray(100, 'x')));
    QVERIFY(setModified(staleDaily, hoursAgo));
    QVERIFY2(Backups::daily(f.path(), 14, QDate(2026, 3, 2), &error), qPrintable(error));
    QVERIFY(!QFileInfo::exists(staleDaily));

    // A killed restore's or salvage's temporary base beside the base.
    f.store.close();
    const QString staleRestore = f.dir.filePath(QStringLiteral(".carnet-restauration.Qw12Er.sqlite"));
    const QString staleSalvage = f.dir.filePath(QStringLiteral(".carnet-recuperation.Ty34Ui.sqlite-journal"));
    for (const QString &path : {staleRestore, staleSalvage}) {
        QVERIFY(writeBytes(path, QByteArray(100, 'x')));
        QVERIFY(setModified(path, hoursAgo));
    }
    QString keptAside;
    QVERIFY2(Backups::restore(target, f.path(), &keptAside, &error), qPrintable(error));
    QVERIFY(!QFileInfo::exists(staleRestore));
    QVERIFY(!QFileInfo::exists(staleSalvage));
}

QTEST_GUILESS_MAIN(TestBackups)
#include "tst_backups.moc"
