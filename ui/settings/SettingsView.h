#pragma once

#include <QUrl>
#include <QWidget>

#include <functional>

class BackgroundTask;
class ProfileEditor;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class Store;

// "Paramètres" : the mediator's profile (saved with "Enregistrer le profil"), where the data is kept (folder, file,
// schema version, a button that opens the folder), the backups (a copy now to a chosen file, on a worker thread; a
// restore that shows what the chosen file holds and asks first; how many days the daily copies are kept) and a way
// to the places of activity.
class SettingsView : public QWidget
{
    Q_OBJECT

public:
    explicit SettingsView(Store &store, QWidget *parent = nullptr);

    // Opens a folder; defaults to QDesktopServices::openUrl, tests replace it.
    void setOpenUrl(std::function<bool(const QUrl &)> openUrl) { m_openUrl = std::move(openUrl); }

    // The file chosen for a backup (save: where to write it, suggested: the proposed path) or for a restore (open);
    // empty when cancelled. Defaults to a QFileDialog, tests replace it.
    enum class FileRequest { SaveBackup, OpenBackup };
    using FileChooser = std::function<QString(FileRequest request, const QString &suggested)>;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }
    // The question before a restore ("Restaurer la sauvegarde du … ?"): true to go on. Tests replace it.
    void setConfirm(std::function<bool(const QString &question)> confirm) { m_confirm = std::move(confirm); }
    // The QSettings key of the number of days the daily backups are kept.
    static QString backupDaysKey();
    // The proposed name of a backup made today: carnet-sauvegarde-AAAA-MM-JJ.sqlite (the name carnet sauvegarder gives
    // in a folder).
    QString suggestedBackupName() const;

    ProfileEditor *profileEditor() const { return m_profile; }
    BackgroundTask *backupTask() const { return m_backupTask; }

public slots:
    // "Sauvegarder maintenant…": asks where, then copies on a worker thread; false when cancelled or busy.
    bool backupNow();
    // "Restaurer une sauvegarde…": asks which file, shows what it holds (Backups::verify) and asks first, then emits
    // restoreRequested; false when cancelled or refused.
    bool restoreBackup();

    void reload(); // profile, folder and counts from the store
    bool saveProfile();

signals:
    void managePlacesRequested();
    void profileSaved();
    void restoreRequested(const QString &backupFile);

private:
    Store &m_store;
    std::function<bool(const QUrl &)> m_openUrl;
    ProfileEditor *m_profile = nullptr;
    QLabel *m_profileStatus = nullptr;
    QLabel *m_folder = nullptr;
    QLabel *m_schema = nullptr;
    QLabel *m_placesSummary = nullptr;
    QLabel *m_openStatus = nullptr;
    FileChooser m_chooseFile;
    std::function<bool(const QString &)> m_confirm;
    BackgroundTask *m_backupTask = nullptr;
    QSpinBox *m_backupDays = nullptr;
    QPushButton *m_backupNow = nullptr;
    QPushButton *m_restore = nullptr;
    QProgressBar *m_backupProgress = nullptr;
    QLabel *m_backupStatus = nullptr;
};
