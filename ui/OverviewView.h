#pragma once

#include <QWidget>

class QGridLayout;
class QLabel;
class QThread;
class Store;

// "Statistiques" until the dashboard of the statistics issue: headline figures for this month, this year and since
// the beginning (activités, accompagnements, heures), counted as the platform counts (deleted activities apart).
class OverviewView : public QWidget
{
    Q_OBJECT

public:
    struct Figures
    {
        qint64 activites = 0;
        qint64 accompagnements = 0;
        qint64 minutes = 0;
    };

    explicit OverviewView(Store &store, QWidget *parent = nullptr);
    ~OverviewView() override;

public slots:
    void refresh();

signals:
    void refreshed(); // the figures on screen are up to date

private:
    void display(const QList<Figures> &periods);

    Store &m_store;
    QThread *m_worker = nullptr;
    bool m_again = false;
    QGridLayout *m_grid = nullptr;
    QList<QLabel *> m_cells;
};
