#pragma once

#include "models/io/TableReader.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <memory>

class QIODevice;

enum class CsvReaderEncoding { Utf8, Windows1252 };

// How CsvReader reads (outside the class so that it can be a default argument).
struct CsvReaderOptions
{
    QChar separator; // ';', ',' or '\t'; null: found from the first lines
    CsvReaderEncoding encoding = CsvReaderEncoding::Utf8;
    qint64 maxFileSize = qint64(2) << 30; // bytes read from the device, checked while reading
    qint64 maxFieldSize = qint64(1) << 20; // bytes of one field
    int maxColumns = 16384; // a spreadsheet's limit (XFD)
};

// A CSV file read row by row (RFC 4180), with bounded memory: the device is read in blocks and only the current row
// is kept. UTF-8 with or without a byte order mark, or Windows-1252 on request (what Excel saves under "CSV" on a
// French Windows). The separator is given, or found from the first lines (the header row is the one with the most
// separators: a header block above it may hold commas). Quoted fields may hold separators, doubled quotes and line
// breaks; a broken quote, a byte that is not UTF-8, a field or a file too long end the reading with a French message
// naming the row and the column. A CSV cell is text: an empty field gives an invalid QVariant.
class CsvReader : public TableReader
{
    Q_DECLARE_TR_FUNCTIONS(CsvReader)

public:
    using Encoding = CsvReaderEncoding;
    using Options = CsvReaderOptions;

    // Reads device (open for reading; not owned). name is the file's name, for messages.
    CsvReader(QIODevice *device, const QString &name, const Options &options = Options());
    // Opens and reads the file at path; an error to open it is error() at the first readRow.
    explicit CsvReader(const QString &path, const Options &options = Options());
    ~CsvReader() override;
    CsvReader(const CsvReader &) = delete;
    CsvReader &operator=(const CsvReader &) = delete;

    bool readRow(QVariantList *cells) override;
    qint64 rowNumber() const override;
    QString error() const override;
    qint64 position() const override;
    qint64 size() const override;

    // The separator used: the one given, or the one found (valid after the first readRow).
    QChar separator() const;

    // "utf-8", "windows-1252" (also "cp1252", "latin1"...: what `carnet import --encodage` accepts), case-insensitive.
    static bool encodingFromName(const QString &name, Encoding *encoding);
    // The names offered to the user, in order.
    static QStringList encodingNames();
    // Windows-1252 bytes as text: Qt 6.4 has no such codec without ICU, so the 32 characters of 0x80-0x9F that differ
    // from Latin-1 come from a table.
    static QString fromWindows1252(const char *data, qsizetype size);

private:
    bool start();
    bool fill();
    void detectSeparator();
    QString tooLarge() const;
    bool fail(const QString &message);
    bool failAt(int column, const QString &message);
    bool endField(QVariantList *cells);

    QIODevice *m_device = nullptr;
    std::unique_ptr<QIODevice> m_ownedDevice;
    QString m_name;
    Options m_options;
    char m_separator = 0;
    QByteArray m_buffer; // bytes read and not yet parsed from m_bufferPos
    qsizetype m_bufferPos = 0;
    qint64 m_consumed = 0; // bytes read from the device
    bool m_atEnd = false;
    bool m_started = false;
    bool m_failed = false;
    qint64 m_row = 0;
    QString m_error;
    QByteArray m_field;
};
