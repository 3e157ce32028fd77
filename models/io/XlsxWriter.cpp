#include "models/io/XlsxWriter.h"

#include "models/text/FileErrors.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryFile>

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>

namespace {
constexpr int kMinWidth = 10; // autosizeColumns.ts: minWidth defaults to 10
constexpr int kMaxWidth = 60;
const qint64 kExcelEpoch = QDate(1899, 12, 30).toJulianDay();
} // namespace

XlsxWriter::XlsxWriter(const QString &path, const QString &sheetName, bool constantMemory)
    : m_path(path)
    , m_sheetName(sheetName)
    , m_constantMemory(constantMemory)
    , m_encoder(QStringConverter::Utf8)
{
}

XlsxWriter::~XlsxWriter()
{
    if (m_workbook) {
        // Not committed: close what libxlsxwriter holds, then drop the temporary file.
        workbook_close(m_workbook);
        m_workbook = nullptr;
    }
    if (!m_tempPath.isEmpty())
        QFile::remove(m_tempPath);
}

bool XlsxWriter::open()
{
    const QFileInfo info(m_path);
    // A name of our own next to the destination (its disk is the one that must have room for the file).
    QTemporaryFile reserve(info.absoluteDir().filePath(QStringLiteral(".%1.XXXXXX.tmp").arg(info.fileName())));
    reserve.setAutoRemove(false);
    if (!reserve.open()) {
        m_error = tr("Le fichier %1 n'a pas pu être créé : %2.")
                      .arg(info.fileName(), FileErrors::describe(reserve, m_path));
        return false;
    }
    m_tempPath = reserve.fileName();
    // Private (0600) while it is being written; commit() copies it through a QSaveFile.
    reserve.close();

    lxw_workbook_options options = {};
    options.constant_memory = m_constantMemory ? LXW_TRUE : LXW_FALSE;
    options.use_zip64 = LXW_TRUE;
    const QByteArray tmpdir = QFile::encodeName(info.absolutePath());
    options.tmpdir = const_cast<char *>(tmpdir.constData());
    const QByteArray file = QFile::encodeName(m_tempPath);
    m_workbook = workbook_new_opt(file.constData(), &options);
    if (!m_workbook) {
        m_error = tr("Le fichier %1 n'a pas pu être créé : %2.")
                      .arg(info.fileName(), FileErrors::describeWriteFailure(m_path, QStringLiteral("workbook_new")));
        return false;
    }
    m_sheet = workbook_add_worksheet(m_workbook, utf8(m_sheetName));
    m_boldFormat = workbook_add_format(m_workbook);
    format_set_bold(m_boldFormat);
    m_wrapFormat = workbook_add_format(m_workbook);
    format_set_text_wrap(m_wrapFormat);
    format_set_align(m_wrapFormat, LXW_ALIGN_VERTICAL_TOP);
    m_dateFormat = workbook_add_format(m_workbook);
    format_set_num_format(m_dateFormat, "dd/mm/yyyy");
    m_percentFormat = workbook_add_format(m_workbook);
    format_set_num_format(m_percentFormat, "0.0%");
    m_decimalFormat = workbook_add_format(m_workbook);
    format_set_num_format(m_decimalFormat, "0.0");
    return true;
}

const char *XlsxWriter::utf8(QStringView value)
{
    m_utf8.resize(m_encoder.requiredSpace(value.size()) + 1);
    char *end = m_encoder.appendToBuffer(m_utf8.data(), value);
    *end = '\0';
    return m_utf8.constData();
}

void XlsxWriter::measure(int column, QLatin1String value)
{
    // One line, one character a byte.
    if (column >= m_widths.size())
        m_widths.resize(column + 1, kMinWidth);
    const int longest = std::min(int(value.size()) + 1, kMaxWidth);
    if (longest > m_widths.at(column))
        m_widths[column] = longest;
}

void XlsxWriter::measure(int column, QStringView value)
{
    if (column >= m_widths.size())
        m_widths.resize(column + 1, kMinWidth);
    if (value.size() < m_widths.at(column))
        return; // no line of it is longer than the column already is
    // The longest line of the cell (autosizeColumns.ts), capped so a long note does not make a column a screen wide.
    int longest = 0;
    int current = 0;
    for (const QChar c : value) {
        if (c == u'\n') {
            longest = std::max(longest, current);
            current = 0;
        } else {
            ++current;
        }
    }
    longest = std::min(std::max(longest, current) + 1, kMaxWidth);
    if (longest > m_widths.at(column))
        m_widths[column] = longest;
}

void XlsxWriter::fail(int code)
{
    if (code == LXW_NO_ERROR || !m_error.isEmpty())
        return;
    m_error = tr("Le fichier %1 n'a pas pu être écrit : %2.")
                  .arg(QFileInfo(m_path).fileName(),
                      FileErrors::describeWriteFailure(m_path, QString::fromUtf8(lxw_strerror(lxw_error(code)))));
}

void XlsxWriter::text(QStringView value)
{
    if (!value.isEmpty() && m_error.isEmpty()) {
        const bool multiLine = value.contains(u'\n');
        lxw_format *format = m_bold ? m_boldFormat : multiLine ? m_wrapFormat : nullptr;
        fail(worksheet_write_string(m_sheet, lxw_row_t(m_row), lxw_col_t(m_column), utf8(value), format));
        measure(m_column, value);
        m_estimate += value.size() + 24;
    }
    ++m_column;
}

void XlsxWriter::number(qint64 value)
{
    if (m_error.isEmpty())
        fail(worksheet_write_number(
            m_sheet, lxw_row_t(m_row), lxw_col_t(m_column), double(value), m_bold ? m_boldFormat : nullptr));
    m_estimate += 24;
    ++m_column;
}

void XlsxWriter::decimal(double value, int decimals)
{
    Q_UNUSED(decimals)
    if (m_error.isEmpty())
        fail(worksheet_write_number(m_sheet, lxw_row_t(m_row), lxw_col_t(m_column), value, m_decimalFormat));
    m_estimate += 24;
    ++m_column;
}

void XlsxWriter::percent(double value)
{
    if (m_error.isEmpty())
        fail(worksheet_write_number(m_sheet, lxw_row_t(m_row), lxw_col_t(m_column), value / 100.0, m_percentFormat));
    m_estimate += 24;
    ++m_column;
}

void XlsxWriter::date(const QDate &value)
{
    if (value.isValid() && m_error.isEmpty()) {
        fail(worksheet_write_number(
            m_sheet, lxw_row_t(m_row), lxw_col_t(m_column), double(value.toJulianDay() - kExcelEpoch), m_dateFormat));
        measure(m_column, u"00/00/0000");
    }
    m_estimate += 24;
    ++m_column;
}

void XlsxWriter::fraction(int numerator, int denominator)
{
    // text("%1/%2") without a QString for each of a workshop's rows.
    char s[32];
    const int size = std::snprintf(s, sizeof s, "%d/%d", numerator, denominator);
    if (m_error.isEmpty()) {
        fail(
            worksheet_write_string(m_sheet, lxw_row_t(m_row), lxw_col_t(m_column), s, m_bold ? m_boldFormat : nullptr));
        measure(m_column, QLatin1String(s, size));
    }
    m_estimate += size + 24;
    ++m_column;
}

void XlsxWriter::empty()
{
    ++m_column;
}

void XlsxWriter::mergedText(QStringView value, int rows, int columns)
{
    if (m_error.isEmpty())
        fail(worksheet_merge_range(m_sheet, lxw_row_t(m_row), lxw_col_t(m_column), lxw_row_t(m_row + rows - 1),
            lxw_col_t(m_column + columns - 1), utf8(value), m_bold ? m_boldFormat : m_wrapFormat));
    m_column += columns;
}

void XlsxWriter::setColumnWidth(int column, double width)
{
    if (column >= m_fixedWidths.size())
        m_fixedWidths.resize(column + 1, 0.0);
    m_fixedWidths[column] = width;
}

void XlsxWriter::setRowHeight(double points)
{
    if (m_error.isEmpty())
        fail(worksheet_set_row(m_sheet, lxw_row_t(m_row), points, nullptr));
}

bool XlsxWriter::endRow()
{
    m_column = 0;
    ++m_row;
    if (m_row >= MaxRows && m_error.isEmpty())
        m_error = tr("Le fichier %1 dépasserait %2 lignes, le plus qu'un tableur accepte : exportez en CSV, ou une "
                     "période plus courte.")
                      .arg(QFileInfo(m_path).fileName(), QStringLiteral("1 048 576"));
    return m_error.isEmpty();
}

bool XlsxWriter::headerRow(const QStringList &labels)
{
    const bool wasBold = m_bold;
    m_bold = true;
    m_headerRow = m_row;
    m_headerColumns = int(labels.size());
    for (const QString &label : labels)
        text(label);
    m_bold = wasBold;
    if (m_error.isEmpty())
        worksheet_freeze_panes(m_sheet, lxw_row_t(m_row + 1), 0);
    return endRow();
}

void XlsxWriter::finishSheet()
{
    if (m_column > 0)
        endRow();
    if (m_error.isEmpty() && m_headerRow >= 0 && m_headerColumns > 0)
        fail(worksheet_autofilter(m_sheet, lxw_row_t(m_headerRow), 0, lxw_row_t(std::max(m_headerRow, m_row - 1)),
            lxw_col_t(m_headerColumns - 1)));
    // The <cols> part is written when the workbook closes: the widths can wait for the last value.
    for (int c = 0; c < std::max(m_widths.size(), m_fixedWidths.size()) && m_error.isEmpty(); ++c) {
        const double fixed = c < m_fixedWidths.size() ? m_fixedWidths.at(c) : 0.0;
        const double width = fixed > 0 ? fixed : c < m_widths.size() ? m_widths.at(c) : kMinWidth;
        fail(worksheet_set_column(m_sheet, lxw_col_t(c), lxw_col_t(c), width, nullptr));
    }
}

bool XlsxWriter::addSheet(const QString &name)
{
    finishSheet();
    if (!m_error.isEmpty())
        return false;
    m_sheetName = name;
    m_sheet = workbook_add_worksheet(m_workbook, utf8(name));
    if (!m_sheet) {
        m_error = tr("Le fichier %1 n'a pas pu être écrit : la feuille « %2 » n'a pas pu être ajoutée.")
                      .arg(QFileInfo(m_path).fileName(), name);
        return false;
    }
    m_row = 0;
    m_column = 0;
    m_headerRow = -1;
    m_headerColumns = 0;
    m_widths.clear();
    m_fixedWidths.clear();
    return true;
}

bool XlsxWriter::commit(QString *error)
{
    finishSheet();
    if (!m_error.isEmpty()) {
        *error = m_error;
        return false;
    }
    const lxw_error closed = workbook_close(m_workbook);
    m_workbook = nullptr;
    if (closed != LXW_NO_ERROR) {
        fail(closed);
        *error = m_error;
        QFile::remove(m_tempPath);
        m_tempPath.clear();
        return false;
    }
    // Through a QSaveFile: flushed to the disk before it replaces the destination in one step (the old file or the
    // new one, never a part), with the mode the umask gives a new file, or the one the file it replaces had.
    QFile built(m_tempPath);
    QSaveFile saved(m_path);
    const QString name = QFileInfo(m_path).fileName();
    bool copied = built.open(QIODevice::ReadOnly);
    if (!copied) {
        m_error = tr("Le fichier %1 n'a pas pu être relu : %2.").arg(name, built.errorString());
    } else if (!saved.open(QIODevice::WriteOnly)) {
        copied = false;
        m_error = tr("Le fichier %1 n'a pas pu être créé : %2.").arg(name, FileErrors::describe(saved, m_path));
    } else {
        QByteArray chunk(1 << 20, Qt::Uninitialized);
        qint64 n;
        while (copied && (n = built.read(chunk.data(), chunk.size())) > 0)
            copied = saved.write(chunk.constData(), n) == n;
        if (!copied || !built.atEnd())
            m_error = tr("Le fichier %1 n'a pas pu être écrit : %2.")
                          .arg(name, FileErrors::describeWriteFailure(m_path, saved.errorString()));
        else if (!saved.commit())
            m_error
                = tr("Le fichier %1 n'a pas pu être enregistré : %2.").arg(name, FileErrors::describe(saved, m_path));
        copied = m_error.isEmpty();
    }
    built.close();
    QFile::remove(m_tempPath);
    if (!copied) {
        saved.cancelWriting();
        *error = m_error;
        m_tempPath.clear();
        return false;
    }
    m_tempPath.clear();
    return true;
}
