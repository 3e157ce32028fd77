#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QWidget>

class MultiValueCombo;
class QComboBox;
class QDateEdit;
class FlowLayout;
class QLabel;
class Store;

// The filters of activities that "Mes activités" and "Statistiques" share: the period (a preset, "Ce mois-ci"…
// "Personnalisée", and its first and last days), then the types, the places and the thématiques, each a drop-down of
// several values (MultiValueCombo: none chosen reads "Tous les types"…), laid out as a paragraph: a field goes to the
// next line when it does not fit (FlowLayout), so the bar fits a narrow window or a large text scale. Choosing a
// preset shows its days; editing a day makes the period "Personnalisée". Each view adds its own filters and figures
// after them (addField(), addWidget()) and reads the values when the bar says the user changed one. What the bar is
// told by code (the set… functions, reloadPlaces) is shown without a signal.
class ActivityFilterBar : public QWidget
{
    Q_OBJECT

public:
    // How the bar differs from one view to the other; objectNames, texts and mnemonics are each view's.
    struct Options
    {
        // objectNames of the controls.
        QString periodName;
        QString fromName;
        QString toName;
        QString typeName;
        QString placeName;
        QString thematiqueName;
        // The label of the type with a mnemonic ("&Type :"), free among the other labels of the view.
        QString typeLabel;
        // "Tout" first among the presets, and a day at the minimum of its field reads "sans limite" (no bound).
        bool openPeriod = false;
        // Every combo 16 characters wide; otherwise the period and the type take the width of their longest item,
        // the place 16 characters and the thématique 20.
        bool compact = false;
        // A separator before the thématiques of médiation and before those of démarches.
        bool groupedThematiques = false;
        // An archived place reads "Nom (archivé)".
        bool markArchivedPlaces = false;
        // The period combo counts as changed only when the user chooses in it (QComboBox::activated); otherwise any
        // change of its current item not made by the bar itself does. (The other filters always follow the user.)
        bool onlyUserChoices = false;
        // "Depuis le début" among the presets: from the first activity's date (Store::firstActivityDate) to today.
        bool sinceStart = false;
    };

    ActivityFilterBar(Store &store, const Options &options, QWidget *parent = nullptr);

    int preset() const; // PeriodPreset::Kind
    bool offersPreset(int kind) const;
    QDate from() const; // invalid: no lower bound (openPeriod)
    QDate to() const; // invalid: no upper bound (openPeriod)
    QStringList types() const; // empty: every type
    QList<QUuid> places() const; // empty: every place
    QStringList thematiques() const; // empty: every thématique

    // Shows a preset and, unless it is Custom, its days today (the store's clock).
    void setPreset(int kind);
    // Shows a preset with these days (invalid: no bound, with openPeriod).
    void setPeriod(int kind, const QDate &from, const QDate &to);
    // Unknown values are left out; none shows the first item ("Tous les types"…).
    void setTypes(const QStringList &types);
    void setPlaces(const QList<QUuid> &places);
    void setThematiques(const QStringList &codes);
    // Lists the places of the store again (they may have been added or renamed), keeping the ones chosen.
    void reloadPlaces();
    // Shows the days of the current preset again (today, or the first activity, may have changed); Custom keeps its.
    void updatePresetDays();

    QComboBox *periodCombo() const { return m_period; }
    QDateEdit *fromEdit() const { return m_from; }
    QDateEdit *toEdit() const { return m_to; }
    MultiValueCombo *typeCombo() const { return m_type; }
    MultiValueCombo *placeCombo() const { return m_place; }
    MultiValueCombo *thematiqueCombo() const { return m_thematique; }
    // Adds a field of the view after the bar's, with its label (a mnemonic, the field as its buddy); both stay on one
    // line. Returns the label.
    QLabel *addField(const QString &label, QWidget *field);
    // Adds a widget of the view after the fields (a figure, a button).
    void addWidget(QWidget *widget);

signals:
    // The user chose a preset (its days are shown; Custom keeps the days).
    void presetChosen(int kind);
    // The user edited a day: the period is now Custom.
    void datesEdited();
    // The user changed the types, the places or the thématiques.
    void filterEdited();

private:
    void showPreset(int kind);
    void onPresetChanged(int index);
    void onDateChanged();
    void setDate(QDateEdit *edit, const QDate &date);
    QDate dateOf(const QDateEdit *edit) const;

    Store &m_store;
    Options m_options;
    bool m_updating = false;
    FlowLayout *m_fields = nullptr;
    QComboBox *m_period = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    MultiValueCombo *m_type = nullptr;
    MultiValueCombo *m_place = nullptr;
    MultiValueCombo *m_thematique = nullptr;
};
