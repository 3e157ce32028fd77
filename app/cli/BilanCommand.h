#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>

class QTextStream;

// `carnet export bilan --format pdf [--from] [--to] [filters of stats] [--comparer] [--programme FICHIER.txt]
// [--logo IMAGE] [--pdfa] [--sans SECTION] --output FICHIER.pdf`: the PDF "Bilan d'activité" (ReviewPdf) of a period,
// the previous calendar year by default. It draws Qt Charts, so it needs a QApplication: app/main.cpp makes one for
// this command (offscreen when there is no display).
class BilanCommand
{
    Q_DECLARE_TR_FUNCTIONS(BilanCommand)

public:
    // `carnet export bilan` (ExportCommand dispatches it here).
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
    // True when these arguments ask for `export bilan` (what app/main.cpp makes a QApplication for).
    static bool wanted(const CommandLine::Parsed &parsed);
    static QString helpText();
};
