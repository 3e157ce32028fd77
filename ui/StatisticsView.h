#pragma once

#include "ActivityFilter.h"
#include "Statistics.h"
#include "StatsFilter.h"

#include <QHash>
#include <QWidget>

#include <atomic>
#include <memory>

class ChartCard;
struct ChartEntry;
class QComboBox;
class QDateEdit;
class QGridLayout;
class QLabel;
class QPushButton;
class QThread;
class Store;

// "Statistiques": the national platform's figures on the local base for a period and filters, computed off the GUI
// thread (a newer request cancels an older one), as headline figures with their change against the previous period
// or the same period one year before ("Comparer à", remembered in QSettings) and charts (ChartCard: tooltips, data
// table, copy, PNG/SVG). Clicking a bar asks for the activities behind it.
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
    static constexpr int TopN = 8; // places and communes: the first ones, then "Autres"

    // What the headline figures are compared with.
    enum class Comparison { PreviousPeriod, YearBefore };
    Comparison comparison() const;
    void setComparison(Comparison comparison); // remembers it and recomputes
    static constexpr const char *ComparisonKey = "statistiques/comparaison"; // QSettings: "precedente" or "annee"

public slots:
    void refresh(); // computes again for the current filter (after a change of activities)
    void setPreset(int kind); // PeriodPreset::Kind

signals:
    void resultShown();
    // The activities behind a value of a chart: the period and their ids; selection names the value
    // ("Genre : Féminin").
    void activitiesRequested(const ActivityFilter &filter, const QString &selection);

private:
    void applyPreset(int kind);
    void buildFilterBar(class QVBoxLayout *layout);
    void buildHeadline(class QVBoxLayout *layout);
    void buildCharts(class QVBoxLayout *layout);
    void display(quint64 generation, const StatsResult &result);
    void showEvolution();
    void requestActivities(const QString &key, const ChartEntry &entry);
    QString change(qint64 now, qint64 before, bool minutesAsHours, bool yearBefore) const;

    Store &m_store;
    StatsResult m_result;
    std::shared_ptr<std::atomic<quint64>> m_latest;
    QList<QThread *> m_workers;
    bool m_updatingBar = false;
    QComboBox *m_period = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_lieu = nullptr;
    QComboBox *m_thematique = nullptr;
    QComboBox *m_commune = nullptr;
    QComboBox *m_tag = nullptr;
    QComboBox *m_compare = nullptr;
    QLabel *m_status = nullptr;
    QHash<QString, QLabel *> m_figures;
    QHash<QString, QLabel *> m_changes;
    QHash<QString, ChartCard *> m_cards;
    ChartCard *m_evolution = nullptr;
    QPushButton *m_byDay = nullptr;
};
