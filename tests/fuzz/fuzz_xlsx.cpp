// libFuzzer target for XlsxReader, its sheets read through XmlScanner and compared with QXmlStreamReader's reading.
// First byte even: the rest is the archive itself. Odd: the rest is the workbook's parts separated by NUL bytes (sheet,
// shared strings, styles, workbook, workbook relationships), zipped here without compression, so that the mutations
// reach the XML rather than the zip's checksums.
#include "models/io/XlsxReader.h"

#include <QByteArray>
#include <QList>
#include <zip.h>

namespace {

QByteArray zipParts(const QList<QByteArray> &parts)
{
    static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
        "xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
    static const QByteArray rootRels
        = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
          "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
          "Target=\"xl/workbook.xml\"/></Relationships>";
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *out = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_error_fini(&error);
    if (!out)
        return {};
    zip_source_keep(out);
    zip_t *zip = zip_open_from_source(out, ZIP_TRUNCATE, nullptr);
    if (!zip) {
        zip_source_free(out);
        return {};
    }
    const auto add = [zip](const char *name, const QByteArray &data) {
        zip_source_t *source = zip_source_buffer(zip, data.constData(), zip_uint64_t(data.size()), 0);
        const zip_int64_t index = source ? zip_file_add(zip, name, source, 0) : -1;
        if (index < 0)
            zip_source_free(source);
        else
            zip_set_file_compression(zip, zip_uint64_t(index), ZIP_CM_STORE, 0);
    };
    add("_rels/.rels", rootRels);
    for (int i = 0; i < parts.size() && i < 5; ++i)
        add(names[i], parts.at(i));
    QByteArray result;
    if (zip_close(zip) == 0 && zip_source_open(out) == 0) {
        char block[8192];
        zip_int64_t n = 0;
        while ((n = zip_source_read(out, block, sizeof block)) > 0)
            result.append(block, qsizetype(n));
        zip_source_close(out);
    } else {
        zip_discard(zip);
    }
    zip_source_free(out);
    return result;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    const QByteArray archive = (data[0] & 1) ? zipParts(rest.split('\0')) : rest;
    XlsxReader::Limits limits;
    limits.maxSheetSize = 4 << 20;
    limits.maxSharedStringsSize = 4 << 20;
    limits.maxSmallPartSize = 1 << 20;
    limits.maxTotalSize = 16 << 20;
    XlsxReader reader(archive, QStringLiteral("fuzz.xlsx"), limits);
    limits.fastSheet = false;
    XlsxReader plain(archive, QStringLiteral("fuzz.xlsx"), limits); // QXmlStreamReader alone
    const int sheets = int(reader.sheetNames().size());
    if (reader.isOpen() != (sheets > 0))
        __builtin_trap();
    for (int s = 0; s < sheets && s < 3; ++s) {
        const bool selected = reader.selectSheet(s);
        if (plain.selectSheet(s) != selected)
            __builtin_trap();
        if (!selected)
            continue;
        QList<QVariantList> rows;
        QVariantList cells;
        while (reader.readRow(&cells)) {
            if (reader.rowNumber() > 1048576 || cells.size() > 16384)
                __builtin_trap();
            rows.append(cells);
        }
        // A sheet QXmlStreamReader reads without error, XmlScanner reads the same (it may read what the former
        // refuses, such as an undeclared prefix, never differently).
        QList<QVariantList> plainRows;
        while (plain.readRow(&cells))
            plainRows.append(cells);
        if (plain.error().isEmpty() && (!reader.error().isEmpty() || rows != plainRows))
            __builtin_trap();
    }
    return 0;
}
