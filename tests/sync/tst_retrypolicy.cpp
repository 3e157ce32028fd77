// The sync engine's answers to each status and its schedule of retries (sync/client/RetryPolicy.h).
#include "sync/client/RetryPolicy.h"

#include <QDateTime>
#include <QTest>

using RetryPolicy::Outcome;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void outcome_ofEveryStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("outcome");
        const std::pair<int, Outcome> cases[] = {{200, Outcome::Sent}, {201, Outcome::Sent}, {400, Outcome::Failed},
            {401, Outcome::PauseForToken}, {403, Outcome::Failed}, {404, Outcome::Failed}, {408, Outcome::Retry},
            {409, Outcome::Failed}, {411, Outcome::Failed}, {412, Outcome::Conflict}, {413, Outcome::Failed},
            {422, Outcome::Failed}, {429, Outcome::Retry}, {500, Outcome::Retry}, {502, Outcome::Retry},
            {503, Outcome::Retry}, {504, Outcome::Retry}, {0, Outcome::Retry}};
        for (const auto &[status, outcome] : cases)
            QTest::addRow("%d", status) << status << int(outcome);
    }
    void outcome_ofEveryStatus()
    {
        QFETCH(int, status);
        QFETCH(int, outcome);
        QCOMPARE(int(RetryPolicy::outcomeOf(status)), outcome);
    }

    // 25 s, then doubled at each failure, within ±20 %, capped at an hour.
    void schedule_growsWithJitter_capped()
    {
        RetryPolicy::Schedule schedule(7);
        for (int attempts = 1; attempts <= 12; ++attempts) {
            const double nominal = std::min(3600.0, 25.0 * std::pow(2.0, attempts - 1));
            const int wait = schedule.delaySeconds(attempts);
            QVERIFY2(wait >= std::floor(nominal * 0.8) && wait <= std::min(3600.0, std::ceil(nominal * 1.2)),
                qPrintable(QStringLiteral("%1 : %2 s").arg(attempts).arg(wait)));
        }
        QVERIFY(schedule.delaySeconds(1000) <= 3600);
    }

    // The same seed gives the same waits; items failed together are spread.
    void schedule_seeded_andSpread()
    {
        RetryPolicy::Schedule a(42), b(42), c(43);
        QList<int> fromA, fromB, fromC;
        for (int i = 0; i < 20; ++i) {
            fromA << a.delaySeconds(3);
            fromB << b.delaySeconds(3);
            fromC << c.delaySeconds(3);
        }
        QCOMPARE(fromA, fromB);
        QVERIFY(fromA != fromC);
        QVERIFY(*std::max_element(fromA.cbegin(), fromA.cend()) - *std::min_element(fromA.cbegin(), fromA.cend()) >= 5);
    }

    // The server's Retry-After is honoured (at least), but never beyond the cap.
    void schedule_honoursRetryAfter()
    {
        RetryPolicy::Schedule schedule(1);
        QVERIFY(schedule.delaySeconds(1, 120) >= 120);
        QCOMPARE(schedule.delaySeconds(1, 100000), 3600);
        QVERIFY(schedule.delaySeconds(6, 1) >= 600); // the own wait when longer
    }

    void retryAfter_secondsOrDate()
    {
        const QDateTime now(QDate(2026, 10, 21), QTime(7, 27, 0), Qt::UTC);
        QCOMPARE(RetryPolicy::retryAfter("7", now), std::optional<int>(7));
        QCOMPARE(RetryPolicy::retryAfter(" 0 ", now), std::optional<int>(0));
        QCOMPARE(RetryPolicy::retryAfter("Wed, 21 Oct 2026 07:28:00 GMT", now), std::optional<int>(60));
        QCOMPARE(RetryPolicy::retryAfter("Wed, 21 Oct 2026 07:00:00 GMT", now), std::optional<int>(0));
        QCOMPARE(RetryPolicy::retryAfter("-5", now), std::nullopt);
        QCOMPARE(RetryPolicy::retryAfter("bientôt", now), std::nullopt);
        QCOMPARE(RetryPolicy::retryAfter("", now), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
