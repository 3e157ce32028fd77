#include "ui/activities/ActivitiesView.h"

#include "models/domain/Nomenclature.h"
#include "models/domain/PeriodPreset.h"
#include "models/list/ActivityTableModel.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "sync/SyncStatus.h"
#include "ui/activities/DeleteActivitiesCommand.h"
#include "ui/widgets/ActivityFilterBar.h"
#include "ui/widgets/FrenchDialogs.h"
#include "ui/widgets/MultiValueCombo.h"

#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

ActivitiesView::ActivitiesView(Store &store, QUndoStack *undoStack, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_undoStack(undoStack)
{
    setObjectName(QStringLiteral("activitiesView"));
    m_model = new ActivityTableModel(store, this);
    m_model->setStateLabeler(&SyncStatus::label);

    auto *layout = new QVBoxLayout(this);
    buildFilterBar(layout);
    buildTable();

    // The banner of a set of activities chosen elsewhere (a bar of a chart): the palette's tooltip colours.
    m_banner = new QFrame;
    m_banner->setObjectName(QStringLiteral("selectionBanner"));
    static_cast<QFrame *>(m_banner)->setFrameShape(QFrame::StyledPanel);
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, bannerPalette.color(QPalette::ToolTipBase));
    bannerPalette.setColor(QPalette::WindowText, bannerPalette.color(QPalette::ToolTipText));
    m_banner->setPalette(bannerPalette);
    m_banner->setAutoFillBackground(true);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel;
    m_bannerText->setObjectName(QStringLiteral("selectionLabel"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextFormat(Qt::PlainText);
    m_bannerText->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_bannerClear = new QPushButton(tr("Re&tirer cette sélection"));
    m_bannerClear->setObjectName(QStringLiteral("clearSelectionButton"));
    m_bannerClear->setToolTip(tr("Revenir à la liste des filtres ci-dessus, sans cette sélection d'activités."));
    connect(m_bannerClear, &QPushButton::clicked, this, &ActivitiesView::clearSelection);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerClear);
    m_banner->hide();
    layout->addWidget(m_banner);

    m_stack = new QStackedWidget;
    m_stack->setObjectName(QStringLiteral("activitiesStack"));
    m_stack->addWidget(m_table);

    auto *firstButton = new QPushButton(tr("&Saisir un premier CRA"));
    firstButton->setObjectName(QStringLiteral("firstCraButton"));
    connect(firstButton, &QPushButton::clicked, this, &ActivitiesView::newRequested);
    m_emptyBasePage
        = buildMessagePage(QStringLiteral("emptyBasePage"), tr("Aucune activité enregistrée pour l'instant"),
            tr("Chaque accompagnement ou atelier que vous saisissez apparaîtra ici, du plus récent au plus ancien. "
               "Vous pourrez le retrouver, le modifier, le dupliquer ou le supprimer."),
            firstButton);
    m_stack->addWidget(m_emptyBasePage);

    auto *clearButton = new QPushButton(tr("&Effacer les filtres"));
    clearButton->setObjectName(QStringLiteral("clearFiltersButton"));
    connect(clearButton, &QPushButton::clicked, this, &ActivitiesView::clearFilters);
    m_noMatchPage = buildMessagePage(QStringLiteral("noMatchPage"), tr("Aucune activité ne correspond aux filtres"),
        tr("Élargissez la période ou retirez un critère pour retrouver vos activités."), clearButton);
    m_stack->addWidget(m_noMatchPage);
    layout->addWidget(m_stack, 1);

    // Actions: buttons under the table, the context menu and the keyboard.
    auto *actionsRow = new QHBoxLayout;
    auto *newButton = new QPushButton(tr("&Nouveau CRA"));
    newButton->setObjectName(QStringLiteral("newButton"));
    m_openButton = new QPushButton(tr("&Ouvrir"));
    m_openButton->setObjectName(QStringLiteral("openButton"));
    m_duplicateButton = new QPushButton(tr("Dupl&iquer"));
    m_duplicateButton->setObjectName(QStringLiteral("duplicateButton"));
    m_deleteButton = new QPushButton(tr("Supp&rimer"));
    m_deleteButton->setObjectName(QStringLiteral("deleteButton"));
    auto *importButton = new QPushButton(tr("Im&porter…"));
    importButton->setObjectName(QStringLiteral("importButton"));
    connect(importButton, &QPushButton::clicked, this, &ActivitiesView::importRequested);
    actionsRow->addWidget(newButton);
    actionsRow->addWidget(importButton);
    actionsRow->addStretch(1);
    actionsRow->addWidget(m_openButton);
    actionsRow->addWidget(m_duplicateButton);
    actionsRow->addWidget(m_deleteButton);
    auto *exportButton = new QPushButton(tr("E&xporter…"));
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setToolTip(tr("Exporter les activités de la liste (ses filtres) en CSV ou XLSX"));
    connect(exportButton, &QPushButton::clicked, this, &ActivitiesView::exportRequested);
    actionsRow->addWidget(exportButton);
    layout->addLayout(actionsRow);

    m_openAction = new QAction(tr("Ouvrir"), this);
    m_openAction->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_duplicateAction = new QAction(tr("Dupliquer"), this);
    m_duplicateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_deleteAction = new QAction(tr("Supprimer…"), this);
    m_deleteAction->setShortcut(QKeySequence::Delete);
    m_newAction = new QAction(tr("Nouveau CRA"), this);
    for (QAction *action : {m_openAction, m_duplicateAction, m_deleteAction}) {
        action->setShortcutContext(Qt::WidgetShortcut);
        m_table->addAction(action);
    }
    connect(m_openAction, &QAction::triggered, this, &ActivitiesView::openCurrent);
    connect(m_duplicateAction, &QAction::triggered, this, &ActivitiesView::duplicateCurrent);
    connect(m_deleteAction, &QAction::triggered, this, &ActivitiesView::deleteSelected);
    connect(m_newAction, &QAction::triggered, this, &ActivitiesView::newRequested);
    connect(m_openButton, &QPushButton::clicked, this, &ActivitiesView::openCurrent);
    connect(m_duplicateButton, &QPushButton::clicked, this, &ActivitiesView::duplicateCurrent);
    connect(m_deleteButton, &QPushButton::clicked, this, &ActivitiesView::deleteSelected);
    connect(newButton, &QPushButton::clicked, this, &ActivitiesView::newRequested);

    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addAction(m_openAction);
        menu.addAction(m_duplicateAction);
        menu.addAction(m_deleteAction);
        menu.addSeparator();
        menu.addAction(m_newAction);
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });

    connect(m_model, &ActivityTableModel::totalCountChanged, this, [this] {
        updateSummary();
        updateBanner();
        updatePage();
    });
    connect(m_model, &ActivityTableModel::reloaded, this, &ActivitiesView::restoreSelection);
    connect(m_model, &ActivityTableModel::loadFailed, this, [this](const QString &message) {
        // On a damaged base the cause is known and said in the window's banner: no SQLite text here.
        if (m_store.isDamaged()) {
            m_summary->setText(tr("Une partie des activités ne peut pas être lue : la base est endommagée."));
            m_summary->setToolTip(message);
        } else
            m_summary->setText(message);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ActivitiesView::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &ActivitiesView::updateActions);

    setTabOrder(m_filterBar->periodCombo(), m_filterBar->fromEdit());
    setTabOrder(m_filterBar->fromEdit(), m_filterBar->toEdit());
    setTabOrder(m_filterBar->toEdit(), m_filterBar->typeCombo());
    setTabOrder(m_filterBar->typeCombo(), m_filterBar->placeCombo());
    setTabOrder(m_filterBar->placeCombo(), m_filterBar->thematiqueCombo());
    setTabOrder(m_filterBar->thematiqueCombo(), m_search);
    setTabOrder(m_search, m_bannerClear);
    setTabOrder(m_bannerClear, m_table);
    setTabOrder(m_table, newButton);
    setTabOrder(newButton, m_openButton);
    setTabOrder(m_openButton, m_duplicateButton);
    setTabOrder(m_duplicateButton, m_deleteButton);

    updateSummary();
    updatePage();
    updateActions();
}

void ActivitiesView::buildFilterBar(QVBoxLayout *layout)
{
    ActivityFilterBar::Options options;
    options.periodName = QStringLiteral("periodCombo");
    options.fromName = QStringLiteral("fromDate");
    options.toName = QStringLiteral("toDate");
    options.typeName = QStringLiteral("typeCombo");
    options.placeName = QStringLiteral("placeCombo");
    options.thematiqueName = QStringLiteral("thematiqueCombo");
    options.typeLabel = tr("T&ype :");
    options.openPeriod = true;
    options.groupedThematiques = true;
    options.markArchivedPlaces = true;
    m_filterBar = new ActivityFilterBar(m_store, options);
    m_filterBar->setObjectName(QStringLiteral("filterBar"));

    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("searchEdit"));
    m_search->setAccessibleName(
        tr("Rechercher dans les titres, les notes, les lieux, les communes et les bénéficiaires"));
    m_search->setPlaceholderText(tr("Titre, note, lieu, commune ou bénéficiaire"));
    m_search->setToolTip(tr("Cherche dans les titres d'atelier et les notes, et dans le nom du lieu, de la commune "
                            "et des bénéficiaires suivis (prénom ou nom), sans tenir compte des accents."));
    m_search->setClearButtonEnabled(true);
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_searchTimer, &QTimer::timeout, this, &ActivitiesView::applyFilterFromBar);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setAccessibleName(tr("Nombre d'activités"));
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);

    m_search->setMinimumWidth(m_search->fontMetrics().averageCharWidth() * 30);
    m_filterBar->addField(tr("Re&chercher :"), m_search);
    // Where each activity stands with the sync (its column "Envoi" says it row by row).
    m_syncFilter = new QComboBox;
    m_syncFilter->setObjectName(QStringLiteral("syncStateCombo"));
    m_syncFilter->setAccessibleName(tr("État de l'envoi"));
    m_syncFilter->addItem(tr("Tous les états"), QVariant());
    m_syncFilter->addItem(tr("À envoyer"), QVariantList{int(SyncState::Pending), int(SyncState::Sending)});
    m_syncFilter->addItem(SyncStatus::label(SyncState::Sent), QVariantList{int(SyncState::Sent)});
    m_syncFilter->addItem(SyncStatus::label(SyncState::Failed), QVariantList{int(SyncState::Failed)});
    m_syncFilter->addItem(SyncStatus::label(SyncState::Conflict), QVariantList{int(SyncState::Conflict)});
    m_filterBar->addField(tr("En&voi :"), m_syncFilter);
    connect(m_syncFilter, &QComboBox::activated, this, &ActivitiesView::applyFilterFromBar);
    m_filterBar->addWidget(m_summary);

    connect(m_filterBar, &ActivityFilterBar::presetChosen, this, [this](int kind) {
        if (kind != PeriodPreset::Custom)
            applyFilterFromBar();
    });
    connect(m_filterBar, &ActivityFilterBar::datesEdited, this, &ActivitiesView::applyFilterFromBar);
    connect(m_filterBar, &ActivityFilterBar::filterEdited, this, &ActivitiesView::applyFilterFromBar);

    layout->addWidget(m_filterBar);
}

void ActivitiesView::buildTable()
{
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("activitiesTable"));
    m_table->setAccessibleName(tr("Liste des activités"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    // The selection reads the same when the table does not have the focus (a button or the delete confirmation
    // has it): the rows a command acts on stay visibly selected.
    QPalette tablePalette = m_table->palette();
    for (const auto role : {QPalette::Highlight, QPalette::HighlightedText})
        tablePalette.setColor(QPalette::Inactive, role, tablePalette.color(QPalette::Active, role));
    m_table->setPalette(tablePalette);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSortIndicator(ActivityTableModel::DateColumn, Qt::DescendingOrder);
    header->setSortIndicatorShown(true);
    header->setSectionsClickable(true);
    const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    header->resizeSection(ActivityTableModel::DateColumn, 8 * em);
    int typeWidth = 0;
    for (const NomenclatureItem &item : Nomenclature::instance().items(Nomenclature::List::TypeActivite))
        typeWidth = std::max(typeWidth, m_table->fontMetrics().horizontalAdvance(item.label));
    header->resizeSection(ActivityTableModel::TypeColumn, typeWidth + em);
    header->resizeSection(ActivityTableModel::DureeColumn, 6 * em);
    header->resizeSection(ActivityTableModel::ParticipantsColumn, 8 * em);
    header->resizeSection(ActivityTableModel::EtatColumn, 11 * em);
    // The place and the thématiques share what is left, so that both headers stay whole in a narrow window (1366 × 768
    // at 150 %).
    header->setSectionResizeMode(ActivityTableModel::LieuColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ActivityTableModel::ThematiquesColumn, QHeaderView::Stretch);
    // Only some columns can be sorted quickly on a large base; a click on another keeps the current order.
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this, header](int column, Qt::SortOrder order) {
        if (!ActivityTableModel::isSortable(column)) {
            const QSignalBlocker block(header);
            header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
            return;
        }
        m_scrollToTop = true;
        m_keepSelection.clear();
        m_keepCurrent = QUuid();
        m_model->sort(column, order);
    });
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        const QUuid id = index.data(ActivityTableModel::IdRole).toUuid();
        if (!id.isNull())
            emit editRequested(id);
    });
}

QWidget *ActivitiesView::buildMessagePage(
    const QString &objectName, const QString &title, const QString &text, QPushButton *button)
{
    auto *page = new QWidget;
    page->setObjectName(objectName);
    auto *v = new QVBoxLayout(page);
    v->addStretch(1);
    auto *titleLabel = new QLabel(title);
    titleLabel->setAlignment(Qt::AlignCenter);
    QFont f = titleLabel->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    titleLabel->setFont(f);
    auto *textLabel = new QLabel(text);
    textLabel->setAlignment(Qt::AlignCenter);
    textLabel->setWordWrap(true);
    textLabel->setFixedWidth(40 * textLabel->fontMetrics().horizontalAdvance(QLatin1Char('M')));
    textLabel->setMinimumHeight(textLabel->heightForWidth(textLabel->width()));
    v->addWidget(titleLabel);
    v->addWidget(textLabel, 0, Qt::AlignHCenter);
    v->addSpacing(12);
    v->addWidget(button, 0, Qt::AlignHCenter);
    v->addStretch(2);
    return page;
}

ActivityFilter ActivitiesView::filter() const
{
    ActivityFilter f = m_model->filter();
    f.from = m_filterBar->from();
    f.to = m_filterBar->to();
    f.types = m_filterBar->types();
    f.lieux = m_filterBar->places();
    f.thematiques = m_filterBar->thematiques();
    f.text = m_search->text().trimmed();
    f.syncStates.clear();
    for (const QVariant &state : m_syncFilter->currentData().toList())
        f.syncStates << state.toInt();
    return f;
}

void ActivitiesView::applyFilterFromBar()
{
    m_searchTimer->stop();
    const ActivityFilter f = filter();
    if (f == m_model->filter())
        return;
    m_scrollToTop = true;
    m_keepSelection.clear();
    m_keepCurrent = QUuid();
    m_table->clearSelection();
    m_model->setFilter(f);
    updateSummary();
    updateBanner();
}

void ActivitiesView::setFilter(const ActivityFilter &filter, const QString &selection)
{
    m_selection = filter.ids.isEmpty() ? QString() : selection;
    m_filterBar->setPeriod(filter.from.isValid() || filter.to.isValid() ? PeriodPreset::Custom : PeriodPreset::All,
        filter.from, filter.to);
    m_filterBar->setTypes(filter.types);
    m_filterBar->setPlaces(filter.lieux);
    m_filterBar->setThematiques(filter.thematiques);
    m_search->setText(filter.text);
    m_syncFilter->setCurrentIndex(0);
    for (int i = 1; i < m_syncFilter->count(); ++i) {
        QList<int> states;
        for (const QVariant &state : m_syncFilter->itemData(i).toList())
            states << state.toInt();
        if (states == filter.syncStates)
            m_syncFilter->setCurrentIndex(i);
    }
    m_searchTimer->stop();
    m_scrollToTop = true;
    m_table->clearSelection();
    m_model->setFilter(filter);
    updateSummary();
    updateBanner();
}

void ActivitiesView::clearSelection()
{
    ActivityFilter f = filter();
    f.ids.clear();
    const bool hadFocus = m_bannerClear->hasFocus();
    setFilter(f);
    if (hadFocus)
        m_table->setFocus(); // the button is gone: the list it was about takes the focus
}

void ActivitiesView::updateBanner()
{
    const ActivityFilter &f = m_model->filter();
    if (f.ids.isEmpty()) {
        m_selection.clear();
        m_banner->hide();
        return;
    }
    // The list's own count once known (an activity of the set may have been deleted since), the set's size before.
    const qint64 total = m_model->totalCount() >= 0 ? m_model->totalCount() : f.ids.size();
    const QString count = FrenchText::count(total, tr("activité"), tr("activités"));
    const QString text = m_selection.isEmpty() ? tr("Une sélection d'activités — %1").arg(count)
                                               : tr("Activités derrière « %1 » — %2").arg(m_selection, count);
    m_bannerText->setText(text);
    m_bannerText->setAccessibleName(text);
    m_bannerClear->setAccessibleName(m_selection.isEmpty() ? tr("Retirer la sélection d'activités")
                                                           : tr("Retirer la sélection « %1 »").arg(m_selection));
    m_banner->show();
}

void ActivitiesView::clearFilters()
{
    ActivityFilter f;
    f.includeDeleted = m_model->filter().includeDeleted;
    setFilter(f);
}

void ActivitiesView::reload()
{
    m_keepSelection = selectedIds();
    m_keepCurrent = currentId();
    m_keepCurrentRow = m_table->currentIndex().row();
    m_filterBar->reloadPlaces(); // places may have been added or renamed
    m_model->reload();
    updateSummary();
}

void ActivitiesView::restoreSelection()
{
    if (m_scrollToTop) {
        m_scrollToTop = false;
        m_table->scrollToTop();
    }
    QItemSelectionModel *selection = m_table->selectionModel();
    if (!m_keepSelection.isEmpty() || !m_keepCurrent.isNull() || m_keepCurrentRow >= 0) {
        QItemSelection restored;
        for (const QUuid &id : std::as_const(m_keepSelection)) {
            const int row = m_model->rowOfId(id);
            if (row >= 0)
                restored.select(m_model->index(row, 0), m_model->index(row, ActivityTableModel::ColumnCount - 1));
        }
        int current = m_model->rowOfId(m_keepCurrent);
        if (current < 0 && m_keepCurrentRow >= 0 && m_model->rowCount() > 0) {
            // The current activity is gone (deleted): the one that took its place becomes current.
            current = std::min(m_keepCurrentRow, m_model->rowCount() - 1);
            restored.select(m_model->index(current, 0), m_model->index(current, ActivityTableModel::ColumnCount - 1));
        }
        selection->select(restored, QItemSelectionModel::ClearAndSelect);
        if (current >= 0)
            selection->setCurrentIndex(m_model->index(current, 0), QItemSelectionModel::NoUpdate);
        m_keepSelection.clear();
        m_keepCurrent = QUuid();
        m_keepCurrentRow = -1;
    }
    updateActions();
    updatePage();
}

void ActivitiesView::updateSummary()
{
    const qint64 total = m_model->totalCount();
    if (total < 0) {
        m_summary->setText(tr("Comptage…"));
        return;
    }
    m_summary->setText(FrenchText::count(total, tr("activité"), tr("activités")));
}

void ActivitiesView::updatePage()
{
    const qint64 total = m_model->totalCount();
    QWidget *page = m_table;
    if (total == 0 && m_model->rowCount() == 0)
        page = m_model->filter().isEmpty() && !m_model->hasAnyActivity() ? m_emptyBasePage : m_noMatchPage;
    if (page == m_emptyBasePage && !m_model->hasAnyActivity() && m_model->filter().isEmpty())
        m_filterBar->hide();
    else
        m_filterBar->show();
    if (m_stack->currentWidget() != page) {
        const bool hadFocus = m_stack->currentWidget() && m_stack->currentWidget()->hasFocus();
        m_stack->setCurrentWidget(page);
        if (hadFocus)
            page->setFocus();
    }
}

void ActivitiesView::updateActions()
{
    const int selected = static_cast<int>(selectedIds().size());
    const bool one = !currentId().isNull();
    m_openAction->setEnabled(one);
    m_duplicateAction->setEnabled(one);
    // A base opened read-only deletes nothing: the button says why.
    const bool writable = !m_store.isReadOnly();
    m_deleteAction->setEnabled(writable && (selected > 0 || one));
    m_openButton->setEnabled(one);
    m_duplicateButton->setEnabled(one);
    m_deleteButton->setEnabled(writable && (selected > 0 || one));
    if (!writable)
        m_deleteButton->setToolTip(m_store.readOnlyReason());
}

QList<QUuid> ActivitiesView::selectedIds() const
{
    QList<QUuid> ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        ids << index.data(ActivityTableModel::IdRole).toUuid();
    return ids;
}

QUuid ActivitiesView::currentId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(ActivityTableModel::IdRole).toUuid() : QUuid();
}

void ActivitiesView::openCurrent()
{
    const QUuid id = currentId();
    if (!id.isNull())
        emit editRequested(id);
}

void ActivitiesView::duplicateCurrent()
{
    const QUuid id = currentId();
    if (!id.isNull())
        emit duplicateRequested(id);
}

QString ActivitiesView::deleteQuestion(const QList<int> &rows) const
{
    const int count = static_cast<int>(rows.size());
    QString text = count == 1 ? tr("Supprimer cette activité ?")
                              : tr("Supprimer ces %1 ?").arg(FrenchText::count(count, tr("activité"), tr("activités")));
    // The first ones named as the list shows them: date, type, lieu.
    constexpr int Named = 3;
    QStringList lines;
    for (int i = 0; i < std::min(count, Named); ++i) {
        const int row = rows.at(i);
        const auto cell = [this, row](int column) { return m_model->index(row, column).data().toString(); };
        lines << tr("%1 — %2 — %3")
                     .arg(cell(ActivityTableModel::DateColumn), cell(ActivityTableModel::TypeColumn),
                         cell(ActivityTableModel::LieuColumn));
    }
    if (count > Named)
        lines << tr("… et %1").arg(FrenchText::count(count - Named, tr("autre"), tr("autres")));
    return text + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n'));
}

bool ActivitiesView::askDeleteConfirmation(const QList<int> &rows)
{
    const int count = static_cast<int>(rows.size());
    if (m_confirmDelete)
        return m_confirmDelete(count);
    QMessageBox box(QMessageBox::Question, tr("Supprimer"), deleteQuestion(rows), QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("deleteConfirmation"));
    box.setInformativeText(tr("Vous pourrez annuler la suppression avec Ctrl+Z tant que Carnet reste ouvert."));
    QPushButton *yes = box.addButton(tr("Supprimer"), QMessageBox::DestructiveRole);
    QPushButton *no = box.addButton(tr("Annuler"), QMessageBox::RejectRole);
    box.setDefaultButton(no); // Enter keeps the activities; deleting takes a deliberate choice
    box.setEscapeButton(no);
    box.exec();
    return box.clickedButton() == yes;
}

void ActivitiesView::deleteSelected()
{
    QItemSelectionModel *selection = m_table->selectionModel();
    const QModelIndex current = m_table->currentIndex();
    if (!selection->hasSelection() && current.isValid()) {
        // What is about to be deleted is what the list shows selected.
        selection->select(current, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    QList<int> rows;
    const QModelIndexList selected = selection->selectedRows();
    for (const QModelIndex &index : selected)
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    if (rows.isEmpty())
        return;
    m_table->scrollTo(m_model->index(rows.first(), 0));
    QList<QUuid> ids;
    for (const int row : std::as_const(rows))
        ids << m_model->idAt(row);
    if (!askDeleteConfirmation(rows))
        return;
    QPointer<ActivitiesView> self(this);
    auto onChanged = [self] {
        if (!self)
            return;
        self->reload();
        emit self->activitiesChanged();
    };
    auto onError = [self](const QString &message) {
        if (self)
            FrenchDialogs::warning(self, tr("Suppression impossible"), message);
    };
    auto *command = new DeleteActivitiesCommand(m_store, ids, onChanged, onError);
    if (m_undoStack) {
        m_undoStack->push(command); // runs redo(); a failed one is obsolete and dropped by the stack
    } else {
        command->redo();
        delete command;
    }
}
