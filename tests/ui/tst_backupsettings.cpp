#include "models/store/Backups.h"
#include "tests/support/TestData.h"
#include "ui/MainWindow.h"
#include "ui/settings/SettingsView.h"
#include "ui/widgets/BackgroundTask.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

// Backups in the window: the daily copy at start, "Sauvegarder maintenant…", "Restaurer une sauvegarde…" and the days
// kept, in Paramètres (the file dialogs replaced by a chooser, see SettingsView::setFileChooser).
class TestBackupSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void backupNow_writesTheChosenFile_onAWorker_andSaysWhere();
    void backupNow_proposesTodaysName_andCancelWritesNothing();
    void backupNow_failure_isSaidInFrench();
    void restore_showsWhatTheFileHolds_thenAsksTheWindowToRestore();
    void restore_ofAFileThatIsNoBackup_isRefused();
    void daysKept_areRemembered();
    void dailyBackup_atStart_isWritten_andAFailureIsShownInTheStatusBar();
};

void TestBackupSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestBackupSettings::init()
{
    QSettings().clear();
}

void TestBackupSettings::backupNow_writesTheChosenFile_onAWorker_andSaysWhere()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(200, 3));
    SettingsView view(f.store);
    view.show();
    QTemporaryDir usb;
    const QString target = usb.filePath(QStringLiteral("copie.sqlite"));
    view.setFileChooser([&](SettingsView::FileRequest request, const QString &) {
        return request == SettingsView::FileRequest::SaveBackup ? target : QString();
    });
    auto *progress = view.findChild<QProgressBar *>(QStringLiteral("backupProgress"));
    auto *button = view.findChild<QPushButton *>(QStringLiteral("backupNowButton"));
    QVERIFY(button && progress);
    button->click();
    QVERIFY(view.backupTask()->isRunning() || QFile::exists(target));
    QVERIFY(!button->isEnabled()); // one copy at a time, and the busy indicator meanwhile
    QVERIFY(progress->isVisible());
    QSignalSpy done(view.backupTask(), &BackgroundTask::finished);
    QVERIFY(done.wait(20000));
    QVERIFY(button->isEnabled());
    QVERIFY(!progress->isVisible());
    QVERIFY(QFile::exists(target));
    const QString status = view.findChild<QLabel *>(QStringLiteral("backupStatus"))->text();
    QVERIFY2(status.contains(QStringLiteral("sauvegardées")) && status.contains(target), qPrintable(status));
    Backups::Info info;
    QString error;
    QVERIFY2(Backups::verify(target, &info, &error), qPrintable(error));
    QCOMPARE(info.activities, f.store.counts().activites());
}

void TestBackupSettings::backupNow_proposesTodaysName_andCancelWritesNothing()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    SettingsView view(f.store);
    QString suggested;
    view.setFileChooser([&](SettingsView::FileRequest, const QString &proposed) {
        suggested = proposed;
        return QString();
    });
    QVERIFY(!view.backupNow());
    QCOMPARE(QFileInfo(suggested).fileName(), QStringLiteral("carnet-sauvegarde-2026-06-30.sqlite"));
    QVERIFY(!view.backupTask()->isRunning());
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("backupStatus"))->text().isEmpty());
}

void TestBackupSettings::backupNow_failure_isSaidInFrench()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    SettingsView view(f.store);
    QTemporaryDir usb;
    const QString target = usb.filePath(QStringLiteral("pas/de/dossier/copie.sqlite"));
    view.setFileChooser([&](SettingsView::FileRequest, const QString &) { return target; });
    QSignalSpy done(view.backupTask(), &BackgroundTask::finished);
    QVERIFY(view.backupNow());
    QVERIFY(done.wait(20000));
    const QString status = view.findChild<QLabel *>(QStringLiteral("backupStatus"))->text();
    QVERIFY2(status.startsWith(QStringLiteral("⚠ La sauvegarde n'a pas été faite : ")), qPrintable(status));
    QVERIFY(!QFile::exists(target));
}

void TestBackupSettings::restore_showsWhatTheFileHolds_thenAsksTheWindowToRestore()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(120, 5));
    QTemporaryDir usb;
    const QString copy = usb.filePath(QStringLiteral("copie.sqlite"));
    QString error;
    QVERIFY2(Backups::write(f.path(), copy, &error), qPrintable(error));

    MainWindow window(f.store);
    SettingsView *view = window.settingsView();
    QString asked;
    view->setFileChooser([&](SettingsView::FileRequest request, const QString &) {
        return request == SettingsView::FileRequest::OpenBackup ? copy : QString();
    });
    bool answer = false;
    view->setConfirm([&](const QString &question) {
        asked = question;
        return answer;
    });
    QSignalSpy requested(&window, &MainWindow::restoreRequested);
    view->findChild<QPushButton *>(QStringLiteral("restoreBackupButton"))->click();
    QVERIFY2(asked.contains(QStringLiteral("%1 activités").arg(f.store.counts().activites())), qPrintable(asked));
    QVERIFY(asked.contains(copy));
    QVERIFY(asked.contains(QStringLiteral("gardées de côté")));
    QCOMPARE(requested.count(), 0); // Annuler: nothing happens

    answer = true;
    QVERIFY(view->restoreBackup());
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.constFirst().constFirst().toString(), copy);
}

void TestBackupSettings::restore_ofAFileThatIsNoBackup_isRefused()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QTemporaryDir usb;
    const QString text = usb.filePath(QStringLiteral("notes.sqlite"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("ceci n'est pas une base\n");
    file.close();
    SettingsView view(f.store);
    view.setFileChooser([&](SettingsView::FileRequest, const QString &) { return text; });
    bool asked = false;
    view.setConfirm([&](const QString &) { return asked = true; });
    QSignalSpy requested(&view, &SettingsView::restoreRequested);
    QVERIFY(!view.restoreBackup());
    QVERIFY(!asked);
    QCOMPARE(requested.count(), 0);
    const QString status = view.findChild<QLabel *>(QStringLiteral("backupStatus"))->text();
    QVERIFY2(status.startsWith(QStringLiteral("⚠ Cette sauvegarde ne peut pas être restaurée : ")), qPrintable(status));
}

void TestBackupSettings::daysKept_areRemembered()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    {
        SettingsView view(f.store);
        auto *days = view.findChild<QSpinBox *>(QStringLiteral("backupDays"));
        QCOMPARE(days->value(), Backups::DefaultKeepDays);
        days->setValue(30);
    }
    QCOMPARE(QSettings().value(QStringLiteral("sauvegardes/jours")).toInt(), 30);
    SettingsView again(f.store);
    QCOMPARE(again.findChild<QSpinBox *>(QStringLiteral("backupDays"))->value(), 30);
}

void TestBackupSettings::dailyBackup_atStart_isWritten_andAFailureIsShownInTheStatusBar()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(50, 2));
    {
        MainWindow window(f.store);
        QSignalSpy done(window.dailyBackup(), &BackgroundTask::finished);
        window.startSession();
        QVERIFY(done.wait(20000));
        const QString today
            = QStringLiteral("carnet-%1.sqlite").arg(f.clock.today().toString(QStringLiteral("yyyy-MM-dd")));
        QVERIFY(QFile::exists(QDir(Backups::folderOf(f.path())).filePath(today)));
        QVERIFY(!window.statusBar()->currentMessage().contains(QStringLiteral("sauvegarde")));
    }
    // A backups folder that cannot be written (a file in its place): said in the status bar.
    TestData::Fixture g;
    QVERIFY(g.open());
    QDir(Backups::folderOf(g.path())).removeRecursively();
    QFile blocker(Backups::folderOf(g.path()));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    MainWindow window(g.store);
    QSignalSpy done(window.dailyBackup(), &BackgroundTask::finished);
    window.startDailyBackup();
    QVERIFY(done.wait(20000));
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.startsWith(QStringLiteral("La sauvegarde automatique du jour n'a pas pu être faite : ")),
        qPrintable(message));
}

QTEST_MAIN(TestBackupSettings)
#include "tst_backupsettings.moc"
