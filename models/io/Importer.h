#pragma once

#include "models/io/ColumnMapping.h"
#include "models/io/ImportPlan.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QStringList>

#include <functional>
#include <memory>

class Store;
class TableReader;

// How to read a file to import.
struct ImportOptions
{
    ImportFormat format = ImportFormat::Auto; // --format; Auto: recognised from the header row
    QString encoding; // --encodage: "windows-1252" for a CSV that is not UTF-8
    QString columns; // --colonnes date=A,duree=C,... for a generic spreadsheet
    QString dataDir; // where the column mapping of a generic spreadsheet is remembered; empty: not remembered
    QDate today; // for validation (no future dates)
    // A JSON page larger than this is refused unread (a page of the platform's API has at most 500 activities).
    qint64 maxJsonPageSize = qint64(64) << 20;
    // Activities the plan keeps in memory; the rest wait in a temporary file (ActivitySpool) until apply().
    int memoryActivities = ActivitySpool::DefaultMemoryCount;
    // Called now and then with how far the reading is (bytes or records); false cancels: nothing is written.
    std::function<bool(qint64 done, qint64 total)> progress;
    // When set, the activities are handed to sink in batches as they are read instead of kept in the plan
    // (ImportPlan::streamTo; ImportPipeline writes them meanwhile); the caller ends with the plan's endStream().
    ImportPlan::Sink sink;
    int sinkBatch = ImportPlan::StreamBatchSize;
};

// Reads a file (or several JSON pages) into an ImportPlan, without writing: the entry of `carnet import` and of the
// import dialog. The format is recognised from the file: a JSON page of the platform's API (activites or
// archives-v1/cras), else the first rows of the sheet: an activities file's header row (Date, Enregistré le,
// Dernière modification le; Carnet's when it has Carnet's columns, else the platform's), the Espace Coop's field
// names (canal, activite, date_accompagnement), else a generic spreadsheet whose first non-empty row is the header.
class Importer
{
    Q_DECLARE_TR_FUNCTIONS(Importer)

public:
    // One file, or (Api, V1) several JSON pages read as one import.
    static ImportPlan readFiles(const QStringList &paths, const ImportOptions &options, const Store *store);
    static ImportPlan readFile(const QString &path, const ImportOptions &options, const Store *store)
    {
        return readFiles({path}, options, store);
    }
    // A sheet already open (tests, and the files above once open). name: the file, for messages.
    static ImportPlan readTable(
        TableReader &reader, const QString &name, const ImportOptions &options, const Store *store);

    // The header row of a generic spreadsheet and its mapping (remembered, else guessed), for the dialog's mapping
    // step. False with a French message when the file cannot be read.
    static bool spreadsheetHeader(const QString &path, const ImportOptions &options, QStringList *headers,
        ColumnMapping *mapping, QString *error);

    // The format of a file from its header row (a JSON file: Api or V1); Auto with a French message when it cannot
    // be read.
    static ImportFormat recognise(const QString &path, const ImportOptions &options, QString *error);

    // Opens a CSV or XLSX file as a sheet (CsvReader, XlsxReader); null with a French message when it cannot be.
    static std::unique_ptr<TableReader> openTable(const QString &path, const ImportOptions &options, QString *error);

    // How many rows are searched for the header row (above it: the export's header block).
    static constexpr int HeaderSearchRows = 40;
};
