#include "models/io/ImportPipeline.h"

#include "models/store/BulkWriter.h"
#include "models/store/Store.h"

#include <QFileInfo>
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
            QString error;
            if (!readStore.openAnother(base, &error)) {
                result.plan.fileName = QFileInfo(paths.value(0)).fileName();
                result.plan.fatal = error;
            } else {
                result.plan = Importer::readFiles(paths, readOptions, &readStore);
                result.plan.endStream();
            }
        }
        QMutexLocker lock(&queue.mutex);
        queue.readDone = true;
        queue.changed.wakeAll();
    }));
    reader->start();

    // The writing, batch by batch as they come. The transaction begins with the first batch; refused (a problem) or
    // failed, it is rolled back at once, so that the write lock is not held while the rest of the file is read.
    BulkWriter writer(store);
    QString writeError;
    bool failed = false;
    for (;;) {
        ImportBatch batch;
        {
            QMutexLocker lock(&queue.mutex);
            while (queue.batches.empty() && !queue.readDone && !(queue.refused && writer.isOpen()))
                queue.changed.wait(&queue.mutex);
            if (queue.refused) {
                queue.batches.clear();
                queue.changed.wakeAll();
                if (writer.isOpen()) {
                    lock.unlock();
                    writer.rollback();
                    continue;
                }
                if (queue.readDone)
                    break;
                continue; // waits for the end of the reading, for its problems
            }
            if (queue.batches.empty())
                break; // the reading is done
            batch = std::move(queue.batches.front());
            queue.batches.pop_front();
            queue.changed.wakeAll();
        }
        if ((!writer.isOpen() && !writer.begin(&writeError))
            || !ImportPlan::writeBatch(writer, batch, &result.added, &writeError)) {
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
    if (failed)
        plan.fatal = writeError; // rather than the reading's "écriture interrompue"
    if (!plan.mayApply(ignoreProblems, &result.error) || (writer.isOpen() && !writer.commit(&result.error))) {
        writer.rollback();
        result.added = 0;
        return result;
    }
    result.written = true;
    return result;
}
