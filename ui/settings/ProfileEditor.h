#pragma once

#include "models/domain/Profile.h"

#include <QWidget>

class CommuneEdit;
class FieldError;
class QButtonGroup;
class QLineEdit;
class QRadioButton;

// The mediator's profile: prénom, nom, e-mail, rôle (conseiller numérique or médiateur numérique) and the employing
// structure with its commune. Used by the welcome dialog and by Paramètres. Fields the editor does not show (SIRET,
// address of the structure) are kept as they were given to setProfile().
class ProfileEditor : public QWidget
{
    Q_OBJECT

public:
    explicit ProfileEditor(QWidget *parent = nullptr);

    Profile profile() const;
    void setProfile(const Profile &profile);
    bool isBlank() const; // nothing typed in any field

    // Checks the profile (Validator rules, plus a commune typed but not found) and shows each message under its
    // field; returns true when the profile can be saved.
    bool validate();
    void clearMessages();

    QWidget *firstField() const;
    QWidget *lastField() const;

signals:
    void edited();

private:
    QLineEdit *m_prenom = nullptr;
    QLineEdit *m_nom = nullptr;
    QLineEdit *m_email = nullptr;
    QRadioButton *m_conseiller = nullptr;
    QRadioButton *m_mediateur = nullptr;
    QButtonGroup *m_role = nullptr;
    QLineEdit *m_structure = nullptr;
    CommuneEdit *m_commune = nullptr;
    FieldError *m_prenomError = nullptr;
    FieldError *m_nomError = nullptr;
    FieldError *m_emailError = nullptr;
    FieldError *m_roleError = nullptr;
    FieldError *m_communeError = nullptr;
    Profile m_loaded;
};
