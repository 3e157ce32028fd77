#include "tests/support/Screenshot.h"
#include "ui/widgets/TaskProgress.h"

#include <QDeadlineTimer>
#include <QDialog>
#include <QProgressBar>
#include <QPushButton>
#include <QTest>
#include <QThread>
#include <QVBoxLayout>

#include <atomic>
#include <memory>

// The progress and cancellation the import, export and structure review dialogs share: what the worker reports
// reaches the bar on the GUI thread, Annuler stops the worker, closing the dialog waits for it.
class TestTaskProgress : public QObject
{
    Q_OBJECT

private slots:
    void progress_reachesTheBar_busyUntilATotal_hiddenAtTheEnd();
    void annuler_stopsTheWorker_andTheNextRunStartsAfresh();
    void destroyedWhileRunning_cancelsAndWaits();
};

namespace {
// Waits (on the worker) until the flag is set, 20 s at most: a test that fails does not hang.
bool waitFor(const std::atomic<bool> &flag)
{
    QDeadlineTimer deadline(20000);
    while (!flag.load()) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(2);
    }
    return true;
}
} // namespace

void TestTaskProgress::progress_reachesTheBar_busyUntilATotal_hiddenAtTheEnd()
{
    QProgressBar bar;
    bar.hide();
    TaskProgress progress(&bar);
    const TaskProgress::Ticket ticket = progress.ticket();
    std::atomic<bool> reported{false};
    std::atomic<bool> release{false};
    QThread *workThread = nullptr;
    bool workerOk = false; // checked here: no QVERIFY on the worker's thread
    int done = 0;
    QVERIFY(progress.start(
        [&] {
            workThread = QThread::currentThread();
            workerOk = waitFor(reported) // the test has looked at the busy bar
                && ticket.report(3, 12) && waitFor(release);
            ticket.advance();
            workerOk = workerOk && ticket.report(12, 12);
        },
        [&] { ++done; }));
    QVERIFY(progress.isRunning());
    QVERIFY(!bar.isHidden());
    QCOMPARE(bar.maximum(), 0); // busy: no total yet
    QVERIFY(!progress.start([] {}, [] {})); // refused while a run goes on
    reported = true;
    QTRY_COMPARE(bar.maximum(), 1000);
    QTRY_COMPARE(bar.value(), 250); // 3 of 12, polled on this thread
    QVERIFY(!bar.isHidden());
    release = true;
    QTRY_COMPARE(done, 1);
    QVERIFY(workerOk);
    QVERIFY(workThread && workThread != QThread::currentThread());
    QVERIFY(!progress.isRunning());
    QVERIFY(bar.isHidden());
    QVERIFY(!progress.isCancelled());
}

void TestTaskProgress::annuler_stopsTheWorker_andTheNextRunStartsAfresh()
{
    QDialog dialog;
    dialog.resize(400, 90);
    auto *layout = new QVBoxLayout(&dialog);
    auto *bar = new QProgressBar;
    auto *annuler = new QPushButton(QStringLiteral("Annuler"));
    layout->addWidget(bar);
    layout->addWidget(annuler);
    auto *progress = new TaskProgress(bar, &dialog);
    connect(annuler, &QPushButton::clicked, progress, &TaskProgress::cancel);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    const TaskProgress::Ticket ticket = progress->ticket();
    std::atomic<bool> started{false};
    std::atomic<int> steps{0};
    bool sawCancel = false;
    bool doneSawCancel = false;
    QVERIFY(progress->start(
        [&] {
            started = true;
            // Steps until told to stop, as the models' loops do; 20 s at most.
            QDeadlineTimer deadline(20000);
            while (ticket.report(++steps, 4000) && !deadline.hasExpired())
                QThread::msleep(1);
            sawCancel = ticket.cancelled();
        },
        [&] { doneSawCancel = progress->isCancelled(); }));
    QTRY_VERIFY(started.load());
    QTRY_VERIFY(steps.load() > 200);
    QTRY_COMPARE(bar->maximum(), 1000);
    Screenshot::save(dialog, QStringLiteral("task-progress.png"));
    QVERIFY(progress->isRunning());
    QVERIFY(!progress->isCancelled());
    QTest::mouseClick(annuler, Qt::LeftButton);
    QVERIFY(progress->isCancelled());
    QTRY_VERIFY(!progress->isRunning());
    QVERIFY(sawCancel);
    QVERIFY(doneSawCancel);
    QVERIFY(bar->isHidden());

    // Another run: not cancelled, the bar busy again, the counters from zero.
    std::atomic<bool> release{false};
    bool secondSawCancel = true;
    bool released = false;
    bool secondDone = false;
    QVERIFY(progress->start(
        [&] {
            secondSawCancel = ticket.cancelled();
            released = waitFor(release);
        },
        [&] { secondDone = true; }));
    QVERIFY(!progress->isCancelled());
    QCOMPARE(bar->maximum(), 0);
    QVERIFY(!bar->isHidden());
    QTest::qWait(3 * TaskProgress::PollMs);
    QCOMPARE(bar->maximum(), 0); // total reset: the last run's counters are not shown
    release = true;
    QTRY_VERIFY(secondDone);
    QVERIFY(released);
    QVERIFY(!secondSawCancel);
    QVERIFY(!progress->isCancelled());
}

void TestTaskProgress::destroyedWhileRunning_cancelsAndWaits()
{
    auto sawCancel = std::make_shared<std::atomic<bool>>(false);
    auto finished = std::make_shared<std::atomic<bool>>(false);
    bool done = false;
    {
        std::atomic<bool> started{false};
        QProgressBar bar;
        TaskProgress progress(&bar);
        const TaskProgress::Ticket ticket = progress.ticket();
        QVERIFY(progress.start(
            [&started, ticket, sawCancel, finished] {
                started = true;
                QDeadlineTimer deadline(20000);
                while (!ticket.cancelled() && !deadline.hasExpired())
                    QThread::msleep(1);
                *sawCancel = ticket.cancelled();
                QThread::msleep(50); // still working when the owner is gone, unless it waits
                *finished = true;
            },
            [&done] { done = true; }));
        QTRY_VERIFY(started.load());
    }
    QVERIFY(sawCancel->load());
    QVERIFY(finished->load()); // the destructor waited for the work
    QCoreApplication::processEvents();
    QVERIFY(!done); // the continuation never runs on a destroyed owner
}

QTEST_MAIN(TestTaskProgress)
#include "tst_taskprogress.moc"
