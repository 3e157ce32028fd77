#pragma once

#include "models/domain/Profile.h"
#include "models/io/ExportFilter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <functional>

class Store;
class TableWriter;

// The activities export (ActivityColumns.h says the columns and their values): one row per accompagnement of every
// non-deleted activity the filter takes, in date order, under the header block (ExportHeader). The activities are
// streamed from the base (Store::forEachActivity) and written as they come: a million of them never sit in memory
// (the places and followed beneficiaries do, for their names).
class ActivityExporter
{
    Q_DECLARE_TR_FUNCTIONS(ActivityExporter)

public:
    struct Options
    {
        ExportFilter filter;
        QDateTime exportedAt; // the header block's date and time
        // Called every few hundred activities with the activities done and the total expected (-1 when unknown);
        // returning false cancels: export() then fails with the French "Export annulé" and the writer is not
        // committed.
        std::function<bool(qint64 done, qint64 total)> progress;
    };

    struct Result
    {
        qint64 activities = 0;
        qint64 rows = 0; // accompagnements
        bool cancelled = false;
    };

    // Writes the header block and the table into writer (not committed: the caller commits it). False with a French
    // message on a database or file error, or a cancellation.
    static bool write(const Store &store, TableWriter &writer, const Options &options, Result *result, QString *error);

    // "carnet_activites_AAAA-MM-JJ.csv" for the day of the export.
    static QString fileName(const QDate &day, const QString &extension);
    // The French sentence of a cancelled export.
    static QString cancelledMessage();
};
