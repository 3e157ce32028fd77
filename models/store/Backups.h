#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

// Copies of the base: the daily automatic one and the one before each schema migration, both in the data folder's
// "sauvegardes" sub-folder (0700, files 0600), and the ones the mediator writes to a chosen file (a USB key). Every
// copy is consistent (SQLite's VACUUM INTO, which reads one snapshot while the window keeps working) and written to a
// temporary file renamed at the end, so a failed or interrupted copy leaves nothing half-written at its destination.
namespace Backups {

constexpr const char *FolderName = "sauvegardes";
constexpr int DefaultKeepDays = 14;

struct Info
{
    enum class Kind {
        Daily, // carnet-AAAA-MM-JJ.sqlite, removed after keepDays
        BeforeMigration, // carnet-avant-schema-N-…
        Replaced, // carnet-remplacee-…: the base a restore replaced
        Damaged, // carnet-endommagee-…: the damaged base a salvage replaced
        Other, // a file the mediator wrote or put there
    };
    QString filePath;
    Kind kind = Kind::Other;
    QDateTime created; // local time, from the file's name for automatic copies, else its modification time
    int schemaVersion = 0;
    qint64 activities = 0; // non-deleted ones
};

// The "sauvegardes" folder beside the base at dbFilePath.
QString folderOf(const QString &dbFilePath);

// A consistent copy of the base at dbFilePath at targetFile (replaced when it exists, with its -wal, -shm and -journal
// removed; refused when some program has it open), 0600, through a read-only connection of its own, read again under
// its name before true is returned: callable from any thread (the window runs it on a worker, a copy of a million
// activities takes seconds). French message on failure (disk full, folder not writable...), targetFile then
// untouched. A base that is empty or missing while its -wal holds data (Store::orphanJournal) is refused unopened.
// The stale temporary files of a killed copy to the same folder are removed first.
bool write(const QString &dbFilePath, const QString &targetFile, QString *error);

// The daily copy: when the backups folder holds none from today, writes carnet-AAAA-MM-JJ.sqlite there; then removes
// the daily copies keepDays days old or more, by the day in their names (keepDays = 14 keeps the copies of the last 14
// days; the copies before a migration, of replaced or damaged bases, are never removed; keepDays <= 0: none written,
// none removed). *written tells whether a copy was made.
// Any thread, like write().
bool daily(const QString &dbFilePath, int keepDays, QString *error, bool *written = nullptr);
// The same with the day given (tests; the window passes its clock's).
bool daily(const QString &dbFilePath, int keepDays, const QDate &today, QString *error, bool *written = nullptr);

// Before migrating the base open on db from schema fromVersion: a copy carnet-avant-schema-N-AAAA-MM-JJ-hhmmss.sqlite
// in the backups folder. Called by Store::open, outside any transaction.
bool beforeMigration(const QSqlDatabase &db, const QString &dbFilePath, int fromVersion, QString *error);

// Checks a file before it is restored: an SQLite base that passes integrity_check, with Carnet's application id and a
// schema this version knows. *info describes it. French message naming the file and the problem otherwise.
bool verify(const QString &file, Info *info, QString *error);

// Replaces the base at dbFilePath (no Store may have it open) by a verified copy of backupFile. The current base and
// its -wal and -shm are first moved aside to carnet-remplacee-AAAA-MM-JJ-hhmmss.sqlite in the backups folder
// (*keptAside: its path); an empty or missing base whose -wal holds data is moved aside as it is, never opened. A
// file that fails verify() is refused and the base left untouched.
bool restore(const QString &backupFile, const QString &dbFilePath, QString *keptAside, QString *error);

// The copies in the backups folder of the base at dbFilePath, newest first.
QList<Info> list(const QString &dbFilePath);

// What a copy holds (schema version, non-deleted activities), read without checking it; zeros when unreadable.
Info describe(const QString &file);

// False, with a French message, when another program (a Carnet window, another command) has the base at dbFilePath
// open (Unix: SQLite's locks on the file and its -shm, read with F_GETLK; elsewhere nothing is detected). Call it only
// while this process has no connection of its own on the base: its own locks are not seen, and (POSIX rule) closing
// the descriptor used to look releases them.
bool checkNotInUse(const QString &dbFilePath, QString *error);

// For restore() and Salvage::run, at their start: removes the temporary bases a killed restore or salvage left beside
// the base at dbFilePath (.carnet-restauration.*, .carnet-recuperation.*), those last written more than a minute
// before `started`.
void removeStaleReplacements(const QString &dbFilePath, const QDateTime &started);

// For restore() and Salvage::run: puts newFile (a complete base, no -wal, in the same folder) in the place of the base
// at dbFilePath, whose file, -wal and -shm are first moved into the backups folder as
// <asidePrefix>-AAAA-MM-JJ-hhmmss.sqlite (*keptAside; empty when there was no base). On failure everything is put
// back as it was and newFile stays where it is.
bool replaceBase(
    const QString &dbFilePath, const QString &newFile, const QString &asidePrefix, QString *keptAside, QString *error);
} // namespace Backups
