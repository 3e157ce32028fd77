#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Place.h"
#include "models/io/ActivitySpool.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

class BulkWriter;
class Store;

// The formats an import reads (`carnet import --format`).
enum class ImportFormat {
    Auto, // recognised from the file's header row
    Carnet, // Carnet's own activities file (CSV or XLSX): the platform's columns, then Carnet's
    Coop, // the platform's activities export (coop-numerique_accompagnements_*.xlsx)
    Api, // JSON pages of the platform's GET /api/v1/activites
    Tableur, // a spreadsheet of the mediator's own, through a column mapping
    V1, // the former Espace Coop's CRA records (2020-2024)
};

// One problem of a file: where (row and column as the spreadsheet numbers them; 0 and -1 when not known) and what,
// in French.
struct ImportProblem
{
    qint64 row = 0;
    int column = -1; // 0-based
    QString header; // the column's header, when known
    QString message;

    // "Ligne 12, colonne « Durée (min) » (M) : « -5 » n'est pas une durée"
    QString describe() const;
};

// What a streaming read hands on (ImportPlan::streamTo): activities read and valid, with the places and followed
// beneficiaries they need that no earlier batch gave (places and beneficiaries first: the activities refer to them).
struct ImportBatch
{
    QList<Place> places;
    QList<Beneficiary> beneficiaries;
    QList<Activity> activities;
    bool problems = false; // the plan had problems when this batch was handed on
};

// What an import would do, read from a whole file without writing: the activities to add, the places and followed
// beneficiaries they need that the base lacks, what is already there, and the problems. apply() writes it.
// The activities are kept in an ActivitySpool: the first ones in memory, the rest of a large file in a temporary
// file, so that reading and writing a file of any size holds a bounded number of activities. Copies of a plan share
// its activities.
class ImportPlan
{
    Q_DECLARE_TR_FUNCTIONS(ImportPlan)

public:
    ImportFormat format = ImportFormat::Auto;
    QString fileName; // for messages
    QString fatal; // French: the file cannot be imported at all (unreadable, not recognised...); nothing is written

    QList<Place> places; // missing places the activities name
    QList<Beneficiary> beneficiaries; // missing followed beneficiaries the activities name
    qint64 alreadyPresent = 0; // activities of the file the base already holds (by id or import key)
    qint64 rowsRead = 0;
    qint64 invalidActivities = 0; // activities left out because of a problem
    QList<ImportProblem> problems; // the first MaxProblems ones
    qint64 problemCount = 0; // all of them
    static constexpr int MaxProblems = 1000;
    static constexpr int BatchSize = 20000; // activities per BulkWriter call in apply()
    static constexpr int StreamBatchSize = 5000; // activities per batch handed on by a streaming read (streamTo)

    void addProblem(qint64 row, int column, const QString &header, const QString &message);

    // The activities to add (new ones, valid): how many, the first ones (for a preview), all of them (read back from
    // the temporary file: for a small plan), or all of them in batches (false when batch does, or with a French
    // *error when the temporary file cannot be read).
    qint64 activityCount() const;
    const QList<Activity> &firstActivities() const;
    QList<Activity> activities() const;
    bool forEachActivity(int batchSize, const std::function<bool(QList<Activity> &batch)> &batch, QString *error) const;
    // Adds an activity read from the file, unless the base given to skipExisting() has it (then counted in
    // alreadyPresent). False, with fatal set, when the temporary file cannot be written.
    bool addActivity(Activity &&activity);
    // Before reading: activities the store holds (by id or import key) are counted, not added.
    void skipExisting(const Store &store);
    // Activities kept in memory before the rest go to the temporary file (tests make it small); before the first add.
    void setMemoryActivities(int count) { m_memoryActivities = count; }
    // Streaming (ImportPipeline): from now on the activities are not kept but handed to sink in batches of batchSize
    // as they are read, each with the places and beneficiaries it needs that earlier batches did not give (these stay
    // in places and beneficiaries too). sink answering false stops the reading: fatal then says the writing was
    // interrupted. endStream() hands on what is left once the whole file is read (nothing after a fatal error) and
    // forgets sink; activityCount() counts the activities handed on.
    using Sink = std::function<bool(ImportBatch &batch)>;
    void streamTo(int batchSize, Sink sink);
    bool endStream();
    bool hasProblems() const { return problemCount > 0; }
    bool ok() const { return fatal.isEmpty(); }

    // After reading: leaves out the activities already in the store (by id, which for a row without an id of its own is
    // made from its import key, and by import key), and the places and beneficiaries it already has.
    void dropExisting(const Store &store);

    // Writes the plan in one transaction (BulkWriter): the places, the followed beneficiaries, then the activities.
    // Refuses (nothing written) on a fatal error, or while problems remain unless ignoreProblems (`--ignorer-erreurs`:
    // the valid activities only). progress(done, total) between steps; returning false cancels: nothing is written.
    // On failure *error says why (nothing is written then either). *added (may be null): the activities actually
    // written, which is fewer than activities.size() when the base got some of them meanwhile or two of them are one
    // (the same id or import key), what the user is told.
    bool apply(Store &store, bool ignoreProblems, QString *error,
        const std::function<bool(qint64, qint64)> &progress = {}, qint64 *added = nullptr) const;

    // Writes one batch in writer's transaction (begun), as apply() does: its places and followed beneficiaries that
    // the base lacks, then its activities set-wise (they passed the Validator when read; one the base already has, by
    // id or import key, is left out, not doubled). Adds the activities written to *inserted. On failure the writer
    // has rolled back and *error says why. progress, cancel: as for apply().
    static bool writeBatch(BulkWriter &writer, ImportBatch &batch, qint64 *inserted, QString *error,
        const std::function<bool(qint64, qint64)> &progress = {});

    // Whether apply() would write: false with *error (French) on a fatal error, or while problems remain unless
    // ignoreProblems.
    bool mayApply(bool ignoreProblems, QString *error) const;

    // "12 activités à ajouter, 3 déjà présentes, 2 problèmes"
    QString summary() const;
    static QString formatName(ImportFormat format); // "carnet", "coop"...
    static QString formatLabel(ImportFormat format); // French
    static bool parseFormat(const QString &name, ImportFormat *format);

    struct Existing; // the ids and import keys of a store's activities

private:
    std::shared_ptr<ActivitySpool> m_spool; // null while empty; shared by copies once read
    std::shared_ptr<const Existing> m_existing; // skipExisting()'s
    int m_memoryActivities = ActivitySpool::DefaultMemoryCount;
    bool handOn(); // the batch to m_sink
    Sink m_sink; // streamTo()'s
    int m_streamBatch = 0;
    ImportBatch m_batch; // not handed on yet
    qint64 m_streamed = 0; // activities handed on
    qsizetype m_placesGiven = 0; // places and beneficiaries handed on
    qsizetype m_beneficiariesGiven = 0;
};
