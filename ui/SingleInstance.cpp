#include "ui/SingleInstance.h"

#include "models/store/PrivateFiles.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QThread>

SingleInstance::SingleInstance(const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_dataDir(dataDir)
{
}

SingleInstance::~SingleInstance()
{
    release();
}

QString SingleInstance::lockFilePath() const
{
    return QDir(m_dataDir).filePath(QLatin1String(LockFileName));
}

QString SingleInstance::serverName(const QString &dataDir)
{
    const QFileInfo info(dataDir);
    const QString folder = info.exists() ? info.canonicalFilePath() : QDir::cleanPath(info.absoluteFilePath());
    const QByteArray key = folder.toUtf8() + '\n' + QDir::homePath().toUtf8();
    return QStringLiteral("carnet-")
        + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(20));
}

SingleInstance::Result SingleInstance::acquire(QString *error)
{
    if (isHeld())
        return Result::Acquired;
    // A folder that exists is left as it is: the store repairs its modes when it opens the base, and says so.
    if (!QFileInfo(m_dataDir).isDir() && !PrivateFiles::makeFolder(m_dataDir, nullptr, error))
        return Result::Failed;
    m_lock = std::make_unique<QLockFile>(lockFilePath());
    m_lock->setStaleLockTime(0); // never stale by age: only when its process is gone
    if (m_lock->tryLock(0)) {
        PrivateFiles::makeFile(lockFilePath());
        listen();
        return Result::Acquired;
    }
    const QLockFile::LockError lockError = m_lock->error();
    if (lockError == QLockFile::LockFailedError) {
        readOwner();
        m_lock.reset();
        return Result::HeldByOther;
    }
    m_lock.reset();
    if (lockError == QLockFile::PermissionError)
        return Result::Unlocked;
    *error
        = tr("Le verrou du dossier des données « %1 » n'a pas pu être posé.").arg(QDir::toNativeSeparators(m_dataDir));
    return Result::Failed;
}

void SingleInstance::readOwner()
{
    qint64 pid = 0;
    QString host;
    QString app;
    if (m_lock->getLockInfo(&pid, &host, &app)) {
        m_ownerPid = pid;
        m_ownerHost = host;
    }
}

void SingleInstance::release()
{
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
}

bool SingleInstance::isHeld() const
{
    return m_lock && m_lock->isLocked();
}

void SingleInstance::listen()
{
    const QString name = serverName(m_dataDir);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    // We hold the folder's lock: a socket left by a process that died is no one's and can go.
    QLocalServer::removeServer(name);
    if (!m_server->listen(name))
        qWarning("carnet: local socket %s: %s", qPrintable(name), qPrintable(m_server->errorString()));
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            const auto read = [this, socket] {
                if (!socket->canReadLine())
                    return;
                const QByteArray line = socket->readLine().trimmed();
                if (line == RaiseMessage) {
                    socket->write("ok\n");
                    socket->flush();
                    emit raiseRequested();
                }
                socket->disconnectFromServer();
            };
            connect(socket, &QLocalSocket::readyRead, this, read);
            read(); // what arrived with the connection
        }
    });
}

bool SingleInstance::raiseOwner(int timeoutMs) const
{
    // The owner listens right after taking the lock: a start a moment after it may have to try again.
    const QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    while (true) {
        socket.connectToServer(serverName(m_dataDir));
        if (socket.waitForConnected(static_cast<int>(qMax<qint64>(1, deadline.remainingTime()))))
            break;
        if (deadline.hasExpired())
            return false;
        QThread::msleep(100);
    }
    socket.write(QByteArray(RaiseMessage) + '\n');
    if (!socket.waitForBytesWritten(static_cast<int>(qMax<qint64>(1, deadline.remainingTime()))))
        return false;
    // The owner answers from its event loop: no answer, no window that comes forward (a frozen or stopped process).
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime()))))
            return false;
    }
    return socket.readLine().trimmed() == "ok";
}

QString SingleInstance::ownerDescription() const
{
    const QString process = m_ownerPid > 0 ? tr("processus %1").arg(m_ownerPid) : tr("processus inconnu");
    const QString where = m_ownerHost.isEmpty() ? process : tr("%1 sur %2").arg(process, m_ownerHost);
    return tr("Carnet est déjà ouvert sur ce dossier (%1), mais cette fenêtre ne répond pas. Fermez-la, ou arrêtez ce "
              "processus, puis relancez Carnet.\n\nDossier : %2")
        .arg(where, QDir::toNativeSeparators(m_dataDir));
}
