#pragma once

#include "ui/cra/CraSection.h"

#include <QDate>

class BeneficiaryPicker;
class CodeCombo;
class CommuneEdit;
class QButtonGroup;
class QLineEdit;
class QRadioButton;
class Store;

// What an individual CRA adds: the person's autonomy, the orientation towards a structure, and the person, anonymous
// (genre, tranche d'âge or birth year, statut, commune de résidence, déjà accompagné) or a followed beneficiary.
class IndividualSection : public CraSection
{
    Q_OBJECT

public:
    explicit IndividualSection(Store &store, QWidget *parent = nullptr);

    void load(const Activity &activity) override;
    // Writes an individual activity's fields; leaves a collective one as it is.
    void apply(Activity &activity) const override;
    void refreshChoices() override;
    void updateDisplay() override;

    // "Bénéficiaire suivi" is ticked (whether or not someone is picked).
    bool isFollowed() const;
    // The activity's date: a birth year typed gives the tranche d'âge on that date.
    void setActivityDate(const QDate &date) { m_activityDate = date; }

private:
    QDate m_activityDate;

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
};
