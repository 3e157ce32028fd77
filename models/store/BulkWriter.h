#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Place.h"
#include "models/store/Store.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

// Many records written in one write transaction at close to the speed of SQLite: what `carnet demo`, the imports, the
// structure's merge and the sync's pull use (Store::insertActivities is one writer with one call).
//
// The transaction is taken by begin() (BEGIN IMMEDIATE, as every write of the store) and held until commit(); the
// destructor, a failed call or a cancellation roll it back, so nothing is half-written. Any number of calls may run
// in between (places, beneficiaries, activities), all in the same transaction.
//
// The set-wise path: per-row triggers keep the running counts (activites_compteurs) and the statistics' copy
// (activites_stats, stats_valeurs) of every single save. For a batch of activities the writer sets aside the triggers
// that fire on an insert (StatsCopySchema::bulkTriggers()), inserts the rows and their participants with one prepared
// statement each, then adds the whole batch to the derived tables with one statement per table and kind
// (StatsCopySchema::bulkStatements(), an INSERT ... SELECT over the batch's rowids), and puts the triggers back, all
// inside the same transaction: a crash at any moment leaves either the batch with its derived rows or nothing, and the
// schema as it was (`carnet check` is clean, tst_bulkwriter).
class BulkWriter
{
    Q_DECLARE_TR_FUNCTIONS(BulkWriter)

public:
    struct Options
    {
        // Refuses the whole call, before anything is written, when one activity is invalid (Validator), naming it.
        bool validate = true;
        // true: an activity whose id, or non-empty import key, is already in the base (or earlier in the same call) is
        // left out and counted in Result::existing, so that importing a file again adds nothing twice; false: it is an
        // error naming it.
        bool skipExisting = false;
        // Activities per set-wise step; progress is told and cancellation heard between steps.
        int batchSize = 20000;
        // Called after each step with the activities handled so far and the total of the call; returning false
        // cancels: the transaction is rolled back and nothing is written.
        std::function<bool(qint64 done, qint64 total)> progress;
    };
    struct Result
    {
        qint64 inserted = 0;
        qint64 existing = 0; // left out: already in the base (skipExisting)
    };

    explicit BulkWriter(Store &store);
    ~BulkWriter(); // rolls back unless committed
    BulkWriter(const BulkWriter &) = delete;
    BulkWriter &operator=(const BulkWriter &) = delete;

    bool begin(QString *error);
    // Inserts new activities (ids are made for those without one; creation and modification default to now). Adds to
    // *result (may be null). On failure the transaction is rolled back and *error names the activity.
    bool insertActivities(QList<Activity> &activities, const Options &options, Result *result, QString *error);
    // Inserts the places and followed beneficiaries whose id is not in the base yet (validated; the others are left
    // as they are and counted as existing), so that an import writes them in its transaction.
    bool insertPlaces(QList<Place> &places, Result *result, QString *error);
    bool insertBeneficiaries(QList<Beneficiary> &people, Result *result, QString *error);
    bool commit(QString *error);
    void rollback();
    bool isOpen() const;

private:
    class Statements;
    bool fail(QString *error, const QString &message);
    bool insertStep(const QList<Activity> &activities, qsizetype from, qsizetype to, const Options &options,
        Result *result, QString *error);
    bool setTriggersAside(QString *error);
    bool restoreTriggers(QString *error);
    bool exec(const QString &sql, QString *error);

    Store &m_store;
    std::unique_ptr<Store::WriteTransaction> m_transaction;
    std::unique_ptr<Statements> m_statements;
    QList<QPair<QString, QString>> m_triggers; // name, SQL of the triggers set aside during a step
    bool m_triggersRead = false;
};
