#pragma once

#include "models/io/TableWriter.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QStringEncoder>

#include <memory>

class QIODevice;
class QSaveFile;

// A CSV file as French spreadsheets open it: UTF-8 with a BOM, ';' between cells by default (',' on request), CRLF
// line ends, RFC 4180 quoting only where a cell needs it (a separator, a quote, a line break), dates jj/mm/aaaa,
// numbers with decimals written with a comma. A text cell a spreadsheet would take for a formula (one line starting
// with = + - @ or a tab) is written as the formula of its text, ="=1+1" (guarded()): LibreOffice and
// Excel show the text as it was typed and compute nothing of it, and ImportCells reads it back as the text. Writes to a
// QIODevice (tests: a QBuffer) or to a path, through a QSaveFile: nothing reaches the path before commit().
class CsvWriter : public TableWriter
{
    Q_DECLARE_TR_FUNCTIONS(CsvWriter)

public:
    enum class Separator { Semicolon, Comma };

    explicit CsvWriter(QIODevice *device, Separator separator = Separator::Semicolon);
    explicit CsvWriter(const QString &path, Separator separator = Separator::Semicolon);
    ~CsvWriter() override;

    // Opens the destination (the temporary file for a path) and writes the BOM; false with error() set.
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
    void setBold(bool) override { }
    bool headerRow(const QStringList &labels) override;
    bool commit(QString *error) override;
    QString error() const override { return m_error; }
    qint64 bytesWritten() const override { return m_written + m_buffer.size(); }

    // The decimal number as written in a cell ("12,5"), for tests and the percentages.
    static QString frenchDecimal(double value, int decimals);

    // True when a spreadsheet opening the file would take the text for a formula (a lone "-", the header block's "no
    // filter", is only a dash).
    static bool looksLikeFormula(QStringView value);
    // The text as the formula that gives it: ="…" with its quotes doubled, in pieces of at most 255 characters
    // joined by & (Excel's limit for a text in a formula). The cell is then quoted as any other.
    static QString guarded(QStringView value);
    // The inverse: the text of a formula made only of quoted texts joined by &, when that text itself looks like a
    // formula (what guarded() writes); any other value as it is.
    static QString unguarded(const QString &value);

private:
    void beginCell();
    void appendText(QStringView value); // as it is: a number or a date in text, never guarded
    void appendQuoted(QStringView value);
    void appendNumber(qint64 value);
    bool flush();

    QIODevice *m_device = nullptr;
    std::unique_ptr<QSaveFile> m_file;
    QString m_path;
    char m_separator = ';';
    QByteArray m_buffer;
    QStringEncoder m_encoder;
    qint64 m_written = 0;
    bool m_rowStarted = false;
    QString m_error;
};
