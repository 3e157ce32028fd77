#pragma once

#include <QString>
#include <QVariant>
#include <QVariantList>

// A spreadsheet read row by row: what CsvReader and XlsxReader give the importers, so that an importer never knows
// which kind of file it reads. A cell is an invalid QVariant when empty, else a QString (text), a double (a number),
// a bool, or a QDate / QDateTime / QTime (an XLSX cell with a date, date-and-time or time-of-day format; a CSV gives
// text only). An empty line or a row a sparse sheet leaves out is a row without cells, so rowNumber() counts them.
class TableReader
{
public:
    virtual ~TableReader() = default;

    // Reads the next row into cells (trailing empty cells may be absent). False at the end of the sheet or on an
    // error; error() then tells which.
    virtual bool readRow(QVariantList *cells) = 0;
    // The row read last, as the spreadsheet numbers it (1 for the first line of the file).
    virtual qint64 rowNumber() const = 0;
    // Empty at the end of the data; otherwise French, naming the row and the column ("Ligne 12, colonne C : ...").
    virtual QString error() const = 0;
    // For a progress bar: how far into the file the reader is, and the file's size, in bytes.
    virtual qint64 position() const = 0;
    virtual qint64 size() const = 0;

    // "A", "B", ..., "Z", "AA"...: the name a spreadsheet gives the column at index (0-based), used in messages.
    static QString columnName(int index)
    {
        QString name;
        for (int n = index + 1; n > 0; n = (n - 1) / 26)
            name.prepend(QChar(u'A' + (n - 1) % 26));
        return name;
    }
};
