#pragma once

#include <QObject>

#include <functional>

class QThread;

// Runs one piece of work on a thread of its own (a backup of the base takes seconds on a large one), then a
// continuation on the owner's thread. The destructor waits for the work: the continuation never runs on a destroyed
// owner. QtConcurrent is not linked: a QThread per task.
class BackgroundTask : public QObject
{
    Q_OBJECT

public:
    explicit BackgroundTask(QObject *parent = nullptr);
    ~BackgroundTask() override;

    bool isRunning() const { return m_thread != nullptr; }
    // Refused (false) while a task runs.
    bool start(std::function<void()> work, std::function<void()> done);
    // Blocks until the running task's work is over (tests, closing).
    void wait();

signals:
    void finished();

private:
    QThread *m_thread = nullptr;
};
