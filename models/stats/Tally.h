#pragma once

#include "models/domain/Nomenclature.h"
#include "models/stats/Breakdowns.h"
#include "models/stats/StatsResult.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <vector>

// Inside the statistics engine (StatsEngine.cpp, StatsPass.cpp): not for other code.
namespace StatsInternal {

// Weighted counts by code. Codes get a slot once; the raw texts of multi-valued columns are split once per distinct
// text and remembered as lists of entries.
class Tally
{
public:
    using Order = BreakdownSpec::Order;

    explicit Tally(const BreakdownSpec &spec)
        : m_spec(spec)
    {
    }

    void addList(Nomenclature::List list, bool statsLabels = false)
    {
        const QList<NomenclatureItem> &items = Nomenclature::instance().items(list);
        for (const NomenclatureItem &item : items)
            slot(item.value, statsLabels && !item.labelStats.isEmpty() ? item.labelStats : item.label);
    }
    int slot(const QString &code, const QString &label)
    {
        const auto it = m_index.constFind(code);
        if (it != m_index.cend())
            return it.value();
        const int s = static_cast<int>(m_counts.size());
        m_index.insert(code, s);
        m_codes.append(code);
        m_labels.append(label.isEmpty() ? code : label);
        m_counts.push_back(0);
        m_watched.push_back(m_watchCodes.contains(code) ? 1 : 0);
        return s;
    }
    int find(const QString &code) const { return m_index.value(code, -1); }
    // The slots made so far (the list's values, the duration buckets, non communiqué) are listed even at 0; a slot
    // made later (a code outside the list, met in the data) only when counted, so that one engine or two (merge(),
    // which skips zeros) give the same items.
    void fixSlots() { m_fixed = m_counts.size(); }
    void add(int slot, qint64 n)
    {
        m_counts[static_cast<size_t>(slot)] += n;
        if (m_hit && n > 0 && m_watched[static_cast<size_t>(slot)])
            *m_hit = true;
    }
    const BreakdownSpec &spec() const { return m_spec; }
    const QString &key() const { return m_spec.key; }
    // Adds another tally of the same key, matching its items by code.
    void merge(const Tally &other)
    {
        for (size_t s = 0; s < other.m_counts.size(); ++s) {
            if (other.m_counts[s] != 0) {
                const qsizetype i = static_cast<qsizetype>(s);
                m_counts[static_cast<size_t>(slot(other.m_codes.at(i), other.m_labels.at(i)))] += other.m_counts[s];
            }
        }
    }
    qint64 count(int slot) const { return m_counts[static_cast<size_t>(slot)]; }
    // Sets *hit whenever an item of these codes is added to.
    void watch(const QSet<QString> &codes, bool *hit)
    {
        m_watchCodes = codes;
        m_hit = hit;
        for (size_t s = 0; s < m_watched.size(); ++s)
            m_watched[s] = codes.contains(m_codes.at(static_cast<qsizetype>(s))) ? 1 : 0;
    }

    Breakdown result() const;

private:
    const BreakdownSpec &m_spec;
    QHash<QString, int> m_index;
    QStringList m_codes;
    QStringList m_labels;
    std::vector<qint64> m_counts;
    size_t m_fixed = 0;
    std::vector<char> m_watched;
    QSet<QString> m_watchCodes;
    bool *m_hit = nullptr;
};

} // namespace StatsInternal
