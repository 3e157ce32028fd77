#include "app/cli/CheckCommand.h"

#include "models/store/IntegrityChecker.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QTextStream>

using FrenchText::number;

int CheckCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    Store store;
    QString dir;
    if (!CommandLine::openStore(store, parsed, &dir, err))
        return CommandLine::Failure;
    if (parsed.options.contains(QStringLiteral("--reparer"))) {
        QString error;
        if (!store.rebuildStatistics(&error)) {
            err << tr("La copie des statistiques n'a pas pu être reconstruite : %1").arg(error) << Qt::endl;
            return CommandLine::Failure;
        }
        out << tr("Copie des statistiques reconstruite.") << '\n';
    }
    const IntegrityReport report = IntegrityChecker::run(store, [&](qint64 done) {
        err << tr("Vérification : %1 activités").arg(number(done)) << '\r';
        err.flush();
    });
    if (report.ok()) {
        out << tr("Base vérifiée : aucun problème (%1 activités contrôlées).").arg(number(report.activitiesChecked))
            << '\n';
        return CommandLine::Success;
    }
    for (const QString &problem : report.problems)
        out << problem << '\n';
    if (report.problemCount > report.problems.size())
        out << tr("… et %1 autres problèmes.").arg(number(report.problemCount - report.problems.size())) << '\n';
    err << tr("%1 dans %2.")
               .arg(FrenchText::count(report.problemCount, tr("problème trouvé"), tr("problèmes trouvés")),
                   store.filePath())
        << Qt::endl;
    return CommandLine::Failure;
}
