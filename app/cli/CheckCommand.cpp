#include "app/cli/CheckCommand.h"

#include "models/store/Backups.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/SchemaCheck.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QDir>
#include <QTextStream>

using FrenchText::number;

int CheckCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    Store store;
    QString dir;
    Store::OpenOptions read;
    read.create = false; // a read command never creates a base; --reparer has nothing to repair without one
    if (!CommandLine::openStore(store, parsed, &dir, err, read))
        return CommandLine::Failure;
    bool repairFailed = false;
    if (parsed.options.contains(QStringLiteral("--reparer"))) {
        QString error;
        QStringList restored;
        if (store.isDamaged() || store.isReadOnly()) {
            // openStore has said why the base is read-only.
            err << tr("Rien n'a été réparé : la base est ouverte en lecture seule.") << Qt::endl;
            repairFailed = true;
        } else if (!SchemaCheck::repair(store, &restored, &error)) {
            err << tr("Rien n'a été réparé : %1").arg(error) << Qt::endl;
            return CommandLine::Failure;
        } else {
            for (const QString &line : std::as_const(restored))
                out << line << '\n';
            out << tr("Copie des statistiques et compteurs des activités reconstruits.") << '\n';
        }
    }
    const IntegrityReport report = IntegrityChecker::run(store, [&](qint64 done) {
        err << tr("Vérification : %1 activités").arg(number(done)) << '\r';
        err.flush();
    });
    if (report.ok()) {
        out << tr("Base vérifiée : aucun problème (%1 activités contrôlées).").arg(number(report.activitiesChecked))
            << '\n';
        return repairFailed ? CommandLine::Failure : CommandLine::Success;
    }
    for (const QString &problem : report.problems)
        out << problem << '\n';
    if (report.problemCount > report.problems.size())
        out << tr("… et %1 autres problèmes.").arg(number(report.problemCount - report.problems.size())) << '\n';
    if (report.damaged() || !report.schemaRepairable) {
        // The way out, said once.
        out << tr("Le fichier de la base est endommagé et ne se répare pas sur place. Deux issues : restaurer une "
                  "sauvegarde (« carnet restaurer FICHIER » ; les copies automatiques sont dans « %1 »), ou "
                  "recopier ce qui est encore lisible dans une nouvelle base (« carnet recuperer », le fichier "
                  "endommagé est gardé de côté).")
                   .arg(QDir::toNativeSeparators(Backups::folderOf(store.filePath())))
            << '\n';
    }
    err << tr("%1 dans %2.")
               .arg(FrenchText::count(report.problemCount, tr("problème trouvé"), tr("problèmes trouvés")),
                   store.filePath())
        << Qt::endl;
    return CommandLine::Failure;
}
