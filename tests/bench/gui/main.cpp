// carnet_gui_bench: figures of the desktop window, one line per figure on stdout, "bench <name> <value> <unit>".
// Runs offscreen unless told otherwise. The exit code is 1 only when a bench fails, never because a target is missed.

#include "GuiBenches.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);

    QString error;
    const QList<GuiFigure> figures = runKeysBench(&error);
    if (!error.isEmpty()) {
        err << "keys bench failed: " << error << Qt::endl;
        return 1;
    }
    for (const GuiFigure &f : figures)
        out << "bench " << f.name << ' ' << f.value << ' ' << f.unit << Qt::endl;
    return 0;
}
