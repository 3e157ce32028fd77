#include "models/store/PrivateFiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace PrivateFiles {

namespace {
#ifdef Q_OS_UNIX
constexpr QFileDevice::Permissions kFolder = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
    | QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser;
constexpr QFileDevice::Permissions kFile
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser;
// Any right of the group or of the others.
constexpr QFileDevice::Permissions kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
    | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
#endif

QString tr(const char *text)
{
    return QCoreApplication::translate("PrivateFiles", text);
}
} // namespace

bool makeFolder(const QString &folder, QString *repaired, QString *error)
{
    const bool existed = QFileInfo(folder).isDir();
    if (!existed && !QDir().mkpath(folder)) {
        *error = tr("Impossible de créer le dossier des données « %1 ».").arg(folder);
        return false;
    }
#ifdef Q_OS_UNIX
    const QFileDevice::Permissions now = QFile::permissions(folder);
    if ((now & kOthers) != 0 || (now & kFolder) != kFolder) {
        if (!QFile::setPermissions(folder, kFolder)) {
            *error = tr("Le dossier des données « %1 » n'a pas pu être réservé à votre compte.").arg(folder);
            return false;
        }
        // Every file already there too (the base, its journal, the drafts, the backups).
        const QFileInfoList files = QDir(folder).entryInfoList(QDir::Files | QDir::Hidden);
        for (const QFileInfo &f : files)
            makeFile(f.absoluteFilePath());
        if (existed && (now & kOthers) != 0 && repaired)
            *repaired = tr("Le dossier des données était lisible par les autres comptes de l'ordinateur : il est "
                           "désormais réservé au vôtre.");
    }
#else
    Q_UNUSED(repaired);
#endif
    return true;
}

bool makeFile(const QString &file)
{
#ifdef Q_OS_UNIX
    if (!QFileInfo::exists(file))
        return true;
    if ((QFile::permissions(file) & kOthers) == 0)
        return true;
    return QFile::setPermissions(file, kFile);
#else
    Q_UNUSED(file);
    return true;
#endif
}

} // namespace PrivateFiles
