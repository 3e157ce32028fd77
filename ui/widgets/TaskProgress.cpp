#include "ui/widgets/TaskProgress.h"

#include "ui/widgets/BackgroundTask.h"

#include <QProgressBar>
#include <QTimer>

#include <algorithm>
#include <atomic>

struct TaskProgress::Ticket::State
{
    std::atomic<qint64> done{0};
    std::atomic<qint64> total{0};
    std::atomic<bool> cancelled{false};
};

TaskProgress::Ticket::Ticket()
    : m_state(std::make_shared<State>())
{
}

bool TaskProgress::Ticket::report(qint64 done, qint64 total) const
{
    m_state->done = done;
    m_state->total = total;
    return !cancelled();
}

void TaskProgress::Ticket::setTotal(qint64 total) const
{
    m_state->total = total;
}

void TaskProgress::Ticket::advance() const
{
    ++m_state->done;
}

bool TaskProgress::Ticket::cancelled() const
{
    return m_state->cancelled.load();
}

std::function<bool(qint64, qint64)> TaskProgress::Ticket::progress() const
{
    return [ticket = *this](qint64 done, qint64 total) { return ticket.report(done, total); };
}

TaskProgress::TaskProgress(QProgressBar *bar, QObject *parent)
    : QObject(parent)
    , m_bar(bar)
    , m_poll(new QTimer(this))
    , m_task(new BackgroundTask(this))
{
    m_poll->setInterval(PollMs);
    connect(m_poll, &QTimer::timeout, this, &TaskProgress::poll);
}

TaskProgress::~TaskProgress()
{
    cancelAndWait();
}

bool TaskProgress::isRunning() const
{
    return m_task->isRunning();
}

bool TaskProgress::start(std::function<void()> work, std::function<void()> done)
{
    if (m_task->isRunning())
        return false;
    // The last run's worker is over: the counters are nobody else's now.
    m_ticket.m_state->done = 0;
    m_ticket.m_state->total = 0;
    m_ticket.m_state->cancelled = false;
    m_bar->setRange(0, 0); // busy until a total is known
    m_bar->show();
    m_poll->start();
    return m_task->start(std::move(work), [this, done = std::move(done)] {
        m_poll->stop();
        m_bar->hide();
        if (done)
            done();
    });
}

void TaskProgress::cancel()
{
    m_ticket.m_state->cancelled = true;
}

bool TaskProgress::isCancelled() const
{
    return m_ticket.cancelled();
}

void TaskProgress::wait()
{
    m_task->wait();
}

void TaskProgress::cancelAndWait()
{
    cancel();
    m_task->wait();
}

void TaskProgress::poll()
{
    const qint64 total = m_ticket.m_state->total;
    if (total <= 0)
        return;
    m_bar->setRange(0, 1000);
    m_bar->setValue(int(1000 * std::min<qint64>(m_ticket.m_state->done, total) / total));
}
