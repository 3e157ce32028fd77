#pragma once

#include "models/domain/Beneficiary.h"

#include <QDialog>

class CodeCombo;
class CommuneEdit;
class FieldError;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class Store;

// Creates or edits a followed beneficiary. "Enregistrer" validates (messages under their fields), saves to the store
// and accepts. Typing a birth year fills the tranche d'âge.
class BeneficiaryDialog : public QDialog
{
    Q_OBJECT

public:
    explicit BeneficiaryDialog(Store &store, const Beneficiary &beneficiary = Beneficiary(), QWidget *parent = nullptr);

    Beneficiary beneficiary() const { return m_beneficiary; } // as saved, once accepted

    void accept() override;

private:
    Beneficiary edited() const;

    Store &m_store;
    Beneficiary m_beneficiary;
    QLineEdit *m_prenom = nullptr;
    QLineEdit *m_nom = nullptr;
    QLineEdit *m_telephone = nullptr;
    QLineEdit *m_email = nullptr;
    QLineEdit *m_annee = nullptr;
    CodeCombo *m_genre = nullptr;
    CodeCombo *m_tranche = nullptr;
    CodeCombo *m_statut = nullptr;
    CommuneEdit *m_commune = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QList<FieldError *> m_errors;
    QLabel *m_storeError = nullptr;
};
