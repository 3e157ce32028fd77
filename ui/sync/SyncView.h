#pragma once

#include <QDateTime>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class Store;
class SyncEngine;

// "Synchronisation": the server and the personal token (kept in the system's keychain, or in a 0600 file if the
// mediator chooses it, with a warning), "Synchroniser maintenant" (Ctrl+Maj+S) and its progress, the last success,
// what waits, the errors (with "Réessayer") and the conflicts to resolve (side by side, ConflictDialog).
class SyncView : public QWidget
{
    Q_OBJECT

public:
    SyncView(Store &store, SyncEngine &engine, const QString &dataDir, QWidget *parent = nullptr);

    // The status bar's indicator: hors ligne, à jour, N en attente, erreur, synchronisation en cours.
    QString indicator() const;
    // The settings saved and given to the engine (false with the message shown beside the fields).
    bool saveSettings();
    // The conflicts listed, for tests.
    QTreeWidget *conflictList() const { return m_conflicts; }
    // Opens the conflict dialog of the row (exec); true when resolved.
    bool resolveConflict(int row);

public slots:
    void refresh();

signals:
    // A conflict was resolved or errors retried: the activities and the status bar follow.
    void changed();
    // The settings were saved: the status bar's indicator follows.
    void stateChanged();

private:
    void loadSettings();
    void applyToEngine();

    Store &m_store;
    SyncEngine &m_engine;
    QString m_dataDir;
    QLabel *m_state = nullptr;
    QLabel *m_progress = nullptr;
    QPushButton *m_syncNow = nullptr;
    QPushButton *m_cancel = nullptr;
    QLineEdit *m_server = nullptr;
    QLineEdit *m_token = nullptr;
    QCheckBox *m_tokenInFile = nullptr;
    QLabel *m_fileWarning = nullptr;
    QCheckBox *m_unmeteredOnly = nullptr;
    QLabel *m_settingsMessage = nullptr;
    QTreeWidget *m_errors = nullptr;
    QPushButton *m_retry = nullptr;
    QTreeWidget *m_conflicts = nullptr;
    QPushButton *m_resolve = nullptr;
    bool m_hasToken = false;
    QDateTime m_lastSuccess; // of this data folder, kept in its sync.ini
};
