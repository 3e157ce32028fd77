#include "ui/cra/CommonSection.h"

#include "models/domain/Codes.h"

#include "models/domain/Validator.h"
#include "models/store/Store.h"
#include "ui/cra/DateEdit.h"
#include "ui/cra/DurationEdit.h"
#include "ui/widgets/CodeChecklist.h"
#include "ui/widgets/CodeCombo.h"
#include "ui/widgets/CommuneEdit.h"

#include <QAbstractItemView>
#include <QButtonGroup>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

namespace {
using List = Nomenclature::List;

const Nomenclature &nomenclature()
{
    return Nomenclature::instance();
}

} // namespace

CommonSection::CommonSection(Store &store, QWidget *parent)
    : CraSection(parent)
    , m_store(store)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    const QDate today = m_store.clock().today();

    // Type
    auto *typeHeading = fieldLabel(tr("Type d'activité"), nullptr, this);
    layout->addWidget(typeHeading);
    auto *typeRow = new QHBoxLayout;
    const QList<NomenclatureItem> &types = nomenclature().items(List::TypeActivite);
    m_individuel = new QRadioButton(mnemonic(types.value(0).label, QLatin1Char('i')), this);
    m_individuel->setObjectName(QStringLiteral("typeIndividuel"));
    m_individuel->setAccessibleName(types.value(0).label);
    m_collectif = new QRadioButton(mnemonic(types.value(1).label, QLatin1Char('c')), this);
    m_collectif->setObjectName(QStringLiteral("typeCollectif"));
    m_collectif->setAccessibleName(types.value(1).label);
    auto *typeGroup = new QButtonGroup(this);
    typeGroup->addButton(m_individuel);
    typeGroup->addButton(m_collectif);
    typeRow->addWidget(m_individuel);
    typeRow->addWidget(m_collectif);
    typeRow->addStretch(1);
    layout->addLayout(typeRow);
    connect(typeGroup, &QButtonGroup::buttonToggled, this, &CraSection::changed);
    appendTabChain({m_individuel, m_collectif});
    addMessage(layout, {QStringLiteral("type"), QStringLiteral("id")}, m_individuel);

    // Date
    auto *dateRow = new QHBoxLayout;
    m_date = new DateEdit(this);
    m_date->setToday(today);
    m_date->setDate(today);
    m_hier = new QPushButton(tr("&Hier"), this);
    m_hier->setObjectName(QStringLiteral("yesterday"));
    m_hier->setAccessibleName(tr("Date d'hier"));
    m_hier->setToolTip(tr("Dater le CRA d'hier (Alt+H)"));
    auto *dateLabel = fieldLabel(tr("&Date"), m_date->lineEdit(), this);
    m_date->lineEdit()->setAccessibleName(tr("Date de l'activité"));
    dateRow->addWidget(dateLabel);
    dateRow->addWidget(m_date);
    dateRow->addWidget(m_hier);
    dateRow->addStretch(1);
    layout->addLayout(dateRow);
    connect(m_date, &DateEdit::dateChanged, this, &CraSection::changed);
    connect(m_date, &DateEdit::dateChanged, this, &CommonSection::dateChanged);
    connect(m_hier, &QPushButton::clicked, this, [this] { m_date->setDate(m_store.clock().today().addDays(-1)); });
    appendTabChain({m_date->lineEdit(), m_hier});
    addMessage(layout, {QStringLiteral("date")}, m_date->lineEdit());

    // Durée
    m_duration = new DurationEdit(this);
    layout->addWidget(fieldLabel(tr("D&urée"), m_duration->lineEdit(), this));
    layout->addWidget(m_duration);
    appendTabChain(m_duration->tabChain());
    connect(m_duration, &DurationEdit::changed, this, &CraSection::changed);
    addMessage(layout, {QStringLiteral("duree")}, m_duration->lineEdit());

    // Lieu
    auto *placeGrid = new QGridLayout;
    placeGrid->setHorizontalSpacing(8);
    placeGrid->setVerticalSpacing(2);
    m_typeLieu = new CodeCombo(List::TypeLieu, QString(), this);
    m_typeLieu->setObjectName(QStringLiteral("typeLieu"));
    m_typeLieu->view()->setAccessibleName(tr("Type de lieu"));
    m_place = new QComboBox(this);
    m_place->setObjectName(QStringLiteral("place"));
    m_place->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_place->setMinimumContentsLength(24);
    m_place->view()->setAccessibleName(tr("Lieu d'activité"));
    m_lieuCommune = new CommuneEdit(this);
    m_lieuCommune->setObjectName(QStringLiteral("lieuCommune"));
    m_distanceNote = new QLabel(this);
    m_distanceNote->setObjectName(QStringLiteral("distanceNote"));
    m_distanceNote->setWordWrap(true);
    placeGrid->addWidget(fieldLabel(tr("T&ype de lieu"), m_typeLieu, this), 0, 0);
    m_placeLabel = fieldLabel(tr("&Lieu d'activité"), m_place, this);
    m_lieuCommuneLabel = fieldLabel(tr("Commune du &lieu"), m_lieuCommune, this);
    placeGrid->addWidget(m_placeLabel, 0, 1);
    placeGrid->addWidget(m_lieuCommuneLabel, 0, 1);
    placeGrid->addWidget(m_typeLieu, 1, 0);
    placeGrid->addWidget(m_place, 1, 1);
    placeGrid->addWidget(m_lieuCommune, 1, 1);
    placeGrid->addWidget(m_distanceNote, 1, 1);
    placeGrid->setColumnStretch(1, 1);
    layout->addLayout(placeGrid);
    connect(m_typeLieu, &QComboBox::currentIndexChanged, this, &CraSection::changed);
    connect(m_place, &QComboBox::currentIndexChanged, this, &CraSection::changed);
    connect(m_lieuCommune, &CommuneEdit::communeChanged, this, &CraSection::changed);
    appendTabChain({m_typeLieu, m_place, m_lieuCommune});
    addMessage(layout, {QStringLiteral("typeLieu"), QStringLiteral("lieu"), QStringLiteral("lieuCommune")}, m_typeLieu);
    setMessageFocus(QStringLiteral("lieu"), m_place);
    setMessageFocus(QStringLiteral("lieuCommune"), m_lieuCommune);

    // Thématiques
    const QString thematiquesLegend = nomenclature().legend(List::ThematiqueMediation);
    m_thematiques = new CodeChecklist(List::ThematiqueMediation, thematiquesLegend, this);
    m_thematiques->setObjectName(QStringLiteral("thematiques"));
    m_thematiques->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addSpacing(4);
    layout->addWidget(fieldLabel(mnemonic(thematiquesLegend, QLatin1Char('t')), m_thematiques->filterEdit(), this));
    layout->addWidget(m_thematiques);
    connect(m_thematiques, &CodeChecklist::changed, this, &CraSection::changed);
    appendTabChain({m_thematiques->filterEdit(), m_thematiques->listWidget()});
    addMessage(layout, {QStringLiteral("thematiques")}, m_thematiques->filterEdit());

    // Matériel
    m_materiel = new CodeChecklist(List::Materiel, tr("Matériel numérique utilisé"), this);
    m_materiel->setObjectName(QStringLiteral("materiel"));
    m_materiel->setColumns(3);
    m_materiel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addSpacing(4);
    layout->addWidget(fieldLabel(tr("&Matériel numérique utilisé"), m_materiel->filterEdit(), this));
    layout->addWidget(m_materiel);
    connect(m_materiel, &CodeChecklist::changed, this, &CraSection::changed);
    appendTabChain({m_materiel->filterEdit(), m_materiel->listWidget()});
    addMessage(layout, {QStringLiteral("materiel")}, m_materiel->filterEdit());

    // Démarche administrative: after the matériel in the tab order, wherever the form places it.
    m_demarcheBox = new QWidget;
    m_demarcheBox->setObjectName(QStringLiteral("demarcheBox"));
    auto *demarcheLayout = new QVBoxLayout(m_demarcheBox);
    demarcheLayout->setContentsMargins(0, 0, 0, 0);
    demarcheLayout->setSpacing(4);
    const QString demarcheLegend = nomenclature().legend(List::ThematiqueDemarche);
    m_demarches = new CodeChecklist(List::ThematiqueDemarche, demarcheLegend, m_demarcheBox);
    m_demarches->setObjectName(QStringLiteral("demarches"));
    m_demarches->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    demarcheLayout->addWidget(
        fieldLabel(mnemonic(demarcheLegend, QLatin1Char('q')), m_demarches->filterEdit(), m_demarcheBox));
    demarcheLayout->addWidget(m_demarches);
    connect(m_demarches, &CodeChecklist::changed, this, &CraSection::changed);
    appendTabChain({m_demarches->filterEdit(), m_demarches->listWidget()});
    addMessage(demarcheLayout, {QStringLiteral("thematiquesDemarche")}, m_demarches->filterEdit());
    m_precisions = new QLineEdit(m_demarcheBox);
    m_precisions->setObjectName(QStringLiteral("precisionsDemarche"));
    m_precisions->setMaxLength(Validator::MaxShortTextLength);
    // Its label has no free letter (O is the workshop's name, visible with it in a collective CRA): Alt+X, shown as a
    // hint after the label, as "dont déjà accompagnés (j)".
    demarcheLayout->addWidget(
        fieldLabel(tr("%1 (&x)").arg(nomenclature().precisionsDemarcheLabel()), m_precisions, m_demarcheBox));
    m_precisions->setAccessibleName(nomenclature().precisionsDemarcheLabel());
    demarcheLayout->addWidget(m_precisions);
    connect(m_precisions, &QLineEdit::textChanged, this, &CraSection::changed);
    appendTabChain({m_precisions});
    addMessage(demarcheLayout, {QStringLiteral("precisionsDemarche")}, m_precisions);

    layout->addStretch(1);
}

bool CommonSection::isCollectif() const
{
    return m_collectif->isChecked();
}

QDate CommonSection::date() const
{
    return m_date->date();
}

void CommonSection::load(const Activity &a)
{
    (a.isCollectif() ? m_collectif : m_individuel)->setChecked(true);
    m_date->setToday(m_store.clock().today());
    m_date->setDate(a.date.isValid() ? a.date : m_store.clock().today());
    m_duration->setMinutes(a.dureeMinutes);
    reloadPlaces(a.lieuId);
    m_typeLieu->setCode(a.typeLieu);
    if (!a.lieuId.isNull())
        m_place->setCurrentIndex(std::max(0, m_place->findData(a.lieuId)));
    m_distanceCommune = a.typeLieu == QLatin1String(Codes::TypeLieu::ADistance) && !a.lieuCommune.isEmpty()
        ? a.lieuCommune
        : m_store.profile().structure.commune;
    m_lieuCommune->setCommune(a.typeLieu == QLatin1String(Codes::TypeLieu::ADistance) ? CommuneRef() : a.lieuCommune);

    QStringList mediation;
    QStringList demarche;
    for (const QString &t : a.thematiques)
        (nomenclature().contains(List::ThematiqueDemarche, t) ? demarche : mediation).append(t);
    m_thematiques->setCheckedCodes(mediation);
    m_demarches->setCheckedCodes(demarche);
    m_thematiques->filterEdit()->clear();
    m_demarches->filterEdit()->clear();
    m_materiel->filterEdit()->clear();
    m_precisions->setText(a.precisionsDemarche);
    m_materiel->setCheckedCodes(a.materiel);
}

void CommonSection::apply(Activity &a) const
{
    a.type = QLatin1String(m_collectif->isChecked() ? Codes::TypeActivite::Collectif : Codes::TypeActivite::Individuel);
    a.date = m_date->date();
    a.dureeMinutes = m_duration->minutes();
    a.typeLieu = m_typeLieu->code();
    if (a.typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite))
        a.lieuId = m_place->currentData().toUuid();
    else if (a.typeLieu == QLatin1String(Codes::TypeLieu::ADistance))
        a.lieuCommune = m_distanceCommune;
    else
        a.lieuCommune = m_lieuCommune->communeOrTypedName();

    a.thematiques = m_thematiques->checkedCodes();
    if (a.hasDemarche()) {
        a.thematiques += m_demarches->checkedCodes();
        a.precisionsDemarche = m_precisions->text().trimmed();
    }
    a.materiel = m_materiel->checkedCodes();
}

void CommonSection::refreshChoices()
{
    const QUuid current = m_place->currentData().toUuid();
    reloadPlaces(current);
    const int index = m_place->findData(current);
    if (index >= 0)
        m_place->setCurrentIndex(index);
}

void CommonSection::reloadPlaces(const QUuid &keep)
{
    const QSignalBlocker blocker(m_place);
    m_place->clear();
    const QList<Place> places = m_store.places(false);
    for (const Place &p : places) {
        const QString text = p.commune.nom.isEmpty() ? p.nom : p.nom + QStringLiteral(" — ") + p.commune.nom;
        m_place->addItem(text, p.id);
    }
    if (!keep.isNull() && m_place->findData(keep) < 0) {
        if (const std::optional<Place> p = m_store.place(keep))
            m_place->addItem(tr("%1 (archivé)").arg(p->nom), p->id);
    }
    if (m_place->count() == 0)
        m_place->addItem(tr("Aucun lieu d'activité : ajoutez-en dans « Lieux »"), QUuid());
}

void CommonSection::updateDisplay()
{
    const QString typeLieu = m_typeLieu->code();
    const bool atPlace = typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite);
    const bool remote = typeLieu == QLatin1String(Codes::TypeLieu::ADistance);
    m_placeLabel->setVisible(atPlace);
    m_place->setVisible(atPlace);
    m_lieuCommuneLabel->setVisible(!atPlace && !remote);
    m_lieuCommune->setVisible(!atPlace && !remote);
    m_distanceNote->setVisible(remote);
    m_distanceNote->setText(m_distanceCommune.isEmpty()
            ? tr("À distance : commune de la structure non renseignée (Paramètres).")
            : tr("À distance : commune de la structure, %1.").arg(CommuneEdit::display(m_distanceCommune)));
    m_demarcheBox->setVisible(m_thematiques->isChecked(QLatin1String(Codes::Thematique::AideDemarches)));
}
