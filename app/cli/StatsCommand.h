#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>
#include <QDate>

struct StatsFilter;
class Store;

class QTextStream;

// `carnet stats`: the statistics of a period (`--from`, `--to`, filters, `--comparer`) as a French summary or JSON
// (`--json`).
class StatsCommand
{
    Q_DECLARE_TR_FUNCTIONS(StatsCommand)

public:
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
    // The period and filters of the options (--from, --to, --depuis-le-debut, --type, --lieu, --commune,
    // --departement, --thematique, --tag, --comparer), as `stats` reads them, for every command that takes them
    // (`export`): false with a French message that starts with the command's name. --depuis-le-debut is applied by
    // sinceStart() once the base is open.
    static bool readFilter(const CommandLine::Parsed &parsed, const QDate &today, StatsFilter *filter, QString *error,
        const QString &command = QStringLiteral("stats"));
    static void sinceStart(const CommandLine::Parsed &parsed, const Store &store, StatsFilter *filter);
};
