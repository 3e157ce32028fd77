#include "models/io/CsvWriter.h"

#include "models/text/FileErrors.h"

#include <QFileInfo>
#include <QIODevice>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace {
constexpr qsizetype kFlushSize = 256 * 1024;

bool needsQuotes(QStringView value, QChar separator)
{
    for (const QChar c : value) {
        if (c == separator || c == u'"' || c == u'\n' || c == u'\r')
            return true;
    }
    return false;
}
} // namespace

CsvWriter::CsvWriter(QIODevice *device, Separator separator)
    : m_device(device)
    , m_separator(separator == Separator::Comma ? ',' : ';')
    , m_encoder(QStringConverter::Utf8)
{
}

CsvWriter::CsvWriter(const QString &path, Separator separator)
    : m_file(std::make_unique<QSaveFile>(path))
    , m_path(path)
    , m_separator(separator == Separator::Comma ? ',' : ';')
    , m_encoder(QStringConverter::Utf8)
{
    m_device = m_file.get();
}

CsvWriter::~CsvWriter()
{
    if (m_file && m_file->isOpen())
        m_file->cancelWriting();
}

bool CsvWriter::open()
{
    if (m_file && !m_file->open(QIODevice::WriteOnly)) {
        m_error = tr("Le fichier %1 n'a pas pu être créé : %2.")
                      .arg(QFileInfo(m_path).fileName(), FileErrors::describe(*m_file, m_path));
        return false;
    }
    if (!m_device->isOpen() && !m_device->open(QIODevice::WriteOnly)) {
        m_error = tr("Le fichier n'a pas pu être ouvert en écriture : %1.").arg(m_device->errorString());
        return false;
    }
    m_buffer.reserve(kFlushSize + 4096);
    m_buffer.append("\xEF\xBB\xBF");
    return true;
}

void CsvWriter::beginCell()
{
    if (m_rowStarted)
        m_buffer.append(m_separator);
    m_rowStarted = true;
}

void CsvWriter::appendQuoted(QStringView value)
{
    m_buffer.append('"');
    qsizetype start = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value.at(i) == u'"') {
            const QStringView part = value.mid(start, i + 1 - start);
            const qsizetype size = m_buffer.size();
            m_buffer.resize(size + m_encoder.requiredSpace(part.size()));
            char *end = m_encoder.appendToBuffer(m_buffer.data() + size, part);
            m_buffer.resize(end - m_buffer.constData());
            m_buffer.append('"');
            start = i + 1;
        }
    }
    const QStringView rest = value.mid(start);
    const qsizetype size = m_buffer.size();
    m_buffer.resize(size + m_encoder.requiredSpace(rest.size()));
    char *end = m_encoder.appendToBuffer(m_buffer.data() + size, rest);
    m_buffer.resize(end - m_buffer.constData());
    m_buffer.append('"');
}

bool CsvWriter::looksLikeFormula(QStringView value)
{
    // A cell of several lines is never read as a formula (LibreOffice shows it as it is; a formula's text could
    // not hold the line break either).
    if (value.isEmpty() || value.contains(u'\n') || value.contains(u'\r'))
        return false;
    const QChar c = value.front();
    if (c == u'-')
        return value.size() > 1;
    return c == u'=' || c == u'+' || c == u'@' || c == u'\t';
}

QString CsvWriter::guarded(QStringView value)
{
    constexpr qsizetype kPiece = 255;
    QString formula;
    formula.reserve(value.size() + 8 + 4 * (value.size() / kPiece));
    formula += u'=';
    qsizetype start = 0;
    do {
        qsizetype size = std::min(kPiece, value.size() - start);
        if (size > 1 && start + size < value.size() && value.at(start + size - 1).isHighSurrogate())
            --size; // a character outside the BMP stays in one piece
        if (start > 0)
            formula += u'&';
        formula += u'"';
        for (const QChar c : value.mid(start, size)) {
            if (c == u'"')
                formula += u'"';
            formula += c;
        }
        formula += u'"';
        start += size;
    } while (start < value.size());
    return formula;
}

QString CsvWriter::unguarded(const QString &value)
{
    if (!value.startsWith(QLatin1String("=\"")) || !value.endsWith(u'"'))
        return value;
    QString inner;
    inner.reserve(value.size());
    qsizetype i = 1;
    while (true) {
        if (i >= value.size() || value.at(i) != u'"')
            return value;
        ++i;
        // A quoted text: "" is a quote, a lone " ends it.
        while (true) {
            if (i >= value.size())
                return value;
            if (value.at(i) == u'"') {
                if (i + 1 < value.size() && value.at(i + 1) == u'"') {
                    inner += u'"';
                    i += 2;
                    continue;
                }
                ++i;
                break;
            }
            inner += value.at(i++);
        }
        if (i == value.size())
            break;
        if (value.at(i) != u'&')
            return value;
        ++i;
    }
    return looksLikeFormula(inner) ? inner : value;
}

void CsvWriter::text(QStringView value)
{
    if (looksLikeFormula(value)) {
        beginCell();
        appendQuoted(guarded(value));
        return;
    }
    appendText(value);
}

void CsvWriter::appendText(QStringView value)
{
    beginCell();
    if (needsQuotes(value, QLatin1Char(m_separator))) {
        appendQuoted(value);
        return;
    }
    const qsizetype size = m_buffer.size();
    m_buffer.resize(size + m_encoder.requiredSpace(value.size()));
    char *end = m_encoder.appendToBuffer(m_buffer.data() + size, value);
    m_buffer.resize(end - m_buffer.constData());
}

void CsvWriter::number(qint64 value)
{
    beginCell();
    appendNumber(value);
}

void CsvWriter::appendNumber(qint64 value)
{
    char digits[24];
    char *p = digits + sizeof digits;
    const bool negative = value < 0;
    quint64 n = negative ? 0 - quint64(value) : quint64(value);
    do {
        *--p = char('0' + n % 10);
        n /= 10;
    } while (n);
    if (negative)
        *--p = '-';
    m_buffer.append(p, digits + sizeof digits - p);
}

QString CsvWriter::frenchDecimal(double value, int decimals)
{
    // As toLocaleString('fr-FR', {maximumFractionDigits}) shows it: no trailing zeros, a comma, no grouping (a cell
    // a spreadsheet reads back as a number).
    QString s = QString::number(value, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    if (s == QLatin1String("-0"))
        s = QStringLiteral("0");
    s.replace(QLatin1Char('.'), QLatin1Char(','));
    return s;
}

void CsvWriter::decimal(double value, int decimals)
{
    appendText(frenchDecimal(value, decimals)); // -1,5 is a number, not a formula
}

void CsvWriter::percent(double value)
{
    appendText(QString(frenchDecimal(value, 1) + QStringLiteral(" %")));
}

void CsvWriter::date(const QDate &value)
{
    beginCell();
    if (!value.isValid())
        return;
    char s[10];
    const int d = value.day();
    const int m = value.month();
    const int y = value.year();
    s[0] = char('0' + d / 10);
    s[1] = char('0' + d % 10);
    s[2] = '/';
    s[3] = char('0' + m / 10);
    s[4] = char('0' + m % 10);
    s[5] = '/';
    s[6] = char('0' + (y / 1000) % 10);
    s[7] = char('0' + (y / 100) % 10);
    s[8] = char('0' + (y / 10) % 10);
    s[9] = char('0' + y % 10);
    m_buffer.append(s, 10);
}

void CsvWriter::fraction(int numerator, int denominator)
{
    // "%1 / %2" without a QString for each of a workshop's rows: digits and " / " never need quotes.
    beginCell();
    appendNumber(numerator);
    m_buffer.append(" / ", 3);
    appendNumber(denominator);
}

void CsvWriter::empty()
{
    beginCell();
}

bool CsvWriter::endRow()
{
    m_buffer.append("\r\n", 2);
    m_rowStarted = false;
    if (m_buffer.size() >= kFlushSize)
        return flush();
    return m_error.isEmpty();
}

bool CsvWriter::flush()
{
    if (!m_error.isEmpty())
        return false;
    if (m_buffer.isEmpty())
        return true;
    const qint64 written = m_device->write(m_buffer);
    if (written != m_buffer.size()) {
        // QSaveFile does not always say which error it met: the disk is looked at (full, read-only).
        m_error = m_file
            ? tr("Le fichier %1 n'a pas pu être écrit : %2.")
                  .arg(QFileInfo(m_path).fileName(), FileErrors::describeWriteFailure(m_path, m_file->errorString()))
            : tr("Le fichier n'a pas pu être écrit : %1.").arg(m_device->errorString());
        m_buffer.clear();
        return false;
    }
    m_written += written;
    m_buffer.clear();
    return true;
}

bool CsvWriter::headerRow(const QStringList &labels)
{
    return textRow(labels);
}

bool CsvWriter::commit(QString *error)
{
    if (m_rowStarted)
        endRow();
    if (!flush()) {
        *error = m_error;
        if (m_file)
            m_file->cancelWriting();
        return false;
    }
    if (m_file && !m_file->commit()) {
        m_error = tr("Le fichier %1 n'a pas pu être enregistré : %2.")
                      .arg(QFileInfo(m_path).fileName(), FileErrors::describe(*m_file, m_path));
        *error = m_error;
        return false;
    }
    return true;
}
