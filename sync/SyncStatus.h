#pragma once

#include "models/domain/Activity.h"
#include "models/store/Store.h"

#include <QCoreApplication>
#include <QString>

// What the user is told about the synchronisation of their activities with the national platform.
class SyncStatus
{
    Q_DECLARE_TR_FUNCTIONS(SyncStatus)

public:
    using Summary = SyncCounts;

    static QString label(SyncState state);
    static Summary summarize(const Store &store);
    // One short sentence for the status bar.
    static QString describe(const Summary &summary);
};
