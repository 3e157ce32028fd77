#pragma once

#include <QWidget>

class QGridLayout;
class QLabel;
class Store;

// "Statistiques" until the dashboard of the statistics issue: headline figures for this month, this year and since
// the beginning (activités, accompagnements, heures), counted as the platform counts (deleted activities apart).
class OverviewView : public QWidget
{
    Q_OBJECT

public:
    explicit OverviewView(Store &store, QWidget *parent = nullptr);

public slots:
    void refresh();

private:
    Store &m_store;
    QGridLayout *m_grid = nullptr;
    QList<QLabel *> m_cells;
};
