#pragma once

#include "models/io/ImportPlan.h"
#include "models/io/Importer.h"

#include <QCoreApplication>
#include <QStringList>

class Store;

// `carnet import` without --dry-run: a file read and written at once, on two threads. A worker reads it
// (Importer::readFiles: parsing, mapping, validation, with a Store of its own on the same base, as the import dialog's
// reading does) and hands its activities on in batches (ImportPlan::streamTo); the calling thread writes each batch as
// it comes, in one BulkWriter transaction, the places and followed beneficiaries before the activities naming them.
// The transaction commits only once the whole file is read without a fatal error and, unless ignoreProblems, without
// a problem; otherwise it is rolled back and nothing is written: the same outcome as readFiles() then
// ImportPlan::apply(), in about the time of the longer of the two instead of their sum. At most MaxQueued batches
// wait between the threads, so the memory stays bounded whatever the size of the file.
class ImportPipeline
{
    Q_DECLARE_TR_FUNCTIONS(ImportPipeline)

public:
    struct Result
    {
        // What was read: the summary and the problems (its activities were handed on, not kept). When the writing
        // failed while the file was being read, its fatal says why.
        ImportPlan plan;
        bool written = false; // committed
        qint64 added = 0; // activities written (BulkWriter's count): fewer than the plan's when the base had some
        QString error; // French, when nothing was written
    };

    static constexpr int MaxQueued = 2; // batches read and not written yet

    // store: open, used on the calling thread only. options.progress is called on the reading thread. batchSize:
    // activities per batch (tests make it small, so that many batches pass and the queue fills).
    static Result run(const QStringList &paths, const ImportOptions &options, Store &store, bool ignoreProblems,
        int batchSize = ImportPlan::StreamBatchSize);
};
