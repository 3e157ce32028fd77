#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <string>
#include <vector>

class QIODevice;

// A pull reader of the plain XML a worksheet is written in, over the UTF-8 bytes as they come from a device: start
// and end tags (an empty element <c/> gives both), text, processing instructions and the XML declaration skipped.
// XlsxReader reads a sheet through it because QXmlStreamReader, which decodes everything into UTF-16 and checks every
// rule of XML, took most of an XLSX import's time.
//
// It is strict the other way: whatever it does not read exactly as QXmlStreamReader would (a comment, CDATA, a DTD,
// an entity other than the five predefined ones and character references, another encoding than UTF-8, a control
// character, invalid UTF-8, a malformed or mismatched tag, a document that ends early) gives Unsupported, and the
// caller reads the part again with QXmlStreamReader, which gives the rows or the precise error. tst_xlsxreader and the
// fuzz target compare both on the same parts.
// What it checks less than QXmlStreamReader, on purpose: the text it skips unread (a formula, ignored elements) is
// not decoded, so a bare '&' or invalid UTF-8 there passes; names and other attributes are not checked for UTF-8;
// namespace prefixes need not be declared; an XML declaration need not come first. Such a sheet is not well-formed
// and no spreadsheet writes one: it is then read (the cells' values as QXmlStreamReader would give them), or stops at
// a cell's message, where QXmlStreamReader would say that the XML is invalid.
class XmlScanner
{
public:
    enum Token { StartElement, EndElement, Characters, EndDocument, Unsupported };

    explicit XmlScanner(QIODevice *device);

    Token readNext();
    Token token() const { return m_token; }
    // The element's local name (without its prefix), for StartElement and EndElement.
    QByteArrayView name() const { return m_name; }
    // The raw value of the start tag's attribute (qualified name as written); false when it has none. Values holding
    // an entity or a character reference are Unsupported, so the raw value is the value.
    bool attribute(QByteArrayView qualifiedName, QByteArrayView *value) const;
    // Appends the Characters token's text, decoded (entities, character references, line ends as XML reads them);
    // false when it holds what the scanner does not decode: the caller treats that as Unsupported.
    bool appendText(QString *text) const;

private:
    bool more(); // reads more of the device after what is kept from m_pos; false at its end
    Token fail();
    Token readTag(qsizetype end);
    bool parseAttributes(QByteArrayView region);

    QIODevice *m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_atEnd = false;
    bool m_started = false; // past the byte order mark
    bool m_rootSeen = false;
    bool m_pendingEnd = false; // the start tag was an empty element: its end tag comes next
    Token m_token = Characters;
    QByteArrayView m_name;
    QByteArrayView m_text;
    std::vector<std::string> m_open; // qualified names of the open elements
    std::vector<std::pair<QByteArrayView, QByteArrayView>> m_attributes;
};
