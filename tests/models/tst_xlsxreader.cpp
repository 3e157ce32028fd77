#include "models/io/XlsxReader.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>
#include <QTime>
#include <xlsxwriter.h>
#include <zip.h>

// Declared before the raw strings below, which moc does not read.
// The XLSX reader the importers read through: real workbooks (libxlsxwriter, LibreOffice, the platform's template),
// every kind of cell, and damaged or hostile files ending in a French message.
class TestXlsxReader : public QObject
{
    Q_OBJECT

private slots:
    void libxlsxwriter_sheetsStringsNumbersDatesAndGaps();
    void libxlsxwriter_constantMemory_inlineStrings_streamed();
    void libreOffice_savedFile_sameValuesAsItsCsv();
    void platformTemplate_richTextHeaderAndBothSheets();
    void cells_errorsBooleansRichTextEscapesAndFormats();
    void dates_1900And1904Systems();
    void notAZip_truncated_withoutWorkbook_refused();
    void corruptPart_namedInTheMessage();
    void zipBomb_stoppedWhileInflating_andByTheTotal();
    void dtd_refused();
    void damagedSheet_namesRowAndColumn();
    void fuzzRegressionsAndCorpus_readWithoutCrash();
    void scanner_sameRowsAndErrorsAsQXmlStreamReader();
    void scanner_fallsBackMidSheet_withoutGivingARowTwice();
};

namespace {

const char *const kRootRels = R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)";

const char *const kWorkbook = R"(<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr date1904="%1"/><sheets><sheet name="Feuille" sheetId="1" r:id="rId1"/></sheets></workbook>)";

const char *const kWorkbookRels = R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)";

const char *const kStyles = R"(<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="4"><numFmt numFmtId="164" formatCode="[$-40C]dd\ mmmm\ yyyy;@"/><numFmt numFmtId="165" formatCode="0.00&quot; h&quot;"/>
<numFmt numFmtId="166" formatCode="[h]:mm"/><numFmt numFmtId="167" formatCode="[Red]#,##0.00;[Blue]\-#,##0.00"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="20"/><xf numFmtId="164"/>
<xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs></styleSheet>)";

QByteArray sheetXml(const QByteArray &rows)
{
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)"
        + rows + "</sheetData></worksheet>";
}

using Parts = QMap<QString, QByteArray>;

// A minimal workbook: one sheet "Feuille" with rows, shared strings and styles as given.
Parts workbook(const QByteArray &rows, const QByteArray &sharedStrings = QByteArray(), bool date1904 = false)
{
    Parts parts;
    parts.insert(QStringLiteral("_rels/.rels"), kRootRels);
    parts.insert(QStringLiteral("xl/workbook.xml"), QString::fromLatin1(kWorkbook).arg(date1904 ? 1 : 0).toUtf8());
    parts.insert(QStringLiteral("xl/_rels/workbook.xml.rels"), kWorkbookRels);
    parts.insert(QStringLiteral("xl/styles.xml"), kStyles);
    parts.insert(QStringLiteral("xl/worksheets/sheet1.xml"), sheetXml(rows));
    if (!sharedStrings.isEmpty())
        parts.insert(QStringLiteral("xl/sharedStrings.xml"),
            R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
                + sharedStrings + "</sst>");
    return parts;
}

// The parts zipped at path by libzip (deflated).
bool writeZip(const QString &path, const Parts &parts)
{
    int error = 0;
    zip_t *zip = zip_open(QFile::encodeName(path).constData(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!zip)
        return false;
    for (auto it = parts.cbegin(); it != parts.cend(); ++it) {
        zip_source_t *source = zip_source_buffer(zip, it.value().constData(), zip_uint64_t(it.value().size()), 0);
        if (!source || zip_file_add(zip, it.key().toUtf8().constData(), source, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(source);
            zip_discard(zip);
            return false;
        }
    }
    return zip_close(zip) == 0;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

struct Result
{
    QList<QVariantList> rows;
    QString error;
};

Result readSheet(XlsxReader &reader)
{
    Result result;
    QVariantList cells;
    while (reader.readRow(&cells)) {
        result.rows.append(cells);
        if (reader.rowNumber() != result.rows.size())
            return {result.rows,
                QStringLiteral("rowNumber %1 after %2 rows").arg(reader.rowNumber()).arg(result.rows.size())};
    }
    result.error = reader.error();
    return result;
}

Result readParts(const Parts &parts, const XlsxReader::Limits &limits = XlsxReader::Limits())
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("classeur.xlsx"));
    if (!writeZip(path, parts))
        return {{}, QStringLiteral("zip not written")};
    XlsxReader reader(path, limits);
    return readSheet(reader);
}

// Every sheet of the workbook read through XmlScanner (the default) and through QXmlStreamReader alone; "" when
// both give the same rows and errors, else what differs. *scanned: whether the scanner read the first sheet to its end.
QString compareReaders(
    const QByteArray &archive, const QString &name, XlsxReader::Limits limits, bool *scanned = nullptr)
{
    limits.fastSheet = true;
    XlsxReader fast(archive, name, limits);
    limits.fastSheet = false;
    XlsxReader slow(archive, name, limits);
    if (fast.sheetNames() != slow.sheetNames())
        return QStringLiteral("sheets differ");
    for (int s = 0; s < slow.sheetNames().size() && s < 3; ++s) {
        if (fast.selectSheet(s) != slow.selectSheet(s))
            return QStringLiteral("sheet %1 selected differently").arg(s);
        const Result a = readSheet(fast);
        const Result b = readSheet(slow);
        if (s == 0 && scanned)
            *scanned = fast.readByScanner();
        if (a.rows != b.rows)
            return QStringLiteral("sheet %1: %2 rows through the scanner, %3 through QXmlStreamReader")
                .arg(s)
                .arg(a.rows.size())
                .arg(b.rows.size());
        if (a.error != b.error)
            return QStringLiteral("sheet %1: \"%2\" through the scanner, \"%3\" through QXmlStreamReader")
                .arg(s)
                .arg(a.error, b.error);
    }
    return QString();
}

QByteArray zipped(const Parts &parts)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("classeur.xlsx"));
    return writeZip(path, parts) ? readFile(path) : QByteArray();
}

// Sets the uncompressed size the archive declares for the part (local header and central directory) to size.
void declareSize(QByteArray *zipData, const QByteArray &part, quint32 size)
{
    const char le[4] = {char(size & 0xFF), char((size >> 8) & 0xFF), char((size >> 16) & 0xFF), char(size >> 24)};
    for (qsizetype at = zipData->indexOf(part); at >= 0; at = zipData->indexOf(part, at + 1)) {
        if (at >= 30 && zipData->mid(at - 30, 4) == QByteArray("PK\x03\x04"))
            zipData->replace(at - 30 + 22, 4, le, 4);
        else if (at >= 46 && zipData->mid(at - 46, 4) == QByteArray("PK\x01\x02"))
            zipData->replace(at - 46 + 24, 4, le, 4);
    }
}

} // namespace

void TestXlsxReader::libxlsxwriter_sheetsStringsNumbersDatesAndGaps()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.xlsx"));
    lxw_workbook *wb = workbook_new(QFile::encodeName(path).constData());
    lxw_worksheet *first = workbook_add_worksheet(wb, "Activités");
    lxw_worksheet *second = workbook_add_worksheet(wb, "Lieux");
    lxw_format *dateFormat = workbook_add_format(wb);
    format_set_num_format(dateFormat, "dd/mm/yyyy");
    lxw_format *dateTimeFormat = workbook_add_format(wb);
    format_set_num_format(dateTimeFormat, "dd/mm/yyyy hh:mm");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    worksheet_write_string(first, 0, 0, "Date", nullptr);
    worksheet_write_string(first, 0, 1, "Durée", nullptr);
    worksheet_write_string(first, 0, 2, "Début", nullptr);
    worksheet_write_string(first, 0, 3, "Remarque", nullptr);
    lxw_datetime day = {2025, 3, 14, 0, 0, 0};
    lxw_datetime moment = {2025, 3, 14, 9, 30, 0};
    worksheet_write_datetime(first, 1, 0, &day, dateFormat);
    worksheet_write_number(first, 1, 1, 45, nullptr);
    worksheet_write_datetime(first, 1, 2, &moment, dateTimeFormat);
    lxw_rich_string_tuple part1 = {bold, const_cast<char *>("Atelier ")};
    lxw_rich_string_tuple part2 = {nullptr, const_cast<char *>("« Smartphone »")};
    lxw_rich_string_tuple *runs[] = {&part1, &part2, nullptr};
    worksheet_write_rich_string(first, 1, 3, runs, nullptr);
    worksheet_write_number(first, 2, 1, 12.5, nullptr); // A3 empty, then B3, then D3
    worksheet_write_boolean(first, 2, 3, 1, nullptr);
    worksheet_write_string(first, 5, 0, "Après deux lignes vides", nullptr); // rows 4 and 5 left out
    worksheet_write_blank(first, 5, 3, bold); // a styled blank: no value
    worksheet_write_string(second, 0, 0, "Lieu", nullptr);
    worksheet_write_string(second, 1, 0, "Médiathèque de Guéret", nullptr);
    QCOMPARE(workbook_close(wb), LXW_NO_ERROR);

    XlsxReader reader(path);
    QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
    QCOMPARE(reader.sheetNames(), QStringList({QStringLiteral("Activités"), QStringLiteral("Lieux")}));
    QCOMPARE(reader.currentSheet(), 0);
    QVERIFY(!reader.date1904());
    const Result r = readSheet(reader);
    QCOMPARE(r.error, QString());
    QCOMPARE(r.rows.size(), 6);
    QCOMPARE(r.rows.at(0),
        QVariantList(
            {QStringLiteral("Date"), QStringLiteral("Durée"), QStringLiteral("Début"), QStringLiteral("Remarque")}));
    QCOMPARE(r.rows.at(1).at(0), QVariant(QDate(2025, 3, 14)));
    QCOMPARE(r.rows.at(1).at(1), QVariant(45.0));
    QCOMPARE(r.rows.at(1).at(2), QVariant(QDateTime(QDate(2025, 3, 14), QTime(9, 30))));
    QCOMPARE(r.rows.at(1).at(3), QVariant(QStringLiteral("Atelier « Smartphone »")));
    QCOMPARE(r.rows.at(2), QVariantList({QVariant(), 12.5, QVariant(), true}));
    QVERIFY(r.rows.at(3).isEmpty());
    QVERIFY(r.rows.at(4).isEmpty());
    QCOMPARE(r.rows.at(5), QVariantList({QStringLiteral("Après deux lignes vides")}));

    QVERIFY(reader.selectSheet(QStringLiteral("Lieux")));
    QCOMPARE(reader.currentSheet(), 1);
    const Result places = readSheet(reader);
    QCOMPARE(places.error, QString());
    QCOMPARE(places.rows, QList<QVariantList>({{QStringLiteral("Lieu")}, {QStringLiteral("Médiathèque de Guéret")}}));
    // Back to the first sheet by its index: read again from its first row.
    QVERIFY(reader.selectSheet(0));
    QCOMPARE(readSheet(reader).rows, r.rows);
    QVERIFY(!reader.selectSheet(QStringLiteral("Bénéficiaires")));
    QCOMPARE(reader.error(),
        QStringLiteral("« carnet.xlsx » n'a pas de feuille « Bénéficiaires » (feuilles : Activités, "
                       "Lieux)."));
    QVERIFY(!reader.selectSheet(2));
    QVERIFY(reader.selectSheet(1));
    QCOMPARE(reader.error(), QString());
}

void TestXlsxReader::libxlsxwriter_constantMemory_inlineStrings_streamed()
{
    // constant_memory writes inline strings, row after row: 20,000 rows, and the reader has read a small part of the
    // sheet's XML when it gives the first row.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("grand.xlsx"));
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = nullptr;
    lxw_workbook *wb = workbook_new_opt(QFile::encodeName(path).constData(), &options);
    lxw_worksheet *sheet = workbook_add_worksheet(wb, nullptr);
    const int rows = 20000;
    for (int i = 0; i < rows; ++i) {
        worksheet_write_string(
            sheet, lxw_row_t(i), 0, QStringLiteral("Bénéficiaire %1").arg(i).toUtf8().constData(), nullptr);
        worksheet_write_number(sheet, lxw_row_t(i), 1, i, nullptr);
    }
    QCOMPARE(workbook_close(wb), LXW_NO_ERROR);
    QVERIFY(readFile(path).contains("xl/worksheets/sheet1.xml"));
    QVERIFY(!readFile(path).contains("sharedStrings.xml"));

    XlsxReader reader(path);
    QVariantList cells;
    QVERIFY2(reader.readRow(&cells), qPrintable(reader.error()));
    QCOMPARE(cells, QVariantList({QStringLiteral("Bénéficiaire 0"), 0.0}));
    QVERIFY(reader.size() > 500'000);
    QVERIFY2(reader.position() < reader.size() / 4,
        qPrintable(QStringLiteral("%1 of %2").arg(reader.position()).arg(reader.size())));
    int count = 1;
    while (reader.readRow(&cells)) {
        QCOMPARE(cells.at(1).toInt(), count);
        ++count;
    }
    QCOMPARE(reader.error(), QString());
    QCOMPARE(count, rows);
    QCOMPARE(cells, QVariantList());
    QCOMPARE(reader.position(), reader.size());
}

void TestXlsxReader::libreOffice_savedFile_sameValuesAsItsCsv()
{
    // tests/fixtures/xlsx/libreoffice-activites.xlsx: libreoffice --headless
    // --infilter="CSV:59,34,76,1,,1036" --convert-to xlsx libreoffice-activites.csv (French locale: dates and the
    // decimal comma read as such).
    XlsxReader reader(QStringLiteral(CARNET_TEST_FIXTURES "/xlsx/libreoffice-activites.xlsx"));
    QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
    QCOMPARE(reader.sheetNames().size(), 1);
    const Result r = readSheet(reader);
    QCOMPARE(r.error, QString());
    QCOMPARE(r.rows.size(), 5);
    QCOMPARE(r.rows.at(0),
        QVariantList({QStringLiteral("Date"), QStringLiteral("Durée"), QStringLiteral("Thématique"),
            QStringLiteral("Participants"), QStringLiteral("Remarque")}));
    QCOMPARE(r.rows.at(1),
        QVariantList({QDate(2025, 1, 15), 90.0, QStringLiteral("Prendre en main un ordinateur"), 1.0,
            QStringLiteral("Première visite")}));
    QCOMPARE(r.rows.at(2), QVariantList({QDate(2025, 2, 3), 45.0, QStringLiteral("Courriels")}));
    QVERIFY(r.rows.at(3).isEmpty());
    QCOMPARE(r.rows.at(4),
        QVariantList({QDate(2025, 2, 28), 120.5, QStringLiteral("Démarches en ligne"), 12.0,
            QStringLiteral("Atelier ; groupe")}));
}

void TestXlsxReader::platformTemplate_richTextHeaderAndBothSheets()
{
    // The platform's own template, copied from apps/web/public/modeles/coop-numerique_import-beneficiaires.xlsx in
    // the coop-mediation-numerique repository (read there by analyseImportBeneficiairesExcel.ts): saved by
    // LibreOffice, a rich text instruction in A1, the header in row 2, and a second sheet of communes.
    XlsxReader reader(QStringLiteral(CARNET_TEST_FIXTURES "/xlsx/coop-numerique_import-beneficiaires.xlsx"));
    QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
    QCOMPARE(reader.sheetNames(), QStringList({QStringLiteral("Bénéficiaires"), QStringLiteral("Communes")}));
    QVariantList cells;
    QVERIFY(reader.readRow(&cells));
    QVERIFY(cells.at(0).toString().startsWith(QStringLiteral("Instructions d'utilisation :  \n- Nom et Prénom sont "
                                                             "obligatoires")));
    QCOMPARE(cells.size(), 1);
    QVERIFY(reader.readRow(&cells));
    QCOMPARE(cells.mid(0, 4),
        QVariantList({QStringLiteral("Nom"), QStringLiteral("Prénom"), QStringLiteral("Année de naissance"),
            QStringLiteral("Commune")}));
    QCOMPARE(cells.at(4), QVariant());
    QCOMPARE(cells.mid(6),
        QVariantList({QStringLiteral("N° de téléphone"), QStringLiteral("E-mail"), QStringLiteral("Genre"),
            QStringLiteral("Notes supplémentaires")}));
    qint64 rows = 2;
    while (reader.readRow(&cells))
        ++rows;
    QCOMPARE(reader.error(), QString());
    QVERIFY2(rows >= 3000, qPrintable(QString::number(rows)));
    QVERIFY(reader.selectSheet(QStringLiteral("Communes")));
    const Result communes = readSheet(reader);
    QCOMPARE(communes.error, QString());
    QVERIFY2(communes.rows.size() > 30000, qPrintable(QString::number(communes.rows.size())));
}

void TestXlsxReader::cells_errorsBooleansRichTextEscapesAndFormats()
{
    const QByteArray strings
        = R"(<si><t>Nom</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Gras </t></r><r><t>et fin</t></r></si>
<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si><si><t>Ligne_x000D_
suivante</t></si><si><t/></si>)";
    const Result r = readParts(workbook(
        R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>0</v></c></row>
<row r="2"><c r="A2" t="e"><v>#DIV/0!</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="inlineStr"><is><r><t>en </t></r><r><t>ligne</t></r></is></c><c r="D2" t="str"><f>A1&amp;"!"</f><v>Nom!</v></c><c r="E2"><v>-1.5E3</v></c></row>
<row r="3"><c r="A3" s="5"><v>7.25</v></c><c r="B3" s="6"><v>0.0625</v></c><c r="C3" s="7"><v>3</v></c><c r="D3" s="3"><v>0.75</v></c><c r="E3" s="4"><v>45672</v></c><c r="F3" s="99"><v>2</v></c></row>
<row><c><v>1</v></c><c><v>2</v></c></row>
<row r="5"><c r="C5" t="d"><v>2025-01-15</v></c><c r="D5" t="d"><v>2025-01-15T10:20:00</v></c></row>)",
        strings));
    QCOMPARE(r.error, QString());
    QCOMPARE(r.rows.size(), 5);
    QCOMPARE(r.rows.at(0),
        QVariantList({QStringLiteral("Nom"), QStringLiteral("Gras et fin"), QStringLiteral("東京"),
            QStringLiteral("Ligne\r\nsuivante"), QVariant(), QStringLiteral("Nom")}));
    QCOMPARE(r.rows.at(1),
        QVariantList({QStringLiteral("#DIV/0!"), false, QStringLiteral("en ligne"), QStringLiteral("Nom!"), -1500.0}));
    // "0.00 h" quoted text, "[Red]..." colours: numbers. "[h]:mm", "h:mm": times. A custom date format: a date. An
    // unknown style: a number.
    QCOMPARE(r.rows.at(2), QVariantList({7.25, QTime(1, 30), 3.0, QTime(18, 0), QDate(2025, 1, 15), 2.0}));
    QCOMPARE(r.rows.at(3), QVariantList({1.0, 2.0})); // cells and rows without r: the next ones
    QCOMPARE(r.rows.at(4),
        QVariantList({QVariant(), QVariant(), QDate(2025, 1, 15), QDateTime(QDate(2025, 1, 15), QTime(10, 20))}));
}

void TestXlsxReader::dates_1900And1904Systems()
{
    const QByteArray rows
        = R"(<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>59</v></c><c r="C1" s="1"><v>61</v></c><c r="D1" s="1"><v>45672</v></c><c r="E1" s="2"><v>45672.5</v></c><c r="F1" s="1"><v>-3</v></c></row>)";
    const Result r1900 = readParts(workbook(rows));
    QCOMPARE(r1900.error, QString());
    QCOMPARE(r1900.rows.at(0),
        QVariantList({QDate(1900, 1, 1), QDate(1900, 2, 28), QDate(1900, 3, 1), QDate(2025, 1, 15),
            QDateTime(QDate(2025, 1, 15), QTime(12, 0)), -3.0}));
    const Result r1904 = readParts(workbook(rows, QByteArray(), true));
    QCOMPARE(r1904.error, QString());
    QCOMPARE(r1904.rows.at(0).at(0), QVariant(QDate(1904, 1, 2)));
    QCOMPARE(r1904.rows.at(0).at(3), QVariant(QDate(2025, 1, 15).addDays(1462)));
}

void TestXlsxReader::notAZip_truncated_withoutWorkbook_refused()
{
    QTemporaryDir dir;
    const auto write = [&](const QString &name, const QByteArray &data) {
        QFile file(dir.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(data);
        return file.fileName();
    };
    XlsxReader csv(write(QStringLiteral("faux.xlsx"), "Date;Durée\n15/01/2025;45\n"));
    QVERIFY(!csv.isOpen());
    QCOMPARE(csv.error(), QStringLiteral("« faux.xlsx » n'est pas un classeur XLSX : ce n'est pas une archive zip."));
    QVariantList cells;
    QVERIFY(!csv.readRow(&cells));
    QVERIFY(!csv.selectSheet(0));

    XlsxReader xls(
        write(QStringLiteral("ancien.xlsx"), QByteArray("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") + QByteArray(600, 0)));
    QVERIFY(xls.error().contains(QStringLiteral("Excel 97-2003")));

    XlsxReader empty(write(QStringLiteral("vide.xlsx"), QByteArray()));
    QVERIFY2(empty.error().contains(QStringLiteral("n'est pas un classeur XLSX")), qPrintable(empty.error()));

    const QString good = dir.filePath(QStringLiteral("bon.xlsx"));
    QVERIFY(writeZip(good, workbook("<row><c><v>1</v></c></row>")));
    const QByteArray data = readFile(good);
    for (const qsizetype cut : {data.size() / 2, data.size() - 10, qsizetype(30)}) {
        XlsxReader truncated(write(QStringLiteral("tronque.xlsx"), data.left(cut)));
        QVERIFY(!truncated.isOpen());
        QVERIFY2(truncated.error().startsWith(QStringLiteral("« tronque.xlsx » ")), qPrintable(truncated.error()));
        QVERIFY(!truncated.readRow(&cells));
    }

    const QString other = dir.filePath(QStringLiteral("archive.xlsx"));
    QVERIFY(writeZip(other, {{QStringLiteral("photo.txt"), "pas un classeur"}}));
    XlsxReader noWorkbook(other);
    QCOMPARE(noWorkbook.error(),
        QStringLiteral("« archive.xlsx » n'est pas un classeur XLSX : l'archive ne contient pas "
                       "de classeur (« xl/workbook.xml » manque)."));

    Parts noSheet = workbook("");
    noSheet.remove(QStringLiteral("xl/worksheets/sheet1.xml"));
    const Result missingSheet = readParts(noSheet);
    QCOMPARE(missingSheet.error,
        QStringLiteral("« classeur.xlsx » est incomplet : la partie « xl/worksheets/sheet1.xml » "
                       "manque (ce n'est pas un classeur XLSX complet)."));

    XlsxReader absent(dir.filePath(QStringLiteral("absent.xlsx")));
    QCOMPARE(absent.error(), QStringLiteral("« absent.xlsx » n'existe pas."));
}

void TestXlsxReader::corruptPart_namedInTheMessage()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("abime.xlsx"));
    QByteArray rows;
    for (int i = 1; i <= 2000; ++i)
        rows += "<row r=\"" + QByteArray::number(i) + "\"><c r=\"A" + QByteArray::number(i) + "\"><v>"
            + QByteArray::number(i * 7) + "</v></c></row>";
    QVERIFY(writeZip(path, workbook(rows)));
    QByteArray data = readFile(path);
    // Damage the sheet's compressed data, in its middle.
    const qsizetype name = data.indexOf("xl/worksheets/sheet1.xml");
    QVERIFY(name > 30);
    const auto le16 = [&](qsizetype at) { return int(uchar(data.at(at))) | int(uchar(data.at(at + 1))) << 8; };
    QCOMPARE(data.mid(name - 30, 4), QByteArray("PK\x03\x04"));
    const qsizetype start = name + le16(name - 30 + 26) + le16(name - 30 + 28); // the data, after name and extra
    for (qsizetype i = start + 200; i < start + 260; ++i)
        data[i] = char(data.at(i) ^ 0x5A);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();
    XlsxReader reader(path);
    QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
    const Result r = readSheet(reader);
    QVERIFY2(
        r.error.startsWith(QStringLiteral("« abime.xlsx » est endommagé : la partie « xl/worksheets/sheet1.xml » ")),
        qPrintable(r.error));
}

void TestXlsxReader::zipBomb_stoppedWhileInflating_andByTheTotal()
{
    // 16 MB of blanks inside the sheet, declared as 100 bytes: the cap of 1 MB stops it while inflating.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bombe.xlsx"));
    Parts parts = workbook(QByteArray(16 << 20, ' '));
    QVERIFY(writeZip(path, parts));
    QByteArray data = readFile(path);
    QVERIFY(data.size() < 200'000);
    declareSize(&data, "xl/worksheets/sheet1.xml", 100);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();
    XlsxReader::Limits limits;
    limits.maxSheetSize = 1 << 20;
    XlsxReader reader(path, limits);
    QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
    QVERIFY(reader.size() <= 100);
    const Result r = readSheet(reader);
    QCOMPARE(r.error,
        QStringLiteral("« bombe.xlsx » est refusé : la partie « xl/worksheets/sheet1.xml » dépasse 1 Mo "
                       "une fois décompressée (une « bombe zip » ?)."));
    QVERIFY(reader.position() <= (1 << 20) + 64 * 1024);

    // Declared honestly, it is refused before inflating anything.
    const QString honest = dir.filePath(QStringLiteral("honnete.xlsx"));
    QVERIFY(writeZip(honest, parts));
    XlsxReader early(honest, limits);
    QVariantList cells;
    QVERIFY(!early.readRow(&cells));
    QVERIFY2(early.error().contains(QStringLiteral("ferait 16 Mo une fois décompressée")), qPrintable(early.error()));
    QCOMPARE(early.position(), 0);

    // The total: shared strings and sheet together over it.
    XlsxReader::Limits total;
    total.maxTotalSize = 8 << 20;
    const Result overTotal = readParts(workbook("<row><c><v>1</v></c></row>" + QByteArray(9 << 20, ' ')), total);
    QVERIFY2(overTotal.error.contains(QStringLiteral("le classeur dépasse 8 Mo une fois décompressé")),
        qPrintable(overTotal.error));
}

void TestXlsxReader::dtd_refused()
{
    const QByteArray laughs
        = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>)";
    Parts inSheet = workbook("");
    inSheet.insert(QStringLiteral("xl/worksheets/sheet1.xml"), laughs);
    const Result sheet = readParts(inSheet);
    QVERIFY(sheet.rows.isEmpty());
    QCOMPARE(sheet.error,
        QStringLiteral("« classeur.xlsx » est refusé : la partie « xl/worksheets/sheet1.xml » contient "
                       "une DTD (des déclarations d'entités), ce qu'un classeur XLSX ne contient "
                       "jamais."));
    Parts inWorkbook = workbook("<row><c><v>1</v></c></row>");
    inWorkbook.insert(QStringLiteral("xl/workbook.xml"),
        QByteArray(R"(<?xml version="1.0"?><!DOCTYPE workbook SYSTEM "file:///etc/passwd">)")
            + QByteArray(kWorkbook).replace("%1", "0").mid(39));
    const Result workbookDtd = readParts(inWorkbook);
    QVERIFY2(workbookDtd.error.contains(QStringLiteral("« xl/workbook.xml » contient une DTD")),
        qPrintable(workbookDtd.error));
}

void TestXlsxReader::damagedSheet_namesRowAndColumn()
{
    const Result index = readParts(workbook(
        R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="C2" t="s"><v>7</v></c></row>)",
        "<si><t>seul</t></si>"));
    QCOMPARE(index.rows.size(), 1);
    QCOMPARE(index.error,
        QStringLiteral("Ligne 2, colonne C de la feuille « Feuille » : le texte partagé n° 7 n'existe pas "
                       "(classeur endommagé)."));
    const Result number = readParts(workbook(R"(<row r="3"><c r="B3"><v>douze</v></c></row>)"));
    QCOMPARE(
        number.error, QStringLiteral("Ligne 3, colonne B de la feuille « Feuille » : nombre « douze » illisible."));
    const Result order = readParts(workbook(R"(<row r="3"><c r="C3"><v>1</v></c><c r="B3"><v>1</v></c></row>)"));
    QVERIFY2(order.error.startsWith(
                 QStringLiteral("Ligne 3, colonne B de la feuille « Feuille » : cellule « B3 » en désordre")),
        qPrintable(order.error));
    const Result rowsOrder = readParts(workbook(R"(<row r="3"/><row r="2"/>)"));
    QVERIFY2(rowsOrder.error.contains(QStringLiteral("les lignes sont en désordre")), qPrintable(rowsOrder.error));
    QCOMPARE(rowsOrder.rows.size(), 3);
    const Result far = readParts(workbook(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)"));
    QVERIFY2(far.error.contains(QStringLiteral("référence de cellule « XFE1 » invalide")), qPrintable(far.error));
    const Result xml = readParts(workbook(R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c>)"));
    QCOMPARE(xml.rows.size(), 1);
    QVERIFY2(
        xml.error.startsWith(QStringLiteral("« classeur.xlsx » est endommagé : la partie « xl/worksheets/sheet1.xml » "
                                            "n'est pas du XML valide")),
        qPrintable(xml.error));
}

void TestXlsxReader::fuzzRegressionsAndCorpus_readWithoutCrash()
{
    // What the fuzzer found (and its seeds), read again by the gcc build as tests/fuzz/fuzz_xlsx.cpp reads them:
    // first byte even, the rest is the archive; odd, the rest is the parts separated by NUL bytes, zipped here.
    XlsxReader::Limits limits;
    limits.maxSheetSize = 4 << 20;
    limits.maxSharedStringsSize = 4 << 20;
    limits.maxSmallPartSize = 1 << 20;
    limits.maxTotalSize = 16 << 20;
    QTemporaryDir dir;
    int files = 0;
    for (const char *folder : {"regressions/xlsx", "corpus/xlsx"}) {
        QDirIterator it(QStringLiteral(CARNET_TEST_FIXTURES "/../fuzz/") + QLatin1String(folder), QDir::Files);
        while (it.hasNext()) {
            const QByteArray data = readFile(it.next());
            if (data.isEmpty())
                continue;
            QByteArray archive = data.mid(1);
            if (data.at(0) & 1) {
                static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
                    "xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
                const QList<QByteArray> pieces = archive.split('\0');
                Parts parts{{QStringLiteral("_rels/.rels"), kRootRels}};
                for (int i = 0; i < pieces.size() && i < 5; ++i)
                    parts.insert(QString::fromLatin1(names[i]), pieces.at(i));
                const QString path = dir.filePath(QStringLiteral("parts.xlsx"));
                QVERIFY(writeZip(path, parts));
                archive = readFile(path);
            }
            const QString differs = compareReaders(archive, it.fileName(), limits);
            QVERIFY2(differs.isEmpty(), qPrintable(it.fileName() + QStringLiteral(": ") + differs));
            XlsxReader reader(archive, it.fileName(), limits);
            const int sheets = int(reader.sheetNames().size());
            QCOMPARE(reader.isOpen(), sheets > 0);
            for (int s = 0; s < sheets && s < 3; ++s) {
                if (!reader.selectSheet(s))
                    continue;
                QVariantList cells;
                while (reader.readRow(&cells))
                    QVERIFY(reader.rowNumber() <= 1048576 && cells.size() <= 16384);
            }
            ++files;
        }
    }
    QVERIFY2(files >= 5, qPrintable(QString::number(files)));
}

void TestXlsxReader::scanner_sameRowsAndErrorsAsQXmlStreamReader()
{
    // What XmlScanner reads itself (prefixes, references, line ends, quotes, empty elements, rich text, processing
    // instructions) and what it leaves to QXmlStreamReader (comments, CDATA, unknown entities, invalid UTF-8, an
    // element inside a value, a sheet cut short): the same rows and the same messages either way.
    const QList<QByteArray> rows{
        R"(<row r="1"><c r="A1" t="inlineStr"><is><t>A &amp; B &lt;&gt; &quot;q&quot; &apos; &#233;&#xE9;&#13;!</t></is></c></row>)",
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ligne 1\r\nligne 2\rligne 3\n</t></is></c></row>",
        R"(<row r='2' spans = '1:3'><c r = 'B2' s='1'><v>45000</v></c><c r="C2" s="1"/><c r="D2"><v/></c></row>)",
        R"(<row r="1"><c r="A1" t="s"><v> 0 </v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c></row>)",
        R"(<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">Atelier </t></r><r><t>x_x000D_y</t></r><rPh><t>ふ</t></rPh></is></c></row>)",
        R"(<?carnet test?><row r="1"><c r="A1"><f>1+1</f><v>2</v></c><extLst><ext uri="x"/></extLst></row>)",
        R"(<row r="1"><c r="A1" t="str"><v>calcul_x0009_fait</v></c><c r="B1" t="d"><v>2025-03-14T09:30:00</v></c></row>)",
        R"(<row r="1"><c r="A1"><v>1</v></c></row><!-- un commentaire --><row r="2"><c r="A2"><v>2</v></c></row>)",
        R"(<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>gras</b>]]></t></is></c></row>)",
        R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>&eacute;</t></is></c></row>)",
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>caf\xC3</t></is></c></row>",
        R"(<row r="1"><c r="A1"><v>1<b/>2</v></c></row>)",
        R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c>)",
        R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></x></row>)",
        R"(<row r="1"><c r="A1" r="B1"><v>1</v></c></row>)",
        R"(<row r="1"><c r="A1"><v>douze</v></c></row>)",
        R"(<row r="5"/><row r="3"/>)",
        // Found by review: quotes inside a processing instruction, a U+FEFF at the start of a text or an attribute,
        // invalid UTF-8 after a real U+FFFD, an overlong form.
        R"(<?p '?><row r="1"><c r="A1"><v>1</v></c></row><?p '?><row r="2"><c r="A2" t="str"><v>a<?p "?>b"?></v></c></row>)",
        "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>\xEF\xBB\xBFx</v></c></row>",
        "<row r=\"\xEF\xBB\xBF" "2\"><c r=\"A2\"><v>1</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>\xEF\xBF\xBD\xFF</v></c></row>",
        "<row r=\"1\"><c r=\"A1\" t=\"str\"><v>\xC0\xAF</v></c></row>",
    };
    const int scannerReads = 7; // the first ones; the others fall back
    int index = 0;
    for (const QByteArray &body : rows) {
        const QByteArray archive = zipped(workbook(body, "<si><t>un</t></si><si><t>deux</t></si>"));
        QVERIFY(!archive.isEmpty());
        bool scanned = false;
        const QString differs
            = compareReaders(archive, QStringLiteral("classeur.xlsx"), XlsxReader::Limits(), &scanned);
        QVERIFY2(differs.isEmpty(), qPrintable(QStringLiteral("case %1: %2").arg(index).arg(differs)));
        QVERIFY2(scanned == (index < scannerReads) || index >= 14, qPrintable(QStringLiteral("case %1").arg(index)));
        ++index;
    }
    // The prefixed spelling some writers use, read by the scanner itself.
    Parts prefixed = workbook(QByteArray());
    prefixed.insert(QStringLiteral("xl/worksheets/sheet1.xml"),
        R"(<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>préfixe</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>)");
    bool scanned = false;
    QCOMPARE(
        compareReaders(zipped(prefixed), QStringLiteral("classeur.xlsx"), XlsxReader::Limits(), &scanned), QString());
    QVERIFY(scanned);
    const Result r = readParts(prefixed);
    QCOMPARE(r.error, QString());
    QCOMPARE(r.rows, QList<QVariantList>({{QVariant(), QStringLiteral("préfixe")}}));
    // The messages are QXmlStreamReader's: a cut sheet names the part, an unknown entity too.
    const Result cut = readParts(workbook(R"(<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2">)"));
    QCOMPARE(cut.rows.size(), 1);
    QVERIFY2(cut.error.contains(QStringLiteral("n'est pas du XML valide")), qPrintable(cut.error));
    // The text as written, references decoded and line ends as XML reads them.
    const Result text = readParts(
        workbook("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a &amp; b&#13;\r\nc&#x1F600;</t></is></c></row>"));
    QCOMPARE(text.error, QString());
    QCOMPARE(text.rows, QList<QVariantList>({{QString::fromUtf8("a & b\r\nc\xF0\x9F\x98\x80")}}));
}

void TestXlsxReader::scanner_fallsBackMidSheet_withoutGivingARowTwice()
{
    // 3,000 rows, a comment after the 2,000th: the scanner gives 2,000, QXmlStreamReader the rest from the start
    // of the sheet, the first 2,000 skipped; sparse row numbers kept.
    QByteArray body;
    for (int i = 1; i <= 3000; ++i) {
        const int number = i * 2;
        body += "<row r=\"" + QByteArray::number(number) + "\"><c r=\"A" + QByteArray::number(number) + "\"><v>"
            + QByteArray::number(i) + "</v></c></row>";
        if (i == 2000)
            body += "<!-- ici -->";
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("classeur.xlsx"));
    QVERIFY(writeZip(path, workbook(body)));
    XlsxReader reader(path);
    QVariantList cells;
    int values = 0;
    qint64 last = 0;
    while (reader.readRow(&cells)) {
        QCOMPARE(reader.rowNumber(), last + 1);
        last = reader.rowNumber();
        if (cells.isEmpty())
            continue;
        ++values;
        QCOMPARE(cells.at(0).toInt(), values);
        QCOMPARE(reader.rowNumber(), qint64(values) * 2);
    }
    QCOMPARE(reader.error(), QString());
    QVERIFY(!reader.readByScanner());
    QCOMPARE(values, 3000);
    QCOMPARE(last, qint64(6000));
}

QTEST_GUILESS_MAIN(TestXlsxReader)
#include "tst_xlsxreader.moc"
