#pragma once

#include "models/list/ActivityFilter.h"
#include "models/list/ActivityQueryWorker.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>

class QThread;
class Store;

// The list of activities ("Mes activités") over the activites table, loaded lazily: the first page (PageSize rows)
// then more pages as the view scrolls (canFetchMore/fetchMore), never the whole table. Queries and counts run on a
// worker thread with its own connection (see ActivityQueryWorker), so the window stays responsive on a million
// activities; results arrive through the event loop (isLoading(), loadingChanged, totalCountChanged).
class ActivityTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        DateColumn,
        TypeColumn,
        DureeColumn,
        LieuColumn,
        ThematiquesColumn,
        ParticipantsColumn,
        EtatColumn,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1, SyncStateRole, DeletedRole };
    static constexpr int PageSize = 200;

    explicit ActivityTableModel(Store &store, QObject *parent = nullptr);
    ~ActivityTableModel() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // Date, Type, Durée and Participants; the other columns keep the current order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    static bool isSortable(int column);
    int sortColumn() const;
    Qt::SortOrder sortOrder() const { return m_order.order; }

    void setFilter(const ActivityFilter &filter);
    const ActivityFilter &filter() const { return m_filter; }
    // Reads the list again (after a save or a delete elsewhere), keeping as many rows as were loaded (up to
    // ReloadKeepRows) so that the view keeps its scroll position and selection.
    void reload();
    static constexpr int ReloadKeepRows = 2000;

    // Activities matching the filter; -1 while being counted.
    qint64 totalCount() const { return m_totalCount; }
    // True until the first page and the count of the current query have arrived, and while a page is being read.
    bool isLoading() const { return !m_failed && (m_awaitingFirst || m_fetching || m_totalCount < 0); }
    bool atEnd() const { return m_atEnd; }
    QString lastError() const { return m_lastError; }
    // True when the base holds at least one activity that is not deleted (whatever the filter). Fast.
    bool hasAnyActivity() const;

    QUuid idAt(int row) const;
    int rowOfId(const QUuid &id) const; // among the loaded rows; -1 when not loaded
    // How the sync state reads in the État column (the sync library owns the wording).
    void setStateLabeler(std::function<QString(SyncState)> labeler);

signals:
    void loadingChanged(bool loading);
    void totalCountChanged(qint64 count);
    void loadFailed(const QString &message);
    // The first page of a new query (filter, order or reload) replaced the rows.
    void reloaded();

private:
    void restart(int rows);
    void updateLoading(bool wasLoading);
    void onPage(quint64 generation, const QVector<ActivityListRow> &rows, bool first, bool atEnd);
    void loadLabels();
    QString displayText(const ActivityListRow &row, int column) const;

    Store &m_store;
    ActivityFilter m_filter;
    ActivityOrder m_order;
    QVector<ActivityListRow> m_rows;
    qint64 m_totalCount = -1;
    bool m_atEnd = true;
    bool m_fetching = false;
    bool m_awaitingFirst = false;
    bool m_failed = false;
    QString m_lastError;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<quint64>> m_latest;
    QThread *m_thread = nullptr;
    ActivityQueryWorker *m_worker = nullptr;
    std::function<QString(SyncState)> m_stateLabeler;
    QHash<QUuid, QString> m_placeNames;
    QHash<QString, QString> m_thematiqueLabels;
};
