#pragma once

#include "models/domain/Activity.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

class QTemporaryFile;

// The activities an import will add, in the order they were read, with bounded memory: the first memoryCount stay in
// memory; beyond them every activity is written to a temporary file (QDataStream, removed with the spool), so that a
// file of a million rows is read, shown and written without holding its activities. The first PreviewCount are
// kept in memory in any case, for the import's preview.
// Filled once (append), then read any number of times (forEach); ImportPlan shares it between its copies.
class ActivitySpool
{
    Q_DECLARE_TR_FUNCTIONS(ActivitySpool)

public:
    static constexpr int PreviewCount = 100;
    static constexpr int DefaultMemoryCount = 5000;

    explicit ActivitySpool(int memoryCount = DefaultMemoryCount);
    ~ActivitySpool();
    ActivitySpool(const ActivitySpool &) = delete;
    ActivitySpool &operator=(const ActivitySpool &) = delete;

    // False with a French message (a full disk...) when the temporary file cannot be written.
    bool append(Activity &&activity, QString *error);
    qint64 count() const { return m_count; }
    // The first activities (at most PreviewCount).
    const QList<Activity> &head() const { return m_head; }
    // True when activities went to the temporary file (the memory count was passed).
    bool spilled() const { return m_file != nullptr; }

    // Gives every activity, in order, in batches of at most batchSize; batch may be moved from. Stops (false) when
    // batch answers false, or with a French *error when the temporary file cannot be read back.
    bool forEach(int batchSize, const std::function<bool(QList<Activity> &batch)> &batch, QString *error) const;

private:
    bool flush(QString *error);

    int m_memoryCount;
    qint64 m_count = 0;
    QList<Activity> m_head;
    QList<Activity> m_memory; // not in the file (yet)
    std::unique_ptr<QTemporaryFile> m_file;
    qint64 m_inFile = 0;
};
