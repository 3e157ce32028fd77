#include "app/cli/CommandLine.h"
#include "models/store/DataLocation.h"
#include "models/store/Store.h"
#include "ui/MainWindow.h"
#include "ui/settings/WelcomeDialog.h"

#include <QApplication>
#include <QFile>
#include <QMessageBox>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace {
void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("carnet"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CARNET_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("carnet"));
}

} // namespace

int main(int argc, char **argv)
{
    QString argumentError;
    const QStringList args = CommandLine::argumentsOf(argc, argv, &argumentError);
    if (!argumentError.isEmpty()) {
        QTextStream(stderr) << argumentError << Qt::endl;
        return CommandLine::Usage;
    }
    if (!CommandLine::wantsWindow(args)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        QTextStream out(stdout);
        QTextStream err(stderr);
        const int code = CommandLine::run(args, out, err);
        out.flush();
        err.flush();
        return code;
    }

    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Carnet"));
    QApplication::setDesktopFileName(QStringLiteral("fr.carnet.Carnet"));

    const CommandLine::Parsed parsed = CommandLine::parse(args);
    Store store;
    QString error;
    if (!store.open(DataLocation::databasePath(DataLocation::resolveDirectory(parsed.dataDir)), &error)) {
        QMessageBox::critical(nullptr, QObject::tr("Carnet ne peut pas ouvrir vos données"), error);
        return CommandLine::Failure;
    }
    MainWindow window(store);
    window.show();
    if (qEnvironmentVariableIsSet("CARNET_BENCH_READY")) {
        // Benchmark hook: once the event loop turns after the first show, the window answers input. Print the peak
        // memory of the process and leave (see tests/bench/gui).
        QTimer::singleShot(0, &window, [&window] {
            QFile status(QStringLiteral("/proc/self/status"));
            QByteArray peak = "0";
            if (status.open(QIODevice::ReadOnly)) {
                for (const QByteArray &line : status.readAll().split('\n')) {
                    if (line.startsWith("VmHWM:"))
                        peak = line.mid(6).trimmed().split(' ').constFirst();
                }
            }
            std::printf("ready peak_rss_kb %s\n", peak.constData());
            std::fflush(stdout);
            window.close();
            QCoreApplication::quit();
        });
        return app.exec();
    }
    if (WelcomeDialog::isNeeded(store)) {
        WelcomeDialog welcome(store, &window);
        welcome.exec();
        window.reloadAll(); // with the profile and places just entered
    }
    window.startSession();
    return app.exec();
}
