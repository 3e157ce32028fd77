#include "models/domain/PeriodPreset.h"

PeriodPreset::Range PeriodPreset::range(Kind kind, const QDate &today, const QDate &firstDay)
{
    const QDate monthStart(today.year(), today.month(), 1);
    switch (kind) {
    case ThisMonth:
        return {monthStart, monthStart.addMonths(1).addDays(-1)};
    case LastMonth:
        return {monthStart.addMonths(-1), monthStart.addDays(-1)};
    case ThisYear:
        return {QDate(today.year(), 1, 1), QDate(today.year(), 12, 31)};
    case LastYear:
        return {QDate(today.year() - 1, 1, 1), QDate(today.year() - 1, 12, 31)};
    case Last12Months:
        return {today.addMonths(-12).addDays(1), today};
    case SinceStart:
        return {firstDay.isValid() && firstDay < today ? firstDay : today, today};
    case All:
    case Custom:
        break;
    }
    return {};
}

QString PeriodPreset::label(Kind kind)
{
    switch (kind) {
    case All:
        return tr("Tout");
    case ThisMonth:
        return tr("Ce mois-ci");
    case LastMonth:
        return tr("Le mois dernier");
    case ThisYear:
        return tr("Cette année");
    case LastYear:
        return tr("L'année dernière");
    case Last12Months:
        return tr("12 derniers mois");
    case Custom:
        return tr("Personnalisée");
    case SinceStart:
        return tr("Depuis le début");
    }
    return {};
}
