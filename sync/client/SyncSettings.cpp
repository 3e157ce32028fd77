#include "sync/client/SyncSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace {
QString fileOf(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("sync.ini"));
}
} // namespace

SyncSettings SyncSettings::load(const QString &dataDir)
{
    SyncSettings s;
    const QSettings ini(fileOf(dataDir), QSettings::IniFormat);
    s.server = QUrl(ini.value(QStringLiteral("serveur")).toString());
    s.tokenInFile = ini.value(QStringLiteral("jeton_dans_un_fichier"), false).toBool();
    s.unmeteredOnly = ini.value(QStringLiteral("reseau_non_limite_seulement"), false).toBool();
    return s;
}

bool SyncSettings::save(const QString &dataDir, QString *error) const
{
    QSettings ini(fileOf(dataDir), QSettings::IniFormat);
    ini.setValue(QStringLiteral("serveur"), server.toString());
    ini.setValue(QStringLiteral("jeton_dans_un_fichier"), tokenInFile);
    ini.setValue(QStringLiteral("reseau_non_limite_seulement"), unmeteredOnly);
    ini.sync();
    if (ini.status() != QSettings::NoError) {
        *error = tr("Les réglages de synchronisation ne peuvent pas être écrits dans « %1 ».").arg(fileOf(dataDir));
        return false;
    }
    return true;
}

std::unique_ptr<TokenStore> SyncSettings::tokenStore(const QString &dataDir) const
{
    if (tokenInFile)
        return std::make_unique<FileTokenStore>(QDir(dataDir).filePath(FileTokenStore::fileName()));
    // One entry a data folder: two bases of one account keep their own tokens.
    return std::make_unique<KeychainTokenStore>(QFileInfo(dataDir).absoluteFilePath());
}

bool SyncSettings::token(const QString &dataDir, QString *token, QString *error) const
{
    const QString fromEnvironment = qEnvironmentVariable(EnvironmentVariable).trimmed();
    if (!fromEnvironment.isEmpty()) {
        *token = fromEnvironment;
        return true;
    }
    return tokenStore(dataDir)->read(token, error);
}

QDateTime SyncSettings::lastSuccess(const QString &dataDir)
{
    const QSettings ini(fileOf(dataDir), QSettings::IniFormat);
    return QDateTime::fromString(ini.value(QStringLiteral("derniere_reussite")).toString(), Qt::ISODate);
}

void SyncSettings::recordSuccess(const QString &dataDir, const QDateTime &when)
{
    QSettings ini(fileOf(dataDir), QSettings::IniFormat);
    ini.setValue(QStringLiteral("derniere_reussite"), when.toUTC().toString(Qt::ISODate));
}
