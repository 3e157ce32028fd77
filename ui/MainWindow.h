#pragma once

#include "ui/export/ExportDialog.h"

#include <QMainWindow>

class ActivitiesView;
class BackgroundTask;
class BeneficiariesView;
class BusyWait;
class CraForm;
class PlacesView;
class QLabel;
class QListWidget;
class QStackedWidget;
class QUndoStack;
class SettingsView;
class StatisticsView;
class Store;
class SyncEngine;
class SyncView;

// The CRA desk: a navigation column on the left (Nouveau CRA, Mes activités, Statistiques, Bénéficiaires, Lieux,
// Synchronisation, Paramètres; Ctrl+1 to Ctrl+7) and the chosen view on the right. The status bar counts the
// activities and says what waits for the national platform. Size, position and last view are remembered per data
// folder.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class View { NouveauCra, Activites, Statistiques, Beneficiaires, Lieux, Synchronisation, Parametres };

    explicit MainWindow(Store &store, QWidget *parent = nullptr);
    ~MainWindow() override;

    View currentView() const;
    void showView(View view);
    QUndoStack *undoStack() const { return m_undo; }
    CraForm *craForm() const { return m_form; }
    ActivitiesView *activitiesView() const { return m_activities; }
    PlacesView *placesView() const { return m_places; }
    StatisticsView *statisticsView() const { return m_statistics; }
    SettingsView *settingsView() const { return m_settings; }
    SyncView *syncView() const { return m_sync; }
    SyncEngine *syncEngine() const { return m_engine; }
    BusyWait *busyWait() const { return m_busy; }
    // "Exporter…" (File menu: activities Ctrl+E, statistics Ctrl+Shift+E, beneficiaries): the dialog, opened with the
    // filters of Mes activités or the period and filters of Statistiques; the window says the written file in its
    // status bar. Returned for tests (deleted on close).
    ExportDialog *openExport(ExportDialog::Kind kind);
    // What happens once the window is up: a draft left by a crash or a closed window is offered back, and the daily
    // backup is made on a worker thread (its failure said in the status bar).
    void startSession();
    // The daily backup (Backups::daily, the days kept from QSettings "sauvegardes/jours") on a worker thread; not on
    // a read-only base. Its task, so that tests can wait for it.
    void startDailyBackup();
    BackgroundTask *dailyBackup() const { return m_dailyBackup; }
    // Brings the window forward (a second start on the same data folder asked for it).
    void bringForward();
    // Everything read again from the store (after the first-start welcome filled the profile and places).
    void reloadAll();
    // "Importer…" (File menu, Ctrl+I, and Mes activités): the import dialog, the views reloaded after an import.
    void openImport();
    // The QSettings key of something remembered for the data folder of this base ("geometry", "view"): a hash of
    // the folder's path in it, so that two folders keep their own.
    static QString settingsKey(const QString &filePath, const QString &name);

public slots:
    void refresh();

signals:
    // "Restaurer une sauvegarde…" confirmed (unsaved work settled first): the base is to be closed, replaced by the
    // backup file and opened again, in a new window.
    void restoreRequested(const QString &backupFile);
    // "Récupérer ce qui est lisible" in the banner of a damaged base (unsaved work settled first): the base is to be
    // closed, salvaged (Salvage::run) and opened again, in a new window.
    void salvageRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildNavigation();
    QWidget *buildReadOnlyBanner();
    void buildMenus();
    void openReview(); // "Bilan PDF…": the PDF review's dialog, with the statistics view's filters
    void connectViews();
    // A view chosen in the navigation or with Ctrl+digit.
    void navigate(View view);

    Store &m_store;
    QUndoStack *m_undo = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    CraForm *m_form = nullptr;
    ActivitiesView *m_activities = nullptr;
    StatisticsView *m_statistics = nullptr;
    bool m_statisticsStale = true;
    BeneficiariesView *m_beneficiaries = nullptr;
    PlacesView *m_places = nullptr;
    SyncView *m_sync = nullptr;
    SyncEngine *m_engine = nullptr;
    SettingsView *m_settings = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_syncLabel = nullptr;
    BusyWait *m_busy = nullptr;
    bool m_closeWhenWaitOver = false; // a close came during a wait (closeEvent)
    BackgroundTask *m_dailyBackup = nullptr;
};
