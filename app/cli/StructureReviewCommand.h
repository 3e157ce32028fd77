#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>

class QTextStream;

// `carnet bilan-structure FICHIER... --output FICHIER.xlsx [--from] [--to] [filtres]`: the structure's review of
// several mediators' activities files (StructureReview), each activity counted once; a summary per mediator on out.
// Exit 1 when a file could not be read (the others are still counted and the review written).
class StructureReviewCommand
{
    Q_DECLARE_TR_FUNCTIONS(StructureReviewCommand)

public:
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
    static QString helpText();
};
