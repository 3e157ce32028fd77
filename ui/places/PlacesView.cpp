#include "ui/places/PlacesView.h"

#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "ui/places/PlaceDialog.h"
#include "ui/widgets/CommuneEdit.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QShowEvent>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
constexpr int IdRole = Qt::UserRole + 1;
constexpr int ArchivedRole = Qt::UserRole + 2;
} // namespace

PlacesView::PlacesView(Store &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("placesView"));
    auto *layout = new QVBoxLayout(this);

    auto *title = new QLabel(tr("<h2>Lieux d'activité</h2>"), this);
    title->setObjectName(QStringLiteral("placesTitle"));
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Les lieux où vous accompagnez du public, proposés dans chaque nouveau CRA. Un lieu "
                                "archivé reste sur vos anciens CRA mais n'est plus proposé pour les nouveaux."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *bar = new QHBoxLayout;
    m_new = new QPushButton(tr("&Nouveau lieu…"), this);
    m_new->setObjectName(QStringLiteral("newPlaceButton"));
    m_edit = new QPushButton(tr("&Modifier…"), this);
    m_edit->setObjectName(QStringLiteral("editPlaceButton"));
    m_archive = new QPushButton(tr("&Archiver"), this);
    m_archive->setObjectName(QStringLiteral("archivePlaceButton"));
    m_showArchived = new QCheckBox(tr("Afficher les lieux arc&hivés"), this);
    m_showArchived->setObjectName(QStringLiteral("showArchivedCheck"));
    m_showArchived->setAccessibleName(tr("Afficher les lieux archivés"));
    bar->addWidget(m_new);
    bar->addWidget(m_edit);
    bar->addWidget(m_archive);
    bar->addStretch();
    bar->addWidget(m_showArchived);
    layout->addLayout(bar);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("placesTable"));
    m_table->setAccessibleName(tr("Liste des lieux d'activité"));
    m_table->setHorizontalHeaderLabels({tr("Nom"), tr("Adresse"), tr("Commune"), tr("Activités"), tr("État")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(NomColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(AdresseColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(CommuneColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ActivitesColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(EtatColumn, QHeaderView::ResizeToContents);
    layout->addWidget(m_table, 1);

    // Without any place, the message stands under the buttons and the rest of the page stays empty (the label takes
    // the height the table would, its text at the top).
    m_empty = new QLabel(tr("Aucun lieu d'activité pour l'instant. Ajoutez ceux où vous recevez du public avec "
                            "« Nouveau lieu » : Carnet vous les proposera dans chaque CRA."),
        this);
    m_empty->setObjectName(QStringLiteral("placesEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_empty->setContentsMargins(0, 12, 0, 0);
    layout->addWidget(m_empty, 1);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("placesError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    connect(m_new, &QPushButton::clicked, this, &PlacesView::createPlace);
    connect(m_edit, &QPushButton::clicked, this, &PlacesView::editCurrentPlace);
    connect(m_archive, &QPushButton::clicked, this, &PlacesView::toggleArchiveCurrentPlace);
    connect(m_showArchived, &QCheckBox::toggled, this, &PlacesView::reload);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &PlacesView::updateButtons);
    connect(m_table, &QTableWidget::itemActivated, this, &PlacesView::editCurrentPlace);

    setTabOrder(m_new, m_edit);
    setTabOrder(m_edit, m_archive);
    setTabOrder(m_archive, m_showArchived);
    setTabOrder(m_showArchived, m_table);
    // Loaded when first shown (showEvent).
}

void PlacesView::reloadWhenShown()
{
    m_stale = true;
    if (isVisible())
        reload();
}

void PlacesView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

void PlacesView::reload()
{
    m_stale = false;
    const QUuid current = currentPlace();
    const QList<Place> places = m_store.places(m_showArchived->isChecked());
    const QHash<QUuid, int> counts = m_store.activityCountsByPlace();
    const QColor greyed = palette().color(QPalette::Disabled, QPalette::Text);
    m_table->setRowCount(0);
    m_table->setRowCount(static_cast<int>(places.size()));
    for (int row = 0; row < places.size(); ++row) {
        const Place &p = places.at(row);
        const int activities = counts.value(p.id);
        const QStringList texts = {p.nom, p.adresse, CommuneEdit::display(p.commune), FrenchText::number(activities),
            p.archive ? tr("Archivé") : tr("En service")};
        for (int column = 0; column < ColumnCount; ++column) {
            auto *item = new QTableWidgetItem(texts.at(column));
            item->setData(IdRole, p.id);
            item->setData(ArchivedRole, p.archive);
            if (column == ActivitesColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (p.archive) {
                item->setForeground(greyed);
                QFont f = item->font();
                f.setItalic(true);
                item->setFont(f);
            }
            m_table->setItem(row, column, item);
        }
        m_table->item(row, NomColumn)
            ->setToolTip(p.archive ? tr("%1 — archivé, n'est plus proposé pour les nouveaux CRA").arg(p.nom) : p.nom);
    }
    m_empty->setVisible(places.isEmpty());
    m_table->setVisible(!places.isEmpty());
    if (!current.isNull())
        selectPlace(current);
    updateButtons();
}

QUuid PlacesView::currentPlace() const
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    return selected.isEmpty() ? QUuid() : selected.first()->data(IdRole).toUuid();
}

void PlacesView::selectPlace(const QUuid &id)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, NomColumn)->data(IdRole).toUuid() == id) {
            m_table->selectRow(row);
            m_table->setCurrentCell(row, NomColumn);
            return;
        }
    }
}

void PlacesView::updateButtons()
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    const bool any = !selected.isEmpty();
    const bool archived = any && selected.first()->data(ArchivedRole).toBool();
    // A base opened read-only takes no new place and archives none (a place still opens, to be read).
    const bool writable = !m_store.isReadOnly();
    m_new->setEnabled(writable);
    m_edit->setEnabled(any);
    m_archive->setEnabled(writable && any);
    if (!writable) {
        m_new->setToolTip(m_store.readOnlyReason());
        m_archive->setToolTip(m_store.readOnlyReason());
    }
    m_archive->setText(archived ? tr("&Réactiver") : tr("&Archiver"));
    m_archive->setAccessibleName(archived ? tr("Réactiver le lieu choisi") : tr("Archiver le lieu choisi"));
}

void PlacesView::createPlace()
{
    openDialog(QUuid());
}

void PlacesView::editCurrentPlace()
{
    const QUuid id = currentPlace();
    if (!id.isNull())
        openDialog(id);
}

void PlacesView::openDialog(const QUuid &id)
{
    Place place;
    if (!id.isNull()) {
        const std::optional<Place> stored = m_store.place(id);
        if (!stored)
            return;
        place = *stored;
    }
    auto *dialog = new PlaceDialog(m_store, place, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_error->hide();
        reload();
        selectPlace(dialog->place().id);
        emit placesChanged();
    });
    dialog->open();
}

void PlacesView::toggleArchiveCurrentPlace()
{
    const QUuid id = currentPlace();
    const std::optional<Place> place = m_store.place(id);
    if (!place)
        return;
    QString error;
    if (!m_store.archivePlace(id, !place->archive, &error)) {
        m_error->setText(QStringLiteral("⚠ ") + error);
        m_error->show();
        return;
    }
    m_error->hide();
    reload();
    emit placesChanged();
}
