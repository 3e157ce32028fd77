#include "models/io/CsvReader.h"

#include <QBuffer>
#include <QDir>
#include <QDirIterator>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>
#include <sys/resource.h>

namespace {

// Every row of a CSV held in memory, or the error that stopped the reading (then the rows read before it).
struct Result
{
    QList<QVariantList> rows;
    QString error;
    QChar separator;
};

Result readAll(const QByteArray &data, const CsvReader::Options &options = CsvReader::Options())
{
    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(&buffer, QStringLiteral("test.csv"), options);
    Result result;
    QVariantList cells;
    while (reader.readRow(&cells)) {
        result.rows.append(cells);
        if (reader.rowNumber() != result.rows.size())
            result.error = QStringLiteral("rowNumber %1 after %2 rows").arg(reader.rowNumber()).arg(result.rows.size());
    }
    if (result.error.isEmpty())
        result.error = reader.error();
    result.separator = reader.separator();
    return result;
}

QVariantList texts(std::initializer_list<const char *> values)
{
    QVariantList row;
    for (const char *v : values)
        row.append(v ? QVariant(QString::fromUtf8(v)) : QVariant());
    return row;
}

qint64 peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// A large CSV made as it is read (nothing held in memory): a header, then rows of five fields, one quoted with a
// separator and a line break inside. Records the largest read the reader asked for.
class GeneratedCsv : public QIODevice
{
public:
    explicit GeneratedCsv(qint64 rows)
        : m_rows(rows)
    {
        m_pending = "Date;Durée;Thématique;Remarque;Participants\r\n";
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return true; }
    qint64 largestRead() const { return m_largestRead; }
    qint64 delivered() const { return m_delivered; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        m_largestRead = std::max(m_largestRead, maxSize);
        qint64 written = 0;
        while (written < maxSize) {
            if (m_offset == m_pending.size()) {
                if (m_row == m_rows)
                    break;
                ++m_row;
                m_pending = QByteArray::number(m_row % 28 + 1) + "/01/2025;45;Démarches en ligne;\"Suivi ; dossier\n"
                    + QByteArray::number(m_row) + "\";" + QByteArray::number(m_row % 12) + "\r\n";
                m_offset = 0;
            }
            const qint64 n = std::min<qint64>(maxSize - written, m_pending.size() - m_offset);
            memcpy(data + written, m_pending.constData() + m_offset, size_t(n));
            m_offset += n;
            written += n;
        }
        m_delivered += written;
        return written == 0 ? -1 : written;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    qint64 m_rows;
    qint64 m_row = 0;
    QByteArray m_pending;
    qint64 m_offset = 0;
    qint64 m_largestRead = 0;
    qint64 m_delivered = 0;
};

} // namespace

// The CSV reader the importers read through: RFC 4180, encodings, broken files named by row and column.
class TestCsvReader : public QObject
{
    Q_OBJECT

private slots:
    void largeFile_isReadInBlocksWithBoundedMemory();
    void quoting_rfc4180Cases();
    void lineEnds_crlfLfAndCrGiveTheSameRows();
    void emptyLinesAndFields_areEmptyRowsAndInvalidCells();
    void bom_isSkipped();
    void separator_foundFromTheHeaderRow_orGiven();
    void windows1252_refusedWithRowAndColumn_thenReadWithTheOption();
    void windows1252_tableMatchesQtWhenQtHasTheCodec();
    void encodingNames_acceptedByTheCommandLine();
    void brokenQuotes_nameRowAndColumn();
    void limits_fieldFileAndColumns();
    void otherFormats_refusedWithTheirName();
    void file_openedByPath_positionAndSize();
    void fuzzRegressionsAndCorpus_readWithoutCrash();
};

void TestCsvReader::largeFile_isReadInBlocksWithBoundedMemory()
{
    // About 200 MB, made while it is read: the peak memory of the process is what the reader holds.
    const qint64 rows = 3'200'000;
    GeneratedCsv device(rows);
    CsvReader reader(&device, QStringLiteral("grand.csv"));
    const qint64 before = peakRssKb();
    QVariantList cells;
    qint64 count = 0;
    QVariantList last;
    while (reader.readRow(&cells)) {
        ++count;
        if (count == rows + 1)
            last = cells;
    }
    QCOMPARE(reader.error(), QString());
    QCOMPARE(count, rows + 1);
    QVERIFY2(device.delivered() > 190'000'000, qPrintable(QString::number(device.delivered())));
    QCOMPARE(reader.position(), device.delivered());
    QCOMPARE(last.size(), 5);
    QCOMPARE(last.at(3).toString(), QStringLiteral("Suivi ; dossier\n%1").arg(rows));
    QVERIFY2(device.largestRead() <= 64 * 1024, qPrintable(QString::number(device.largestRead())));
    const qint64 grownKb = peakRssKb() - before;
    QVERIFY2(grownKb < 16 * 1024, qPrintable(QStringLiteral("peak grew by %1 kB").arg(grownKb)));
}

void TestCsvReader::quoting_rfc4180Cases()
{
    const Result r = readAll("Nom;Remarque;Nombre\n"
                             "\"Durand ; fils\";\"Il a dit \"\"bonjour\"\"\";3\n"
                             "\"Sur\ndeux lignes\";\"\";\"\"\"\"\n"
                             "\"Fin\r\nCRLF\";\"a;b\";\n");
    QCOMPARE(r.error, QString());
    QCOMPARE(r.rows.size(), 4);
    QCOMPARE(r.rows.at(0), texts({"Nom", "Remarque", "Nombre"}));
    QCOMPARE(r.rows.at(1), texts({"Durand ; fils", "Il a dit \"bonjour\"", "3"}));
    QCOMPARE(r.rows.at(2), texts({"Sur\ndeux lignes", nullptr, "\""}));
    QCOMPARE(r.rows.at(3), texts({"Fin\r\nCRLF", "a;b", nullptr}));
}

void TestCsvReader::lineEnds_crlfLfAndCrGiveTheSameRows()
{
    const QList<QVariantList> expected = {texts({"a", "b"}), texts({"c", "d"})};
    QCOMPARE(readAll("a;b\r\nc;d\r\n").rows, expected);
    QCOMPARE(readAll("a;b\nc;d\n").rows, expected);
    QCOMPARE(readAll("a;b\rc;d").rows, expected);
    QCOMPARE(readAll("a;b\nc;d").rows, expected); // no line break at the end
    QCOMPARE(readAll("\"a\";\"b\"\r\n\"c\";\"d\"").rows, expected);
}

void TestCsvReader::emptyLinesAndFields_areEmptyRowsAndInvalidCells()
{
    const Result r = readAll("Titre\n\nA;;C;\n\"\"\n");
    QCOMPARE(r.error, QString());
    QCOMPARE(r.rows.size(), 4);
    QCOMPARE(r.rows.at(0), texts({"Titre"}));
    QVERIFY(r.rows.at(1).isEmpty()); // an empty line: the row is there, without cells
    QCOMPARE(r.rows.at(2), texts({"A", nullptr, "C", nullptr}));
    QVERIFY(!r.rows.at(2).at(1).isValid());
    QCOMPARE(r.rows.at(3), texts({nullptr})); // one quoted empty field
    QCOMPARE(readAll("").rows.size(), 0);
    QCOMPARE(readAll("").error, QString());
}

void TestCsvReader::bom_isSkipped()
{
    const Result with = readAll("\xEF\xBB\xBFNom;Prénom\nDurand;Léa\n");
    const Result without = readAll("Nom;Prénom\nDurand;Léa\n");
    QCOMPARE(with.error, QString());
    QCOMPARE(with.rows, without.rows);
    QCOMPARE(with.rows.at(0).at(0).toString(), QStringLiteral("Nom"));
    QCOMPARE(with.rows.at(1).at(1).toString(), QStringLiteral("Léa"));
}

void TestCsvReader::separator_foundFromTheHeaderRow_orGiven()
{
    QCOMPARE(readAll("a;b;c\n1;2;3\n").separator, QChar(u';'));
    QCOMPARE(readAll("a,b,c\n1,2,3\n").separator, QChar(u','));
    QCOMPARE(readAll("a\tb\tc\n1\t2\t3\n").separator, QChar(u'\t'));
    QCOMPARE(readAll("a\tb\tc\n1\t2\t3\n").rows.at(1), texts({"1", "2", "3"}));
    // Carnet's export: a header block whose lines hold commas, above a header row of ';'.
    const Result carnet = readAll("Export des accompagnements\n"
                                  "Période : du 01/01/2025 au 31/12/2025, filtres : aucun, lieu : tous\n"
                                  "\n"
                                  "Date;Type;Durée;\"Thématiques, détail\";Lieu\n"
                                  "15/01/2025;Individuel;45;Courriels;Guéret\n");
    QCOMPARE(carnet.separator, QChar(u';'));
    QCOMPARE(carnet.rows.at(3).size(), 5);
    QCOMPARE(carnet.rows.at(3).at(3).toString(), QStringLiteral("Thématiques, détail"));
    // Commas inside quotes do not count.
    QCOMPARE(readAll("\"a,b,c,d\";e\n").separator, QChar(u';'));
    // Given, it is used as is.
    CsvReader::Options comma;
    comma.separator = u',';
    QCOMPARE(readAll("a;b,c\n", comma).rows.at(0), texts({"a;b", "c"}));
}

void TestCsvReader::windows1252_refusedWithRowAndColumn_thenReadWithTheOption()
{
    // "Thématique;Durée" / "Café € œuvre ’ok’;45" as Excel saves them on a French Windows.
    const QByteArray cp1252 = "Th\xE9matique;Dur\xE9"
                              "e\nCaf\xE9 \x80 \x9Cuvre \x92ok\x92;45\n";
    const Result refused = readAll(cp1252);
    QVERIFY(refused.rows.isEmpty());
    QVERIFY2(refused.error.startsWith(QStringLiteral("Ligne 1, colonne A : ")), qPrintable(refused.error));
    QVERIFY2(refused.error.contains(QStringLiteral("Windows-1252")), qPrintable(refused.error));
    QVERIFY2(refused.error.contains(QStringLiteral("0xE9")), qPrintable(refused.error));
    QVERIFY2(refused.error.contains(QStringLiteral("« é »")), qPrintable(refused.error));

    CsvReader::Options options;
    options.encoding = CsvReader::Encoding::Windows1252;
    const Result read = readAll(cp1252, options);
    QCOMPARE(read.error, QString());
    QCOMPARE(read.rows.at(0), texts({"Thématique", "Durée"}));
    QCOMPARE(read.rows.at(1), texts({"Café € œuvre ’ok’", "45"}));

    // A bad byte further down names its own row and column.
    const Result late = readAll("Nom;Commune\nDurand;Gu\xE9ret\n");
    QCOMPARE(late.rows.size(), 1);
    QVERIFY2(late.error.startsWith(QStringLiteral("Ligne 2, colonne B : ")), qPrintable(late.error));
    // Valid UTF-8 of every length is read, overlong forms and surrogates are not.
    QCOMPARE(readAll("é€😀\n").rows.at(0), texts({"é€😀"}));
    QVERIFY(!readAll("\xC0\xAF\n").error.isEmpty());
    QVERIFY(!readAll("\xED\xA0\x80\n").error.isEmpty());
    QVERIFY(!readAll("ab\xE2\x82").error.isEmpty()); // cut in the middle of a character, at the end
}

void TestCsvReader::windows1252_tableMatchesQtWhenQtHasTheCodec()
{
    QByteArray all;
    for (int c = 1; c < 256; ++c)
        all.append(char(c));
    const QString ours = CsvReader::fromWindows1252(all.constData(), all.size());
    QCOMPARE(ours.size(), all.size());
    QStringDecoder qt("windows-1252");
    if (qt.isValid()) {
        // Qt built with ICU: its codec and the table agree on every assigned byte.
        const QString theirs = qt(all);
        for (int i = 0; i < all.size(); ++i) {
            const auto c = static_cast<unsigned char>(all.at(i));
            if (c != 0x81 && c != 0x8D && c != 0x8F && c != 0x90 && c != 0x9D)
                QCOMPARE(ours.at(i), theirs.at(i));
        }
    } else {
        // Qt 6.4 without ICU (Debian's): no such codec, hence the table. Latin-1 outside 0x80-0x9F.
        for (int i = 0; i < all.size(); ++i) {
            const auto c = static_cast<unsigned char>(all.at(i));
            if (c < 0x80 || c >= 0xA0)
                QCOMPARE(ours.at(i).unicode(), char16_t(c));
        }
    }
    QCOMPARE(ours.at(0x80 - 1), QChar(u'€'));
    QCOMPARE(ours.at(0x8C - 1), QChar(u'Œ'));
    QCOMPARE(ours.at(0x96 - 1), QChar(u'–'));
    QCOMPARE(ours.at(0x9F - 1), QChar(u'Ÿ'));
}

void TestCsvReader::encodingNames_acceptedByTheCommandLine()
{
    CsvReader::Encoding e = CsvReader::Encoding::Utf8;
    QVERIFY(CsvReader::encodingFromName(QStringLiteral("windows-1252"), &e));
    QCOMPARE(e, CsvReader::Encoding::Windows1252);
    QVERIFY(CsvReader::encodingFromName(QStringLiteral("UTF-8"), &e));
    QCOMPARE(e, CsvReader::Encoding::Utf8);
    QVERIFY(CsvReader::encodingFromName(QStringLiteral("CP1252"), &e));
    QCOMPARE(e, CsvReader::Encoding::Windows1252);
    QVERIFY(!CsvReader::encodingFromName(QStringLiteral("ebcdic"), &e));
    for (const QString &name : CsvReader::encodingNames())
        QVERIFY(CsvReader::encodingFromName(name, &e));
}

void TestCsvReader::brokenQuotes_nameRowAndColumn()
{
    const Result unclosed = readAll("a;b\nc;d\ne;\"jamais fermé\nf;g\n");
    QCOMPARE(unclosed.rows.size(), 2);
    QVERIFY2(unclosed.error.startsWith(QStringLiteral("Ligne 3, colonne B : un guillemet ouvert")),
        qPrintable(unclosed.error));
    const Result middle = readAll("a;b;c\n1;2 po\"uces;3\n");
    QCOMPARE(middle.rows.size(), 1);
    QVERIFY2(
        middle.error.startsWith(QStringLiteral("Ligne 2, colonne B : guillemet au milieu")), qPrintable(middle.error));
    const Result after = readAll("a;\"b\"c\n");
    QVERIFY2(after.error.startsWith(QStringLiteral("Ligne 1, colonne B : caractère après le guillemet")),
        qPrintable(after.error));
    // Rows count records, not lines: a line break inside quotes does not shift the number.
    const Result shifted = readAll("\"a\nb\";c\nd;e\"\n");
    QVERIFY2(shifted.error.startsWith(QStringLiteral("Ligne 2, colonne B")), qPrintable(shifted.error));
}

void TestCsvReader::limits_fieldFileAndColumns()
{
    CsvReader::Options small;
    small.maxFieldSize = 1024;
    const Result field = readAll("a;" + QByteArray(2000, 'x') + "\n", small);
    QVERIFY2(
        field.error.startsWith(QStringLiteral("Ligne 1, colonne B : un champ dépasse 1 Ko")), qPrintable(field.error));
    const Result quoted = readAll("a;\"" + QByteArray(2000, 'x'), small);
    QVERIFY2(
        quoted.error.contains(QStringLiteral("un guillemet n'est sans doute pas fermé")), qPrintable(quoted.error));

    CsvReader::Options tiny;
    tiny.maxFileSize = 1000;
    const Result file = readAll(QByteArray(5000, 'x'), tiny);
    QCOMPARE(file.error,
        QStringLiteral("« test.csv » dépasse la taille maximale de 1000 octets : découpez-le en "
                       "plusieurs fichiers."));

    CsvReader::Options narrow;
    narrow.maxColumns = 3;
    QCOMPARE(readAll("a;b;c\n", narrow).error, QString());
    QVERIFY2(readAll("a;b;c;d\n", narrow).error.startsWith(QStringLiteral("Ligne 1, colonne D : la ligne a plus de 3")),
        qPrintable(readAll("a;b;c;d\n", narrow).error));
}

void TestCsvReader::otherFormats_refusedWithTheirName()
{
    QVERIFY(readAll("\xFF\xFEN\0o\0m\0", CsvReader::Options()).error.contains(QStringLiteral("UTF-16")));
    QVERIFY(readAll("PK\x03\x04rest of a zip").error.contains(QStringLiteral("XLSX")));
    QVERIFY(readAll("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").error.contains(QStringLiteral(".xls")));
    const Result nul = readAll(QByteArray("a;b\x00"
                                          "c\n",
        6));
    QVERIFY2(nul.error.startsWith(QStringLiteral("Ligne 1, colonne B : caractère nul")), qPrintable(nul.error));
}

void TestCsvReader::file_openedByPath_positionAndSize()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("activites.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray data = "\xEF\xBB\xBF"
                            "Date;Durée\r\n15/01/2025;45\r\n";
    file.write(data);
    file.close();
    CsvReader reader(path);
    QCOMPARE(reader.size(), qint64(data.size()));
    QVariantList cells;
    QVERIFY(reader.readRow(&cells));
    QCOMPARE(cells, texts({"Date", "Durée"}));
    QVERIFY(reader.readRow(&cells));
    QCOMPARE(cells, texts({"15/01/2025", "45"}));
    QVERIFY(!reader.readRow(&cells));
    QCOMPARE(reader.error(), QString());
    QCOMPARE(reader.position(), reader.size());

    CsvReader missing(dir.filePath(QStringLiteral("absent.csv")));
    QVERIFY(!missing.readRow(&cells));
    QCOMPARE(missing.error(), QStringLiteral("« absent.csv » n'existe pas."));
}

void TestCsvReader::fuzzRegressionsAndCorpus_readWithoutCrash()
{
    // What the fuzzer found (and its seeds), read again by the gcc build as tests/fuzz/fuzz_csv.cpp reads them: the
    // first byte chooses the options, the rest is the file. Every file ends, with rows or an error.
    int files = 0;
    for (const char *folder : {"regressions/csv", "corpus/csv"}) {
        QDirIterator it(QStringLiteral(CARNET_TEST_FIXTURES "/../fuzz/") + QLatin1String(folder), QDir::Files);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray data = file.readAll();
            if (data.isEmpty())
                continue;
            const auto mode = static_cast<unsigned char>(data.at(0));
            CsvReader::Options options;
            const QChar separators[4] = {QChar(), QChar(u';'), QChar(u','), QChar(u'\t')};
            options.separator = separators[mode & 3];
            options.encoding = (mode & 4) ? CsvReader::Encoding::Windows1252 : CsvReader::Encoding::Utf8;
            options.maxFieldSize = (mode & 8) ? 16 : 64 * 1024;
            options.maxColumns = (mode & 16) ? 3 : 16384;
            const Result r = readAll(data.mid(1), options);
            QVERIFY2(!r.error.startsWith(QStringLiteral("rowNumber")), qPrintable(r.error));
            QVERIFY(r.rows.size() <= data.size());
            ++files;
        }
    }
    QVERIFY2(files >= 5, qPrintable(QString::number(files)));
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
