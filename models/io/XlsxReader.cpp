#include "models/io/XlsxReader.h"

#include "models/io/XmlScanner.h"

#include <QDate>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QIODevice>
#include <QTime>
#include <QVector>
#include <QXmlStreamReader>
#include <cmath>
#include <functional>
#include <zip.h>

namespace {

constexpr int kMaxRows = 1048576; // a spreadsheet's limits
constexpr int kMaxColumns = 16384; // A..XFD
constexpr int kMaxCellText = 1 << 20;

QString tr(const char *text)
{
    return QCoreApplication::translate("XlsxReader", text);
}

QString megabytes(qint64 bytes)
{
    return bytes >= (1 << 20) ? tr("%1 Mo").arg(bytes >> 20) : tr("%1 octets").arg(bytes);
}

// One part of the archive as a sequential device: what zip_fread inflates, counted as it comes, so that a part
// larger than its cap (or than the total left) stops the reading whatever the archive declares.
class ZipPartDevice : public QIODevice
{
public:
    ZipPartDevice(zip_file_t *file, qint64 cap, qint64 *total, qint64 totalCap)
        : m_file(file)
        , m_cap(cap)
        , m_total(total)
        , m_totalCap(totalCap)
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    ~ZipPartDevice() override { zip_fclose(m_file); }
    bool isSequential() const override { return true; }
    bool atEnd() const override { return m_end; }
    qint64 inflated() const { return m_read; }
    bool overCap() const { return m_overCap; }
    bool overTotal() const { return m_overTotal; }
    QString zipError() const { return m_zipError; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_end || m_overCap || m_overTotal || !m_zipError.isEmpty())
            return -1;
        const zip_int64_t n = zip_fread(m_file, data, zip_uint64_t(maxSize));
        if (n < 0) {
            m_zipError = QString::fromUtf8(zip_file_strerror(m_file));
            return -1;
        }
        if (n == 0) {
            m_end = true;
            return -1;
        }
        m_read += n;
        *m_total += n;
        if (m_read > m_cap)
            m_overCap = true;
        if (*m_total > m_totalCap)
            m_overTotal = true;
        return (m_overCap || m_overTotal) ? -1 : n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    zip_file_t *m_file;
    qint64 m_cap;
    qint64 *m_total;
    qint64 m_totalCap;
    qint64 m_read = 0;
    bool m_end = false;
    bool m_overCap = false;
    bool m_overTotal = false;
    QString m_zipError;
};

enum class DateKind : quint8 { None, Date, DateTime, Time };

// A cell's t attribute: "inlineStr", "s" (shared string), "str" (a formula's text), "e" (error), "b", "d" (ISO 8601),
// anything else a number.
enum class CellType : quint8 { Number, InlineString, SharedString, FormulaString, Error, Boolean, IsoDate };

CellType cellType(QStringView t)
{
    if (t == u"inlineStr")
        return CellType::InlineString;
    if (t == u"s")
        return CellType::SharedString;
    if (t == u"str")
        return CellType::FormulaString;
    if (t == u"e")
        return CellType::Error;
    if (t == u"b")
        return CellType::Boolean;
    if (t == u"d")
        return CellType::IsoDate;
    return CellType::Number;
}

// f(QStringView) over short ASCII bytes without a QString (an attribute's value), else over their decoding.
template <typename F> auto withUtf16(QByteArrayView bytes, F f)
{
    char16_t buffer[24];
    if (bytes.size() <= qsizetype(std::size(buffer))) {
        bool ascii = true;
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            ascii = ascii && uchar(bytes.at(i)) < 0x80;
            buffer[i] = char16_t(uchar(bytes.at(i)));
        }
        if (ascii)
            return f(QStringView(buffer, bytes.size()));
    }
    // A U+FEFF at the start kept, as QXmlStreamReader reads it (QString::fromUtf8 would drop it).
    const QString text = bytes.startsWith("\xEF\xBB\xBF") ? QChar(0xFEFF) + QString::fromUtf8(bytes.sliced(3))
                                                          : QString::fromUtf8(bytes);
    return f(QStringView(text));
}

// Whether a number format shows a date, a time or both: the first section, without its quoted text, escaped
// characters, fills and paddings and bracketed parts ([Red], [$-40C]) except the elapsed times [h] [mm] [ss].
DateKind classifyFormat(const QString &code)
{
    if (code.compare(u"General", Qt::CaseInsensitive) == 0 || code.isEmpty())
        return DateKind::None;
    bool date = false;
    bool time = false;
    bool month = false;
    for (qsizetype i = 0; i < code.size(); ++i) {
        const QChar c = code.at(i);
        if (c == u';')
            break;
        if (c == u'"') {
            const qsizetype close = code.indexOf(u'"', i + 1);
            if (close < 0)
                break;
            i = close;
            continue;
        }
        if (c == u'\\' || c == u'_' || c == u'*') {
            ++i;
            continue;
        }
        if (c == u'[') {
            const qsizetype close = code.indexOf(u']', i + 1);
            if (close < 0)
                break;
            const QString inner = code.mid(i + 1, close - i - 1).toLower();
            if (!inner.isEmpty()
                && (inner.count(u'h') == inner.size() || inner.count(u'm') == inner.size()
                    || inner.count(u's') == inner.size()))
                time = true;
            i = close;
            continue;
        }
        switch (c.toLower().unicode()) {
        case u'd':
        case u'y':
        case u'e':
            date = true;
            break;
        case u'h':
        case u's':
            time = true;
            break;
        case u'm':
            month = true;
            break;
        default:
            break;
        }
    }
    if (month && !time)
        date = true; // "mmm-yy"; with h or s around, m is minutes
    if (date && time)
        return DateKind::DateTime;
    if (date)
        return DateKind::Date;
    if (time)
        return DateKind::Time;
    return DateKind::None;
}

DateKind builtInFormat(int id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
        return DateKind::Date;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
        return DateKind::Time;
    if (id == 22)
        return DateKind::DateTime;
    return DateKind::None;
}

// A serial number as the date the cell shows: day 1 is 01/01/1900 (with Lotus's 29/02/1900 as day 60), or 02/01/1904
// in the 1904 system. Out of range, the number is kept.
QVariant serialToDate(double serial, bool date1904, DateKind kind)
{
    if (!(serial >= 0.0) || serial >= 2958466.0)
        return serial;
    const qint64 ms = std::llround(serial * 86400000.0);
    qint64 days = ms / 86400000;
    const int msOfDay = int(ms % 86400000);
    const QTime time = QTime::fromMSecsSinceStartOfDay(msOfDay);
    if (kind == DateKind::Time) {
        if (days == 0)
            return time;
        return serial;
    }
    QDate date;
    if (date1904) {
        date = QDate(1904, 1, 1).addDays(days);
    } else {
        if (days >= 60)
            --days;
        date = QDate(1899, 12, 31).addDays(days);
    }
    if (kind == DateKind::Date)
        return date;
    return QDateTime(date, time);
}

// Excel's escapes in text (ST_Xstring): "_x000D_" for a character XML cannot carry as is.
QString unescapeXString(const QString &text)
{
    if (!text.contains(u"_x"))
        return text;
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'_' && i + 6 < text.size() && text.at(i + 1) == u'x' && text.at(i + 6) == u'_') {
            bool ok = false;
            const uint code = QStringView(text).mid(i + 2, 4).toUInt(&ok, 16);
            if (ok) {
                out.append(QChar(char16_t(code)));
                i += 6;
                continue;
            }
        }
        out.append(text.at(i));
    }
    return out;
}

// "C12" -> column 2 (0-based); -1 when the reference has no letters or too many.
int columnOfReference(QStringView ref)
{
    int column = 0;
    qsizetype i = 0;
    for (; i < ref.size() && ref.at(i).isLetter(); ++i) {
        const char16_t c = ref.at(i).toUpper().unicode();
        if (c < u'A' || c > u'Z' || i >= 3)
            return -1;
        column = column * 26 + (c - u'A' + 1);
    }
    if (i == 0 || column > kMaxColumns)
        return -1;
    return column - 1;
}

// A path inside the archive from a relationship's target, relative to the folder of the part that names it.
QString resolveTarget(const QString &folder, const QString &target)
{
    QStringList parts;
    if (!target.startsWith(u'/') && !folder.isEmpty())
        parts = folder.split(u'/', Qt::SkipEmptyParts);
    const QStringList pieces = target.split(u'/', Qt::SkipEmptyParts);
    for (const QString &piece : pieces) {
        if (piece == u"..") {
            if (!parts.isEmpty())
                parts.removeLast();
        } else if (piece != u".") {
            parts.append(piece);
        }
    }
    return parts.join(u'/');
}

QString folderOf(const QString &part)
{
    const qsizetype slash = part.lastIndexOf(u'/');
    return slash < 0 ? QString() : part.left(slash);
}

QString relsOf(const QString &part)
{
    const qsizetype slash = part.lastIndexOf(u'/');
    return part.left(slash + 1) + u"_rels/" + part.mid(slash + 1) + u".rels";
}

// What raiseError says for a DTD, told apart from other errors by xmlFailed.
const QString &dtdMarker()
{
    static const QString marker = QStringLiteral("carnet:dtd");
    return marker;
}

// Reads the next token, refusing a DTD. False at the end of the document or on an error.
bool nextToken(QXmlStreamReader &xml)
{
    const QXmlStreamReader::TokenType token = xml.readNext();
    if (token == QXmlStreamReader::DTD || token == QXmlStreamReader::EntityReference) {
        xml.raiseError(dtdMarker());
        return false;
    }
    return token != QXmlStreamReader::Invalid && token != QXmlStreamReader::EndDocument;
}

// Skips the current element and its children (a DTD inside still refused).
bool skipElement(QXmlStreamReader &xml)
{
    int depth = 1;
    while (depth > 0 && nextToken(xml)) {
        if (xml.isStartElement())
            ++depth;
        else if (xml.isEndElement())
            --depth;
    }
    return depth == 0;
}

// Reads the current element up to its end: child() for each child element, which reads it whole; text between them
// ignored. False when child() or the XML fails.
bool readChildren(QXmlStreamReader &xml, const std::function<bool()> &child)
{
    while (nextToken(xml)) {
        if (xml.isEndElement())
            return true;
        if (xml.isStartElement() && !child())
            return false;
    }
    return false;
}

struct Relationship
{
    QString type;
    QString target;
};

struct Sheet
{
    QString name;
    QString part;
};

} // namespace

struct XlsxReader::Private
{
    QString name;
    Limits limits;
    QByteArray data; // the workbook in memory, when read from one
    zip_t *archive = nullptr;
    qint64 inflatedTotal = 0;
    QString error;
    bool failed = false;
    bool fatal = false; // the workbook itself is unreadable, whatever the sheet

    QVector<Sheet> sheets;
    bool date1904 = false;
    QString sharedStringsPart;
    QString stylesPart;
    bool sharedStringsLoaded = false;
    QStringList sharedStrings;
    QVector<DateKind> styleKinds; // by cellXfs index

    int current = -1;
    std::unique_ptr<ZipPartDevice> sheetDevice;
    // The sheet read by QXmlStreamReader (limits.fastSheet off, or after XmlScanner met what it does not read).
    std::unique_ptr<QXmlStreamReader> sheetXml;
    std::unique_ptr<XmlScanner> sheetScanner; // the sheet read by XmlScanner, until it meets what it does not read
    qint64 lastFastRow = 0; // the number of the last row the scanner gave
    qint64 sheetSize = 0;
    qint64 row = 0;
    bool sheetDone = false;
    bool pending = false;
    qint64 pendingNumber = 0;
    QVariantList pendingCells;

    bool fail(const QString &message)
    {
        if (!failed) {
            failed = true;
            error = message;
        }
        return false;
    }

    bool openArchive(zip_source_t *source, const QByteArray &head);
    std::unique_ptr<ZipPartDevice> openPart(const QString &part, qint64 cap, bool required, bool *missing);
    bool readXmlPart(
        const QString &part, qint64 cap, bool required, const std::function<bool(QXmlStreamReader &)> &parse);
    bool xmlFailed(QXmlStreamReader &xml, const ZipPartDevice &device, const QString &part, qint64 cap);
    bool readRelationships(const QString &part, QHash<QString, Relationship> *byId);
    bool readWorkbook();
    bool readStyles(QXmlStreamReader &xml);
    bool readSharedStrings(QXmlStreamReader &xml);
    bool readText(QXmlStreamReader &xml, QString *text);
    bool readRichText(QXmlStreamReader &xml, QString *text);
    bool startSheet(int index);
    bool nextRow();
    bool nextRowXml();
    bool readCell(QXmlStreamReader &xml, QVariantList *cells);
    // The same through XmlScanner; *unsupported when it met what only QXmlStreamReader reads.
    bool nextRowFast(bool *unsupported);
    bool readCellFast(XmlScanner &x, QVariantList *cells, bool *unsupported);
    bool readTextFast(XmlScanner &x, QString *text);
    bool readRichTextFast(XmlScanner &x, QString *text);
    bool fallBack();
    // What both readers share: the row's number checked, the cell's column, the cell's value from its parts.
    bool beginRow(bool hasNumber, QStringView r);
    void finishRow()
    {
        // Trailing empty cells (styled but blank) dropped: a row ends at its last value.
        while (!pendingCells.isEmpty() && !pendingCells.constLast().isValid())
            pendingCells.removeLast();
        pending = true;
    }
    bool cellColumn(QStringView ref, const QVariantList &cells, int *column);
    bool addCell(int column, CellType type, int style, bool styleOk, const QString &value, const QString &inlineText,
        bool hasInline, QVariantList *cells);
    bool cellError(int column, const QString &message)
    {
        return fail(tr("Ligne %1, colonne %2 de la feuille « %3 » : %4")
                        .arg(pendingNumber)
                        .arg(TableReader::columnName(column), sheets.value(current).name, message));
    }
};

bool XlsxReader::Private::openArchive(zip_source_t *source, const QByteArray &head)
{
    if (!source)
        return fail(tr("« %1 » n'a pas pu être ouvert.").arg(name));
    zip_error_t zerror;
    zip_error_init(&zerror);
    archive = zip_open_from_source(source, ZIP_RDONLY, &zerror);
    const int code = zip_error_code_zip(&zerror);
    const QString detail = QString::fromUtf8(zip_error_strerror(&zerror));
    zip_error_fini(&zerror);
    if (archive)
        return readWorkbook();
    zip_source_free(source);
    if (head.startsWith("\xD0\xCF\x11\xE0"))
        return fail(tr("« %1 » est un classeur Excel 97-2003 (.xls) ou protégé par un mot de passe : "
                       "enregistrez-le en .xlsx, sans mot de passe.")
                        .arg(name));
    if (code == ZIP_ER_NOZIP || head.size() < 4 || !head.startsWith("PK"))
        return fail(tr("« %1 » n'est pas un classeur XLSX : ce n'est pas une archive zip.").arg(name));
    return fail(tr("« %1 » est endommagé : l'archive zip ne se lit pas (détail technique : %2).").arg(name, detail));
}

std::unique_ptr<ZipPartDevice> XlsxReader::Private::openPart(
    const QString &part, qint64 cap, bool required, bool *missing)
{
    *missing = false;
    const QByteArray path = part.toUtf8();
    const zip_int64_t index = zip_name_locate(archive, path.constData(), ZIP_FL_NOCASE);
    if (index < 0) {
        *missing = true;
        if (required)
            fail(tr("« %1 » est incomplet : la partie « %2 » manque (ce n'est pas un classeur XLSX complet).")
                     .arg(name, part));
        return nullptr;
    }
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive, zip_uint64_t(index), 0, &stat) == 0 && (stat.valid & ZIP_STAT_SIZE)
        && stat.size > zip_uint64_t(cap)) {
        fail(tr("« %1 » est refusé : la partie « %2 » ferait %3 une fois décompressée, plus que les %4 permis.")
                 .arg(name, part, megabytes(qint64(std::min<zip_uint64_t>(stat.size, 1ull << 62))), megabytes(cap)));
        return nullptr;
    }
    zip_file_t *file = zip_fopen_index(archive, zip_uint64_t(index), 0);
    if (!file) {
        fail(tr("« %1 » est endommagé : la partie « %2 » ne s'ouvre pas (détail technique : %3).")
                 .arg(name, part, QString::fromUtf8(zip_strerror(archive))));
        return nullptr;
    }
    auto device = std::make_unique<ZipPartDevice>(file, cap, &inflatedTotal, limits.maxTotalSize);
    if (part == sheets.value(current).part)
        sheetSize = (stat.valid & ZIP_STAT_SIZE) ? qint64(stat.size) : 0;
    return device;
}

// The message for a part whose XML stopped: the cap, the archive, a DTD, or the XML itself.
bool XlsxReader::Private::xmlFailed(QXmlStreamReader &xml, const ZipPartDevice &device, const QString &part, qint64 cap)
{
    if (failed)
        return false;
    if (device.overCap())
        return fail(tr("« %1 » est refusé : la partie « %2 » dépasse %3 une fois décompressée (une « bombe zip » "
                       "?).")
                        .arg(name, part, megabytes(cap)));
    if (device.overTotal())
        return fail(tr("« %1 » est refusé : le classeur dépasse %2 une fois décompressé (une « bombe zip » ?).")
                        .arg(name, megabytes(limits.maxTotalSize)));
    if (!device.zipError().isEmpty())
        return fail(tr("« %1 » est endommagé : la partie « %2 » ne se lit pas (détail technique : %3).")
                        .arg(name, part, device.zipError()));
    if (xml.errorString() == dtdMarker())
        return fail(tr("« %1 » est refusé : la partie « %2 » contient une DTD (des déclarations d'entités), ce "
                       "qu'un classeur XLSX ne contient jamais.")
                        .arg(name, part));
    return fail(tr("« %1 » est endommagé : la partie « %2 » n'est pas du XML valide (ligne %3 : %4).")
                    .arg(name, part)
                    .arg(xml.lineNumber())
                    .arg(xml.hasError() ? xml.errorString() : tr("contenu inattendu")));
}

bool XlsxReader::Private::readXmlPart(
    const QString &part, qint64 cap, bool required, const std::function<bool(QXmlStreamReader &)> &parse)
{
    bool missing = false;
    const std::unique_ptr<ZipPartDevice> device = openPart(part, cap, required, &missing);
    if (!device)
        return missing && !required;
    QXmlStreamReader xml(device.get());
    if (!parse(xml) || xml.hasError())
        return xmlFailed(xml, *device, part, cap);
    return true;
}

bool XlsxReader::Private::readRelationships(const QString &part, QHash<QString, Relationship> *byId)
{
    return readXmlPart(part, limits.maxSmallPartSize, false, [&](QXmlStreamReader &xml) {
        const QString folder = folderOf(folderOf(part)); // "xl/_rels/workbook.xml.rels" names targets from "xl"
        while (nextToken(xml)) {
            if (xml.isStartElement() && xml.name() == u"Relationship") {
                const QXmlStreamAttributes a = xml.attributes();
                if (a.value(QLatin1String("TargetMode")) == u"External")
                    continue;
                byId->insert(a.value(QLatin1String("Id")).toString(),
                    {a.value(QLatin1String("Type")).toString(),
                        resolveTarget(folder, a.value(QLatin1String("Target")).toString())});
            }
        }
        return !xml.hasError();
    });
}

bool XlsxReader::Private::readWorkbook()
{
    QHash<QString, Relationship> rootRels;
    if (!readRelationships(QStringLiteral("_rels/.rels"), &rootRels))
        return false;
    QString workbookPart = QStringLiteral("xl/workbook.xml");
    for (const Relationship &r : std::as_const(rootRels)) {
        if (r.type.endsWith(u"/officeDocument"))
            workbookPart = r.target;
    }
    bool missing = false;
    if (!openPart(workbookPart, limits.maxSmallPartSize, false, &missing) && missing)
        return fail(tr("« %1 » n'est pas un classeur XLSX : l'archive ne contient pas de classeur (« %2 » manque).")
                        .arg(name, workbookPart));
    if (failed)
        return false;

    QHash<QString, Relationship> rels;
    if (!readRelationships(relsOf(workbookPart), &rels))
        return false;
    const QString folder = folderOf(workbookPart);
    for (const Relationship &r : std::as_const(rels)) {
        if (r.type.endsWith(u"/sharedStrings"))
            sharedStringsPart = r.target;
        else if (r.type.endsWith(u"/styles"))
            stylesPart = r.target;
    }

    QVector<QPair<QString, QString>> named; // name, relationship id
    const bool ok = readXmlPart(workbookPart, limits.maxSmallPartSize, true, [&](QXmlStreamReader &xml) {
        while (nextToken(xml)) {
            if (!xml.isStartElement())
                continue;
            if (xml.name() == u"workbookPr") {
                const QStringView v = xml.attributes().value(QLatin1String("date1904"));
                date1904 = v == u"1" || v == u"true";
            } else if (xml.name() == u"sheet") {
                const QXmlStreamAttributes a = xml.attributes();
                QString id;
                for (const QXmlStreamAttribute &attribute : a) {
                    if (attribute.name() == u"id") // r:id, whatever the prefix
                        id = attribute.value().toString();
                }
                named.append(qMakePair(a.value(QLatin1String("name")).toString(), id));
            }
        }
        return !xml.hasError();
    });
    if (!ok)
        return false;
    for (const auto &[sheetName, id] : std::as_const(named)) {
        const auto r = rels.constFind(id);
        if (r == rels.cend()) {
            // Without relationships, the usual name (some writers number the parts after the sheets).
            if (rels.isEmpty())
                sheets.append(
                    {sheetName, folder + u"/worksheets/sheet" + QString::number(sheets.size() + 1) + u".xml"});
            continue;
        }
        if (r->type.endsWith(u"/worksheet"))
            sheets.append({sheetName, r->target});
    }
    if (sheets.isEmpty())
        return fail(tr("« %1 » ne contient aucune feuille de calcul.").arg(name));
    if (sharedStringsPart.isEmpty() && rels.isEmpty())
        sharedStringsPart = folder + u"/sharedStrings.xml";
    if (stylesPart.isEmpty() && rels.isEmpty())
        stylesPart = folder + u"/styles.xml";
    if (!stylesPart.isEmpty()
        && !readXmlPart(
            stylesPart, limits.maxSmallPartSize, false, [this](QXmlStreamReader &xml) { return readStyles(xml); }))
        return false;
    return true;
}

bool XlsxReader::Private::readStyles(QXmlStreamReader &xml)
{
    QHash<int, DateKind> custom;
    bool inCellXfs = false;
    while (nextToken(xml)) {
        if (xml.isStartElement()) {
            const QXmlStreamAttributes a = xml.attributes();
            if (xml.name() == u"numFmt") {
                custom.insert(a.value(QLatin1String("numFmtId")).toInt(),
                    classifyFormat(a.value(QLatin1String("formatCode")).toString()));
            } else if (xml.name() == u"cellXfs") {
                inCellXfs = true;
            } else if (inCellXfs && xml.name() == u"xf") {
                const int id = a.value(QLatin1String("numFmtId")).toInt();
                styleKinds.append(custom.contains(id) ? custom.value(id) : builtInFormat(id));
                if (styleKinds.size() > 1000000) {
                    xml.raiseError(tr("plus d'un million de styles"));
                    return false;
                }
            }
        } else if (xml.isEndElement() && xml.name() == u"cellXfs") {
            inCellXfs = false;
        }
    }
    return !xml.hasError();
}

// The text of the current element (a <t> or a <v>), at most kMaxCellText characters.
bool XlsxReader::Private::readText(QXmlStreamReader &xml, QString *text)
{
    text->clear();
    int depth = 1;
    while (depth > 0 && nextToken(xml)) {
        if (xml.isStartElement()) {
            ++depth;
        } else if (xml.isEndElement()) {
            --depth;
        } else if (xml.isCharacters()) {
            text->append(xml.text());
            if (text->size() > kMaxCellText) {
                xml.raiseError(tr("texte de plus d'un million de caractères"));
                return false;
            }
        }
    }
    return depth == 0;
}

// A shared or inline string (<si> or <is>): its <t>, or the <t> of its rich text runs <r>; phonetic runs skipped.
bool XlsxReader::Private::readRichText(QXmlStreamReader &xml, QString *text)
{
    text->clear();
    QString piece;
    int depth = 1;
    while (depth > 0 && nextToken(xml)) {
        if (xml.isStartElement()) {
            if (xml.name() == u"t") {
                if (!readText(xml, &piece))
                    return false;
                text->append(piece);
                if (text->size() > kMaxCellText) {
                    xml.raiseError(tr("texte de plus d'un million de caractères"));
                    return false;
                }
            } else if (xml.name() == u"rPh" || xml.name() == u"rPr" || xml.name() == u"phoneticPr") {
                if (!skipElement(xml))
                    return false;
            } else {
                ++depth;
            }
        } else if (xml.isEndElement()) {
            --depth;
        }
    }
    *text = unescapeXString(*text);
    return depth == 0;
}

bool XlsxReader::Private::readSharedStrings(QXmlStreamReader &xml)
{
    QString text;
    qint64 characters = 0;
    while (nextToken(xml)) {
        if (xml.isStartElement() && xml.name() == u"si") {
            if (!readRichText(xml, &text))
                return false;
            characters += text.size() + 8;
            if (characters * 2 > limits.maxSharedStringsSize) {
                xml.raiseError(tr("textes partagés au-delà de %1").arg(megabytes(limits.maxSharedStringsSize)));
                return false;
            }
            sharedStrings.append(text);
        }
    }
    return !xml.hasError();
}

bool XlsxReader::Private::startSheet(int index)
{
    sheetScanner.reset();
    sheetXml.reset();
    sheetDevice.reset();
    row = 0;
    sheetSize = 0;
    sheetDone = false;
    pending = false;
    pendingCells.clear();
    if (index < 0 || index >= sheets.size())
        return fail(tr("« %1 » n'a pas de feuille n° %2.").arg(name).arg(index + 1));
    current = index;
    if (!sharedStringsLoaded) {
        sharedStringsLoaded = true;
        if (!sharedStringsPart.isEmpty()
            && !readXmlPart(sharedStringsPart, limits.maxSharedStringsSize, false,
                [this](QXmlStreamReader &x) { return readSharedStrings(x); }))
            return false;
    }
    bool missing = false;
    sheetDevice = openPart(sheets.at(index).part, limits.maxSheetSize, true, &missing);
    if (!sheetDevice)
        return false;
    lastFastRow = 0;
    if (limits.fastSheet)
        sheetScanner = std::make_unique<XmlScanner>(sheetDevice.get());
    else
        sheetXml = std::make_unique<QXmlStreamReader>(sheetDevice.get());
    return true;
}

bool XlsxReader::Private::cellColumn(QStringView ref, const QVariantList &cells, int *column)
{
    *column = int(cells.size());
    if (!ref.isEmpty()) {
        *column = columnOfReference(ref);
        if (*column < 0)
            return cellError(int(cells.size()), tr("référence de cellule « %1 » invalide.").arg(ref.toString()));
        if (*column < cells.size())
            return cellError(*column, tr("cellule « %1 » en désordre dans la ligne.").arg(ref.toString()));
    }
    if (*column >= kMaxColumns)
        return cellError(kMaxColumns - 1, tr("plus de %1 colonnes.").arg(kMaxColumns));
    return true;
}

bool XlsxReader::Private::addCell(int column, CellType type, int style, bool styleOk, const QString &value,
    const QString &inlineText, bool hasInline, QVariantList *cells)
{
    QVariant cell;
    if (type == CellType::InlineString || hasInline) {
        if (!inlineText.isEmpty())
            cell = inlineText;
    } else if (type == CellType::SharedString) {
        if (!value.isEmpty()) {
            bool ok = false;
            const int i = QStringView(value).trimmed().toInt(&ok);
            if (!ok || i < 0 || i >= sharedStrings.size())
                return cellError(column, tr("le texte partagé n° %1 n'existe pas (classeur endommagé).").arg(value));
            if (!sharedStrings.at(i).isEmpty())
                cell = sharedStrings.at(i);
        }
    } else if (type == CellType::FormulaString || type == CellType::Error) {
        if (!value.isEmpty())
            cell = type == CellType::FormulaString ? unescapeXString(value) : value;
    } else if (type == CellType::Boolean) {
        if (!value.isEmpty())
            cell = value.trimmed() == u"1" || value.trimmed() == u"true";
    } else if (type == CellType::IsoDate) {
        if (!value.isEmpty()) {
            // ISO 8601: a date alone, or a date and a time (QDate would read the date of the latter alone).
            const QString iso = value.trimmed();
            const QVariant parsed = iso.contains(u'T') ? QVariant(QDateTime::fromString(iso, Qt::ISODateWithMs))
                                                       : QVariant(QDate::fromString(iso, Qt::ISODate));
            const bool valid
                = parsed.typeId() == QMetaType::QDate ? parsed.toDate().isValid() : parsed.toDateTime().isValid();
            if (!valid)
                return cellError(column, tr("date « %1 » illisible.").arg(value.left(40)));
            cell = parsed;
        }
    } else if (!value.isEmpty()) {
        bool ok = false;
        const double number = value.toDouble(&ok); // spaces around ignored
        if (!ok || !std::isfinite(number))
            return cellError(column, tr("nombre « %1 » illisible.").arg(value.left(40)));
        const DateKind kind
            = styleOk && style >= 0 && style < styleKinds.size() ? styleKinds.at(style) : DateKind::None;
        cell = kind == DateKind::None ? QVariant(number) : serialToDate(number, date1904, kind);
    }
    while (cells->size() < column)
        cells->append(QVariant());
    cells->append(cell);
    return true;
}

bool XlsxReader::Private::readCell(QXmlStreamReader &x, QVariantList *cells)
{
    const QXmlStreamAttributes a = x.attributes();
    int column = 0;
    if (!cellColumn(a.value(QLatin1String("r")), *cells, &column))
        return false;
    const CellType type = cellType(a.value(QLatin1String("t")));
    bool styleOk = false;
    const int style = a.value(QLatin1String("s")).toInt(&styleOk);
    QString value;
    QString inlineText;
    bool hasInline = false;
    const bool read = readChildren(x, [&] {
        if (x.name() == u"v")
            return readText(x, &value);
        if (x.name() == u"is") {
            hasInline = true;
            return readRichText(x, &inlineText);
        }
        return skipElement(x);
    });
    if (!read)
        return false;
    return addCell(column, type, style, styleOk, value, inlineText, hasInline, cells);
}

bool XlsxReader::Private::beginRow(bool hasNumber, QStringView r)
{
    qint64 number = row + 1;
    if (hasNumber && !r.isEmpty()) {
        bool ok = false;
        number = r.toLongLong(&ok);
        if (!ok || number < 1 || number > kMaxRows)
            return fail(tr("Ligne %1 de la feuille « %2 » : numéro de ligne « %3 » invalide.")
                            .arg(row + 1)
                            .arg(sheets.at(current).name, r.toString()));
        if (number <= row)
            return fail(tr("Ligne %1 de la feuille « %2 » : les lignes sont en désordre (classeur endommagé).")
                            .arg(number)
                            .arg(sheets.at(current).name));
    } else if (number > kMaxRows) {
        return fail(tr("La feuille « %1 » a plus de %2 lignes.").arg(sheets.at(current).name).arg(kMaxRows));
    }
    pendingNumber = number;
    pendingCells.clear();
    return true;
}

// Reads ahead the next <row> of the sheet into pendingCells; false at the end of the sheet or on an error. Through
// XmlScanner while it reads the sheet; from what it does not read on, through QXmlStreamReader from the sheet's start,
// the rows already given skipped.
bool XlsxReader::Private::nextRow()
{
    if (!sheetScanner)
        return nextRowXml();
    bool unsupported = false;
    if (nextRowFast(&unsupported)) {
        lastFastRow = pendingNumber;
        return true;
    }
    if (failed)
        return false;
    const bool troubled = sheetDevice->overCap() || sheetDevice->overTotal() || !sheetDevice->zipError().isEmpty();
    if (!unsupported && !troubled)
        return false; // the end of the sheet
    return fallBack();
}

bool XlsxReader::Private::fallBack()
{
    sheetScanner.reset();
    inflatedTotal -= sheetDevice->inflated();
    sheetDevice.reset();
    bool missing = false;
    sheetDevice = openPart(sheets.at(current).part, limits.maxSheetSize, true, &missing);
    if (!sheetDevice)
        return false;
    sheetXml = std::make_unique<QXmlStreamReader>(sheetDevice.get());
    const qint64 given = row;
    row = 0; // the order of the rows skipped is checked against each other
    for (;;) {
        if (!nextRowXml()) {
            row = given;
            return false;
        }
        if (pendingNumber > lastFastRow) {
            row = given;
            return true;
        }
        row = pendingNumber; // given already: skipped
        pending = false;
    }
}

bool XlsxReader::Private::nextRowXml()
{
    QXmlStreamReader &x = *sheetXml;
    while (nextToken(x)) {
        if (!x.isStartElement())
            continue;
        if (x.name() != u"row")
            continue;
        const QXmlStreamAttributes a = x.attributes();
        if (!beginRow(a.hasAttribute(QLatin1String("r")), a.value(QLatin1String("r"))))
            return false;
        if (!readChildren(x, [&] { return x.name() == u"c" ? readCell(x, &pendingCells) : skipElement(x); }))
            return false;
        finishRow();
        return true;
    }
    return false;
}

namespace {
// Skips the current element and its children; false when the scanner stops.
bool skipElement(XmlScanner &x)
{
    int depth = 1;
    while (depth > 0) {
        const XmlScanner::Token t = x.readNext();
        if (t == XmlScanner::StartElement)
            ++depth;
        else if (t == XmlScanner::EndElement)
            --depth;
        else if (t != XmlScanner::Characters)
            return false;
    }
    return true;
}

// The same as readChildren above through the scanner; false when child() fails or the scanner stops.
bool readChildren(XmlScanner &x, const std::function<bool()> &child)
{
    for (;;) {
        const XmlScanner::Token t = x.readNext();
        if (t == XmlScanner::EndElement)
            return true;
        if (t == XmlScanner::StartElement ? !child() : t != XmlScanner::Characters)
            return false;
    }
}
} // namespace

// The text of a <t> or <v>; false for what the scanner leaves to QXmlStreamReader (an element inside, a text past
// the cap, whose message QXmlStreamReader's reading gives).
bool XlsxReader::Private::readTextFast(XmlScanner &x, QString *text)
{
    text->clear();
    for (;;) {
        const XmlScanner::Token t = x.readNext();
        if (t == XmlScanner::EndElement)
            return true;
        if (t != XmlScanner::Characters || !x.appendText(text) || text->size() > kMaxCellText)
            return false;
    }
}

bool XlsxReader::Private::readRichTextFast(XmlScanner &x, QString *text)
{
    text->clear();
    QString piece;
    int depth = 1;
    while (depth > 0) {
        const XmlScanner::Token t = x.readNext();
        if (t == XmlScanner::StartElement) {
            if (x.name() == "t") {
                if (!readTextFast(x, &piece))
                    return false;
                text->append(piece);
                if (text->size() > kMaxCellText)
                    return false;
            } else if (x.name() == "rPh" || x.name() == "rPr" || x.name() == "phoneticPr") {
                if (!skipElement(x))
                    return false;
            } else {
                ++depth;
            }
        } else if (t == XmlScanner::EndElement) {
            --depth;
        } else if (t != XmlScanner::Characters) {
            return false;
        }
    }
    *text = unescapeXString(*text);
    return true;
}

bool XlsxReader::Private::readCellFast(XmlScanner &x, QVariantList *cells, bool *unsupported)
{
    QByteArrayView view;
    int column = 0;
    const bool hasRef = x.attribute("r", &view);
    if (!withUtf16(hasRef ? view : QByteArrayView(), [&](QStringView ref) { return cellColumn(ref, *cells, &column); }))
        return false;
    const CellType type = x.attribute("t", &view) ? withUtf16(view, cellType) : CellType::Number;
    bool styleOk = false;
    int style = 0;
    if (x.attribute("s", &view))
        style = withUtf16(view, [&](QStringView s) { return s.toInt(&styleOk); });
    QString value;
    QString inlineText;
    bool hasInline = false;
    const bool read = readChildren(x, [&] {
        if (x.name() == "v")
            return readTextFast(x, &value);
        if (x.name() == "is") {
            hasInline = true;
            return readRichTextFast(x, &inlineText);
        }
        return skipElement(x);
    });
    if (!read) {
        *unsupported = true; // nothing in a cell's children fails but the scanner
        return false;
    }
    return addCell(column, type, style, styleOk, value, inlineText, hasInline, cells);
}

bool XlsxReader::Private::nextRowFast(bool *unsupported)
{
    XmlScanner &x = *sheetScanner;
    for (;;) {
        const XmlScanner::Token t = x.readNext();
        if (t == XmlScanner::EndDocument)
            return false;
        if (t == XmlScanner::Unsupported) {
            *unsupported = true;
            return false;
        }
        if (t != XmlScanner::StartElement || x.name() != "row")
            continue;
        QByteArrayView r;
        const bool hasNumber = x.attribute("r", &r);
        if (!withUtf16(r, [&](QStringView number) { return beginRow(hasNumber, number); }))
            return false;
        const bool read = readChildren(
            x, [&] { return x.name() == "c" ? readCellFast(x, &pendingCells, unsupported) : skipElement(x); });
        if (!read) {
            *unsupported = *unsupported || !failed; // a cell's message, or the scanner stopped
            return false;
        }
        finishRow();
        return true;
    }
}

XlsxReader::XlsxReader(const QString &path, const Limits &limits)
    : d(std::make_unique<Private>())
{
    d->name = QFileInfo(path).fileName();
    d->limits = limits;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        d->fail(file.exists() ? tr("« %1 » n'a pas pu être ouvert : %2").arg(d->name, file.errorString())
                              : tr("« %1 » n'existe pas.").arg(d->name));
        d->fatal = true;
        return;
    }
    const QByteArray head = file.read(8);
    file.close();
    zip_error_t zerror;
    zip_error_init(&zerror);
    zip_source_t *source = zip_source_file_create(QFile::encodeName(path).constData(), 0, -1, &zerror);
    zip_error_fini(&zerror);
    d->fatal = !d->openArchive(source, head);
    if (d->fatal)
        d->sheets.clear();
}

XlsxReader::XlsxReader(const QByteArray &data, const QString &name, const Limits &limits)
    : d(std::make_unique<Private>())
{
    d->name = name;
    d->limits = limits;
    d->data = data;
    zip_error_t zerror;
    zip_error_init(&zerror);
    zip_source_t *source = zip_source_buffer_create(
        d->data.isEmpty() ? "" : d->data.constData(), zip_uint64_t(d->data.size()), 0, &zerror);
    zip_error_fini(&zerror);
    d->fatal = !d->openArchive(source, d->data.left(8));
    if (d->fatal)
        d->sheets.clear();
}

XlsxReader::~XlsxReader()
{
    d->sheetScanner.reset();
    d->sheetXml.reset();
    d->sheetDevice.reset();
    if (d->archive)
        zip_discard(d->archive);
}

bool XlsxReader::isOpen() const
{
    return d->archive && !d->fatal;
}

QStringList XlsxReader::sheetNames() const
{
    QStringList names;
    for (const Sheet &sheet : std::as_const(d->sheets))
        names.append(sheet.name);
    return names;
}

int XlsxReader::currentSheet() const
{
    return d->current < 0 && !d->sheets.isEmpty() ? 0 : d->current;
}

bool XlsxReader::selectSheet(int index)
{
    if (!d->archive || d->fatal)
        return false;
    d->failed = false;
    d->error.clear();
    return d->startSheet(index);
}

bool XlsxReader::selectSheet(const QString &name)
{
    const int index = int(sheetNames().indexOf(name));
    if (index < 0) {
        if (d->archive && !d->fatal)
            d->fail(tr("« %1 » n'a pas de feuille « %2 » (feuilles : %3).")
                        .arg(d->name, name, sheetNames().join(QStringLiteral(", "))));
        return false;
    }
    return selectSheet(index);
}

bool XlsxReader::date1904() const
{
    return d->date1904;
}

bool XlsxReader::readByScanner() const
{
    return d->sheetScanner != nullptr;
}

bool XlsxReader::readRow(QVariantList *cells)
{
    cells->clear();
    if (d->failed || !d->archive)
        return false;
    if (d->current < 0 && !d->startSheet(0))
        return false;
    if (!d->pending && !d->sheetDone) {
        if (!d->nextRow()) {
            if (d->failed)
                return false;
            if (d->sheetXml && d->sheetXml->hasError())
                return d->xmlFailed(
                    *d->sheetXml, *d->sheetDevice, d->sheets.at(d->current).part, d->limits.maxSheetSize);
            d->sheetDone = true;
        }
    }
    if (!d->pending)
        return false;
    ++d->row;
    if (d->row < d->pendingNumber)
        return true; // a row the sparse sheet leaves out: empty
    *cells = d->pendingCells;
    d->pending = false;
    return true;
}

qint64 XlsxReader::rowNumber() const
{
    return d->row;
}

QString XlsxReader::error() const
{
    return d->error;
}

qint64 XlsxReader::position() const
{
    return d->sheetDevice ? d->sheetDevice->inflated() : 0;
}

qint64 XlsxReader::size() const
{
    return d->sheetSize;
}
