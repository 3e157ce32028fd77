#pragma once

#include "models/domain/Beneficiary.h"

#include <QList>
#include <QUuid>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
class QTableWidget;
class Store;

// "Bénéficiaires" : the followed beneficiaries, searchable (name, birth year, commune; accents and case ignored),
// with their number of activities and, under the selection, their activities. Create and edit through
// BeneficiaryDialog, merge two selected records through BeneficiaryMergeDialog (both opened window-modal, without a
// nested event loop), delete after a confirmation saying that their activities stay, counted as anonymous.
class BeneficiariesView : public QWidget
{
    Q_OBJECT

public:
    explicit BeneficiariesView(Store &store, QWidget *parent = nullptr);

    // Asked before a deletion; returns true to go on. Defaults to a QMessageBox; tests replace it.
    void setConfirm(std::function<bool(const QString &)> confirm) { m_confirm = std::move(confirm); }

    void reload();
    // Reloads now if shown, else at the next show: the activity counts read the whole table on a large base, so a
    // view nobody looks at does not pay for them (at start, or after each save).
    void reloadWhenShown();
    QList<QUuid> selectedBeneficiaries() const;
    std::optional<Beneficiary> singleSelection() const; // the one person selected, if exactly one
    void selectBeneficiaries(const QList<QUuid> &ids);
    int visibleCount() const; // rows left by the search

    enum Column { NomColumn, PrenomColumn, AnneeColumn, CommuneColumn, ActivitesColumn, ColumnCount };

signals:
    void beneficiariesChanged();
    void exportRequested(); // "Exporter…" (La Coop's import template)

public slots:
    void createBeneficiary();
    void editCurrentBeneficiary();
    void mergeSelected();
    void deleteSelected();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateSelection();
    int activityCount(const QUuid &id) const; // as shown in the table
    void showHistory(const QUuid &id);
    void showError(const QString &message);
    void changed(const QList<QUuid> &select);

    Store &m_store;
    bool m_stale = true;
    std::function<bool(const QString &)> m_confirm;
    QLineEdit *m_search = nullptr;
    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_historyTitle = nullptr;
    QTableWidget *m_history = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_merge = nullptr;
    QPushButton *m_delete = nullptr;
};
