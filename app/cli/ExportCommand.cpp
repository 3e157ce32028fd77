#include "app/cli/ExportCommand.h"

#include "app/cli/BilanCommand.h"
#include "app/cli/StatsCommand.h"
#include "models/io/ActivityExporter.h"
#include "models/io/BeneficiaryExporter.h"
#include "models/io/CsvWriter.h"
#include "models/io/StatsExporter.h"
#include "models/io/XlsxWriter.h"
#include "models/stats/StatsEngine.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

#include <memory>

namespace {

// The writer of the chosen format, opened; null with err told.
std::unique_ptr<TableWriter> openWriter(
    const QString &format, CsvWriter::Separator separator, const QString &path, const QString &sheet, QString *error)
{
    if (format == QLatin1String("xlsx")) {
        auto writer = std::make_unique<XlsxWriter>(path, sheet);
        if (!writer->open()) {
            *error = writer->error();
            return nullptr;
        }
        return writer;
    }
    auto writer = std::make_unique<CsvWriter>(path, separator);
    if (!writer->open()) {
        *error = writer->error();
        return nullptr;
    }
    return writer;
}

} // namespace

QStringList ExportCommand::kinds()
{
    return {QStringLiteral("activites"), QStringLiteral("statistiques"), QStringLiteral("beneficiaires"),
        QStringLiteral("bilan")};
}

int ExportCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    const QString kind = parsed.arguments.value(0);
    if (kind == QLatin1String("bilan"))
        return BilanCommand::run(parsed, out, err);
    if (kinds().contains(kind))
        return runKind(kind, parsed, out, err);
    err << (kind.isEmpty()
            ? tr("export : dites quoi exporter : %1.").arg(kinds().join(QLatin1String(", ")))
            : tr("export : « %1 » ne s'exporte pas. Exports : %2.").arg(kind, kinds().join(QLatin1String(", "))))
        << '\n'
        << tr("Voir « carnet export --help ».") << Qt::endl;
    return CommandLine::Usage;
}

int ExportCommand::runKind(const QString &kind, const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    const QString output = parsed.options.value(QStringLiteral("--output"));
    if (output.trimmed().isEmpty()) {
        err << tr("export : --output FICHIER est obligatoire (le fichier à écrire).") << Qt::endl;
        return CommandLine::Usage;
    }
    // The format: --format, else the output's extension.
    QString format = parsed.options.value(QStringLiteral("--format")).toLower();
    if (format.isEmpty())
        format = QFileInfo(output).suffix().toLower() == QLatin1String("xlsx") ? QStringLiteral("xlsx")
                                                                               : QStringLiteral("csv");
    if (format != QLatin1String("csv") && format != QLatin1String("xlsx")) {
        err << tr("export : --format attend csv ou xlsx, pas « %1 ».").arg(format) << Qt::endl;
        return CommandLine::Usage;
    }
    if (kind == QLatin1String("beneficiaires") && format != QLatin1String("xlsx")) {
        err << tr("export : les bénéficiaires s'exportent dans le modèle d'import de La Coop, en xlsx seulement.")
            << Qt::endl;
        return CommandLine::Usage;
    }
    CsvWriter::Separator separator = CsvWriter::Separator::Semicolon;
    if (parsed.options.contains(QStringLiteral("--separateur"))) {
        const QString value = parsed.options.value(QStringLiteral("--separateur"));
        if (value == QLatin1String("virgule"))
            separator = CsvWriter::Separator::Comma;
        else if (value != QLatin1String("point-virgule")) {
            err << tr("export : --separateur attend virgule ou point-virgule, pas « %1 ».").arg(value) << Qt::endl;
            return CommandLine::Usage;
        }
        if (format != QLatin1String("csv")) {
            err << tr("export : --separateur ne vaut que pour le format csv.") << Qt::endl;
            return CommandLine::Usage;
        }
    }
    const QFileInfo target(output);
    if (target.isDir()) {
        err << tr("export : %1 est un dossier ; donnez le nom du fichier à écrire.").arg(output) << Qt::endl;
        return CommandLine::Usage;
    }
    if (!target.absoluteDir().exists()) {
        err << tr("export : le dossier %1 n'existe pas.").arg(target.absolutePath()) << Qt::endl;
        return CommandLine::Failure;
    }

    Store store;
    StatsFilter statsFilter;
    QString error;
    if (!StatsCommand::readFilter(parsed, store.clock().today(), &statsFilter, &error, QStringLiteral("export"))) {
        err << error << Qt::endl;
        return CommandLine::Usage;
    }
    QString dir;
    Store::OpenOptions read;
    read.create = false; // a read command never creates a base
    if (!CommandLine::openStore(store, parsed, &dir, err, read))
        return CommandLine::Failure;
    StatsCommand::sinceStart(parsed, store, &statsFilter);
    ExportFilter filter = ExportFilter::fromStats(statsFilter);
    const bool periodGiven = parsed.options.contains(QStringLiteral("--from"))
        || parsed.options.contains(QStringLiteral("--to"))
        || parsed.options.contains(QStringLiteral("--depuis-le-debut"));
    const QDateTime now = store.clock().nowUtc();
    const QString path = target.absoluteFilePath();

    if (kind == QLatin1String("beneficiaires")) {
        int count = 0;
        if (!BeneficiaryExporter::write(store, path, &count, &error)) {
            err << error << Qt::endl;
            return CommandLine::Failure;
        }
        out << tr("%1 exportés dans %2 (modèle d'import de La Coop).")
                   .arg(FrenchText::count(count, tr("bénéficiaire suivi"), tr("bénéficiaires suivis")), output)
            << Qt::endl;
        return CommandLine::Success;
    }

    if (kind == QLatin1String("statistiques")) {
        const StatsResult result = StatsEngine::compute(store.database(), statsFilter, store.clock().today());
        if (!result.error.isEmpty()) {
            err << result.error << Qt::endl;
            return CommandLine::Failure;
        }
        QHash<QUuid, Place> places;
        for (const Place &p : store.places(true))
            places.insert(p.id, p);
        std::unique_ptr<TableWriter> writer
            = openWriter(format, separator, path, QStringLiteral("Statistiques"), &error);
        if (!writer || !StatsExporter::write(*writer, result, filter, store.profile(), places, now, &error)
            || !writer->commit(&error)) {
            err << error << Qt::endl;
            return CommandLine::Failure;
        }
        out << tr("Statistiques du %1 au %2 exportées dans %3.")
                   .arg(statsFilter.from.toString(QStringLiteral("dd/MM/yyyy")),
                       statsFilter.to.toString(QStringLiteral("dd/MM/yyyy")), output)
            << Qt::endl;
        return CommandLine::Success;
    }

    // Activities: every one unless a period is given (the statistics' default of 12 months does not apply).
    if (!periodGiven) {
        filter.from = QDate();
        filter.to = QDate();
    }
    std::unique_ptr<TableWriter> writer = openWriter(format, separator, path, QStringLiteral("Activités"), &error);
    if (!writer) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    ActivityExporter::Options options;
    options.filter = filter;
    options.exportedAt = now;
    QElapsedTimer clock;
    clock.start();
    qint64 lastShown = 0;
    options.progress = [&](qint64 done, qint64 total) {
        // A line every two seconds for a long export.
        if (clock.elapsed() - lastShown >= 2000) {
            lastShown = clock.elapsed();
            if (total > 0)
                err << tr("Export : %1 activités sur %2 (%3 %)…")
                           .arg(FrenchText::number(done), FrenchText::number(total))
                           .arg(done * 100 / total)
                    << Qt::endl;
            else
                err << tr("Export : %1 activités…").arg(FrenchText::number(done)) << Qt::endl;
        }
        return true;
    };
    ActivityExporter::Result result;
    if (!ActivityExporter::write(store, *writer, options, &result, &error) || !writer->commit(&error)) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    out << tr("%1 (%2) exportés dans %3.")
               .arg(FrenchText::count(result.rows, tr("accompagnement"), tr("accompagnements")),
                   FrenchText::count(result.activities, tr("activité"), tr("activités")), output)
        << Qt::endl;
    return CommandLine::Success;
}
