#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Place.h"
#include "models/domain/Profile.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>
#include <functional>
#include <random>

class Store;

// Realistic synthetic data for demonstrations and benchmarks: a mediator in a rural département, a few places,
// followed beneficiaries, and activities over the last 24 months (individual and collective, démarches, deleted
// ones). The same seed and day give the same data.
class DemoGenerator
{
    Q_DECLARE_TR_FUNCTIONS(DemoGenerator)

public:
    // Activities fall on the 24 months up to today; no timestamp is later than notAfter (the store's now, so that
    // modification never precedes creation once the store stamps a change). Invalid notAfter: end of today.
    DemoGenerator(quint64 seed, const QDate &today, const QDateTime &notAfter = {});

    Profile profile() const;
    QList<Place> makePlaces();
    QList<Beneficiary> makeBeneficiaries(int count);
    // Uses these places and beneficiaries for the activities that follow.
    void setPool(const QList<Place> &places, const QList<Beneficiary> &beneficiaries);
    Activity nextActivity();

    struct Options
    {
        qint64 count = 0;
        quint64 seed = 1;
        bool append = false;
        int batchSize = 20000;
    };
    // What `carnet demo` does: refuses a base that has activities unless append, then fills it batch by batch (each
    // batch one transaction). progress(done, total) after each batch; returning false from it cancels. When appending,
    // the seed is combined with the number of activities already there, so that appends never redraw the ids of
    // earlier ones. On failure after some batches were committed, *error says what stays in the base.
    static bool populate(
        Store &store, const Options &options, QString *error, const std::function<bool(qint64, qint64)> &progress = {});

private:
    int uniform(int lo, int hi); // inclusive
    bool chance(double p);
    template <typename T> const T &pick(const QList<T> &list)
    {
        return list.at(uniform(0, static_cast<int>(list.size()) - 1));
    }
    QString weighted(const QList<QPair<QString, int>> &choices);
    QUuid uuid();
    CommuneRef commune();
    QDateTime timestampOn(const QDate &date);
    QDateTime capped(const QDateTime &t) const { return std::min(t, m_notAfter); }

    std::mt19937_64 m_rng;
    QDate m_today;
    QDateTime m_notAfter;
    QList<CommuneRef> m_communes;
    QList<Place> m_places;
    QList<Beneficiary> m_beneficiaries;
};
