#include "ui/beneficiaries/BeneficiariesView.h"
#include "models/text/Durations.h"

#include "models/communes/CommuneIndex.h"
#include "models/domain/Nomenclature.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "ui/beneficiaries/BeneficiaryDialog.h"
#include "ui/beneficiaries/BeneficiaryMergeDialog.h"
#include "ui/widgets/CommuneEdit.h"
#include "ui/widgets/FrenchDialogs.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShowEvent>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
constexpr int IdRole = Qt::UserRole + 1;
constexpr int SearchRole = Qt::UserRole + 2;

QString thematiqueLabel(const QString &code)
{
    const Nomenclature &n = Nomenclature::instance();
    if (n.contains(Nomenclature::List::ThematiqueDemarche, code))
        return n.label(Nomenclature::List::ThematiqueDemarche, code);
    return n.label(Nomenclature::List::ThematiqueMediation, code);
}
} // namespace

BeneficiariesView::BeneficiariesView(Store &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("beneficiariesView"));
    m_confirm
        = [this](const QString &question) { return FrenchDialogs::confirm(this, tr("Supprimer la fiche"), question); };
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<h2>Bénéficiaires suivis</h2>"), this);
    layout->addWidget(title);
    auto *privacy = new QLabel(
        tr("Carnet garde le nom, les coordonnées, l'année de naissance, la commune et vos notes des personnes que vous "
           "suivez, dans son fichier de données sur cet ordinateur uniquement, pour retrouver leur historique "
           "d'accompagnement. Carnet ne les envoie nulle part ; vos statistiques ne les comptent que de façon anonyme. "
           "Ne notez que ce qui sert au suivi, et supprimez la fiche d'une personne qui le demande."),
        this);
    privacy->setObjectName(QStringLiteral("privacyNotice"));
    privacy->setWordWrap(true);
    layout->addWidget(privacy);

    auto *bar = new QHBoxLayout;
    auto *searchLabel = new QLabel(tr("&Rechercher :"), this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("beneficiarySearch"));
    m_search->setAccessibleName(tr("Rechercher un bénéficiaire"));
    m_search->setPlaceholderText(tr("Nom, prénom, année de naissance ou commune"));
    m_search->setClearButtonEnabled(true);
    searchLabel->setBuddy(m_search);
    bar->addWidget(searchLabel);
    bar->addWidget(m_search, 1);
    m_new = new QPushButton(tr("&Nouveau bénéficiaire…"), this);
    m_new->setObjectName(QStringLiteral("newBeneficiaryButton"));
    m_edit = new QPushButton(tr("&Modifier…"), this);
    m_edit->setObjectName(QStringLiteral("editBeneficiaryButton"));
    m_merge = new QPushButton(tr("&Fusionner…"), this);
    m_merge->setObjectName(QStringLiteral("mergeBeneficiariesButton"));
    m_merge->setToolTip(tr("Sélectionnez deux fiches de la même personne pour les fusionner."));
    m_delete = new QPushButton(tr("&Supprimer…"), this);
    m_delete->setObjectName(QStringLiteral("deleteBeneficiaryButton"));
    auto *exportButton = new QPushButton(tr("E&xporter…"), this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setToolTip(tr("Exporter les bénéficiaires suivis dans le modèle d'import de La Coop (XLSX)"));
    connect(exportButton, &QPushButton::clicked, this, &BeneficiariesView::exportRequested);
    for (QPushButton *b : {m_new, m_edit, m_merge, m_delete, exportButton})
        bar->addWidget(b);
    layout->addLayout(bar);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels(
        {tr("Nom"), tr("Prénom"), tr("Année de naissance"), tr("Commune de résidence"), tr("Activités")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(SearchRole);
    m_proxy->setFilterKeyColumn(NomColumn);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortLocaleAware(true);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    auto *top = new QWidget(splitter);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableView(top);
    m_table->setObjectName(QStringLiteral("beneficiariesTable"));
    m_table->setAccessibleName(tr("Liste des bénéficiaires suivis"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(NomColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(NomColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(PrenomColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(AnneeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(CommuneColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ActivitesColumn, QHeaderView::ResizeToContents);
    topLayout->addWidget(m_table);
    m_empty = new QLabel(tr("Aucun bénéficiaire suivi. Créez une fiche avec « Nouveau bénéficiaire » pour une personne "
                            "que vous accompagnez dans la durée ; les autres restent anonymes dans vos CRA."),
        top);
    m_empty->setObjectName(QStringLiteral("beneficiariesEmpty"));
    m_empty->setWordWrap(true);
    topLayout->addWidget(m_empty);

    auto *bottom = new QWidget(splitter);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    m_historyTitle = new QLabel(bottom);
    m_historyTitle->setObjectName(QStringLiteral("historyTitle"));
    m_historyTitle->setWordWrap(true);
    bottomLayout->addWidget(m_historyTitle);
    m_history = new QTableWidget(0, 5, bottom);
    m_history->setObjectName(QStringLiteral("historyTable"));
    m_history->setAccessibleName(tr("Activités du bénéficiaire choisi"));
    m_history->setHorizontalHeaderLabels(
        {tr("Date"), tr("Type"), tr("Durée"), tr("Lieu ou atelier"), tr("Thématiques")});
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setTabKeyNavigation(false);
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_historyTitle->setBuddy(m_history);
    bottomLayout->addWidget(m_history);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("beneficiariesError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(FrenchText::folded(text));
        updateSelection();
    });
    connect(
        m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BeneficiariesView::updateSelection);
    connect(m_table, &QTableView::activated, this, &BeneficiariesView::editCurrentBeneficiary);
    connect(m_new, &QPushButton::clicked, this, &BeneficiariesView::createBeneficiary);
    connect(m_edit, &QPushButton::clicked, this, &BeneficiariesView::editCurrentBeneficiary);
    connect(m_merge, &QPushButton::clicked, this, &BeneficiariesView::mergeSelected);
    connect(m_delete, &QPushButton::clicked, this, &BeneficiariesView::deleteSelected);

    setTabOrder(m_search, m_new);
    setTabOrder(m_new, m_edit);
    setTabOrder(m_edit, m_merge);
    setTabOrder(m_merge, m_delete);
    setTabOrder(m_delete, m_table);
    setTabOrder(m_table, m_history);
    // Loaded when first shown (showEvent).
}

void BeneficiariesView::reloadWhenShown()
{
    m_stale = true;
    if (isVisible())
        reload();
}

void BeneficiariesView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

void BeneficiariesView::reload()
{
    m_stale = false;
    const QList<QUuid> selected = selectedBeneficiaries();
    const QList<Beneficiary> people = m_store.beneficiaries();
    const QHash<QUuid, int> counts = m_store.activityCountsByBeneficiary();
    m_model->removeRows(0, m_model->rowCount());
    for (const Beneficiary &b : people) {
        const QString commune = CommuneEdit::display(b.communeResidence);
        const QString search = FrenchText::folded(b.prenom + QLatin1Char(' ') + b.nom + QLatin1Char(' ') + b.nom
            + QLatin1Char(' ') + b.prenom + QLatin1Char(' ')
            + (b.anneeNaissance > 0 ? QString::number(b.anneeNaissance) : QString()) + QLatin1Char(' ') + commune);
        QList<QStandardItem *> row;
        row << new QStandardItem(b.nom) << new QStandardItem(b.prenom);
        auto *annee = new QStandardItem;
        if (b.anneeNaissance > 0)
            annee->setData(b.anneeNaissance, Qt::DisplayRole);
        row << annee << new QStandardItem(commune);
        auto *activities = new QStandardItem;
        activities->setData(counts.value(b.id), Qt::DisplayRole);
        activities->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row << activities;
        for (QStandardItem *item : std::as_const(row))
            item->setData(b.id, IdRole);
        row.first()->setData(search, SearchRole);
        m_model->appendRow(row);
    }
    m_empty->setVisible(people.isEmpty());
    m_table->setVisible(!people.isEmpty());
    selectBeneficiaries(selected);
    updateSelection();
}

int BeneficiariesView::activityCount(const QUuid &id) const
{
    // The table holds every person's count since the last reload, which follows every change of activities.
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->item(row, NomColumn)->data(IdRole).toUuid() == id)
            return m_model->item(row, ActivitesColumn)->data(Qt::DisplayRole).toInt();
    }
    return 0;
}

QList<QUuid> BeneficiariesView::selectedBeneficiaries() const
{
    QList<QUuid> ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows(NomColumn);
    for (const QModelIndex &index : rows)
        ids.append(index.data(IdRole).toUuid());
    return ids;
}

void BeneficiariesView::selectBeneficiaries(const QList<QUuid> &ids)
{
    QItemSelection selection;
    QModelIndex first;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, NomColumn);
        if (ids.contains(index.data(IdRole).toUuid())) {
            selection.select(index, m_proxy->index(row, ColumnCount - 1));
            if (!first.isValid())
                first = index;
        }
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (first.isValid()) {
        m_table->selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        m_table->scrollTo(first);
    }
}

int BeneficiariesView::visibleCount() const
{
    return m_proxy->rowCount();
}

void BeneficiariesView::updateSelection()
{
    const QList<QUuid> ids = selectedBeneficiaries();
    // A base opened read-only takes no new record, merge or deletion (a record still opens, to be read).
    const bool writable = !m_store.isReadOnly();
    m_new->setEnabled(writable);
    m_edit->setEnabled(ids.size() == 1);
    m_merge->setEnabled(writable && ids.size() == 2);
    m_delete->setEnabled(writable && ids.size() == 1);
    if (!writable) {
        for (QPushButton *button : {m_new, m_merge, m_delete})
            button->setToolTip(m_store.readOnlyReason());
    }
    showHistory(ids.size() == 1 ? ids.first() : QUuid());
}

void BeneficiariesView::showHistory(const QUuid &id)
{
    m_history->setRowCount(0);
    const std::optional<Beneficiary> person = id.isNull() ? std::nullopt : m_store.beneficiary(id);
    if (!person) {
        m_historyTitle->setText(tr("Choisissez une personne dans la liste pour voir ses activités."));
        m_history->hide();
        return;
    }
    const QList<BeneficiaryActivity> activities = m_store.activitiesOfBeneficiary(id);
    m_historyTitle->setText(activities.isEmpty()
            ? tr("&Activités de %1 : aucune pour l'instant.").arg(person->displayName())
            : tr("&Activités de %1 (%2) :")
                  .arg(person->displayName(), FrenchText::count(activities.size(), tr("activité"), tr("activités"))));
    m_history->setVisible(!activities.isEmpty());
    const Nomenclature &n = Nomenclature::instance();
    QHash<QUuid, QString> placeNames;
    for (const Place &p : m_store.places(true))
        placeNames.insert(p.id, p.nom);
    m_history->setRowCount(static_cast<int>(activities.size()));
    for (int row = 0; row < activities.size(); ++row) {
        const BeneficiaryActivity &a = activities.at(row);
        QString where = !a.lieuId.isNull() ? placeNames.value(a.lieuId)
            : !a.lieuCommune.isEmpty()     ? CommuneEdit::display(a.lieuCommune)
                                           : n.label(Nomenclature::List::TypeLieu, a.typeLieu);
        if (!a.titreAtelier.isEmpty())
            where = tr("%1 — %2").arg(a.titreAtelier, where);
        QStringList themes;
        for (const QString &code : a.thematiques)
            themes.append(thematiqueLabel(code));
        const QStringList texts = {QLocale(QLocale::French).toString(a.date, QStringLiteral("dd/MM/yyyy")),
            n.label(Nomenclature::List::TypeActivite, a.type), Durations::text(a.dureeMinutes), where,
            themes.join(QStringLiteral(", "))};
        for (int column = 0; column < texts.size(); ++column) {
            auto *item = new QTableWidgetItem(texts.at(column));
            item->setData(IdRole, a.id);
            m_history->setItem(row, column, item);
        }
    }
}

void BeneficiariesView::showError(const QString &message)
{
    m_error->setText(QStringLiteral("⚠ ") + message);
    m_error->setVisible(!message.isEmpty());
}

void BeneficiariesView::changed(const QList<QUuid> &select)
{
    m_error->hide();
    reload();
    selectBeneficiaries(select);
    emit beneficiariesChanged();
}

void BeneficiariesView::createBeneficiary()
{
    auto *dialog = new BeneficiaryDialog(m_store, Beneficiary(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_search->clear();
        changed({dialog->beneficiary().id});
    });
    dialog->open();
}

std::optional<Beneficiary> BeneficiariesView::singleSelection() const
{
    const QList<QUuid> ids = selectedBeneficiaries();
    return ids.size() == 1 ? m_store.beneficiary(ids.first()) : std::nullopt;
}

void BeneficiariesView::editCurrentBeneficiary()
{
    const std::optional<Beneficiary> person = singleSelection();
    if (!person)
        return;
    auto *dialog = new BeneficiaryDialog(m_store, *person, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { changed({dialog->beneficiary().id}); });
    dialog->open();
}

void BeneficiariesView::mergeSelected()
{
    const QList<QUuid> ids = selectedBeneficiaries();
    if (ids.size() != 2)
        return;
    const std::optional<Beneficiary> first = m_store.beneficiary(ids.at(0));
    const std::optional<Beneficiary> second = m_store.beneficiary(ids.at(1));
    if (!first || !second)
        return;
    auto *dialog
        = new BeneficiaryMergeDialog(*first, activityCount(first->id), *second, activityCount(second->id), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QString error;
        if (!m_store.mergeBeneficiaries(dialog->keep(), dialog->duplicate(), &error)) {
            showError(error);
            return;
        }
        changed({dialog->keep()});
    });
    dialog->open();
}

void BeneficiariesView::deleteSelected()
{
    const std::optional<Beneficiary> person = singleSelection();
    if (!person)
        return;
    const int activities = activityCount(person->id);
    const QString kept = activities == 0 ? tr("Cette personne n'a aucune activité enregistrée.")
        : activities == 1
        ? tr("Son activité reste dans vos statistiques, comptée comme anonyme (son genre, sa tranche d'âge, son statut "
             "et sa commune y sont recopiés).")
        : tr("Ses %1 restent dans vos statistiques, comptées comme anonymes (son genre, sa tranche d'âge, son statut "
             "et sa commune y sont recopiés).")
              .arg(FrenchText::count(activities, tr("activité"), tr("activités")));
    const QString question
        = tr("Supprimer la fiche de %1 ?\n\nSon nom, ses coordonnées et vos notes seront effacés de Carnet. %2")
              .arg(person->displayName(), kept);
    if (!m_confirm(question))
        return;
    QString error;
    if (!m_store.deleteBeneficiary(person->id, &error)) {
        showError(error);
        return;
    }
    changed({});
}
