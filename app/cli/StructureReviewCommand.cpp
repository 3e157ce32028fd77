#include "app/cli/StructureReviewCommand.h"

#include "app/cli/StatsCommand.h"
#include "models/domain/Clock.h"
#include "models/io/StructureReview.h"
#include "models/text/Durations.h"
#include "models/text/FrenchText.h"

#include <QDateTime>
#include <QFileInfo>
#include <QTextStream>

namespace {
QString activities(qint64 n)
{
    return FrenchText::count(n, StructureReviewCommand::tr("activité"), StructureReviewCommand::tr("activités"));
}

QString duplicates(qint64 n)
{
    return FrenchText::count(
        n, StructureReviewCommand::tr("doublon écarté"), StructureReviewCommand::tr("doublons écartés"));
}
} // namespace

QString StructureReviewCommand::helpText()
{
    return tr("Utilisation : carnet bilan-structure FICHIER... --output FICHIER.xlsx\n"
              "                    [--from AAAA-MM-JJ | --depuis-le-debut] [--to AAAA-MM-JJ] [filtres de stats]\n"
              "                    [--encodage windows-1252]\n\n"
              "Le bilan d'une structure à partir des exports d'activités de ses médiateurs (fichiers d'activités\n"
              "de Carnet ou exports des activités de La Coop, xlsx ou csv), sans toucher à la base de Carnet.\n"
              "Le médiateur de chaque fichier est lu dans son en-tête (Prénom, Nom), sinon pris du nom du\n"
              "fichier ; les fichiers d'un même médiateur sont regroupés. Chaque activité compte une fois, par\n"
              "son « ID CRA » : un fichier donné deux fois, ou deux exports dont les périodes se recouvrent, ne\n"
              "la comptent pas deux fois (les doublons écartés sont comptés).\n\n"
              "Le classeur écrit a une feuille « Synthèse » (une ligne par médiateur et une ligne « Équipe »),\n"
              "une feuille « Équipe » avec les statistiques rubrique par rubrique, puis une feuille par\n"
              "médiateur. Un fichier illisible est signalé et les autres sont comptés quand même (code de\n"
              "sortie 1).\n\n"
              "  --output FICHIER     le classeur à écrire (.xlsx ; .csv : les feuilles l'une sous l'autre)\n"
              "  --from AAAA-MM-JJ    premier jour de la période (12 derniers mois par défaut)\n"
              "  --depuis-le-debut    depuis la première activité des fichiers\n"
              "  --to AAAA-MM-JJ      dernier jour de la période (aujourd'hui par défaut)\n"
              "  --type, --lieu, --commune, --departement, --thematique, --tag\n"
              "                       les filtres, comme pour « carnet stats »\n"
              "  --encodage NOM       l'encodage des fichiers csv qui ne sont pas en UTF-8 (windows-1252)\n");
}

int StructureReviewCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("bilan-structure");
    if (parsed.arguments.isEmpty()) {
        err << tr("bilan-structure : donnez les fichiers d'activités des médiateurs.") << '\n'
            << tr("Voir « carnet bilan-structure --help ».") << Qt::endl;
        return CommandLine::Usage;
    }
    QString output = parsed.options.value(QStringLiteral("--output"));
    if (output.trimmed().isEmpty()) {
        err << tr("bilan-structure : --output FICHIER.xlsx est obligatoire (le classeur à écrire).") << Qt::endl;
        return CommandLine::Usage;
    }
    const QString suffix = QFileInfo(output).suffix().toLower();
    if (suffix != QLatin1String("xlsx") && suffix != QLatin1String("csv")) {
        err << tr("bilan-structure : --output attend un fichier .xlsx ou .csv, pas « %1 ».").arg(output) << Qt::endl;
        return CommandLine::Usage;
    }
    const QDate today = Clock::system().today();
    StatsFilter filter;
    QString error;
    if (!StatsCommand::readFilter(parsed, today, &filter, &error, command)) {
        err << error << Qt::endl;
        return CommandLine::Usage;
    }
    if (parsed.options.contains(QStringLiteral("--depuis-le-debut")))
        filter.from = QDate(); // since the first activity of the files
    const QString encoding = parsed.options.value(QStringLiteral("--encodage"));

    StructureReview review;
    for (const QString &path : parsed.arguments) {
        StructureReview::File file = StructureReview::readFile(path, today, encoding);
        if (!file.error.isEmpty())
            err << file.error << Qt::endl;
        review.addFile(std::move(file));
    }
    StructureReview::Options options;
    options.filter = filter;
    options.today = today;
    if (!review.compute(options, &error)) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    if (!review.write(output, QDateTime::currentDateTimeUtc(), &error)) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }

    const StatsFilter &period = review.filter();
    out << tr("Bilan de structure du %1 au %2")
               .arg(
                   period.from.toString(QStringLiteral("dd/MM/yyyy")), period.to.toString(QStringLiteral("dd/MM/yyyy")))
        << "\n\n";
    for (const StructureReview::Figures &f : review.mediators()) {
        out << f.name << QStringLiteral(" : ") << FrenchText::count(f.files.size(), tr("fichier"), tr("fichiers"))
            << QStringLiteral(", ") << activities(f.activities) << QStringLiteral(", ") << duplicates(f.duplicates);
        if (f.crossDuplicates > 0)
            out << QStringLiteral(", ")
                << tr("%1 déjà dans les fichiers d'un autre médiateur").arg(FrenchText::number(f.crossDuplicates));
        out << '\n';
        out << QStringLiteral("  ")
            << tr("sur la période : %1, %2, temps passé %3")
                   .arg(activities(f.stats.headline.activites),
                       FrenchText::count(f.stats.headline.accompagnements, tr("accompagnement"), tr("accompagnements")),
                       Durations::total(f.stats.headline.minutes))
            << '\n';
    }
    const StructureReview::Figures &t = review.team();
    out << t.name << QStringLiteral(" : ") << activities(t.activities) << QStringLiteral(", ")
        << duplicates(t.duplicates + t.crossDuplicates) << '\n';
    out << QStringLiteral("  ")
        << tr("sur la période : %1, %2, temps passé %3")
               .arg(activities(t.stats.headline.activites),
                   FrenchText::count(t.stats.headline.accompagnements, tr("accompagnement"), tr("accompagnements")),
                   Durations::total(t.stats.headline.minutes))
        << '\n';
    int failed = 0;
    for (const StructureReview::File &f : review.files())
        failed += f.error.isEmpty() ? 0 : 1;
    if (failed > 0)
        out << '\n'
            << tr("%1 non lu(s) : voir les messages ci-dessus.")
                   .arg(FrenchText::count(failed, tr("fichier"), tr("fichiers")))
            << '\n';
    out << '\n' << tr("Bilan écrit dans %1").arg(QFileInfo(output).fileName()) << '\n';
    return failed > 0 ? CommandLine::Failure : CommandLine::Success;
}
