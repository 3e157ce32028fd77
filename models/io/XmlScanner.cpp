#include "models/io/XmlScanner.h"

#include "models/text/Utf8.h"

#include <QIODevice>

#include <cstring>

namespace {

constexpr qsizetype kChunk = 256 * 1024;
// A tag or a text longer than this is left to QXmlStreamReader (whose caps give the message), so that the buffer
// stays small whatever the part holds.
constexpr qsizetype kMaxToken = 16 * 1024 * 1024;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isNameStart(uchar c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool isNameChar(uchar c)
{
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// A name as namespaces allow it: NCName, or prefix:NCName.
bool isQualifiedName(QByteArrayView name)
{
    bool colon = false;
    bool start = true;
    for (const char ch : name) {
        const uchar c = uchar(ch);
        if (c == ':') {
            if (colon || start)
                return false;
            colon = true;
            start = true;
        } else if (start ? !isNameStart(c) : !isNameChar(c)) {
            return false;
        } else {
            start = false;
        }
    }
    return !start;
}

QByteArrayView localName(QByteArrayView qualified)
{
    const qsizetype colon = qualified.indexOf(':');
    return colon < 0 ? qualified : qualified.sliced(colon + 1);
}

bool isXmlChar(uint c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
}

void appendUtf8(QByteArray *out, uint c)
{
    if (c < 0x80) {
        out->append(char(c));
    } else if (c < 0x800) {
        out->append(char(0xC0 | (c >> 6)));
        out->append(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out->append(char(0xE0 | (c >> 12)));
        out->append(char(0x80 | ((c >> 6) & 0x3F)));
        out->append(char(0x80 | (c & 0x3F)));
    } else {
        out->append(char(0xF0 | (c >> 18)));
        out->append(char(0x80 | ((c >> 12) & 0x3F)));
        out->append(char(0x80 | ((c >> 6) & 0x3F)));
        out->append(char(0x80 | (c & 0x3F)));
    }
}

// The code point of an entity's name between & and ; (the five of XML and character references); 0 if unknown.
uint entityValue(QByteArrayView name)
{
    if (name == "lt")
        return '<';
    if (name == "gt")
        return '>';
    if (name == "amp")
        return '&';
    if (name == "quot")
        return '"';
    if (name == "apos")
        return '\'';
    if (name.size() < 2 || name.at(0) != '#')
        return 0;
    const bool hex = name.at(1) == 'x';
    const QByteArrayView digits = name.sliced(hex ? 2 : 1);
    if (digits.isEmpty() || digits.size() > 8)
        return 0;
    uint value = 0;
    for (const char c : digits) {
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        if (d < 0)
            return 0;
        value = value * (hex ? 16 : 10) + uint(d);
    }
    return isXmlChar(value) ? value : 0;
}

// UTF-8 decoded, or false when the bytes are not valid UTF-8. A U+FEFF at the start is kept, as QXmlStreamReader keeps
// it inside a document (QString::fromUtf8 would drop it as a byte order mark).
bool decodeUtf8(QByteArrayView bytes, QString *text)
{
    bool ascii = true;
    for (const char c : bytes)
        ascii = ascii && uchar(c) < 0x80;
    if (!ascii && Utf8::firstInvalid(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size()) >= 0)
        return false; // appendText has refused a NUL already
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        text->append(QChar(0xFEFF));
        bytes = bytes.sliced(3);
    }
    text->append(QString::fromUtf8(bytes));
    return true;
}

} // namespace

XmlScanner::XmlScanner(QIODevice *device)
    : m_device(device)
{
}

bool XmlScanner::more()
{
    if (m_atEnd)
        return false;
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    const qsizetype old = m_buffer.size();
    m_buffer.resize(old + kChunk);
    const qint64 n = m_device->read(m_buffer.data() + old, kChunk);
    m_buffer.resize(old + std::max<qint64>(n, 0));
    if (n <= 0)
        m_atEnd = true;
    return n > 0;
}

XmlScanner::Token XmlScanner::fail()
{
    m_name = QByteArrayView();
    m_text = QByteArrayView();
    m_attributes.clear();
    return m_token = Unsupported;
}

bool XmlScanner::attribute(QByteArrayView qualifiedName, QByteArrayView *value) const
{
    for (const auto &a : m_attributes) {
        if (a.first == qualifiedName) {
            *value = a.second;
            return true;
        }
    }
    return false;
}

XmlScanner::Token XmlScanner::readNext()
{
    if (m_token == Unsupported || m_token == EndDocument)
        return m_token;
    m_attributes.clear();
    if (m_pendingEnd) {
        m_pendingEnd = false;
        m_open.pop_back();
        return m_token = EndElement;
    }
    if (!m_started) {
        while (m_buffer.size() < 3 && more()) { }
        if (m_buffer.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
        else if (m_buffer.startsWith("\xFE\xFF") || m_buffer.startsWith("\xFF\xFE"))
            return fail(); // UTF-16
        m_started = true;
    }
    for (;;) {
        if (m_pos >= m_buffer.size() && !more()) {
            if (!m_open.empty() || !m_rootSeen)
                return fail(); // ends early, or no element at all
            return m_token = EndDocument;
        }
        if (m_buffer.at(m_pos) != '<') {
            qsizetype lt = m_buffer.indexOf('<', m_pos);
            while (lt < 0) {
                if (m_buffer.size() - m_pos > kMaxToken)
                    return fail();
                const qsizetype searched = m_buffer.size() - m_pos;
                if (!more())
                    break;
                lt = m_buffer.indexOf('<', m_pos + searched);
            }
            const qsizetype end = lt < 0 ? m_buffer.size() : lt;
            m_text = QByteArrayView(m_buffer.constData() + m_pos, end - m_pos);
            m_pos = end;
            if (m_open.empty()) {
                for (const char c : m_text) {
                    if (!isSpace(c))
                        return fail(); // text outside the root element
                }
                continue;
            }
            return m_token = Characters;
        }
        // A processing instruction, up to its first "?>" whatever it holds.
        while (m_buffer.size() - m_pos < 2 && more()) { }
        if (m_buffer.size() - m_pos >= 2 && m_buffer.at(m_pos + 1) == '?') {
            qsizetype close = m_buffer.indexOf("?>", m_pos + 2);
            while (close < 0) {
                if (m_buffer.size() - m_pos > kMaxToken)
                    return fail();
                const qsizetype searched = std::max<qsizetype>(m_buffer.size() - m_pos - 1, 2);
                if (!more())
                    return fail(); // cut by the end of the part
                close = m_buffer.indexOf("?>", m_pos + searched);
            }
            if (readTag(close + 1) != Characters)
                return fail();
            continue;
        }
        // A tag, up to its '>' outside quoted values.
        qsizetype i = m_pos + 1;
        char quote = 0;
        qsizetype end = -1;
        for (;;) {
            const char *data = m_buffer.constData();
            const qsizetype size = m_buffer.size();
            for (; i < size; ++i) {
                const char c = data[i];
                if (quote) {
                    if (c == quote)
                        quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    end = i;
                    break;
                } else if (c == '<') {
                    return fail();
                }
            }
            if (end >= 0)
                break;
            if (m_buffer.size() - m_pos > kMaxToken)
                return fail();
            const qsizetype offset = i - m_pos;
            if (!more())
                return fail(); // a tag cut by the end of the part
            i = m_pos + offset;
        }
        const Token t = readTag(end);
        if (t == Characters)
            continue; // a processing instruction, skipped
        return t;
    }
}

// The tag from m_pos to end (its '>'); Characters when it was skipped (a processing instruction).
XmlScanner::Token XmlScanner::readTag(qsizetype end)
{
    const QByteArrayView tag(m_buffer.constData() + m_pos, end - m_pos + 1);
    m_pos = end + 1;
    const qsizetype length = tag.size();
    if (length < 3)
        return fail(); // "<>"
    if (tag.at(1) == '?') {
        if (length < 4 || tag.at(length - 2) != '?')
            return fail();
        const QByteArrayView body = tag.sliced(2, length - 4);
        if (body.startsWith("xml") && (body.size() == 3 || isSpace(body.at(3)))) {
            const qsizetype e = body.indexOf("encoding");
            if (e >= 0) {
                qsizetype q = e + 8;
                while (q < body.size() && (isSpace(body.at(q)) || body.at(q) == '='))
                    ++q;
                if (q >= body.size() || (body.at(q) != '"' && body.at(q) != '\''))
                    return fail();
                const qsizetype close = body.indexOf(body.at(q), q + 1);
                if (close < 0)
                    return fail();
                const QByteArrayView encoding = body.sliced(q + 1, close - q - 1);
                if (encoding.compare("UTF-8", Qt::CaseInsensitive) != 0)
                    return fail();
            }
        }
        return Characters;
    }
    if (tag.at(1) == '!')
        return fail(); // a comment, CDATA or a DTD
    if (tag.at(1) == '/') {
        QByteArrayView qualified = tag.sliced(2, length - 3);
        while (!qualified.isEmpty() && isSpace(qualified.back()))
            qualified.chop(1);
        if (m_open.empty() || qualified != QByteArrayView(m_open.back().data(), qsizetype(m_open.back().size())))
            return fail();
        m_name = localName(qualified);
        m_open.pop_back();
        return m_token = EndElement;
    }
    qsizetype i = 1;
    while (i < length - 1 && !isSpace(tag.at(i)) && tag.at(i) != '/')
        ++i;
    const QByteArrayView qualified = tag.sliced(1, i - 1);
    const bool empty = tag.at(length - 2) == '/';
    const qsizetype attributesEnd = length - (empty ? 2 : 1);
    if (!isQualifiedName(qualified) || (m_open.empty() && m_rootSeen) || attributesEnd < i
        || !parseAttributes(tag.sliced(i, attributesEnd - i)))
        return fail();
    m_rootSeen = true;
    m_open.emplace_back(qualified.data(), size_t(qualified.size()));
    m_name = localName(qualified);
    m_pendingEnd = empty;
    return m_token = StartElement;
}

bool XmlScanner::parseAttributes(QByteArrayView region)
{
    m_attributes.clear();
    const qsizetype n = region.size();
    qsizetype i = 0;
    for (;;) {
        const qsizetype before = i;
        while (i < n && isSpace(region.at(i)))
            ++i;
        if (i >= n)
            return true;
        if (i == before)
            return false; // attributes are separated by white space
        const qsizetype start = i;
        while (i < n && region.at(i) != '=' && !isSpace(region.at(i)))
            ++i;
        const QByteArrayView name = region.sliced(start, i - start);
        if (!isQualifiedName(name))
            return false;
        while (i < n && isSpace(region.at(i)))
            ++i;
        if (i >= n || region.at(i) != '=')
            return false;
        ++i;
        while (i < n && isSpace(region.at(i)))
            ++i;
        if (i >= n || (region.at(i) != '"' && region.at(i) != '\''))
            return false;
        const char quote = region.at(i++);
        const qsizetype valueStart = i;
        for (; i < n && region.at(i) != quote; ++i) {
            const uchar c = uchar(region.at(i));
            if (c == '<' || c == '&' || c < 0x20)
                return false; // references and white space normalisation left to QXmlStreamReader
        }
        if (i >= n)
            return false;
        const QByteArrayView value = region.sliced(valueStart, i - valueStart);
        ++i;
        for (const auto &a : m_attributes) {
            if (a.first == name)
                return false; // the same attribute twice
        }
        m_attributes.emplace_back(name, value);
    }
}

bool XmlScanner::appendText(QString *text) const
{
    bool plain = true;
    int brackets = 0; // "]]>" may not appear in text
    for (const char ch : m_text) {
        const uchar c = uchar(ch);
        if (c < 0x20) {
            if (c == '\r')
                plain = false;
            else if (c != '\t' && c != '\n')
                return false;
        } else if (c == '&') {
            plain = false;
        } else if (c == '>' && brackets >= 2) {
            return false;
        }
        brackets = c == ']' ? brackets + 1 : 0;
    }
    if (plain)
        return decodeUtf8(m_text, text);
    // Line ends as XML reads them (CR LF and a lone CR become LF), then the references.
    QByteArray bytes;
    bytes.reserve(m_text.size());
    const qsizetype n = m_text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = m_text.at(i);
        if (c == '\r') {
            bytes.append('\n');
            if (i + 1 < n && m_text.at(i + 1) == '\n')
                ++i;
        } else if (c == '&') {
            const qsizetype semicolon = m_text.indexOf(';', i + 1);
            if (semicolon < 0 || semicolon - i > 12)
                return false;
            const uint value = entityValue(m_text.sliced(i + 1, semicolon - i - 1));
            if (value == 0)
                return false;
            appendUtf8(&bytes, value);
            i = semicolon;
        } else {
            bytes.append(c);
        }
    }
    return decodeUtf8(bytes, text);
}
