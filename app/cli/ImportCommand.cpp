#include "app/cli/ImportCommand.h"

#include "models/io/ImportPipeline.h"
#include "models/io/Importer.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

int ImportCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    if (parsed.arguments.isEmpty()) {
        err << tr("import : indiquez le fichier à importer (carnet import FICHIER).") << Qt::endl;
        return CommandLine::Usage;
    }
    ImportOptions options;
    if (parsed.options.contains(QStringLiteral("--format"))
        && (!ImportPlan::parseFormat(parsed.options.value(QStringLiteral("--format")), &options.format)
            || options.format == ImportFormat::Auto)) {
        err << tr("import : --format attend carnet, coop, api, tableur ou v1, pas « %1 ».")
                   .arg(parsed.options.value(QStringLiteral("--format")))
            << Qt::endl;
        return CommandLine::Usage;
    }
    options.encoding = parsed.options.value(QStringLiteral("--encodage"));
    options.columns = parsed.options.value(QStringLiteral("--colonnes"));
    const bool dryRun = parsed.options.contains(QStringLiteral("--dry-run"));
    const bool ignoreProblems = parsed.options.contains(QStringLiteral("--ignorer-erreurs"));

    Store store;
    QString dir;
    if (!CommandLine::openStore(store, parsed, &dir, err))
        return CommandLine::Failure;
    options.today = store.clock().today();
    // The remembered column mappings live in the data folder; a dry run remembers nothing.
    options.dataDir = dryRun ? QString() : dir;
    int lastPercent = -1;
    options.progress = [&](qint64 done, qint64 total) {
        const int percent = total > 0 ? int(100 * done / total) : 0;
        if (percent != lastPercent) {
            lastPercent = percent;
            // Read and written together (ImportPipeline), unless a dry run.
            err << (dryRun ? tr("Lecture : %1 %") : tr("Import : %1 %")).arg(percent) << '\r';
            err.flush();
        }
        return true;
    };
    QElapsedTimer timer;
    timer.start();
    // A dry run reads only; an import reads and writes at once (ImportPipeline), committed only when the whole file
    // is read and may be written.
    ImportPipeline::Result run;
    if (dryRun)
        run.plan = Importer::readFiles(parsed.arguments, options, &store);
    else
        run = ImportPipeline::run(parsed.arguments, options, store, ignoreProblems);
    const ImportPlan &plan = run.plan;
    if (lastPercent >= 0)
        err << '\n';
    if (!plan.ok()) {
        err << plan.fatal << '\n' << tr("Rien n'a été importé.") << Qt::endl;
        return CommandLine::Failure;
    }
    out << tr("%1 : %2").arg(QFileInfo(parsed.arguments.first()).fileName(), ImportPlan::formatLabel(plan.format))
        << '\n';
    out << plan.summary() << '\n';
    for (const ImportProblem &p : plan.problems)
        out << "  " << p.describe() << '\n';
    if (plan.problemCount > plan.problems.size())
        out << "  "
            << tr("… et %1").arg(FrenchText::count(
                   plan.problemCount - plan.problems.size(), tr("autre problème"), tr("autres problèmes")))
            << '\n';
    if (dryRun) {
        out << tr("Rien n'a été écrit (--dry-run).") << '\n';
        return plan.hasProblems() ? CommandLine::Failure : CommandLine::Success;
    }
    if (plan.hasProblems() && !ignoreProblems) {
        err << tr("L'import est refusé tant que le fichier a des problèmes : corrigez-les, ou importez les "
                  "activités valides seules avec --ignorer-erreurs. Rien n'a été écrit.")
            << Qt::endl;
        return CommandLine::Failure;
    }
    if (!run.written) {
        err << run.error << Qt::endl;
        return CommandLine::Failure;
    }
    const qint64 added = run.added;
    // What was written (BulkWriter's count), not what the plan held: an activity the base got meanwhile, or given
    // twice under one import key, is left out.
    out << tr("%1 dans %2 (%3 s).")
               .arg(FrenchText::count(added, tr("activité importée"), tr("activités importées")), store.filePath(),
                   FrenchText::decimal(double(timer.elapsed()) / 1000.0, 1))
        << '\n';
    if (added < plan.activityCount())
        out << tr("%1 à l'écriture, déjà dans la base ou en double dans le fichier.")
                   .arg(FrenchText::count(
                       plan.activityCount() - added, tr("activité laissée de côté"), tr("activités laissées de côté")))
            << '\n';
    return plan.hasProblems() ? CommandLine::Failure : CommandLine::Success;
}

QString ImportCommand::helpText()
{
    return tr("Utilisation : carnet [--data-dir DOSSIER] import FICHIER... [--dry-run]\n"
              "                    [--format carnet|coop|api|tableur|v1] [--encodage windows-1252]\n"
              "                    [--colonnes date=A,duree=C,...] [--ignorer-erreurs]\n\n"
              "Importe des activités : le fichier d'activités de Carnet (CSV ou XLSX), l'export des activités de\n"
              "La Coop (coop-numerique_accompagnements_*.xlsx), des pages JSON de son API (/api/v1/activites,\n"
              "plusieurs fichiers possibles), un tableur à vous (CSV ou XLSX, avec --colonnes) ou les archives de\n"
              "l'Espace Coop (2020-2024). Le format est reconnu d'après la ligne d'en-tête du fichier.\n"
              "Affiche les activités à ajouter, celles déjà présentes et les problèmes par ligne et colonne, puis\n"
              "écrit tout en une fois. Importer deux fois le même fichier n'ajoute rien la seconde fois.\n"
              "Code de sortie 1 s'il y a des problèmes : rien n'est alors écrit, sauf avec --ignorer-erreurs.\n\n"
              "  --dry-run            affiche ce qui serait importé, sans rien écrire\n"
              "  --format FORMAT      impose le format au lieu de le reconnaître\n"
              "  --encodage NOM       encodage d'un CSV qui n'est pas en UTF-8 (windows-1252)\n"
              "  --colonnes LISTE     pour un tableur : quelle colonne (lettre ou titre) contient quel champ,\n"
              "                       parmi date, duree, type, thematiques, lieu, canal, commune, materiel,\n"
              "                       tags, notes, atelier, participants, genre, age, statut, autonomie ;\n"
              "                       retenu pour les fichiers suivants qui ont les mêmes colonnes\n"
              "  --ignorer-erreurs    importe les activités valides et laisse de côté celles qui ont un problème\n");
}
