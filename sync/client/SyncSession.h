#pragma once

#include "models/domain/Clock.h"
#include "models/store/Store.h"
#include "sync/client/Puller.h"
#include "sync/client/Pusher.h"
#include "sync/client/RetryPolicy.h"
#include "sync/client/Transport.h"

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

#include <functional>

// One sync, from start to end, on the calling thread and its Store: a probe of the server (GET /health, short: no
// answer means offline, and nothing is marked attempted), then the push of what is due, then the pull of what changed
// elsewhere. The engine's thread (SyncEngine) and `carnet sync` run it the same way.
class SyncSession
{
    Q_DECLARE_TR_FUNCTIONS(SyncSession)

public:
    struct Result
    {
        bool reachable = false; // the server answered the probe
        Pusher::Summary push;
        Puller::Summary pull;
        bool tokenRefused = false;
        bool cancelled = false;
        QString message; // the first problem, in French (empty: none)
        // Everything due was sent and everything read: nothing failed, nothing waits for a retry.
        bool ok() const
        {
            return reachable && !tokenRefused && !cancelled && message.isEmpty() && push.failed == 0
                && push.retried == 0 && pull.complete;
        }
    };

    struct Parts
    {
        SyncGet get; // also the probe's, when probe is empty
        SyncPost post;
        SyncGet probe; // GET /health with a short time-out
    };

    SyncSession(Store &store, const Clock &clock, RetryPolicy::Schedule &schedule, Parts parts);

    // `progress` is told each step in French ("Envoi…", "Réception…"). `manual`: asked by the mediator, every item
    // not blocked is sent at once whatever its retry wait (Pusher::run).
    Result run(const std::function<bool()> &cancelled = {}, const std::function<void(const QString &)> &progress = {},
        bool manual = false);

    // A summary in French, for the status bar and `carnet sync`: "12 envoyées, 3 reçues, 1 conflit".
    static QString describe(const Result &result);

private:
    Store &m_store;
    const Clock &m_clock;
    RetryPolicy::Schedule &m_schedule;
    Parts m_parts;
};

Q_DECLARE_METATYPE(SyncSession::Result)
