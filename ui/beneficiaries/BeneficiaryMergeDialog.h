#pragma once

#include "models/domain/Beneficiary.h"

#include <QDialog>

class QRadioButton;

// Asks which of two records of one person to keep, and says what merging does. Merging itself is
// Store::mergeBeneficiaries(keep(), duplicate()), done by the caller once the dialog is accepted.
class BeneficiaryMergeDialog : public QDialog
{
    Q_OBJECT

public:
    BeneficiaryMergeDialog(const Beneficiary &first, int firstActivities, const Beneficiary &second,
        int secondActivities, QWidget *parent = nullptr);

    QUuid keep() const;
    QUuid duplicate() const;

    static QString describe(const Beneficiary &b, int activities);

private:
    Beneficiary m_first;
    Beneficiary m_second;
    QRadioButton *m_keepFirst = nullptr;
    QRadioButton *m_keepSecond = nullptr;
};
