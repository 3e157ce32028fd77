#include "sync/client/TokenStore.h"

#include "models/store/PrivateFiles.h"

#include <QEventLoop>
#include <QFile>
#include <QSaveFile>

#include <qt6keychain/keychain.h>

namespace {
const QString kService = QStringLiteral("Carnet (synchronisation)");

// Runs a keychain job to its end in a local event loop; false with a French *error (an absent entry is no error).
bool runJob(QKeychain::Job &job, QString *error)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    job.start();
    if (!finished) // some backends answer at once
        loop.exec();
    if (!finished) { // the application is quitting
        *error = KeychainTokenStore::tr("Le trousseau du système n'a pas répondu : Carnet se ferme.");
        return false;
    }
    if (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound)
        return true;
    *error = job.error() == QKeychain::NoBackendAvailable
        ? KeychainTokenStore::tr("Aucun trousseau du système n'est disponible sur cet ordinateur (%1) : gardez le "
                                 "jeton dans un fichier, ou donnez-le par la variable CARNET_TOKEN.")
              .arg(job.errorString())
        : KeychainTokenStore::tr("Le trousseau du système refuse l'accès au jeton : %1").arg(job.errorString());
    return false;
}
} // namespace

KeychainTokenStore::KeychainTokenStore(const QString &account)
    : m_account(account)
{
}

bool KeychainTokenStore::read(QString *token, QString *error)
{
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(m_account);
    if (!runJob(job, error))
        return false;
    *token = job.error() == QKeychain::EntryNotFound ? QString() : job.textData();
    return true;
}

bool KeychainTokenStore::write(const QString &token, QString *error)
{
    if (token.isEmpty()) {
        QKeychain::DeletePasswordJob job(kService);
        job.setKey(m_account);
        return runJob(job, error);
    }
    QKeychain::WritePasswordJob job(kService);
    job.setKey(m_account);
    job.setTextData(token);
    return runJob(job, error);
}

QString KeychainTokenStore::where() const
{
    return tr("le trousseau du système");
}

FileTokenStore::FileTokenStore(const QString &path)
    : m_path(path)
{
}

bool FileTokenStore::read(QString *token, QString *error)
{
    QFile file(m_path);
    if (!file.exists()) {
        token->clear();
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Le fichier du jeton « %1 » ne peut pas être lu : %2").arg(m_path, file.errorString());
        return false;
    }
    PrivateFiles::makeFile(m_path); // 0600 again, whatever was done to it
    *token = QString::fromUtf8(file.readAll()).trimmed();
    return true;
}

bool FileTokenStore::write(const QString &token, QString *error)
{
    if (token.isEmpty()) {
        if (QFile::exists(m_path) && !QFile::remove(m_path)) {
            *error = tr("Le fichier du jeton « %1 » ne peut pas être effacé.").arg(m_path);
            return false;
        }
        return true;
    }
    QSaveFile file(m_path);
    // 0600 before a byte of the token is written.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || file.write(token.toUtf8() + '\n') < 0 || !file.commit()) {
        *error = tr("Le fichier du jeton « %1 » ne peut pas être écrit : %2").arg(m_path, file.errorString());
        return false;
    }
    return PrivateFiles::makeFile(m_path);
}
