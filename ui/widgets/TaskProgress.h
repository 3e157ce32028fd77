#pragma once

#include <QObject>

#include <functional>
#include <memory>

class BackgroundTask;
class QProgressBar;
class QTimer;

// The progress and the cancellation of the work a dialog runs on a worker thread (a BackgroundTask of its own). The
// worker reports through a Ticket (done and total in shared counters, never a widget touched from its thread); the
// bar is busy until a total is known, then shows done/total, polled every PollMs on the owner's thread. cancel() (the
// dialog's Annuler) asks the worker to stop at its next check. The bar is shown while the work runs and hidden before
// the continuation runs. The destructor cancels and waits for the work.
class TaskProgress : public QObject
{
    Q_OBJECT

public:
    static constexpr int PollMs = 100;

    // What the worker holds (copied into its lambdas): the counters of the current run.
    class Ticket
    {
    public:
        Ticket();
        // Stores the progress; false once cancelled (what the models' progress callbacks answer: go on).
        bool report(qint64 done, qint64 total) const;
        void setTotal(qint64 total) const;
        void advance() const; // one more done
        bool cancelled() const;
        // report() as the callback the models take: progress(done, total), false to stop.
        std::function<bool(qint64, qint64)> progress() const;

    private:
        friend class TaskProgress;
        struct State;
        std::shared_ptr<State> m_state;
    };

    // bar: the dialog's progress bar (hidden until a run starts).
    explicit TaskProgress(QProgressBar *bar, QObject *parent = nullptr);
    ~TaskProgress() override;

    // The counters' handle: the same for every run (start() resets them), so it can be taken before start().
    Ticket ticket() const { return m_ticket; }
    BackgroundTask *task() const { return m_task; }
    bool isRunning() const;
    // Refused (false) while a run goes on. Resets the counters, shows the bar (busy), runs work on the worker; once
    // it is over, hides the bar and runs done on this thread.
    bool start(std::function<void()> work, std::function<void()> done);
    // The worker stops at its next check (Ticket::cancelled, or report() answering false).
    void cancel();
    // The current or last run was cancelled.
    bool isCancelled() const;
    // Blocks until the running work is over (tests, closing).
    void wait();
    void cancelAndWait();

private:
    void poll();

    QProgressBar *m_bar;
    QTimer *m_poll;
    BackgroundTask *m_task;
    Ticket m_ticket;
};
