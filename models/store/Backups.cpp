#include "models/store/Backups.h"

#include "models/store/Connection.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/Migrations.h"
#include "models/store/PrivateFiles.h"
#include "models/store/Store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryFile>

#include <algorithm>
#include <filesystem>
#include <system_error>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace Backups {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Backups", text);
}

constexpr const char *kDailyPrefix = "carnet-";
constexpr const char *kTimeFormat = "yyyy-MM-dd-HHmmss";
const char *const kJournals[] = {"-wal", "-shm"};

QString nativeName(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

std::filesystem::path fsPath(const QString &path)
{
#ifdef Q_OS_WIN
    return std::filesystem::path(path.toStdWString());
#else
    return std::filesystem::path(QFile::encodeName(path).toStdString());
#endif
}

// rename(2): replaces `to` when it exists, atomically on one file system.
bool renameFile(const QString &from, const QString &to)
{
    std::error_code ec;
    std::filesystem::rename(fsPath(from), fsPath(to), ec);
    return !ec;
}

// What is written is on the disk before it is given a name that says it is complete.
void syncFile(const QString &path)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(path);
#endif
}

void syncFolder(const QString &folder)
{
    syncFile(folder);
}

int primaryCode(const QSqlError &error)
{
    return error.nativeErrorCode().toInt() & 0xff;
}

// A consistent copy of the base at `source`, through a connection of its own, into `temporary` (an empty file).
bool vacuumInto(const QString &source, const QString &temporary, QString *error)
{
    // Opening an empty or missing base would delete the journal beside it.
    if (const QString orphan = Store::orphanJournal(source); !orphan.isEmpty()) {
        *error = orphan;
        return false;
    }
    if (!QFileInfo::exists(source)) {
        *error = tr("La base « %1 » n'existe pas : rien à sauvegarder.").arg(nativeName(source));
        return false;
    }
    Connection::ScopedReader reader(QStringLiteral("carnet-backup"), source);
    if (!reader.isOpen()) {
        *error = tr("La base « %1 » n'a pas pu être lue pour la sauvegarde (détail technique : %2).")
                     .arg(nativeName(source), reader.error());
        return false;
    }
    QSqlQuery q(reader.database());
    // The file stays opened read-only; query_only would refuse VACUUM INTO, which writes only its target.
    q.exec(QStringLiteral("PRAGMA query_only = 0"));
    q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
    if (q.prepare(QStringLiteral("VACUUM INTO ?"))) {
        q.addBindValue(temporary);
        if (q.exec())
            return true;
    }
    const QSqlError e = q.lastError();
    switch (primaryCode(e)) {
    case 13: // SQLITE_FULL
        *error = tr("Le disque est plein : la sauvegarde n'a pas été écrite dans « %1 ». Libérez de la place (ou "
                    "choisissez un autre support) puis réessayez.")
                     .arg(nativeName(QFileInfo(temporary).absolutePath()));
        break;
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        *error = tr("La base « %1 » est endommagée : elle n'a pas pu être sauvegardée. Restaurez une sauvegarde "
                    "(« carnet restaurer ») ou récupérez ce qui est lisible (« carnet recuperer »).")
                     .arg(nativeName(source));
        break;
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        *error = tr("La base « %1 » est occupée par un autre programme : la sauvegarde n'a pas été écrite. "
                    "Réessayez dans un instant.")
                     .arg(nativeName(source));
        break;
    case 8: // SQLITE_READONLY
    case 3: // SQLITE_PERM
    case 14: // SQLITE_CANTOPEN
        *error = tr("Le dossier « %1 » n'accepte pas l'écriture : la sauvegarde n'a pas été écrite.")
                     .arg(nativeName(QFileInfo(temporary).absolutePath()));
        break;
    case 10: // SQLITE_IOERR
        *error = tr("Erreur d'écriture sur le disque : la sauvegarde n'a pas été écrite dans « %1 » (détail "
                    "technique : %2).")
                     .arg(nativeName(QFileInfo(temporary).absolutePath()), e.text());
        break;
    default:
        *error = tr("La sauvegarde n'a pas pu être écrite (détail technique : %1).").arg(e.text());
        break;
    }
    return false;
}

QString stamp(const QDateTime &when)
{
    return when.toString(QLatin1String(kTimeFormat));
}

// `folder`/`prefix`-AAAA-MM-JJ-hhmmss.sqlite, with -2, -3... when that name is taken (by the file or its journals).
QString freeName(const QString &folder, const QString &prefix, const QDateTime &when)
{
    const QString base = QDir(folder).filePath(prefix + QLatin1Char('-') + stamp(when));
    QString name = base + QStringLiteral(".sqlite");
    for (int n = 2; QFileInfo::exists(name) || QFileInfo::exists(name + QLatin1String("-wal")); ++n)
        name = base + QStringLiteral("-%1.sqlite").arg(n);
    return name;
}

bool makeBackupFolder(const QString &dbFilePath, QString *error)
{
    return PrivateFiles::makeFolder(folderOf(dbFilePath), nullptr, error);
}

const QRegularExpression &dailyPattern()
{
    static const QRegularExpression re(QStringLiteral("^carnet-(\\d{4}-\\d{2}-\\d{2})\\.sqlite$"));
    return re;
}

const QRegularExpression &stampedPattern()
{
    static const QRegularExpression re(QStringLiteral(
        "^carnet-(avant-schema-\\d+|remplacee|endommagee)-(\\d{4}-\\d{2}-\\d{2}-\\d{6})(?:-\\d+)?\\.sqlite$"));
    return re;
}

// The kind and the time of a copy, from its name.
void nameInfo(const QFileInfo &file, Info *info)
{
    info->filePath = file.absoluteFilePath();
    info->created = file.lastModified();
    info->kind = Info::Kind::Other;
    const QString name = file.fileName();
    QRegularExpressionMatch m = dailyPattern().match(name);
    if (m.hasMatch()) {
        const QDate day = QDate::fromString(m.captured(1), Qt::ISODate);
        if (day.isValid()) {
            info->kind = Info::Kind::Daily;
            // The name has the day; the file's time is the hour when it is that day's.
            if (info->created.date() != day)
                info->created = QDateTime(day, QTime(0, 0));
        }
        return;
    }
    m = stampedPattern().match(name);
    if (m.hasMatch()) {
        const QDateTime when = QDateTime::fromString(m.captured(2), QLatin1String(kTimeFormat));
        if (when.isValid())
            info->created = when;
        const QString kind = m.captured(1);
        info->kind = kind.startsWith(QLatin1String("avant")) ? Info::Kind::BeforeMigration
            : kind == QLatin1String("remplacee")             ? Info::Kind::Replaced
                                                             : Info::Kind::Damaged;
    }
}

// The first of integrity_check's problems, in French, and how many there are.
QString firstProblem(QSqlQuery &q, int *count)
{
    QString first;
    *count = 0;
    while (q.next()) {
        const QStringList problems = IntegrityChecker::describeSqliteProblems(q.value(0).toString());
        if (first.isEmpty() && !problems.isEmpty())
            first = problems.constFirst();
        *count += static_cast<int>(problems.size());
    }
    return first;
}

// Checks `file` and fills *info; messages name `shownName` (the file the user chose).
bool verifyFile(const QString &file, const QString &shownName, bool fullCheck, Info *info, QString *error)
{
    const QFileInfo fi(file);
    const QString name = nativeName(shownName);
    if (!fi.exists()) {
        *error = tr("Le fichier « %1 » n'existe pas.").arg(name);
        return false;
    }
    if (!fi.isFile() || !fi.isReadable()) {
        *error = tr("Le fichier « %1 » ne peut pas être lu.").arg(name);
        return false;
    }
    {
        QFile f(file);
        const QByteArray header = f.open(QIODevice::ReadOnly) ? f.read(16) : QByteArray();
        if (header != QByteArray("SQLite format 3\0", 16)) {
            *error = tr("« %1 » n'est pas une sauvegarde Carnet (ce n'est pas une base SQLite, ou son début est "
                        "détruit).")
                         .arg(name);
            return false;
        }
    }
    Connection::ScopedReader reader(QStringLiteral("carnet-verify"), file);
    if (!reader.isOpen()) {
        *error = tr("« %1 » n'a pas pu être ouvert (détail technique : %2).").arg(name, reader.error());
        return false;
    }
    QSqlQuery q(reader.database());
    q.setForwardOnly(true);
    const auto pragma = [&](const QString &sql, QVariant *value) {
        if (!q.exec(sql) || !q.next())
            return false;
        *value = q.value(0);
        return true;
    };
    QVariant appId, version;
    if (!pragma(QStringLiteral("PRAGMA application_id"), &appId)
        || !pragma(QStringLiteral("PRAGMA user_version"), &version)) {
        const int code = primaryCode(q.lastError());
        *error = code == 26 ? tr("« %1 » n'est pas une sauvegarde Carnet (ce n'est pas une base SQLite).").arg(name)
                            : tr("« %1 » est endommagée : elle ne peut pas être restaurée (détail technique : %2).")
                                  .arg(name, q.lastError().text());
        return false;
    }
    if (appId.toInt() != Migrations::ApplicationId) {
        *error = tr("« %1 » n'est pas une sauvegarde Carnet : c'est une base SQLite d'un autre programme.").arg(name);
        return false;
    }
    const int schema = version.toInt();
    if (schema > Migrations::LatestVersion) {
        *error = tr("« %1 » vient d'une version plus récente de Carnet (schéma %2, cette version connaît le schéma %3 "
                    "au plus) : installez la dernière version de Carnet pour la restaurer.")
                     .arg(name)
                     .arg(schema)
                     .arg(Migrations::LatestVersion);
        return false;
    }
    if (schema < 1) {
        *error = tr("« %1 » n'est pas une sauvegarde Carnet : la base est vide.").arg(name);
        return false;
    }
    if (fullCheck) {
        if (!q.exec(QStringLiteral("PRAGMA integrity_check"))) {
            *error = tr("« %1 » est endommagée : elle ne peut pas être restaurée (détail technique : %2).")
                         .arg(name, q.lastError().text());
            return false;
        }
        int count = 0;
        const QString first = firstProblem(q, &count);
        if (count > 0) {
            *error = tr("« %1 » est endommagée : elle ne peut pas être restaurée (%2 ; %3).")
                         .arg(name, count == 1 ? tr("1 problème") : tr("%1 problèmes").arg(count), first);
            return false;
        }
    }
    q.finish();
    if (info) {
        *info = describe(file);
        info->filePath = QFileInfo(shownName).absoluteFilePath();
    }
    return true;
}

// Writes the base's WAL into it and empties it (nothing when it has none or cannot be opened).
void checkpoint(const QString &base)
{
    const QFileInfo wal(base + QLatin1String("-wal"));
    if (!QFileInfo::exists(base) || !wal.exists() || wal.size() == 0 || !Store::orphanJournal(base).isEmpty())
        return;
    const QString name = Connection::uniqueName(QStringLiteral("carnet-checkpoint"));
    QString message;
    {
        QSqlDatabase db = Connection::open(name, base, Connection::Mode::ReadWrite, &message);
        if (db.isOpen()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
    }
    Connection::remove(name);
}

// What a killed copy, restore or salvage left in `folder`: the files matching `patterns` last written before
// `started` by more than a minute (a copy being written is written to all the time) are removed.
void removeStale(const QString &folder, const QStringList &patterns, const QDateTime &started)
{
    const QDateTime limit = started.addSecs(-60);
    const QFileInfoList files = QDir(folder).entryInfoList(patterns, QDir::Files | QDir::Hidden | QDir::System);
    for (const QFileInfo &file : files) {
        if (file.lastModified() < limit)
            QFile::remove(file.absoluteFilePath());
    }
}

// The temporary files of restore() and Salvage::run, in the base's folder, with their journals.
const QStringList &replacementTemporaries()
{
    static const QStringList patterns{
        QStringLiteral(".carnet-restauration.*"), QStringLiteral(".carnet-recuperation.*")};
    return patterns;
}

#ifdef Q_OS_UNIX
// Whether another process holds any of SQLite's locks in [start, start + length) of `file` (F_GETLK never reports
// this process's own locks, and the descriptor is opened and closed only when nothing of ours is on the file).
bool lockedByOther(const QString &file, off_t start, off_t length)
{
    const int fd = ::open(QFile::encodeName(file).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct flock lock = {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = start;
    lock.l_len = length;
    const bool held = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
    ::close(fd);
    return held;
}
#endif

} // namespace

QString folderOf(const QString &dbFilePath)
{
    return QDir(QFileInfo(dbFilePath).absolutePath()).filePath(QLatin1String(FolderName));
}

bool write(const QString &dbFilePath, const QString &targetFile, QString *error)
{
    if (targetFile.trimmed().isEmpty()) {
        *error = tr("Aucun fichier de sauvegarde donné.");
        return false;
    }
    const QFileInfo target(targetFile);
    const QString folder = target.absolutePath();
    if (!QFileInfo(folder).isDir()) {
        *error = tr("Le dossier « %1 » n'existe pas : la sauvegarde n'a pas été écrite.").arg(nativeName(folder));
        return false;
    }
    if (target.isDir()) {
        *error = tr("« %1 » est un dossier : donnez le nom du fichier de la sauvegarde.").arg(nativeName(targetFile));
        return false;
    }
    const QString base = QFileInfo(dbFilePath).absoluteFilePath();
    const QString targetPath = target.absoluteFilePath();
    for (const QString &own : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (targetPath == base + own
            || (target.exists() && target.canonicalFilePath() == QFileInfo(base + own).canonicalFilePath())) {
            *error = tr("« %1 » est la base elle-même : choisissez un autre fichier pour la sauvegarde.")
                         .arg(nativeName(targetFile));
            return false;
        }
    }

    // What a killed copy to the same file (or, in the backups folder, to any copy of the base) left there.
    QStringList stale{QStringLiteral(".%1.??????.part").arg(target.fileName())};
    if (QDir(folder) == QDir(folderOf(base)))
        stale << QStringLiteral(".carnet-*.??????.part");
    removeStale(folder, stale, QDateTime::currentDateTime());

    // Beside the target, so that the final rename stays on one file system; created empty and 0600.
    QTemporaryFile temporary(QDir(folder).filePath(QStringLiteral(".%1.XXXXXX.part").arg(target.fileName())));
    if (!temporary.open()) {
        *error = tr("Le dossier « %1 » n'accepte pas l'écriture : la sauvegarde n'a pas été écrite (%2).")
                     .arg(nativeName(folder), temporary.errorString());
        return false;
    }
    const QString temporaryPath = temporary.fileName();
    temporary.close();
    if (!vacuumInto(base, temporaryPath, error))
        return false;
    QFile::setPermissions(temporaryPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    syncFile(temporaryPath);
    // A file replaced keeps no journal: SQLite would take an old -wal or -journal beside it for the new file's and
    // write it into the copy. A base some program has open is not replaced.
    if (target.exists() && !checkNotInUse(targetPath, error))
        return false;
    for (const char *journal : {"-wal", "-shm", "-journal"}) {
        const QString path = targetPath + QLatin1String(journal);
        if (QFileInfo::exists(path) && !QFile::remove(path)) {
            *error = tr("Le journal « %1 » de l'ancien fichier n'a pas pu être supprimé : la sauvegarde n'a pas été "
                        "écrite.")
                         .arg(nativeName(path));
            return false;
        }
    }
    if (!renameFile(temporaryPath, targetPath)) {
        *error = tr("La sauvegarde n'a pas pu être nommée « %1 » : ce fichier est peut-être en lecture seule.")
                     .arg(nativeName(targetPath));
        return false;
    }
    temporary.setAutoRemove(false);
    syncFolder(folder);
    // Read again under its name before it is said written.
    QString message;
    if (!verifyFile(targetPath, targetPath, false, nullptr, &message)) {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(targetPath + suffix);
        *error = tr("La sauvegarde écrite dans « %1 » ne se relit pas : elle a été supprimée. %2")
                     .arg(nativeName(targetPath), message);
        return false;
    }
    return true;
}

bool daily(const QString &dbFilePath, int keepDays, QString *error, bool *written)
{
    return daily(dbFilePath, keepDays, QDate::currentDate(), error, written);
}

bool daily(const QString &dbFilePath, int keepDays, const QDate &today, QString *error, bool *written)
{
    if (written)
        *written = false;
    if (keepDays <= 0)
        return true;
    if (!makeBackupFolder(dbFilePath, error))
        return false;
    const QDir folder(folderOf(dbFilePath));
    const QString todays
        = folder.filePath(QLatin1String(kDailyPrefix) + today.toString(Qt::ISODate) + QStringLiteral(".sqlite"));
    if (!QFileInfo::exists(todays)) {
        if (!write(dbFilePath, todays, error))
            return false;
        if (written)
            *written = true;
    }
    // Only the daily copies age out: the ones before a migration, replaced or damaged bases stay until removed by hand.
    const QStringList names = folder.entryList({QStringLiteral("carnet-*.sqlite")}, QDir::Files);
    for (const QString &name : names) {
        const QRegularExpressionMatch m = dailyPattern().match(name);
        if (!m.hasMatch())
            continue;
        const QDate day = QDate::fromString(m.captured(1), Qt::ISODate);
        if (day.isValid() && day.daysTo(today) >= keepDays)
            QFile::remove(folder.filePath(name));
    }
    return true;
}

bool beforeMigration(const QSqlDatabase &db, const QString &dbFilePath, int fromVersion, QString *error)
{
    Q_UNUSED(db); // the copy reads the last committed state through a connection of its own
    if (fromVersion <= 0)
        return true; // a new, empty base: nothing to keep
    if (!makeBackupFolder(dbFilePath, error))
        return false;
    const QString target = freeName(
        folderOf(dbFilePath), QStringLiteral("carnet-avant-schema-%1").arg(fromVersion), QDateTime::currentDateTime());
    QString message;
    if (!write(dbFilePath, target, &message)) {
        *error = tr("La base n'a pas été mise à jour : la copie de sécurité qui précède la mise à jour n'a pas pu "
                    "être écrite. %1")
                     .arg(message);
        return false;
    }
    return true;
}

bool verify(const QString &file, Info *info, QString *error)
{
    return verifyFile(file, file, true, info, error);
}

Info describe(const QString &file)
{
    Info info;
    nameInfo(QFileInfo(file), &info);
    if (!Store::orphanJournal(file).isEmpty())
        return info; // opening it would delete its journal
    Connection::ScopedReader reader(QStringLiteral("carnet-describe"), file);
    if (!reader.isOpen())
        return info;
    QSqlQuery q(reader.database());
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        info.schemaVersion = q.value(0).toInt();
    // The running counts (schema 3 on) answer at once; an older copy is counted.
    if (q.exec(QStringLiteral("SELECT total(n) FROM activites_compteurs WHERE supprime = 0")) && q.next())
        info.activities = q.value(0).toLongLong();
    else if (q.exec(QStringLiteral("SELECT count(*) FROM activites WHERE suppression IS NULL")) && q.next())
        info.activities = q.value(0).toLongLong();
    return info;
}

QList<Info> list(const QString &dbFilePath)
{
    QList<Info> copies;
    const QDir folder(folderOf(dbFilePath));
    const QFileInfoList files = folder.entryInfoList({QStringLiteral("*.sqlite")}, QDir::Files);
    for (const QFileInfo &file : files)
        copies.append(describe(file.absoluteFilePath()));
    std::sort(copies.begin(), copies.end(), [](const Info &a, const Info &b) {
        return a.created != b.created ? a.created > b.created : a.filePath > b.filePath;
    });
    return copies;
}

void removeStaleReplacements(const QString &dbFilePath, const QDateTime &started)
{
    removeStale(QFileInfo(dbFilePath).absolutePath(), replacementTemporaries(), started);
}

bool checkNotInUse(const QString &dbFilePath, QString *error)
{
#ifdef Q_OS_UNIX
    // SQLite's unix locks: the pending, reserved and shared bytes of the base at 1 GiB, and, in WAL mode, every
    // connection's shared hold of the -shm's "dead man switch" byte (128) and its read marks.
    constexpr off_t kPendingByte = 0x40000000;
    if (lockedByOther(dbFilePath, kPendingByte, 2 + 510) || lockedByOther(dbFilePath + QLatin1String("-shm"), 120, 9)) {
        *error = tr("La base « %1 » est ouverte par un autre programme (une fenêtre de Carnet, une autre commande) : "
                    "fermez-le, puis recommencez. Rien n'a été modifié.")
                     .arg(nativeName(dbFilePath));
        return false;
    }
#else
    Q_UNUSED(dbFilePath);
    Q_UNUSED(error);
#endif
    return true;
}

bool replaceBase(
    const QString &dbFilePath, const QString &newFile, const QString &asidePrefix, QString *keptAside, QString *error)
{
    keptAside->clear();
    const QString base = QFileInfo(dbFilePath).absoluteFilePath();
    QString aside;
    // A missing base whose -wal holds data: that journal is kept aside as well, never deleted.
    const bool baseExists = QFileInfo::exists(base);
    if (baseExists || QFileInfo(base + QLatin1String("-wal")).size() > 0) {
        if (!makeBackupFolder(base, error))
            return false;
        aside = freeName(folderOf(base), asidePrefix, QDateTime::currentDateTime());
        // The base gets its second name first (a hard link: both names are the same file), so that at every moment
        // some complete base stands under the base's name, even if the machine stops half-way; where links are not
        // possible, the base is moved.
        bool linked = false;
#ifdef Q_OS_UNIX
        linked = baseExists && ::link(QFile::encodeName(base).constData(), QFile::encodeName(aside).constData()) == 0;
#endif
        if (baseExists && !linked && !renameFile(base, aside)) {
            *error = tr("La base « %1 » n'a pas pu être mise de côté dans « %2 » : rien n'a été modifié.")
                         .arg(nativeName(base), nativeName(folderOf(base)));
            return false;
        }
        QStringList moved; // journals moved aside, to put back on failure
        const auto putBack = [&]() {
            for (const QString &suffix : std::as_const(moved))
                renameFile(aside + suffix, base + suffix);
            if (linked)
                QFile::remove(aside);
            else if (baseExists)
                renameFile(aside, base);
        };
        // The journals go with it: one left beside the new file would be taken for its own.
        for (const char *journal : kJournals) {
            const QString suffix = QLatin1String(journal);
            if (!QFileInfo::exists(base + suffix))
                continue;
            if (!renameFile(base + suffix, aside + suffix)) {
                putBack();
                *error = tr("La base « %1 » n'a pas pu être mise de côté dans « %2 » : rien n'a été modifié.")
                             .arg(nativeName(base), nativeName(folderOf(base)));
                return false;
            }
            moved.append(suffix);
        }
        if (!renameFile(newFile, base)) {
            putBack();
            *error = tr("La nouvelle base n'a pas pu prendre la place de « %1 » : rien n'a été modifié.")
                         .arg(nativeName(base));
            return false;
        }
        *keptAside = aside;
    } else {
        for (const char *journal : kJournals)
            QFile::remove(base + QLatin1String(journal));
        if (!renameFile(newFile, base)) {
            *error = tr("La nouvelle base n'a pas pu être écrite à la place de « %1 ».").arg(nativeName(base));
            return false;
        }
    }
    QFile::setPermissions(base, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    syncFolder(QFileInfo(base).absolutePath());
    if (!aside.isEmpty())
        syncFolder(folderOf(base));
    return true;
}

bool restore(const QString &backupFile, const QString &dbFilePath, QString *keptAside, QString *error)
{
    keptAside->clear();
    const QString base = QFileInfo(dbFilePath).absoluteFilePath();
    if (QFileInfo(backupFile).absoluteFilePath() == base) {
        *error = tr("« %1 » est la base elle-même : choisissez une sauvegarde.").arg(nativeName(backupFile));
        return false;
    }
    if (!verify(backupFile, nullptr, error))
        return false;
    const QString folder = QFileInfo(base).absolutePath();
    if (!PrivateFiles::makeFolder(folder, nullptr, error))
        return false;
    if (!checkNotInUse(base, error))
        return false;
    removeStaleReplacements(base, QDateTime::currentDateTime());

    // A fresh consistent copy beside the base (it reads the backup's own journal if it has one), checked again
    // briefly, then renamed into place.
    QTemporaryFile temporary(QDir(folder).filePath(QStringLiteral(".carnet-restauration.XXXXXX.sqlite")));
    if (!temporary.open()) {
        *error = tr("Le dossier des données « %1 » n'accepte pas l'écriture : rien n'a été restauré.")
                     .arg(nativeName(folder));
        return false;
    }
    const QString temporaryPath = temporary.fileName();
    temporary.close();
    QString message;
    if (!vacuumInto(QFileInfo(backupFile).absoluteFilePath(), temporaryPath, &message)) {
        *error = tr("Rien n'a été restauré : %1").arg(message);
        return false;
    }
    if (!verifyFile(temporaryPath, backupFile, false, nullptr, &message)) {
        *error = tr("Rien n'a été restauré : %1").arg(message);
        return false;
    }
    QFile::setPermissions(temporaryPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    syncFile(temporaryPath);
    // What the base's journal holds written into the base first: were the machine to stop between the moves below,
    // the base left in place would still be whole. An empty base beside a journal holding data is not opened (that
    // would delete the journal): both are moved aside as they are.
    checkpoint(base);
    if (!replaceBase(base, temporaryPath, QStringLiteral("carnet-remplacee"), keptAside, error))
        return false;
    temporary.setAutoRemove(false);
    return true;
}

} // namespace Backups
