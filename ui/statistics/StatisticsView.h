#pragma once

#include "models/list/ActivityFilter.h"
#include "models/stats/StatsFilter.h"
#include "models/stats/StatsResult.h"
#include "models/stats/StatsWorker.h"

#include <QHash>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>

class ActivityFilterBar;
class ChartCard;
struct ChartEntry;
class MultiValueCombo;
class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSqlDatabase;
class QThread;
class Store;

// "Statistiques": the national platform's figures on the local base for a period and filters, computed off the GUI
// thread (a newer request cancels an older one), as headline figures with their change against the previous period
// or the same period one year before ("Comparer à", remembered in QSettings) and charts (ChartCard: tooltips, data
// table, copy, PNG/SVG). Clicking a bar or a slice of any chart (or a row of its data table) looks up the activities
// behind it off the GUI thread (StatsEngine::activitiesBehind; a newer click wins) and asks for them.
class StatisticsView : public QWidget
{
    Q_OBJECT

public:
    explicit StatisticsView(Store &store, QWidget *parent = nullptr);
    ~StatisticsView() override;

    StatsFilter filter() const;
    // The result on screen (after resultShown()).
    const StatsResult &result() const { return m_result; }
    ChartCard *card(const QString &key) const { return m_cards.value(key); }

    // What the headline figures are compared with.
    enum class Comparison { PreviousPeriod, YearBefore };
    Comparison comparison() const;
    void setComparison(Comparison comparison); // remembers it and recomputes
    static constexpr const char *ComparisonKey = "statistiques/comparaison"; // QSettings: "precedente" or "annee"
    // QSettings: the period last chosen (PeriodPreset::Kind), and its days when it is Custom.
    static constexpr const char *PeriodKey = "statistiques/periode";
    static constexpr const char *FromKey = "statistiques/du";
    static constexpr const char *ToKey = "statistiques/au";

    // The evolution's bars for a series of the result whose period runs from `from` to `to`: one bar per month, per
    // day up to 62 days, per week (Monday to Sunday) up to three years of days and per month beyond; each bar's period
    // (its days inside the period) in ChartEntry::period; a bar of several days carries their codes (grouped).
    static QList<ChartEntry> evolutionEntries(const Series &series, const QDate &from, const QDate &to);
    static constexpr int DaysOneByOne = 62;
    // A breakdown's chart entries as its card shows them: zeros dropped unless the breakdown keeps them, the first
    // BreakdownSpec::top items then "Autres"; empty when the breakdown counts nothing.
    static QList<ChartEntry> breakdownEntries(const Breakdown &breakdown);
    // How a breakdown of Breakdowns::all() is drawn.
    static int chartKind(const QString &key); // a ChartCard::Kind
    // A headline figure's change as the view shows it: "▲ +12,5 % (1 100 avant)", "= (0 avant)"...
    static QString changeText(qint64 now, qint64 before, bool minutesAsHours, bool yearBefore);
    static constexpr int DaysByWeek = 3 * 366;

public slots:
    void refresh(); // computes again for the current filter (after a change of activities)
    void setPreset(int kind); // PeriodPreset::Kind

signals:
    void resultShown();
    // The activities behind a value of a chart: the period and their ids; selection names the value
    // ("Genre : Féminin").
    void activitiesRequested(const ActivityFilter &filter, const QString &selection);
    void exportRequested(); // "Exporter…": the window opens its export dialog on filter()
    // "Bilan PDF…": the mediator asks for the PDF review (of this view's filters).
    void reviewRequested();

private:
    void rememberPeriod() const;
    void buildFilterBar(class QVBoxLayout *layout);
    void offerFilterValues(const StatsResult &result);
    void buildHeadline(class QVBoxLayout *layout);
    void buildCharts(class QVBoxLayout *layout);
    void display(quint64 generation, const StatsFilter &filter, const StatsResult &result);
    void activitiesFound(quint64 generation, const QList<QUuid> &ids, const QString &error, ActivityFilter filter,
        const QString &selection);
    // Runs work on a thread of its own, with a read-only connection to the base (or the French error opening it).
    void startWorker(StatsWorker::Work work);
    void showEvolution();
    void resizeEvent(class QResizeEvent *event) override;
    void placeCards(); // two cards a row when they have the room, one otherwise (a narrow window, 150 %)
    void requestActivities(const QString &key, const ChartEntry &entry);

    Store &m_store;
    StatsResult m_result;
    std::shared_ptr<std::atomic<quint64>> m_latest;
    std::shared_ptr<std::atomic<quint64>> m_latestClick; // the click whose activities are looked up
    StatsFilter m_shownFilter; // the filter of the result on screen (what a click is about)
    QString m_resultStatus; // the status line of the result on screen
    QString m_searchStatus; // the status line while the activities of a click are looked up
    QList<QThread *> m_workers;
    ActivityFilterBar *m_filterBar = nullptr; // the period, the type, the place and the thématique
    MultiValueCombo *m_commune = nullptr;
    MultiValueCombo *m_departement = nullptr;
    MultiValueCombo *m_tag = nullptr;
    MultiValueCombo *m_source = nullptr; // where the activities come from (ActivitySource), as the platform's filter
    QComboBox *m_compare = nullptr;
    QLabel *m_status = nullptr;
    QHash<QString, QLabel *> m_figures;
    QHash<QString, QLabel *> m_changes;
    QHash<QString, ChartCard *> m_cards;
    ChartCard *m_evolution = nullptr;
    QGridLayout *m_cardGrid = nullptr;
    QList<ChartCard *> m_cardOrder; // the breakdowns' cards in the order of Breakdowns::all()
    int m_columns = 0;
    QPushButton *m_byDay = nullptr;
};
