#include "models/stats/StatsResult.h"

#include <cmath>

const BreakdownItem *Breakdown::item(const QString &code) const
{
    for (const BreakdownItem &i : items) {
        if (i.code == code)
            return &i;
    }
    return nullptr;
}

const Breakdown *StatsResult::breakdown(const QString &key) const
{
    for (const Breakdown &b : breakdowns) {
        if (b.key == key)
            return &b;
    }
    return nullptr;
}

double proportion(qint64 count, qint64 total)
{
    if (total == 0)
        return 0.0;
    // Math.round(x) is floor(x + 0.5); the division first, as in JavaScript.
    return std::floor(100000.0 * (static_cast<double>(count) / static_cast<double>(total)) + 0.5) / 1000.0;
}
