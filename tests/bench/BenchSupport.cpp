#include "BenchSupport.h"

#include "models/demo/DemoGenerator.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Place.h"
#include "models/store/Store.h"

#include <QString>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace Bench {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

void printFigure(const char *name, double value, const char *unit, int decimals)
{
    out() << "bench " << name << ' ' << QString::number(value, 'f', decimals) << ' ' << unit << Qt::endl;
}

bool preparePool(Store &store, DemoGenerator &generator, qint64 activityCount, QString *error)
{
    if (!store.saveProfile(generator.profile(), error))
        return false;
    QList<Place> places = generator.makePlaces();
    for (Place &p : places) {
        if (!store.savePlace(p, error))
            return false;
    }
    // The count DemoGenerator::populate draws (models/demo/DemoGenerator.cpp).
    QList<Beneficiary> people
        = generator.makeBeneficiaries(static_cast<int>(std::clamp<qint64>(activityCount / 40, 5, 2000)));
    for (Beneficiary &b : people) {
        if (!store.saveBeneficiary(b, error))
            return false;
    }
    generator.setPool(places, people);
    return true;
}

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0.0;
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted.at(std::min(sorted.size(), std::max<std::size_t>(rank, 1)) - 1);
}

bool demoBase(Store &store, const QString &path, qint64 count, quint64 seed)
{
    QString error;
    DemoGenerator::Options options;
    options.count = count;
    options.seed = seed;
    if (!store.open(path, &error) || !DemoGenerator::populate(store, options, &error)) {
        err() << "carnet_bench: " << error << Qt::endl;
        return false;
    }
    return true;
}

} // namespace Bench
