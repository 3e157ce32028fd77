#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>

// The periods a mediator picks from (Mes activités, Statistiques): "Ce mois-ci", "Le mois dernier", "Cette année",
// "L'année dernière", "12 derniers mois", "Depuis le début" (from the first activity to today), each as a range of
// days for a given today. The values are stored in QSettings: new kinds go at the end.
class PeriodPreset
{
    Q_DECLARE_TR_FUNCTIONS(PeriodPreset)

public:
    enum Kind { All, ThisMonth, LastMonth, ThisYear, LastYear, Last12Months, Custom, SinceStart };

    struct Range
    {
        QDate from; // invalid: no lower bound
        QDate to; // invalid: no upper bound
        bool operator==(const Range &o) const { return from == o.from && to == o.to; }
    };

    // The range of a preset on `today`; All and Custom give an open range. SinceStart runs from firstDay (the date of
    // the first activity; invalid or later than today: today) to today.
    static Range range(Kind kind, const QDate &today, const QDate &firstDay = QDate());
    static QString label(Kind kind);
};
