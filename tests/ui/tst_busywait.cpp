#include "models/store/DraftStore.h"
#include "tests/support/TestData.h"
#include "ui/BusyWait.h"
#include "ui/MainWindow.h"
#include "ui/cra/CraForm.h"

#include <QApplication>
#include <QCloseEvent>
#include <QElapsedTimer>
#include <QLabel>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTimer>
#include <QWindow>

// A base another program holds never freezes the window (ui/BusyWait.h).
class TestBusyWait : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void wait_saysSo_andKeepsTimersRunning_thenGivesUp();
    void saveWhileAnotherProgramHoldsTheBase_waitsVisibly_thenSucceeds();
    void saveThatGivesUp_keepsTheFormAndTheDraft();
    void closeDuringAWait_isPutOff_untilTheSaveIsDone();
};

namespace {
// A second connection on the base that takes its write lock, as another program would.
struct Blocker
{
    QString name = QStringLiteral("blocker");
    explicit Blocker(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.open();
    }
    ~Blocker()
    {
        release();
        QSqlDatabase::removeDatabase(name);
    }
    bool hold()
    {
        QSqlQuery q(QSqlDatabase::database(name));
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            qWarning() << q.lastError().text();
            return false;
        }
        return true;
    }
    void release()
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen()) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("COMMIT"));
        }
    }
};
} // namespace

void TestBusyWait::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestBusyWait::init()
{
    QSettings().clear();
}

void TestBusyWait::wait_saysSo_andKeepsTimersRunning_thenGivesUp()
{
    QStatusBar bar;
    BusyWait busy(&bar);
    busy.setLimitMs(1000);
    bool fired = false;
    QTimer::singleShot(10, this, [&fired] { fired = true; });
    QElapsedTimer clock;
    clock.start();
    int waited = 0;
    while (busy.wait(waited)) {
        QCOMPARE(bar.currentMessage(), QStringLiteral("Base occupée par un autre programme, nouvel essai…"));
        waited += 100;
        QVERIFY(waited < 5000);
    }
    QCOMPARE(waited, 1000);
    QVERIFY(fired); // the event loop turned while waiting
    QVERIFY(bar.currentMessage().isEmpty()); // given up: the store's "occupée" message says the rest

    // A write started by a timer during a wait does not wait inside it: it gives up at once.
    int nestedAnswer = -1;
    QTimer::singleShot(0, this, [&] { nestedAnswer = busy.wait(0) ? 1 : 0; });
    QVERIFY(busy.wait(0));
    QCOMPARE(nestedAnswer, 0);
}

void TestBusyWait::saveWhileAnotherProgramHoldsTheBase_waitsVisibly_thenSucceeds()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    Place place = TestData::place();
    QString error;
    QVERIFY(f.store.savePlace(place, &error));
    Activity first = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(first, &error));
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    CraForm *form = window.craForm();
    form->startDuplicate(first.id);
    QVERIFY(form->hasUnsavedChanges());

    Blocker blocker(f.path());
    QVERIFY(blocker.hold());
    QString seen;
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&] {
        ++ticks;
        if (seen.isEmpty())
            seen = window.statusBar()->currentMessage();
    });
    ticker.start(100);
    QTimer::singleShot(1500, this, [&blocker] { blocker.release(); });
    QElapsedTimer clock;
    clock.start();
    QVERIFY(form->save());
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(seen, QStringLiteral("Base occupée par un autre programme, nouvel essai…"));
    QVERIFY2(ticks >= 5, qPrintable(QString::number(ticks))); // the window's timers ran during the wait
    QVERIFY2(elapsed >= 1400 && elapsed < 8000, qPrintable(QString::number(elapsed)));
    QCOMPARE(f.store.counts().activites(), 2);
    QTRY_VERIFY(window.statusBar()->currentMessage().isEmpty()); // the message goes once the write is done
}

void TestBusyWait::saveThatGivesUp_keepsTheFormAndTheDraft()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    Place place = TestData::place();
    QString error;
    QVERIFY(f.store.savePlace(place, &error));
    Activity first = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(first, &error));
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.busyWait()->setLimitMs(800);
    CraForm *form = window.craForm();
    form->startDuplicate(first.id);
    const Activity typed = form->currentActivity();
    QTest::qWait(CraForm::DraftDelayMs + 300);
    const DraftStore drafts = DraftStore::besideStore(f.store);
    QTRY_VERIFY(drafts.exists());

    Blocker blocker(f.path());
    QVERIFY(blocker.hold());
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!form->save());
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    blocker.release();
    const QLabel *status = form->findChild<QLabel *>(QStringLiteral("formStatus"));
    QVERIFY(status);
    QVERIFY2(status->text().contains(QStringLiteral("rien n'est perdu")), qPrintable(status->text()));
    QVERIFY2(status->text().contains(QStringLiteral("occupée")), qPrintable(status->text()));
    QVERIFY(form->hasUnsavedChanges());
    QVERIFY(form->currentActivity().sameContent(typed));
    QVERIFY(drafts.exists());
    QCOMPARE(f.store.counts().activites(), 1);
    // Once the other program is gone, the same CRA saves.
    QVERIFY(form->save());
    QCOMPARE(f.store.counts().activites(), 2);
}

void TestBusyWait::closeDuringAWait_isPutOff_untilTheSaveIsDone()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    Place place = TestData::place();
    QString error;
    QVERIFY(f.store.savePlace(place, &error));
    Activity first = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(first, &error));
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    CraForm *form = window.craForm();
    // Had the question been asked, the mediator answers "Abandonner" (what let the window close during the wait).
    int asked = 0;
    form->setLeaveQuestion([&asked] {
        ++asked;
        return QMessageBox::Discard;
    });
    form->startDuplicate(first.id);
    QVERIFY(form->hasUnsavedChanges());

    Blocker blocker(f.path());
    QVERIFY(blocker.hold());
    bool waitingAtClose = false;
    bool visibleAfterCloses = false;
    QWidget *modalDuringWait = nullptr;
    // The window manager's close (delivered through the window during a wait), then a program's close().
    QTimer::singleShot(300, this, [&] {
        waitingAtClose = window.busyWait()->isWaiting();
        QCoreApplication::postEvent(window.windowHandle(), new QCloseEvent);
    });
    QTimer::singleShot(500, this, [&] { window.close(); });
    QTimer::singleShot(800, this, [&] {
        visibleAfterCloses = window.isVisible();
        modalDuringWait = QApplication::activeModalWidget();
    });
    QTimer::singleShot(1200, this, [&blocker] { blocker.release(); });
    QVERIFY(form->save()); // the save that waited goes through
    QVERIFY(waitingAtClose);
    QVERIFY(visibleAfterCloses);
    QCOMPARE(modalDuringWait, nullptr);
    QCOMPARE(asked, 0);
    QCOMPARE(f.store.counts().activites(), 2);
    // The close put off is made once the write is over: nothing left unsaved, so the window closes without asking.
    QTRY_VERIFY(!window.isVisible());
    QCOMPARE(asked, 0);
}

QTEST_MAIN(TestBusyWait)
#include "tst_busywait.moc"
