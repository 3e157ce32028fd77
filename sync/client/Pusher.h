#pragma once

#include "models/domain/Clock.h"
#include "models/store/Store.h"
#include "models/store/SyncLedger.h"
#include "sync/client/RetryPolicy.h"
#include "sync/client/Transport.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>

// The push of a sync: what the outbox holds and is due, in batches of POST /activites/lot (places and people before
// the activities naming them), each operation answered on its own and recorded in the ledger: marked attempted before
// its request, sent only after the server's confirmation, retried later (5xx, 429, no answer), refused for good (a
// 4xx, with the server's French message), or kept as a conflict (412, with the server's copy). A 401 stops the push
// until a new token is given. Runs on the engine's thread, on the engine's own Store.
class Pusher
{
    Q_DECLARE_TR_FUNCTIONS(Pusher)

public:
    using Reply = SyncReply;
    using Post = SyncPost;

    struct Summary
    {
        int sent = 0;
        int retried = 0;
        int failed = 0;
        int conflicts = 0;
        bool tokenRefused = false; // a 401: paused until a new token
        QString message; // the last problem, in French
    };

    Pusher(Store &store, const Clock &clock, RetryPolicy::Schedule &schedule, Post post);

    // Pushes until nothing is due, the token is refused, or cancelled() says so (checked between batches). `now`:
    // the mediator asked for it ("Synchroniser maintenant", `carnet sync`): every item not blocked is tried at once,
    // whatever its wait (one left by a crash or a cut included).
    Summary run(int batchSize = 500, const std::function<bool()> &cancelled = {}, bool now = false);

private:
    // The operation of an item (its resource as the wire has it, If-Match from the server's last version); false when
    // the row is gone.
    // `activities`: the batch's, read at once (Store::activities).
    bool operationOf(
        const SyncLedger::Item &item, const QHash<QUuid, Activity> &activities, QJsonObject *operation) const;

    Store &m_store;
    SyncLedger m_ledger;
    const Clock &m_clock;
    RetryPolicy::Schedule &m_schedule;
    Post m_post;
};
