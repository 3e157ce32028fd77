#include "models/store/DataLocation.h"

#include "models/store/Store.h"

#include <QDir>
#include <QStandardPaths>

namespace DataLocation {

QString resolveDirectory(const QString &commandLineDir)
{
    QString dir = commandLineDir;
    if (dir.isEmpty())
        dir = qEnvironmentVariable(EnvironmentVariable);
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    return QDir::cleanPath(QDir(dir).absolutePath());
}

QString databasePath(const QString &directory)
{
    return QDir(directory).filePath(QLatin1String(Store::FileName));
}

} // namespace DataLocation
