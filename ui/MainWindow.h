#pragma once

#include <QMainWindow>

class QLabel;
class Store;

// The main window. For now a summary of the data folder; the CRA desk comes with its own issue.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Store &store, QWidget *parent = nullptr);
    void refresh();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    Store &m_store;
    QLabel *m_summary = nullptr;
};
