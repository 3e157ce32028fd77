#pragma once

#include "models/stats/StatsFilter.h"
#include "models/stats/StatsResult.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QStringList>
#include <QUuid>

#include <functional>
#include <optional>

// The national platform's "Mes statistiques" figures on the local base, as its queries count them (La Coop's source,
// apps/web/src/app/coop/(sidemenu-layout)/mes-statistiques/_queries/).
//
// Which activities: the non-deleted ones dated in the filter's period that match every filter. Communes of an activity
// (filter and breakdown): the commune of its place for "lieu_activite", the structure's commune (profile) for
// "a_distance" without a commune of its own, its own commune otherwise; none → "non_communique".
//
// Headline:
// - activites, individuels, collectifs: activities (a workshop is one activity);
// - accompagnements: 1 per individual activity, the participants of a workshop (followed + anonymous; the stored
//   column); participantsAteliers: the accompagnements of the workshops;
// - suivis: distinct followed beneficiaries among the activities (individual or workshop participant); anonymes: one
//   per anonymous accompagnement (an individual activity without followed beneficiary, each anonymous workshop
//   participant); beneficiaires = suivis + anonymes;
// - nouveaux: the followed beneficiaries counted in suivis whose first accompagnement ever (the earliest non-deleted
//   activity of theirs, whatever the filters) falls in the period, plus the anonymous accompagnements not marked as
//   already accompanied (an individual one whose "déjà accompagné" is not "oui", unanswered included; in a workshop the
//   anonymous participants minus those counted "déjà accompagnés");
// - minutes: the sum of the durations, a workshop counted once.
//
// Breakdowns, weighted by accompagnements (an activity adds its accompagnements to each value it carries):
// - "type_activite", "type_lieu" (canaux), "duree" (Nomenclature::durationBuckets() keys): every value of the list, in
//   nomenclature order, zeros included;
// - multi-valued: "thematique_mediation", "thematique_demarche", "materiel" (every nomenclature value, in order) and
//   "tags" (sorted by count): each value's share of all mentions, so that they add up to 100;
// - "lieux" (code: place id without braces, label: its name; only activities at a place of activity) and "communes"
//   (INSEE code, label: the commune's name): every value seen, sorted by count, then label; "non_communique" last;
// - public: "genre", "tranche_age", "statut_social" (every nomenclature value, in order; "non_communique" takes what
//   is missing) and "commune_residence" (INSEE code, sorted by count; "non_communique" last). An individual activity
//   counts its followed beneficiary's record (tranche d'âge from the birth year when only the year is known) or its
//   anonymous person; a workshop counts its anonymous counters (what a group does not account for is non communiqué;
//   no commune de résidence is recorded for them) plus each followed participant's record.
// Percentages: largestRemainder() at one decimal over the breakdown's items.
//
// Evolution: accompagnements of the matching activities per month for the 12 calendar months ending with the month
// of the period's last day (the last month stops at that day), and per day for the 30 days ending on it; activities
// before the period's first day count there too.
//
// Comparison: the same headline figures for the previous period of the same length and, on request, the same period
// one year before.
//
// One pass over the statistics' copy of the activities (StatsCopySchema.h), from the earliest day needed (previous
// period, evolution, year before) to the period's end, with the beneficiaries, places, profile and the copy's texts
// read first. SQLite calls a function of the engine on every activity of the pass when the QSQLITE driver's connection
// is at hand (Linux); QtSql reads the same columns otherwise (or when CARNET_STATS_QTSQL is set); both give the same
// result. On a base of 50,000 activities or more and a machine with several cores, a second thread reads the later half
// of the days on its own read-only connection and its figures are merged (CARNET_STATS_THREADS=1 or 2 forces one or
// two). Callable from any thread with a connection opened by that thread; cancelled() is called from that thread only,
// every 4096 activities and while waiting for the second thread (the result then has cancelled set and no figures).
struct StatsActivities
{
    QList<QUuid> ids;
    QString error;
    bool cancelled = false;
};

class StatsEngine
{
    Q_DECLARE_TR_FUNCTIONS(StatsEngine)

public:
    static StatsResult compute(const QSqlDatabase &db, const StatsFilter &filter, const QDate &today,
        const std::function<bool()> &cancelled = {});

    // The non-deleted activities that add to the given items of a breakdown under the filter (the period's activities,
    // as compute() counts them): key from Breakdowns::keys(), codes of its items (several for "Autres"); key "mois"
    // with codes "yyyy-MM" or "jours" with codes "yyyy-MM-dd" for the evolution (whose months and days may start before
    // the period). Ids in date order. Callable from a worker thread with its own connection, like compute().
    static StatsActivities activitiesBehind(const QSqlDatabase &db, const StatsFilter &filter, const QString &key,
        const QStringList &codes, const QDate &today, const std::function<bool()> &cancelled = {});

    // The date of the earliest non-deleted activity ("Depuis le début"); none on an empty base or when the base
    // cannot be read.
    static std::optional<QDate> firstDay(const QSqlDatabase &db);
    // The default period: the 12 months ending today (from = today - 1 year + 1 day).
    static StatsFilter defaultFilter(const QDate &today);
};
