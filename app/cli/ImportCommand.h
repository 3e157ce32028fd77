#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>

class QTextStream;

// `carnet import FICHIER... [--dry-run] [--format carnet|coop|api|tableur|v1] [--encodage windows-1252]
// [--colonnes date=A,duree=C,...] [--ignorer-erreurs]`: reads the file into a plan (Importer), prints what it would
// add, what is already there and the problems by row and column, then writes it in one go unless --dry-run. Problems
// refuse the import (exit 1, nothing written) unless --ignorer-erreurs, which imports the valid activities only and
// still exits 1.
class ImportCommand
{
    Q_DECLARE_TR_FUNCTIONS(ImportCommand)

public:
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
    static QString helpText();
};
