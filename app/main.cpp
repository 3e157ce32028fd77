#include "CommandLine.h"
#include "DataLocation.h"
#include "MainWindow.h"
#include "Store.h"

#include <QApplication>
#include <QMessageBox>
#include <QTextStream>

#include <cstdio>

namespace {
void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("carnet"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CARNET_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("carnet"));
}

QStringList argumentsOf(int argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));
    return args;
}
} // namespace

int main(int argc, char **argv)
{
    const QStringList args = argumentsOf(argc, argv);
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
    return app.exec();
}
