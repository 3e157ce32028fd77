#pragma once

#include <QDate>
#include <QList>
#include <QStringList>
#include <QUuid>

// What the statistics look at: a period (both days included) and optional filters. An empty list means "any".
// Several values in one list are alternatives (an activity matches when it carries one of them); different lists
// combine (an activity must match every non-empty one).
struct StatsFilter
{
    QDate from; // first day of the period, included
    QDate to; // last day of the period, included
    QStringList types; // "individuel", "collectif"
    QList<QUuid> lieux; // places of activity (only activities held at one of them)
    QStringList communes; // INSEE codes of the activity's commune (see StatsEngine: "communes")
    QStringList departements; // département codes ("01".."95", "2A", "2B", "971".."976") of the activity's commune
    QStringList thematiques; // médiation numérique or démarche codes
    QStringList tags;
    // Where the activities come from (ActivitySource codes: carnet, coop, v1, tableur), as the platform's "source"
    // filter (activitesFiltersSqlWhereConditions.ts: v1 for the Espace Coop archive, v2 for the rest), with Carnet's
    // own sources.
    QStringList sources;
    // Also compute the headline figures of the same period one year before.
    bool compareYearBefore = false;

    // Same length, just before: [from - length, from - 1].
    QDate previousFrom() const { return from.addDays(-(from.daysTo(to) + 1)); }
    QDate previousTo() const { return from.addDays(-1); }
};
