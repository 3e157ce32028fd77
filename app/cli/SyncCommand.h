#pragma once

#include "app/cli/CommandLine.h"

#include <QCoreApplication>

class QTextStream;

// `carnet sync [--server URL]`: one sync of the base with carnet-serveur (the push of what is due, then the pull of
// what changed elsewhere), as the window's "Synchroniser maintenant" does; the token from CARNET_TOKEN, else from
// where the settings keep it. Prints a summary; exit code 1 when anything failed or waits for a retry.
class SyncCommand
{
    Q_DECLARE_TR_FUNCTIONS(SyncCommand)

public:
    static int run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
    static QString helpText();
};
