#pragma once

#include <QCoreApplication>
#include <QLockFile>
#include <QObject>
#include <QString>

#include <memory>

class QLocalServer;

// One Carnet window per data folder. The window's process holds a lock file in the folder (carnet.lock: its pid, host
// and application; the lock of a process that died is recognised and taken over) from before the window opens until
// it exits, and listens on a local socket named after the folder. A second start on the same folder asks the first
// to come forward (raiseOwner) and leaves; when it cannot be reached, ownerDescription() names the process that
// holds the folder. The command line takes no lock: it keeps working while a window is open.
//
// So the draft beside the base (brouillon.json) belongs to the one window of its folder: no other window can offer,
// replace or delete it.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *LockFileName = "carnet.lock";
    static constexpr const char *RaiseMessage = "raise";

    enum class Result {
        Acquired, // this process holds the folder
        HeldByOther, // another live process holds it (ownerPid(), ownerHost())
        Unlocked, // the folder cannot hold a lock file (read-only folder): the window opens, read-only, without
        Failed // the folder cannot be used (*error)
    };

    explicit SingleInstance(const QString &dataDir, QObject *parent = nullptr);
    ~SingleInstance() override;

    // Creates the data folder (0700) when missing, then takes the lock. On Acquired, also listens for raise requests.
    Result acquire(QString *error);
    // Releases the lock and stops listening (also done by the destructor).
    void release();
    bool isHeld() const;

    // Held by another process: asks it to bring its window forward; true when it answered within timeoutMs.
    bool raiseOwner(int timeoutMs = 5000) const;
    qint64 ownerPid() const { return m_ownerPid; }
    QString ownerHost() const { return m_ownerHost; }
    // "Carnet est déjà ouvert sur ce dossier (processus 12345 sur MACHINE)…", French.
    QString ownerDescription() const;

    QString lockFilePath() const;
    // The local socket's name: a hash of the folder's canonical path and of the user's home.
    static QString serverName(const QString &dataDir);

signals:
    // A second start on this folder asked for the window.
    void raiseRequested();

private:
    void listen();
    void readOwner();

    QString m_dataDir;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
    qint64 m_ownerPid = 0;
    QString m_ownerHost;
};
