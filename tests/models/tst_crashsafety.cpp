// Crash safety: crash_child saves activities in a loop (single saves, batches, soft deletes) and is killed with SIGKILL
// at a random moment, round after round on the same file. After each kill the base must be sound (SQLite's checks,
// IntegrityChecker) and hold everything the child reported, whole, and nothing else than what it was writing when it
// died, whole or not at all.
//
// The random delays come from a seed printed at start; set CARNET_CRASH_SEED to replay a run.

#include "models/store/IntegrityChecker.h"
#include "models/store/Store.h"
#include "tests/support/CrashScenario.h"
#include "tests/support/FixedClock.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>

using namespace CrashScenario;

namespace {

constexpr int kRounds = 25;
constexpr quint64 kGenerationSeed = 42;
constexpr quint32 kDefaultDelaySeed = 20260630;
constexpr int kSavesBeforeDelay = 3;
constexpr int kMinDelayMs = 5;
constexpr int kMaxDelayMs = 150;
constexpr int kStartTimeoutMs = 20000;

// One write of the child: activities first .. first + count - 1, in one transaction.
struct Operation
{
    qint64 first = 0;
    int count = 1;
    bool contains(qint64 index) const { return index >= first && index < first + count; }
};

// The writes a child started at `start` performs, in order, up to the one that covers `index`.
QList<Operation> scheduleThrough(qint64 start, qint64 index)
{
    QList<Operation> ops;
    qint64 next = start;
    for (qint64 step = 0; next <= index; ++step) {
        const Operation op{next, isBatchStep(step) ? BatchSize : 1};
        ops.append(op);
        next += op.count;
    }
    return ops;
}

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QStringList column(QSqlQuery &q, const QString &sql)
{
    QStringList values;
    if (!q.exec(sql))
        return {QStringLiteral("query failed: ") + sql};
    while (q.next()) {
        QStringList fields;
        for (int i = 0; i < q.record().count(); ++i)
            fields.append(q.value(i).toString());
        values.append(fields.join(QLatin1Char('|')));
    }
    return values;
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private slots:
    void killedChildLosesNothingSaved();
};

void TestCrashSafety::killedChildLosesNothingSaved()
{
    const QString program = QStringLiteral(CRASH_CHILD);
    QVERIFY2(QFileInfo(program).isExecutable(), qPrintable(QString(program + QStringLiteral(" is not built"))));

    bool seedFromEnv = false;
    quint32 delaySeed = qEnvironmentVariable("CARNET_CRASH_SEED").toUInt(&seedFromEnv);
    if (!seedFromEnv)
        delaySeed = kDefaultDelaySeed;
    qInfo("crash-safety: delay seed %u (set CARNET_CRASH_SEED=%u to replay), generation seed %llu", delaySeed,
        delaySeed, static_cast<unsigned long long>(kGenerationSeed));
    QRandomGenerator random(delaySeed);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    dir.setAutoRemove(false); // kept for inspection when a check fails; removed at the end of a passing run
    const QString dbPath = dir.filePath(QString::fromLatin1(Store::FileName));
    qInfo("crash-safety: base %s (kept if the test fails)", qUtf8Printable(dbPath));

    FixedClock clock(fixedNow());
    QList<Place> places;
    QList<Beneficiary> people;

    QMap<qint64, Activity> expected; // every activity known to be committed, by index
    QMap<qint64, QUuid> reported; // every `saved` line, all rounds
    QSet<QUuid> reportedDeleted; // every `deleted` line, all rounds
    QSet<QUuid> unreportedDeleted; // deletions committed by a child killed before it could say so
    qint64 reportedDeleteLines = 0;
    qint64 unreportedCommitted = 0;
    qint64 start = 0;
    QElapsedTimer total;
    total.start();

    for (int round = 1; round <= kRounds; ++round) {
        // --- Run the child, let it write a little, kill it. ---
        QProcess child;
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(program, {dbPath, QString::number(kGenerationSeed), QString::number(start)});
        QVERIFY2(child.waitForStarted(10000), qPrintable(child.errorString()));

        QByteArray out;
        const auto savedLines = [&out] {
            int n = 0;
            for (qsizetype at = out.indexOf("saved "); at >= 0; at = out.indexOf("saved ", at + 1))
                n += out.indexOf('\n', at) >= 0 ? 1 : 0;
            return n;
        };
        const auto childDied = [&] {
            child.waitForFinished(1000);
            return QString(QStringLiteral("round %1: crash_child stopped on its own (exit code %2): %3")
                               .arg(round)
                               .arg(child.exitCode())
                               .arg(QString::fromUtf8(child.readAllStandardError())));
        };
        QElapsedTimer wait;
        wait.start();
        while (savedLines() < kSavesBeforeDelay) {
            if (child.state() != QProcess::Running)
                QFAIL(qPrintable(childDied()));
            QVERIFY2(wait.elapsed() < kStartTimeoutMs,
                qPrintable(QStringLiteral("round %1: no save reported within %2 ms").arg(round).arg(kStartTimeoutMs)));
            child.waitForReadyRead(100);
            out += child.readAllStandardOutput();
        }
        const qint64 firstSavesMs = wait.elapsed();
        const int delayMs = random.bounded(kMinDelayMs, kMaxDelayMs + 1);
        QElapsedTimer delay;
        delay.start();
        for (qint64 left = delayMs; left > 0; left = delayMs - delay.elapsed()) {
            // Keep draining the pipe, so that the child is killed while writing to the base, not while blocked on us.
            child.waitForReadyRead(static_cast<int>(left));
            out += child.readAllStandardOutput();
        }
        if (child.state() != QProcess::Running)
            QFAIL(qPrintable(childDied()));
        QVERIFY(::kill(static_cast<pid_t>(child.processId()), SIGKILL) == 0);
        const qint64 runMs = wait.elapsed();
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        out += child.readAllStandardOutput();
        const QByteArray err = child.readAllStandardError();
        QVERIFY2(err.isEmpty(), err.constData());

        // --- Parse what it reported; a last line without its newline was cut by the kill and does not count. ---
        QMap<qint64, QUuid> roundSaved;
        QList<QByteArray> lines = out.split('\n');
        lines.removeLast();
        for (const QByteArray &line : std::as_const(lines)) {
            const QList<QByteArray> f = line.split(' ');
            bool ok = false;
            if (f.size() == 3 && f.at(0) == "saved") {
                const qint64 index = f.at(1).toLongLong(&ok);
                const QUuid id = QUuid::fromString(QString::fromLatin1(f.at(2)));
                QVERIFY2(ok && !id.isNull() && index >= start && !roundSaved.contains(index), line.constData());
                roundSaved.insert(index, id);
            } else if (f.size() == 2 && f.at(0) == "deleted") {
                const QUuid id = QUuid::fromString(QString::fromLatin1(f.at(1)));
                QVERIFY2(!id.isNull(), line.constData());
                reportedDeleted.insert(id);
                ++reportedDeleteLines;
            } else {
                QFAIL(qPrintable(
                    QStringLiteral("round %1: unexpected output line \"%2\"").arg(round).arg(QString::fromUtf8(line))));
            }
        }
        QVERIFY(roundSaved.size() >= kSavesBeforeDelay);

        // --- Open the base as the application would, after the crash. ---
        Store store(clock);
        QString error;
        QVERIFY2(store.open(dbPath, &error), qPrintable(error));
        {
            QSqlQuery q(store.database());
            const QStringList integrity = column(q, QStringLiteral("PRAGMA integrity_check"));
            QVERIFY2(integrity == QStringList{QStringLiteral("ok")}, qPrintable(integrity.join(QLatin1Char('\n'))));
            const QStringList foreignKeys = column(q, QStringLiteral("PRAGMA foreign_key_check"));
            QVERIFY2(foreignKeys.isEmpty(), qPrintable(foreignKeys.join(QLatin1Char('\n'))));
        }

        // The pool is made by the first child and must never change.
        QList<Place> storedPlaces = store.places();
        QList<Beneficiary> storedPeople = store.beneficiaries();
        sortById(storedPlaces);
        sortById(storedPeople);
        if (round == 1) {
            places = storedPlaces;
            people = storedPeople;
            QVERIFY(!places.isEmpty() && !people.isEmpty());
        } else {
            QCOMPARE(storedPlaces.size(), places.size());
            QCOMPARE(storedPeople.size(), people.size());
            for (int i = 0; i < places.size(); ++i)
                QCOMPARE(storedPlaces.at(i).id, places.at(i).id);
            for (int i = 0; i < people.size(); ++i)
                QCOMPARE(storedPeople.at(i).id, people.at(i).id);
        }

        QHash<QUuid, Activity> rows;
        QVERIFY2(store.forEachActivity(
                     [&rows](const Activity &a) {
                         rows.insert(a.id, a);
                         return true;
                     },
                     &error),
            qPrintable(error));

        // --- Each write of this round is in the base whole, or (only when unreported) not at all. ---
        const qint64 lastReported = roundSaved.lastKey();
        const QList<Operation> ops = scheduleThrough(start, lastReported + 1);
        for (const Operation &op : ops) {
            int present = 0;
            bool anyReported = false;
            QList<Activity> regenerated;
            for (qint64 index = op.first; index < op.first + op.count; ++index) {
                const Activity a = activityAt(kGenerationSeed, index, places, people);
                if (roundSaved.contains(index)) {
                    anyReported = true;
                    if (roundSaved.value(index) != a.id)
                        QFAIL(qPrintable(QStringLiteral("round %1: #%2 reported as %3, regenerated as %4")
                                             .arg(round)
                                             .arg(index)
                                             .arg(uuidText(roundSaved.value(index)), uuidText(a.id))));
                }
                present += rows.contains(a.id) ? 1 : 0;
                regenerated.append(a);
            }
            const auto what = [&op] {
                return op.count == 1
                    ? QStringLiteral("saveActivity #%1").arg(op.first)
                    : QStringLiteral("insertActivities #%1..#%2").arg(op.first).arg(op.first + op.count - 1);
            };
            if (present != 0 && present != op.count)
                QFAIL(qPrintable(QStringLiteral("round %1: %2 is half committed: %3 of %4 rows")
                                     .arg(round)
                                     .arg(what())
                                     .arg(present)
                                     .arg(op.count)));
            if (anyReported && present != op.count)
                QFAIL(qPrintable(
                    QStringLiteral("round %1: %2 was reported saved but is not in the base").arg(round).arg(what())));
            if (present == 0)
                continue;
            for (int i = 0; i < op.count; ++i) {
                const qint64 index = op.first + i;
                expected.insert(index, regenerated.at(i));
                if (roundSaved.contains(index))
                    reported.insert(index, roundSaved.value(index));
                else
                    ++unreportedCommitted;
            }
        }
        QCOMPARE(roundSaved.size(), static_cast<qsizetype>(roundSaved.lastKey() - start + 1)); // no gap in reports

        // --- Everything committed so far, this round and the earlier ones, is there and unchanged. ---
        int missing = 0;
        int different = 0;
        QStringList details;
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            const auto row = rows.constFind(it->id);
            if (row == rows.cend()) {
                ++missing;
                details.append(QStringLiteral("#%1 %2 missing").arg(it.key()).arg(uuidText(it->id)));
            } else if (!row->sameContent(*it)) {
                ++different;
                details.append(QStringLiteral("#%1 %2 differs").arg(it.key()).arg(uuidText(it->id)));
            }
        }
        QVERIFY2(missing == 0 && different == 0,
            qPrintable(QStringLiteral("round %1: %2 missing, %3 different:\n%4")
                           .arg(round)
                           .arg(missing)
                           .arg(different)
                           .arg(details.mid(0, 20).join(QLatin1Char('\n')))));
        QVERIFY2(rows.size() == expected.size(),
            qPrintable(QStringLiteral("round %1: %2 rows in the base, %3 known to be written")
                           .arg(round)
                           .arg(rows.size())
                           .arg(expected.size())));
        QVERIFY(rows.size() >= reported.size());

        // --- Deletions: every reported one is done; at most one more per kill may have been done unreported. ---
        for (const QUuid &id : std::as_const(reportedDeleted)) {
            const auto row = rows.constFind(id);
            if (row == rows.cend() || !row->isDeleted())
                QFAIL(qPrintable(
                    QStringLiteral("round %1: %2 reported deleted but is not").arg(round).arg(uuidText(id))));
        }
        QSet<QUuid> generatedDeleted;
        for (const Activity &a : std::as_const(expected)) {
            if (a.isDeleted())
                generatedDeleted.insert(a.id);
        }
        int newUnreported = 0;
        for (const Activity &row : std::as_const(rows)) {
            if (row.isDeleted() && !reportedDeleted.contains(row.id) && !generatedDeleted.contains(row.id)
                && !unreportedDeleted.contains(row.id)) {
                unreportedDeleted.insert(row.id);
                ++newUnreported;
            }
        }
        QVERIFY2(newUnreported <= 1,
            qPrintable(
                QStringLiteral("round %1: %2 activities deleted that nobody deleted").arg(round).arg(newUnreported)));

        // --- The domain's own check. ---
        const IntegrityReport check = IntegrityChecker::run(store);
        QVERIFY2(check.ok(),
            qPrintable(QStringLiteral("round %1: %2 problems:\n%3")
                           .arg(round)
                           .arg(check.problemCount)
                           .arg(check.problems.join(QLatin1Char('\n')))));
        QCOMPARE(check.activitiesChecked, static_cast<qint64>(rows.size()));

        qInfo("round %2d: first saves after %lld ms, killed %3d ms later (%lld ms after start); %4lld saves and %3lld "
              "deletes reported this round, %5lld reported in all, %5lld rows in the base",
            round, static_cast<long long>(firstSavesMs), delayMs, static_cast<long long>(runMs),
            static_cast<long long>(roundSaved.size()), static_cast<long long>(lines.size() - roundSaved.size()),
            static_cast<long long>(reported.size()), static_cast<long long>(rows.size()));
        store.close();

        // The next child continues the sequence after the last write this one may have made.
        start = ops.constLast().first + ops.constLast().count;
    }

    qInfo("crash-safety: %d rounds, %lld saves and %lld deletes reported, %lld activities committed but unreported, "
          "%lld deletes committed but unreported, %.1f s",
        kRounds, static_cast<long long>(reported.size()), static_cast<long long>(reportedDeleteLines),
        static_cast<long long>(unreportedCommitted), static_cast<long long>(unreportedDeleted.size()),
        static_cast<double>(total.elapsed()) / 1000.0);
    dir.setAutoRemove(true);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
