#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>

class QTextStream;

// `carnet stats`: the statistics of a period (`--from`, `--to`, filters, `--comparer`) as a French summary or JSON
// (`--json`).
class StatsCommand
{
    Q_DECLARE_TR_FUNCTIONS(StatsCommand)

public:
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
};
