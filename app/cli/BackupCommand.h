#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>

class QTextStream;

// `carnet sauvegarder FICHIER` (a consistent copy of the base, Backups::write) and `carnet restaurer FICHIER` (the base
// replaced by a verified backup, the replaced one kept in the backups folder, Backups::restore). Neither opens a Store
// on the base.
class BackupCommand
{
    Q_DECLARE_TR_FUNCTIONS(BackupCommand)

public:
    static int runSave(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
    static int runRestore(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
};
