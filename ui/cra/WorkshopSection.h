#pragma once

#include "ui/cra/CraSection.h"

#include <QMap>

class BeneficiaryPicker;
class QButtonGroup;
class QLineEdit;
class QSpinBox;
class Store;

// What a collective CRA (a workshop) adds: its title and level, the followed beneficiaries who took part, and the
// anonymous participants counted in total, déjà accompagnés, and by genre, tranche d'âge and statut, each count with
// a check of its sum against the total.
class WorkshopSection : public CraSection
{
    Q_OBJECT

public:
    explicit WorkshopSection(Store &store, QWidget *parent = nullptr);

    void load(const Activity &activity) override;
    // Writes a collective activity's fields; leaves an individual one as it is.
    void apply(Activity &activity) const override;
    void refreshChoices() override;
    void updateDisplay() override;

private:
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
};
