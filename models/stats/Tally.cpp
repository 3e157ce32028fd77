#include "models/stats/Tally.h"

#include "models/domain/Codes.h"

#include <algorithm>

namespace StatsInternal {

Breakdown Tally::result() const
{
    Breakdown b;
    b.key = m_spec.key;
    QList<int> order;
    for (int s = 0; s < static_cast<int>(m_counts.size()); ++s) {
        if (m_spec.order == Order::Nomenclature || m_counts[static_cast<size_t>(s)] > 0)
            order.append(s);
    }
    if (m_spec.order == Order::ByCount) {
        const QString nc = QString::fromLatin1(Codes::NonCommunique);
        std::sort(order.begin(), order.end(), [&](int x, int y) {
            const bool xnc = m_codes.at(x) == nc;
            const bool ync = m_codes.at(y) == nc;
            if (xnc != ync)
                return ync;
            if (count(x) != count(y))
                return count(x) > count(y);
            const int byLabel = QString::localeAwareCompare(m_labels.at(x), m_labels.at(y));
            return byLabel != 0 ? byLabel < 0 : m_codes.at(x) < m_codes.at(y);
        });
    }
    QList<qint64> counts;
    for (int s : std::as_const(order)) {
        counts.append(count(s));
        b.total += count(s);
    }
    const QList<double> percents = largestRemainder(counts);
    for (int k = 0; k < order.size(); ++k) {
        const int s = order.at(k);
        b.items.append({m_codes.at(s), m_labels.at(s), count(s), percents.at(k)});
    }
    return b;
}

} // namespace StatsInternal
