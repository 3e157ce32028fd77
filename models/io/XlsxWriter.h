#pragma once

#include "models/io/TableWriter.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QStringEncoder>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

// An XLSX file through libxlsxwriter, in its constant-memory mode (each row is streamed to a temporary file as soon
// as the next one starts, so a million rows take no more memory than one): real dates (jj/mm/aaaa format) and
// numbers, a real percentage, bold titles and header row, frozen panes under the header row, an autofilter on it and
// column widths that fit the labels and values. libxlsxwriter writes a path: the workbook is written to a private
// temporary file in the destination's folder, then commit() copies it through a QSaveFile (flushed to the disk, then
// renamed onto the destination, with the mode any new file gets from the umask); a failure, or a writer destroyed
// without commit(), removes the temporary file and leaves the destination as it was.
class XlsxWriter : public TableWriter
{
    Q_DECLARE_TR_FUNCTIONS(XlsxWriter)

public:
    // The most rows a sheet holds (Excel's limit).
    static constexpr qint64 MaxRows = 1048576;

    // constantMemory false: the whole sheet stays in memory until commit() (small sheets that merge cells over rows).
    XlsxWriter(const QString &path, const QString &sheetName, bool constantMemory = true);
    ~XlsxWriter() override;

    // Creates the workbook at the temporary name; false with error() set.
    bool open();

    void text(QStringView value) override;
    using TableWriter::text;
    void number(qint64 value) override;
    void decimal(double value, int decimals) override;
    void percent(double value) override;
    void date(const QDate &value) override;
    void fraction(int numerator, int denominator) override;
    void empty() override;
    bool endRow() override;
    void setBold(bool bold) override { m_bold = bold; }
    bool headerRow(const QStringList &labels) override;
    bool commit(QString *error) override;
    QString error() const override { return m_error; }
    qint64 bytesWritten() const override { return m_estimate; }

    // One text cell merged over `rows` rows and `columns` columns from the current cell (the platform's import
    // template merges its headers so); the cursor moves past the columns. Rows > 1 needs constantMemory false.
    void mergedText(QStringView value, int rows, int columns);
    // Finishes the current sheet (its autofilter and column widths) and goes on in a new sheet named name (at most 31
    // characters, none of []:*?/\), from its first row; false with error() set.
    bool addSheet(const QString &name);
    // A fixed width for a column (characters), instead of the fitted one.
    void setColumnWidth(int column, double width);
    // A row's height in points (a long instruction cell).
    void setRowHeight(double points);

private:
    const char *utf8(QStringView value);
    void measure(int column, QStringView value);
    void measure(int column, QLatin1String value);
    void fail(int code);
    void finishSheet();

    QString m_path;
    QString m_tempPath;
    QString m_sheetName;
    bool m_constantMemory = true;
    lxw_workbook *m_workbook = nullptr;
    lxw_worksheet *m_sheet = nullptr;
    lxw_format *m_boldFormat = nullptr;
    lxw_format *m_wrapFormat = nullptr;
    lxw_format *m_dateFormat = nullptr;
    lxw_format *m_percentFormat = nullptr;
    lxw_format *m_decimalFormat = nullptr;
    QByteArray m_utf8;
    QStringEncoder m_encoder;
    qint64 m_row = 0;
    int m_column = 0;
    bool m_bold = false;
    qint64 m_headerRow = -1;
    int m_headerColumns = 0;
    QList<int> m_widths; // characters, per column
    QList<double> m_fixedWidths; // > 0: set by setColumnWidth
    qint64 m_estimate = 0;
    QString m_error;
};
