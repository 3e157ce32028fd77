#include "models/stats/Tally.h"

#include <algorithm>

namespace StatsInternal {

Breakdown Tally::result() const
{
    Breakdown b;
    b.key = m_spec.key;
    QList<int> order;
    for (int s = 0; s < static_cast<int>(m_counts.size()); ++s) {
        const bool listed = m_spec.order != Order::ByCount && static_cast<size_t>(s) < m_fixed;
        if (listed || m_counts[static_cast<size_t>(s)] > 0)
            order.append(s);
    }
    // By decreasing count as the platform's page lists them; ties in the list's order, or by label for values
    // without a list. Non communiqué at its count's place, as getBeneficiaireStats.ts sorts the communes.
    if (m_spec.order == Order::ByCount) {
        std::sort(order.begin(), order.end(), [&](int x, int y) {
            if (count(x) != count(y))
                return count(x) > count(y);
            const int byLabel = QString::localeAwareCompare(m_labels.at(x), m_labels.at(y));
            return byLabel != 0 ? byLabel < 0 : m_codes.at(x) < m_codes.at(y);
        });
    } else if (m_spec.order == Order::ListByCount) {
        std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return count(x) > count(y); });
    }
    for (int s : std::as_const(order))
        b.total += count(s);
    for (int s : std::as_const(order))
        b.items.append({m_codes.at(s), m_labels.at(s), count(s), proportion(count(s), b.total)});
    return b;
}

} // namespace StatsInternal
