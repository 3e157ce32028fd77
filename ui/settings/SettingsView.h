#pragma once

#include <QUrl>
#include <QWidget>

#include <functional>

class ProfileEditor;
class QLabel;
class QPushButton;
class Store;

// "Paramètres" : the mediator's profile (saved with "Enregistrer le profil"), where the data is kept (folder, file,
// schema version, a button that opens the folder) and a way to the places of activity.
class SettingsView : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsView(Store &store, QWidget *parent = nullptr);

    // Opens a folder; defaults to QDesktopServices::openUrl, tests replace it.
    void setOpenUrl(std::function<bool(const QUrl &)> openUrl) { m_openUrl = std::move(openUrl); }

    ProfileEditor *profileEditor() const { return m_profile; }

public slots:
    void reload(); // profile, folder and counts from the store
    bool saveProfile();

signals:
    void managePlacesRequested();
    void profileSaved();

private:
    Store &m_store;
    std::function<bool(const QUrl &)> m_openUrl;
    ProfileEditor *m_profile = nullptr;
    QLabel *m_profileStatus = nullptr;
    QLabel *m_folder = nullptr;
    QLabel *m_schema = nullptr;
    QLabel *m_placesSummary = nullptr;
    QLabel *m_openStatus = nullptr;
};
