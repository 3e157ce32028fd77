#include "models/stats/StatsResult.h"

#include <algorithm>
#include <cmath>
#include <numeric>

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

QList<double> largestRemainder(const QList<qint64> &counts, int decimals)
{
    QList<double> shares(counts.size(), 0.0);
    const qint64 total = std::accumulate(counts.cbegin(), counts.cend(), qint64(0));
    if (total <= 0)
        return shares;
    qint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    const qint64 units = 100 * scale; // 100.0 in units of 10^-decimals
    QList<qint64> floors(counts.size());
    QList<qint64> remainders(counts.size());
    qint64 given = 0;
    for (qsizetype i = 0; i < counts.size(); ++i) {
        // count * units may be large: split the product to stay exact.
        const qint64 c = counts.at(i);
        const qint64 q1 = c / total;
        const qint64 r1 = c % total;
        floors[i] = q1 * units + (r1 * units) / total;
        remainders[i] = (r1 * units) % total;
        given += floors.at(i);
    }
    QList<qsizetype> order(counts.size());
    std::iota(order.begin(), order.end(), qsizetype(0));
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) {
        if (remainders.at(a) != remainders.at(b))
            return remainders.at(a) > remainders.at(b);
        return counts.at(a) > counts.at(b);
    });
    for (qsizetype k = 0; given < units && k < order.size(); ++k) {
        if (remainders.at(order.at(k)) == 0)
            break;
        ++floors[order.at(k)];
        ++given;
    }
    for (qsizetype i = 0; i < counts.size(); ++i)
        shares[i] = static_cast<double>(floors.at(i)) / static_cast<double>(scale);
    return shares;
}
