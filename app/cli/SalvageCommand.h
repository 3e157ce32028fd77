#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>

class QTextStream;

// `carnet recuperer [--force]`: when the base is damaged, what is still readable is copied into a new base that takes
// its place (Salvage::run); a base SQLite finds sound is refused unless --force.
class SalvageCommand
{
    Q_DECLARE_TR_FUNCTIONS(SalvageCommand)

public:
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
};
