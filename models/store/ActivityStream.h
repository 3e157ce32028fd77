#pragma once

#include "models/domain/Activity.h"

#include <QByteArray>

#include <functional>

class Store;

// The non-deleted activities of a base in date order (then id), read forward-only for the exports: one prepared
// sqlite3 statement on the store's own connection (Store::forEachActivity when the driver's handle is not ours), the
// participants read once beforehand. An activity comes without suppression and with its creation and modification
// times left as stored (ISO 8601 UTC text): a million of them are formatted by the caller, which needs minutes only,
// far more cheaply than through QDateTime.
class ActivityStream
{
public:
    struct Row
    {
        Activity activity; // creation, modification and suppression left invalid
        QByteArray creation; // "2026-06-30T10:00:00.000Z", empty when not set
        QByteArray modification;
    };

    // Calls visit for each row until it returns false; false with *error (French) when the base cannot be read.
    static bool forEach(const Store &store, const std::function<bool(const Row &)> &visit, QString *error);
};
