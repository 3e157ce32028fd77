#include "app/cli/BackupCommand.h"

#include "models/store/Backups.h"
#include "models/store/DataLocation.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QDate>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

namespace {

QString activities(qint64 n)
{
    return FrenchText::count(n, BackupCommand::tr("activité"), BackupCommand::tr("activités"));
}

} // namespace

int BackupCommand::runSave(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    if (parsed.arguments.isEmpty()) {
        err << tr("« carnet sauvegarder » attend le fichier où écrire la sauvegarde (par exemple "
                  "/media/cle/carnet.sqlite).")
            << '\n'
            << tr("Voir « carnet sauvegarder --help ».") << Qt::endl;
        return CommandLine::Usage;
    }
    const QString base = CommandLine::existingBase(parsed, err, tr("rien à sauvegarder"));
    if (base.isEmpty())
        return CommandLine::Failure;
    QString target = QFileInfo(parsed.arguments.constFirst()).absoluteFilePath();
    if (QFileInfo(target).isDir())
        target = QDir(target).filePath(
            QStringLiteral("carnet-sauvegarde-%1.sqlite").arg(QDate::currentDate().toString(Qt::ISODate)));
    QString error;
    if (!Backups::write(base, target, &error)) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    const Backups::Info info = Backups::describe(target);
    out << tr("Sauvegarde écrite dans « %1 » : %2 (schéma %3).")
               .arg(QDir::toNativeSeparators(target), activities(info.activities))
               .arg(info.schemaVersion)
        << '\n';
    return CommandLine::Success;
}

int BackupCommand::runRestore(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    if (parsed.arguments.isEmpty()) {
        err << tr("« carnet restaurer » attend le fichier de la sauvegarde à restaurer.") << '\n'
            << tr("Voir « carnet restaurer --help ».") << Qt::endl;
        return CommandLine::Usage;
    }
    const QString dir = DataLocation::resolveDirectory(parsed.dataDir);
    const QString base = DataLocation::databasePath(dir);
    const QString backup = QFileInfo(parsed.arguments.constFirst()).absoluteFilePath();
    QString keptAside;
    QString error;
    if (!Backups::restore(backup, base, &keptAside, &error)) {
        err << error << '\n' << tr("La base n'a pas été modifiée.") << Qt::endl;
        return CommandLine::Failure;
    }
    const Backups::Info info = Backups::describe(base);
    out << tr("Base « %1 » restaurée depuis « %2 » : %3 (schéma %4).")
               .arg(QDir::toNativeSeparators(base), QDir::toNativeSeparators(backup), activities(info.activities))
               .arg(info.schemaVersion)
        << '\n';
    if (keptAside.isEmpty())
        out << tr("Il n'y avait pas de base à remplacer.") << '\n';
    else
        out << tr("La base remplacée est gardée dans « %1 ».").arg(QDir::toNativeSeparators(keptAside)) << '\n';
    return CommandLine::Success;
}
