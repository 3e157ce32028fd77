#include "ui/widgets/BackgroundTask.h"

#include <QThread>

BackgroundTask::BackgroundTask(QObject *parent)
    : QObject(parent)
{
}

BackgroundTask::~BackgroundTask()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

bool BackgroundTask::start(std::function<void()> work, std::function<void()> done)
{
    if (m_thread)
        return false;
    m_thread = QThread::create(std::move(work));
    // Queued: QThread::finished is emitted by the worker thread, the continuation runs on ours.
    connect(m_thread, &QThread::finished, this, [this, done = std::move(done)] {
        QThread *thread = m_thread;
        m_thread = nullptr;
        thread->deleteLater();
        if (done)
            done();
        emit finished();
    });
    m_thread->start();
    return true;
}

void BackgroundTask::wait()
{
    if (m_thread)
        m_thread->wait();
}
