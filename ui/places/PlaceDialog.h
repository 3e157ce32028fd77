#pragma once

#include "models/domain/Place.h"

#include <QDialog>

class CommuneEdit;
class FieldError;
class QLabel;
class QLineEdit;
class QPushButton;
class Store;

// Creates or edits a place of activity (nom, adresse, commune). "Enregistrer" validates, saves to the store and
// accepts; messages appear under their field and the dialog stays open until the place is valid and saved.
class PlaceDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PlaceDialog(Store &store, const Place &place = Place(), QWidget *parent = nullptr);

    Place place() const { return m_place; } // as saved, once accepted

    void accept() override;

private:
    Place edited() const;

    Store &m_store;
    Place m_place;
    QLineEdit *m_nom = nullptr;
    QLineEdit *m_adresse = nullptr;
    CommuneEdit *m_commune = nullptr;
    FieldError *m_nomError = nullptr;
    FieldError *m_adresseError = nullptr;
    FieldError *m_communeError = nullptr;
    QLabel *m_storeError = nullptr;
};
