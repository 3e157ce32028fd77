#pragma once

#include "sync/client/SyncSession.h"

#include <QDateTime>
#include <QObject>
#include <QUrl>

#include <atomic>
#include <memory>

class QThread;
class QTimer;

// The window's sync: one sync at a time (SyncSession) on its own thread with its own connection to the base
// (Store::openAnother), so that a save never waits for it and the window never freezes. It runs when asked
// ("Synchroniser maintenant"), a short while after a save (debounced), when the network comes back
// (QNetworkInformation: NetworkManager's backend, else any that tells reachability; without one, the periodic sync
// and the probe of each sync decide), and periodically. A request made while a sync runs starts one more after it.
// A refused token pauses the automatic syncs until a new one is given; with "réseau non limité seulement", the
// automatic ones wait for a connection the system does not call metered.
class SyncEngine : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int debounceMs = 15000; // after a save
        int periodMs = 15 * 60 * 1000;
        int timeoutMs = 30000; // each request
        int probeTimeoutMs = 5000; // GET /health
        bool watchNetwork = true; // QNetworkInformation
    };

    enum class Trigger { Manual, Saved, Network, Periodic };

    SyncEngine(const QString &basePath, const Clock &clock, const Options &options, QObject *parent = nullptr);
    ~SyncEngine() override; // cancels a sync running and waits for its end

    // Nothing runs without both (and a server address HttpTransport::acceptable() takes).
    void setServer(const QUrl &base, const QString &token);
    bool isConfigured() const;
    void setUnmeteredOnly(bool on);
    void setPaused(bool paused); // a read-only base, a salvage: no sync

    bool isRunning() const { return m_thread != nullptr; }
    bool tokenRefused() const { return m_tokenRefused; }
    bool offline() const { return m_offline; }
    QDateTime lastSuccess() const { return m_lastSuccess; }
    const SyncSession::Result &lastResult() const { return m_last; }

public slots:
    void syncNow(); // the mediator's: runs even on a metered connection
    void noteSaved(); // a local change: a sync after the debounce
    void cancel();

signals:
    void started();
    void progress(const QString &text);
    void finished(const SyncSession::Result &result);

private:
    void request(Trigger trigger);
    bool automaticAllowed() const;
    void launch(bool manual);
    void watchNetwork();

    QString m_basePath;
    const Clock &m_clock;
    Options m_options;
    QUrl m_base;
    QString m_token;
    bool m_unmeteredOnly = false;
    bool m_paused = false;
    bool m_tokenRefused = false;
    bool m_offline = false;
    bool m_again = false;
    bool m_againManual = false; // the request made meanwhile was the mediator's
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<RetryPolicy::Schedule> m_schedule; // kept between syncs; used by one sync at a time
    QTimer *m_debounce = nullptr;
    QTimer *m_period = nullptr;
    SyncSession::Result m_last;
    QDateTime m_lastSuccess;
};
