#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>

class QTextStream;

// `carnet export activites|statistiques|beneficiaires --format csv|xlsx [--separateur virgule] [period and filters
// as `stats`] --output FICHIER`: the exports of models/io. The file is written under a temporary name and renamed at
// the end: on a failure (exit 1, a French message), nothing is at FICHIER and a file already there is untouched.
// Progress goes to err for a long export.
class ExportCommand
{
    Q_DECLARE_TR_FUNCTIONS(ExportCommand)

public:
    // The kinds this file writes (the PDF review adds "bilan" in BilanCommand).
    static QStringList kinds();
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
    // Runs one of kinds() (parsed.arguments.first()).
    static int runKind(const QString &kind, const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
};
