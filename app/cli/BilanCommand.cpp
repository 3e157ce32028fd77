#include "app/cli/BilanCommand.h"

#include "app/cli/StatsCommand.h"
#include "models/stats/StatsEngine.h"
#include "models/store/Store.h"
#include "ui/export/ReviewPdf.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QStringDecoder>
#include <QTextStream>

namespace {
const QString Prefix = QStringLiteral("export bilan : ");

QString option(const char *name)
{
    return QLatin1String(name);
}

// The programme's text: a UTF-8 text file (a BOM allowed); false with a French message naming the file.
bool readProgramme(const QString &path, QString *text, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Prefix
            + BilanCommand::tr("impossible de lire le programme « %1 » : %2")
                  .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    const QByteArray bytes = file.read(4 * 1024 * 1024 + 1);
    if (bytes.size() > 4 * 1024 * 1024) {
        *error = Prefix
            + BilanCommand::tr("le programme « %1 » dépasse 4 Mo : donnez un texte plus court.")
                  .arg(QDir::toNativeSeparators(path));
        return false;
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString decoded = decoder(bytes);
    if (decoder.hasError()) {
        *error = Prefix
            + BilanCommand::tr("le programme « %1 » n'est pas un texte en UTF-8 : enregistrez-le en UTF-8 "
                               "(« Texte Unicode » ou « UTF-8 » dans votre éditeur).")
                  .arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (decoded.startsWith(QChar(0xFEFF)))
        decoded.remove(0, 1);
    decoded.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    *text = decoded;
    return true;
}
} // namespace

bool BilanCommand::wanted(const CommandLine::Parsed &parsed)
{
    return parsed.error.isEmpty() && !parsed.help && parsed.command == QLatin1String("export")
        && parsed.arguments.value(0) == QLatin1String("bilan");
}

QString BilanCommand::helpText()
{
    return tr("Utilisation : carnet [--data-dir DOSSIER] export bilan --format pdf --output FICHIER.pdf\n"
              "                    [--from AAAA-MM-JJ] [--to AAAA-MM-JJ] [--type individuel|collectif]\n"
              "                    [--lieu ID] [--commune INSEE] [--departement CODE] [--thematique CODE]\n"
              "                    [--tag NOM] [--comparer precedente|annee] [--programme FICHIER.txt]\n"
              "                    [--logo IMAGE] [--pdfa] [--sans SECTION]\n\n"
              "Écrit le bilan d'activité de la période en PDF (A4) : page de couverture, chiffres clés et\n"
              "leur évolution, chaque graphique des statistiques avec son tableau de valeurs, définitions\n"
              "des chiffres et programme. Par défaut, l'année civile précédente ; avec --from seul, l'année\n"
              "qui commence ce jour-là. Les filtres sont ceux de « carnet stats ».\n\n"
              "  --format pdf          le format (seul le PDF pour le bilan)\n"
              "  --output FICHIER      le fichier PDF à écrire (remplacé s'il existe)\n"
              "  --programme FICHIER   le programme de l'année : un texte en UTF-8\n"
              "  --logo IMAGE          un logo pour la couverture (PNG, JPEG…)\n"
              "  --pdfa                au format PDF/A-1b, pour l'archivage\n"
              "  --sans SECTION        sans cette partie : couverture, chiffres, graphiques, definitions,\n"
              "                        programme (se répète)\n");
}

int BilanCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    const QString format = parsed.options.value(option("--format"), QStringLiteral("pdf"));
    if (format != QLatin1String("pdf")) {
        err << Prefix << tr("le bilan s'écrit en PDF (--format pdf), pas « %1 ».").arg(format) << Qt::endl;
        return CommandLine::Usage;
    }
    const QString output = parsed.options.value(option("--output"));
    if (output.trimmed().isEmpty()) {
        err << Prefix << tr("--output attend le fichier PDF à écrire.") << Qt::endl;
        return CommandLine::Usage;
    }
    ReviewPdf::Content content;
    for (const QString &key : parsed.all(option("--sans"))) {
        bool known = false;
        QStringList keys;
        for (const ReviewPdf::Section section : ReviewPdf::sections()) {
            keys << ReviewPdf::sectionKey(section);
            if (key == ReviewPdf::sectionKey(section)) {
                content.sections &= ~ReviewPdf::Sections(section);
                known = true;
            }
        }
        if (!known) {
            err << Prefix << tr("--sans attend %1, pas « %2 ».").arg(keys.join(QStringLiteral(", ")), key) << Qt::endl;
            return CommandLine::Usage;
        }
    }
    if (!content.sections) {
        err << Prefix << tr("toutes les parties sont retirées : le bilan serait vide.") << Qt::endl;
        return CommandLine::Usage;
    }
    if (parsed.options.contains(option("--programme"))) {
        QString error;
        if (!readProgramme(parsed.options.value(option("--programme")), &content.programme, &error)) {
            err << error << Qt::endl;
            return CommandLine::Failure;
        }
    }
    if (parsed.options.contains(option("--logo"))) {
        const QString path = parsed.options.value(option("--logo"));
        QImageReader reader(path);
        content.logo = reader.read();
        if (content.logo.isNull()) {
            err << Prefix
                << tr("le logo « %1 » n'est pas une image lisible (%2).")
                       .arg(QDir::toNativeSeparators(path), reader.errorString())
                << Qt::endl;
            return CommandLine::Failure;
        }
    }
    content.pdfA = parsed.options.contains(option("--pdfa"));
    if (!qobject_cast<QApplication *>(QCoreApplication::instance())) {
        err << Prefix << tr("les graphiques ont besoin de l'application graphique de Carnet.") << Qt::endl;
        return CommandLine::Failure;
    }

    Store store;
    const QDate today = store.clock().today();
    StatsFilter filter;
    QString error;
    if (!StatsCommand::readFilter(parsed, today, &filter, &error)) {
        if (error.startsWith(QLatin1String("stats : ")))
            error = Prefix + error.mid(8);
        err << error << Qt::endl;
        return CommandLine::Usage;
    }
    const bool from = parsed.options.contains(option("--from"));
    const bool to = parsed.options.contains(option("--to"));
    if (!from && !to) {
        // The previous calendar year: the usual period of an annual review.
        filter.from = QDate(today.year() - 1, 1, 1);
        filter.to = QDate(today.year() - 1, 12, 31);
    } else if (from && !to) {
        filter.to = filter.from.addYears(1).addDays(-1);
    }
    QString dir;
    Store::OpenOptions read;
    read.create = false;
    if (!CommandLine::openStore(store, parsed, &dir, err, read))
        return CommandLine::Failure;
    content.result = StatsEngine::compute(store.database(), filter, today);
    if (!content.result.error.isEmpty()) {
        err << content.result.error << Qt::endl;
        return CommandLine::Failure;
    }
    content.filter = filter;
    content.profile = store.profile();
    content.documentDate = today;
    if (!ReviewPdf::writeFile(content, output, &error)) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    out << tr("Bilan d'activité du %1 au %2 écrit dans « %3 ».")
               .arg(filter.from.toString(QStringLiteral("dd/MM/yyyy")),
                   filter.to.toString(QStringLiteral("dd/MM/yyyy")),
                   QDir::toNativeSeparators(QFileInfo(output).absoluteFilePath()))
        << '\n';
    return CommandLine::Success;
}
