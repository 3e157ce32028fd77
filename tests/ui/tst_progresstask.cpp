#include "models/store/Backups.h"
#include "tests/support/TestData.h"
#include "ui/widgets/ProgressTask.h"

#include <QApplication>
#include <QLabel>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

// A restore or a salvage started from the window runs on a worker behind a progress dialog (app/main.cpp).
class TestProgressTask : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void work_runsOnAWorker_behindAModalBusyDialog();
    void restore_throughIt_givesTheSameBase();
};

void TestProgressTask::work_runsOnAWorker_behindAModalBusyDialog()
{
    QThread *workThread = nullptr;
    QString modalName;
    QString label;
    int buttons = -1;
    int barMaximum = -1;
    bool escapeHidIt = true;
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start(50);
    QTimer::singleShot(250, this, [&] {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal)
            return;
        modalName = modal->objectName();
        if (auto *text = modal->findChild<QLabel *>())
            label = text->text();
        buttons = static_cast<int>(modal->findChildren<QPushButton *>().size());
        if (auto *bar = modal->findChild<QProgressBar *>())
            barMaximum = bar->maximum();
        QTest::keyClick(modal, Qt::Key_Escape);
        modal->close();
        escapeHidIt = !modal->isVisible();
    });
    ProgressTask::run(QStringLiteral("Restauration de la sauvegarde…"), [&workThread] {
        workThread = QThread::currentThread();
        QThread::msleep(700);
    });
    QVERIFY(workThread);
    QVERIFY(workThread != QThread::currentThread());
    QCOMPARE(modalName, QStringLiteral("progressTask"));
    QCOMPARE(label, QStringLiteral("Restauration de la sauvegarde…"));
    QCOMPARE(buttons, 0); // no cancel: the work cannot be stopped half-way
    QCOMPARE(barMaximum, 0); // a busy bar
    QVERIFY(!escapeHidIt);
    QVERIFY2(ticks >= 8, qPrintable(QString::number(ticks))); // the event loop turned meanwhile
    QCOMPARE(QApplication::activeModalWidget(), nullptr); // gone once the work is over
}

void TestProgressTask::restore_throughIt_givesTheSameBase()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    Place place = TestData::place();
    QString error;
    QVERIFY(f.store.savePlace(place, &error));
    Activity first = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(first, &error));
    QTemporaryDir usb;
    const QString backup = usb.filePath(QStringLiteral("copie.sqlite"));
    QVERIFY2(Backups::write(f.path(), backup, &error), qPrintable(error));
    Activity second = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(second, &error));
    QCOMPARE(f.store.counts().activites(), 2);
    f.store.close();

    QString keptAside;
    bool restored = false;
    ProgressTask::run(QStringLiteral("Restauration de la sauvegarde…"),
        [&] { restored = Backups::restore(backup, f.path(), &keptAside, &error); });
    QVERIFY2(restored, qPrintable(error));
    QVERIFY(QFileInfo::exists(keptAside));
    QVERIFY(f.open());
    QCOMPARE(f.store.counts().activites(), 1);
}

QTEST_MAIN(TestProgressTask)
#include "tst_progresstask.moc"
