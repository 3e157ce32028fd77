#include "ChartCard.h"
#include "DemoGenerator.h"
#include "FrenchText.h"
#include "MainWindow.h"
#include "PeriodPreset.h"
#include "StatisticsView.h"
#include "TestData.h"

#include <QAbstractButton>
#include <QApplication>
#include <QProcess>
#include <QPushButton>
#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

class TestStatisticsView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void handBuiltBase_showsItsFigures_andTheChange();
    void presets_recompute_andScreenshot();
    void clickOnAThematique_asksForItsActivities();
    void comparisonWithTheYearBefore_isChosen_andRemembered();
    void yearBeforeFigures_at1366x768_nothingClipped();
};

void TestStatisticsView::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestStatisticsView::init()
{
    QSettings().clear(); // the comparison chosen by one test is not the next one's
}

void TestStatisticsView::handBuiltBase_showsItsFigures_andTheChange()
{
    TestData::Fixture f; // today 2026-06-30
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    // This month: 2 individual activities (45 min each) and a workshop of 8 (120 min).
    // Last month (the previous period of "Ce mois-ci"): one individual activity.
    for (const QDate &d : {QDate(2026, 6, 3), QDate(2026, 6, 10), QDate(2026, 5, 20)}) {
        Activity a = TestData::individuel(place.id);
        a.date = d;
        if (d.day() == 10)
            a.tags = {QStringLiteral("Itinérance")};
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    }
    Activity w = TestData::collectif(place.id);
    w.date = QDate(2026, 6, 15);
    QVERIFY2(f.store.saveActivity(w, &error), qPrintable(error));
    const int workshop = w.accompagnements();

    StatisticsView view(f.store);
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.setPreset(PeriodPreset::ThisMonth);
    QVERIFY(shown.wait(10000));
    const auto text = [&](const QString &name) { return view.findChild<QLabel *>(name)->text(); };
    QCOMPARE(text(QStringLiteral("figure_activites")), QStringLiteral("3"));
    QCOMPARE(text(QStringLiteral("figure_accompagnements")), FrenchText::number(2 + workshop));
    QCOMPARE(text(QStringLiteral("figure_ateliers")), QStringLiteral("1"));
    // 2 × 45 min + the workshop's duration, in hours with one decimal.
    QCOMPARE(text(QStringLiteral("figure_heures")),
             QLocale(QLocale::French, QLocale::France).toString((90 + w.dureeMinutes) / 60.0, 'f', 1));
    // 3 activities against 1 the month before: +200 %.
    QCOMPARE(text(QStringLiteral("change_activites")), QStringLiteral("▲ +200,0 % (1 avant)"));
    QCOMPARE(text(QStringLiteral("change_heures")), QStringLiteral("▲ +%1 % (0,8 avant)")
                                                        .arg(QLocale(QLocale::French, QLocale::France)
                                                                 .toString(100.0 * (90 + w.dureeMinutes - 45) / 45.0, 'f', 1)));

    // The thématiques chart holds the engine's figures, as a table too.
    ChartCard *thematiques = view.card(QStringLiteral("thematique_mediation"));
    QVERIFY(thematiques);
    const Breakdown *b = view.result().breakdown(QStringLiteral("thematique_mediation"));
    QVERIFY(b);
    double sum = 0;
    for (const ChartEntry &e : thematiques->entries())
        sum += e.percent;
    QCOMPARE(qRound(sum * 10), 1000);
    QCOMPARE(thematiques->table()->model()->rowCount(), thematiques->entries().size());

    // The tag filter offers the tags of the period; choosing one keeps the activity that carries it.
    auto *tag = view.findChild<QComboBox *>(QStringLiteral("statsTag"));
    QVERIFY(tag);
    const int itinerance = tag->findData(QStringLiteral("Itinérance"));
    QVERIFY(itinerance > 0);
    tag->setCurrentIndex(itinerance);
    emit tag->activated(itinerance);
    QVERIFY(shown.wait(10000));
    QCOMPARE(text(QStringLiteral("figure_activites")), QStringLiteral("1"));
    QCOMPARE(view.filter().tags, QStringList{QStringLiteral("Itinérance")});
    // The place's commune is offered too.
    auto *commune = view.findChild<QComboBox *>(QStringLiteral("statsCommune"));
    QVERIFY(commune->findData(TestData::gueret().codeInsee) > 0);
}

void TestStatisticsView::presets_recompute_andScreenshot()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    DemoGenerator::Options options;
    options.count = 3000;
    options.seed = 11;
    QString error;
    QVERIFY2(DemoGenerator::populate(f.store, options, &error), qPrintable(error));
    MainWindow window(f.store);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    StatisticsView *view = window.statisticsView();
    QSignalSpy shown(view, &StatisticsView::resultShown);
    window.showView(MainWindow::View::Statistiques);
    QVERIFY(shown.wait(20000));
    const qint64 year = view->result().headline.activites;
    QVERIFY(year > 1000);

    auto *period = view->findChild<QComboBox *>(QStringLiteral("statsPeriod"));
    QVERIFY(period);
    period->setFocus();
    // "Le mois dernier" through the combo, as a user would.
    period->setCurrentIndex(period->findData(PeriodPreset::LastMonth));
    emit period->activated(period->currentIndex());
    QVERIFY(shown.wait(20000));
    QCOMPARE(view->result().headline.from, QDate(2026, 5, 1));
    QCOMPARE(view->result().headline.to, QDate(2026, 5, 31));
    QVERIFY(view->result().headline.activites < year);
    QVERIFY(view->result().headline.activites > 0);

    view->setPreset(PeriodPreset::ThisYear);
    QVERIFY(shown.wait(20000));
    QApplication::processEvents();
    const QDir dir(QStringLiteral(CARNET_BINARY_DIR));
    QVERIFY(dir.mkpath(QStringLiteral("screenshots")));
    QVERIFY(window.grab().save(dir.filePath(QStringLiteral("screenshots/statistiques.png"))));
}

void TestStatisticsView::clickOnAThematique_asksForItsActivities()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    StatisticsView view(f.store);
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.setPreset(PeriodPreset::ThisYear);
    QVERIFY(shown.wait(10000));
    QSignalSpy asked(&view, &StatisticsView::activitiesRequested);
    emit view.card(QStringLiteral("thematique_mediation"))
        ->entryActivated(ChartEntry{QStringLiteral("email"), QStringLiteral("E-mail"), 1, 50.0});
    QCOMPARE(asked.size(), 1);
    const auto filter = asked.at(0).at(0).value<ActivityFilter>();
    QCOMPARE(filter.thematique, QStringLiteral("email"));
    QCOMPARE(filter.from, QDate(2026, 1, 1));
    QCOMPARE(filter.to, QDate(2026, 12, 31));
    // "Autres" has no activities of its own to show.
    emit view.card(QStringLiteral("communes"))->entryActivated(ChartEntry{QString(), QStringLiteral("Autres"), 1, 1.0});
    QCOMPARE(asked.size(), 1);
}

void TestStatisticsView::comparisonWithTheYearBefore_isChosen_andRemembered()
{
    TestData::Fixture f; // today 2026-06-30
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    // June 2026: 3 activities (45 min each); May 2026: 1; June 2025: 2; July 2025 (outside both): 1.
    for (const QDate &d : {QDate(2026, 6, 3), QDate(2026, 6, 10), QDate(2026, 6, 17), QDate(2026, 5, 20),
                           QDate(2025, 6, 1), QDate(2025, 6, 30), QDate(2025, 7, 1)}) {
        Activity a = TestData::individuel(place.id);
        a.date = d;
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    }
    const auto text = [](const StatisticsView &view, const QString &name) {
        return view.findChild<QLabel *>(name)->text();
    };
    {
        StatisticsView view(f.store);
        QCOMPARE(view.comparison(), StatisticsView::Comparison::PreviousPeriod); // the default
        QSignalSpy shown(&view, &StatisticsView::resultShown);
        view.setPreset(PeriodPreset::ThisMonth);
        QVERIFY(shown.wait(10000));
        QCOMPARE(text(view, QStringLiteral("change_activites")), QStringLiteral("▲ +200,0 % (1 avant)"));

        // "Comparer à" has a label with a mnemonic, an accessible name, and both choices.
        auto *compare = view.findChild<QComboBox *>(QStringLiteral("statsCompare"));
        QVERIFY(compare);
        QCOMPARE(compare->accessibleName(), QStringLiteral("Comparer à"));
        QCOMPARE(compare->count(), 2);
        QCOMPARE(compare->itemText(0), QStringLiteral("la période précédente"));
        QCOMPARE(compare->itemText(1), QStringLiteral("la même période un an avant"));
        bool hasBuddy = false;
        for (const QLabel *label : view.findChildren<QLabel *>())
            hasBuddy = hasBuddy || (label->buddy() == compare && label->text().contains(QLatin1Char('&')));
        QVERIFY(hasBuddy);

        compare->setCurrentIndex(1);
        emit compare->activated(1);
        QVERIFY(shown.wait(10000));
        QCOMPARE(view.comparison(), StatisticsView::Comparison::YearBefore);
        QVERIFY(view.filter().compareYearBefore);
        QVERIFY(view.result().yearBefore.has_value());
        // 3 against 2 in June 2025; the hours: 2,25 against 1,5.
        QCOMPARE(text(view, QStringLiteral("change_activites")), QStringLiteral("▲ +50,0 % (2 l'an dernier)"));
        QCOMPARE(text(view, QStringLiteral("change_heures")), QStringLiteral("▲ +50,0 % (1,5 l'an dernier)"));
        QVERIFY2(text(view, QStringLiteral("statsStatus"))
                     .contains(QStringLiteral("par rapport à la même période un an avant, du 01/06/2025 au 30/06/2025")),
                 qPrintable(text(view, QStringLiteral("statsStatus"))));
        QCOMPARE(QSettings().value(QLatin1String(StatisticsView::ComparisonKey)).toString(), QStringLiteral("annee"));
    }
    // A new view (the next start) compares with the year before at once.
    StatisticsView again(f.store);
    QCOMPARE(again.comparison(), StatisticsView::Comparison::YearBefore);
    QSignalSpy shown(&again, &StatisticsView::resultShown);
    again.setPreset(PeriodPreset::ThisMonth);
    QVERIFY(shown.wait(10000));
    QCOMPARE(text(again, QStringLiteral("change_activites")), QStringLiteral("▲ +50,0 % (2 l'an dernier)"));
    // And back.
    again.setComparison(StatisticsView::Comparison::PreviousPeriod);
    QVERIFY(shown.wait(10000));
    QCOMPARE(text(again, QStringLiteral("change_activites")), QStringLiteral("▲ +200,0 % (1 avant)"));
    QCOMPARE(QSettings().value(QLatin1String(StatisticsView::ComparisonKey)).toString(), QStringLiteral("precedente"));
}

void TestStatisticsView::yearBeforeFigures_at1366x768_nothingClipped()
{
    // At 100 % here, then at 150 % in a child process of this test (the scale is fixed when the application starts).
    const bool scaled = qEnvironmentVariableIsSet("QT_SCALE_FACTOR");
    TestData::Fixture f;
    QVERIFY(f.open());
    DemoGenerator::Options options;
    options.count = 3000; // two years up to today: the year before has figures
    options.seed = 7;
    QString error;
    QVERIFY2(DemoGenerator::populate(f.store, options, &error), qPrintable(error));
    QSettings().setValue(QLatin1String(StatisticsView::ComparisonKey), QStringLiteral("annee"));
    MainWindow window(f.store);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    StatisticsView *view = window.statisticsView();
    QSignalSpy shown(view, &StatisticsView::resultShown);
    window.showView(MainWindow::View::Statistiques);
    QVERIFY(shown.wait(20000));
    QVERIFY(view->result().yearBefore.has_value());
    QVERIFY(view->result().yearBefore->activites > 0);
    QApplication::processEvents();
    const QString change = view->findChild<QLabel *>(QStringLiteral("change_accompagnements"))->text();
    QVERIFY2(change.endsWith(QStringLiteral(" l'an dernier)")), qPrintable(change));
    const QDir dir(QStringLiteral(CARNET_BINARY_DIR));
    const QString folder = scaled ? QStringLiteral("screenshots-150") : QStringLiteral("screenshots");
    QVERIFY(dir.mkpath(folder));
    QVERIFY(window.grab().save(dir.filePath(folder + QStringLiteral("/statistiques-un-an-avant.png"))));
    // Every visible one-line label and button of the view has the width its text needs.
    const QList<QWidget *> widgets = view->findChildren<QWidget *>();
    for (const QWidget *w : widgets) {
        if (!w->isVisible())
            continue;
        const auto *label = qobject_cast<const QLabel *>(w);
        const auto *button = qobject_cast<const QAbstractButton *>(w);
        if ((label && !label->wordWrap() && !label->text().isEmpty()) || (button && !button->text().isEmpty())) {
            const int needed = qobject_cast<const QPushButton *>(w)
                ? w->fontMetrics().horizontalAdvance(button->text().remove(QLatin1Char('&'))) + 4
                : w->minimumSizeHint().width();
            QVERIFY2(w->width() >= needed, qPrintable(QStringLiteral("« %1 » clipped (%2 < %3 px)")
                                                          .arg(label ? label->text() : button->text())
                                                          .arg(w->width())
                                                          .arg(needed)));
        }
    }
    auto *compare = view->findChild<QComboBox *>(QStringLiteral("statsCompare"));
    QVERIFY(compare->width() >= compare->minimumSizeHint().width());
    // The whole period row is on screen.
    const QPoint right = compare->mapTo(&window, QPoint(compare->width(), 0));
    QVERIFY2(right.x() <= window.width(), qPrintable(QString::number(right.x())));

    if (!scaled) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_SCALE_FACTOR"), QStringLiteral("1.5"));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("yearBeforeFigures_at1366x768_nothingClipped")});
        QVERIFY(child.waitForFinished(120000));
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
                 qPrintable(QString::fromUtf8(child.readAll())));
    }
}

QTEST_MAIN(TestStatisticsView)
#include "tst_statisticsview.moc"
