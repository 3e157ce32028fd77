#pragma once

#include "models/io/TableReader.h"

#include <QCoreApplication>
#include <QStringList>
#include <memory>

// What XlsxReader inflates at most (outside the class so that it can be a default argument).
struct XlsxReaderLimits
{
    qint64 maxSheetSize = qint64(1) << 30; // one sheet's XML, inflated
    qint64 maxSharedStringsSize = qint64(256) << 20; // sharedStrings.xml, held in memory
    qint64 maxSmallPartSize = qint64(32) << 20; // the workbook, its relationships, the styles
    qint64 maxTotalSize = qint64(2) << 30; // everything inflated by this reader
    // Sheets read through XmlScanner (falling back to QXmlStreamReader on what it does not read); false: through
    // QXmlStreamReader alone, which the tests and the fuzz target compare with.
    bool fastSheet = true;
};

// An XLSX workbook read row by row: libzip for the archive, QXmlStreamReader for its small parts, XmlScanner for its
// sheets. The sheet's XML is read as it is inflated (never loaded whole); the shared strings and the styles are loaded
// first. Cells as TableReader
// says: text (shared, inline or rich text runs), numbers, booleans, error cells as their text ("#DIV/0!"), dates
// from serial numbers when the cell's format is a date (built-in formats 14-22 and custom ones with d, m, y, h or s;
// the 1904 date system), empty cells as invalid QVariants; the gaps of a sparse sheet give empty cells and empty
// rows, so rowNumber() is the spreadsheet's.
// Safety: every part read is capped while it is inflated (a zip bomb is stopped after the cap, whatever sizes the
// archive declares), and so is the total; a DTD is refused; a file that is not a zip, a workbook missing or a part
// damaged end in a French message, never a crash.
class XlsxReader : public TableReader
{
    Q_DECLARE_TR_FUNCTIONS(XlsxReader)

public:
    using Limits = XlsxReaderLimits;

    // Opens the workbook at path; the first sheet is selected. error() tells when it could not be opened.
    explicit XlsxReader(const QString &path, const Limits &limits = Limits());
    // The same over a workbook in memory (name for messages).
    XlsxReader(const QByteArray &data, const QString &name, const Limits &limits = Limits());
    ~XlsxReader() override;
    XlsxReader(const XlsxReader &) = delete;
    XlsxReader &operator=(const XlsxReader &) = delete;

    // True when the workbook was opened and has a sheet.
    bool isOpen() const;
    // The worksheets' names, in the workbook's order.
    QStringList sheetNames() const;
    int currentSheet() const;
    // Starts reading the sheet from its first row. False (and error()) for an unknown one.
    bool selectSheet(int index);
    bool selectSheet(const QString &name);
    bool date1904() const;
    // True while the current sheet is read by XmlScanner; false once it fell back to QXmlStreamReader (for tests).
    bool readByScanner() const;

    bool readRow(QVariantList *cells) override;
    qint64 rowNumber() const override;
    QString error() const override;
    // The sheet's XML: inflated so far, and its size as the archive declares it.
    qint64 position() const override;
    qint64 size() const override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};
