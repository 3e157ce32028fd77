#include "app/cli/StatsCommand.h"

#include "models/communes/Departements.h"
#include "models/domain/Nomenclature.h"
#include "models/io/StatsJson.h"
#include "models/stats/Breakdowns.h"
#include "models/stats/StatsEngine.h"
#include "models/store/Store.h"
#include "models/text/Durations.h"
#include "models/text/FrenchText.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTextStream>

#include <algorithm>

using FrenchText::number;

namespace {
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
            *error = StatsCommand::tr("stats : %1 attend une date au format AAAA-MM-JJ, pas « %2 ».").arg(option, text);
            return false;
        }
        return true;
    };
    QDate from;
    QDate to;
    if (!dateOption("--from", &from) || !dateOption("--to", &to))
        return false;
    if (from.isValid() && parsed.options.contains(QStringLiteral("--depuis-le-debut"))) {
        *error = StatsCommand::tr("stats : --from et --depuis-le-debut ne vont pas ensemble.");
        return false;
    }
    if (!to.isValid())
        to = from.isValid() && from > today ? from : today;
    if (!from.isValid())
        from = to.addYears(-1).addDays(1);
    if (from > to) {
        *error = StatsCommand::tr("stats : la date de --from (%1) est après celle de --to (%2).")
                     .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate));
        return false;
    }
    filter->from = from;
    filter->to = to;
    const Nomenclature &n = Nomenclature::instance();
    // Each filter may be given several times: alternatives.
    for (const QString &type : parsed.all(QStringLiteral("--type"))) {
        if (!n.contains(Nomenclature::List::TypeActivite, type)) {
            *error = StatsCommand::tr("stats : --type attend %1, pas « %2 ».")
                         .arg(n.values(Nomenclature::List::TypeActivite).join(QLatin1String(" ou ")), type);
            return false;
        }
        filter->types.append(type);
    }
    for (const QString &text : parsed.all(QStringLiteral("--lieu"))) {
        const QUuid id = QUuid::fromString(text);
        if (id.isNull()) {
            *error = StatsCommand::tr("stats : --lieu attend l'identifiant d'un lieu, pas « %1 ».").arg(text);
            return false;
        }
        filter->lieux.append(id);
    }
    for (const QString &insee : parsed.all(QStringLiteral("--commune"))) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{5}|2[AB]\\d{3})$"));
        if (!pattern.match(insee).hasMatch()) {
            *error = StatsCommand::tr("stats : --commune attend un code INSEE de 5 caractères, pas « %1 ».").arg(insee);
            return false;
        }
        filter->communes.append(insee);
    }
    for (const QString &code : parsed.all(QStringLiteral("--departement"))) {
        // A code of the reference data (01 to 95, 2A, 2B, 971…): the first characters of its communes' INSEE codes.
        const QString upper = code.trimmed().toUpper();
        if (Departements::name(upper).isEmpty()) {
            *error = StatsCommand::tr("stats : --departement attend un code de département (23, 2A, 971…), pas « %1 ».")
                         .arg(code);
            return false;
        }
        filter->departements.append(upper);
    }
    for (const QString &code : parsed.all(QStringLiteral("--thematique"))) {
        if (!n.contains(Nomenclature::List::ThematiqueMediation, code)
            && !n.contains(Nomenclature::List::ThematiqueDemarche, code)) {
            *error = StatsCommand::tr("stats : thématique inconnue pour --thematique : « %1 ».").arg(code);
            return false;
        }
        filter->thematiques.append(code);
    }
    for (const QString &tag : parsed.all(QStringLiteral("--tag"))) {
        if (tag.trimmed().isEmpty()) {
            *error = StatsCommand::tr("stats : --tag attend le nom d'une étiquette.");
            return false;
        }
        filter->tags.append(tag.trimmed());
    }
    if (parsed.options.contains(QStringLiteral("--comparer"))) {
        const QString comparison = parsed.options.value(QStringLiteral("--comparer"));
        if (comparison != QLatin1String("precedente") && comparison != QLatin1String("annee")) {
            *error = StatsCommand::tr("stats : --comparer attend precedente ou annee, pas « %1 ».").arg(comparison);
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

// "1 234 (période précédente : 1 100, +12,2 %)", or "(un an avant : …)" for the same period one year before.
QString withChange(qint64 value, qint64 previous, const QString &shown, const QString &previousShown, bool yearBefore)
{
    const std::optional<double> percent = FrenchText::percentChange(value, previous);
    QString change;
    if (!percent)
        change = value == 0 ? StatsCommand::tr("stable") : StatsCommand::tr("pas de comparaison possible");
    else if (value == previous)
        change = StatsCommand::tr("stable");
    else
        change = (value > previous ? QStringLiteral("+") : QString()) + FrenchText::decimal(*percent, 1)
            + QStringLiteral(" %");
    return (yearBefore ? StatsCommand::tr("%1 (un an avant : %2, %3)")
                       : StatsCommand::tr("%1 (période précédente : %2, %3)"))
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
    out << (yearBefore ? StatsCommand::tr("Statistiques du %1 au %2 (comparées à la même période un an avant : "
                                          "du %3 au %4)")
                       : StatsCommand::tr("Statistiques du %1 au %2 (période précédente : du %3 au %4)"))
               .arg(frenchDate(h.from), frenchDate(h.to), frenchDate(p.from), frenchDate(p.to))
        << "\n\n";
    line(StatsCommand::tr("Activités"), h.activites, p.activites);
    line(StatsCommand::tr("  accompagnements individuels"), h.individuels, p.individuels);
    line(StatsCommand::tr("  ateliers collectifs"), h.collectifs, p.collectifs);
    line(StatsCommand::tr("Accompagnements"), h.accompagnements, p.accompagnements);
    line(StatsCommand::tr("  participants aux ateliers"), h.participantsAteliers, p.participantsAteliers);
    line(StatsCommand::tr("Bénéficiaires"), h.beneficiaires, p.beneficiaires);
    line(StatsCommand::tr("  suivis"), h.suivis, p.suivis);
    line(StatsCommand::tr("  anonymes"), h.anonymes, p.anonymes);
    line(StatsCommand::tr("  nouveaux"), h.nouveaux, p.nouveaux);
    out << StatsCommand::tr("Temps passé") << QStringLiteral(" : ")
        << withChange(h.minutes, p.minutes, Durations::total(h.minutes), Durations::total(p.minutes), yearBefore)
        << '\n';

    constexpr int top = 5;
    for (const Breakdown &b : r.breakdowns) {
        out << '\n' << Breakdowns::title(b.key) << QStringLiteral(" :") << '\n';
        if (b.total == 0) {
            out << StatsCommand::tr("  aucune donnée") << '\n';
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
                << QStringLiteral(" (") << FrenchText::decimal(item.percent, 1) << QStringLiteral(" %)") << '\n';
            ++shown;
        }
        const qsizetype rest
            = std::count_if(items.cbegin(), items.cend(), [](const BreakdownItem &i) { return i.count > 0; }) - shown;
        if (rest > 0)
            out << StatsCommand::tr("  … et %1")
                       .arg(FrenchText::count(
                           rest, StatsCommand::tr("autre valeur"), StatsCommand::tr("autres valeurs")))
                << '\n';
    }
}
} // namespace

bool StatsCommand::readFilter(
    const CommandLine::Parsed &parsed, const QDate &today, StatsFilter *filter, QString *error)
{
    return statsFilter(parsed, today, filter, error);
}

int StatsCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    Store store;
    StatsFilter filter;
    QString error;
    if (!statsFilter(parsed, store.clock().today(), &filter, &error)) {
        err << error << Qt::endl;
        return CommandLine::Usage;
    }
    QString dir;
    Store::OpenOptions read;
    read.create = false; // a read command never creates a base
    if (!CommandLine::openStore(store, parsed, &dir, err, read))
        return CommandLine::Failure;
    if (parsed.options.contains(QStringLiteral("--depuis-le-debut"))) {
        // From the first activity (the period then ends today, or at --to).
        const QDate first = store.firstActivityDate();
        filter.from = first.isValid() && first <= filter.to ? first : filter.to;
    }
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
