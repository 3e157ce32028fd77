#pragma once

#include "models/list/ActivityFilter.h"
#include "models/stats/StatsFilter.h"

#include <QDate>
#include <QList>
#include <QStringList>
#include <QUuid>

// Which activities an export takes: the filter of the view it starts from, the list's (ActivityFilter: period, types,
// places, thématiques, a text, a selection) or the statistics' (StatsFilter: period, types, places, communes,
// départements, thématiques, tags, sources). Every criterion is optional; the ones set all apply; several values of one
// are alternatives. Deleted activities are never exported.
struct ExportFilter
{
    QDate from; // invalid: no lower bound
    QDate to; // invalid: no upper bound
    QStringList types;
    QList<QUuid> lieux;
    QStringList communes; // INSEE codes of the activity's commune, as StatsEngine.h defines it
    QStringList departements;
    QStringList thematiques;
    QStringList tags;
    QStringList sources; // ActivitySource codes, as StatsFilter::sources
    QString text; // the list's search (ActivityFilter::text)
    QList<QUuid> ids;

    static ExportFilter fromList(const ActivityFilter &f)
    {
        ExportFilter e;
        e.from = f.from;
        e.to = f.to;
        e.types = f.types;
        e.lieux = f.lieux;
        e.thematiques = f.thematiques;
        e.text = f.text;
        e.ids = f.ids;
        return e;
    }
    static ExportFilter fromStats(const StatsFilter &f)
    {
        ExportFilter e;
        e.from = f.from;
        e.to = f.to;
        e.types = f.types;
        e.lieux = f.lieux;
        e.communes = f.communes;
        e.departements = f.departements;
        e.thematiques = f.thematiques;
        e.tags = f.tags;
        e.sources = f.sources;
        return e;
    }
    // The statistics' filter for the same activities (the list's text and selection aside: the statistics have none).
    StatsFilter toStats() const
    {
        StatsFilter f;
        f.from = from;
        f.to = to;
        f.types = types;
        f.lieux = lieux;
        f.communes = communes;
        f.departements = departements;
        f.thematiques = thematiques;
        f.tags = tags;
        f.sources = sources;
        return f;
    }
    // The list's filter for what it can say (a count for the progress bar); communes, départements, tags and sources
    // aside.
    ActivityFilter listFilter() const
    {
        ActivityFilter f;
        f.from = from;
        f.to = to;
        f.types = types;
        f.lieux = lieux;
        f.thematiques = thematiques;
        f.text = text;
        f.ids = ids;
        return f;
    }
};
