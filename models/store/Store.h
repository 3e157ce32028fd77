#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Clock.h"
#include "models/domain/Place.h"
#include "models/domain/Profile.h"

#include <QCoreApplication>
#include <QDate>
#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QSqlError;
class QSqlQuery;

struct StoreCounts
{
    qint64 individuels = 0;
    qint64 collectifs = 0;
    qint64 individuelsSupprimes = 0;
    qint64 collectifsSupprimes = 0;
    qint64 beneficiaires = 0;
    qint64 beneficiairesSupprimes = 0;
    qint64 lieux = 0;
    qint64 lieuxArchives = 0;

    qint64 activites() const { return individuels + collectifs; }
};

// Activities (deleted ones included) by where they stand with the national platform.
struct SyncCounts
{
    qint64 pending = 0; // created, changed or deleted here, not yet confirmed by the platform (sending included)
    qint64 pendingDeletions = 0; // among pending: deleted activities (the platform is to be told of the deletion)
    qint64 sent = 0;
    qint64 conflicts = 0;
    qint64 failed = 0;
};

// One activity in the history of a followed beneficiary (what the Bénéficiaires view lists under a person).
struct BeneficiaryActivity
{
    QUuid id;
    QDate date;
    QString type; // Codes::TypeActivite::Individuel or Codes::TypeActivite::Collectif
    int dureeMinutes = 0;
    QString titreAtelier;
    QStringList thematiques;
    QString typeLieu;
    QUuid lieuId;
    CommuneRef lieuCommune;
};

// The SQLite store of one Carnet data folder. One Store is one connection, used by the thread that opened it; a
// second thread (sync) opens its own Store on the same file. Every write runs in a BEGIN IMMEDIATE transaction, so two
// connections wait for each other (busy timeout) instead of deadlocking; every save is atomic.
class Store
{
    Q_DECLARE_TR_FUNCTIONS(Store)

public:
    static constexpr const char *FileName = "carnet.sqlite";

    explicit Store(const Clock &clock = Clock::system());
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    struct OpenOptions
    {
        // false (read commands): a missing base is an error ("ce dossier ne contient pas de base Carnet"), never
        // created.
        bool create = true;
        // PRAGMA quick_check on open for at most this long (a 100,000-activity base is checked whole in about 0.2 s
        // with a warm cache; on a larger one the rest is left to `carnet check`); 0: none. A failure opens the base
        // read-only and damaged.
        int quickCheckMs = 1000;
        // How long a start waits for another program's lock before saying the base is busy (wasBusy()).
        int busyTimeoutMs = 10000;
    };

    // Opens (or creates) the database file, switches WAL and foreign keys on, and brings the schema up to date (under
    // the write lock, after a copy in the backups folder). Refuses, with a French message, a file that is not a Carnet
    // database ("endommagé ou pas une base Carnet") or was made by a newer Carnet. A file or folder this account
    // cannot write, or a damaged base, is opened read-only: isReadOnly() and readOnlyReason() then say why.
    bool open(const QString &filePath, QString *error, const OpenOptions &options);
    bool open(const QString &filePath, QString *error) { return open(filePath, error, OpenOptions()); }
    // For a worker thread (a Store is used by the thread that opened it): opens a base another Store of this process
    // already has open and brought up to date; never creates it, no quick check.
    bool openAnother(const QString &filePath, QString *error)
    {
        OpenOptions options;
        options.create = false;
        options.quickCheckMs = 0;
        return open(filePath, error, options);
    }
    void close();
    bool isOpen() const;
    // Non-empty (a French message) when the base at filePath is empty or missing while its -wal holds data: any
    // SQLite open of it would delete that WAL. Whatever opens a base file (backups, salvage) checks this first.
    static QString orphanJournal(const QString &filePath);
    // The last open() failed because another program held the base locked (the window offers to try again).
    bool wasBusy() const { return m_openBusy; }
    QString filePath() const { return m_filePath; }
    // Said once after open() when the data folder was open to other accounts and has been closed (PrivateFiles);
    // empty otherwise.
    QString privacyNotice() const { return m_privacyNotice; }
    QSqlDatabase database() const;
    int schemaVersion() const;
    // Opened read-only: every write fails with a French message and nothing changes.
    bool isReadOnly() const { return m_readOnly; }
    // Why, in French (the file or folder is read-only, the base is damaged...); empty when writable.
    QString readOnlyReason() const { return m_readOnlyReason; }
    // quick_check failed on open (the first problems found, in French, in damage()): the way out is Backups::restore
    // or Salvage::run, on the closed base.
    bool isDamaged() const { return !m_damage.isEmpty(); }
    QStringList damage() const { return m_damage; }

    // While a write waits for another program's lock on the base: called about every 100 ms with the time waited so
    // far, from the writing thread, between two attempts (no statement of this store is running then, so it may read
    // the store, process events and show "Base occupée, nouvel essai…"). Returning false gives up: the write fails
    // with the "occupée" message and nothing is written. Default (unset): wait up to Connection::BusyTimeoutMs.
    void setBusyWait(std::function<bool(int waitedMs)> wait);
    // For a connection whose every write can be done again (the sync engine's: an answer lost is a resend the server
    // answers as identical, a page lost is read again): commits not synced to the disk one by one (synchronous
    // NORMAL in WAL mode: a power cut may lose the last ones, never damage the base), so that its transactions are
    // short and a save of the window never waits long behind them. Every other connection stays FULL. Its write
    // transactions also give way: one does not begin while another connection of this process waits to write
    // (WriteTransaction), so that a save waits for at most the transaction running, not a run of them.
    void setRedoableCommits();
    const Clock &clock() const { return m_clock; }

    // Activities. save* validates, stamps creation/modification (UTC) and marks the activity pending for sync.
    bool saveActivity(Activity &activity, QString *error);
    std::optional<Activity> activity(const QUuid &id) const;
    // Those of these ids the base holds, read in two statements whatever their number (the sync's batches).
    QHash<QUuid, Activity> activities(const QList<QUuid> &ids) const;
    bool deleteActivity(const QUuid &id, QString *error); // soft: the row stays, marked deleted
    bool restoreActivity(const QUuid &id, QString *error);
    // Visits every activity, deleted ones included, in date order; stops early when visit returns false.
    bool forEachActivity(const std::function<bool(const Activity &)> &visit, QString *error) const;
    // Inserts many new activities in one transaction through the set-wise path of BulkWriter (what `carnet demo`
    // does; imports use a BulkWriter of their own). With validate, refuses the whole batch when one activity is
    // invalid, naming it.
    bool insertActivities(QList<Activity> &batch, bool validate, QString *error);

    bool saveBeneficiary(Beneficiary &beneficiary, QString *error);
    std::optional<Beneficiary> beneficiary(const QUuid &id) const;
    QList<Beneficiary> beneficiaries(bool includeDeleted = false) const;
    // Deletes a followed beneficiary as the platform does (supprimer-beneficiaires.mutation.ts): the record is
    // anonymised, not removed. Name, first name, phone, e-mail and notes are erased; the public fields the statistics
    // count (genre, année de naissance, tranche d'âge, statut, commune de résidence) stay, and so does every activity
    // that names them: they remain one person in the counts, an anonymous one (StatsEngine.h). Their activities are
    // marked pending for sync. One transaction.
    bool deleteBeneficiary(const QUuid &id, QString *error);
    // Merges two records of one person. The activities and workshop participations of duplicate move to keep (a
    // workshop listing both keeps keep only, so its accompagnements drop by one: it was one person counted twice);
    // empty fields of keep are filled from duplicate (notes are joined); duplicate is then left as
    // an empty tombstone. Changed activities are marked pending for sync. One transaction.
    bool mergeBeneficiaries(const QUuid &keep, const QUuid &duplicate, QString *error);
    // The non-deleted activities of a followed beneficiary (individual or as a workshop participant), newest first.
    QList<BeneficiaryActivity> activitiesOfBeneficiary(const QUuid &id) const;
    // Non-deleted activities per followed beneficiary (individual and workshops); beneficiaries without any absent.
    QHash<QUuid, int> activityCountsByBeneficiary() const;

    bool savePlace(Place &place, QString *error);
    std::optional<Place> place(const QUuid &id) const;
    QList<Place> places(bool includeArchived = true) const;
    // Archives (no longer proposed for new activities; past ones keep it) or reactivates a place.
    bool archivePlace(const QUuid &id, bool archived, QString *error);
    // Non-deleted activities held at a place of activity.
    int activityCountForPlace(const QUuid &id) const;
    QHash<QUuid, int> activityCountsByPlace() const; // places without activities absent

    Profile profile() const;
    bool saveProfile(const Profile &profile, QString *error);

    StoreCounts counts() const;
    bool hasActivities() const; // non-deleted ones
    // The date of the earliest non-deleted activity (the date index's first entries); invalid without any.
    QDate firstActivityDate() const;
    SyncCounts syncCounts() const; // from the running counts: instant on a million activities
    // Rebuilds the statistics' copy of the activities (StatsCopySchema.h) from them, in one write transaction: the
    // repair of `carnet check --reparer` (the copy holds nothing that the activities do not).
    bool rebuildStatistics(QString *error);

    // The values of an activity's row, in the order of activityInsertSql()'s placeholders (what every write binds),
    // and the bare statements; for tools that insert rows themselves (the benchmark's floor).
    static QVariantList activityRow(const Activity &activity);
    static const QString &activityInsertSql();
    static QString participantInsertSql(); // (activite_id, beneficiaire_id, position)

    // A French sentence for a database error, naming the file (disk full, read-only, corrupt, busy...), with what it
    // means for the write that failed ("rien n'a été enregistré": one transaction, rolled back).
    QString describe(const QSqlError &error) const;
    // The cause alone of the last error describe() told (for a long job whose earlier transactions were committed,
    // where "rien n'a été enregistré" would be false).
    QString lastCause() const { return m_lastCause; }

private:
    friend class BulkWriter; // its transaction is a WriteTransaction
    friend class SyncLedger; // likewise
    class WriteTransaction;
    bool openConnection(const OpenOptions &options, QString *error);
    // PRAGMA quick_check for at most budgetMs; the problems found, in French.
    QStringList quickCheck(int budgetMs) const;
    bool checkReferences(const Activity &activity, QString *error) const;
    bool writeActivity(QSqlQuery &row, QSqlQuery &participants, QSqlQuery *clearParticipants, const Activity &activity,
        QString *error);
    bool prepare(QSqlQuery &query, const QString &sql, QString *error) const;
    bool setDeleted(const QUuid &id, bool deleted, QString *error);
    // keepPublic: a deletion keeps what the statistics count; a merged duplicate, which no activity names any more,
    // keeps nothing.
    bool eraseBeneficiary(const QUuid &id, bool keepPublic, QString *error);
    // After an erasure: the WAL checkpointed and truncated, so that no copy of an erased page stays in it.
    void forgetErasedPages();
    bool exec(QSqlQuery &query, QString *error) const;

    const Clock &m_clock;
    QString m_connectionName;
    QString m_filePath;
    QString m_privacyNotice;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    QStringList m_damage;
    bool m_openBusy = false;
    mutable QString m_lastCause;
    std::function<bool(int waitedMs)> m_busyWait;
    bool m_redoable = false; // setRedoableCommits(): this connection gives way to the others of the process
};
