#include "models/domain/PeriodPreset.h"

#include <QTest>

class TestPeriodPreset : public QObject
{
    Q_OBJECT

private slots:
    void ranges_data();
    void ranges();
    void openPresets_haveNoBounds();
    void labels_areFrench();
    void sinceStart_runsFromTheFirstActivityToToday();
};

void TestPeriodPreset::ranges_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QDate>("today");
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    using P = PeriodPreset;
    QTest::newRow("this month") << int(P::ThisMonth) << QDate(2026, 2, 14) << QDate(2026, 2, 1) << QDate(2026, 2, 28);
    QTest::newRow("last month across the year")
        << int(P::LastMonth) << QDate(2026, 1, 10) << QDate(2025, 12, 1) << QDate(2025, 12, 31);
    QTest::newRow("last month, leap February")
        << int(P::LastMonth) << QDate(2028, 3, 31) << QDate(2028, 2, 1) << QDate(2028, 2, 29);
    QTest::newRow("this year") << int(P::ThisYear) << QDate(2026, 6, 30) << QDate(2026, 1, 1) << QDate(2026, 12, 31);
    QTest::newRow("last year") << int(P::LastYear) << QDate(2026, 6, 30) << QDate(2025, 1, 1) << QDate(2025, 12, 31);
    QTest::newRow("12 months") << int(P::Last12Months) << QDate(2026, 6, 30) << QDate(2025, 7, 1) << QDate(2026, 6, 30);
    QTest::newRow("12 months from a 29 February")
        << int(P::Last12Months) << QDate(2028, 2, 29) << QDate(2027, 3, 1) << QDate(2028, 2, 29);
}

void TestPeriodPreset::ranges()
{
    QFETCH(int, kind);
    QFETCH(QDate, today);
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    const PeriodPreset::Range r = PeriodPreset::range(static_cast<PeriodPreset::Kind>(kind), today);
    QCOMPARE(r.from, from);
    QCOMPARE(r.to, to);
}

void TestPeriodPreset::openPresets_haveNoBounds()
{
    for (const auto kind : {PeriodPreset::All, PeriodPreset::Custom}) {
        const PeriodPreset::Range r = PeriodPreset::range(kind, QDate(2026, 6, 30));
        QVERIFY(!r.from.isValid());
        QVERIFY(!r.to.isValid());
    }
}

void TestPeriodPreset::labels_areFrench()
{
    QCOMPARE(PeriodPreset::label(PeriodPreset::LastYear), QStringLiteral("L'année dernière"));
    QCOMPARE(PeriodPreset::label(PeriodPreset::Last12Months), QStringLiteral("12 derniers mois"));
}

void TestPeriodPreset::sinceStart_runsFromTheFirstActivityToToday()
{
    const QDate today(2026, 12, 1);
    QCOMPARE(PeriodPreset::range(PeriodPreset::SinceStart, today, QDate(2024, 3, 15)),
        (PeriodPreset::Range{QDate(2024, 3, 15), today}));
    // No activity yet, or only future ones: today alone.
    QCOMPARE(PeriodPreset::range(PeriodPreset::SinceStart, today), (PeriodPreset::Range{today, today}));
    QCOMPARE(
        PeriodPreset::range(PeriodPreset::SinceStart, today, QDate(2027, 1, 1)), (PeriodPreset::Range{today, today}));
    QCOMPARE(PeriodPreset::label(PeriodPreset::SinceStart), QStringLiteral("Depuis le début"));
    // Stored in QSettings as a number: the kinds before it keep theirs.
    QCOMPARE(int(PeriodPreset::Custom), 6);
    QCOMPARE(int(PeriodPreset::SinceStart), 7);
}

QTEST_APPLESS_MAIN(TestPeriodPreset)
#include "tst_periodpreset.moc"
