#pragma once

#include "models/stats/StatsFilter.h"
#include "models/stats/StatsResult.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QStringList>
#include <QUuid>

#include <functional>

// The national platform's "Mes statistiques" figures on the local base, as its queries count them (La Coop's source,
// apps/web/src/app/coop/(sidemenu-layout)/mes-statistiques/_queries/).
//
// Which activities: the non-deleted ones dated in the filter's period that match every filter (several values of one
// filter are alternatives; départements match the first characters of the INSEE code). Communes of an activity
// (filter and breakdown): the commune of its place for "lieu_activite", the structure's commune (profile) for
// "a_distance" without a commune of its own, its own commune otherwise; none → "non_communique".
//
// Headline (getTotalCountsStats.ts):
// - activites, individuels, collectifs: activities (a workshop is one activity);
// - accompagnements: 1 per individual activity, the participants of a workshop (followed + anonymous; the stored
//   column); participantsAteliers: the accompagnements of the workshops;
// - suivis: distinct followed beneficiaries among the activities (individual or workshop participant); anonymes: one
//   per anonymous accompagnement (an individual activity without followed beneficiary, each anonymous workshop
//   participant), plus each deleted (anonymised) beneficiary once; beneficiaires = suivis + anonymes;
// - nouveaux: the accompagnements that are a followed beneficiary's first ever (their earliest non-deleted activity,
//   by date then id, whatever the filters) and themselves pass every filter inside the period, plus the anonymous
//   accompagnements not marked as already accompanied (an individual one whose "déjà accompagné" is not "oui",
//   unanswered included; in a workshop the anonymous participants minus those counted "déjà accompagnés");
// - minutes: the sum of the durations, a workshop counted once.
//
// Breakdowns of accompagnements (getActivitesStats.ts; an activity adds its accompagnements to each value it carries):
// - "type_activite", "type_lieu" (canaux), "duree" (Nomenclature::durationBuckets() keys), "materiel": every value of
//   the list, in nomenclature order, zeros included;
// - "thematique_mediation", "thematique_demarche": every value, by decreasing count (ties in nomenclature order);
//   "tags": the values seen, by decreasing count; multi-valued, each value's share of all mentions;
// - "lieux" (code: place id without braces, label: its name; only activities at a place of activity) and "communes"
//   (INSEE code, label "Commune · code postal"): every value seen, by decreasing count, then label.
// Breakdowns of beneficiaries (getBeneficiaireStats.ts), distinct people: "genre", "tranche_age", "statut_social"
// (every nomenclature value, in order; "non_communique" takes what is missing) and "commune_residence" (INSEE code,
// label "Commune · code postal", by decreasing count, "non_communique" among them). A followed beneficiary counts
// once in the period (tranche d'âge from the birth year at today's year when it lies between 1900 and today's year,
// else the stored band: derivedTrancheAgeSql.ts); each anonymous accompagnement is a person (same rule for its age);
// a workshop's anonymous participants are dealt its counters, what a group does not account for being non communiqué
// (no commune de résidence is recorded for them).
// Percentages: proportion() (allocatePercentages.ts), no adjustment.
//
// Evolution (getAccompagnementsCountByPeriod.ts): accompagnements of the matching activities for every calendar month
// and every day of the period, counted inside it.
//
// Comparison: the same headline figures for the previous period of the same length and, on request, the same period
// one year before.
//
// One pass over the statistics' copy of the activities (StatsCopySchema.h), from the earliest day needed (previous
// period, year before) to the period's end, with the beneficiaries, places, profile and the copy's texts
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
    // with codes "yyyy-MM" or "jours" with codes "yyyy-MM-dd" for the evolution (several days for a week). For the
    // breakdowns of beneficiaries, the activities of the people counted in the items. Ids in date order. Callable from
    // a worker thread with its own connection, like compute().
    static StatsActivities activitiesBehind(const QSqlDatabase &db, const StatsFilter &filter, const QString &key,
        const QStringList &codes, const QDate &today, const std::function<bool()> &cancelled = {});

    // The default period: the 12 months ending today (from = today - 1 year + 1 day).
    static StatsFilter defaultFilter(const QDate &today);
};
