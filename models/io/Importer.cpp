#include "models/io/Importer.h"

#include "models/io/AccompagnementImporter.h"
#include "models/io/ApiImporter.h"
#include "models/io/CsvReader.h"
#include "models/io/ImportCells.h"
#include "models/io/ImportContext.h"
#include "models/io/SpreadsheetImporter.h"
#include "models/io/TableReader.h"
#include "models/io/V1Importer.h"
#include "models/io/XlsxReader.h"
#include "models/store/Store.h"
#include "models/text/FileErrors.h"

#include <QFile>
#include <QFileInfo>

namespace {
// A reader's or the system's message, with the file's name in front unless it already says it.
QString naming(const QString &name, const QString &message)
{
    return message.contains(name) ? message : name + QStringLiteral(" : ") + message;
}

// The rows read while looking for the header row, given again before the rest of the sheet: a generic spreadsheet's
// header is its first row, known only once no activities file's header was found below it.
class ReplayReader : public TableReader
{
public:
    ReplayReader(TableReader &reader, QList<QPair<qint64, QVariantList>> rows)
        : m_reader(reader)
        , m_rows(std::move(rows))
    {
    }
    bool readRow(QVariantList *cells) override
    {
        if (m_next < m_rows.size()) {
            m_row = m_rows.at(m_next).first;
            *cells = m_rows.at(m_next++).second;
            return true;
        }
        m_row = -1;
        return m_reader.readRow(cells);
    }
    qint64 rowNumber() const override { return m_row >= 0 ? m_row : m_reader.rowNumber(); }
    QString error() const override { return m_reader.error(); }
    qint64 position() const override { return m_reader.position(); }
    qint64 size() const override { return m_reader.size(); }

private:
    TableReader &m_reader;
    QList<QPair<qint64, QVariantList>> m_rows;
    int m_next = 0;
    qint64 m_row = -1;
};

// A new plan as options and the store want it: spooled or streamed, the store's activities counted, not added.
void prepare(ImportPlan &plan, const ImportOptions &options, const Store *store)
{
    plan.setMemoryActivities(options.memoryActivities);
    if (options.sink)
        plan.streamTo(options.sinkBatch, options.sink);
    if (store)
        plan.skipExisting(*store);
}

bool blank(const QVariantList &cells)
{
    for (const QVariant &c : cells) {
        if (!ImportCells::isEmpty(c))
            return false;
    }
    return true;
}

QStringList texts(const QVariantList &cells)
{
    QStringList list;
    for (const QVariant &c : cells)
        list << ImportCells::text(c);
    return list;
}

// A JSON page read whole, at most limit bytes (a page of the platform's API holds at most 500 activities: a file far
// larger is not one, and is refused before it is read). False with a French message naming the file.
bool readJsonPage(const QString &path, qint64 limit, QByteArray *page, QString *error)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = naming(name, FileErrors::describe(file, path));
        return false;
    }
    const auto tooLarge = [&] {
        const QString size
            = limit >= (1 << 20) ? Importer::tr("%1 Mo").arg(limit >> 20) : Importer::tr("%1 octets").arg(limit);
        *error = Importer::tr("%1 : le fichier dépasse %2, ce n'est pas une page de l'API de La Coop (une page "
                              "contient au plus 500 activités, quelques mégaoctets).")
                     .arg(name, size);
        return false;
    };
    if (!file.isSequential() && file.size() > limit)
        return tooLarge();
    // Read up to one byte past the limit: a file that grew since, or a pipe, is refused the same way.
    *page = file.read(limit + 1);
    if (page->size() > limit) {
        page->clear();
        return tooLarge();
    }
    if (file.error() != QFileDevice::NoError) {
        *error = naming(name, FileErrors::describe(file, path));
        return false;
    }
    return true;
}
} // namespace

ImportPlan Importer::readTable(
    TableReader &reader, const QString &name, const ImportOptions &options, const Store *store)
{
    ImportPlan plan;
    plan.fileName = name;
    prepare(plan, options, store);
    ImportContext context(
        plan, store, options.today.isValid() ? options.today : QDate::currentDate(), options.progress);

    // The header row: an activities file's or the Espace Coop's, below a header block, or the first row.
    QList<QPair<qint64, QVariantList>> seen;
    QVariantList cells;
    QVariantList header;
    ImportFormat format = ImportFormat::Tableur;
    while (seen.size() < HeaderSearchRows && reader.readRow(&cells)) {
        if (blank(cells))
            continue;
        if (options.format == ImportFormat::Tableur) {
            header = cells;
            break;
        }
        // Above an activities file's header row: its header block, not data.
        if (AccompagnementImporter::isHeader(cells)) {
            seen.clear();
            header = cells;
            format = AccompagnementImporter::isCarnetHeader(cells) ? ImportFormat::Carnet : ImportFormat::Coop;
            break;
        }
        if (V1Importer::isHeader(cells)) {
            seen.clear();
            header = cells;
            format = ImportFormat::V1;
            break;
        }
        seen.append({reader.rowNumber(), cells});
    }
    if (!reader.error().isEmpty()) {
        plan.fatal = naming(name, reader.error());
        return plan;
    }
    if (header.isEmpty() && !seen.isEmpty()) {
        header = seen.takeFirst().second;
        format = ImportFormat::Tableur;
    }
    if (header.isEmpty()) {
        plan.fatal = tr("%1 : le fichier est vide.").arg(name);
        return plan;
    }
    if (options.format != ImportFormat::Auto && options.format != format
        && !(options.format == ImportFormat::Coop && format == ImportFormat::Carnet)) {
        plan.fatal = tr("%1 : ce fichier n'est pas au format « %2 » (il ressemble à : %3).")
                         .arg(name, ImportPlan::formatName(options.format), ImportPlan::formatLabel(format));
        return plan;
    }
    if (options.format == ImportFormat::Coop)
        format = ImportFormat::Coop;
    plan.format = format;

    ReplayReader replay(reader, seen);
    switch (format) {
    case ImportFormat::Carnet:
    case ImportFormat::Coop:
        AccompagnementImporter::read(replay, header, format == ImportFormat::Coop, context);
        break;
    case ImportFormat::V1:
        V1Importer::read(replay, header, context);
        break;
    default: {
        const QStringList headers = texts(header);
        ColumnMapping mapping;
        if (!options.columns.isEmpty()) {
            QString error;
            if (!ColumnMapping::parse(options.columns, headers, &mapping, &error)) {
                plan.fatal = error;
                return plan;
            }
            mapping.remember(options.dataDir, headers);
        } else {
            mapping = ColumnMapping::remembered(options.dataDir, headers);
            if (mapping.isEmpty())
                mapping = ColumnMapping::guess(headers);
        }
        SpreadsheetImporter::read(replay, headers, mapping, context);
        break;
    }
    }
    if (!plan.ok())
        plan.fatal = naming(name, plan.fatal);
    return plan;
}

ImportPlan Importer::readFiles(const QStringList &paths, const ImportOptions &options, const Store *store)
{
    ImportPlan plan;
    if (paths.isEmpty())
        return plan;
    plan.fileName = QFileInfo(paths.first()).fileName();
    const bool json
        = options.format == ImportFormat::Api || paths.first().endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
    if (!json) {
        if (paths.size() > 1) {
            plan.fatal = tr("Un seul tableur à la fois : plusieurs fichiers ne s'importent ensemble que pour les pages "
                            "JSON de l'API de La Coop.");
            return plan;
        }
        QString error;
        std::unique_ptr<TableReader> reader = openTable(paths.first(), options, &error);
        if (!reader) {
            plan.fatal = naming(plan.fileName, error);
            return plan;
        }
        return readTable(*reader, plan.fileName, options, store);
    }

    prepare(plan, options, store);
    ImportContext context(
        plan, store, options.today.isValid() ? options.today : QDate::currentDate(), options.progress);
    for (const QString &path : paths) {
        const QString name = QFileInfo(path).fileName();
        QByteArray page;
        if (!readJsonPage(path, options.maxJsonPageSize, &page, &plan.fatal))
            return plan;
        ImportFormat format = ApiImporter::isApiPage(page) ? ImportFormat::Api
            : V1Importer::isApiPage(page)                  ? ImportFormat::V1
                                                           : ImportFormat::Auto;
        if (format == ImportFormat::Auto) {
            plan.fatal = tr("%1 : ce n'est pas une page de l'API de La Coop (une liste « data » d'activités ou "
                            "d'archives de l'Espace Coop).")
                             .arg(name);
            return plan;
        }
        if (plan.format != ImportFormat::Auto && plan.format != format) {
            plan.fatal = tr("%1 : les pages ne sont pas toutes du même type.").arg(name);
            return plan;
        }
        plan.format = format;
        if (format == ImportFormat::Api)
            ApiImporter::read(page, name, context);
        else
            V1Importer::read(page, name, context);
        if (!plan.ok())
            return plan;
    }
    return plan;
}

std::unique_ptr<TableReader> Importer::openTable(const QString &path, const ImportOptions &options, QString *error)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = naming(name, FileErrors::describe(file, path));
        return nullptr;
    }
    // XLSX by its content (a zip: "PK"), whatever its name says; a file named .xlsx that is not a zip is the XLSX
    // reader's to refuse, in French.
    const QByteArray magic = file.peek(4);
    file.close();
    if (magic.startsWith("PK\x03\x04") || path.endsWith(QLatin1String(".xlsx"), Qt::CaseInsensitive)) {
        auto reader = std::make_unique<XlsxReader>(path);
        if (!reader->isOpen()) {
            *error = naming(name, reader->error());
            return nullptr;
        }
        return reader;
    }
    CsvReader::Options csv;
    if (!options.encoding.isEmpty() && !CsvReader::encodingFromName(options.encoding, &csv.encoding)) {
        *error = tr("Encodage inconnu : « %1 » (encodages : %2).")
                     .arg(options.encoding, CsvReader::encodingNames().join(QStringLiteral(", ")));
        return nullptr;
    }
    return std::make_unique<CsvReader>(path, csv);
}

bool Importer::spreadsheetHeader(
    const QString &path, const ImportOptions &options, QStringList *headers, ColumnMapping *mapping, QString *error)
{
    std::unique_ptr<TableReader> reader = openTable(path, options, error);
    if (!reader)
        return false;
    QVariantList cells;
    while (reader->readRow(&cells)) {
        if (!blank(cells)) {
            *headers = texts(cells);
            *mapping = ColumnMapping::remembered(options.dataDir, *headers);
            if (mapping->isEmpty())
                *mapping = ColumnMapping::guess(*headers);
            return true;
        }
    }
    *error = reader->error().isEmpty() ? tr("%1 : le fichier est vide.").arg(QFileInfo(path).fileName())
                                       : naming(QFileInfo(path).fileName(), reader->error());
    return false;
}

ImportFormat Importer::recognise(const QString &path, const ImportOptions &options, QString *error)
{
    if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
        QByteArray page;
        if (!readJsonPage(path, options.maxJsonPageSize, &page, error))
            return ImportFormat::Auto;
        if (ApiImporter::isApiPage(page))
            return ImportFormat::Api;
        if (V1Importer::isApiPage(page))
            return ImportFormat::V1;
        *error = tr("%1 : ce n'est pas une page de l'API de La Coop.").arg(QFileInfo(path).fileName());
        return ImportFormat::Auto;
    }
    std::unique_ptr<TableReader> reader = openTable(path, options, error);
    if (!reader)
        return ImportFormat::Auto;
    QVariantList cells;
    bool any = false;
    for (int i = 0; i < HeaderSearchRows && reader->readRow(&cells); ++i) {
        if (AccompagnementImporter::isHeader(cells))
            return AccompagnementImporter::isCarnetHeader(cells) ? ImportFormat::Carnet : ImportFormat::Coop;
        if (V1Importer::isHeader(cells))
            return ImportFormat::V1;
        any = any || !blank(cells);
    }
    if (!reader->error().isEmpty()) {
        *error = naming(QFileInfo(path).fileName(), reader->error());
        return ImportFormat::Auto;
    }
    if (!any) {
        *error = tr("%1 : le fichier est vide.").arg(QFileInfo(path).fileName());
        return ImportFormat::Auto;
    }
    return ImportFormat::Tableur;
}
