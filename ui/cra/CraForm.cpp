#include "ui/cra/CraForm.h"
#include "models/text/Durations.h"

#include "models/domain/Nomenclature.h"
#include "models/store/FormDefaults.h"
#include "models/store/Store.h"
#include "ui/activities/DeleteActivitiesCommand.h"
#include "ui/cra/BeneficiaryPicker.h"
#include "ui/widgets/CodeChecklist.h"
#include "ui/widgets/CodeCombo.h"
#include "ui/widgets/CommuneEdit.h"
#include "ui/widgets/FieldError.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateEdit>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

namespace {
using List = Nomenclature::List;

const Nomenclature &nomenclature()
{
    return Nomenclature::instance();
}

// The label with a mnemonic on the first occurrence of letter (any case): "Thématiques", 't' -> "&Thématiques".
QString mnemonic(const QString &label, QChar letter)
{
    const int at = label.indexOf(letter, 0, Qt::CaseInsensitive);
    if (at < 0)
        return label;
    QString result = label;
    result.insert(at, QLatin1Char('&'));
    return result;
}

QString withoutMnemonic(QString text)
{
    return text.remove(QRegularExpression(QStringLiteral("&(?=[^&])")));
}

QSpinBox *counterSpin(const QString &accessibleName, const QString &objectName, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(0, nomenclature().maxParticipants());
    spin->setAccessibleName(accessibleName);
    spin->setButtonSymbols(QAbstractSpinBox::NoButtons);
    spin->setAlignment(Qt::AlignRight);
    spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(QStringLiteral("00000")) + 12);
    return spin;
}

QMap<QString, int> nonZero(const QMap<QString, QSpinBox *> &spins)
{
    QMap<QString, int> counts;
    for (auto it = spins.cbegin(); it != spins.cend(); ++it) {
        if (it.value()->value() != 0)
            counts.insert(it.key(), it.value()->value());
    }
    return counts;
}

int sum(const QMap<QString, QSpinBox *> &spins)
{
    int total = 0;
    for (const QSpinBox *spin : spins)
        total += spin->value();
    return total;
}

} // namespace

CraForm::CraForm(Store &store, QUndoStack *undoStack, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_undoStack(undoStack)
    , m_drafts(DraftStore::besideStore(store))
{
    setObjectName(QStringLiteral("craForm"));
    m_draftTimer.setSingleShot(true);
    m_draftTimer.setInterval(DraftDelayMs);
    connect(&m_draftTimer, &QTimer::timeout, this, &CraForm::writeDraft);
    buildUi();
    startNewUnchecked();
}

CraForm::~CraForm()
{
    // A window closed while typing keeps its draft: write what the timer had not written yet.
    if (m_draftTimer.isActive())
        writeDraft();
}

// ---------------------------------------------------------------------------------------------------------------
// Building the widgets

QLabel *CraForm::fieldLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    if (buddy) {
        label->setBuddy(buddy);
        if (buddy->accessibleName().isEmpty())
            buddy->setAccessibleName(withoutMnemonic(text));
        if (qobject_cast<QRadioButton *>(buddy))
            label->installEventFilter(this); // its mnemonic goes to the question without answering it (eventFilter)
    }
    return label;
}

bool CraForm::eventFilter(QObject *watched, QEvent *event)
{
    // A label's mnemonic "clicks" a radio button buddy 100 ms later (QLabel::event): Alt+A would tick the first
    // autonomy level, Alt+F answer "Oui", after the fact and maybe after a save. It only brings the focus to the
    // question, on the answer already given if any, as Tab does.
    if (event->type() == QEvent::Shortcut) {
        const auto *label = qobject_cast<QLabel *>(watched);
        auto *radio = label ? qobject_cast<QRadioButton *>(label->buddy()) : nullptr;
        if (radio) {
            QAbstractButton *checked = radio->group() ? radio->group()->checkedButton() : nullptr;
            QWidget *target = checked && checked->isVisible() ? checked : radio;
            if (target->isEnabled() && target->isVisible()) {
                target->setFocus(Qt::ShortcutFocusReason);
                window()->setAttribute(Qt::WA_KeyboardFocusChange);
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

FieldError *CraForm::addMessage(QVBoxLayout *layout, const QStringList &keys, QWidget *focus)
{
    auto *message = new FieldError(nullptr, QStringLiteral("error_") + keys.first(), layout->parentWidget());
    layout->addWidget(message);
    for (const QString &key : keys) {
        m_fields.insert(key, Field{message, focus});
        m_fieldOrder.append(key);
    }
    return message;
}

CodeCombo *CraForm::codeCombo(int list, const QString &accessibleName, const QString &objectName, QWidget *parent)
{
    auto *combo = new CodeCombo(static_cast<List>(list), tr("—"), parent);
    combo->setObjectName(objectName);
    combo->setAccessibleName(accessibleName);
    combo->view()->setAccessibleName(accessibleName);
    connect(combo, &QComboBox::currentIndexChanged, this, &CraForm::onChanged);
    return combo;
}

QList<QRadioButton *> CraForm::codeRadios(int list, QButtonGroup *group, QWidget *parent)
{
    QList<QRadioButton *> radios;
    for (const NomenclatureItem &item : nomenclature().items(static_cast<List>(list))) {
        auto *radio = new QRadioButton(item.label, parent);
        radio->setObjectName(item.value);
        radio->setProperty("code", item.value);
        radio->setAccessibleName(item.label);
        group->addButton(radio);
        radios.append(radio);
    }
    connect(group, &QButtonGroup::buttonToggled, this, &CraForm::onChanged);
    return radios;
}

void CraForm::buildUi()
{
    auto *root = new QVBoxLayout(this);
    root->setContentsMargins(8, 8, 8, 8);
    root->setSpacing(6);

    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("draftBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setBackgroundRole(QPalette::AlternateBase);
    m_banner->setAutoFillBackground(true);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("draftBannerText"));
    m_bannerText->setWordWrap(true);
    m_resume = new QPushButton(tr("Reprendre"), m_banner);
    m_resume->setObjectName(QStringLiteral("resumeDraft"));
    m_resume->setAccessibleName(tr("Reprendre le CRA non enregistré"));
    m_resume->setAutoDefault(true); // Entrée on the focused button, as Espace
    m_abandon = new QPushButton(tr("Abandonner"), m_banner);
    m_abandon->setObjectName(QStringLiteral("abandonDraft"));
    m_abandon->setAccessibleName(tr("Abandonner le CRA non enregistré"));
    m_abandon->setAutoDefault(true);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_resume);
    bannerLayout->addWidget(m_abandon);
    m_banner->setVisible(false);
    root->addWidget(m_banner);
    m_tabChain << m_resume << m_abandon;

    auto *header = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("formTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("formStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    header->addWidget(m_title);
    header->addSpacing(16);
    header->addWidget(m_status, 1);
    root->addLayout(header);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("formScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(m_scroll);
    content->setObjectName(QStringLiteral("craContent"));
    auto *columns = new QHBoxLayout(content);
    columns->setContentsMargins(0, 0, 0, 0);
    columns->setSpacing(24);
    columns->addWidget(buildLeftColumn(), 1);
    auto *right = new QWidget(content);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_demarcheBox);
    rightLayout->addWidget(buildIndividualColumn());
    rightLayout->addWidget(buildCollectiveColumn());
    rightLayout->addWidget(buildCommonBottom());
    rightLayout->addStretch(1);
    columns->addWidget(right, 1);
    m_scroll->setWidget(content);
    root->addWidget(m_scroll, 1);

    auto *buttons = new QHBoxLayout;
    m_save = new QPushButton(tr("&Enregistrer"), this);
    m_save->setObjectName(QStringLiteral("save"));
    m_save->setToolTip(tr("Enregistrer le CRA (Ctrl+Entrée)"));
    m_save->setAccessibleName(tr("Enregistrer"));
    m_saveNew = new QPushButton(tr("Enregistrer et nou&veau"), this);
    m_saveNew->setObjectName(QStringLiteral("saveAndNew"));
    m_saveNew->setAccessibleName(tr("Enregistrer et nouveau"));
    m_repeat = new QPushButton(tr("&Refaire la même"), this);
    m_repeat->setObjectName(QStringLiteral("repeatLast"));
    m_repeat->setAccessibleName(tr("Refaire la même"));
    m_repeat->setToolTip(tr("Un nouveau CRA, copie du dernier enregistré, daté d'aujourd'hui"));
    m_delete = new QPushButton(tr("Su&pprimer"), this);
    m_delete->setObjectName(QStringLiteral("delete"));
    m_delete->setAccessibleName(tr("Supprimer ce CRA"));
    buttons->addWidget(m_save);
    buttons->addWidget(m_saveNew);
    buttons->addWidget(m_repeat);
    buttons->addStretch(1);
    buttons->addWidget(m_delete);
    root->addLayout(buttons);
    m_tabChain << m_save << m_saveNew << m_repeat << m_delete;

    connect(m_save, &QPushButton::clicked, this, &CraForm::save);
    connect(m_saveNew, &QPushButton::clicked, this, &CraForm::saveAndNew);
    connect(m_repeat, &QPushButton::clicked, this, &CraForm::repeatLast);
    connect(m_delete, &QPushButton::clicked, this, &CraForm::askDelete);
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &CraForm::save);
    }
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (!m_foundDraft || !settleUnsaved(false))
            return;
        const Draft draft = *m_foundDraft;
        m_foundDraft.reset();
        m_draftPending = false;
        m_banner->setVisible(false);
        const std::optional<Activity> stored = draft.editing ? m_store.activity(draft.activity.id) : std::nullopt;
        if (stored && !stored->isDeleted()) {
            load(draft.activity, true, *stored);
        } else {
            Activity blank = defaults();
            blank.id = draft.activity.id;
            load(draft.activity, false, blank);
        }
        m_ownDraft = true;
        showStatus(tr("CRA non enregistré repris."));
        m_duree->setFocus(Qt::OtherFocusReason);
    });
    connect(m_abandon, &QPushButton::clicked, this, [this] {
        QString error;
        if (!m_drafts.discard(&error))
            showStatus(error);
        m_foundDraft.reset();
        m_draftPending = false;
        m_banner->setVisible(false);
        if (hasUnsavedChanges())
            m_draftTimer.start();
        m_duree->setFocus(Qt::OtherFocusReason);
    });

    applyTabOrder();
}

QWidget *CraForm::buildLeftColumn()
{
    auto *column = new QWidget;
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    const QDate today = m_store.clock().today();

    // Type
    auto *typeHeading = fieldLabel(tr("Type d'activité"), nullptr, column);
    layout->addWidget(typeHeading);
    auto *typeRow = new QHBoxLayout;
    const QList<NomenclatureItem> &types = nomenclature().items(List::TypeActivite);
    m_individuel = new QRadioButton(mnemonic(types.value(0).label, QLatin1Char('i')), column);
    m_individuel->setObjectName(QStringLiteral("typeIndividuel"));
    m_individuel->setAccessibleName(types.value(0).label);
    m_collectif = new QRadioButton(mnemonic(types.value(1).label, QLatin1Char('c')), column);
    m_collectif->setObjectName(QStringLiteral("typeCollectif"));
    m_collectif->setAccessibleName(types.value(1).label);
    auto *typeGroup = new QButtonGroup(column);
    typeGroup->addButton(m_individuel);
    typeGroup->addButton(m_collectif);
    typeRow->addWidget(m_individuel);
    typeRow->addWidget(m_collectif);
    typeRow->addStretch(1);
    layout->addLayout(typeRow);
    connect(typeGroup, &QButtonGroup::buttonToggled, this, &CraForm::onChanged);
    m_tabChain << m_individuel << m_collectif;
    addMessage(layout, {QStringLiteral("type"), QStringLiteral("id")}, m_individuel);

    // Date
    auto *dateRow = new QHBoxLayout;
    m_date = new QDateEdit(column);
    m_date->setObjectName(QStringLiteral("date"));
    m_date->setDisplayFormat(QStringLiteral("dd/MM/yyyy"));
    m_date->setCalendarPopup(true);
    m_date->setDateRange(QDate(2000, 1, 1), today);
    m_date->setDate(today);
    m_hier = new QPushButton(tr("&Hier"), column);
    m_hier->setObjectName(QStringLiteral("yesterday"));
    m_hier->setAccessibleName(tr("Date d'hier"));
    m_hier->setToolTip(tr("Dater le CRA d'hier (Alt+H)"));
    auto *dateLabel = fieldLabel(tr("&Date"), m_date, column);
    m_date->setAccessibleName(tr("Date de l'activité"));
    dateRow->addWidget(dateLabel);
    dateRow->addWidget(m_date);
    dateRow->addWidget(m_hier);
    dateRow->addStretch(1);
    layout->addLayout(dateRow);
    connect(m_date, &QDateEdit::dateChanged, this, &CraForm::onChanged);
    connect(m_hier, &QPushButton::clicked, this, [this] { m_date->setDate(m_store.clock().today().addDays(-1)); });
    m_tabChain << m_date << m_hier;
    addMessage(layout, {QStringLiteral("date")}, m_date);

    // Durée
    m_duree = new QLineEdit(column);
    m_duree->setObjectName(QStringLiteral("duree"));
    m_duree->setPlaceholderText(tr("h:mm"));
    m_duree->setToolTip(tr("En minutes (45) ou en heures et minutes (1:30, 1h30)"));
    m_duree->setAccessibleName(tr("Durée"));
    m_duree->setAccessibleDescription(m_duree->toolTip());
    m_duree->setMaxLength(8);
    m_duree->setFixedWidth(m_duree->fontMetrics().horizontalAdvance(QStringLiteral("00h00mn")) + 16);
    layout->addWidget(fieldLabel(tr("D&urée"), m_duree, column));
    auto *durationRow = new QHBoxLayout;
    durationRow->setSpacing(3);
    durationRow->addWidget(m_duree);
    m_tabChain << m_duree;
    const QList<NomenclatureItem> &presets = nomenclature().items(List::DureePreset);
    auto makeDurationButton = [this, column, durationRow](const QString &objectName) {
        auto *button = new QPushButton(column);
        button->setObjectName(objectName);
        button->setCheckable(true);
        button->setAutoDefault(false);
        button->setMinimumWidth(button->fontMetrics().horizontalAdvance(QStringLiteral("0h00")) + 14);
        durationRow->addWidget(button);
        connect(button, &QPushButton::clicked, this, [this, button] {
            m_duree->setText(Durations::clock(button->property("minutes").toInt()));
            updateDurationButtons();
        });
        m_tabChain << button;
        return button;
    };
    for (const NomenclatureItem &preset : presets) {
        QPushButton *button = makeDurationButton(QStringLiteral("preset_") + preset.value);
        button->setText(preset.label);
        button->setProperty("minutes", preset.value.toInt());
        button->setAccessibleName(tr("Durée %1").arg(preset.label));
        m_presetButtons.append(button);
    }
    for (int i = 0; i < CustomDurationButtons; ++i) {
        QPushButton *button = makeDurationButton(QStringLiteral("custom_%1").arg(i));
        button->setAccessibleName(tr("Durée habituelle"));
        button->setVisible(false);
        m_customButtons.append(button);
    }
    durationRow->addStretch(1);
    layout->addLayout(durationRow);
    connect(m_duree, &QLineEdit::textChanged, this, [this] {
        updateDurationButtons();
        onChanged();
    });
    addMessage(layout, {QStringLiteral("duree")}, m_duree);

    // Lieu
    auto *placeGrid = new QGridLayout;
    placeGrid->setHorizontalSpacing(8);
    placeGrid->setVerticalSpacing(2);
    m_typeLieu = new CodeCombo(List::TypeLieu, QString(), column);
    m_typeLieu->setObjectName(QStringLiteral("typeLieu"));
    m_typeLieu->view()->setAccessibleName(tr("Type de lieu"));
    m_place = new QComboBox(column);
    m_place->setObjectName(QStringLiteral("place"));
    m_place->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_place->setMinimumContentsLength(24);
    m_place->view()->setAccessibleName(tr("Lieu d'activité"));
    m_lieuCommune = new CommuneEdit(column);
    m_lieuCommune->setObjectName(QStringLiteral("lieuCommune"));
    m_distanceNote = new QLabel(column);
    m_distanceNote->setObjectName(QStringLiteral("distanceNote"));
    m_distanceNote->setWordWrap(true);
    placeGrid->addWidget(fieldLabel(tr("T&ype de lieu"), m_typeLieu, column), 0, 0);
    m_placeLabel = fieldLabel(tr("&Lieu d'activité"), m_place, column);
    m_lieuCommuneLabel = fieldLabel(tr("Commune du &lieu"), m_lieuCommune, column);
    placeGrid->addWidget(m_placeLabel, 0, 1);
    placeGrid->addWidget(m_lieuCommuneLabel, 0, 1);
    placeGrid->addWidget(m_typeLieu, 1, 0);
    placeGrid->addWidget(m_place, 1, 1);
    placeGrid->addWidget(m_lieuCommune, 1, 1);
    placeGrid->addWidget(m_distanceNote, 1, 1);
    placeGrid->setColumnStretch(1, 1);
    layout->addLayout(placeGrid);
    connect(m_typeLieu, &QComboBox::currentIndexChanged, this, &CraForm::onChanged);
    connect(m_place, &QComboBox::currentIndexChanged, this, &CraForm::onChanged);
    connect(m_lieuCommune, &CommuneEdit::communeChanged, this, &CraForm::onChanged);
    m_tabChain << m_typeLieu << m_place << m_lieuCommune;
    addMessage(layout, {QStringLiteral("typeLieu"), QStringLiteral("lieu"), QStringLiteral("lieuCommune")}, m_typeLieu);
    m_fields[QStringLiteral("lieu")].focus = m_place;
    m_fields[QStringLiteral("lieuCommune")].focus = m_lieuCommune;

    // Thématiques
    const QString thematiquesLegend = nomenclature().legend(List::ThematiqueMediation);
    m_thematiques = new CodeChecklist(List::ThematiqueMediation, thematiquesLegend, column);
    m_thematiques->setObjectName(QStringLiteral("thematiques"));
    m_thematiques->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addSpacing(4);
    layout->addWidget(fieldLabel(mnemonic(thematiquesLegend, QLatin1Char('t')), m_thematiques->filterEdit(), column));
    layout->addWidget(m_thematiques);
    connect(m_thematiques, &CodeChecklist::changed, this, &CraForm::onChanged);
    m_tabChain << m_thematiques->filterEdit() << m_thematiques->listWidget();
    addMessage(layout, {QStringLiteral("thematiques")}, m_thematiques->filterEdit());

    // Matériel
    m_materiel = new CodeChecklist(List::Materiel, tr("Matériel numérique utilisé"), column);
    m_materiel->setObjectName(QStringLiteral("materiel"));
    m_materiel->setColumns(3);
    m_materiel->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addSpacing(4);
    layout->addWidget(fieldLabel(tr("&Matériel numérique utilisé"), m_materiel->filterEdit(), column));
    layout->addWidget(m_materiel);
    connect(m_materiel, &CodeChecklist::changed, this, &CraForm::onChanged);
    m_tabChain << m_materiel->filterEdit() << m_materiel->listWidget();
    addMessage(layout, {QStringLiteral("materiel")}, m_materiel->filterEdit());

    // Démarche administrative: shown at the top of the right column (buildUi), where there is room, after the
    // matériel in the tab order.
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
    connect(m_demarches, &CodeChecklist::changed, this, &CraForm::onChanged);
    m_tabChain << m_demarches->filterEdit() << m_demarches->listWidget();
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
    connect(m_precisions, &QLineEdit::textChanged, this, &CraForm::onChanged);
    m_tabChain << m_precisions;
    addMessage(demarcheLayout, {QStringLiteral("precisionsDemarche")}, m_precisions);

    layout->addStretch(1);
    return column;
}

QWidget *CraForm::buildIndividualColumn()
{
    m_individualBox = new QWidget;
    m_individualBox->setObjectName(QStringLiteral("individualBox"));
    auto *layout = new QVBoxLayout(m_individualBox);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    // Autonomie
    m_autonomie = new QButtonGroup(m_individualBox);
    const QList<QRadioButton *> autonomie = codeRadios(static_cast<int>(List::Autonomie), m_autonomie, m_individualBox);
    const QString autonomieLegend = nomenclature().legend(List::Autonomie);
    layout->addWidget(fieldLabel(mnemonic(autonomieLegend, QLatin1Char('a')), autonomie.value(0), m_individualBox));
    auto *autonomieRow = new QHBoxLayout;
    for (QRadioButton *radio : autonomie) {
        radio->setAccessibleName(autonomieLegend + QStringLiteral(" : ") + radio->text());
        autonomieRow->addWidget(radio);
        m_tabChain << radio;
    }
    autonomieRow->addStretch(1);
    layout->addLayout(autonomieRow);
    addMessage(layout, {QStringLiteral("autonomie")}, autonomie.value(0));

    // Orientation
    const QString question = nomenclature().orienteQuestion();
    m_oriente = new QButtonGroup(m_individualBox);
    m_orienteOui
        = new QRadioButton(nomenclature().label(List::OrienteVersStructure, QStringLiteral("oui")), m_individualBox);
    m_orienteOui->setObjectName(QStringLiteral("orienteOui"));
    m_orienteNon
        = new QRadioButton(nomenclature().label(List::OrienteVersStructure, QStringLiteral("non")), m_individualBox);
    m_orienteNon->setObjectName(QStringLiteral("orienteNon"));
    m_orienteOui->setAccessibleName(question + QLatin1Char(' ') + m_orienteOui->text());
    m_orienteNon->setAccessibleName(question + QLatin1Char(' ') + m_orienteNon->text());
    m_orienteOui->setProperty("code", QStringLiteral("oui"));
    m_orienteNon->setProperty("code", QStringLiteral("non"));
    m_oriente->addButton(m_orienteOui);
    m_oriente->addButton(m_orienteNon);
    connect(m_oriente, &QButtonGroup::buttonToggled, this, &CraForm::onChanged);
    auto *questionLabel = fieldLabel(mnemonic(question, QLatin1Char('f')), m_orienteOui, m_individualBox);
    questionLabel->setWordWrap(true);
    layout->addWidget(questionLabel);
    auto *orienteRow = new QHBoxLayout;
    orienteRow->addWidget(m_orienteOui);
    orienteRow->addWidget(m_orienteNon);
    m_structureBox = new QWidget(m_individualBox);
    auto *structureLayout = new QHBoxLayout(m_structureBox);
    structureLayout->setContentsMargins(12, 0, 0, 0);
    m_structure = codeCombo(static_cast<int>(List::StructureDeRedirection), tr("Structure de redirection"),
        QStringLiteral("structure"), m_structureBox);
    m_structure->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_structure->setMinimumContentsLength(20);
    structureLayout->addWidget(fieldLabel(tr("&Structure de redirection"), m_structure, m_structureBox));
    structureLayout->addWidget(m_structure, 1);
    orienteRow->addWidget(m_structureBox, 1);
    orienteRow->addStretch(0);
    layout->addLayout(orienteRow);
    m_tabChain << m_orienteOui << m_orienteNon << m_structure;
    addMessage(layout, {QStringLiteral("structureDeRedirection")}, m_structure);

    // Bénéficiaire
    m_anonyme = new QRadioButton(tr("Anonyme"), m_individualBox);
    m_anonyme->setObjectName(QStringLiteral("personAnonyme"));
    m_anonyme->setAccessibleName(tr("Bénéficiaire anonyme"));
    m_suivi = new QRadioButton(tr("Bénéficiaire suivi"), m_individualBox);
    m_suivi->setObjectName(QStringLiteral("personSuivi"));
    m_suivi->setAccessibleName(tr("Bénéficiaire suivi"));
    auto *personGroup = new QButtonGroup(m_individualBox);
    personGroup->addButton(m_anonyme);
    personGroup->addButton(m_suivi);
    connect(personGroup, &QButtonGroup::buttonToggled, this, &CraForm::onChanged);
    auto *personRow = new QHBoxLayout;
    personRow->addWidget(fieldLabel(tr("&Bénéficiaire"), m_anonyme, m_individualBox));
    personRow->addWidget(m_anonyme);
    personRow->addWidget(m_suivi);
    personRow->addStretch(1);
    layout->addSpacing(4);
    layout->addLayout(personRow);
    m_tabChain << m_anonyme << m_suivi;

    m_anonBox = new QWidget(m_individualBox);
    m_anonBox->setObjectName(QStringLiteral("anonBox"));
    auto *anon = new QGridLayout(m_anonBox);
    anon->setContentsMargins(0, 0, 0, 0);
    anon->setHorizontalSpacing(8);
    anon->setVerticalSpacing(2);
    m_genre = codeCombo(static_cast<int>(List::Genre), tr("Genre"), QStringLiteral("genre"), m_anonBox);
    m_tranche
        = codeCombo(static_cast<int>(List::TrancheAge), tr("Tranche d'âge"), QStringLiteral("trancheAge"), m_anonBox);
    m_annee = new QLineEdit(m_anonBox);
    m_annee->setObjectName(QStringLiteral("anneeNaissance"));
    m_annee->setAccessibleName(tr("Année de naissance"));
    m_annee->setMaxLength(4);
    m_annee->setValidator(new QIntValidator(0, 9999, m_annee));
    m_annee->setPlaceholderText(tr("aaaa"));
    m_statut = codeCombo(static_cast<int>(List::StatutSocial), tr("Statut"), QStringLiteral("statut"), m_anonBox);
    m_residence = new CommuneEdit(m_anonBox);
    m_residence->setObjectName(QStringLiteral("communeResidence"));
    m_residence->setAccessibleName(tr("Commune de résidence"));
    m_deja = new CodeCombo(m_anonBox);
    m_deja->setObjectName(QStringLiteral("dejaAccompagne"));
    m_deja->setAccessibleName(tr("Déjà accompagné"));
    m_deja->addItem(tr("—"), QString());
    m_deja->addItem(tr("Oui"), QStringLiteral("oui"));
    m_deja->addItem(tr("Non"), QStringLiteral("non"));
    m_deja->view()->setAccessibleName(tr("Déjà accompagné"));
    connect(m_deja, &QComboBox::currentIndexChanged, this, &CraForm::onChanged);
    connect(m_residence, &CommuneEdit::communeChanged, this, &CraForm::onChanged);
    connect(m_annee, &QLineEdit::textEdited, this, [this](const QString &text) {
        const int year = text.toInt();
        if (text.size() == 4 && year >= 1900 && year <= m_date->date().year())
            m_tranche->setCode(Nomenclature::trancheAgeForBirthYear(year, m_date->date().year()));
        onChanged();
    });
    // Genre, Tranche d'âge, année de naissance, Statut and Commune de résidence have no mnemonic of their own: every
    // letter of their labels already serves another field (only K, W, X, Z are free). Alt+B (Bénéficiaire: Anonyme)
    // then Tab reaches them in reading order, row by row: genre, tranche d'âge, année, statut, commune, déjà
    // accompagné.
    anon->addWidget(fieldLabel(tr("Genre"), m_genre, m_anonBox), 0, 0);
    anon->addWidget(fieldLabel(tr("Tranche d'âge"), m_tranche, m_anonBox), 0, 1);
    anon->addWidget(fieldLabel(tr("ou année de naissance"), m_annee, m_anonBox), 0, 2);
    anon->addWidget(m_genre, 1, 0);
    anon->addWidget(m_tranche, 1, 1);
    anon->addWidget(m_annee, 1, 2);
    anon->addWidget(fieldLabel(tr("Statut"), m_statut, m_anonBox), 2, 0);
    anon->addWidget(fieldLabel(tr("Commune de résidence"), m_residence, m_anonBox), 2, 1);
    anon->addWidget(fieldLabel(tr("Dé&jà accompagné"), m_deja, m_anonBox), 2, 2);
    anon->addWidget(m_statut, 3, 0);
    anon->addWidget(m_residence, 3, 1);
    anon->addWidget(m_deja, 3, 2);
    anon->setColumnStretch(0, 1);
    anon->setColumnStretch(1, 2);
    anon->setColumnStretch(2, 1);
    layout->addWidget(m_anonBox);
    m_tabChain << m_genre << m_tranche << m_annee << m_statut << m_residence << m_deja;

    m_beneficiaire = new BeneficiaryPicker(
        m_store, BeneficiaryPicker::Mode::Single, tr("Rechercher un bénéficiaire suivi"), m_individualBox);
    m_beneficiaire->setObjectName(QStringLiteral("beneficiaire"));
    connect(m_beneficiaire, &BeneficiaryPicker::changed, this, &CraForm::onChanged);
    layout->addWidget(m_beneficiaire);
    m_tabChain << m_beneficiaire->focusChain();
    addMessage(layout,
        {QStringLiteral("beneficiaire"), QStringLiteral("anonyme.genre"), QStringLiteral("anonyme.trancheAge"),
            QStringLiteral("anonyme.anneeNaissance"), QStringLiteral("anonyme.statutSocial"),
            QStringLiteral("anonyme.communeResidence")},
        m_anonyme);
    m_fields[QStringLiteral("beneficiaire")].focus = m_beneficiaire->searchEdit();
    m_fields[QStringLiteral("anonyme.genre")].focus = m_genre;
    m_fields[QStringLiteral("anonyme.trancheAge")].focus = m_tranche;
    m_fields[QStringLiteral("anonyme.anneeNaissance")].focus = m_annee;
    m_fields[QStringLiteral("anonyme.statutSocial")].focus = m_statut;
    m_fields[QStringLiteral("anonyme.communeResidence")].focus = m_residence;
    return m_individualBox;
}

QWidget *CraForm::buildCollectiveColumn()
{
    m_collectiveBox = new QWidget;
    m_collectiveBox->setObjectName(QStringLiteral("collectiveBox"));
    auto *layout = new QVBoxLayout(m_collectiveBox);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_titre = new QLineEdit(m_collectiveBox);
    m_titre->setObjectName(QStringLiteral("titreAtelier"));
    m_titre->setMaxLength(Validator::MaxShortTextLength);
    layout->addWidget(fieldLabel(tr("N&om de l'atelier"), m_titre, m_collectiveBox));
    layout->addWidget(m_titre);
    connect(m_titre, &QLineEdit::textChanged, this, &CraForm::onChanged);
    m_tabChain << m_titre;
    addMessage(layout, {QStringLiteral("titreAtelier")}, m_titre);

    m_niveau = new QButtonGroup(m_collectiveBox);
    const QList<QRadioButton *> niveaux = codeRadios(static_cast<int>(List::NiveauAtelier), m_niveau, m_collectiveBox);
    const QString niveauLegend = nomenclature().legend(List::NiveauAtelier);
    layout->addWidget(fieldLabel(mnemonic(niveauLegend, QLatin1Char('a')), niveaux.value(0), m_collectiveBox));
    auto *niveauRow = new QHBoxLayout;
    for (QRadioButton *radio : niveaux) {
        radio->setObjectName(QStringLiteral("niveau_") + radio->property("code").toString());
        radio->setAccessibleName(niveauLegend + QStringLiteral(" : ") + radio->text());
        niveauRow->addWidget(radio);
        m_tabChain << radio;
    }
    niveauRow->addStretch(1);
    layout->addLayout(niveauRow);
    addMessage(layout, {QStringLiteral("niveauAtelier")}, niveaux.value(0));

    m_participants = new BeneficiaryPicker(
        m_store, BeneficiaryPicker::Mode::Multiple, tr("Ajouter un bénéficiaire suivi à l'atelier"), m_collectiveBox);
    m_participants->setObjectName(QStringLiteral("participants"));
    layout->addWidget(
        fieldLabel(tr("Participants suivis (&bénéficiaires)"), m_participants->searchEdit(), m_collectiveBox));
    layout->addWidget(m_participants);
    connect(m_participants, &BeneficiaryPicker::changed, this, &CraForm::onChanged);
    m_tabChain << m_participants->focusChain();
    addMessage(layout, {QStringLiteral("participants")}, m_participants->searchEdit());

    // Anonymous counters: total and déjà accompagnés, then one column per group with its live sum.
    auto *totals = new QGridLayout;
    totals->setHorizontalSpacing(8);
    m_total = counterSpin(tr("Nombre de participants anonymes"), QStringLiteral("total"), m_collectiveBox);
    m_dejaTotal
        = counterSpin(tr("Participants anonymes déjà accompagnés"), QStringLiteral("dejaTotal"), m_collectiveBox);
    m_dejaCheck = new QLabel(m_collectiveBox);
    m_dejaCheck->setObjectName(QStringLiteral("dejaCheck"));
    totals->addWidget(fieldLabel(tr("Participant&s anonymes"), m_total, m_collectiveBox), 0, 0);
    totals->addWidget(m_total, 0, 1);
    auto *dejaLabel = new QLabel(tr("dont dé&jà accompagnés"), m_collectiveBox);
    dejaLabel->setBuddy(m_dejaTotal);
    totals->addWidget(dejaLabel, 0, 2);
    totals->addWidget(m_dejaTotal, 0, 3);
    totals->addWidget(m_dejaCheck, 0, 4);
    totals->setColumnStretch(4, 1);
    layout->addSpacing(4);
    layout->addLayout(totals);
    m_tabChain << m_total << m_dejaTotal;

    auto *groups = new QGridLayout;
    groups->setHorizontalSpacing(6);
    groups->setVerticalSpacing(2);
    struct GroupSpec
    {
        List list;
        QString title;
        QString key;
        QMap<QString, QSpinBox *> *spins;
        QLabel **check;
    };
    const GroupSpec specs[] = {
        {List::Genre, tr("Genre"), QStringLiteral("genre"), &m_genreCounts, &m_genreCheck},
        {List::TrancheAge, tr("Tranche d'âge"), QStringLiteral("trancheAge"), &m_trancheCounts, &m_trancheCheck},
        {List::StatutSocial, tr("Statut"), QStringLiteral("statutSocial"), &m_statutCounts, &m_statutCheck},
    };
    // The group titles have no mnemonic: no letter of theirs is free (only K, W, X, Z are). Alt+S (Participants
    // anonymes) then Tab goes through the total, the déjà accompagnés, then each group top to bottom, left to right.
    int column = 0;
    for (const GroupSpec &spec : specs) {
        auto *title = fieldLabel(spec.title, nullptr, m_collectiveBox);
        groups->addWidget(title, 0, column, 1, 2);
        *spec.check = new QLabel(m_collectiveBox);
        (*spec.check)->setObjectName(spec.key + QStringLiteral("Check"));
        (*spec.check)->setWordWrap(true);
        groups->addWidget(*spec.check, 1, column, 1, 2);
        int row = 2;
        for (const NomenclatureItem &item : nomenclature().items(spec.list)) {
            QSpinBox *spin = counterSpin(tr("Participants anonymes, %1 : %2").arg(spec.title, item.label),
                QStringLiteral("count_") + spec.key + QLatin1Char('_') + item.value, m_collectiveBox);
            auto *label = new QLabel(item.label, m_collectiveBox);
            label->setBuddy(spin);
            label->setWordWrap(true);
            groups->addWidget(label, row, column);
            groups->addWidget(spin, row, column + 1);
            spec.spins->insert(item.value, spin);
            if (!title->buddy())
                title->setBuddy(spin);
            m_tabChain << spin;
            connect(spin, &QSpinBox::valueChanged, this, &CraForm::onChanged);
            ++row;
        }
        column += 2;
    }
    for (int c = 0; c < column; c += 2)
        groups->setColumnStretch(c, 1);
    layout->addLayout(groups);
    connect(m_total, &QSpinBox::valueChanged, this, &CraForm::onChanged);
    connect(m_dejaTotal, &QSpinBox::valueChanged, this, &CraForm::onChanged);
    addMessage(layout,
        {QStringLiteral("participantsAnonymes.total"), QStringLiteral("participantsAnonymes.dejaAccompagne"),
            QStringLiteral("participantsAnonymes.genre"), QStringLiteral("participantsAnonymes.trancheAge"),
            QStringLiteral("participantsAnonymes.statutSocial")},
        m_total);
    m_fields[QStringLiteral("participantsAnonymes.dejaAccompagne")].focus = m_dejaTotal;
    return m_collectiveBox;
}

QWidget *CraForm::buildCommonBottom()
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_tags = new QLineEdit(box);
    m_tags->setObjectName(QStringLiteral("tags"));
    m_tags->setPlaceholderText(tr("Séparés par des virgules"));
    layout->addSpacing(4);
    layout->addWidget(fieldLabel(tr("Ta&gs"), m_tags, box));
    layout->addWidget(m_tags);
    connect(m_tags, &QLineEdit::textChanged, this, &CraForm::onChanged);
    m_tabChain << m_tags;
    addMessage(layout, {QStringLiteral("tags")}, m_tags);

    m_notes = new QPlainTextEdit(box);
    m_notes->setObjectName(QStringLiteral("notes"));
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 3 + 14);
    layout->addWidget(fieldLabel(tr("&Notes supplémentaires"), m_notes, box));
    layout->addWidget(m_notes);
    connect(m_notes, &QPlainTextEdit::textChanged, this, &CraForm::onChanged);
    m_tabChain << m_notes;
    addMessage(layout, {QStringLiteral("notes")}, m_notes);
    return box;
}

void CraForm::applyTabOrder()
{
    for (int i = 0; i + 1 < m_tabChain.size(); ++i)
        setTabOrder(m_tabChain.at(i), m_tabChain.at(i + 1));
}

// ---------------------------------------------------------------------------------------------------------------
// Values

QString CraForm::checkedCode(const QButtonGroup *group)
{
    const QAbstractButton *button = group->checkedButton();
    return button ? button->property("code").toString() : QString();
}

void CraForm::setCheckedCode(QButtonGroup *group, const QString &code)
{
    group->setExclusive(false);
    const QList<QAbstractButton *> buttons = group->buttons();
    for (QAbstractButton *button : buttons)
        button->setChecked(!code.isEmpty() && button->property("code").toString() == code);
    group->setExclusive(true);
}

Activity CraForm::currentActivity() const
{
    Activity a;
    a.id = m_id;
    a.type = QLatin1String(m_collectif->isChecked() ? Activity::Collectif : Activity::Individuel);
    a.date = m_date->date();
    a.dureeMinutes = std::max(0, Durations::parse(m_duree->text()));
    a.typeLieu = m_typeLieu->code();
    if (a.typeLieu == QLatin1String("lieu_activite"))
        a.lieuId = m_place->currentData().toUuid();
    else if (a.typeLieu == QLatin1String("a_distance"))
        a.lieuCommune = m_distanceCommune;
    else
        a.lieuCommune = m_lieuCommune->communeOrTypedName();

    a.thematiques = m_thematiques->checkedCodes();
    if (a.hasDemarche()) {
        a.thematiques += m_demarches->checkedCodes();
        a.precisionsDemarche = m_precisions->text().trimmed();
    }
    a.materiel = m_materiel->checkedCodes();
    const QStringList tags = m_tags->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &tag : tags) {
        if (!tag.trimmed().isEmpty())
            a.tags.append(tag.trimmed());
    }
    a.notes = m_notes->toPlainText().trimmed();

    if (a.isIndividuel()) {
        a.autonomie = checkedCode(m_autonomie);
        if (m_orienteOui->isChecked())
            a.orienteVersStructure = true;
        else if (m_orienteNon->isChecked())
            a.orienteVersStructure = false;
        if (a.orienteVersStructure.value_or(false))
            a.structureDeRedirection = m_structure->code();
        if (m_suivi->isChecked()) {
            a.beneficiaireId = m_beneficiaire->selected().value(0);
        } else {
            a.anonyme.genre = m_genre->code();
            a.anonyme.trancheAge = m_tranche->code();
            a.anonyme.anneeNaissance = m_annee->text().toInt();
            a.anonyme.statutSocial = m_statut->code();
            a.anonyme.communeResidence = m_residence->communeOrTypedName();
            const QString deja = m_deja->code();
            if (!deja.isEmpty())
                a.anonyme.dejaAccompagne = deja == QLatin1String("oui");
        }
    } else {
        a.titreAtelier = m_titre->text().trimmed();
        a.niveauAtelier = checkedCode(m_niveau);
        a.participants = m_participants->selected();
        a.participantsAnonymes.total = m_total->value();
        a.participantsAnonymes.dejaAccompagne = m_dejaTotal->value();
        a.participantsAnonymes.genre = nonZero(m_genreCounts);
        a.participantsAnonymes.trancheAge = nonZero(m_trancheCounts);
        a.participantsAnonymes.statutSocial = nonZero(m_statutCounts);
    }
    if (m_editing) {
        a.creation = m_baseline.creation;
        a.modification = m_baseline.modification;
    }
    return a;
}

Activity CraForm::defaults() const
{
    const FormDefaults history(m_store);
    Activity a;
    a.id = QUuid::createUuid();
    const QString type = history.lastUsedType();
    a.type = type.isEmpty() ? QLatin1String(Activity::Individuel) : type;
    a.date = m_store.clock().today();

    const QList<Place> places = m_store.places(false);
    QString typeLieu = history.lastUsedTypeLieu();
    if (!nomenclature().contains(List::TypeLieu, typeLieu))
        typeLieu = places.isEmpty() ? QStringLiteral("a_distance") : QStringLiteral("lieu_activite");
    if (typeLieu == QLatin1String("lieu_activite") && places.isEmpty())
        typeLieu = QStringLiteral("a_distance");
    a.typeLieu = typeLieu;
    if (typeLieu == QLatin1String("lieu_activite")) {
        const QUuid last = history.lastUsedPlaceId();
        const bool active = std::any_of(places.cbegin(), places.cend(), [&](const Place &p) { return p.id == last; });
        a.lieuId = active ? last : places.first().id;
    } else if (typeLieu == QLatin1String("a_distance")) {
        a.lieuCommune = m_store.profile().structure.commune;
    }
    return a;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

void CraForm::refreshChoices()
{
    const QUuid current = m_place->currentData().toUuid();
    const bool loading = m_loading;
    m_loading = true; // not a change of the CRA
    reloadPlaces(current);
    const int index = m_place->findData(current);
    if (index >= 0)
        m_place->setCurrentIndex(index);
    m_beneficiaire->reload();
    m_participants->reload();
    m_loading = loading;
}

void CraForm::reloadPlaces(const QUuid &keep)
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

void CraForm::rebuildCustomDurations()
{
    const QList<int> usual = FormDefaults(m_store).mostUsedCustomDurations(CustomDurationButtons);
    for (int i = 0; i < m_customButtons.size(); ++i) {
        QPushButton *button = m_customButtons.at(i);
        const bool used = i < usual.size();
        button->setVisible(used);
        if (used) {
            button->setText(Durations::presetLabel(usual.at(i)));
            button->setProperty("minutes", usual.at(i));
            button->setAccessibleName(tr("Durée habituelle %1").arg(Durations::presetLabel(usual.at(i))));
        }
    }
    updateDurationButtons();
}

void CraForm::updateDurationButtons()
{
    const int minutes = Durations::parse(m_duree->text());
    for (QPushButton *button : std::as_const(m_presetButtons))
        button->setChecked(button->property("minutes").toInt() == minutes);
    for (QPushButton *button : std::as_const(m_customButtons))
        button->setChecked(button->isVisible() && button->property("minutes").toInt() == minutes);
}

void CraForm::load(const Activity &a, bool editing, const Activity &baseline)
{
    m_loading = true;
    m_id = a.id;
    m_editing = editing;
    m_baseline = baseline;
    const Nomenclature &n = nomenclature();

    (a.isCollectif() ? m_collectif : m_individuel)->setChecked(true);
    m_date->setMaximumDate(std::max(m_store.clock().today(), a.date.isValid() ? a.date : QDate()));
    m_date->setDate(a.date.isValid() ? a.date : m_store.clock().today());
    m_duree->setText(Durations::clock(a.dureeMinutes));
    reloadPlaces(a.lieuId);
    m_typeLieu->setCode(a.typeLieu);
    if (!a.lieuId.isNull())
        m_place->setCurrentIndex(std::max(0, m_place->findData(a.lieuId)));
    m_distanceCommune = a.typeLieu == QLatin1String("a_distance") && !a.lieuCommune.isEmpty()
        ? a.lieuCommune
        : m_store.profile().structure.commune;
    m_lieuCommune->setCommune(a.typeLieu == QLatin1String("a_distance") ? CommuneRef() : a.lieuCommune);

    QStringList mediation;
    QStringList demarche;
    for (const QString &t : a.thematiques)
        (n.contains(List::ThematiqueDemarche, t) ? demarche : mediation).append(t);
    m_thematiques->setCheckedCodes(mediation);
    m_demarches->setCheckedCodes(demarche);
    m_thematiques->filterEdit()->clear();
    m_demarches->filterEdit()->clear();
    m_materiel->filterEdit()->clear();
    m_precisions->setText(a.precisionsDemarche);
    m_materiel->setCheckedCodes(a.materiel);
    m_tags->setText(a.tags.join(QStringLiteral(", ")));
    m_notes->setPlainText(a.notes);

    setCheckedCode(m_autonomie, a.autonomie);
    setCheckedCode(m_oriente,
        a.orienteVersStructure.has_value() ? QString::fromLatin1(*a.orienteVersStructure ? "oui" : "non") : QString());
    m_structure->setCode(a.structureDeRedirection);
    m_beneficiaire->reload();
    m_participants->reload();
    (a.beneficiaireId.isNull() ? m_anonyme : m_suivi)->setChecked(true);
    m_beneficiaire->setSelected(a.beneficiaireId.isNull() ? QList<QUuid>() : QList<QUuid>{a.beneficiaireId});
    m_genre->setCode(a.anonyme.genre);
    m_tranche->setCode(a.anonyme.trancheAge);
    m_annee->setText(a.anonyme.anneeNaissance > 0 ? QString::number(a.anonyme.anneeNaissance) : QString());
    m_statut->setCode(a.anonyme.statutSocial);
    m_residence->setCommune(a.anonyme.communeResidence);
    m_deja->setCode(a.anonyme.dejaAccompagne.has_value()
            ? QString::fromLatin1(*a.anonyme.dejaAccompagne ? "oui" : "non")
            : QString());

    m_titre->setText(a.titreAtelier);
    setCheckedCode(m_niveau, a.niveauAtelier);
    m_participants->setSelected(a.participants);
    m_total->setValue(a.participantsAnonymes.total);
    m_dejaTotal->setValue(a.participantsAnonymes.dejaAccompagne);
    for (auto [spins, counts] : {std::pair{&m_genreCounts, &a.participantsAnonymes.genre},
             std::pair{&m_trancheCounts, &a.participantsAnonymes.trancheAge},
             std::pair{&m_statutCounts, &a.participantsAnonymes.statutSocial}}) {
        for (auto it = spins->cbegin(); it != spins->cend(); ++it)
            it.value()->setValue(counts->value(it.key()));
    }
    m_loading = false;

    m_title->setText(
        editing ? tr("Modifier le CRA du %1").arg(a.date.toString(QStringLiteral("dd/MM/yyyy"))) : tr("Nouveau CRA"));
    m_delete->setVisible(editing);
    showErrors({});
    updateDurationButtons();
    updateVisibility();
    updateCounterChecks();
}

void CraForm::startNew()
{
    if (settleUnsaved(false))
        startNewUnchecked();
}

void CraForm::startNewUnchecked()
{
    removeOwnDraft();
    const Activity fresh = defaults();
    load(fresh, false, fresh);
    rebuildCustomDurations();
    showStatus(QString());
    m_duree->setFocus(Qt::OtherFocusReason);
}

bool CraForm::editActivity(const QUuid &id)
{
    const std::optional<Activity> stored = m_store.activity(id);
    if (!stored || stored->isDeleted() || !settleUnsaved(false))
        return false;
    removeOwnDraft();
    load(*stored, true, *stored);
    rebuildCustomDurations();
    showStatus(QString());
    m_duree->setFocus(Qt::OtherFocusReason);
    return true;
}

void CraForm::startDuplicate(const QUuid &id)
{
    const std::optional<Activity> source = m_store.activity(id);
    if (!source) {
        showStatus(tr("Ce CRA est introuvable : il n'a pas pu être dupliqué."));
        return;
    }
    if (settleUnsaved(false))
        startDuplicateUnchecked(*source);
}

void CraForm::startDuplicateUnchecked(const Activity &source)
{
    removeOwnDraft();
    Activity copy = source;
    copy.id = QUuid::createUuid();
    copy.date = m_store.clock().today();
    copy.creation = QDateTime();
    copy.modification = QDateTime();
    copy.suppression = QDateTime();
    copy.syncState = SyncState::Pending;
    copy.serverVersion.clear();
    Activity blank = defaults();
    blank.id = copy.id;
    load(copy, false, blank);
    rebuildCustomDurations();
    m_draftTimer.start();
    m_duree->setFocus(Qt::OtherFocusReason);
}

void CraForm::repeatLast()
{
    std::optional<Activity> last;
    if (!m_lastSavedId.isNull())
        last = m_store.activity(m_lastSavedId);
    if (!last || last->isDeleted())
        last = FormDefaults(m_store).lastSavedActivity();
    if (!last) {
        showStatus(tr("Aucun CRA enregistré à refaire."));
        return;
    }
    if (!settleUnsaved(false))
        return;
    startDuplicateUnchecked(*last);
    showStatus(tr("Copie du CRA du %1, datée d'aujourd'hui : vérifiez puis enregistrez.")
                   .arg(last->date.toString(QStringLiteral("dd/MM/yyyy"))));
}

bool CraForm::hasUnsavedChanges() const
{
    return !currentActivity().sameContent(m_baseline);
}

bool CraForm::confirmLeave()
{
    return settleUnsaved(true);
}

void CraForm::setLeaveQuestion(LeaveQuestion question)
{
    m_leaveQuestion = std::move(question);
}

QMessageBox::StandardButton CraForm::askLeave()
{
    if (m_leaveQuestion)
        return m_leaveQuestion();
    QMessageBox box(QMessageBox::Question, tr("CRA non enregistré"), tr("Le CRA en cours n'est pas enregistré."),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(tr("Enregistrez-le, abandonnez ce qui a été saisi, ou annulez pour continuer la saisie."));
    box.button(QMessageBox::Save)->setText(tr("&Enregistrer"));
    box.button(QMessageBox::Discard)->setText(tr("A&bandonner"));
    box.button(QMessageBox::Cancel)->setText(tr("Annuler"));
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    return static_cast<QMessageBox::StandardButton>(box.exec());
}

// True when the caller may replace what the form holds: nothing unsaved, or saved, or abandoned (reverted when
// revertOnDiscard; otherwise the caller replaces it and removes the draft).
bool CraForm::settleUnsaved(bool revertOnDiscard)
{
    if (!hasUnsavedChanges())
        return true;
    switch (askLeave()) {
    case QMessageBox::Save:
        return save(); // a refused save shows why, focuses the field, and keeps the form as it is
    case QMessageBox::Discard:
        if (revertOnDiscard)
            discardChanges();
        return true;
    default:
        return false;
    }
}

void CraForm::discardChanges()
{
    removeOwnDraft(); // an offered draft, not yet answered, is not this form's: it stays on disk
    if (m_editing)
        load(m_baseline, true, m_baseline);
    else
        startNewUnchecked();
}

// ---------------------------------------------------------------------------------------------------------------
// Reacting

void CraForm::updateVisibility()
{
    const bool collectif = m_collectif->isChecked();
    m_individualBox->setVisible(!collectif);
    m_collectiveBox->setVisible(collectif);
    const QString typeLieu = m_typeLieu->code();
    const bool atPlace = typeLieu == QLatin1String("lieu_activite");
    const bool remote = typeLieu == QLatin1String("a_distance");
    m_placeLabel->setVisible(atPlace);
    m_place->setVisible(atPlace);
    m_lieuCommuneLabel->setVisible(!atPlace && !remote);
    m_lieuCommune->setVisible(!atPlace && !remote);
    m_distanceNote->setVisible(remote);
    m_distanceNote->setText(m_distanceCommune.isEmpty()
            ? tr("À distance : commune de la structure non renseignée (Paramètres).")
            : tr("À distance : commune de la structure, %1.").arg(CommuneEdit::display(m_distanceCommune)));
    m_demarcheBox->setVisible(m_thematiques->isChecked(QLatin1String(Nomenclature::AideDemarches)));
    m_structureBox->setVisible(m_orienteOui->isChecked());
    m_anonBox->setVisible(!m_suivi->isChecked());
    m_beneficiaire->setVisible(m_suivi->isChecked());
}

void CraForm::updateCounterChecks()
{
    const int total = m_total->value();
    auto describe = [total](int value) -> QString {
        if (total == 0 && value == 0)
            return {};
        if (value > total)
            return tr("⚠ %1 sur %2 : dépasse le nombre de participants anonymes").arg(value).arg(total);
        if (value == total)
            return tr("✓ %1 sur %2").arg(value).arg(total);
        return tr("%1 sur %2 (%3 non communiqués)").arg(value).arg(total).arg(total - value);
    };
    m_dejaCheck->setText(describe(m_dejaTotal->value()));
    m_genreCheck->setText(describe(sum(m_genreCounts)));
    m_trancheCheck->setText(describe(sum(m_trancheCounts)));
    m_statutCheck->setText(describe(sum(m_statutCounts)));
}

void CraForm::onChanged()
{
    if (m_loading)
        return;
    updateVisibility();
    updateCounterChecks();
    if (!m_status->text().isEmpty() && !m_status->property("sticky").toBool())
        showStatus(QString());
    if (!m_draftPending)
        m_draftTimer.start();
}

void CraForm::showErrors(const ValidationErrors &errors)
{
    QHash<FieldError *, QStringList> byMessage;
    QStringList general;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        byMessage.insert(it.value().message, {});
    for (const ValidationError &e : errors) {
        const auto it = m_fields.constFind(e.field);
        if (it == m_fields.cend())
            general.append(e.message);
        else if (!byMessage[it->message].contains(e.message))
            byMessage[it->message].append(e.message);
    }
    for (auto it = byMessage.cbegin(); it != byMessage.cend(); ++it)
        it.key()->setMessages(it.value());
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        if (it->focus)
            it->focus->setAccessibleDescription(Validator::messagesFor(errors, it.key()).join(QLatin1Char(' ')));
    }
    if (!general.isEmpty())
        showStatus(general.join(QLatin1Char('\n')));
}

void CraForm::showStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setAccessibleName(text);
    m_status->setProperty("sticky", false);
}

bool CraForm::save()
{
    const Activity a = currentActivity();
    ValidationErrors errors = Validator::validate(a, m_store.clock().today());
    // "Bénéficiaire suivi" with nobody picked would be saved as an anonymous person with nothing known about them.
    if (a.isIndividuel() && m_suivi->isChecked() && a.beneficiaireId.isNull())
        errors.append({QStringLiteral("beneficiaire"), tr("Choisissez la personne suivie, ou cochez « Anonyme ».")});
    showErrors(errors);
    if (!errors.isEmpty()) {
        for (const QString &key : std::as_const(m_fieldOrder)) {
            if (Validator::messagesFor(errors, key).isEmpty())
                continue;
            QWidget *focus = m_fields.value(key).focus;
            if (focus && focus->isVisibleTo(this)) {
                m_scroll->ensureWidgetVisible(focus);
                focus->setFocus(Qt::OtherFocusReason);
                break;
            }
        }
        showStatus(tr("Le CRA n'est pas enregistré : %1.")
                       .arg(errors.size() == 1 ? tr("corrigez le champ signalé")
                                               : tr("corrigez les %1 champs signalés").arg(errors.size())));
        m_status->setProperty("sticky", true);
        return false;
    }
    Activity stored = a;
    QString error;
    if (!m_store.saveActivity(stored, &error)) {
        showStatus(tr("Le CRA n'a pas pu être enregistré, rien n'est perdu : %1").arg(error));
        m_status->setProperty("sticky", true);
        return false;
    }
    // The draft on disk is this CRA's, unless an older one is offered and not yet answered: that one stays.
    m_draftTimer.stop();
    if (!m_draftPending) {
        QString draftError;
        if (!m_drafts.discard(&draftError))
            qWarning("%s", qPrintable(draftError));
    }
    m_ownDraft = false;
    m_lastSavedId = stored.id;
    load(stored, true, stored);
    rebuildCustomDurations();
    showStatus(tr("CRA du %1 enregistré.").arg(stored.date.toString(QStringLiteral("dd/MM/yyyy"))));
    emit saved(stored.id);
    return true;
}

void CraForm::saveAndNew()
{
    if (!save())
        return;
    const QString message = m_status->text();
    startNewUnchecked();
    showStatus(message);
}

void CraForm::writeDraft()
{
    if (m_draftPending)
        return;
    if (!hasUnsavedChanges()) {
        removeOwnDraft();
        return;
    }
    Draft draft;
    draft.activity = currentActivity();
    draft.savedAt = m_store.clock().nowUtc();
    draft.editing = m_editing;
    QString error;
    if (m_drafts.save(draft, &error)) {
        m_ownDraft = true;
    } else {
        showStatus(error);
        m_status->setProperty("sticky", true);
    }
}

void CraForm::removeOwnDraft()
{
    m_draftTimer.stop();
    if (!m_ownDraft)
        return;
    QString error;
    if (!m_drafts.discard(&error))
        qWarning("%s", qPrintable(error));
    m_ownDraft = false;
}

bool CraForm::restoreDraftIfAny()
{
    QString error;
    const std::optional<Draft> draft = m_drafts.load(&error);
    if (!draft) {
        if (!error.isEmpty()) {
            showStatus(error);
            m_status->setProperty("sticky", true);
        }
        return false;
    }
    m_foundDraft = draft;
    m_draftPending = true;
    m_ownDraft = false; // the draft on disk is now the one offered, kept until answered
    m_draftTimer.stop();
    const QDateTime local = draft->savedAt.isValid() ? draft->savedAt.toLocalTime() : QDateTime();
    const QString when = local.isValid()
        ? tr("%1 à %2").arg(local.toString(QStringLiteral("dd/MM/yyyy")), local.toString(QStringLiteral("HH:mm")))
        : draft->activity.date.toString(QStringLiteral("dd/MM/yyyy"));
    m_bannerText->setText(tr("Un CRA non enregistré du %1 a été retrouvé.").arg(when));
    m_bannerText->setAccessibleName(m_bannerText->text());
    m_banner->setVisible(true);
    m_resume->setFocus(Qt::OtherFocusReason); // Entrée resumes
    return true;
}

void CraForm::askDelete()
{
    if (!m_editing)
        return;
    QMessageBox box(QMessageBox::Question, tr("Supprimer le CRA"),
        tr("Supprimer le CRA du %1 ? Vous pourrez annuler la suppression avec Ctrl+Z.")
            .arg(m_baseline.date.toString(QStringLiteral("dd/MM/yyyy"))),
        QMessageBox::NoButton, this);
    QPushButton *confirm = box.addButton(tr("Supprimer"), QMessageBox::DestructiveRole);
    QPushButton *cancel = box.addButton(tr("Annuler"), QMessageBox::RejectRole);
    box.setDefaultButton(cancel);
    box.setEscapeButton(cancel);
    box.exec();
    if (box.clickedButton() != confirm)
        return;

    const QUuid id = m_id;
    QPointer<CraForm> self(this);
    const auto failed = std::make_shared<bool>(false);
    auto onError = [self, failed](const QString &message) {
        *failed = true;
        if (self) {
            self->showStatus(tr("La suppression a échoué : %1").arg(message));
            self->m_status->setProperty("sticky", true);
        }
    };
    auto *command = new DeleteActivitiesCommand(m_store, {id}, {}, onError);
    if (m_undoStack) {
        m_undoStack->push(command); // runs redo(); a failed command is obsolete and dropped by the stack
    } else {
        command->redo();
        delete command;
    }
    if (*failed)
        return;
    removeOwnDraft();
    emit deleted(id);
    startNewUnchecked();
    showStatus(m_undoStack ? tr("CRA supprimé. Ctrl+Z pour annuler.") : tr("CRA supprimé."));
}
