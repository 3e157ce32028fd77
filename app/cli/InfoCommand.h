#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>

class QTextStream;

// `carnet info`: prints where the data lives, the schema version and the counts of activities, beneficiaries and places
// (`--json` for JSON).
class InfoCommand
{
    Q_DECLARE_TR_FUNCTIONS(InfoCommand)

public:
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
};
