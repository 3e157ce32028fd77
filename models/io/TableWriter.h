#pragma once

#include <QDate>
#include <QString>
#include <QStringList>
#include <QStringView>

// A spreadsheet written row by row, cell by cell (CsvWriter, XlsxWriter): what the exporters write through, so that
// an exporter never knows which kind of file it writes. Cells are appended to the current row; endRow() ends it.
// Nothing reaches the destination before commit(): a writer that is destroyed without it (a failure, a cancellation)
// leaves the destination as it was.
class TableWriter
{
public:
    virtual ~TableWriter() = default;

    virtual void text(QStringView value) = 0;
    void text(const QString &value) { text(QStringView(value)); }
    void text(const char *latin1) = delete; // French text comes through tr() or a QStringLiteral
    virtual void number(qint64 value) = 0;
    // A number with decimals (a French decimal comma in CSV).
    virtual void decimal(double value, int decimals) = 0;
    // A share in percent (12.5 for 12,5 %), shown with at most one decimal (numberToPercentage in the platform's
    // apps/web/src/utils/formatNumber.ts); a real percentage in XLSX.
    virtual void percent(double value) = 0;
    virtual void date(const QDate &value) = 0; // invalid: an empty cell
    // "2/3" (a level, the i-th of n participants) as text: the platform's form in XLSX; in CSV "2 / 3", which a
    // spreadsheet opening the file does not take for a date (2 March) as it takes "2/3".
    virtual void fraction(int numerator, int denominator) = 0;
    virtual void empty() = 0;
    // Ends the current row; false once writing has failed (error() says why).
    virtual bool endRow() = 0;

    // The next cells are bold (a title row, the header block's labels) until setBold(false).
    virtual void setBold(bool bold) = 0;
    // Writes the header row of the table: bold labels; in XLSX, frozen panes under it and an autofilter on it (down to
    // the last row written) and column widths that fit the labels and values.
    virtual bool headerRow(const QStringList &labels) = 0;

    // Moves the finished file to its destination (written under a temporary name in the same folder until then);
    // false with a French message naming the file (a full disk...) and nothing at the destination.
    virtual bool commit(QString *error) = 0;
    // Empty while all is well; French otherwise.
    virtual QString error() const = 0;
    // The bytes written so far (an estimate for XLSX), for a progress bar.
    virtual qint64 bytesWritten() const = 0;

    // Convenience: a whole row of text cells.
    bool textRow(const QStringList &cells)
    {
        for (const QString &cell : cells)
            text(cell);
        return endRow();
    }
};
