#pragma once

#include "Activity.h"

#include <QCoreApplication>
#include <QString>

class Store;

// What the user is told about the synchronisation of their activities with the national platform.
class SyncStatus
{
    Q_DECLARE_TR_FUNCTIONS(SyncStatus)

public:
    struct Summary
    {
        qint64 pending = 0;  // created, changed or deleted here, not yet confirmed by the platform
        qint64 sent = 0;
        qint64 conflicts = 0;
        qint64 failed = 0;
    };

    static QString label(SyncState state);
    static Summary summarize(const Store &store);
    // One short sentence for the status bar.
    static QString describe(const Summary &summary);
};
