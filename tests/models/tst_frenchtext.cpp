#include "models/text/Durations.h"
#include "models/text/FrenchText.h"

#include <QTest>

// The text helpers every view and the CLI print figures and durations with.
class TestFrenchText : public QObject
{
    Q_OBJECT

private slots:
    void number_groupsThousandsWithANarrowNoBreakSpace();
    void count_isSingularForOne();
    void total_isMinutesHoursOrWholeHours_neverADecimal();
    void durations_writtenTheSameEverywhere();
};

void TestFrenchText::number_groupsThousandsWithANarrowNoBreakSpace()
{
    QCOMPARE(FrenchText::number(24693), QStringLiteral("24\u202F693"));
    QCOMPARE(FrenchText::number(999), QStringLiteral("999"));
    QCOMPARE(FrenchText::decimal(17.55, 1), QStringLiteral("17,6"));
}

void TestFrenchText::count_isSingularForOne()
{
    const QString singular = QStringLiteral("non communiqué");
    const QString plural = QStringLiteral("non communiqués");
    QCOMPARE(FrenchText::count(1, singular, plural), QStringLiteral("1 non communiqué"));
    QCOMPARE(FrenchText::count(0, singular, plural), QStringLiteral("0 non communiqué"));
    QCOMPARE(FrenchText::count(2, singular, plural), QStringLiteral("2 non communiqués"));
}

void TestFrenchText::total_isMinutesHoursOrWholeHours_neverADecimal()
{
    QCOMPARE(Durations::total(0), QStringLiteral("0 min"));
    QCOMPARE(Durations::total(45), QStringLiteral("45 min"));
    QCOMPARE(Durations::total(60), QStringLiteral("1 h"));
    QCOMPARE(Durations::total(90), QStringLiteral("1 h 30"));
    QCOMPARE(Durations::total(12 * 60 + 5), QStringLiteral("12 h 05"));
    QCOMPARE(Durations::total(99 * 60 + 59), QStringLiteral("99 h 59"));
    QCOMPARE(Durations::total(100 * 60), QStringLiteral("100 h"));
    // Whole hours beyond 100, rounded to the nearest, with the thousands separator of every figure.
    QCOMPARE(Durations::total(25783 * 60 + 29), QStringLiteral("25\u202F783 h"));
    QCOMPARE(Durations::total(25783 * 60 + 30), QStringLiteral("25\u202F784 h"));
    for (const qint64 minutes : {45, 50, 754, 6000, 1546990})
        QVERIFY2(!Durations::total(minutes).contains(QLatin1Char(',')), qPrintable(Durations::total(minutes)));
}

void TestFrenchText::durations_writtenTheSameEverywhere()
{
    // The presets' buttons, the list and the statistics: "15 min", never "15mn".
    QCOMPARE(Durations::text(15), QStringLiteral("15 min"));
    QCOMPARE(Durations::text(60), QStringLiteral("1 h"));
    QCOMPARE(Durations::text(90), QStringLiteral("1 h 30"));
}

QTEST_GUILESS_MAIN(TestFrenchText)
#include "tst_frenchtext.moc"
