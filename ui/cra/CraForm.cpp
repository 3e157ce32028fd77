#include "ui/cra/CraForm.h"

#include "ui/widgets/FrenchDialogs.h"

#include "models/domain/Beneficiary.h"
#include "models/domain/Codes.h"
#include "models/domain/Nomenclature.h"
#include "models/store/FormDefaults.h"
#include "models/store/Store.h"
#include "ui/activities/DeleteActivitiesCommand.h"
#include "ui/cra/CommonSection.h"
#include "ui/cra/DateEdit.h"
#include "ui/cra/IndividualSection.h"
#include "ui/cra/TagsNotesSection.h"
#include "ui/cra/UndoSaveCommand.h"
#include "ui/cra/WorkshopSection.h"
#include "ui/widgets/FieldError.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

CraForm::CraForm(Store &store, QUndoStack *undoStack, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_undoStack(undoStack)
    , m_drafts(store, [this]() -> std::optional<Draft> {
        if (!hasUnsavedChanges())
            return std::nullopt;
        Draft draft;
        draft.activity = currentActivity();
        draft.editing = m_editing;
        if (!draft.activity.date.isValid())
            draft.dateText = m_common->dateEdit()->text();
        return draft;
    })
{
    setObjectName(QStringLiteral("craForm"));
    connect(&m_drafts, &DraftController::writeFailed, this, [this](const QString &error) { showStatus(error, true); });
    buildUi();
    if (m_store.isReadOnly()) {
        // Nothing can be written: the buttons that would write say why instead.
        for (QPushButton *button : {m_save, m_delete}) {
            button->setEnabled(false);
            button->setToolTip(m_store.readOnlyReason());
        }
    }
    startNewUnchecked();
}

CraForm::~CraForm()
{
    // A window closed while typing keeps its draft.
    m_drafts.flush();
}

// ---------------------------------------------------------------------------------------------------------------
// Building the widgets

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

    // What the form holds, when it is not a fresh CRA: the CRA being modified, or the one just saved.
    m_noticeBar = new QFrame(this);
    m_noticeBar->setObjectName(QStringLiteral("formNotice"));
    m_noticeBar->setFrameShape(QFrame::StyledPanel);
    m_noticeBar->setBackgroundRole(QPalette::AlternateBase);
    m_noticeBar->setAutoFillBackground(true);
    auto *noticeLayout = new QHBoxLayout(m_noticeBar);
    noticeLayout->setContentsMargins(8, 4, 8, 4);
    m_noticeText = new QLabel(m_noticeBar);
    m_noticeText->setObjectName(QStringLiteral("formNoticeText"));
    m_noticeText->setWordWrap(true);
    m_noticeText->setTextFormat(Qt::PlainText);
    m_reopen = new QPushButton(tr("Rouvrir"), m_noticeBar);
    m_reopen->setObjectName(QStringLiteral("reopenSaved"));
    m_reopen->setAccessibleName(tr("Rouvrir le CRA enregistré"));
    m_reopen->setAutoDefault(true);
    m_backToList = new QPushButton(tr("Retour à la liste"), m_noticeBar);
    m_backToList->setObjectName(QStringLiteral("backToList"));
    m_backToList->setAccessibleName(tr("Retour à la liste, sans modifier ce CRA"));
    m_backToList->setToolTip(tr("Quitter la modification (Échap)"));
    m_backToList->setAutoDefault(true);
    noticeLayout->addWidget(m_noticeText, 1);
    noticeLayout->addWidget(m_reopen);
    noticeLayout->addWidget(m_backToList);
    m_noticeBar->setVisible(false);
    root->addWidget(m_noticeBar);

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
    m_common = new CommonSection(m_store);
    columns->addWidget(m_common, 1);
    auto *right = new QWidget(content);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_common->demarcheBox());
    m_individual = new IndividualSection(m_store);
    rightLayout->addWidget(m_individual);
    m_workshop = new WorkshopSection(m_store);
    rightLayout->addWidget(m_workshop);
    m_tagsNotes = new TagsNotesSection;
    rightLayout->addWidget(m_tagsNotes);
    rightLayout->addStretch(1);
    columns->addWidget(right, 1);
    m_scroll->setWidget(content);
    root->addWidget(m_scroll, 1);
    m_sections = {m_common, m_individual, m_workshop, m_tagsNotes};
    for (CraSection *section : std::as_const(m_sections)) {
        connect(section, &CraSection::changed, this, &CraForm::onChanged);
        for (const CraSection::Message &message : section->messages()) {
            m_fields.insert(message.key, message);
            m_fieldOrder.append(message.key);
        }
    }
    m_individual->setActivityDate(m_common->date());
    connect(m_common, &CommonSection::dateChanged, m_individual, &IndividualSection::setActivityDate);

    auto *buttons = new QHBoxLayout;
    m_save = new QPushButton(tr("&Enregistrer"), this);
    m_save->setObjectName(QStringLiteral("save"));
    m_save->setToolTip(tr("Enregistrer le CRA (Ctrl+Entrée)"));
    m_save->setAccessibleName(tr("Enregistrer"));
    m_repeat = new QPushButton(tr("&Refaire la même"), this);
    m_repeat->setObjectName(QStringLiteral("repeatLast"));
    m_repeat->setAccessibleName(tr("Refaire la même"));
    m_repeat->setToolTip(tr("Un nouveau CRA, copie du dernier enregistré, daté d'aujourd'hui"));
    m_delete = new QPushButton(tr("Su&pprimer"), this);
    m_delete->setObjectName(QStringLiteral("delete"));
    m_delete->setAccessibleName(tr("Supprimer ce CRA"));
    buttons->addWidget(m_save);
    buttons->addWidget(m_repeat);
    buttons->addStretch(1);
    buttons->addWidget(m_delete);
    root->addLayout(buttons);

    connect(m_save, &QPushButton::clicked, this, &CraForm::save);
    connect(m_repeat, &QPushButton::clicked, this, &CraForm::repeatLast);
    connect(m_delete, &QPushButton::clicked, this, &CraForm::askDelete);
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &CraForm::save);
    }
    m_escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    m_escape->setContext(Qt::WidgetWithChildrenShortcut);
    m_escape->setEnabled(false);
    connect(m_escape, &QShortcut::activated, this, &CraForm::leaveEditing);
    connect(m_reopen, &QPushButton::clicked, this, &CraForm::reopenSaved);
    connect(m_backToList, &QPushButton::clicked, this, &CraForm::leaveEditing);
    connect(m_resume, &QPushButton::clicked, this, &CraForm::resumeDraft);
    connect(m_abandon, &QPushButton::clicked, this, &CraForm::abandonDraft);

    applyTabOrder();
}

void CraForm::applyTabOrder()
{
    QList<QWidget *> chain{m_resume, m_abandon, m_reopen, m_backToList};
    for (const CraSection *section : std::as_const(m_sections))
        chain += section->tabChain();
    chain << m_save << m_repeat << m_delete;
    for (int i = 0; i + 1 < chain.size(); ++i)
        setTabOrder(chain.at(i), chain.at(i + 1));
}

// ---------------------------------------------------------------------------------------------------------------
// Values

Activity CraForm::currentActivity() const
{
    Activity a;
    a.id = m_id;
    for (const CraSection *section : m_sections)
        section->apply(a);
    if (m_editing) {
        a.creation = m_baseline.creation;
        a.modification = m_baseline.modification;
        // An edit keeps where the activity comes from, the key that recognises it on a later import and the version
        // the platform has: the form has no field for them, and an imported activity stays imported.
        a.source = m_baseline.source;
        a.importKey = m_baseline.importKey;
        a.serverVersion = m_baseline.serverVersion;
    }
    return a;
}

Activity CraForm::defaults() const
{
    const FormDefaults history(m_store);
    Activity a;
    a.id = QUuid::createUuid();
    const QString type = history.lastUsedType();
    a.type = type.isEmpty() ? QLatin1String(Codes::TypeActivite::Individuel) : type;
    a.date = m_store.clock().today();

    const QList<Place> places = m_store.places(false);
    QString typeLieu = history.lastUsedTypeLieu();
    if (!Nomenclature::instance().contains(Nomenclature::List::TypeLieu, typeLieu))
        typeLieu = places.isEmpty() ? QString::fromLatin1(Codes::TypeLieu::ADistance)
                                    : QString::fromLatin1(Codes::TypeLieu::LieuActivite);
    if (typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite) && places.isEmpty())
        typeLieu = QString::fromLatin1(Codes::TypeLieu::ADistance);
    a.typeLieu = typeLieu;
    if (typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite)) {
        const QUuid last = history.lastUsedPlaceId();
        const bool active = std::any_of(places.cbegin(), places.cend(), [&](const Place &p) { return p.id == last; });
        a.lieuId = active ? last : places.first().id;
    } else if (typeLieu == QLatin1String(Codes::TypeLieu::ADistance)) {
        a.lieuCommune = m_store.profile().structure.commune;
    }
    return a;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

void CraForm::refreshChoices()
{
    const bool loading = m_loading;
    m_loading = true; // not a change of the CRA
    for (CraSection *section : std::as_const(m_sections))
        section->refreshChoices();
    m_loading = loading;
}

void CraForm::rebuildCustomDurations()
{
    m_common->durationEdit()->setUsualDurations(
        FormDefaults(m_store).mostUsedCustomDurations(DurationEdit::UsualButtons));
}

void CraForm::load(const Activity &a, bool editing, const Activity &baseline)
{
    m_loading = true;
    const bool wasEditing = m_editing;
    m_id = a.id;
    m_editing = editing;
    m_baseline = baseline;
    for (CraSection *section : std::as_const(m_sections))
        section->load(a);
    m_loading = false;

    m_title->setText(
        editing ? tr("Modifier le CRA du %1").arg(a.date.toString(QStringLiteral("dd/MM/yyyy"))) : tr("Nouveau CRA"));
    m_delete->setVisible(editing);
    showErrors({});
    m_errorsShown = false;
    updateDisplay();
    updateNotice();
    if (wasEditing != editing)
        emit editingChanged(editing);
}

void CraForm::updateNotice()
{
    const QString day = (m_editing ? m_baseline.date : m_noticeDate).toString(QStringLiteral("dd/MM/yyyy"));
    QString text;
    if (m_editing)
        text = tr("Modification du CRA du %1. Échap ou « Retour à la liste » pour en sortir.").arg(day);
    else if (m_notice == Notice::Saved)
        text = m_undoStack ? tr("CRA du %1 enregistré. Ctrl+Z pour annuler l'enregistrement.").arg(day)
                           : tr("CRA du %1 enregistré.").arg(day);
    else if (m_notice == Notice::Modified)
        text = tr("CRA du %1 modifié.").arg(day);
    else if (m_notice == Notice::Undone)
        text = tr("Enregistrement du CRA du %1 annulé : il est supprimé (Ctrl+Maj+Z pour le rétablir).").arg(day);
    m_noticeText->setText(text);
    m_noticeText->setAccessibleName(text);
    m_noticeBar->setVisible(!text.isEmpty());
    m_reopen->setVisible(!m_editing && (m_notice == Notice::Saved || m_notice == Notice::Modified));
    m_backToList->setVisible(m_editing);
    m_escape->setEnabled(m_editing);
}

bool CraForm::leaveEditing()
{
    if (!m_editing || !settleUnsaved(false))
        return false;
    startNewUnchecked();
    emit listRequested();
    return true;
}

bool CraForm::reopenSaved()
{
    if (m_noticeId.isNull() || !editActivity(m_noticeId))
        return false;
    m_notice = Notice::None;
    updateNotice();
    return true;
}

void CraForm::startNew()
{
    if (settleUnsaved(false))
        startNewUnchecked();
}

void CraForm::startNewUnchecked()
{
    m_drafts.removeOwn();
    const Activity fresh = defaults();
    load(fresh, false, fresh);
    rebuildCustomDurations();
    showStatus(QString());
    focusDuration();
}

bool CraForm::editActivity(const QUuid &id)
{
    const std::optional<Activity> stored = m_store.activity(id);
    if (!stored || stored->isDeleted() || !settleUnsaved(false))
        return false;
    m_drafts.removeOwn();
    m_notice = Notice::None;
    load(*stored, true, *stored);
    rebuildCustomDurations();
    showStatus(QString());
    focusDuration();
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
    m_drafts.removeOwn();
    Activity copy = source;
    copy.id = QUuid::createUuid();
    copy.date = m_store.clock().today();
    copy.creation = QDateTime();
    copy.modification = QDateTime();
    copy.suppression = QDateTime();
    copy.syncState = SyncState::Pending;
    copy.serverVersion.clear();
    // A new activity, typed in Carnet: not the import it was copied from.
    copy.source = QLatin1String(ActivitySource::Carnet);
    copy.importKey.clear();
    // A deleted (anonymised) beneficiary is not named again by a new CRA: the copy leaves them out, and says so.
    const auto deleted = [this](const QUuid &id) {
        const std::optional<Beneficiary> b = m_store.beneficiary(id);
        return b && b->isDeleted();
    };
    int left = 0;
    if (!copy.beneficiaireId.isNull() && deleted(copy.beneficiaireId)) {
        copy.beneficiaireId = QUuid();
        ++left;
    }
    left += static_cast<int>(copy.participants.removeIf(deleted));
    Activity blank = defaults();
    blank.id = copy.id;
    load(copy, false, blank);
    rebuildCustomDurations();
    m_drafts.schedule();
    // The date changes: said, never silent.
    QString status = tr("Copie du CRA du %1, datée d'aujourd'hui : vérifiez puis enregistrez.")
                         .arg(source.date.toString(QStringLiteral("dd/MM/yyyy")));
    if (left > 0)
        status += QLatin1Char(' ')
            + (left == 1 ? tr("Le bénéficiaire supprimé n'est pas repris.")
                         : tr("Les %1 bénéficiaires supprimés ne sont pas repris.").arg(left));
    showStatus(status);
    focusDuration();
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
    m_drafts.removeOwn(); // an offered draft, not yet answered, is not this form's: it stays on disk
    if (m_editing)
        load(m_baseline, true, m_baseline);
    else
        startNewUnchecked();
}

// ---------------------------------------------------------------------------------------------------------------
// Reacting

void CraForm::updateDisplay()
{
    const bool collectif = m_common->isCollectif();
    m_individual->setVisible(!collectif);
    m_workshop->setVisible(collectif);
    for (CraSection *section : std::as_const(m_sections))
        section->updateDisplay();
}

void CraForm::onChanged()
{
    if (m_loading)
        return;
    updateDisplay();
    if (m_errorsShown)
        refreshShownErrors();
    if (!m_status->text().isEmpty() && !m_status->property("sticky").toBool())
        showStatus(QString());
    m_drafts.schedule();
}

void CraForm::focusDuration()
{
    m_common->durationEdit()->lineEdit()->setFocus(Qt::OtherFocusReason);
}

void CraForm::showErrors(const ValidationErrors &errors)
{
    QHash<FieldError *, QStringList> byError;
    QStringList general;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it)
        byError.insert(it->error, {});
    for (const ValidationError &e : errors) {
        const auto it = m_fields.constFind(e.field);
        if (it == m_fields.cend())
            general.append(e.message);
        else if (!byError[it->error].contains(e.message))
            byError[it->error].append(e.message);
    }
    for (auto it = byError.cbegin(); it != byError.cend(); ++it)
        it.key()->setMessages(it.value());
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        if (it->focus)
            it->focus->setAccessibleDescription(Validator::messagesFor(errors, it.key()).join(QLatin1Char(' ')));
    }
    if (!general.isEmpty())
        showStatus(general.join(QLatin1Char('\n')));
}

void CraForm::showStatus(const QString &text, bool sticky)
{
    m_status->setText(text);
    m_status->setAccessibleName(text);
    m_status->setProperty("sticky", sticky);
}

namespace {
void replaceField(ValidationErrors &errors, const QString &field, const QString &message)
{
    errors.erase(
        std::remove_if(errors.begin(), errors.end(), [&](const ValidationError &e) { return e.field == field; }),
        errors.end());
    errors.append({field, message});
}
} // namespace

ValidationErrors CraForm::errors(const Activity &a) const
{
    ValidationErrors errors = Validator::validate(a, m_store.clock().today());
    // "Bénéficiaire suivi" with nobody picked would be saved as an anonymous person with nothing known about them.
    if (a.isIndividuel() && m_individual->isFollowed() && a.beneficiaireId.isNull())
        errors.append({QStringLiteral("beneficiaire"), tr("Choisissez la personne suivie, ou cochez « Anonyme ».")});
    const QString dateText = m_common->dateEdit()->text().trimmed();
    if (!dateText.isEmpty() && !a.date.isValid())
        replaceField(errors, QStringLiteral("date"),
            tr("Date non comprise : « %1 ». Tapez le jour, le mois et l'année, par exemple 01/12/2026 ou 01122026.")
                .arg(dateText));
    const DurationEdit *duration = m_common->durationEdit();
    if (duration->isUnreadable())
        replaceField(errors, QStringLiteral("duree"),
            tr("Durée non comprise : « %1 ». Tapez des minutes (45) ou des heures et des minutes (1h30 ou 1:30).")
                .arg(duration->lineEdit()->text().trimmed()));
    else if (duration->lineEdit()->text().trimmed().isEmpty())
        replaceField(errors, QStringLiteral("duree"), tr("Veuillez renseigner la durée, par exemple 45 ou 1h30."));
    // The platform's place rule: a remote CRA takes the commune of the employing structure.
    if (a.typeLieu == QLatin1String(Codes::TypeLieu::ADistance) && a.lieuCommune.isEmpty())
        errors.append({QStringLiteral("typeLieu"),
            tr("À distance, le CRA prend la commune de votre structure employeuse, qui n'est pas renseignée : "
               "indiquez-la dans Paramètres, ou choisissez un autre type de lieu.")});
    return errors;
}

void CraForm::refreshShownErrors()
{
    // A message goes as soon as its field is fixed; no new one appears before the next save.
    ValidationErrors kept;
    for (const ValidationError &e : errors(currentActivity())) {
        const auto it = m_fields.constFind(e.field);
        if (it != m_fields.cend() && !it->error->message().isEmpty())
            kept.append(e);
    }
    showErrors(kept);
    m_errorsShown = !kept.isEmpty();
    if (!m_errorsShown && m_status->property("sticky").toBool())
        showStatus(QString());
}

bool CraForm::save()
{
    // A base opened read-only takes nothing: say why before any field is asked for.
    if (m_store.isReadOnly()) {
        showStatus(tr("Le CRA n'est pas enregistré : %1").arg(m_store.readOnlyReason()), true);
        return false;
    }
    const Activity a = currentActivity();
    const ValidationErrors errors = this->errors(a);
    showErrors(errors);
    m_errorsShown = !errors.isEmpty();
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
                                               : tr("corrigez les %1 champs signalés").arg(errors.size())),
            true);
        return false;
    }
    // Opened before a sync brought another computer's version of it: saying so, never replacing it in silence.
    if (m_editing) {
        const std::optional<Activity> now = m_store.activity(a.id);
        if (now && now->serverVersion != m_baseline.serverVersion && !now->sameContent(m_baseline)
            && !FrenchDialogs::confirm(this, tr("CRA modifié ailleurs"),
                tr("Ce CRA a été modifié sur un autre ordinateur pendant que vous l'aviez ouvert (la synchronisation "
                   "vient d'apporter cette version). Enregistrer le vôtre remplacera l'autre version. Pour les "
                   "comparer, annulez, puis rouvrez le CRA."),
                tr("&Enregistrer le mien"))) {
            showStatus(tr("Le CRA n'est pas enregistré : rouvrez-le pour voir la version reçue."), true);
            return false;
        }
    }
    Activity stored = a;
    QString error;
    if (!m_store.saveActivity(stored, &error)) {
        showStatus(tr("Le CRA n'a pas pu être enregistré, rien n'est perdu : %1").arg(error), true);
        return false;
    }
    m_drafts.removeAfterSave();
    m_lastSavedId = stored.id;
    const bool modified = m_editing;
    m_notice = modified ? Notice::Modified : Notice::Saved;
    m_noticeId = stored.id;
    m_noticeDate = stored.date;
    if (!modified && m_undoStack) {
        QPointer<CraForm> self(this);
        const QUuid id = stored.id;
        const QString date = stored.date.toString(QStringLiteral("dd/MM/yyyy"));
        // Every undo or redo of a save is said: on the banner when it is this save's, on the status line otherwise.
        auto onChanged = [self, id, date](bool kept) {
            if (!self)
                return;
            if (self->m_noticeId == id && !self->m_editing) {
                self->m_notice = kept ? Notice::Saved : Notice::Undone;
                self->updateNotice();
                return;
            }
            self->showStatus(kept
                    ? tr("Le CRA du %1 est rétabli.").arg(date)
                    : tr("Enregistrement du CRA du %1 annulé : il est supprimé (Ctrl+Maj+Z le rétablit).").arg(date),
                true);
        };
        auto onError = [self](const QString &message) {
            if (self)
                self->showStatus(tr("Annulation impossible : %1").arg(message), true);
        };
        // Never while the form has that CRA open: what is being changed there would go with it.
        auto refusal = [self, id, date]() -> QString {
            if (self && self->m_editing && self->currentActivity().id == id)
                return tr("le CRA du %1 est ouvert pour modification.").arg(date);
            return QString();
        };
        m_undoStack->push(
            new UndoSaveCommand(m_store, id, stored.date, stored.modification, onChanged, onError, refusal));
    }
    // Ready for the next CRA: what was typed is stored, and the banner says so.
    startNewUnchecked();
    emit saved(stored.id);
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
// The draft

bool CraForm::restoreDraftIfAny()
{
    QString error;
    if (!m_drafts.offer(&error)) {
        if (!error.isEmpty())
            showStatus(error, true);
        return false;
    }
    const Draft &draft = *m_drafts.offered();
    const QDateTime local = draft.savedAt.isValid() ? draft.savedAt.toLocalTime() : QDateTime();
    const QString when = local.isValid()
        ? tr("%1 à %2").arg(local.toString(QStringLiteral("dd/MM/yyyy")), local.toString(QStringLiteral("HH:mm")))
        : draft.activity.date.toString(QStringLiteral("dd/MM/yyyy"));
    m_bannerText->setText(tr("Un CRA non enregistré du %1 a été retrouvé.").arg(when));
    m_bannerText->setAccessibleName(m_bannerText->text());
    m_banner->setVisible(true);
    m_resume->setFocus(Qt::OtherFocusReason);
    return true;
}

void CraForm::resumeDraft()
{
    if (!m_drafts.isOffering() || !settleUnsaved(false))
        return;
    const Draft draft = m_drafts.takeOffered();
    m_banner->setVisible(false);
    const std::optional<Activity> stored = draft.editing ? m_store.activity(draft.activity.id) : std::nullopt;
    if (stored && !stored->isDeleted()) {
        load(draft.activity, true, *stored);
    } else {
        Activity blank = defaults();
        blank.id = draft.activity.id;
        load(draft.activity, false, blank);
    }
    // A date that was not understood comes back as it was typed (the field says what is wrong), never as today.
    if (!draft.activity.date.isValid())
        m_common->dateEdit()->lineEdit()->setText(draft.dateText);
    showStatus(tr("CRA non enregistré repris."));
    focusDuration();
}

void CraForm::abandonDraft()
{
    QString error;
    if (!m_drafts.abandonOffered(&error))
        showStatus(error);
    m_banner->setVisible(false);
    if (hasUnsavedChanges())
        m_drafts.schedule();
    else if (restoreDraftIfAny())
        return; // a draft a crash left beside the abandoned one is offered in turn
    focusDuration();
}

// ---------------------------------------------------------------------------------------------------------------
// Deleting

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
        if (self)
            self->showStatus(tr("La suppression a échoué : %1").arg(message), true);
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
    m_drafts.removeOwn();
    emit deleted(id);
    startNewUnchecked();
    showStatus(m_undoStack ? tr("CRA supprimé. Ctrl+Z pour annuler.") : tr("CRA supprimé."));
}
