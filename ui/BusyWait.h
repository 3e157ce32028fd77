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
    static QString message();

private:
    QStatusBar *m_statusBar;
    QTimer *m_clear;
    int m_limitMs = LimitMs;
    int m_depth = 0;
};
