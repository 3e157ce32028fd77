#pragma once

#include <QWidget>

class QLabel;
class Store;

// "Synchronisation": where the activities stand with the national platform. Sending arrives with the sync issue;
// until then this view says, truthfully, what waits on this computer.
class SyncView : public QWidget
{
    Q_OBJECT

public:
    explicit SyncView(Store &store, QWidget *parent = nullptr);

public slots:
    void refresh();

private:
    Store &m_store;
    QLabel *m_state = nullptr;
};
