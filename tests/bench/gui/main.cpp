// carnet_gui_bench: figures of the desktop window, one line per figure on stdout, "bench <name> <value> <unit>".
// Runs offscreen unless told otherwise. The exit code is 1 only when a bench fails (a line "FAIL <bench>: <why>" on
// stderr says why, e.g. a key scenario that could not be completed), never because a target is missed.
//   --count N        activities of the base the window opens on (default 1,000,000; made with `carnet demo`)
//   --data-dir DIR   open this existing base instead of making one
//   --only keys|window|pdf

#include "GuiBenches.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("count"), QStringLiteral("activities for the window-open bench"),
        QStringLiteral("N"), QStringLiteral("1000000")});
    parser.addOption(
        {QStringLiteral("data-dir"), QStringLiteral("existing base for the window-open bench"), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("only"), QStringLiteral("keys, window or pdf"), QStringLiteral("BENCH")});
    parser.process(app);
    const QString only = parser.value(QStringLiteral("only"));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QList<GuiFigure> figures;
    QString error;
    if (only.isEmpty() || only == QLatin1String("keys")) {
        figures += runKeysBench(&error);
        if (!error.isEmpty()) {
            err << "FAIL keys: " << error << Qt::endl;
            return 1;
        }
    }
    if (only.isEmpty() || only == QLatin1String("window")) {
        const qint64 count = parser.value(QStringLiteral("count")).toLongLong();
        err << "window: " << count << " activities" << Qt::endl;
        figures += runWindowOpenBench(
            QStringLiteral(CARNET_EXECUTABLE), parser.value(QStringLiteral("data-dir")), count, &error);
        if (!error.isEmpty()) {
            err << "FAIL window: " << error << Qt::endl;
            return 1;
        }
    }
    if (only.isEmpty() || only == QLatin1String("pdf")) {
        figures += runReviewPdfBench(&error);
        if (!error.isEmpty()) {
            err << "FAIL pdf: " << error << Qt::endl;
            return 1;
        }
    }
    for (const GuiFigure &f : std::as_const(figures))
        out << "bench " << f.name << ' ' << f.value << ' ' << f.unit << Qt::endl;
    return 0;
}
