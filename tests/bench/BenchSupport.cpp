#include "BenchSupport.h"

#include "models/demo/DemoGenerator.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Place.h"
#include "models/store/Store.h"

#include <QString>
#include <QTextStream>

#include <algorithm>
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

} // namespace Bench
