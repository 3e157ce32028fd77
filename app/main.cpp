#include "app/cli/BilanCommand.h"
#include "app/cli/CommandLine.h"
#include "models/store/Backups.h"
#include "models/store/DataLocation.h"
#include "models/store/Salvage.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "ui/DamagedBaseDialog.h"
#include "ui/MainWindow.h"
#include "ui/SingleInstance.h"
#include "ui/settings/WelcomeDialog.h"
#include "ui/widgets/FrenchDialogs.h"
#include "ui/widgets/ProgressTask.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
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

QString tr(const char *text)
{
    return QCoreApplication::translate("main", text);
}

// How long the window's start waits for a base another program holds before asking "Réessayer / Quitter".
constexpr int kStartBusyWaitMs = 1500;

// Opens the base; when another program holds it, asks "Réessayer / Quitter" instead of a long silence.
bool openStore(Store &store, const QString &dbPath)
{
    Store::OpenOptions options;
    options.busyTimeoutMs = kStartBusyWaitMs;
    while (true) {
        QString error;
        if (store.open(dbPath, &error, options))
            return true;
        if (!store.wasBusy()) {
            FrenchDialogs::critical(nullptr, tr("Carnet ne peut pas ouvrir vos données"), error);
            return false;
        }
        // The store's message names the base and says what to do; the box adds who it may be.
        QMessageBox box(QMessageBox::Warning, tr("Base occupée"),
            tr("%1\n\nCe peut être une commande de Carnet en cours ou un outil qui lit la base.").arg(error),
            QMessageBox::Retry | QMessageBox::Close);
        FrenchDialogs::translate(box);
        box.button(QMessageBox::Retry)->setText(tr("&Réessayer"));
        box.button(QMessageBox::Close)->setText(tr("&Quitter"));
        box.setDefaultButton(QMessageBox::Retry);
        if (box.exec() != QMessageBox::Retry)
            return false;
    }
}

// A backup chosen in the backups folder, checked and confirmed; empty when cancelled or refused.
QString chooseBackup(const QString &dbPath)
{
    const QList<Backups::Info> copies = Backups::list(dbPath);
    const QString start = copies.isEmpty() ? Backups::folderOf(dbPath) : copies.constFirst().filePath;
    const QString file = QFileDialog::getOpenFileName(
        nullptr, tr("Restaurer une sauvegarde"), start, tr("Sauvegardes de Carnet (*.sqlite);;Tous les fichiers (*)"));
    if (file.isEmpty())
        return QString();
    Backups::Info info;
    QString error;
    if (!Backups::verify(file, &info, &error)) {
        FrenchDialogs::warning(nullptr, tr("Sauvegarde refusée"), error);
        return QString();
    }
    const QLocale french(QLocale::French, QLocale::France);
    if (!FrenchDialogs::confirm(nullptr, tr("Restaurer une sauvegarde"),
            tr("Restaurer la sauvegarde « %1 » ?\n\nElle date du %2 et contient %3.")
                .arg(QDir::toNativeSeparators(file),
                    french.toString(info.created, QStringLiteral("d MMMM yyyy 'à' HH:mm")),
                    FrenchText::count(info.activities, tr("activité"), tr("activités"))),
            tr("&Restaurer")))
        return QString();
    return file;
}

// Replaces the closed base by the backup and says how it went.
void restore(const QString &backupFile, const QString &dbPath)
{
    QString keptAside;
    QString error;
    bool restored = false;
    // On a worker, behind a progress dialog: it verifies the backup in full (integrity_check) and copies it.
    ProgressTask::run(tr("Restauration de la sauvegarde…"),
        [&] { restored = Backups::restore(backupFile, dbPath, &keptAside, &error); });
    if (!restored) {
        FrenchDialogs::critical(nullptr, tr("Restauration impossible"), error);
        return;
    }
    FrenchDialogs::information(nullptr, tr("Sauvegarde restaurée"),
        tr("Vos données sont celles de la sauvegarde « %1 ».\n\nLes données remplacées sont gardées dans « %2 ».")
            .arg(QDir::toNativeSeparators(backupFile), QDir::toNativeSeparators(keptAside)));
}

void salvage(const QString &dbPath)
{
    SalvageReport report;
    QString error;
    bool salvaged = false;
    ProgressTask::run(
        tr("Récupération de ce qui est lisible…"), [&] { salvaged = Salvage::run(dbPath, &report, &error); });
    if (!salvaged) {
        FrenchDialogs::critical(nullptr, tr("Récupération impossible"), error);
        return;
    }
    using FrenchText::count;
    QString text
        = tr("Carnet a récupéré dans une nouvelle base : %1, %2, %3%4.")
              .arg(count(report.activities, tr("activité"), tr("activités")),
                  count(report.beneficiaries, tr("bénéficiaire"), tr("bénéficiaires")),
                  count(report.places, tr("lieu"), tr("lieux")), report.profile ? tr(" et votre profil") : QString());
    if (report.unreadable > 0)
        text += QLatin1Char(' ')
            + tr("%1 n'ont pas pu être lues et sont perdues.")
                  .arg(count(report.unreadable, tr("partie de la base"), tr("parties de la base")));
    text += QStringLiteral("\n\n")
        + tr("Le fichier endommagé est gardé dans « %1 ».").arg(QDir::toNativeSeparators(report.keptAside));
    FrenchDialogs::information(nullptr, tr("Récupération terminée"), text);
}

// Benchmark hook: once the event loop turns after the first show, the window answers input. Print the peak memory of
// the process and leave (see tests/bench/gui).
void benchReady(MainWindow &window)
{
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
}

int runWindow(QApplication &app, const QString &dataDir)
{
    SingleInstance instance(dataDir);
    QString error;
    switch (instance.acquire(&error)) {
    case SingleInstance::Result::HeldByOther:
        if (instance.raiseOwner())
            return CommandLine::Success; // the window already open on this folder comes forward
        FrenchDialogs::critical(nullptr, tr("Carnet est déjà ouvert"), instance.ownerDescription());
        return CommandLine::Failure;
    case SingleInstance::Result::Failed:
        FrenchDialogs::critical(nullptr, tr("Carnet ne peut pas ouvrir vos données"), error);
        return CommandLine::Failure;
    case SingleInstance::Result::Acquired:
    case SingleInstance::Result::Unlocked: // a read-only folder: the window opens read-only
        break;
    }
    QPointer<MainWindow> current;
    QObject::connect(&instance, &SingleInstance::raiseRequested, &app, [&current] {
        const QString log = qEnvironmentVariable("CARNET_TEST_RAISE_LOG"); // tests: the request was received
        if (!log.isEmpty()) {
            QFile file(log);
            if (file.open(QIODevice::Append))
                file.write("raise\n");
        }
        if (current)
            current->bringForward();
        else if (QWidget *modal = QApplication::activeModalWidget()) {
            modal->raise();
            modal->activateWindow();
        }
    });

    const QString dbPath = DataLocation::databasePath(dataDir);
    // Each turn opens the base and shows a window on it; a restore or a salvage closes both and takes another turn.
    while (true) {
        QString restoreFile;
        bool salvageAsked = false;
        int code = CommandLine::Success;
        {
            Store store;
            if (!openStore(store, dbPath))
                return CommandLine::Failure;
            if (store.isDamaged()) {
                DamagedBaseDialog dialog(dbPath, store.damage());
                dialog.exec();
                if (dialog.choice() == DamagedBaseDialog::RestoreBackup) {
                    restoreFile = chooseBackup(dbPath);
                    if (restoreFile.isEmpty())
                        continue; // back to the question
                } else if (dialog.choice() == DamagedBaseDialog::Salvage) {
                    store.close();
                    salvage(dbPath);
                    continue;
                }
            }
            if (restoreFile.isEmpty()) {
                MainWindow window(store);
                current = &window;
                QObject::connect(
                    &window, &MainWindow::restoreRequested, &window, [&window, &restoreFile](const QString &file) {
                        restoreFile = file;
                        window.close();
                        QCoreApplication::quit();
                    });
                QObject::connect(&window, &MainWindow::salvageRequested, &window, [&window, &salvageAsked] {
                    salvageAsked = true;
                    window.close();
                    QCoreApplication::quit();
                });
                window.show();
                if (qEnvironmentVariableIsSet("CARNET_BENCH_READY")) {
                    benchReady(window);
                    return app.exec();
                }
                if (!store.isReadOnly() && WelcomeDialog::isNeeded(store)) {
                    WelcomeDialog welcome(store, &window);
                    welcome.exec();
                    window.reloadAll(); // with the profile and places just entered
                }
                window.startSession();
                code = app.exec();
            }
        }
        // The store is closed here: the window and it are gone.
        if (salvageAsked)
            salvage(dbPath);
        else if (!restoreFile.isEmpty())
            restore(restoreFile, dbPath);
        else
            return code;
    }
}
// A command of the command line, once the application object (QCoreApplication, or QApplication for what draws) is
// made: its output on stdout and stderr, its exit code.
int runCommand(const QStringList &args)
{
    setIdentity();
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = CommandLine::run(args, out, err);
    out.flush();
    err.flush();
    return code;
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
    if (BilanCommand::wanted(CommandLine::parse(args))) {
        // The PDF review draws Qt Charts, which need a QApplication: offscreen when there is no display (a server, a
        // scheduled job), so that the command runs anywhere.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
            && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        return runCommand(args);
    }
    if (!CommandLine::wantsWindow(args)) {
        QCoreApplication app(argc, argv);
        return runCommand(args);
    }

    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Carnet"));
    QApplication::setDesktopFileName(QStringLiteral("fr.carnet.Carnet"));
    // Qt's own buttons and dialogs in French whatever the system locale (LANG=C, en_US), before any dialog.
    FrenchDialogs::installQtTranslations();

    const CommandLine::Parsed parsed = CommandLine::parse(args);
    return runWindow(app, DataLocation::resolveDirectory(parsed.dataDir));
}
