#pragma once

// The command line run in this process, as `carnet ARGS...` would run it (tests/app): its exit code and what it
// printed on standard output and error.

#include "app/cli/CommandLine.h"

#include <QStringList>
#include <QTextStream>

namespace CommandRunner {

struct Result
{
    int code = -1;
    QString out;
    QString err;
};

inline Result run(const QStringList &args)
{
    Result r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = CommandLine::run(args, out, err);
    out.flush();
    err.flush();
    return r;
}

// The same on the data folder dataDir (`carnet --data-dir DIR ARGS...`).
inline Result run(const QString &dataDir, const QStringList &args)
{
    return run(QStringList{QStringLiteral("--data-dir"), dataDir} + args);
}

} // namespace CommandRunner
