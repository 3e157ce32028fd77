#include "ui/BusyWait.h"

#include <QEventLoop>
#include <QPointer>
#include <QStatusBar>
#include <QTimer>

namespace {
// The store calls the hook about every 100 ms while it waits: this long without a call, the write is over.
constexpr int kClearAfterMs = 400;
constexpr int kEventSliceMs = 50;
} // namespace

BusyWait::BusyWait(QStatusBar *statusBar, QObject *parent)
    : QObject(parent)
    , m_statusBar(statusBar)
    , m_clear(new QTimer(this))
{
    m_clear->setSingleShot(true);
    m_clear->setInterval(kClearAfterMs);
    connect(m_clear, &QTimer::timeout, this, [this] {
        if (m_statusBar && m_statusBar->currentMessage() == message())
            m_statusBar->clearMessage();
    });
}

QString BusyWait::message()
{
    return tr("Base occupée par un autre programme, nouvel essai…");
}

std::function<bool(int)> BusyWait::hook()
{
    QPointer<BusyWait> self(this);
    return [self](int waitedMs) { return self ? self->wait(waitedMs) : waitedMs < LimitMs; };
}

bool BusyWait::wait(int waitedMs)
{
    // A write started by a timer while another one waits here gives up at once (it fails with the "occupée"
    // message): waiting inside the wait would hold the window without turning its event loop.
    if (m_depth > 0)
        return false;
    if (waitedMs >= m_limitMs) {
        m_clear->stop();
        if (m_statusBar && m_statusBar->currentMessage() == message())
            m_statusBar->clearMessage();
        return false;
    }
    if (m_statusBar && m_statusBar->currentMessage() != message())
        m_statusBar->showMessage(message());
    m_clear->start();
    ++m_depth;
    QEventLoop slice;
    QTimer::singleShot(kEventSliceMs, &slice, &QEventLoop::quit);
    const int sliceResult = slice.exec(QEventLoop::ExcludeUserInputEvents);
    --m_depth;
    // Runs in the next turn of an event loop: inside the next slice while the store still waits (ignored there), in
    // the window's loop once the write is over.
    QTimer::singleShot(0, this, [this] {
        if (m_depth == 0)
            emit waitOver();
    });
    // The application is quitting (QEventLoop::exec returns at once from then on): give up rather than retry in a
    // tight loop behind a window that is gone.
    if (sliceResult != 0) {
        m_clear->stop();
        return false;
    }
    return true;
}
