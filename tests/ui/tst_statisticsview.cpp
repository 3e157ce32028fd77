#include "models/demo/DemoGenerator.h"
#include "models/domain/Nomenclature.h"
#include "models/domain/PeriodPreset.h"
#include "models/list/ActivityTableModel.h"
#include "models/stats/Breakdowns.h"
#include "models/stats/StatsEngine.h"
#include "models/text/FrenchText.h"
#include "tests/support/TestData.h"
#include "ui/MainWindow.h"
#include "ui/activities/ActivitiesView.h"
#include "ui/statistics/ChartCard.h"
#include "ui/statistics/StatisticsView.h"
#include "ui/widgets/MultiValueCombo.h"

#include <QAbstractButton>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QPieSeries>
#include <QPieSlice>
#include <QProcess>
#include <QPushButton>
#include <QSet>
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
    void clickOnGenre_andOnAutres_opensExactlyTheirActivities();
    void clickOnAMonth_andANewerClickWins();
    void everyEntryOfEveryChart_leadsToItsActivities();
    void comparisonWithTheYearBefore_isChosen_andRemembered();
    void yearBeforeFigures_at1366x768_nothingClipped();
    void periodChosen_isRemembered();
    void whileComputing_noNoDataFlash();
    void evolution_everyDayOrWeekOrMonth_withItsExactPeriod();
    void clickOnAWeekBar_listsTheActivitiesOfItsDays();
    void narrowWindow_oneCardARow();
    void sinceStart_runsFromTheFirstActivity_andIsRemembered();
    void filters_takeSeveralValues_andADepartement();
    void filters_wrapToFitANarrowWindow();
    void sourceFilter_offersTheFourOrigins_andFilters();
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
    // 2 × 45 min + the workshop's duration, in hours and minutes ("3 h 30"), never a decimal.
    QCOMPARE(w.dureeMinutes, 120);
    QCOMPARE(text(QStringLiteral("figure_heures")), QStringLiteral("3 h 30"));
    // 3 activities against 1 the month before: +200 %.
    QCOMPARE(text(QStringLiteral("change_activites")), QStringLiteral("▲ +200,0 % (1 avant)"));
    QCOMPARE(text(QStringLiteral("change_heures")),
        QStringLiteral("▲ +%1 % (45 min avant)")
            .arg(
                QLocale(QLocale::French, QLocale::France).toString(100.0 * (90 + w.dureeMinutes - 45) / 45.0, 'f', 1)));

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
    QVERIFY(f.openWithDemo(3000, 11));
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
    Activity a = TestData::individuel(place.id); // navigation and e-mail
    QVERIFY(f.store.saveActivity(a, &error));
    Activity b = TestData::individuel(place.id);
    b.thematiques = {QStringLiteral("navigation_sur_internet")};
    QVERIFY(f.store.saveActivity(b, &error));
    StatisticsView view(f.store);
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.setPreset(PeriodPreset::ThisYear);
    QVERIFY(shown.wait(10000));
    QSignalSpy asked(&view, &StatisticsView::activitiesRequested);
    ChartCard *card = view.card(QStringLiteral("thematique_mediation"));
    const auto email = std::find_if(card->entries().cbegin(), card->entries().cend(),
        [](const ChartEntry &e) { return e.code == QLatin1String("email"); });
    QVERIFY(email != card->entries().cend());
    emit card->entryActivated(*email);
    QVERIFY(asked.wait(10000));
    const auto filter = asked.at(0).at(0).value<ActivityFilter>();
    QCOMPARE(filter.ids, QList<QUuid>{a.id});
    QCOMPARE(filter.from, QDate(2026, 1, 1));
    QCOMPARE(filter.to, QDate(2026, 12, 31));
    QCOMPARE(asked.at(0).at(1).toString(), QStringLiteral("Thématiques de médiation numérique : %1").arg(email->label));
    // An entry that stands for nothing asks for nothing.
    emit view.card(QStringLiteral("communes"))->entryActivated(ChartEntry{QString(), QStringLiteral("Autres"), 1, 1.0});
    QTest::qWait(200);
    QCOMPARE(asked.size(), 1);
}

void TestStatisticsView::clickOnGenre_andOnAutres_opensExactlyTheirActivities()
{
    TestData::Fixture f; // today 2026-06-30; the period: this year
    QVERIFY(f.open());
    QString error;
    // Ten places: the first eight with two activities each, the last two ("Lieu 9", "Lieu 10") with one each, so
    // that the places chart shows eight bars and "Autres" for the last two.
    QList<Place> places;
    QList<QUuid> all; // the period's non-deleted activities
    QList<QUuid> others;
    QList<QUuid> men; // activities with a man among their accompagnements
    for (int i = 1; i <= 10; ++i) {
        Place p = TestData::place();
        p.nom = QStringLiteral("Lieu %1").arg(i);
        QVERIFY2(f.store.savePlace(p, &error), qPrintable(error));
        places.append(p);
        for (int n = 0; n < (i <= 8 ? 2 : 1); ++n) {
            Activity a = TestData::individuel(p.id); // an anonymous woman
            a.date = QDate(2026, 6, i);
            if (i == 3 || (i == 9 && n == 0)) {
                a.anonyme.genre = QStringLiteral("masculin");
                men.append(a.id);
            }
            QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
            all.append(a.id);
            if (i > 8)
                others.append(a.id);
        }
    }
    // A workshop (5 women and 3 men) at the first place; men that do not count: a deleted activity, last year's.
    Activity workshop = TestData::collectif(places.at(0).id);
    QVERIFY2(f.store.saveActivity(workshop, &error), qPrintable(error));
    men.append(workshop.id);
    Activity deleted = TestData::individuel(places.at(9).id);
    deleted.anonyme.genre = QStringLiteral("masculin");
    QVERIFY2(f.store.saveActivity(deleted, &error), qPrintable(error));
    QVERIFY2(f.store.deleteActivity(deleted.id, &error), qPrintable(error));
    Activity lastYear = TestData::individuel(places.at(9).id);
    lastYear.anonyme.genre = QStringLiteral("masculin");
    lastYear.date = QDate(2025, 12, 31);
    QVERIFY2(f.store.saveActivity(lastYear, &error), qPrintable(error));

    MainWindow window(f.store);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    StatisticsView *view = window.statisticsView();
    QSignalSpy shown(view, &StatisticsView::resultShown);
    window.showView(MainWindow::View::Statistiques);
    QVERIFY(shown.wait(10000));
    view->setPreset(PeriodPreset::ThisYear);
    QVERIFY(shown.wait(10000));
    // By hand: 3 men (the two activities of "Lieu 3" and the first of "Lieu 9") + 3 in the workshop, in 4 activities.
    const Breakdown *genre = view->result().breakdown(QStringLiteral("genre"));
    QVERIFY(genre);
    QCOMPARE(genre->item(QStringLiteral("masculin"))->count, 6);
    QSignalSpy asked(view, &StatisticsView::activitiesRequested);
    ActivitiesView *activities = window.activitiesView();
    const auto idsShown = [activities] {
        QList<QUuid> ids;
        for (int row = 0; row < activities->model()->rowCount(); ++row)
            ids.append(activities->model()->index(row, 0).data(ActivityTableModel::IdRole).toUuid());
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    const auto sorted = [](QList<QUuid> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    const auto banner = [&window] { return window.findChild<QLabel *>(QStringLiteral("selectionLabel"))->text(); };

    // The genre pie: a click on the men's slice.
    ChartCard *genreCard = view->card(QStringLiteral("genre"));
    auto *pie = qobject_cast<QPieSeries *>(genreCard->chart()->series().constFirst());
    QVERIFY(pie);
    int menIndex = -1;
    for (int i = 0; i < genreCard->entries().size(); ++i)
        menIndex = genreCard->entries().at(i).code == QLatin1String("masculin") ? i : menIndex;
    QVERIFY(menIndex >= 0);
    emit pie->slices().at(menIndex)->clicked();
    QVERIFY(asked.wait(10000));
    auto filter = asked.constLast().at(0).value<ActivityFilter>();
    QCOMPARE(sorted(filter.ids), sorted(men));
    QCOMPARE(filter.from, QDate(2026, 1, 1));
    QCOMPARE(filter.to, QDate(2026, 12, 31));
    const QString masculin = Nomenclature::instance().label(Nomenclature::List::Genre, QStringLiteral("masculin"));
    QCOMPARE(asked.constLast().at(1).toString(), QStringLiteral("Genre : %1").arg(masculin));
    // Mes activités shows them, and says what they are.
    QCOMPARE(window.currentView(), MainWindow::View::Activites);
    QTRY_COMPARE(activities->model()->totalCount(), 4);
    QTRY_COMPARE(activities->model()->rowCount(), 4);
    QCOMPARE(idsShown(), sorted(men));
    QCOMPARE(banner(), QStringLiteral("Activités derrière « Genre : %1 » — 4 activités").arg(masculin));

    // The places chart: "Autres" (the bottom bar) stands for the last two places.
    window.showView(MainWindow::View::Statistiques);
    ChartCard *lieux = view->card(QStringLiteral("lieux"));
    QCOMPARE(lieux->entries().size(), Breakdowns::spec("lieux").top + 1);
    QCOMPARE(lieux->entries().constLast().label, QStringLiteral("Autres"));
    QCOMPARE(lieux->entries().constLast().count, 2.0);
    QStringList grouped = lieux->entries().constLast().codes();
    grouped.sort();
    QStringList lastTwo{places.at(8).id.toString(QUuid::WithoutBraces), places.at(9).id.toString(QUuid::WithoutBraces)};
    lastTwo.sort();
    QCOMPARE(grouped, lastTwo);
    auto *bars = qobject_cast<QHorizontalBarSeries *>(lieux->chart()->series().constFirst());
    QVERIFY(bars);
    emit bars->barSets().constFirst()->clicked(0);
    QVERIFY(asked.wait(10000));
    filter = asked.constLast().at(0).value<ActivityFilter>();
    QCOMPARE(sorted(filter.ids), sorted(others));
    QCOMPARE(asked.constLast().at(1).toString(), QStringLiteral("Lieux d'activité : Autres"));
    QCOMPARE(window.currentView(), MainWindow::View::Activites);
    QTRY_COMPARE(activities->model()->totalCount(), 2);
    QTRY_COMPARE(activities->model()->rowCount(), 2);
    QCOMPARE(idsShown(), sorted(others));
    QCOMPARE(banner(), QStringLiteral("Activités derrière « Lieux d'activité : Autres » — 2 activités"));
    QApplication::processEvents();
    const QDir dir(QStringLiteral(CARNET_BINARY_DIR));
    QVERIFY(dir.mkpath(QStringLiteral("screenshots")));
    QVERIFY(window.grab().save(dir.filePath(QStringLiteral("screenshots/activites-derriere-autres.png"))));

    // Lifting the selection leaves the period: this year's 18 activities and the workshop.
    window.findChild<QPushButton *>(QStringLiteral("clearSelectionButton"))->click();
    QTRY_COMPARE(activities->model()->totalCount(), all.size() + 1);
    QVERIFY(activities->filter().ids.isEmpty());
    QCOMPARE(activities->filter().from, QDate(2026, 1, 1));
}

void TestStatisticsView::clickOnAMonth_andANewerClickWins()
{
    TestData::Fixture f; // today 2026-06-30
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    QList<QUuid> june;
    for (const QDate &d : {QDate(2026, 6, 2), QDate(2026, 6, 20)}) {
        Activity a = TestData::individuel(place.id);
        a.date = d;
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
        june.append(a.id);
    }
    Activity january = TestData::individuel(place.id);
    january.date = QDate(2026, 1, 10);
    QVERIFY2(f.store.saveActivity(january, &error), qPrintable(error));

    StatisticsView view(f.store);
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.setPreset(PeriodPreset::ThisMonth); // June: the evolution shows the days of June only
    QVERIFY(shown.wait(10000));
    ChartCard *evolution = view.findChild<ChartCard *>(QStringLiteral("chart_evolution"));
    QVERIFY(evolution);
    for (const ChartEntry &e : evolution->entries())
        QVERIFY2(!e.code.startsWith(QLatin1String("2026-01")), qPrintable(e.code));
    view.setPreset(PeriodPreset::ThisYear); // the months of 2026
    QVERIFY(shown.wait(10000));
    const auto entry = [evolution](const QString &code) {
        for (const ChartEntry &e : evolution->entries()) {
            if (e.code == code)
                return e;
        }
        return ChartEntry{};
    };
    QCOMPARE(entry(QStringLiteral("2026-01")).count, 1.0);
    QSignalSpy asked(&view, &StatisticsView::activitiesRequested);
    // January: its activity, and January as the list's period.
    emit evolution->entryActivated(entry(QStringLiteral("2026-01")));
    QVERIFY(asked.wait(10000));
    auto filter = asked.constLast().at(0).value<ActivityFilter>();
    QCOMPARE(filter.ids, QList<QUuid>{january.id});
    QCOMPARE(filter.from, QDate(2026, 1, 1));
    QCOMPARE(filter.to, QDate(2026, 1, 31));
    QVERIFY2(asked.constLast().at(1).toString().startsWith(QStringLiteral("Évolution des accompagnements : ")),
        qPrintable(asked.constLast().at(1).toString()));

    // Two clicks in a row: only the second one's activities come.
    emit evolution->entryActivated(entry(QStringLiteral("2026-01")));
    emit evolution->entryActivated(entry(QStringLiteral("2026-06")));
    QVERIFY(asked.wait(10000));
    QTest::qWait(300);
    QCOMPARE(asked.size(), 2);
    filter = asked.constLast().at(0).value<ActivityFilter>();
    QCOMPARE(filter.ids, june); // in date order
    QCOMPARE(filter.from, QDate(2026, 6, 1));
    QCOMPARE(filter.to, QDate(2026, 6, 30));

    // A month without activities asks for nothing and says so.
    const ChartEntry empty = entry(QStringLiteral("2026-03"));
    QCOMPARE(empty.count, 0.0);
    emit evolution->entryActivated(empty);
    auto *status = view.findChild<QLabel *>(QStringLiteral("statsStatus"));
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("Aucune activité derrière « Évolution des accompagnements")),
        qPrintable(status->text()));
    QCOMPARE(asked.size(), 2);
}

void TestStatisticsView::everyEntryOfEveryChart_leadsToItsActivities()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(1500, 3));
    StatisticsView view(f.store);
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.setPreset(PeriodPreset::Last12Months);
    QVERIFY(shown.wait(20000));
    QSignalSpy asked(&view, &StatisticsView::activitiesRequested);
    QStringList keys = Breakdowns::keys();
    keys.append(QStringLiteral("evolution"));
    int clicks = 0;
    for (const QString &key : std::as_const(keys)) {
        ChartCard *card = key == QLatin1String("evolution")
            ? view.findChild<ChartCard *>(QStringLiteral("chart_evolution"))
            : view.card(key);
        QVERIFY(card);
        for (const ChartEntry &entry : card->entries()) {
            if (entry.count <= 0)
                continue;
            const qsizetype before = asked.size();
            emit card->entryActivated(entry);
            QVERIFY2(asked.wait(10000), qPrintable(key + QStringLiteral(" : ") + entry.label));
            QCOMPARE(asked.size(), before + 1);
            const auto filter = asked.constLast().at(0).value<ActivityFilter>();
            // At least one activity; never more than the accompagnements counted (each adds at least one), except
            // for the breakdowns of people, where one person may have several activities.
            const BreakdownSpec *spec = Breakdowns::find(key);
            const bool people = spec && spec->source == BreakdownSpec::Source::Public;
            QVERIFY2(!filter.ids.isEmpty() && (people || filter.ids.size() <= entry.count),
                qPrintable(QStringLiteral("%1 : %2 : %3 activities for %4")
                               .arg(key, entry.label)
                               .arg(filter.ids.size())
                               .arg(entry.count)));
            ++clicks;
        }
    }
    QVERIFY2(clicks > 60, qPrintable(QString::number(clicks)));
    // A single-valued breakdown's individual activities: as many activities as accompagnements.
    ChartCard *types = view.card(QStringLiteral("type_activite"));
    for (const ChartEntry &entry : types->entries()) {
        if (entry.code != QLatin1String(Codes::TypeActivite::Individuel))
            continue;
        emit types->entryActivated(entry);
        QVERIFY(asked.wait(10000));
        QCOMPARE(static_cast<double>(asked.constLast().at(0).value<ActivityFilter>().ids.size()), entry.count);
        QCOMPARE(static_cast<double>(asked.constLast().at(0).value<ActivityFilter>().ids.size()),
            static_cast<double>(view.result().headline.individuels));
    }
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
    const auto text
        = [](const StatisticsView &view, const QString &name) { return view.findChild<QLabel *>(name)->text(); };
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
        // 3 against 2 in June 2025; the hours: 2 h 15 against 1 h 30.
        QCOMPARE(text(view, QStringLiteral("change_activites")), QStringLiteral("▲ +50,0 % (2 l'an dernier)"));
        QCOMPARE(text(view, QStringLiteral("figure_heures")), QStringLiteral("2 h 15"));
        QCOMPARE(text(view, QStringLiteral("change_heures")), QStringLiteral("▲ +50,0 % (1 h 30 l'an dernier)"));
        QVERIFY2(
            text(view, QStringLiteral("statsStatus"))
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
    QVERIFY(f.openWithDemo(3000, 7)); // two years up to today: the year before has figures
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
            QVERIFY2(w->width() >= needed,
                qPrintable(QStringLiteral("« %1 » clipped (%2 < %3 px)")
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
        child.start(
            QCoreApplication::applicationFilePath(), {QStringLiteral("yearBeforeFigures_at1366x768_nothingClipped")});
        QVERIFY(child.waitForFinished(120000));
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
            qPrintable(QString::fromUtf8(child.readAll())));
    }
}

void TestStatisticsView::periodChosen_isRemembered()
{
    TestData::Fixture f; // today 2026-06-30
    QVERIFY(f.open());
    const auto periodOf = [](const StatisticsView &view) {
        return view.findChild<QComboBox *>(QStringLiteral("statsPeriod"))->currentData().toInt();
    };
    {
        StatisticsView view(f.store);
        QCOMPARE(periodOf(view), int(PeriodPreset::Last12Months)); // the first time
        view.setPreset(PeriodPreset::ThisYear);
    }
    {
        // The next start shows this year at once.
        StatisticsView view(f.store);
        QCOMPARE(periodOf(view), int(PeriodPreset::ThisYear));
        QCOMPARE(view.filter().from, QDate(2026, 1, 1));
        QCOMPARE(view.filter().to, QDate(2026, 12, 31));
        // Days typed by hand: a custom period, kept with its days.
        auto *from = view.findChild<QDateEdit *>(QStringLiteral("statsFrom"));
        from->setDate(QDate(2026, 3, 15));
    }
    StatisticsView view(f.store);
    QCOMPARE(periodOf(view), int(PeriodPreset::Custom));
    QCOMPARE(view.filter().from, QDate(2026, 3, 15));
    QCOMPARE(view.filter().to, QDate(2026, 12, 31));
}

void TestStatisticsView::whileComputing_noNoDataFlash()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(300, 5));
    StatisticsView view(f.store);
    view.resize(1100, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const auto visible = [&view](const QString &text) {
        int n = 0;
        for (const QLabel *label : view.findChildren<QLabel *>())
            n += label->isVisibleTo(&view) && label->text() == text ? 1 : 0;
        return n;
    };
    // Before the first figures and while they are computed: "Calcul en cours…" on the cards, never "Aucune donnée".
    QVERIFY(visible(QStringLiteral("Calcul en cours…")) > 0);
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.setPreset(PeriodPreset::Last12Months);
    QCOMPARE(visible(QStringLiteral("Aucune donnée sur cette période.")), 0);
    QVERIFY(shown.wait(20000));
    QCOMPARE(visible(QStringLiteral("Calcul en cours…")), 0);
    // A new period: the figures on screen stay until the new ones come.
    view.setPreset(PeriodPreset::ThisMonth);
    QCOMPARE(visible(QStringLiteral("Aucune donnée sur cette période.")), 0);
    QVERIFY(shown.wait(20000));
}

void TestStatisticsView::evolution_everyDayOrWeekOrMonth_withItsExactPeriod()
{
    const auto days = [](const QDate &from, const QDate &to) {
        Series s;
        s.key = QStringLiteral("jours");
        for (QDate d = from; d <= to; d = d.addDays(1))
            s.points.append({d.toString(Qt::ISODate), d.toString(QStringLiteral("dd/MM")), d, d.day() % 3});
        return s;
    };
    const auto sum = [](const QList<ChartEntry> &entries) {
        double total = 0;
        for (const ChartEntry &e : entries)
            total += e.count;
        return total;
    };
    // 30 days: one bar each, its code the day's.
    QDate from(2026, 6, 1);
    QDate to(2026, 6, 30);
    QList<ChartEntry> entries = StatisticsView::evolutionEntries(days(from, to), from, to);
    QCOMPARE(entries.size(), 30);
    QCOMPARE(entries.at(14).code, QStringLiteral("2026-06-15"));
    QCOMPARE(entries.at(14).codes(), QStringList{QStringLiteral("2026-06-15")});
    QCOMPARE(entries.at(14).period, QStringLiteral("le 15/06/2026"));

    // Two and a half years of days (from a Wednesday): one bar a week, Monday to Sunday, cut at the period's ends.
    from = QDate(2024, 1, 3);
    to = QDate(2026, 6, 30);
    const Series long2 = days(from, to);
    entries = StatisticsView::evolutionEntries(long2, from, to);
    QCOMPARE(entries.size(), 131);
    QCOMPARE(entries.constFirst().period, QStringLiteral("du 03/01/2024 au 07/01/2024"));
    QCOMPARE(entries.constFirst().codes().size(), 5);
    QCOMPARE(entries.at(1).period, QStringLiteral("du 08/01/2024 au 14/01/2024"));
    QCOMPARE(entries.at(1).codes().constFirst(), QStringLiteral("2024-01-08"));
    QCOMPARE(entries.at(1).codes().size(), 7);
    QVERIFY(entries.at(1).code.isEmpty());
    QCOMPARE(entries.constLast().period, QStringLiteral("du 29/06/2026 au 30/06/2026"));
    qint64 total = 0;
    for (const SeriesPoint &p : long2.points)
        total += p.accompagnements;
    QCOMPARE(sum(entries), static_cast<double>(total));

    // Beyond three years: one bar a month.
    from = QDate(2019, 3, 10);
    entries = StatisticsView::evolutionEntries(days(from, to), from, to);
    QCOMPARE(entries.size(), 88); // March 2019 to June 2026
    QCOMPARE(entries.constFirst().period, QStringLiteral("du 10/03/2019 au 31/03/2019"));
    QCOMPARE(entries.constFirst().label, QStringLiteral("mars 2019"));
    QCOMPARE(entries.at(1).codes().size(), 30);

    // Months: each one's days inside the period, whatever their number.
    Series months;
    months.key = QStringLiteral("mois");
    for (QDate m(2025, 5, 1); m <= QDate(2026, 6, 1); m = m.addMonths(1))
        months.points.append({m.toString(QStringLiteral("yyyy-MM")), m.toString(QStringLiteral("MM/yyyy")), m, 4});
    entries = StatisticsView::evolutionEntries(months, QDate(2025, 5, 15), QDate(2026, 6, 14));
    QCOMPARE(entries.size(), 14);
    QCOMPARE(entries.constFirst().code, QStringLiteral("2025-05"));
    QCOMPARE(entries.constFirst().period, QStringLiteral("du 15/05/2025 au 31/05/2025"));
    QCOMPARE(entries.at(1).period, QStringLiteral("du 01/06/2025 au 30/06/2025"));
    QCOMPARE(entries.constLast().period, QStringLiteral("du 01/06/2026 au 14/06/2026"));
    QCOMPARE(entries.at(3).percent, 7.143); // 4 of 56, as the platform rounds it
}

void TestStatisticsView::clickOnAWeekBar_listsTheActivitiesOfItsDays()
{
    TestData::Fixture f; // today 2026-06-30
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    QList<QUuid> week;
    for (const QDate &d : {QDate(2026, 6, 1), QDate(2026, 6, 3), QDate(2026, 6, 7), QDate(2026, 6, 8)}) {
        Activity a = TestData::individuel(place.id);
        a.date = d;
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
        if (d.day() < 8)
            week.append(a.id);
    }
    StatisticsView view(f.store);
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.setPreset(PeriodPreset::ThisMonth);
    QVERIFY(shown.wait(10000));
    auto *evolution = view.findChild<ChartCard *>(QStringLiteral("chart_evolution"));
    QVERIFY(evolution);
    // The bar of the week of 1 June, as a long period groups the days on screen.
    ChartEntry bar{QString(), QStringLiteral("01/06/26"), 3, 75.0};
    for (int day = 1; day <= 7; ++day)
        bar.grouped.append(QDate(2026, 6, day).toString(Qt::ISODate));
    bar.period = QStringLiteral("du 01/06/2026 au 07/06/2026");
    QSignalSpy asked(&view, &StatisticsView::activitiesRequested);
    emit evolution->entryActivated(bar);
    QVERIFY(asked.wait(10000));
    const auto filter = asked.constLast().at(0).value<ActivityFilter>();
    QCOMPARE(filter.ids, week);
    QCOMPARE(filter.from, QDate(2026, 6, 1));
    QCOMPARE(filter.to, QDate(2026, 6, 7));
    QCOMPARE(asked.constLast().at(1).toString(),
        QStringLiteral("Évolution des accompagnements : du 01/06/2026 au 07/06/2026"));
    // The days of the period on screen: one bar each, a tooltip naming the day with its year.
    auto *byDay = view.findChild<QPushButton *>(QStringLiteral("evolutionByDay"));
    byDay->click();
    QCOMPARE(evolution->entries().size(), 30);
    QVERIFY2(evolution->tooltip(evolution->entries().constFirst()).contains(QStringLiteral("Le 01/06/2026")),
        qPrintable(evolution->tooltip(evolution->entries().constFirst())));
}

void TestStatisticsView::narrowWindow_oneCardARow()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    StatisticsView view(f.store);
    const auto columns = [&view] {
        QSet<int> xs;
        for (const QString &key : Breakdowns::keys())
            xs.insert(view.card(key)->x());
        return xs.size();
    };
    view.resize(1180, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_COMPARE(columns(), 2);
    view.resize(700, 700); // a 1366-pixel screen at 150 %, beside the navigation
    QTRY_COMPARE(columns(), 1);
    view.resize(1180, 700);
    QTRY_COMPARE(columns(), 2);
}

void TestStatisticsView::sinceStart_runsFromTheFirstActivity_andIsRemembered()
{
    TestData::Fixture f; // today 2026-06-30
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    for (const QDate &d : {QDate(2025, 2, 11), QDate(2026, 6, 3)}) {
        Activity a = TestData::individuel(place.id);
        a.date = d;
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    }
    {
        StatisticsView view(f.store);
        QSignalSpy shown(&view, &StatisticsView::resultShown);
        auto *period = view.findChild<QComboBox *>(QStringLiteral("statsPeriod"));
        const int index = period->findData(int(PeriodPreset::SinceStart));
        QVERIFY(index >= 0);
        QCOMPARE(period->itemText(index), QStringLiteral("Depuis le début"));
        period->setCurrentIndex(index);
        emit period->activated(index); // as the keyboard or the list does
        QVERIFY(shown.wait(10000));
        QCOMPARE(view.filter().from, QDate(2025, 2, 11));
        QCOMPARE(view.filter().to, QDate(2026, 6, 30));
        QCOMPARE(view.result().headline.activites, 2);
    }
    // An older activity entered since: the next computation starts from it.
    Activity older = TestData::individuel(place.id);
    older.date = QDate(2024, 9, 2);
    QVERIFY2(f.store.saveActivity(older, &error), qPrintable(error));
    StatisticsView view(f.store);
    QCOMPARE(view.findChild<QComboBox *>(QStringLiteral("statsPeriod"))->currentData().toInt(),
        int(PeriodPreset::SinceStart));
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.refresh();
    QVERIFY(shown.wait(10000));
    QCOMPARE(view.filter().from, QDate(2024, 9, 2));
    QCOMPARE(view.result().headline.activites, 3);
}

void TestStatisticsView::filters_takeSeveralValues_andADepartement()
{
    TestData::Fixture f; // today 2026-06-30
    QVERIFY(f.open());
    QString error;
    Place gueret = TestData::place();
    Place mairie = TestData::place();
    mairie.nom = QStringLiteral("Mairie");
    QVERIFY(f.store.savePlace(gueret, &error));
    QVERIFY(f.store.savePlace(mairie, &error));
    Activity a = TestData::individuel(gueret.id);
    a.tags = {QStringLiteral("Itinérance")};
    Activity b = TestData::individuel(mairie.id);
    b.tags = {QStringLiteral("Permanence")};
    Activity c = TestData::individuel(QUuid());
    c.typeLieu = QLatin1String(Codes::TypeLieu::Domicile);
    c.lieuCommune = {QStringLiteral("42218"), QStringLiteral("42000"), QStringLiteral("Saint-Étienne")};
    for (Activity *x : {&a, &b, &c})
        QVERIFY2(f.store.saveActivity(*x, &error), qPrintable(error));

    StatisticsView view(f.store);
    view.resize(1366, 768);
    view.show();
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.setPreset(PeriodPreset::ThisMonth);
    QVERIFY(shown.wait(10000));

    // Ticks in the open list with Space; Enter closes it and computes once.
    const auto tick = [&](const char *name, const QVariantList &values) {
        auto *combo = view.findChild<MultiValueCombo *>(QString::fromLatin1(name));
        QVERIFY(combo);
        combo->setFocus();
        QTest::keyClick(combo, Qt::Key_Down, Qt::AltModifier);
        QTRY_VERIFY(combo->view()->isVisible());
        for (const QVariant &value : values) {
            const int row = combo->findData(value);
            QVERIFY2(row > 0, name);
            combo->view()->setCurrentIndex(combo->model()->index(row, 0));
            QTest::keyClick(combo->view(), Qt::Key_Space);
            QVERIFY(combo->view()->isVisible()); // still open for the next one
        }
        QTest::keyClick(combo->view(), Qt::Key_Return);
        QTRY_VERIFY(!combo->view()->isVisible());
    };

    tick("statsLieu", {QVariant(gueret.id), QVariant(mairie.id)});
    QVERIFY(shown.wait(10000));
    QCOMPARE(view.filter().lieux.size(), 2);
    QCOMPARE(view.result().headline.activites, 2); // the two places, not the home visit
    auto *lieu = view.findChild<MultiValueCombo *>(QStringLiteral("statsLieu"));
    QCOMPARE(lieu->displayText(), QStringLiteral("Mairie, Médiathèque de Guéret")); // in the list's order
    tick("statsLieu", {QVariant(gueret.id), QVariant(mairie.id)}); // unticked: every place again
    QVERIFY(shown.wait(10000));
    QVERIFY(view.filter().lieux.isEmpty());
    QCOMPARE(lieu->displayText(), QStringLiteral("Tous les lieux"));

    tick("statsTag", {QStringLiteral("Itinérance"), QStringLiteral("Permanence")});
    QVERIFY(shown.wait(10000));
    QCOMPARE(view.filter().tags, (QStringList{QStringLiteral("Itinérance"), QStringLiteral("Permanence")}));
    QCOMPARE(view.result().headline.activites, 2);
    tick("statsTag", {QStringLiteral("Itinérance"), QStringLiteral("Permanence")});
    QVERIFY(shown.wait(10000));

    // The départements of the communes of the period, named; choosing one builds the filter.
    auto *departement = view.findChild<MultiValueCombo *>(QStringLiteral("statsDepartement"));
    QVERIFY(departement);
    QVERIFY(departement->findData(QStringLiteral("23")) > 0);
    QCOMPARE(departement->itemText(departement->findData(QStringLiteral("42"))), QStringLiteral("Loire (42)"));
    tick("statsDepartement", {QStringLiteral("42")});
    QVERIFY(shown.wait(10000));
    QCOMPARE(view.filter().departements, QStringList{QStringLiteral("42")});
    QCOMPARE(view.result().headline.activites, 1); // the home visit in Saint-Étienne

    // Three thématiques read as a count.
    auto *thematique = view.findChild<MultiValueCombo *>(QStringLiteral("statsThematique"));
    tick("statsThematique",
        {QStringLiteral("email"), QStringLiteral("navigation_sur_internet"), QStringLiteral("bureautique")});
    QVERIFY(shown.wait(10000));
    QCOMPARE(view.filter().thematiques.size(), 3);
    QCOMPARE(thematique->displayText(), QStringLiteral("3 thématiques"));
    QVERIFY(thematique->toolTip().contains(QStringLiteral("E-mail")));

    const QDir dir(QStringLiteral(CARNET_BINARY_DIR));
    QVERIFY(dir.mkpath(QStringLiteral("screenshots")));
    QVERIFY(view.grab().save(dir.filePath(QStringLiteral("screenshots/statistiques-filtres.png"))));
    thematique->setFocus();
    QTest::keyClick(thematique, Qt::Key_F4);
    QTRY_VERIFY(thematique->view()->isVisible());
    QVERIFY(thematique->view()->window()->grab().save(
        dir.filePath(QStringLiteral("screenshots/statistiques-liste-thematiques.png"))));
    QTest::keyClick(thematique->view(), Qt::Key_Escape);
    QTRY_VERIFY(!thematique->view()->isVisible());
    QCOMPARE(view.filter().thematiques.size(), 3); // closed without a change
}

// "Source" as the platform's filter: the four origins, several at once.
void TestStatisticsView::sourceFilter_offersTheFourOrigins_andFilters()
{
    TestData::Fixture f; // today 2026-06-30
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    QList<Activity> batch;
    for (const char *source :
        {ActivitySource::Carnet, ActivitySource::Coop, ActivitySource::Coop, ActivitySource::V1}) {
        Activity a = TestData::individuel(place.id);
        a.date = QDate(2026, 6, 10);
        a.source = QLatin1String(source);
        batch.append(a);
    }
    Activity w = TestData::collectif(place.id);
    w.source = QLatin1String(ActivitySource::Tableur);
    batch.append(w);
    QVERIFY2(f.store.insertActivities(batch, true, &error), qPrintable(error));

    StatisticsView view(f.store);
    view.resize(1366, 768);
    view.show();
    QSignalSpy shown(&view, &StatisticsView::resultShown);
    view.setPreset(PeriodPreset::ThisMonth);
    QVERIFY(shown.wait(10000));
    QCOMPARE(view.result().headline.activites, 5);
    auto *source = view.findChild<MultiValueCombo *>(QStringLiteral("statsSource"));
    QVERIFY(source);
    QCOMPARE(source->displayText(), QStringLiteral("Toutes les origines"));
    QCOMPARE(source->itemText(source->findData(QStringLiteral("carnet"))), QStringLiteral("Saisie Carnet"));
    QCOMPARE(source->itemText(source->findData(QStringLiteral("coop"))), QStringLiteral("La Coop"));
    QCOMPARE(source->itemText(source->findData(QStringLiteral("v1"))), QStringLiteral("Espace Coop (V1)"));
    QCOMPARE(source->itemText(source->findData(QStringLiteral("tableur"))), QStringLiteral("Tableur"));

    // Ticks in the open list with Space; Enter closes it and computes once.
    const auto tick = [&](const QStringList &values) {
        source->setFocus();
        QTest::keyClick(source, Qt::Key_Down, Qt::AltModifier);
        QTRY_VERIFY(source->view()->isVisible());
        for (const QString &value : values) {
            const int row = source->findData(value);
            QVERIFY(row > 0);
            source->view()->setCurrentIndex(source->model()->index(row, 0));
            QTest::keyClick(source->view(), Qt::Key_Space);
        }
        QTest::keyClick(source->view(), Qt::Key_Return);
        QTRY_VERIFY(!source->view()->isVisible());
    };
    tick({QStringLiteral("coop")});
    QVERIFY(shown.wait(10000));
    QCOMPARE(view.filter().sources, QStringList{QStringLiteral("coop")});
    QCOMPARE(view.result().headline.activites, 2);
    QCOMPARE(source->displayText(), QStringLiteral("La Coop"));
    tick({QStringLiteral("coop"), QStringLiteral("v1"), QStringLiteral("tableur")}); // coop unticked
    QVERIFY(shown.wait(10000));
    QCOMPARE(view.filter().sources, (QStringList{QStringLiteral("v1"), QStringLiteral("tableur")}));
    QCOMPARE(view.result().headline.activites, 2);
    QCOMPARE(view.result().headline.accompagnements, 1 + w.accompagnements());

    const QDir dir(QStringLiteral(CARNET_BINARY_DIR));
    QVERIFY(dir.mkpath(QStringLiteral("screenshots")));
    source->setFocus();
    QTest::keyClick(source, Qt::Key_F4);
    QTRY_VERIFY(source->view()->isVisible());
    QVERIFY(view.window()->grab().save(dir.filePath(QStringLiteral("screenshots/statistiques-source.png"))));
    QVERIFY(source->view()->window()->grab().save(
        dir.filePath(QStringLiteral("screenshots/statistiques-liste-source.png"))));
    QTest::keyClick(source->view(), Qt::Key_Escape);
    QTRY_VERIFY(!source->view()->isVisible());
}

void TestStatisticsView::filters_wrapToFitANarrowWindow()
{
    // 1366 × 768 at 150 % leaves some 745 logical pixels beside the navigation: every filter must fit, whole.
    TestData::Fixture f;
    QVERIFY(f.open());
    StatisticsView view(f.store);
    QVERIFY2(view.minimumSizeHint().width() <= 745, qPrintable(QString::number(view.minimumSizeHint().width())));
    view.resize(745, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCoreApplication::processEvents();
    auto *bar = view.findChild<QWidget *>(QStringLiteral("statsFilterBar"));
    QVERIFY(bar);
    int fields = 0;
    for (QWidget *w : bar->findChildren<QComboBox *>()) {
        if (!w->isVisibleTo(&view))
            continue;
        const QRect r(w->mapTo(&view, QPoint(0, 0)), w->size());
        QVERIFY2(r.right() < view.width(),
            qPrintable(w->objectName() + QStringLiteral(" ends at ") + QString::number(r.right())));
        QVERIFY2(w->width() >= w->minimumSizeHint().width(), qPrintable(w->objectName()));
        ++fields;
    }
    QVERIFY(fields >= 7); // période, comparaison, type, lieu, thématique, département, commune, étiquette
    // Wider, the fields take fewer lines.
    const int narrowHeight = bar->height();
    view.resize(1366, 600);
    QCoreApplication::processEvents();
    QTRY_VERIFY(bar->height() < narrowHeight);
}

QTEST_MAIN(TestStatisticsView)
#include "tst_statisticsview.moc"
