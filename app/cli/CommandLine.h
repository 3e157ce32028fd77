#pragma once

#include <algorithm>

#include <QCoreApplication>
#include <QMultiMap>
#include <QStringList>

#include "models/store/Store.h"

class QTextStream;

// `carnet [--data-dir DIR] SUBCOMMAND [options]`: the batch side of Carnet. Messages are French; exit codes are
// 0 (success), 1 (the work failed or found problems) and 2 (the command line itself is wrong). This is the parser, the
// table of commands and their options, and the help; each command runs in a class of its own (InfoCommand,
// DemoCommand, CheckCommand, StatsCommand, BackupCommand, SalvageCommand).
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    enum ExitCode { Success = 0, Failure = 1, Usage = 2 };

    struct Parsed
    {
        QString dataDir;
        QString command; // empty: open the window
        // "--count" -> "1000", flags -> ""; an option given several times has several values (value(): the last).
        QMultiMap<QString, QString> options;
        // Every value of an option, in the order given.
        QStringList all(const QString &option) const
        {
            QStringList values = options.values(option);
            std::reverse(values.begin(), values.end());
            return values;
        }
        // The command's own arguments that are not options (`carnet sauvegarder FICHIER`), in the order given.
        QStringList arguments;
        bool help = false;
        bool version = false;
        QString error; // French, when the command line is wrong
    };

    static Parsed parse(const QStringList &arguments); // arguments without the program name
    // True when these arguments ask for the window rather than a batch command.
    static bool wantsWindow(const QStringList &arguments);

    // Runs a batch command; output goes to out, messages and progress to err.
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);

    static QString helpText(const QString &command = QString());

    // The base file of the data folder for a command that works on the file without opening a Store (sauvegarder,
    // recuperer): empty, with the French reason on err, when the folder holds no base or an empty base beside a
    // journal holding data (Store::orphanJournal: opening it would delete that journal). nothingTo ends the message
    // ("rien à sauvegarder").
    static QString existingBase(const Parsed &parsed, QTextStream &err, const QString &nothingTo);

    // The program's arguments as text. A path is used by its bytes: an argument (or $CARNET_DATA_DIR) that is not
    // UTF-8, which Qt could only read with its bytes replaced, so naming another folder, is refused (*error, French).
    static QStringList argumentsOf(int argc, char **argv, QString *error);

    // Opens the base of the data folder (--data-dir, else $CARNET_DATA_DIR, else the user's); on failure writes the
    // French error to err. dir receives the folder. Read commands pass options.create = false: a mistyped folder is
    // then an error, never a new base. A base opened read-only (damaged, read-only file or disk) is said on err.
    static bool openStore(Store &store, const Parsed &parsed, QString *dir, QTextStream &err,
        const Store::OpenOptions &options = Store::OpenOptions());
};
