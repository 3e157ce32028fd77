#pragma once

#include <QUuid>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QTableWidget;
class Store;

// "Lieux" : the mediator's places of activity with their number of activities. Create and edit through PlaceDialog
// (opened window-modal, without a nested event loop), archive or reactivate; archived places are hidden unless
// "Afficher les lieux archivés" is ticked, and then shown greyed with the word "Archivé".
class PlacesView : public QWidget
{
    Q_OBJECT

public:
    explicit PlacesView(Store &store, QWidget *parent = nullptr);

    void reload();
    // Reloads now if shown, else at the next show: the activity counts read the whole table on a large base, so a
    // view nobody looks at does not pay for them (at start, or after each save).
    void reloadWhenShown();
    QUuid currentPlace() const;
    void selectPlace(const QUuid &id);

    // The columns of the table.
    enum Column { NomColumn, AdresseColumn, CommuneColumn, ActivitesColumn, EtatColumn, ColumnCount };

signals:
    void placesChanged();

public slots:
    void createPlace();
    void editCurrentPlace();
    void toggleArchiveCurrentPlace();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateButtons();
    void openDialog(const QUuid &id);

    Store &m_store;
    bool m_stale = true;
    QTableWidget *m_table = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_archive = nullptr;
    QCheckBox *m_showArchived = nullptr;
};
