#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Validator.h"
#include "models/store/DraftStore.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QMessageBox>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <optional>

class BeneficiaryPicker;
class CodeChecklist;
class CodeCombo;
class CommuneEdit;
class FieldError;
class QAbstractButton;
class QButtonGroup;
class QComboBox;
class QDateEdit;
class QFrame;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QScrollArea;
class QSpinBox;
class QUndoStack;
class QVBoxLayout;
class Store;

// "Nouveau CRA": one form for individual and collective activities, adapting to the type, with fast defaults (today,
// the last place and type used, duration presets and the mediator's usual durations), thématiques and matériel picked
// by typing a few letters, validation messages next to their fields, a draft written to disk as you type (restored
// after a crash), and an undoable deletion.
//
// Keyboard: the cursor starts in the duration ("45" is 45 minutes, "1:30" or "1h30" one hour and a half); Alt+T goes
// to the thématiques, Alt+M to the matériel, Alt+A to the autonomy; Ctrl+Entrée saves; Alt+R repeats the last CRA.
//
// Nothing typed is lost without asking: startNew, editActivity, startDuplicate and repeatLast first ask "Le CRA en
// cours n'est pas enregistré." (Enregistrer / Abandonner / Annuler) when the form holds unsaved changes.
class CraForm : public QWidget
{
    Q_OBJECT

public:
    static constexpr int DraftDelayMs = 400;
    static constexpr int CustomDurationButtons = 3;

    CraForm(Store &store, QUndoStack *undoStack, QWidget *parent = nullptr);
    ~CraForm() override;

    // The answer to "Le CRA en cours n'est pas enregistré.": QMessageBox::Save, Discard or Cancel.
    using LeaveQuestion = std::function<QMessageBox::StandardButton()>;

    // Each of these four replaces what the form holds; with unsaved changes they ask first (confirmLeave) and do
    // nothing when the answer is Annuler, or Enregistrer on an invalid CRA (editActivity then returns false).
    void startNew();
    bool editActivity(const QUuid &id);
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

signals:
    void saved(const QUuid &id);
    void deleted(const QUuid &id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Field
    {
        FieldError *message = nullptr;
        QWidget *focus = nullptr;
    };

    void buildUi();
    QWidget *buildLeftColumn();
    QWidget *buildIndividualColumn();
    QWidget *buildCollectiveColumn();
    QWidget *buildCommonBottom();
    QLabel *fieldLabel(const QString &text, QWidget *buddy, QWidget *parent);
    FieldError *addMessage(QVBoxLayout *layout, const QStringList &keys, QWidget *focus);
    CodeCombo *codeCombo(int list, const QString &accessibleName, const QString &objectName, QWidget *parent);
    QList<QRadioButton *> codeRadios(int list, QButtonGroup *group, QWidget *parent);
    void applyTabOrder();

    void load(const Activity &activity, bool editing, const Activity &baseline);
    Activity defaults() const;
    void reloadPlaces(const QUuid &keep);
    void rebuildCustomDurations();
    void updateDurationButtons();
    void updateVisibility();
    void updateCounterChecks();
    void showErrors(const ValidationErrors &errors);
    void showStatus(const QString &text);
    void onChanged();
    void writeDraft();
    void removeOwnDraft();
    void askDelete();
    void saveAndNew();
    // The public entry points without the question (after a save, a delete, or an answered question).
    void startNewUnchecked();
    void startDuplicateUnchecked(const Activity &source);
    QMessageBox::StandardButton askLeave();
    bool settleUnsaved(bool revertOnDiscard);

    static QString checkedCode(const QButtonGroup *group);
    static void setCheckedCode(QButtonGroup *group, const QString &code);

    Store &m_store;
    QUndoStack *m_undoStack;
    DraftStore m_drafts;
    QTimer m_draftTimer;
    QUuid m_id;
    bool m_editing = false;
    bool m_loading = false;
    bool m_draftPending = false; // a draft from an earlier session is offered and not yet answered
    bool m_ownDraft = false; // this form wrote the draft on disk
    std::optional<Draft> m_foundDraft;
    LeaveQuestion m_leaveQuestion;
    Activity m_baseline;
    QUuid m_lastSavedId;
    CommuneRef m_distanceCommune;
    QList<QWidget *> m_tabChain;
    QStringList m_fieldOrder;
    QHash<QString, Field> m_fields;

    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_abandon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QScrollArea *m_scroll = nullptr;

    QRadioButton *m_individuel = nullptr;
    QRadioButton *m_collectif = nullptr;
    QDateEdit *m_date = nullptr;
    QPushButton *m_hier = nullptr;
    QLineEdit *m_duree = nullptr;
    QList<QPushButton *> m_presetButtons;
    QList<QPushButton *> m_customButtons;
    CodeCombo *m_typeLieu = nullptr;
    QLabel *m_placeLabel = nullptr;
    QComboBox *m_place = nullptr;
    QLabel *m_lieuCommuneLabel = nullptr;
    CommuneEdit *m_lieuCommune = nullptr;
    QLabel *m_distanceNote = nullptr;
    CodeChecklist *m_thematiques = nullptr;
    QWidget *m_demarcheBox = nullptr;
    CodeChecklist *m_demarches = nullptr;
    QLineEdit *m_precisions = nullptr;
    CodeChecklist *m_materiel = nullptr;

    QWidget *m_individualBox = nullptr;
    QButtonGroup *m_autonomie = nullptr;
    QButtonGroup *m_oriente = nullptr;
    QRadioButton *m_orienteOui = nullptr;
    QRadioButton *m_orienteNon = nullptr;
    QWidget *m_structureBox = nullptr;
    CodeCombo *m_structure = nullptr;
    QRadioButton *m_anonyme = nullptr;
    QRadioButton *m_suivi = nullptr;
    QWidget *m_anonBox = nullptr;
    CodeCombo *m_genre = nullptr;
    CodeCombo *m_tranche = nullptr;
    QLineEdit *m_annee = nullptr;
    CodeCombo *m_statut = nullptr;
    CommuneEdit *m_residence = nullptr;
    CodeCombo *m_deja = nullptr;
    BeneficiaryPicker *m_beneficiaire = nullptr;

    QWidget *m_collectiveBox = nullptr;
    QLineEdit *m_titre = nullptr;
    QButtonGroup *m_niveau = nullptr;
    BeneficiaryPicker *m_participants = nullptr;
    QSpinBox *m_total = nullptr;
    QSpinBox *m_dejaTotal = nullptr;
    QMap<QString, QSpinBox *> m_genreCounts;
    QMap<QString, QSpinBox *> m_trancheCounts;
    QMap<QString, QSpinBox *> m_statutCounts;
    QLabel *m_dejaCheck = nullptr;
    QLabel *m_genreCheck = nullptr;
    QLabel *m_trancheCheck = nullptr;
    QLabel *m_statutCheck = nullptr;

    QLineEdit *m_tags = nullptr;
    QPlainTextEdit *m_notes = nullptr;

    QPushButton *m_save = nullptr;
    QPushButton *m_saveNew = nullptr;
    QPushButton *m_repeat = nullptr;
    QPushButton *m_delete = nullptr;
};
