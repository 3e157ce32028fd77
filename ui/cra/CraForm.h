#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Validator.h"
#include "ui/cra/CraSection.h"
#include "ui/cra/DraftController.h"
#include "ui/cra/DurationEdit.h"

#include <QHash>
#include <QList>
#include <QMessageBox>
#include <QStringList>
#include <QWidget>

#include <functional>

class CommonSection;
class IndividualSection;
class QFrame;
class QLabel;
class QPushButton;
class QScrollArea;
class QShortcut;
class QUndoStack;
class Store;
class TagsNotesSection;
class WorkshopSection;

// "Nouveau CRA": one form for individual and collective activities, adapting to the type, with fast defaults (today,
// the last place and type used, duration presets and the mediator's usual durations), validation messages next to
// their fields, a draft written to disk as you type (restored after a crash), and an undoable deletion. The fields are
// in sections (CommonSection, IndividualSection, WorkshopSection, TagsNotesSection); the form loads and reads them,
// saves, and decides what happens to what is typed.
//
// Keyboard: the cursor starts in the duration; Alt+T goes to the thématiques, Alt+M to the matériel, Alt+A to the
// autonomy (then one key answers: its digit or an arrow); Ctrl+Entrée saves; Alt+R repeats the last CRA.
//
// A save leaves the form ready for the next CRA (cleared to the defaults), the saved one announced in a banner with
// "Rouvrir"; the save of a new CRA is undoable (Ctrl+Z, on the undo stack). Editing a stored CRA shows a banner
// "Modification du CRA du …" with "Retour à la liste"; Échap does the same (listRequested).
//
// Nothing typed is lost without asking: startNew, editActivity, startDuplicate and repeatLast first ask "Le CRA en
// cours n'est pas enregistré." (Enregistrer / Abandonner / Annuler) when the form holds unsaved changes.
class CraForm : public QWidget
{
    Q_OBJECT

public:
    static constexpr int DraftDelayMs = DraftController::DelayMs;

    CraForm(Store &store, QUndoStack *undoStack, QWidget *parent = nullptr);
    ~CraForm() override;

    // The answer to "Le CRA en cours n'est pas enregistré.": QMessageBox::Save, Discard or Cancel.
    using LeaveQuestion = std::function<QMessageBox::StandardButton()>;

    // Each of these four replaces what the form holds; with unsaved changes they ask first (confirmLeave) and do
    // nothing when the answer is Annuler, or Enregistrer on an invalid CRA (editActivity then returns false).
    void startNew();
    bool editActivity(const QUuid &id);
    // Échap or "Retour à la liste" while editing: asks first when the changes are not saved, then starts a new CRA and
    // emits listRequested(); false when there is nothing to leave or the answer is Annuler.
    bool leaveEditing();
    // "Rouvrir": edits the CRA the banner announces as saved.
    bool reopenSaved();
    void startDuplicate(const QUuid &id);
    void repeatLast();
    // Before leaving what the form holds: true at once without unsaved changes; otherwise asks, and returns true after
    // Enregistrer (when the CRA was valid and saved) or Abandonner (the changes are discarded, as discardChanges),
    // false after Annuler or a refused save (the form is left as it was, with the reason shown).
    bool confirmLeave();
    // Replaces the QMessageBox asked by confirmLeave (tests).
    void setLeaveQuestion(LeaveQuestion question);
    bool hasUnsavedChanges() const;
    // Offers the draft found on disk in a banner, its "Reprendre" button focused; true when a draft is offered.
    bool restoreDraftIfAny();
    // Forgets what was typed (back to what was last loaded or saved) and removes the form's own draft (a draft offered
    // and not yet answered stays on disk).
    void discardChanges();
    // Places or followed beneficiaries changed elsewhere: the lists follow, what is typed stays.
    void refreshChoices();

    // What the form holds now, as it would be saved.
    Activity currentActivity() const;
    bool isEditing() const { return m_editing; }
    // Saves when valid; otherwise shows the messages next to their fields and focuses the first one.
    bool save();

    // Everything that stops this CRA from being saved: the Validator's rules and the form's own (what is typed that
    // is no date or no duration, a followed beneficiary nobody picked, a remote CRA without the structure's commune).
    ValidationErrors errors(const Activity &activity) const;

signals:
    void saved(const QUuid &id);
    void deleted(const QUuid &id);
    // The form now holds a stored CRA (true) or a new one (false).
    void editingChanged(bool editing);
    // Échap or "Retour à la liste" while editing.
    void listRequested();

private:
    enum class Notice { None, Saved, Modified, Undone };

    void buildUi();
    void applyTabOrder();
    void updateNotice();
    void refreshShownErrors();

    void load(const Activity &activity, bool editing, const Activity &baseline);
    Activity defaults() const;
    void rebuildCustomDurations();
    void updateDisplay();
    void showErrors(const ValidationErrors &errors);
    // A sticky status stays until the next one; the others go at the next change.
    void showStatus(const QString &text, bool sticky = false);
    void focusDuration();
    void onChanged();
    void resumeDraft();
    void abandonDraft();
    void askDelete();
    void saveAndNew();
    // The public entry points without the question (after a save, a delete, or an answered question).
    void startNewUnchecked();
    void startDuplicateUnchecked(const Activity &source);
    QMessageBox::StandardButton askLeave();
    bool settleUnsaved(bool revertOnDiscard);

    Store &m_store;
    QUndoStack *m_undoStack;
    DraftController m_drafts;
    QUuid m_id;
    bool m_editing = false;
    bool m_loading = false;
    LeaveQuestion m_leaveQuestion;
    Activity m_baseline;
    QUuid m_lastSavedId;
    QList<CraSection *> m_sections; // in the order of the form
    QStringList m_fieldOrder;
    QHash<QString, CraSection::Message> m_fields;

    QShortcut *m_escape = nullptr;
    Notice m_notice = Notice::None;
    QUuid m_noticeId;
    QDate m_noticeDate;
    bool m_errorsShown = false;

    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_abandon = nullptr;
    QFrame *m_noticeBar = nullptr;
    QLabel *m_noticeText = nullptr;
    QPushButton *m_reopen = nullptr;
    QPushButton *m_backToList = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QScrollArea *m_scroll = nullptr;

    CommonSection *m_common = nullptr;
    IndividualSection *m_individual = nullptr;
    WorkshopSection *m_workshop = nullptr;
    TagsNotesSection *m_tagsNotes = nullptr;

    QPushButton *m_save = nullptr;
    QPushButton *m_saveNew = nullptr;
    QPushButton *m_repeat = nullptr;
    QPushButton *m_delete = nullptr;
};
