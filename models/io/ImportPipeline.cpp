#include "models/io/ImportPipeline.h"

#include "models/store/BulkWriter.h"
#include "models/store/Store.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <memory>

namespace {
// The batches between the reading thread and the writing one.
struct Queue
{
    QMutex mutex;
    QWaitCondition changed;
    std::deque<ImportBatch> batches;
    bool readDone = false;
    bool writeFailed = false; // the reading stops: nothing will be written
    bool refused = false; // a problem and no ignoreProblems: the reading goes on for the problems, the batches are
                          // dropped
};
} // namespace

ImportPipeline::Result ImportPipeline::run(
    const QStringList &paths, const ImportOptions &options, Store &store, bool ignoreProblems, int batchSize)
{
    Result result;
    Queue queue;
    ImportOptions readOptions = options;
    readOptions.sinkBatch = batchSize;
    readOptions.sink = [&queue, ignoreProblems](ImportBatch &batch) {
        QMutexLocker lock(&queue.mutex);
        if (batch.problems && !ignoreProblems) {
            queue.refused = true;
            queue.changed.wakeAll();
            return true;
        }
        while (queue.batches.size() >= size_t(MaxQueued) && !queue.writeFailed)
            queue.changed.wait(&queue.mutex);
        if (queue.writeFailed)
            return false;
        queue.batches.push_back(std::move(batch));
        queue.changed.wakeAll();
        return true;
    };

    // The reading thread: a Store of its own on the same base (a Store is used by the thread that opened it), open
    // before the first batch, so before the writing takes the write lock.
    const QString base = store.filePath();
    const Clock &clock = store.clock();
    std::unique_ptr<QThread> reader(QThread::create([&] {
        {
            Store readStore(clock);
            Store::OpenOptions open;
            open.create = false;
            open.quickCheckMs = 0;
            QString error;
            if (!readStore.open(base, &error, open)) {
                result.plan.fileName = paths.value(0);
                result.plan.fatal = error;
            } else {
                result.plan = Importer::readFiles(paths, readOptions, &readStore);
                if (result.plan.ok())
                    result.plan.endStream();
            }
        }
        QMutexLocker lock(&queue.mutex);
        queue.readDone = true;
        queue.changed.wakeAll();
    }));
    reader->start();

    BulkWriter writer(store);
    BulkWriter::Options writeOptions;
    writeOptions.validate = false; // every activity passed the Validator when it was read (ImportContext)
    writeOptions.skipExisting = true; // one the base got meanwhile, or given twice, is left out, not doubled
    writeOptions.batchSize = std::max(1, batchSize);
    QString writeError;
    bool failed = false;
    bool drop = false;
    for (;;) {
        ImportBatch batch;
        {
            QMutexLocker lock(&queue.mutex);
            while (queue.batches.empty() && !queue.readDone && !queue.refused)
                queue.changed.wait(&queue.mutex);
            drop = drop || queue.refused;
            if (drop) {
                queue.batches.clear(); // rolled back below: nothing of them is written
                queue.changed.wakeAll();
                if (!queue.readDone) {
                    queue.changed.wait(&queue.mutex);
                    continue;
                }
                break;
            }
            if (queue.batches.empty())
                break; // the reading is done
            batch = std::move(queue.batches.front());
            queue.batches.pop_front();
            queue.changed.wakeAll();
        }
        BulkWriter::Result written;
        const bool ok = (writer.isOpen() || writer.begin(&writeError))
            && writer.insertPlaces(batch.places, nullptr, &writeError)
            && writer.insertBeneficiaries(batch.beneficiaries, nullptr, &writeError)
            && writer.insertActivities(batch.activities, writeOptions, &written, &writeError);
        result.added += written.inserted;
        if (!ok) {
            failed = true;
            QMutexLocker lock(&queue.mutex);
            queue.writeFailed = true;
            queue.batches.clear();
            queue.changed.wakeAll();
            break;
        }
    }
    reader->wait();

    ImportPlan &plan = result.plan;
    if (failed) {
        writer.rollback();
        result.added = 0;
        plan.fatal = writeError; // rather than the reading's "écriture interrompue"
        result.error = writeError;
        return result;
    }
    if (!plan.mayApply(ignoreProblems, &result.error)) {
        writer.rollback();
        result.added = 0;
        return result;
    }
    if (writer.isOpen() && !writer.commit(&result.error)) {
        result.added = 0;
        return result;
    }
    result.written = true;
    return result;
}
