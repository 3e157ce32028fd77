#pragma once

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

// The result structures of StatsEngine (see StatsEngine.h for what every figure means).

// The headline figures of one period.
struct Headline
{
    QDate from;
    QDate to;
    qint64 activites = 0;
    qint64 individuels = 0;
    qint64 collectifs = 0; // workshops
    qint64 accompagnements = 0;
    qint64 participantsAteliers = 0; // accompagnements of the workshops
    qint64 beneficiaires = 0; // suivis + anonymes
    qint64 suivis = 0; // distinct followed beneficiaries
    qint64 anonymes = 0; // anonymous accompagnements
    qint64 nouveaux = 0;
    qint64 minutes = 0; // sum of durations, a workshop counted once

    bool operator==(const Headline &o) const
    {
        return from == o.from && to == o.to && activites == o.activites && individuels == o.individuels
            && collectifs == o.collectifs && accompagnements == o.accompagnements
            && participantsAteliers == o.participantsAteliers && beneficiaires == o.beneficiaires && suivis == o.suivis
            && anonymes == o.anonymes && nouveaux == o.nouveaux && minutes == o.minutes;
    }
    bool operator!=(const Headline &o) const { return !(*this == o); }
};

struct BreakdownItem
{
    QString code; // nomenclature code, tag, place id (without braces) or INSEE code; "non_communique" when missing
    QString label; // French
    qint64 count = 0; // weighted by accompagnements
    double percent = 0.0; // of the breakdown's total, as proportion() computes it (shown with one decimal)
    // Multi-valued breakdowns (thématiques, matériel, étiquettes): the share of the period's accompagnements that carry
    // the value, as proportion() computes it (together they make more than 100, as an activity carries several); -1
    // elsewhere.
    double accompagnementsPercent = -1.0;
};

struct Breakdown
{
    QString key; // "type_activite", "thematique_mediation", ... (StatsEngine.h lists them)
    QList<BreakdownItem> items;
    qint64 total = 0; // sum of the items' counts

    const BreakdownItem *item(const QString &code) const;
};

struct SeriesPoint
{
    QString key; // "2026-01" for a month, "2026-01-15" for a day
    QString label; // French: "janv. 2026", "15/01"
    QDate start; // first day of the month, or the day
    qint64 accompagnements = 0;
};

struct Series
{
    QString key; // "mois" or "jours"
    QList<SeriesPoint> points; // oldest first
};

struct StatsResult
{
    Headline headline;
    Headline previous; // the previous period of the same length
    std::optional<Headline> yearBefore; // when StatsFilter::compareYearBefore
    QList<Breakdown> breakdowns; // in the order of Breakdowns::all()
    Series months; // every calendar month of the period, each counted inside the period
    Series days; // every day of the period
    bool cancelled = false;
    QString error; // French, when the database could not be read

    const Breakdown *breakdown(const QString &key) const;
};

// A count's share of a total in percent as the platform computes it (allocatePercentages.ts: Math.round(100000 ×
// count / total) / 1000, three decimals, shown with one; no adjustment so that shares add up to 100); 0 when the total
// is 0.
double proportion(qint64 count, qint64 total);
