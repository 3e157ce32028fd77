#include "app/cli/CommandLine.h"

#include "app/cli/BackupCommand.h"
#include "app/cli/BilanCommand.h"
#include "app/cli/CheckCommand.h"
#include "app/cli/DemoCommand.h"
#include "app/cli/ExportCommand.h"
#include "app/cli/ImportCommand.h"
#include "app/cli/InfoCommand.h"
#include "app/cli/SalvageCommand.h"
#include "app/cli/StatsCommand.h"
#include "app/cli/StructureReviewCommand.h"
#include "app/cli/SyncCommand.h"
#include "models/store/DataLocation.h"
#include "models/store/Store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <algorithm>

namespace {

struct OptionSpec
{
    const char *name;
    bool takesValue;
};

struct CommandSpec
{
    const char *name;
    QList<OptionSpec> options;
    int (*run)(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err);
    int arguments = 0; // how many arguments that are not options it takes (Parsed::arguments)
};

const QList<CommandSpec> &commands()
{
    static const QList<CommandSpec> specs = {
        {"info", {{"--json", false}}, &InfoCommand::run},
        {"demo", {{"--count", true}, {"--seed", true}, {"--append", false}}, &DemoCommand::run},
        {"check", {{"--reparer", false}}, &CheckCommand::run},
        {"stats",
            {{"--from", true}, {"--to", true}, {"--depuis-le-debut", false}, {"--type", true}, {"--lieu", true},
                {"--commune", true}, {"--departement", true}, {"--thematique", true}, {"--tag", true},
                {"--source", true}, {"--comparer", true}, {"--json", false}},
            &StatsCommand::run},
        {"export",
            {{"--format", true}, {"--separateur", true}, {"--output", true}, {"--from", true}, {"--to", true},
                {"--depuis-le-debut", false}, {"--type", true}, {"--lieu", true}, {"--commune", true},
                {"--departement", true}, {"--thematique", true}, {"--tag", true}, {"--source", true},
                {"--comparer", true}, {"--programme", true}, {"--logo", true}, {"--pdfa", false}, {"--sans", true}},
            &ExportCommand::run, 1},
        {"sauvegarder", {}, &BackupCommand::runSave, 1},
        {"restaurer", {}, &BackupCommand::runRestore, 1},
        {"recuperer", {{"--force", false}}, &SalvageCommand::run},
        {"sync", {{"--server", true}}, &SyncCommand::run},
        {"import",
            {{"--dry-run", false}, {"--format", true}, {"--encodage", true}, {"--colonnes", true},
                {"--ignorer-erreurs", false}},
            &ImportCommand::run, 1000},
        {"bilan-structure",
            {{"--output", true}, {"--from", true}, {"--to", true}, {"--depuis-le-debut", false}, {"--type", true},
                {"--lieu", true}, {"--commune", true}, {"--departement", true}, {"--thematique", true}, {"--tag", true},
                {"--encodage", true}},
            &StructureReviewCommand::run, 1000},
    };
    return specs;
}

const CommandSpec *findCommand(const QString &name)
{
    for (const CommandSpec &spec : commands()) {
        if (name == QLatin1String(spec.name))
            return &spec;
    }
    return nullptr;
}

} // namespace

CommandLine::Parsed CommandLine::parse(const QStringList &arguments)
{
    Parsed p;
    const CommandSpec *spec = nullptr;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString arg = arguments.at(i);
        QString name = arg;
        QString inlineValue;
        bool hasInlineValue = false;
        if (arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('='))) {
            name = arg.section(QLatin1Char('='), 0, 0);
            inlineValue = arg.section(QLatin1Char('='), 1);
            hasInlineValue = true;
        }
        const auto takeValue = [&](QString *value) {
            if (hasInlineValue) {
                *value = inlineValue;
                return true;
            }
            if (i + 1 >= arguments.size() || arguments.at(i + 1).startsWith(QLatin1String("--")))
                return false;
            *value = arguments.at(++i);
            return true;
        };
        if (name == QLatin1String("--help") || name == QLatin1String("-h")) {
            p.help = true;
        } else if (name == QLatin1String("--version") || name == QLatin1String("-v")) {
            p.version = true;
        } else if (name == QLatin1String("--data-dir")) {
            if (!takeValue(&p.dataDir)) {
                p.error = tr("L'option --data-dir attend un dossier.");
                return p;
            }
            if (p.dataDir.trimmed().isEmpty()) {
                // An empty value (a shell variable that was not set) must not quietly mean the default folder.
                p.error = tr("L'option --data-dir a reçu un dossier vide. Donnez un dossier, ou retirez l'option "
                             "pour utiliser le dossier habituel.");
                return p;
            }
        } else if (!spec && !name.startsWith(QLatin1Char('-'))) {
            spec = findCommand(name);
            if (!spec) {
                p.error = tr("Commande inconnue : « %1 ». Commandes : info, demo, check, stats, export, import, "
                             "bilan-structure, sauvegarder, restaurer, recuperer.")
                              .arg(name);
                return p;
            }
            p.command = name;
        } else if (spec && name.startsWith(QLatin1String("--"))) {
            const auto option = std::find_if(spec->options.cbegin(), spec->options.cend(),
                [&](const OptionSpec &o) { return name == QLatin1String(o.name); });
            if (option == spec->options.cend()) {
                p.error = tr("Option inconnue pour « %1 » : %2").arg(p.command, name);
                return p;
            }
            QString value;
            if (option->takesValue && !takeValue(&value)) {
                p.error = tr("L'option %1 attend une valeur.").arg(name);
                return p;
            }
            if (!option->takesValue && hasInlineValue) {
                p.error = tr("L'option %1 ne prend pas de valeur.").arg(name);
                return p;
            }
            p.options.insert(name, value);
        } else if (spec && !name.startsWith(QLatin1Char('-')) && p.arguments.size() < spec->arguments) {
            p.arguments.append(arg);
        } else {
            p.error = spec ? tr("Argument inattendu : « %1 ».").arg(arg) : tr("Option inconnue : %1").arg(arg);
            return p;
        }
    }
    return p;
}

QStringList CommandLine::argumentsOf(int argc, char **argv, QString *error)
{
    const auto isUtf8 = [](const QByteArray &bytes) { return QString::fromUtf8(bytes).toUtf8() == bytes; };
    QStringList args;
    for (int i = 1; i < argc; ++i) {
        const QByteArray bytes(argv[i]);
        if (!isUtf8(bytes) && error->isEmpty())
            *error = tr("L'argument « %1 » n'est pas écrit en UTF-8 (un nom de dossier venu d'un ancien système ?) : "
                        "Carnet ne peut pas s'en servir sans risquer d'ouvrir un autre dossier. Renommez le dossier "
                        "avec des caractères UTF-8, ou donnez un autre chemin.")
                         .arg(QString::fromUtf8(bytes));
        args.append(QFile::decodeName(bytes));
    }
    const QByteArray env = qgetenv(DataLocation::EnvironmentVariable);
    if (!isUtf8(env) && error->isEmpty())
        *error = tr("La variable %1 n'est pas écrite en UTF-8 : Carnet ne peut pas s'en servir sans risquer "
                    "d'ouvrir un autre dossier.")
                     .arg(QLatin1String(DataLocation::EnvironmentVariable));
    return args;
}

QString CommandLine::existingBase(const Parsed &parsed, QTextStream &err, const QString &nothingTo)
{
    const QString dir = DataLocation::resolveDirectory(parsed.dataDir);
    const QString base = DataLocation::databasePath(dir);
    if (const QString orphan = Store::orphanJournal(base); !orphan.isEmpty()) {
        err << orphan << Qt::endl;
        return QString();
    }
    if (!QFileInfo(base).isFile()) {
        err << tr("Le dossier « %1 » ne contient pas de base Carnet : %2.")
                   .arg(QDir::toNativeSeparators(dir), nothingTo)
            << Qt::endl;
        return QString();
    }
    return base;
}

bool CommandLine::openStore(
    Store &store, const Parsed &parsed, QString *dir, QTextStream &err, const Store::OpenOptions &options)
{
    *dir = DataLocation::resolveDirectory(parsed.dataDir);
    QString error;
    if (!store.open(DataLocation::databasePath(*dir), &error, options)) {
        err << error << Qt::endl;
        return false;
    }
    if (!store.privacyNotice().isEmpty())
        err << store.privacyNotice() << Qt::endl;
    if (store.isReadOnly())
        err << store.readOnlyReason() << Qt::endl;
    return true;
}

bool CommandLine::wantsWindow(const QStringList &arguments)
{
    const Parsed p = parse(arguments);
    return p.error.isEmpty() && p.command.isEmpty() && !p.help && !p.version;
}

QString CommandLine::helpText(const QString &command)
{
    if (command == QLatin1String("info"))
        return tr("Utilisation : carnet [--data-dir DOSSIER] info [--json]\n\n"
                  "Affiche le dossier des données, la version du schéma de la base et le nombre d'activités\n"
                  "(par type, supprimées à part), de bénéficiaires suivis et de lieux.\n\n"
                  "  --json    le résultat en JSON\n");
    if (command == QLatin1String("demo"))
        return tr("Utilisation : carnet [--data-dir DOSSIER] demo --count N [--seed S] [--append]\n\n"
                  "Remplit la base avec N activités de démonstration réalistes sur les 24 derniers mois.\n"
                  "Les mêmes N et S donnent les mêmes données. Refuse une base qui contient déjà des activités.\n\n"
                  "  --count N    nombre d'activités (jusqu'à 100 000 000)\n"
                  "  --seed S     graine du générateur (1 par défaut)\n"
                  "  --append     ajoute à une base qui contient déjà des activités\n");
    if (command == QLatin1String("check"))
        return tr("Utilisation : carnet [--data-dir DOSSIER] check [--reparer]\n\n"
                  "Vérifie l'intégrité du fichier SQLite, les index et déclencheurs du schéma, et les règles des\n"
                  "comptes-rendus sur chaque activité. Code de sortie 1 si un problème est trouvé.\n\n"
                  "  --reparer    rétablit d'abord les index et déclencheurs manquants ou modifiés, puis\n"
                  "               reconstruit la copie des activités que lisent les statistiques et les\n"
                  "               compteurs (ils ne contiennent rien que les activités n'aient pas)\n\n"
                  "Un fichier endommagé ne se répare pas ainsi : « carnet restaurer FICHIER » remet une\n"
                  "sauvegarde, « carnet recuperer » recopie ce qui est encore lisible.\n");
    if (command == QLatin1String("sauvegarder"))
        return tr("Utilisation : carnet [--data-dir DOSSIER] sauvegarder FICHIER\n\n"
                  "Écrit une copie complète et cohérente de la base dans FICHIER (par exemple sur une clé USB),\n"
                  "même pendant que la fenêtre de Carnet est ouverte. Un FICHIER qui existe est remplacé ; un\n"
                  "dossier reçoit carnet-sauvegarde-AAAA-MM-JJ.sqlite. Le fichier n'est lisible que par votre compte.\n"
                  "Carnet fait aussi chaque jour une copie automatique dans le dossier « sauvegardes » des données.\n");
    if (command == QLatin1String("restaurer"))
        return tr("Utilisation : carnet [--data-dir DOSSIER] restaurer FICHIER\n\n"
                  "Remplace la base par la sauvegarde FICHIER, après l'avoir vérifiée (intégrité du fichier,\n"
                  "base Carnet, version du schéma). La base remplacée est gardée dans le dossier « sauvegardes »\n"
                  "des données. Un fichier endommagé ou qui n'est pas une sauvegarde Carnet est refusé et la base\n"
                  "reste telle quelle. Fermez d'abord la fenêtre de Carnet.\n");
    if (command == QLatin1String("recuperer"))
        return tr("Utilisation : carnet [--data-dir DOSSIER] recuperer [--force]\n\n"
                  "Quand la base est endommagée : recopie ce qui est encore lisible (profil, lieux, bénéficiaires,\n"
                  "activités, participants des ateliers) dans une nouvelle base qui prend sa place. Le fichier\n"
                  "endommagé est gardé dans le dossier « sauvegardes » des données. Fermez d'abord la fenêtre de\n"
                  "Carnet. Si vous avez une sauvegarde récente, « carnet restaurer » la remet telle quelle.\n\n"
                  "  --force    recopie aussi une base que la vérification de SQLite trouve saine\n");
    if (command == QLatin1String("import"))
        return ImportCommand::helpText();
    if (command == QLatin1String("sync"))
        return SyncCommand::helpText();
    if (command == QLatin1String("bilan-structure"))
        return StructureReviewCommand::helpText();
    if (command == QLatin1String("export"))
        return tr("Utilisation : carnet [--data-dir DOSSIER] export activites|statistiques|beneficiaires|bilan\n"
                  "                    --output FICHIER [--format csv|xlsx] [--separateur virgule]\n"
                  "                    [--from AAAA-MM-JJ | --depuis-le-debut] [--to AAAA-MM-JJ] [filtres de stats]\n\n"
                  "Écrit un fichier pour un tableur :\n"
                  "  activites      une ligne par accompagnement, avec les colonnes de l'export de La Coop puis\n"
                  "                 celles de Carnet (toutes les activités, ou celles de la période)\n"
                  "  statistiques   les statistiques de la période (12 derniers mois par défaut), rubrique par\n"
                  "                 rubrique : libellé, nombre, pourcentage\n"
                  "  beneficiaires  les bénéficiaires suivis, dans le modèle d'import de La Coop (xlsx)\n\n"
                  "Le fichier est écrit sous un nom provisoire puis renommé : en cas d'échec, rien n'est écrit\n"
                  "et un fichier déjà présent reste tel quel.\n\n"
                  "  --output FICHIER     le fichier à écrire\n"
                  "  --format FORMAT      csv (UTF-8, point-virgule, par défaut) ou xlsx ; sinon l'extension\n"
                  "                       de FICHIER\n"
                  "  --separateur virgule des virgules plutôt que des points-virgules entre les cellules (csv)\n"
                  "  --from, --to, --depuis-le-debut, --type, --lieu, --commune, --departement, --thematique,\n"
                  "  --tag, --source      la période et les filtres, comme pour « carnet stats »\n\n")
            + BilanCommand::helpText();
    if (command == QLatin1String("stats"))
        return tr(
            "Utilisation : carnet [--data-dir DOSSIER] stats [--from AAAA-MM-JJ | --depuis-le-debut]\n"
            "                    [--to AAAA-MM-JJ] [--type individuel|collectif] [--lieu ID]\n"
            "                    [--commune INSEE] [--departement CODE] [--thematique CODE] [--tag NOM]\n"
            "                    [--source carnet|coop|v1|tableur] [--comparer precedente|annee] [--json]\n\n"
            "Affiche les statistiques de la période, comptées comme sur la plateforme nationale :\n"
            "activités, accompagnements, bénéficiaires, temps passé, avec l'évolution par rapport à la\n"
            "période précédente de même durée (ou à la même période un an avant), puis les principales\n"
            "valeurs de chaque répartition.\n"
            "Par défaut, les 12 derniers mois jusqu'à aujourd'hui. Les filtres se répètent : --type, --lieu,\n"
            "--commune, --departement, --thematique, --tag et --source donnés plusieurs fois gardent les activités\n"
            "qui ont l'une des valeurs (par exemple --thematique email --thematique sante).\n\n"
            "  --from AAAA-MM-JJ    premier jour de la période (inclus)\n"
            "  --depuis-le-debut    depuis la première activité enregistrée\n"
            "  --to AAAA-MM-JJ      dernier jour de la période (inclus ; aujourd'hui par défaut)\n"
            "  --type TYPE          seulement les accompagnements individuels ou les ateliers collectifs\n"
            "  --lieu ID            seulement les activités de ce lieu d'activité (identifiant)\n"
            "  --commune INSEE      seulement les activités de cette commune (code INSEE)\n"
            "  --departement CODE   seulement les activités de ce département (23, 2A, 971…)\n"
            "  --thematique CODE    seulement les activités de cette thématique (code de la nomenclature)\n"
            "  --tag NOM            seulement les activités qui portent cette étiquette\n"
            "  --source ORIGINE     seulement les activités de cette origine : carnet (saisies dans Carnet),\n"
            "                       coop (importées de La Coop), v1 (Espace Coop, 2020-2024) ou tableur\n"
            "  --comparer QUOI      comparer à la période précédente de même durée (precedente, par défaut)\n"
            "                       ou à la même période un an avant (annee)\n"
            "  --json               le résultat complet en JSON (voir le README)\n");
    return tr("Utilisation : carnet [OPTIONS] [COMMANDE [options]]\n\n"
              "Sans commande, ouvre la fenêtre de Carnet.\n\n"
              "Commandes :\n"
              "  info                 état de la base : dossier, schéma, activités, bénéficiaires, lieux\n"
              "  demo                 remplit la base avec des activités de démonstration\n"
              "  check                vérifie l'intégrité de la base et des activités\n"
              "  stats                statistiques d'une période (« Mes statistiques » de la plateforme)\n"
              "  export QUOI          exporte activités, statistiques ou bénéficiaires (csv, xlsx)\n"
              "  sauvegarder FICHIER  copie la base dans FICHIER (une clé USB…)\n"
              "  restaurer FICHIER    remplace la base par une sauvegarde vérifiée\n"
              "  recuperer            recopie ce qui est lisible d'une base endommagée\n"
              "  sync                 synchronise la base avec le serveur (envoie, puis reçoit)\n"
              "  import FICHIER       importe des activités (Carnet, La Coop, tableur, Espace Coop)\n"
              "  bilan-structure FICHIER...\n"
              "                       bilan de structure des exports de plusieurs médiateurs (xlsx)\n"
              "  export bilan         le bilan d'activité d'une période en PDF\n\n"
              "Options :\n"
              "  --data-dir DOSSIER   dossier des données (sinon $CARNET_DATA_DIR, sinon le dossier de\n"
              "                       l'utilisateur)\n"
              "  -h, --help           cette aide ; « carnet COMMANDE --help » pour l'aide d'une commande\n"
              "  -v, --version        la version de Carnet\n\n"
              "Codes de sortie : 0 réussite, 1 échec ou problème trouvé, 2 ligne de commande incorrecte.\n");
}

int CommandLine::run(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const Parsed parsed = parse(arguments);
    if (!parsed.error.isEmpty()) {
        err << parsed.error << '\n' << tr("Voir « carnet --help ».") << Qt::endl;
        return Usage;
    }
    if (parsed.help) {
        out << helpText(parsed.command);
        return Success;
    }
    if (parsed.version) {
        out << QStringLiteral("carnet %1").arg(QLatin1String(CARNET_VERSION)) << '\n';
        return Success;
    }
    if (const CommandSpec *spec = findCommand(parsed.command))
        return spec->run(parsed, out, err);
    err << tr("Aucune commande donnée. Voir « carnet --help ».") << Qt::endl;
    return Usage;
}
