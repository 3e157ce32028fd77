#pragma once

#include "models/domain/Place.h"

#include <QDialog>
#include <QList>

class CommuneEdit;
class FieldError;
class ProfileEditor;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class Store;

// The first-start welcome: asks for the mediator's profile and places of activity (added inline, one or several),
// says where the data is kept. "Commencer" saves what was filled (a blank profile is not saved, places typed but not
// yet added are added); "Passer cette étape" saves nothing and records that the welcome was skipped, so it is not
// shown again (everything stays editable in Paramètres).
class WelcomeDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr const char *SkippedKey = "welcome/skipped";

    explicit WelcomeDialog(Store &store, QWidget *parent = nullptr);

    // True on a first start: no profile, no place, no activity, and the welcome never skipped (QSettings).
    static bool isNeeded(const Store &store);

    QList<Place> pendingPlaces() const { return m_places; }

    void accept() override;
    void reject() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool addTypedPlace(bool quietWhenEmpty);
    void removeSelectedPlace();
    void refreshPlaces();

    Store &m_store;
    ProfileEditor *m_profile = nullptr;
    QLineEdit *m_placeName = nullptr;
    CommuneEdit *m_placeCommune = nullptr;
    FieldError *m_placeError = nullptr;
    QPushButton *m_addPlace = nullptr;
    QListWidget *m_placeList = nullptr;
    QPushButton *m_removePlace = nullptr;
    QLabel *m_storeError = nullptr;
    QList<Place> m_places;
};
