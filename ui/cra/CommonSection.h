#pragma once

#include "ui/cra/CraSection.h"

#include "models/domain/CommuneRef.h"

#include <QDate>

class CodeChecklist;
class CodeCombo;
class CommuneEdit;
class DateEdit;
class DurationEdit;
class QComboBox;
class QLineEdit;
class QPushButton;
class QRadioButton;
class Store;

// What every CRA tells: its type (individual or collective), date (with "Hier"), duration, place, thématiques and
// matériel. The démarche thématiques and their précisions, asked when "Aide aux démarches administratives" is ticked,
// are in demarcheBox(), a widget of its own for the form to place.
class CommonSection : public CraSection
{
    Q_OBJECT

public:
    explicit CommonSection(Store &store, QWidget *parent = nullptr);

    void load(const Activity &activity) override;
    void apply(Activity &activity) const override;
    void refreshChoices() override;
    void updateDisplay() override;

    bool isCollectif() const;
    QDate date() const;
    DateEdit *dateEdit() const { return m_date; }
    DurationEdit *durationEdit() const { return m_duration; }
    // The commune a remote CRA takes: the employing structure's (empty when the profile has none).
    CommuneRef distanceCommune() const { return m_distanceCommune; }
    QWidget *demarcheBox() const { return m_demarcheBox; }

signals:
    void dateChanged(const QDate &date);

private:
    void reloadPlaces(const QUuid &keep);

    Store &m_store;
    CommuneRef m_distanceCommune; // the structure's commune, the place of a remote activity

    QRadioButton *m_individuel = nullptr;
    QRadioButton *m_collectif = nullptr;
    DateEdit *m_date = nullptr;
    QPushButton *m_hier = nullptr;
    DurationEdit *m_duration = nullptr;
    CodeCombo *m_typeLieu = nullptr;
    QLabel *m_placeLabel = nullptr;
    QComboBox *m_place = nullptr;
    QLabel *m_lieuCommuneLabel = nullptr;
    CommuneEdit *m_lieuCommune = nullptr;
    QLabel *m_distanceNote = nullptr;
    CodeChecklist *m_thematiques = nullptr;
    CodeChecklist *m_materiel = nullptr;
    QWidget *m_demarcheBox = nullptr;
    CodeChecklist *m_demarches = nullptr;
    QLineEdit *m_precisions = nullptr;
};
