#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QStatusBar;
class QTimer;

// What the window does while a write waits for another program's lock on the base (Store::setBusyWait): says so in
// the status bar ("Base occupée par un autre programme, nouvel essai…"), keeps the window painted and its timers
// running (events are processed, user input excluded, so nothing new starts meanwhile), and gives up after
// LimitMs: the write then fails with the store's "occupée" message and what was typed stays in the form.
// While a wait runs, nothing that opens a dialog of its own (a close asking about the unsaved CRA) may start: such a
// request checks isWaiting() and is made again once waitOver() is emitted.
class BusyWait : public QObject
{
    Q_OBJECT

public:
    static constexpr int LimitMs = 30000;

    explicit BusyWait(QStatusBar *statusBar, QObject *parent = nullptr);

    // The function to give Store::setBusyWait.
    std::function<bool(int waitedMs)> hook();
    // One call of the hook: true to try again.
    bool wait(int waitedMs);
    void setLimitMs(int limitMs) { m_limitMs = limitMs; }
    // True while a write waits here (the event loop turning inside wait()).
    bool isWaiting() const { return m_depth > 0; }
    static QString message();

signals:
    // Once after a write that waited is over (succeeded or gave up), from the event loop that turns next.
    void waitOver();

private:
    QStatusBar *m_statusBar;
    QTimer *m_clear;
    int m_limitMs = LimitMs;
    int m_depth = 0;
};
