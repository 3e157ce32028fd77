#include "Benches.h"

#include "models/communes/CommuneIndex.h"

#include <QElapsedTimer>
#include <QStringList>

#include <cstdint>

namespace {

// Small deterministic generator so that every run measures the same queries.
class Lcg
{
public:
    explicit Lcg(std::uint32_t seed)
        : m_state(seed)
    {
    }
    int next(int bound)
    {
        m_state = m_state * 1664525u + 1013904223u;
        return static_cast<int>((m_state >> 8) % static_cast<std::uint32_t>(bound));
    }

private:
    std::uint32_t m_state;
};

// Realistic queries built from the index itself (outside the timed section): name prefixes of 2 to 12 characters as
// typed (accents, upper case, hyphens or spaces, "St-" abbreviation, missing accents), later-word prefixes, and
// postal codes, partial and full.
QStringList buildQueries(const CommuneIndex &index, int count)
{
    QList<CommuneMatch> pool;
    for (char a = 'a'; a <= 'z'; ++a) {
        for (char b = 'a'; b <= 'z'; ++b) {
            const QString seed = QString(QLatin1Char(a)) + QLatin1Char(b);
            pool.append(index.find(seed, 40));
        }
    }
    if (pool.isEmpty())
        return {};

    QStringList queries;
    queries.reserve(count);
    Lcg rng(20240611u);
    while (queries.size() < count) {
        const CommuneMatch &m = pool.at(rng.next(static_cast<int>(pool.size())));
        const int kind = rng.next(100);
        if (kind < 65) { // name prefix
            const int len = 2 + rng.next(11);
            QString q = m.nom.left(len);
            switch (rng.next(6)) {
            case 0:
                q = q.toUpper();
                break;
            case 1:
                q = q.toLower();
                break;
            case 2:
                q.replace(QLatin1Char('-'), QLatin1Char(' '));
                break;
            case 3:
                q = CommuneIndex::normalize(q); // typed without accents
                break;
            case 4:
                if (m.nom.startsWith(QLatin1String("Saint-")))
                    q = QLatin1String("St-") + m.nom.mid(6, len);
                break;
            default:
                break; // as written
            }
            queries.append(q);
        } else if (kind < 75) { // start of a later word
            const QString normalized = CommuneIndex::normalize(m.nom);
            const qsizetype space = normalized.indexOf(QLatin1Char(' '));
            queries.append(space > 0 ? normalized.mid(space + 1, 3 + rng.next(6)) : normalized.left(4));
        } else if (!m.codePostal.isEmpty()) { // postal code, partial or full
            queries.append(m.codePostal.left(2 + rng.next(4)));
        }
    }
    return queries;
}

} // namespace

double benchCommuneLookupMs()
{
    const CommuneIndex &index = CommuneIndex::instance(); // loaded before timing
    const QStringList queries = buildQueries(index, 20000);
    if (queries.isEmpty())
        return -1.0;

    // Warm-up pass, then the timed pass.
    qsizetype results = 0;
    for (int i = 0; i < 500; ++i)
        results += index.find(queries.at(i)).size();

    QElapsedTimer timer;
    timer.start();
    for (const QString &q : queries)
        results += index.find(q).size();
    const qint64 ns = timer.nsecsElapsed();

    if (results == 0) // every query comes from real names or codes: nothing found means a broken index
        return -1.0;
    return static_cast<double>(ns) / 1e6 / static_cast<double>(queries.size());
}
