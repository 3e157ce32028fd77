#pragma once

#include "models/domain/Clock.h"
#include "models/store/Store.h"
#include "models/store/SyncLedger.h"
#include "sync/client/Transport.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

// The pull of a sync: what changed on the server since the last read, kind by kind (places, followed beneficiaries,
// then the activities naming them), page by page from each kind's cursor (GET /lieux, /beneficiaires, /activites with
// page[after]). Each page is checked whole (every resource as the wire reads it) before anything of it is written,
// then written in one transaction with the cursor after it (SyncLedger::apply*): a crash or a lost connection reads
// the page again, which changes nothing twice. A page whose activities name a place or a person this base lacks (made
// on another computer between two reads) reads those kinds again first. Runs on the engine's thread, on its Store.
class Puller
{
    Q_DECLARE_TR_FUNCTIONS(Puller)

public:
    struct Summary
    {
        int received = 0; // records created or replaced here
        int unchanged = 0; // already here at that version (this base's own sends, read back)
        int conflicts = 0;
        int pages = 0;
        bool complete = false; // every kind read to its end
        bool tokenRefused = false; // a 401: paused until a new token
        QString message; // the problem that stopped the pull, in French
    };

    static constexpr int PageSize = 500; // the contract's largest page

    Puller(Store &store, const Clock &clock, SyncGet get, int pageSize = PageSize);

    // Reads every kind to its end, or until a problem, a refused token, or cancelled() (checked between pages).
    Summary run(const std::function<bool()> &cancelled = {});

private:
    bool pullKind(SyncLedger::Kind kind, Summary *summary, const std::function<bool()> &cancelled);

    SyncLedger m_ledger;
    const Clock &m_clock;
    SyncGet m_get;
    int m_pageSize;
};
