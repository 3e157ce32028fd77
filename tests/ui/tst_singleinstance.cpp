#include "ui/SingleInstance.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <thread>

// One Carnet window per data folder (ui/SingleInstance.h).
class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void secondGuardOnTheSameFolder_failsAndNamesThePid();
    void afterTheFirstIsReleased_aNewOneSucceeds();
    void staleLockOfADeadProcess_isTakenOver();
    void aMissingFolder_isCreated_private();
    void raiseOwner_reachesTheHolder();
    void secondStartOfTheWindow_raisesTheFirst_andExitsAtOnce();
};

void TestSingleInstance::secondGuardOnTheSameFolder_failsAndNamesThePid()
{
    QTemporaryDir dir;
    SingleInstance first(dir.path());
    QString error;
    QCOMPARE(first.acquire(&error), SingleInstance::Result::Acquired);
    QVERIFY(first.isHeld());
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("carnet.lock"))));
    QCOMPARE(QFile::permissions(dir.filePath(QStringLiteral("carnet.lock")))
            & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
        QFileDevice::Permissions());

    SingleInstance second(dir.path());
    QCOMPARE(second.acquire(&error), SingleInstance::Result::HeldByOther);
    QVERIFY(!second.isHeld());
    QCOMPARE(second.ownerPid(), QCoreApplication::applicationPid());
    QCOMPARE(second.ownerHost(), QSysInfo::machineHostName());
    const QString description = second.ownerDescription();
    QVERIFY2(description.startsWith(QStringLiteral("Carnet est déjà ouvert sur ce dossier (processus %1 sur %2)")
                                        .arg(QCoreApplication::applicationPid())
                                        .arg(QSysInfo::machineHostName())),
        qPrintable(description));
}

void TestSingleInstance::afterTheFirstIsReleased_aNewOneSucceeds()
{
    QTemporaryDir dir;
    QString error;
    {
        SingleInstance first(dir.path());
        QCOMPARE(first.acquire(&error), SingleInstance::Result::Acquired);
        SingleInstance refused(dir.path());
        QCOMPARE(refused.acquire(&error), SingleInstance::Result::HeldByOther);
        first.release();
        QVERIFY(!first.isHeld());
        SingleInstance next(dir.path());
        QCOMPARE(next.acquire(&error), SingleInstance::Result::Acquired);
    } // released by the destructor
    SingleInstance last(dir.path());
    QCOMPARE(last.acquire(&error), SingleInstance::Result::Acquired);
}

void TestSingleInstance::staleLockOfADeadProcess_isTakenOver()
{
    QTemporaryDir dir;
    // The pid of a process that has just ended: no one has it.
    QProcess gone;
    gone.start(QStringLiteral("true"));
    QVERIFY(gone.waitForStarted());
    const qint64 deadPid = gone.processId();
    QVERIFY(gone.waitForFinished());
    QFile lock(dir.filePath(QStringLiteral("carnet.lock")));
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.write(QByteArray::number(deadPid) + "\ncarnet\n" + QSysInfo::machineHostName().toUtf8() + '\n');
    lock.close();

    SingleInstance instance(dir.path());
    QString error;
    QCOMPARE(instance.acquire(&error), SingleInstance::Result::Acquired);
    QVERIFY(instance.isHeld());
    QFile taken(dir.filePath(QStringLiteral("carnet.lock")));
    QVERIFY(taken.open(QIODevice::ReadOnly));
    QCOMPARE(taken.readLine().trimmed(), QByteArray::number(QCoreApplication::applicationPid()));
}

void TestSingleInstance::aMissingFolder_isCreated_private()
{
    QTemporaryDir parent;
    const QString folder = parent.filePath(QStringLiteral("nouveau/dossier"));
    SingleInstance instance(folder);
    QString error;
    QCOMPARE(instance.acquire(&error), SingleInstance::Result::Acquired);
    QVERIFY(QFileInfo(folder).isDir());
    QCOMPARE(
        QFile::permissions(folder) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
}

void TestSingleInstance::raiseOwner_reachesTheHolder()
{
    QTemporaryDir dir;
    SingleInstance first(dir.path());
    QString error;
    QCOMPARE(first.acquire(&error), SingleInstance::Result::Acquired);
    QSignalSpy raised(&first, &SingleInstance::raiseRequested);

    SingleInstance second(dir.path());
    QCOMPARE(second.acquire(&error), SingleInstance::Result::HeldByOther);
    // The holder answers from its event loop, which turns here while another thread asks.
    std::atomic<int> reached{-1};
    std::thread asking([&] { reached = second.raiseOwner(3000) ? 1 : 0; });
    QTRY_COMPARE(raised.count(), 1);
    QTRY_COMPARE(reached.load(), 1);
    asking.join();

    // Nobody listens any more: the second cannot reach it and says so.
    first.release();
    SingleInstance orphan(dir.path());
    QCOMPARE(orphan.acquire(&error), SingleInstance::Result::Acquired);
    orphan.release();
    QVERIFY(!second.raiseOwner(300));
}

void TestSingleInstance::secondStartOfTheWindow_raisesTheFirst_andExitsAtOnce()
{
    QTemporaryDir data;
    QTemporaryDir home;
    const QString raiseLog = home.filePath(QStringLiteral("raise.log"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
    env.insert(QStringLiteral("CARNET_TEST_RAISE_LOG"), raiseLog);
    const QString carnet = QStringLiteral(CARNET_BINARY_DIR "/app/carnet");
    const QStringList args = {QStringLiteral("--data-dir"), data.path()};

    QProcess first;
    first.setProcessEnvironment(env);
    first.start(carnet, args);
    QVERIFY(first.waitForStarted());
    // Up once its lock is taken (then it listens at once).
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(data.filePath(QStringLiteral("carnet.lock"))), 20000);
    QVERIFY(first.state() == QProcess::Running);

    QProcess second;
    second.setProcessEnvironment(env);
    QElapsedTimer clock;
    clock.start();
    second.start(carnet, args);
    QVERIFY(second.waitForFinished(10000));
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(raiseLog), 5000);
    QFile log(raiseLog);
    QVERIFY(log.open(QIODevice::ReadOnly));
    QCOMPARE(log.readAll(), QByteArray("raise\n"));
    QVERIFY(first.state() == QProcess::Running); // the first window is still there

    first.kill();
    QVERIFY(first.waitForFinished());
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
