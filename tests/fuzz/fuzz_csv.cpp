// libFuzzer target for CsvReader: the first byte chooses the options (separator found or given, encoding), the rest
// is the file. Every row is read until the end or an error; the sanitizers catch the rest.
#include "models/io/CsvReader.h"

#include <QBuffer>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    CsvReader::Options options;
    static const QChar separators[4] = {QChar(), QChar(u';'), QChar(u','), QChar(u'\t')};
    options.separator = separators[data[0] & 3];
    options.encoding = (data[0] & 4) ? CsvReader::Encoding::Windows1252 : CsvReader::Encoding::Utf8;
    options.maxFieldSize = (data[0] & 8) ? 16 : 64 * 1024;
    options.maxColumns = (data[0] & 16) ? 3 : 16384;
    QBuffer buffer;
    buffer.setData(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, QStringLiteral("fuzz.csv"), options);
    QVariantList cells;
    qint64 rows = 0;
    while (reader.readRow(&cells)) {
        ++rows;
        if (reader.rowNumber() != rows || reader.position() > qint64(size))
            __builtin_trap();
        for (const QVariant &cell : cells) {
            if (cell.isValid() && cell.toString().isEmpty())
                __builtin_trap(); // an empty cell is an invalid QVariant
        }
    }
    if (reader.error().isEmpty() && reader.position() != qint64(size - 1))
        __builtin_trap(); // the end of the data reached, all of it read
    return 0;
}
