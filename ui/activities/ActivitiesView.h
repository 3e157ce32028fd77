#pragma once

#include "models/list/ActivityFilter.h"

#include <QList>
#include <QUuid>
#include <QWidget>

#include <functional>

class ActivityFilterBar;
class ActivityTableModel;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;
class QUndoStack;
class Store;

// "Mes activités": the filterable, sortable list of activities, loaded lazily (ActivityTableModel), with open,
// duplicate, delete (undoable) and new. When the base is empty, or the filters match nothing, it says so instead of
// showing an empty table. A filter restricted to a set of activities (ActivityFilter::ids, e.g. the activities behind
// a bar of a statistics chart) is named in a banner above the list, with a button that lifts it (the other filters
// stay).
class ActivitiesView : public QWidget
{
    Q_OBJECT

public:
    ActivitiesView(Store &store, QUndoStack *undoStack, QWidget *parent = nullptr);

    void reload();
    // Also shows it in the filter bar; with ids, the banner names them: "Activités derrière « selection »".
    void setFilter(const ActivityFilter &filter, const QString &selection = QString());
    ActivityFilter filter() const;
    QString selection() const { return m_selection; } // what the ids stand for; empty without ids
    void clearSelection(); // lifts the ids (the banner's button)
    ActivityTableModel *model() const { return m_model; }
    QList<QUuid> selectedIds() const;
    // What the delete confirmation asks about these loaded rows (sorted): the count and the first ones, each as
    // "date — type — lieu".
    QString deleteQuestion(const QList<int> &rows) const;

    // Asked before deleting; returns true to delete. The default asks with a message box naming the count; tests
    // replace it.
    void setDeleteConfirmation(std::function<bool(int count)> confirm) { m_confirmDelete = std::move(confirm); }

signals:
    void editRequested(const QUuid &id);
    void duplicateRequested(const QUuid &id);
    void newRequested();
    void importRequested(); // "Importer…" (ui/import/ImportDialog)
    void exportRequested(); // "Exporter…": the window opens its export dialog on filter()
    void activitiesChanged(); // after a delete, or its undo/redo

private:
    void buildFilterBar(class QVBoxLayout *layout);
    void buildTable();
    QWidget *buildMessagePage(
        const QString &objectName, const QString &title, const QString &text, QPushButton *button);
    void applyFilterFromBar();
    void clearFilters();
    void updateSummary();
    void updateBanner();
    void updatePage();
    void updateActions();
    void restoreSelection();
    void openCurrent();
    void duplicateCurrent();
    void deleteSelected();
    bool askDeleteConfirmation(const QList<int> &rows);
    QUuid currentId() const;

    Store &m_store;
    QUndoStack *m_undoStack;
    ActivityTableModel *m_model = nullptr;
    std::function<bool(int)> m_confirmDelete;

    ActivityFilterBar *m_filterBar = nullptr; // the period, the type, the place and the thématique
    QLineEdit *m_search = nullptr;
    QComboBox *m_syncFilter = nullptr;
    QTimer *m_searchTimer = nullptr;
    QLabel *m_summary = nullptr;
    QWidget *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QPushButton *m_bannerClear = nullptr;
    QString m_selection;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_table = nullptr;
    QWidget *m_emptyBasePage = nullptr;
    QWidget *m_noMatchPage = nullptr;
    QPushButton *m_openButton = nullptr;
    QPushButton *m_duplicateButton = nullptr;
    QPushButton *m_deleteButton = nullptr;

    QAction *m_openAction = nullptr;
    QAction *m_duplicateAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_newAction = nullptr;

    bool m_scrollToTop = false;
    QList<QUuid> m_keepSelection;
    QUuid m_keepCurrent;
    int m_keepCurrentRow = -1;
};
