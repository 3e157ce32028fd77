#include "app/cli/CommandLine.h"

#include "models/demo/DemoGenerator.h"
#include "models/domain/Nomenclature.h"
#include "models/io/StatsJson.h"
#include "models/stats/Breakdowns.h"
#include "models/stats/StatsEngine.h"
#include "models/store/DataLocation.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
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
        {"check", {{"--reparer", false}}},
        {"stats",
            {{"--from", true}, {"--to", true}, {"--type", true}, {"--lieu", true}, {"--commune", true},
                {"--thematique", true}, {"--comparer", true}, {"--json", false}}},
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
                QJsonObject{{QStringLiteral("total"), c.activites()}, {QStringLiteral("individuel"), c.individuels},
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
        << CommandLine::tr("Lieux d'activité : %1 (%2 archivés)").arg(number(c.lieux), number(c.lieuxArchives)) << '\n';
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
    if (parsed.options.contains(QStringLiteral("--reparer"))) {
        QString error;
        if (!store.rebuildStatistics(&error)) {
            err << CommandLine::tr("La copie des statistiques n'a pas pu être reconstruite : %1").arg(error)
                << Qt::endl;
            return CommandLine::Failure;
        }
        out << CommandLine::tr("Copie des statistiques reconstruite.") << '\n';
    }
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
               .arg(FrenchText::count(
                        report.problemCount, CommandLine::tr("problème trouvé"), CommandLine::tr("problèmes trouvés")),
                   store.filePath())
        << Qt::endl;
    return CommandLine::Failure;
}

// Reads the options of `stats` into a filter; false with a French message on a wrong value.
bool statsFilter(const CommandLine::Parsed &parsed, const QDate &today, StatsFilter *filter, QString *error)
{
    const auto dateOption = [&](const char *name, QDate *date) {
        const QString option = QLatin1String(name);
        if (!parsed.options.contains(option))
            return true;
        const QString text = parsed.options.value(option);
        *date = QDate::fromString(text, QStringLiteral("yyyy-MM-dd"));
        if (!date->isValid()) {
            *error = CommandLine::tr("stats : %1 attend une date au format AAAA-MM-JJ, pas « %2 ».").arg(option, text);
            return false;
        }
        return true;
    };
    QDate from;
    QDate to;
    if (!dateOption("--from", &from) || !dateOption("--to", &to))
        return false;
    if (!to.isValid())
        to = from.isValid() && from > today ? from : today;
    if (!from.isValid())
        from = to.addYears(-1).addDays(1);
    if (from > to) {
        *error = CommandLine::tr("stats : la date de --from (%1) est après celle de --to (%2).")
                     .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate));
        return false;
    }
    filter->from = from;
    filter->to = to;
    const Nomenclature &n = Nomenclature::instance();
    if (parsed.options.contains(QStringLiteral("--type"))) {
        const QString type = parsed.options.value(QStringLiteral("--type"));
        if (!n.contains(Nomenclature::List::TypeActivite, type)) {
            *error = CommandLine::tr("stats : --type attend %1, pas « %2 ».")
                         .arg(n.values(Nomenclature::List::TypeActivite).join(QLatin1String(" ou ")), type);
            return false;
        }
        filter->types = {type};
    }
    if (parsed.options.contains(QStringLiteral("--lieu"))) {
        const QString text = parsed.options.value(QStringLiteral("--lieu"));
        const QUuid id = QUuid::fromString(text);
        if (id.isNull()) {
            *error = CommandLine::tr("stats : --lieu attend l'identifiant d'un lieu, pas « %1 ».").arg(text);
            return false;
        }
        filter->lieux = {id};
    }
    if (parsed.options.contains(QStringLiteral("--commune"))) {
        const QString insee = parsed.options.value(QStringLiteral("--commune"));
        static const QRegularExpression pattern(QStringLiteral("^(\\d{5}|2[AB]\\d{3})$"));
        if (!pattern.match(insee).hasMatch()) {
            *error = CommandLine::tr("stats : --commune attend un code INSEE de 5 caractères, pas « %1 ».").arg(insee);
            return false;
        }
        filter->communes = {insee};
    }
    if (parsed.options.contains(QStringLiteral("--thematique"))) {
        const QString code = parsed.options.value(QStringLiteral("--thematique"));
        if (!n.contains(Nomenclature::List::ThematiqueMediation, code)
            && !n.contains(Nomenclature::List::ThematiqueDemarche, code)) {
            *error = CommandLine::tr("stats : thématique inconnue pour --thematique : « %1 ».").arg(code);
            return false;
        }
        filter->thematiques = {code};
    }
    if (parsed.options.contains(QStringLiteral("--comparer"))) {
        const QString comparison = parsed.options.value(QStringLiteral("--comparer"));
        if (comparison != QLatin1String("precedente") && comparison != QLatin1String("annee")) {
            *error = CommandLine::tr("stats : --comparer attend precedente ou annee, pas « %1 ».").arg(comparison);
            return false;
        }
        filter->compareYearBefore = comparison == QLatin1String("annee");
    }
    return true;
}

QString frenchDate(const QDate &date)
{
    return date.toString(QStringLiteral("dd/MM/yyyy"));
}

QString hours(qint64 minutes)
{
    return CommandLine::tr("%1 h %2").arg(number(minutes / 60)).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

// "1 234 (période précédente : 1 100, +12,2 %)", or "(un an avant : …)" for the same period one year before.
QString withChange(qint64 value, qint64 previous, const QString &shown, const QString &previousShown, bool yearBefore)
{
    QString change;
    if (previous == 0)
        change = value == 0 ? CommandLine::tr("stable") : CommandLine::tr("pas de comparaison possible");
    else if (value == previous)
        change = CommandLine::tr("stable");
    else
        change = QLocale(QLocale::French)
                     .toString(100.0 * static_cast<double>(value - previous) / static_cast<double>(previous), 'f', 1)
            + QStringLiteral(" %");
    if (value > previous && previous != 0)
        change.prepend(QLatin1Char('+'));
    return (
        yearBefore ? CommandLine::tr("%1 (un an avant : %2, %3)") : CommandLine::tr("%1 (période précédente : %2, %3)"))
        .arg(shown, previousShown, change);
}

void printSummary(const StatsResult &r, QTextStream &out)
{
    const Headline &h = r.headline;
    const bool yearBefore = r.yearBefore.has_value();
    const Headline &p = yearBefore ? *r.yearBefore : r.previous;
    const auto line = [&](const QString &label, qint64 value, qint64 previous) {
        out << label << QStringLiteral(" : ")
            << withChange(value, previous, number(value), number(previous), yearBefore) << '\n';
    };
    out << (yearBefore ? CommandLine::tr("Statistiques du %1 au %2 (comparées à la même période un an avant : "
                                         "du %3 au %4)")
                       : CommandLine::tr("Statistiques du %1 au %2 (période précédente : du %3 au %4)"))
               .arg(frenchDate(h.from), frenchDate(h.to), frenchDate(p.from), frenchDate(p.to))
        << "\n\n";
    line(CommandLine::tr("Activités"), h.activites, p.activites);
    line(CommandLine::tr("  accompagnements individuels"), h.individuels, p.individuels);
    line(CommandLine::tr("  ateliers collectifs"), h.collectifs, p.collectifs);
    line(CommandLine::tr("Accompagnements"), h.accompagnements, p.accompagnements);
    line(CommandLine::tr("  participants aux ateliers"), h.participantsAteliers, p.participantsAteliers);
    line(CommandLine::tr("Bénéficiaires"), h.beneficiaires, p.beneficiaires);
    line(CommandLine::tr("  suivis"), h.suivis, p.suivis);
    line(CommandLine::tr("  anonymes"), h.anonymes, p.anonymes);
    line(CommandLine::tr("  nouveaux"), h.nouveaux, p.nouveaux);
    out << CommandLine::tr("Temps passé") << QStringLiteral(" : ")
        << withChange(h.minutes, p.minutes, hours(h.minutes), hours(p.minutes), yearBefore) << '\n';

    const QLocale french(QLocale::French);
    constexpr int top = 5;
    for (const Breakdown &b : r.breakdowns) {
        out << '\n' << Breakdowns::title(b.key) << QStringLiteral(" :") << '\n';
        if (b.total == 0) {
            out << CommandLine::tr("  aucune donnée") << '\n';
            continue;
        }
        QList<BreakdownItem> items = b.items;
        std::stable_sort(items.begin(), items.end(),
            [](const BreakdownItem &x, const BreakdownItem &y) { return x.count > y.count; });
        int shown = 0;
        for (const BreakdownItem &item : std::as_const(items)) {
            if (item.count == 0 || shown == top)
                break;
            out << QStringLiteral("  ") << item.label << QStringLiteral(" : ") << number(item.count)
                << QStringLiteral(" (") << french.toString(item.percent, 'f', 1) << QStringLiteral(" %)") << '\n';
            ++shown;
        }
        const qsizetype rest
            = std::count_if(items.cbegin(), items.cend(), [](const BreakdownItem &i) { return i.count > 0; }) - shown;
        if (rest > 0)
            out << CommandLine::tr("  … et %1")
                       .arg(FrenchText::count(rest, CommandLine::tr("autre valeur"), CommandLine::tr("autres valeurs")))
                << '\n';
    }
}

int runStats(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    Store store;
    StatsFilter filter;
    QString error;
    if (!statsFilter(parsed, store.clock().today(), &filter, &error)) {
        err << error << Qt::endl;
        return CommandLine::Usage;
    }
    QString dir;
    if (!openStore(store, parsed, &dir, err))
        return CommandLine::Failure;
    const StatsResult result = StatsEngine::compute(store.database(), filter, store.clock().today());
    if (!result.error.isEmpty()) {
        err << result.error << Qt::endl;
        return CommandLine::Failure;
    }
    if (parsed.options.contains(QStringLiteral("--json"))) {
        out << QString::fromUtf8(QJsonDocument(StatsJson::toJson(result, filter)).toJson(QJsonDocument::Indented));
        return CommandLine::Success;
    }
    printSummary(result, out);
    return CommandLine::Success;
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
                p.error = tr("Commande inconnue : « %1 ». Commandes : info, demo, check, stats.").arg(name);
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
        return tr("Utilisation : carnet [--data-dir DOSSIER] check [--reparer]\n\n"
                  "Vérifie l'intégrité du fichier SQLite et les règles des comptes-rendus sur chaque activité.\n"
                  "Code de sortie 1 si un problème est trouvé.\n\n"
                  "  --reparer    reconstruit d'abord la copie des activités que lisent les statistiques\n"
                  "               (elle ne contient rien que les activités n'aient pas)\n");
    if (command == QLatin1String("stats"))
        return tr("Utilisation : carnet [--data-dir DOSSIER] stats [--from AAAA-MM-JJ] [--to AAAA-MM-JJ]\n"
                  "                    [--type individuel|collectif] [--lieu ID] [--commune INSEE]\n"
                  "                    [--thematique CODE] [--comparer precedente|annee] [--json]\n\n"
                  "Affiche les statistiques de la période, comptées comme sur la plateforme nationale :\n"
                  "activités, accompagnements, bénéficiaires, temps passé, avec l'évolution par rapport à la\n"
                  "période précédente de même durée (ou à la même période un an avant), puis les principales\n"
                  "valeurs de chaque répartition.\n"
                  "Par défaut, les 12 derniers mois jusqu'à aujourd'hui.\n\n"
                  "  --from AAAA-MM-JJ    premier jour de la période (inclus)\n"
                  "  --to AAAA-MM-JJ      dernier jour de la période (inclus ; aujourd'hui par défaut)\n"
                  "  --type TYPE          seulement les accompagnements individuels ou les ateliers collectifs\n"
                  "  --lieu ID            seulement les activités de ce lieu d'activité (identifiant)\n"
                  "  --commune INSEE      seulement les activités de cette commune (code INSEE)\n"
                  "  --thematique CODE    seulement les activités de cette thématique (code de la nomenclature)\n"
                  "  --comparer QUOI      comparer à la période précédente de même durée (precedente, par défaut)\n"
                  "                       ou à la même période un an avant (annee)\n"
                  "  --json               le résultat complet en JSON (voir le README)\n");
    return tr("Utilisation : carnet [OPTIONS] [COMMANDE [options]]\n\n"
              "Sans commande, ouvre la fenêtre de Carnet.\n\n"
              "Commandes :\n"
              "  info     état de la base : dossier, schéma, nombre d'activités, bénéficiaires, lieux\n"
              "  demo     remplit la base avec des activités de démonstration\n"
              "  check    vérifie l'intégrité de la base et des activités\n"
              "  stats    statistiques d'une période (comme « Mes statistiques » de la plateforme)\n\n"
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
    if (parsed.command == QLatin1String("stats"))
        return runStats(parsed, out, err);
    err << tr("Aucune commande donnée. Voir « carnet --help ».") << Qt::endl;
    return Usage;
}
