#pragma once

#include <QString>

// Where Carnet keeps its data: the folder given on the command line (--data-dir), else $CARNET_DATA_DIR, else the
// user's application data folder (QStandardPaths::AppLocalDataLocation, e.g. ~/.local/share/carnet on Linux).
namespace DataLocation {
constexpr const char *EnvironmentVariable = "CARNET_DATA_DIR";

QString resolveDirectory(const QString &commandLineDir = QString());
QString databasePath(const QString &directory);
} // namespace DataLocation
