#include "CommandLine.h"

#include "DataLocation.h"
#include "DemoGenerator.h"
#include "FrenchText.h"
#include "IntegrityChecker.h"
#include "Store.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>

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
};

const QList<CommandSpec> &commands()
{
    static const QList<CommandSpec> specs = {
        {"info", {{"--json", false}}},
        {"demo", {{"--count", true}, {"--seed", true}, {"--append", false}}},
        {"check", {}},
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

using FrenchText::number;

bool openStore(Store &store, const CommandLine::Parsed &parsed, QString *dir, QTextStream &err)
{
    *dir = DataLocation::resolveDirectory(parsed.dataDir);
    QString error;
    if (!store.open(DataLocation::databasePath(*dir), &error)) {
        err << error << Qt::endl;
        return false;
    }
    return true;
}

int runInfo(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    Store store;
    QString dir;
    if (!openStore(store, parsed, &dir, err))
        return CommandLine::Failure;
    const StoreCounts c = store.counts();
    if (parsed.options.contains(QStringLiteral("--json"))) {
        const QJsonObject json{
            {QStringLiteral("dossier_donnees"), dir},
            {QStringLiteral("base"), store.filePath()},
            {QStringLiteral("version_schema"), store.schemaVersion()},
            {QStringLiteral("activites"),
             QJsonObject{{QStringLiteral("total"), c.activites()},
                         {QStringLiteral("individuel"), c.individuels},
                         {QStringLiteral("collectif"), c.collectifs},
                         {QStringLiteral("supprimees"),
                          QJsonObject{{QStringLiteral("total"), c.individuelsSupprimes + c.collectifsSupprimes},
                                      {QStringLiteral("individuel"), c.individuelsSupprimes},
                                      {QStringLiteral("collectif"), c.collectifsSupprimes}}}}},
            {QStringLiteral("beneficiaires"),
             QJsonObject{{QStringLiteral("suivis"), c.beneficiaires},
                         {QStringLiteral("supprimes"), c.beneficiairesSupprimes}}},
            {QStringLiteral("lieux"),
             QJsonObject{{QStringLiteral("actifs"), c.lieux}, {QStringLiteral("archives"), c.lieuxArchives}}},
        };
        out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
        return CommandLine::Success;
    }
    out << CommandLine::tr("Dossier des données : %1").arg(dir) << '\n'
        << CommandLine::tr("Base de données : %1 (schéma %2)").arg(store.filePath()).arg(store.schemaVersion()) << '\n'
        << CommandLine::tr("Activités : %1 (%2 accompagnements individuels, %3 ateliers collectifs)")
               .arg(number(c.activites()), number(c.individuels), number(c.collectifs))
        << '\n'
        << CommandLine::tr("Activités supprimées : %1 (%2 individuels, %3 collectifs)")
               .arg(number(c.individuelsSupprimes + c.collectifsSupprimes), number(c.individuelsSupprimes),
                    number(c.collectifsSupprimes))
        << '\n'
        << CommandLine::tr("Bénéficiaires suivis : %1 (%2 supprimés)")
               .arg(number(c.beneficiaires), number(c.beneficiairesSupprimes))
        << '\n'
        << CommandLine::tr("Lieux d'activité : %1 (%2 archivés)").arg(number(c.lieux), number(c.lieuxArchives))
        << '\n';
    return CommandLine::Success;
}

bool parseNumber(const QString &text, qint64 min, qint64 max, qint64 *value)
{
    bool ok = false;
    *value = text.toLongLong(&ok);
    return ok && *value >= min && *value <= max;
}

int runDemo(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    DemoGenerator::Options options;
    if (!parsed.options.contains(QStringLiteral("--count"))) {
        err << CommandLine::tr("demo : indiquez le nombre d'activités avec --count N.") << Qt::endl;
        return CommandLine::Usage;
    }
    if (!parseNumber(parsed.options.value(QStringLiteral("--count")), 0, 100'000'000, &options.count)) {
        err << CommandLine::tr("demo : --count attend un nombre entier entre 0 et 100 000 000, pas « %1 ».")
                   .arg(parsed.options.value(QStringLiteral("--count")))
            << Qt::endl;
        return CommandLine::Usage;
    }
    qint64 seed = 1;
    if (parsed.options.contains(QStringLiteral("--seed"))
        && !parseNumber(parsed.options.value(QStringLiteral("--seed")), 0, std::numeric_limits<qint64>::max(), &seed)) {
        err << CommandLine::tr("demo : --seed attend un nombre entier positif, pas « %1 ».")
                   .arg(parsed.options.value(QStringLiteral("--seed")))
            << Qt::endl;
        return CommandLine::Usage;
    }
    options.seed = static_cast<quint64>(seed);
    options.append = parsed.options.contains(QStringLiteral("--append"));

    Store store;
    QString dir;
    if (!openStore(store, parsed, &dir, err))
        return CommandLine::Failure;
    QElapsedTimer timer;
    timer.start();
    QString error;
    const bool ok = DemoGenerator::populate(store, options, &error, [&](qint64 done, qint64 total) {
        err << CommandLine::tr("Génération : %1 / %2 activités").arg(number(done), number(total)) << '\r';
        err.flush();
        return true;
    });
    if (options.count > 0)
        err << '\n';
    if (!ok) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    out << CommandLine::tr("%1 activités de démonstration ajoutées dans %2 en %3 s.")
               .arg(number(options.count), store.filePath(),
                    QLocale(QLocale::French).toString(static_cast<double>(timer.elapsed()) / 1000.0, 'f', 1))
        << '\n';
    return CommandLine::Success;
}

int runCheck(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    Store store;
    QString dir;
    if (!openStore(store, parsed, &dir, err))
        return CommandLine::Failure;
    const IntegrityReport report = IntegrityChecker::run(store, [&](qint64 done) {
        err << CommandLine::tr("Vérification : %1 activités").arg(number(done)) << '\r';
        err.flush();
    });
    if (report.ok()) {
        out << CommandLine::tr("Base vérifiée : aucun problème (%1 activités contrôlées).")
                   .arg(number(report.activitiesChecked))
            << '\n';
        return CommandLine::Success;
    }
    for (const QString &problem : report.problems)
        out << problem << '\n';
    if (report.problemCount > report.problems.size())
        out << CommandLine::tr("… et %1 autres problèmes.").arg(number(report.problemCount - report.problems.size()))
            << '\n';
    err << CommandLine::tr("%1 dans %2.")
               .arg(FrenchText::count(report.problemCount, CommandLine::tr("problème trouvé"),
                                      CommandLine::tr("problèmes trouvés")),
                    store.filePath())
        << Qt::endl;
    return CommandLine::Failure;
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
        } else if (!spec && !name.startsWith(QLatin1Char('-'))) {
            spec = findCommand(name);
            if (!spec) {
                p.error = tr("Commande inconnue : « %1 ». Commandes : info, demo, check.").arg(name);
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
        } else {
            p.error = spec ? tr("Argument inattendu : « %1 ».").arg(arg) : tr("Option inconnue : %1").arg(arg);
            return p;
        }
    }
    return p;
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
        return tr("Utilisation : carnet [--data-dir DOSSIER] check\n\n"
                  "Vérifie l'intégrité du fichier SQLite et les règles des comptes-rendus sur chaque activité.\n"
                  "Code de sortie 1 si un problème est trouvé.\n");
    return tr("Utilisation : carnet [OPTIONS] [COMMANDE [options]]\n\n"
              "Sans commande, ouvre la fenêtre de Carnet.\n\n"
              "Commandes :\n"
              "  info     état de la base : dossier, schéma, nombre d'activités, bénéficiaires, lieux\n"
              "  demo     remplit la base avec des activités de démonstration\n"
              "  check    vérifie l'intégrité de la base et des activités\n\n"
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
    if (parsed.command == QLatin1String("info"))
        return runInfo(parsed, out, err);
    if (parsed.command == QLatin1String("demo"))
        return runDemo(parsed, out, err);
    if (parsed.command == QLatin1String("check"))
        return runCheck(parsed, out, err);
    err << tr("Aucune commande donnée. Voir « carnet --help ».") << Qt::endl;
    return Usage;
}
