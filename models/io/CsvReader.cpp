#include "models/io/CsvReader.h"

#include "models/text/Utf8.h"

#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QStringDecoder>
#include <cstring>

namespace {

constexpr qint64 kBlock = 64 * 1024;
// The first lines read to find the separator.
constexpr qint64 kSampleBytes = 64 * 1024;
constexpr int kSampleLines = 200;

bool isAscii(const char *s, qsizetype n)
{
    for (qsizetype i = 0; i < n; ++i) {
        if (static_cast<unsigned char>(s[i]) >= 0x80 || s[i] == 0)
            return false;
    }
    return true;
}

// Windows-1252's 0x80-0x9F (the rest is Latin-1); 0 for the five unassigned bytes, read as the C1 control of the
// same value as Windows itself does.
constexpr char16_t kCp1252High[32] = {0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161,
    0x203A, 0x0153, 0, 0x017E, 0x0178};

} // namespace

CsvReader::CsvReader(QIODevice *device, const QString &name, const Options &options)
    : m_device(device)
    , m_name(name)
    , m_options(options)
{
}

CsvReader::CsvReader(const QString &path, const Options &options)
    : m_name(QFileInfo(path).fileName())
    , m_options(options)
{
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly)) {
        m_failed = true;
        m_error = file->exists() ? tr("« %1 » n'a pas pu être ouvert : %2").arg(m_name, file->errorString())
                                 : tr("« %1 » n'existe pas.").arg(m_name);
    }
    m_device = file.get();
    m_ownedDevice = std::move(file);
}

CsvReader::~CsvReader() = default;

qint64 CsvReader::rowNumber() const
{
    return m_row;
}

QString CsvReader::error() const
{
    return m_error;
}

qint64 CsvReader::position() const
{
    return m_consumed - (m_buffer.size() - m_bufferPos);
}

qint64 CsvReader::size() const
{
    return m_device && !m_device->isSequential() ? m_device->size() : 0;
}

QChar CsvReader::separator() const
{
    return m_separator ? QChar(QLatin1Char(m_separator)) : m_options.separator;
}

bool CsvReader::encodingFromName(const QString &name, Encoding *encoding)
{
    const QString n = name.trimmed().toLower().remove(u'-').remove(u'_').remove(u' ');
    if (n == u"utf8") {
        *encoding = Encoding::Utf8;
        return true;
    }
    if (n == u"windows1252" || n == u"cp1252" || n == u"latin1" || n == u"iso88591" || n == u"ansi") {
        *encoding = Encoding::Windows1252;
        return true;
    }
    return false;
}

QStringList CsvReader::encodingNames()
{
    return {QStringLiteral("utf-8"), QStringLiteral("windows-1252")};
}

QString CsvReader::fromWindows1252(const char *data, qsizetype size)
{
    QString text(size, Qt::Uninitialized);
    QChar *out = text.data();
    for (qsizetype i = 0; i < size; ++i) {
        const auto c = static_cast<unsigned char>(data[i]);
        const char16_t high = c >= 0x80 && c < 0xA0 ? kCp1252High[c - 0x80] : 0;
        out[i] = QChar(high ? high : char16_t(c));
    }
    return text;
}

QString CsvReader::tooLarge() const
{
    const qint64 limit = m_options.maxFileSize;
    const QString size = limit >= (1 << 20) ? tr("%1 Mo").arg(limit >> 20) : tr("%1 octets").arg(limit);
    return tr("« %1 » dépasse la taille maximale de %2 : découpez-le en plusieurs fichiers.").arg(m_name, size);
}

bool CsvReader::fail(const QString &message)
{
    m_failed = true;
    m_error = message;
    return false;
}

bool CsvReader::failAt(int column, const QString &message)
{
    return fail(tr("Ligne %1, colonne %2 : %3").arg(m_row).arg(columnName(column), message));
}

// Reads one more block at the end of the buffer (dropping what was parsed). False at the end of the device or on an
// error (m_failed then).
bool CsvReader::fill()
{
    if (m_atEnd || m_failed)
        return false;
    if (m_bufferPos > 0) {
        m_buffer.remove(0, m_bufferPos);
        m_bufferPos = 0;
    }
    const qsizetype old = m_buffer.size();
    m_buffer.resize(old + kBlock);
    const qint64 got = m_device->read(m_buffer.data() + old, kBlock);
    if (got < 0 && m_device->atEnd()) {
        m_buffer.resize(old); // a sequential device says -1 at its end
        m_atEnd = true;
        return false;
    }
    if (got < 0) {
        m_buffer.resize(old);
        return fail(tr("« %1 » n'a pas pu être lu jusqu'au bout : %2").arg(m_name, m_device->errorString()));
    }
    m_buffer.resize(old + got);
    m_consumed += got;
    if (m_consumed > m_options.maxFileSize)
        return fail(tooLarge());
    if (got == 0) {
        m_atEnd = true;
        return false;
    }
    return true;
}

bool CsvReader::start()
{
    m_started = true;
    if (!m_device || !m_device->isReadable())
        return fail(tr("« %1 » n'a pas pu être ouvert en lecture.").arg(m_name));
    if (!m_device->isSequential() && m_device->size() > m_options.maxFileSize)
        return fail(tooLarge());
    while (m_buffer.size() < 4 && fill()) { }
    if (m_failed)
        return false;
    const auto starts = [this](const char *prefix, int n) {
        return m_buffer.size() >= n && std::memcmp(m_buffer.constData(), prefix, size_t(n)) == 0;
    };
    if (starts("\xEF\xBB\xBF", 3))
        m_bufferPos = 3;
    else if (starts("\xFF\xFE", 2) || starts("\xFE\xFF", 2))
        return fail(tr("« %1 » est enregistré en UTF-16 : enregistrez-le en CSV UTF-8.").arg(m_name));
    else if (starts("PK\x03\x04", 4))
        return fail(tr("« %1 » est un classeur (XLSX ou zip), pas un fichier CSV.").arg(m_name));
    else if (starts("\xD0\xCF\x11\xE0", 4))
        return fail(tr("« %1 » est un classeur Excel 97-2003 (.xls), pas un fichier CSV : enregistrez-le en "
                       "CSV UTF-8 ou en XLSX.")
                        .arg(m_name));
    if (m_options.separator.isNull())
        detectSeparator();
    else
        m_separator = char(m_options.separator.toLatin1());
    return !m_failed;
}

// The separator that appears most often on one line of the first ones, outside quotes: the header row has the most
// fields; a title line above it may hold a comma. ';' wins a tie (what French spreadsheets write).
void CsvReader::detectSeparator()
{
    while (m_buffer.size() - m_bufferPos < kSampleBytes && fill()) { }
    static constexpr char kCandidates[3] = {';', ',', '\t'};
    int best[3] = {0, 0, 0};
    int line[3] = {0, 0, 0};
    bool quoted = false;
    int lines = 0;
    for (qsizetype i = m_bufferPos; i < m_buffer.size() && lines < kSampleLines; ++i) {
        const char c = m_buffer.at(i);
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            for (int k = 0; k < 3; ++k) {
                best[k] = std::max(best[k], line[k]);
                line[k] = 0;
            }
            ++lines;
        } else if (!quoted) {
            for (int k = 0; k < 3; ++k) {
                if (c == kCandidates[k])
                    ++line[k];
            }
        }
    }
    int chosen = 0;
    for (int k = 0; k < 3; ++k) {
        best[k] = std::max(best[k], line[k]);
        if (best[k] > best[chosen])
            chosen = k;
    }
    m_separator = kCandidates[chosen];
}

bool CsvReader::endField(QVariantList *cells)
{
    const int column = int(cells->size());
    if (column >= m_options.maxColumns)
        return failAt(column, tr("la ligne a plus de %1 colonnes.").arg(m_options.maxColumns));
    if (m_field.isEmpty()) {
        cells->append(QVariant());
        return true;
    }
    m_rowSize += m_field.size();
    if (m_rowSize > m_options.maxRowSize)
        return failAt(column,
            tr("la ligne dépasse %1 Ko : ce n'est sans doute pas un fichier CSV.").arg(m_options.maxRowSize >> 10));
    const char *data = m_field.constData();
    const qsizetype n = m_field.size();
    if (isAscii(data, n)) {
        cells->append(QString::fromLatin1(data, n));
    } else if (m_options.encoding == Encoding::Windows1252) {
        if (std::memchr(data, 0, size_t(n)))
            return failAt(column, tr("caractère nul : ce n'est pas un fichier texte."));
        cells->append(fromWindows1252(data, n));
    } else {
        const qsizetype bad = Utf8::firstInvalid(reinterpret_cast<const unsigned char *>(data), n);
        if (bad >= 0) {
            const auto byte = static_cast<unsigned char>(data[bad]);
            if (byte == 0)
                return failAt(column, tr("caractère nul : ce n'est pas un fichier texte."));
            return failAt(column,
                tr("le texte n'est pas en UTF-8 (octet 0x%1, lu « %2 » en Windows-1252). "
                   "Le fichier a-t-il été enregistré en Windows-1252 (Excel) ? "
                   "Lisez-le avec l'encodage Windows-1252, ou enregistrez-le en CSV UTF-8.")
                    .arg(QString::number(byte, 16).toUpper().rightJustified(2, u'0'), fromWindows1252(data + bad, 1)));
        }
        // Not QString::fromUtf8, which drops a U+FEFF at the start of the field (a cell "\uFEFF" would be empty).
        QStringDecoder utf8(
            QStringConverter::Utf8, QStringConverter::Flag::Stateless | QStringConverter::Flag::ConvertInitialBom);
        cells->append(QString(utf8(QByteArrayView(data, n))));
    }
    m_field.clear();
    return true;
}

bool CsvReader::readRow(QVariantList *cells)
{
    cells->clear();
    if (m_failed)
        return false;
    if (!m_started && !start())
        return false;
    if (m_bufferPos >= m_buffer.size() && !fill())
        return false;

    ++m_row;
    m_field.clear();
    m_rowSize = 0;
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };
    State state = State::FieldStart;
    bool quotedField = false; // on this row, so that "" alone is a row with one empty cell
    const char sep = m_separator;
    for (;;) {
        if (m_bufferPos >= m_buffer.size() && !fill()) {
            if (m_failed)
                return false;
            // The end of the file ends the last row, unless a quote is open.
            if (state == State::Quoted)
                return failAt(int(cells->size()),
                    tr("un guillemet ouvert n'est jamais fermé (le champ court jusqu'à la fin du "
                       "fichier)."));
            if (state == State::FieldStart && cells->isEmpty())
                return true; // a last line without its line break, and empty
            return endField(cells);
        }
        const char *p = m_buffer.constData() + m_bufferPos;
        const char *end = m_buffer.constData() + m_buffer.size();
        switch (state) {
        case State::FieldStart:
            if (*p == '"') {
                state = State::Quoted;
                quotedField = true;
                ++m_bufferPos;
                continue;
            }
            state = State::Unquoted;
            [[fallthrough]];
        case State::Unquoted: {
            const char *q = p;
            while (q < end && *q != sep && *q != '\n' && *q != '\r' && *q != '"')
                ++q;
            m_field.append(p, q - p);
            m_bufferPos += q - p;
            if (m_field.size() > m_options.maxFieldSize)
                return failAt(int(cells->size()),
                    tr("un champ dépasse %1 Ko : ce n'est sans doute pas un fichier CSV.")
                        .arg(m_options.maxFieldSize >> 10));
            if (q == end)
                continue;
            if (*q == '"')
                return failAt(int(cells->size()),
                    tr("guillemet au milieu d'un champ sans guillemets (un champ qui contient des "
                       "guillemets doit être entouré de guillemets, et les siens doublés)."));
            ++m_bufferPos;
            if (*q == sep) {
                if (!endField(cells))
                    return false;
                state = State::FieldStart;
                continue;
            }
            // A line break: CRLF, LF or a lone CR.
            if (*q == '\r') {
                if (m_bufferPos >= m_buffer.size())
                    fill();
                if (m_bufferPos < m_buffer.size() && m_buffer.at(m_bufferPos) == '\n')
                    ++m_bufferPos;
            }
            if (cells->isEmpty() && m_field.isEmpty() && !quotedField)
                return true; // an empty line: a row without cells
            return endField(cells);
        }
        case State::Quoted: {
            const void *quote = std::memchr(p, '"', size_t(end - p));
            const char *q = quote ? static_cast<const char *>(quote) : end;
            m_field.append(p, q - p);
            m_bufferPos += q - p;
            if (m_field.size() > m_options.maxFieldSize)
                return failAt(int(cells->size()),
                    tr("un champ dépasse %1 Ko : un guillemet n'est sans doute pas fermé.")
                        .arg(m_options.maxFieldSize >> 10));
            if (q < end) {
                ++m_bufferPos;
                state = State::QuoteInQuoted;
            }
            continue;
        }
        case State::QuoteInQuoted:
            if (*p == '"') {
                m_field.append('"');
                ++m_bufferPos;
                state = State::Quoted;
                continue;
            }
            if (*p == sep) {
                ++m_bufferPos;
                if (!endField(cells))
                    return false;
                state = State::FieldStart;
                continue;
            }
            if (*p == '\n' || *p == '\r') {
                state = State::Unquoted; // the line break is handled there, the field being complete
                continue;
            }
            return failAt(int(cells->size()),
                tr("caractère après le guillemet fermant d'un champ (les guillemets d'un champ doivent "
                   "être doublés)."));
        }
    }
}
