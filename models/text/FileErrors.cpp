#include "models/text/FileErrors.h"

#include <QCoreApplication>
#include <QFileDevice>
#include <QFileInfo>
#include <QStorageInfo>

namespace FileErrors {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("FileErrors", text);
}

// Less than this left: the disk is taken as full (a failed write of a small file).
constexpr qint64 kNearlyFull = 256 * 1024;
} // namespace

QString describe(const QFileDevice &file, const QString &path)
{
    const QStorageInfo storage(QFileInfo(path).absolutePath());
    const bool full = storage.isValid() && storage.bytesAvailable() >= 0 && storage.bytesAvailable() < kNearlyFull;
    switch (file.error()) {
    case QFileDevice::WriteError:
    case QFileDevice::ResizeError:
    case QFileDevice::ResourceError:
        if (full)
            return tr("le disque est plein (détail technique : %1)").arg(file.errorString());
        if (storage.isValid() && storage.isReadOnly())
            return tr("le disque est en lecture seule (détail technique : %1)").arg(file.errorString());
        return tr("erreur d'écriture sur le disque (détail technique : %1)").arg(file.errorString());
    case QFileDevice::PermissionsError:
        return tr("accès refusé (détail technique : %1)").arg(file.errorString());
    case QFileDevice::OpenError:
        if (full)
            return tr("le disque est plein (détail technique : %1)").arg(file.errorString());
        if (storage.isValid() && storage.isReadOnly())
            return tr("le disque est en lecture seule (détail technique : %1)").arg(file.errorString());
        return tr("le fichier n'a pas pu être ouvert (détail technique : %1)").arg(file.errorString());
    case QFileDevice::ReadError:
        return tr("erreur de lecture sur le disque (détail technique : %1)").arg(file.errorString());
    case QFileDevice::RenameError:
    case QFileDevice::CopyError:
    case QFileDevice::RemoveError:
        return tr("le fichier n'a pas pu être déplacé ou supprimé (détail technique : %1)").arg(file.errorString());
    default:
        return tr("erreur de fichier (détail technique : %1)").arg(file.errorString());
    }
}

QString describeWriteFailure(const QString &path, const QString &detail)
{
    const QStorageInfo storage(QFileInfo(path).absolutePath());
    if (storage.isValid() && storage.bytesAvailable() >= 0 && storage.bytesAvailable() < kNearlyFull)
        return tr("le disque est plein (détail technique : %1)").arg(detail);
    if (storage.isValid() && storage.isReadOnly())
        return tr("le disque est en lecture seule (détail technique : %1)").arg(detail);
    return tr("erreur d'écriture sur le disque (détail technique : %1)").arg(detail);
}

} // namespace FileErrors
