#include "tests/support/CrashScenario.h"

#include "models/demo/DemoGenerator.h"

namespace CrashScenario {

QDateTime fixedNow()
{
    return QDateTime(QDate(2026, 6, 30), QTime(12, 0), Qt::UTC);
}

QDate generationDay()
{
    return QDate(2026, 6, 29);
}

bool isBatchStep(qint64 step)
{
    return step % 6 == 5;
}

bool isDeleteStep(qint64 step)
{
    return step % 4 == 3;
}

Activity activityAt(quint64 seed, qint64 index, const QList<Place> &places, const QList<Beneficiary> &people)
{
    DemoGenerator generator(seed * 1000003ULL + static_cast<quint64>(index), generationDay());
    generator.setPool(places, people);
    return generator.nextActivity();
}

} // namespace CrashScenario
