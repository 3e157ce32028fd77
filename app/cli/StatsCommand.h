#pragma once

#include "app/cli/CommandLine.h"
#include "models/stats/StatsFilter.h"

#include <QCoreApplication>

class QTextStream;

// `carnet stats`: the statistics of a period (`--from`, `--to`, filters, `--comparer`) as a French summary or JSON
// (`--json`).
class StatsCommand
{
    Q_DECLARE_TR_FUNCTIONS(StatsCommand)

public:
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
    // The period and filters of these options (--from, --to, --type, --lieu, --commune, --departement,
    // --thematique, --tag, --comparer), as `stats` reads them; false with a French message ("stats : …").
    static bool readFilter(const CommandLine::Parsed &parsed, const QDate &today, StatsFilter *filter, QString *error);
};
