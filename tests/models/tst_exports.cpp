#include "models/io/ActivityColumns.h"
#include "models/io/ActivityExporter.h"
#include "models/io/BeneficiaryExporter.h"
#include "models/io/CsvWriter.h"
#include "models/io/ExportHeader.h"
#include "models/io/ImportCells.h"
#include "models/io/StatsExporter.h"
#include "models/io/XlsxWriter.h"
#include "models/stats/StatsEngine.h"
#include "models/store/Store.h"
#include "tests/support/LibreOffice.h"
#include "tests/support/ScratchDisk.h"
#include "tests/support/TestData.h"

#include <QBuffer>
#include <QDir>
#include <QScopeGuard>
#include <QTest>

#include <sys/stat.h>

#include <ctime>

namespace {

QString read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// A base with a place, two followed beneficiaries, an anonymous individual activity with awkward text, a workshop
// with both kinds of participants, and a deleted activity.
struct ExportBase
{
    TestData::Fixture f;
    Place place;
    Beneficiary josiane;
    Beneficiary bruno;
    Activity individuel;
    Activity atelier;
    Activity supprimee;

    bool fill()
    {
        if (!f.open())
            return false;
        QString error;
        place = TestData::place();
        josiane = TestData::beneficiary();
        bruno = TestData::beneficiary();
        bruno.prenom = QStringLiteral("Bruno");
        bruno.nom = QStringLiteral("Lefèvre");
        bruno.genre = QStringLiteral("masculin");
        bruno.anneeNaissance = 1990;
        bruno.trancheAge = QStringLiteral("vingt_cinq_trente_neuf");
        bruno.statutSocial = QStringLiteral("en_emploi");
        bruno.telephone = QStringLiteral("0102030405");
        bruno.communeResidence = {QStringLiteral("01053"), QStringLiteral("01000"), QStringLiteral("Bourg-en-Bresse")};
        if (!f.store.savePlace(place, &error) || !f.store.saveBeneficiary(josiane, &error)
            || !f.store.saveBeneficiary(bruno, &error)) {
            qWarning() << error;
            return false;
        }
        individuel = TestData::individuel(place.id);
        individuel.date = QDate(2026, 3, 5);
        individuel.notes = QStringLiteral("Il a dit « oui » ; puis \"non\"\nÀ revoir.");
        individuel.anonyme.anneeNaissance = 1950;
        individuel.anonyme.dejaAccompagne = true;
        individuel.tags = {QStringLiteral("Permanence du mardi")};
        atelier = TestData::collectif(place.id);
        atelier.participants = {josiane.id, bruno.id};
        atelier.participantsAnonymes = AnonymousCounters();
        atelier.participantsAnonymes.total = 3;
        atelier.participantsAnonymes.dejaAccompagne = 1;
        atelier.participantsAnonymes.genre = {{QStringLiteral("feminin"), 2}};
        atelier.participantsAnonymes.trancheAge = {{QStringLiteral("soixante_dix_plus"), 1}};
        supprimee = TestData::individuel(place.id);
        supprimee.date = QDate(2026, 4, 1);
        if (!f.store.saveActivity(individuel, &error) || !f.store.saveActivity(atelier, &error)
            || !f.store.saveActivity(supprimee, &error) || !f.store.deleteActivity(supprimee.id, &error)) {
            qWarning() << error;
            return false;
        }
        return true;
    }

    bool exportTo(TableWriter &writer, const ExportFilter &filter, ActivityExporter::Result *result, QString *error)
    {
        ActivityExporter::Options options;
        options.filter = filter;
        options.exportedAt = TestData::fixedNow();
        return ActivityExporter::write(f.store, writer, options, result, error) && writer.commit(error);
    }

    // The activities export through filter as CSV bytes; false (the error warned) when it fails.
    bool exportCsv(const ExportFilter &filter, QByteArray *bytes, ActivityExporter::Result *result = nullptr)
    {
        QBuffer buffer;
        CsvWriter csv(&buffer);
        csv.open();
        ActivityExporter::Result r;
        QString error;
        if (!exportTo(csv, filter, &r, &error)) {
            qWarning() << error;
            return false;
        }
        *bytes = buffer.data();
        if (result)
            *result = r;
        return true;
    }
};

} // namespace

class TestExports : public QObject
{
    Q_OBJECT

private slots:
    void csvWriter_bomSeparatorQuotingDatesAndDecimals();
    void csvWriter_commaSeparator_quotesDecimalCommas();
    void writers_leaveNothingAtTheDestinationUntilCommit();
    void csvWriter_fullDisk_saysSoAndLeavesNothing();
    void xlsxWriter_fullDisk_saysSoAndLeavesNothing();
    void activities_csvThroughLibreOffice_showsWhatWasWritten();
    void activities_xlsxThroughLibreOffice_realDatesAndNumbers();
    void activities_workshopRows_countBackToTheCounters();
    void activities_filters_andCancellation();
    void statistics_sectionsAndPercentagesAsTheScreen();
    void beneficiaries_inThePlatformsTemplate();
    void activities_storedTimes_localAroundMidnightAndDstChanges();
    void activities_sourceFilter_keptFromTheStatisticsAndNamed();
    void activities_headerBlock_totalOfAccompagnements();
    void csvWriter_formulaLikeText_shownAsTypedAndReadBack();
    void xlsxWriter_formulaLikeText_isAString();
    void xlsxWriter_commit_modeFromTheUmaskOrTheReplacedFile();
};

void TestExports::csvWriter_bomSeparatorQuotingDatesAndDecimals()
{
    QBuffer buffer;
    CsvWriter csv(&buffer);
    QVERIFY(csv.open());
    csv.text(QStringLiteral("Guéret"));
    csv.text(QStringLiteral("a;b"));
    csv.text(QStringLiteral("dit \"oui\""));
    csv.text(QStringLiteral("ligne 1\nligne 2"));
    csv.empty();
    csv.number(-1234);
    csv.decimal(12.25, 1);
    csv.decimal(3.0, 1);
    csv.percent(33.333);
    csv.date(QDate(2026, 3, 5));
    csv.date(QDate());
    QVERIFY(csv.endRow());
    csv.text(QStringLiteral("fin"));
    QString error;
    QVERIFY2(csv.commit(&error), qPrintable(error));
    const QByteArray bytes = buffer.data();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    QCOMPARE(QString::fromUtf8(bytes.mid(3)),
        QStringLiteral("Guéret;\"a;b\";\"dit \"\"oui\"\"\";\"ligne 1\nligne 2\";;-1234;12,3;3;33,3 %;05/03/2026;\r\n"
                       "fin\r\n"));
    QCOMPARE(CsvWriter::frenchDecimal(0.05, 1), QStringLiteral("0,1"));
    QCOMPARE(CsvWriter::frenchDecimal(-0.01, 1), QStringLiteral("0"));
}

void TestExports::csvWriter_commaSeparator_quotesDecimalCommas()
{
    QBuffer buffer;
    CsvWriter csv(&buffer, CsvWriter::Separator::Comma);
    QVERIFY(csv.open());
    csv.text(QStringLiteral("a;b"));
    csv.decimal(2.5, 1);
    csv.text(QStringLiteral("x,y"));
    QVERIFY(csv.endRow());
    QString error;
    QVERIFY(csv.commit(&error));
    QCOMPARE(QString::fromUtf8(buffer.data().mid(3)), QStringLiteral("a;b,\"2,5\",\"x,y\"\r\n"));
}

void TestExports::writers_leaveNothingAtTheDestinationUntilCommit()
{
    QTemporaryDir dir;
    for (const QString &name : {QStringLiteral("old.csv"), QStringLiteral("old.xlsx")}) {
        const QString path = dir.filePath(name);
        QVERIFY(writeFile(path, "ancien contenu"));
        {
            std::unique_ptr<TableWriter> writer;
            if (name.endsWith(QLatin1String(".csv"))) {
                auto csv = std::make_unique<CsvWriter>(path);
                QVERIFY(csv->open());
                writer = std::move(csv);
            } else {
                auto xlsx = std::make_unique<XlsxWriter>(path, QStringLiteral("Feuille"));
                QVERIFY(xlsx->open());
                writer = std::move(xlsx);
            }
            for (int i = 0; i < 20000; ++i) {
                writer->text(QStringLiteral("ligne"));
                writer->number(i);
                QVERIFY(writer->endRow());
            }
            // Destroyed without commit (a cancellation).
        }
        QCOMPARE(read(path), QStringLiteral("ancien contenu"));
        QCOMPARE(
            QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), name == QLatin1String("old.csv") ? 1 : 2);
    }
    // Nothing but the two old files: no temporary file left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
        QStringList({QStringLiteral("old.csv"), QStringLiteral("old.xlsx")}));
    // A commit replaces the old file.
    XlsxWriter xlsx(dir.filePath(QStringLiteral("old.xlsx")), QStringLiteral("Feuille"));
    QVERIFY(xlsx.open());
    xlsx.text(QStringLiteral("nouveau"));
    QString error;
    QVERIFY2(xlsx.commit(&error), qPrintable(error));
    QFile replaced(dir.filePath(QStringLiteral("old.xlsx")));
    QVERIFY(replaced.open(QIODevice::ReadOnly));
    QVERIFY(replaced.read(2) == "PK");
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
}

void TestExports::csvWriter_fullDisk_saysSoAndLeavesNothing()
{
    ScratchDisk disk(256 * 1024);
    if (!disk.available()) {
        // Without a small file system of our own: a folder that does not exist gives the French open error.
        CsvWriter csv(QStringLiteral("/nonexistent-carnet-folder/x.csv"));
        QVERIFY(!csv.open());
        QVERIFY2(csv.error().contains(QStringLiteral("x.csv")), qPrintable(csv.error()));
        return;
    }
    const QString path = disk.filePath(QStringLiteral("activites.csv"));
    CsvWriter csv(path);
    QVERIFY(csv.open());
    bool ok = true;
    for (int i = 0; i < 100000 && ok; ++i) {
        csv.text(QStringLiteral("une ligne assez longue pour remplir le disque rapidement"));
        csv.number(i);
        ok = csv.endRow();
    }
    QString error;
    QVERIFY(!(ok && csv.commit(&error)));
    if (error.isEmpty())
        error = csv.error();
    QVERIFY2(error.contains(QStringLiteral("le disque est plein")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("activites.csv")), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestExports::xlsxWriter_fullDisk_saysSoAndLeavesNothing()
{
    ScratchDisk disk(256 * 1024);
    if (!disk.available()) {
        XlsxWriter xlsx(QStringLiteral("/nonexistent-carnet-folder/x.xlsx"), QStringLiteral("Feuille"));
        QVERIFY(!xlsx.open());
        QVERIFY2(xlsx.error().contains(QStringLiteral("x.xlsx")), qPrintable(xlsx.error()));
        return;
    }
    const QString path = disk.filePath(QStringLiteral("activites.xlsx"));
    QVERIFY(writeFile(path, "ancien"));
    {
        XlsxWriter xlsx(path, QStringLiteral("Feuille"));
        QVERIFY(xlsx.open());
        bool ok = true;
        for (int i = 0; i < 200000 && ok; ++i) {
            xlsx.text(QStringLiteral("ligne %1 assez longue pour remplir le disque").arg(i));
            xlsx.number(i);
            ok = xlsx.endRow();
        }
        QString error;
        QVERIFY(!xlsx.commit(&error));
        QVERIFY2(error.contains(QStringLiteral("le disque est plein")), qPrintable(error));
    }
    QCOMPARE(read(path), QStringLiteral("ancien"));
    QCOMPARE(QDir(disk.path()).entryList(QDir::Files | QDir::Hidden), QStringList({QStringLiteral("activites.xlsx")}));
}

void TestExports::activities_csvThroughLibreOffice_showsWhatWasWritten()
{
    ExportBase base;
    QVERIFY(base.fill());
    QTemporaryDir dir;
    const QString path = dir.filePath(ActivityExporter::fileName(QDate(2026, 6, 30), QStringLiteral("csv")));
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("carnet_activites_2026-06-30.csv"));
    CsvWriter csv(path);
    QVERIFY(csv.open());
    ActivityExporter::Result result;
    QString error;
    QVERIFY2(base.exportTo(csv, ExportFilter(), &result, &error), qPrintable(error));
    QCOMPARE(result.activities, 2); // the deleted one left out
    QCOMPARE(result.rows, 6); // 1 + 2 followed + 3 anonymous

    const QList<QStringList> rows = LibreOffice::rows(path, &error);
    QVERIFY2(!rows.isEmpty(), qPrintable(error));
    const int header = LibreOffice::findRow(rows, QStringLiteral("Date"));
    QVERIFY(header > 0);
    QVERIFY(ActivityColumns::isHeaderRow(rows.at(header)));
    QCOMPARE(rows.at(header).mid(0, ActivityColumns::Count), ActivityColumns::labels());
    QCOMPARE(rows.at(header - 1).join(QString()), QString()); // an empty row above the header row
    QCOMPARE(rows.size() - header - 1, 6);
    // The header block: the mediator and the period.
    QCOMPARE(rows.at(LibreOffice::findRow(rows, QStringLiteral("Période"))).value(1), QStringLiteral("-"));
    const QStringList first = rows.at(header + 1); // in date order: the individual activity of 5 March
    using namespace ActivityColumns;
    // LibreOffice takes the CSV's jj/mm/aaaa for a date (French short format when shown).
    QCOMPARE(first.at(Date), QStringLiteral("05/03/26"));
    QCOMPARE(first.at(Type), QStringLiteral("Accompagnement individuel"));
    QCOMPARE(first.at(Participants), QStringLiteral("1"));
    QCOMPARE(first.at(Beneficiaire), QStringLiteral("Bénéficiaire anonyme"));
    QCOMPARE(first.at(NomLieu), QStringLiteral("Médiathèque de Guéret"));
    QCOMPARE(first.at(Commune), QStringLiteral("Guéret"));
    QCOMPARE(first.at(CodePostal), QStringLiteral("23000"));
    QCOMPARE(first.at(Duree), QStringLiteral("45"));
    QCOMPARE(first.at(Thematiques), QStringLiteral("Navigation sur internet\nE-mail"));
    QCOMPARE(first.at(Tags), QStringLiteral("Permanence du mardi"));
    QCOMPARE(first.at(Autonomie), QStringLiteral("2 / 3")); // "2/3" would show as 2 March
    QCOMPARE(rows.at(header + 2).at(Participants), QStringLiteral("1 / 5"));
    QCOMPARE(rows.at(header + 2).at(Autonomie), QStringLiteral("1 / 3")); // the workshop's level
    QCOMPARE(rows.at(header + 2).at(Duree), QStringLiteral("120"));
    QCOMPARE(first.at(Reoriente), QStringLiteral("Non"));
    QCOMPARE(first.at(GenreBeneficiaire), QStringLiteral("Féminin"));
    QCOMPARE(first.at(TrancheAgeBeneficiaire), QStringLiteral("70 ans et plus"));
    QCOMPARE(first.at(Notes), base.individuel.notes);
    QCOMPARE(first.at(IdCra), base.individuel.id.toString(QUuid::WithoutBraces));
    QCOMPARE(first.at(IdLieu), base.place.id.toString(QUuid::WithoutBraces));
    QCOMPARE(first.at(AnneeNaissance), QStringLiteral("1950"));
    QCOMPARE(first.at(DejaAccompagne), QStringLiteral("oui"));
    QCOMPARE(first.at(Source), QStringLiteral("carnet"));
    QCOMPARE(
        first.at(EnregistreLe), TestData::fixedNow().toLocalTime().toString(QStringLiteral("dd/MM/yyyy 'à' HH:mm")));
}

void TestExports::activities_xlsxThroughLibreOffice_realDatesAndNumbers()
{
    ExportBase base;
    QVERIFY(base.fill());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("activites.xlsx"));
    XlsxWriter xlsx(path, QStringLiteral("Activités"));
    QVERIFY(xlsx.open());
    ActivityExporter::Result result;
    QString error;
    QVERIFY2(base.exportTo(xlsx, ExportFilter(), &result, &error), qPrintable(error));
    QString lo;
    const QList<QStringList> rows = LibreOffice::rows(path, &lo);
    QVERIFY2(!rows.isEmpty(), qPrintable(lo));
    const int header = LibreOffice::findRow(rows, QStringLiteral("Date"));
    QVERIFY(header > 0);
    QCOMPARE(rows.at(header).mid(0, ActivityColumns::Count), ActivityColumns::labels());
    using namespace ActivityColumns;
    const QStringList first = rows.at(header + 1);
    QCOMPARE(first.at(Date), QStringLiteral("05/03/2026"));
    QCOMPARE(first.at(Duree), QStringLiteral("45"));
    QCOMPARE(first.at(Notes), base.individuel.notes);
    QCOMPARE(first.at(Thematiques), QStringLiteral("Navigation sur internet\nE-mail"));
    const QStringList second = rows.at(header + 2);
    QCOMPARE(second.at(Participants), QStringLiteral("1/5")); // the platform's form: text in XLSX
    QCOMPARE(first.at(Autonomie), QStringLiteral("2/3"));
    QCOMPARE(second.at(Beneficiaire), QStringLiteral("Josiane Martin"));
    QCOMPARE(second.at(NomAtelier), QStringLiteral("Découvrir sa tablette"));
    QCOMPARE(second.at(Date), QStringLiteral("15/06/2026"));

    // The cells themselves: a date is a number with a date format, the duration a number, the header bold, the
    // panes frozen under the header row, an autofilter on it.
    QProcess unzip;
    unzip.start(QStringLiteral("unzip"), {QStringLiteral("-p"), path, QStringLiteral("xl/worksheets/sheet1.xml")});
    QVERIFY(unzip.waitForFinished(30000));
    const QString sheet = QString::fromUtf8(unzip.readAllStandardOutput());
    const int dataRow = header + 2; // 1-based
    QVERIFY2(sheet.contains(QStringLiteral("<c r=\"A%1\" s=\"").arg(dataRow)), qPrintable(sheet.left(400)));
    QVERIFY(sheet.contains(QStringLiteral("<c r=\"A%1\" s=\"").arg(dataRow) + QStringLiteral("")));
    QVERIFY(sheet.contains(QStringLiteral("<v>46086</v>"))); // 05/03/2026 as a serial number
    QVERIFY(sheet.contains(QStringLiteral("<pane ySplit=\"%1\"").arg(header + 1)));
    // Up to AJ, the last of Carnet's columns ("État de synchronisation").
    QVERIFY(sheet.contains(QStringLiteral("<autoFilter ref=\"A%1:AJ%2\"/>").arg(header + 1).arg(header + 7)));
    QVERIFY(sheet.contains(QStringLiteral("<cols>")));
}

void TestExports::activities_workshopRows_countBackToTheCounters()
{
    ExportBase base;
    QVERIFY(base.fill());
    QBuffer buffer;
    CsvWriter csv(&buffer);
    QVERIFY(csv.open());
    ExportFilter filter;
    filter.types = {QStringLiteral("collectif")};
    ActivityExporter::Result result;
    QString error;
    QVERIFY2(base.exportTo(csv, filter, &result, &error), qPrintable(error));
    const QList<QStringList> rows = LibreOffice::parseCsv(QString::fromUtf8(buffer.data()));
    int header = -1;
    for (int i = 0; i < rows.size() && header < 0; ++i)
        header = ActivityColumns::isHeaderRow(rows.at(i)) ? i : -1;
    QVERIFY(header > 0);
    const QList<QStringList> data = rows.mid(header + 1);
    QCOMPARE(data.size(), 5);
    using namespace ActivityColumns;
    QCOMPARE(data.at(0).at(IdBeneficiaireSuivi), base.josiane.id.toString(QUuid::WithoutBraces));
    QCOMPARE(data.at(1).at(IdBeneficiaireSuivi), base.bruno.id.toString(QUuid::WithoutBraces));
    QCOMPARE(data.at(1).at(Beneficiaire), QStringLiteral("Bruno Lefèvre"));
    QCOMPARE(data.at(1).at(CodePostalBeneficiaire), QStringLiteral("01000"));
    QCOMPARE(data.at(1).at(Notes), QString()); // on the first row only
    int feminin = 0;
    int septante = 0;
    int deja = 0;
    for (int i = 2; i < 5; ++i) {
        const QStringList &row = data.at(i);
        QCOMPARE(row.at(Participants), QStringLiteral("%1 / 5").arg(i + 1));
        QCOMPARE(row.at(IdBeneficiaireSuivi), QString());
        QCOMPARE(row.at(IdCra), base.atelier.id.toString(QUuid::WithoutBraces));
        feminin += row.at(GenreBeneficiaire) == QStringLiteral("Féminin");
        septante += row.at(TrancheAgeBeneficiaire) == QLatin1String("70 ans et plus");
        deja += row.at(DejaAccompagne) == QLatin1String("oui");
        QVERIFY(row.at(DejaAccompagne) == QLatin1String("oui") || row.at(DejaAccompagne) == QLatin1String("non"));
    }
    QCOMPARE(feminin, 2);
    QCOMPARE(septante, 1);
    QCOMPARE(deja, 1);
}

void TestExports::activities_filters_andCancellation()
{
    ExportBase base;
    QVERIFY(base.fill());
    const auto rowsFor = [&](const ExportFilter &filter) {
        QByteArray bytes;
        ActivityExporter::Result result;
        return base.exportCsv(filter, &bytes, &result) ? result.rows : qint64(-1);
    };
    ExportFilter filter;
    filter.from = QDate(2026, 6, 1);
    QCOMPARE(rowsFor(filter), 5);
    filter = ExportFilter();
    filter.thematiques = {QStringLiteral("email")};
    QCOMPARE(rowsFor(filter), 1);
    filter = ExportFilter();
    filter.tags = {QStringLiteral("Permanence du mardi")};
    QCOMPARE(rowsFor(filter), 1);
    filter = ExportFilter();
    filter.text = QStringLiteral("lefevre"); // a participant's name, accents aside
    QCOMPARE(rowsFor(filter), 5);
    filter = ExportFilter();
    filter.communes = {QStringLiteral("23096")}; // the place's commune
    QCOMPARE(rowsFor(filter), 6);
    filter.departements = {QStringLiteral("01")};
    QCOMPARE(rowsFor(filter), 0);
    filter = ExportFilter();
    filter.ids = {base.atelier.id};
    QCOMPARE(rowsFor(filter), 5);
    // A statistics cell behind more activities than SQLite takes variables in one statement (250,000 in Debian's).
    for (int i = 0; i < 300000; ++i)
        filter.ids << QUuid::createUuid();
    QCOMPARE(rowsFor(filter), 5);

    // A cancellation: an error, and the writer's destination untouched.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.csv"));
    QVERIFY(writeFile(path, "avant"));
    QList<Activity> many;
    for (int i = 0; i < 2000; ++i) {
        Activity a = TestData::individuel(base.place.id);
        a.date = QDate(2025, 1, 1).addDays(i % 300);
        many << a;
    }
    QString error;
    QVERIFY2(base.f.store.insertActivities(many, false, &error), qPrintable(error));
    {
        CsvWriter csv(path);
        QVERIFY(csv.open());
        ActivityExporter::Options options;
        options.progress = [](qint64 done, qint64 total) { return done < 1000 && total == 2002; };
        ActivityExporter::Result result;
        QVERIFY(!ActivityExporter::write(base.f.store, csv, options, &result, &error));
        QVERIFY(result.cancelled);
        QCOMPARE(error, ActivityExporter::cancelledMessage());
    }
    QCOMPARE(read(path), QStringLiteral("avant"));
}

void TestExports::statistics_sectionsAndPercentagesAsTheScreen()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(1500, 7));
    StatsFilter statsFilter = StatsEngine::defaultFilter(f.clock.today());
    const StatsResult result = StatsEngine::compute(f.store.database(), statsFilter, f.clock.today());
    QVERIFY(result.error.isEmpty());
    QTemporaryDir dir;
    const QString csvPath = dir.filePath(QStringLiteral("s.csv"));
    const QString xlsxPath = dir.filePath(QStringLiteral("s.xlsx"));
    QString error;
    {
        CsvWriter csv(csvPath);
        QVERIFY(csv.open());
        QVERIFY(StatsExporter::write(
            csv, result, ExportFilter::fromStats(statsFilter), f.store.profile(), {}, TestData::fixedNow(), &error));
        QVERIFY2(csv.commit(&error), qPrintable(error));
        XlsxWriter xlsx(xlsxPath, QStringLiteral("Statistiques"));
        QVERIFY(xlsx.open());
        QVERIFY(StatsExporter::write(
            xlsx, result, ExportFilter::fromStats(statsFilter), f.store.profile(), {}, TestData::fixedNow(), &error));
        QVERIFY2(xlsx.commit(&error), qPrintable(error));
    }
    const QList<QStringList> rows = LibreOffice::parseCsv(read(csvPath));
    // The platform's sections, in its order.
    const QStringList sections = {QStringLiteral("Statistiques générales"),
        QStringLiteral("Statistiques sur vos accompagnements"), QStringLiteral("Thématiques Médiation numérique"),
        QStringLiteral("Thématiques Démarches administratives"), QStringLiteral("Tags"),
        QStringLiteral("Matériel utilisés"), QStringLiteral("Canaux des activités"),
        QStringLiteral("Durées des activités"), QStringLiteral("Nombre d’activités par lieux"),
        QStringLiteral("Statistiques sur vos bénéficiaires"), QStringLiteral("Genre"), QStringLiteral("Tranches d’âge"),
        QStringLiteral("Statuts"), QStringLiteral("Commune de résidence des bénéficiaires")};
    int previous = -1;
    for (const QString &section : sections) {
        int at = -1;
        for (int i = previous + 1; i < rows.size() && at < 0; ++i)
            at = rows.at(i).value(0) == section ? i : -1;
        QVERIFY2(at > previous, qPrintable(section));
        previous = at;
    }
    const int total = LibreOffice::findRow(rows, QStringLiteral("Accompagnements au total"));
    QCOMPARE(rows.at(total).value(1), QString::number(result.headline.accompagnements));
    // Each breakdown's rows, as the screen's: label, count, proportion() with one decimal.
    const Breakdown *genre = result.breakdown(QStringLiteral("genre"));
    QVERIFY(genre && !genre->items.isEmpty());
    const int genreRow = LibreOffice::findRow(rows, QStringLiteral("Genre"));
    for (int i = 0; i < genre->items.size(); ++i) {
        const BreakdownItem &item = genre->items.at(i);
        QCOMPARE(rows.at(genreRow + 1 + i).value(0), item.label);
        QCOMPARE(rows.at(genreRow + 1 + i).value(1), QString::number(item.count));
        QCOMPARE(rows.at(genreRow + 1 + i).value(2), CsvWriter::frenchDecimal(item.percent, 1) + QStringLiteral(" %"));
    }
    // Through LibreOffice: the CSV's percentages read as French numbers, the XLSX's as real percentages.
    QString lo;
    const QList<QStringList> fromXlsx = LibreOffice::rows(xlsxPath, &lo);
    QVERIFY2(!fromXlsx.isEmpty(), qPrintable(lo));
    const int xlsxGenre = LibreOffice::findRow(fromXlsx, QStringLiteral("Genre"));
    QVERIFY(xlsxGenre > 0);
    const QString shown = fromXlsx.at(xlsxGenre + 1).value(2);
    QVERIFY2(shown.endsWith(QLatin1Char('%')), qPrintable(shown));
    QCOMPARE(shown.chopped(1).replace(QLatin1Char(','), QLatin1Char('.')).trimmed().toDouble(),
        std::round(genre->items.first().percent * 10) / 10);
    QCOMPARE(fromXlsx.at(LibreOffice::findRow(fromXlsx, QStringLiteral("Accompagnements au total"))).value(1),
        QString::number(result.headline.accompagnements));
}

void TestExports::beneficiaries_inThePlatformsTemplate()
{
    ExportBase base;
    QVERIFY(base.fill());
    QTemporaryDir dir;
    const QString path = dir.filePath(BeneficiaryExporter::fileName(QDate(2026, 6, 30)));
    QCOMPARE(QFileInfo(path).fileName(), QStringLiteral("carnet_beneficiaires_2026-06-30.xlsx"));
    int count = 0;
    QString error;
    QVERIFY2(BeneficiaryExporter::write(base.f.store, path, &count, &error), qPrintable(error));
    QCOMPARE(count, 2);
    const QList<QStringList> rows = LibreOffice::rows(path, &error);
    QVERIFY2(rows.size() >= 5, qPrintable(error));
    // The template's first three rows, cell by cell, as LibreOffice shows
    // apps/web/public/modeles/coop-numerique_import-beneficiaires.xlsx.
    const QList<QStringList> templateRows = {
        {QStringLiteral("Instructions d'utilisation :  \n- Nom et Prénom sont obligatoires \n- Année de naissance est "
                        "fortement conseillé pour différencier les homonymes \n- Les autres champs sont optionnels \n- "
                        "Pour compléter le champ commune, renseignez le nom de la commune. Le code INSEE et le code "
                        "postal seront automatiquement complétés"),
            {}, {}, {}, {}, {}, {}, {}, {}, {}},
        {QStringLiteral("Nom"), QStringLiteral("Prénom"), QStringLiteral("Année de naissance"),
            QStringLiteral("Commune"), {}, {}, QStringLiteral("N° de téléphone"), QStringLiteral("E-mail"),
            QStringLiteral("Genre"), QStringLiteral("Notes supplémentaires")},
        {{}, {}, {}, QStringLiteral("Nom"), QStringLiteral("Code INSEE"), QStringLiteral("Code postal"), {}, {}, {},
            {}},
    };
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 10; ++c)
            QCOMPARE(rows.at(r).value(c), templateRows.at(r).at(c));
    }
    // From row 4 (analyseImportBeneficiairesExcel.ts: beneficiairesRowsStart = 4), sorted by name.
    QCOMPARE(rows.at(3).mid(0, 10),
        QStringList({QStringLiteral("Lefèvre"), QStringLiteral("Bruno"), QStringLiteral("1990"),
            QStringLiteral("Bourg-en-Bresse"), QStringLiteral("01053"), QStringLiteral("01000"),
            QStringLiteral("0102030405"), QString(), QStringLiteral("Masculin"), QString()}));
    QCOMPARE(rows.at(4).value(0), QStringLiteral("Martin"));
    QCOMPARE(rows.at(4).value(8), QStringLiteral("Féminin"));
    // The reader stops at the first empty row: none before the end.
    for (int r = 5; r < rows.size(); ++r)
        QCOMPARE(rows.at(r).join(QString()), QString());
    // The sheet's name, which the platform's import asks for (importBeneficiaireWorksheetName).
    QProcess unzip;
    unzip.start(QStringLiteral("unzip"), {QStringLiteral("-p"), path, QStringLiteral("xl/workbook.xml")});
    QVERIFY(unzip.waitForFinished(30000));
    QVERIFY(QString::fromUtf8(unzip.readAllStandardOutput()).contains(QStringLiteral("name=\"Bénéficiaires\"")));
}

namespace {
// The data rows of a Carnet activities CSV in memory, and its header block's rows.
struct CsvRows
{
    QList<QStringList> block;
    QList<QStringList> data;
    QString value(const QString &label) const
    {
        for (const QStringList &row : block) {
            if (row.value(0) == label)
                return row.value(1);
        }
        return QStringLiteral("<absent>");
    }
};

CsvRows csvRows(const QByteArray &bytes)
{
    const QList<QStringList> rows = LibreOffice::parseCsv(QString::fromUtf8(bytes));
    CsvRows r;
    int header = -1;
    for (int i = 0; i < rows.size() && header < 0; ++i)
        header = ActivityColumns::isHeaderRow(rows.at(i)) ? i : -1;
    if (header < 0)
        return r;
    r.block = rows.mid(0, header);
    r.data = rows.mid(header + 1);
    return r;
}
} // namespace

void TestExports::activities_storedTimes_localAroundMidnightAndDstChanges()
{
    // The stream formats the stored UTC times itself (ActivityStream, Stamps): in Paris time, around midnight and
    // the changes of offset of 2026 (29 March 01:00 UTC, 25 October 01:00 UTC), as QDateTime says.
    const QByteArray oldTz = qgetenv("TZ");
    qputenv("TZ", "Europe/Paris");
    tzset();
    const auto restore = qScopeGuard([&] {
        if (oldTz.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", oldTz);
        tzset();
    });
    const QList<QDateTime> times = {
        QDateTime(QDate(2026, 3, 28), QTime(22, 59, 59), Qt::UTC), // 23:59 the day before
        QDateTime(QDate(2026, 3, 28), QTime(23, 0), Qt::UTC), // midnight
        QDateTime(QDate(2026, 3, 29), QTime(0, 59, 59), Qt::UTC), // 01:59, last minute in winter time
        QDateTime(QDate(2026, 3, 29), QTime(1, 0), Qt::UTC), // 03:00, summer time
        QDateTime(QDate(2026, 3, 29), QTime(1, 30), Qt::UTC),
        QDateTime(QDate(2026, 6, 30), QTime(22, 15), Qt::UTC), // 00:15 the next day
        QDateTime(QDate(2026, 10, 25), QTime(0, 30), Qt::UTC), // 02:30 summer time
        QDateTime(QDate(2026, 10, 25), QTime(1, 30), Qt::UTC), // 02:30 again, winter time
        QDateTime(QDate(2026, 12, 31), QTime(23, 30), Qt::UTC), // 00:30 on 1 January 2027
    };
    const QStringList expected = {QStringLiteral("28/03/2026 à 23:59"), QStringLiteral("29/03/2026 à 00:00"),
        QStringLiteral("29/03/2026 à 01:59"), QStringLiteral("29/03/2026 à 03:00"),
        QStringLiteral("29/03/2026 à 03:30"), QStringLiteral("01/07/2026 à 00:15"),
        QStringLiteral("25/10/2026 à 02:30"), QStringLiteral("25/10/2026 à 02:30"),
        QStringLiteral("01/01/2027 à 00:30")};
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY2(f.store.savePlace(place, &error), qPrintable(error));
    for (int i = 0; i < times.size(); ++i) {
        Activity a = TestData::individuel(place.id);
        a.date = QDate(2026, 1, 1).addDays(i); // the rows in this order
        f.clock.setNow(times.at(i));
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
        // Modified a day later at the same hour: the other column, the same formatting.
        f.clock.setNow(times.at(i).addDays(1));
        a.notes = QStringLiteral("modifiée");
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    }
    QBuffer buffer;
    CsvWriter csv(&buffer);
    QVERIFY(csv.open());
    ActivityExporter::Options options;
    options.exportedAt = TestData::fixedNow();
    ActivityExporter::Result result;
    QVERIFY2(ActivityExporter::write(f.store, csv, options, &result, &error) && csv.commit(&error), qPrintable(error));
    const CsvRows rows = csvRows(buffer.data());
    QCOMPARE(rows.data.size(), times.size());
    for (int i = 0; i < times.size(); ++i) {
        const QString shown = rows.data.at(i).at(ActivityColumns::EnregistreLe);
        QCOMPARE(shown, expected.at(i));
        QCOMPARE(shown, times.at(i).toLocalTime().toString(QStringLiteral("dd/MM/yyyy 'à' HH:mm")));
        QCOMPARE(rows.data.at(i).at(ActivityColumns::DerniereModification),
            times.at(i).addDays(1).toLocalTime().toString(QStringLiteral("dd/MM/yyyy 'à' HH:mm")));
    }
}

void TestExports::activities_sourceFilter_keptFromTheStatisticsAndNamed()
{
    ExportBase base;
    QVERIFY(base.fill());
    Activity coop = TestData::individuel(base.place.id);
    coop.source = QLatin1String(ActivitySource::Coop);
    coop.date = QDate(2026, 5, 2);
    QString error;
    QVERIFY2(base.f.store.saveActivity(coop, &error), qPrintable(error));

    // The statistics' filter and back, every criterion kept.
    StatsFilter stats;
    stats.from = QDate(2026, 1, 1);
    stats.to = QDate(2026, 12, 31);
    stats.types = {QStringLiteral("individuel")};
    stats.lieux = {base.place.id};
    stats.communes = {QStringLiteral("23096")};
    stats.departements = {QStringLiteral("23")};
    stats.thematiques = {QStringLiteral("email")};
    stats.tags = {QStringLiteral("Permanence du mardi")};
    stats.sources = {QLatin1String(ActivitySource::Coop), QLatin1String(ActivitySource::V1)};
    const ExportFilter filter = ExportFilter::fromStats(stats);
    QCOMPARE(filter.sources, stats.sources);
    const StatsFilter back = filter.toStats();
    QCOMPARE(back.from, stats.from);
    QCOMPARE(back.to, stats.to);
    QCOMPARE(back.types, stats.types);
    QCOMPARE(back.lieux, stats.lieux);
    QCOMPARE(back.communes, stats.communes);
    QCOMPARE(back.departements, stats.departements);
    QCOMPARE(back.thematiques, stats.thematiques);
    QCOMPARE(back.tags, stats.tags);
    QCOMPARE(back.sources, stats.sources);

    // The export takes the source filter, and its header block names it as the Statistics view does.
    StatsFilter coopOnly;
    coopOnly.sources = {QLatin1String(ActivitySource::Coop)};
    QBuffer buffer;
    CsvWriter csv(&buffer);
    QVERIFY(csv.open());
    ActivityExporter::Result result;
    QVERIFY2(base.exportTo(csv, ExportFilter::fromStats(coopOnly), &result, &error), qPrintable(error));
    QCOMPARE(result.rows, 1);
    const CsvRows rows = csvRows(buffer.data());
    QCOMPARE(rows.data.size(), 1);
    QCOMPARE(rows.data.at(0).at(ActivityColumns::IdCra), coop.id.toString(QUuid::WithoutBraces));
    QCOMPARE(rows.value(QStringLiteral("Source")), QStringLiteral("La Coop"));
    QCOMPARE(ExportHeader::describe(ExportFilter::fromStats(coopOnly), {}), QStringLiteral("Source : La Coop"));
    QCOMPARE(ExportHeader::describe(filter, {}).count(QStringLiteral("Source : La Coop, Espace Coop (V1)")), 1);
    // No source filter: "-", as the platform's other unset filters.
    buffer.close();
    buffer.setData(QByteArray());
    CsvWriter all(&buffer);
    QVERIFY(all.open());
    QVERIFY2(base.exportTo(all, ExportFilter(), &result, &error), qPrintable(error));
    QCOMPARE(csvRows(buffer.data()).value(QStringLiteral("Source")), QStringLiteral("-"));
}

void TestExports::activities_headerBlock_totalOfAccompagnements()
{
    // addExportMetadata.ts: "Total" (the accompagnements, one per row) after "Rôle", before "Date d'export".
    ExportBase base;
    QVERIFY(base.fill());
    const auto exported = [&](const ExportFilter &filter) {
        QByteArray bytes;
        return base.exportCsv(filter, &bytes) ? csvRows(bytes) : CsvRows();
    };
    const CsvRows all = exported(ExportFilter());
    QCOMPARE(all.data.size(), 6);
    QCOMPARE(all.value(QStringLiteral("Total")), QStringLiteral("6"));
    int role = -1;
    int total = -1;
    int date = -1;
    for (int i = 0; i < all.block.size(); ++i) {
        const QString label = all.block.at(i).value(0);
        role = label == QStringLiteral("Rôle") ? i : role;
        total = label == QLatin1String("Total") ? i : total;
        date = label == QLatin1String("Date d'export") ? i : date;
    }
    QVERIFY(role >= 0 && role < total && total < date);
    // Filtered in SQL (a period, a type) and through the activities (a thématique, a text).
    ExportFilter filter;
    filter.types = {QStringLiteral("collectif")};
    QCOMPARE(exported(filter).value(QStringLiteral("Total")), QStringLiteral("5"));
    filter = ExportFilter();
    filter.to = QDate(2026, 5, 31);
    QCOMPARE(exported(filter).value(QStringLiteral("Total")), QStringLiteral("1"));
    filter = ExportFilter();
    filter.thematiques = {QStringLiteral("email")};
    QCOMPARE(exported(filter).value(QStringLiteral("Total")), QStringLiteral("1"));
    filter = ExportFilter();
    filter.text = QStringLiteral("lefevre");
    const CsvRows byName = exported(filter);
    QCOMPARE(byName.value(QStringLiteral("Total")), QString::number(byName.data.size()));
    QCOMPARE(byName.data.size(), 5);
    filter.sources = {QLatin1String(ActivitySource::Tableur)};
    QCOMPARE(exported(filter).value(QStringLiteral("Total")), QStringLiteral("0"));
}

void TestExports::csvWriter_formulaLikeText_shownAsTypedAndReadBack()
{
    // Text a spreadsheet would compute; numbers (negative ones too) and dates stay what they are.
    const QStringList texts = {QStringLiteral("=1+1"), QStringLiteral("+33 6 12 34 56 78"), QStringLiteral("-2+3"),
        QStringLiteral("@SOMME(A1:A2)"), QStringLiteral("=HYPERLINK(\"http://exemple.invalid\";\"clic\")"),
        QStringLiteral("=\"=A1\""), QStringLiteral("= dit ; \"oui\""), QString(300, QLatin1Char('=')),
        // Several lines: a cell a spreadsheet never reads as a formula (LibreOffice shows it as it is).
        QStringLiteral("=1+1\nligne 2"), QStringLiteral("-"), QStringLiteral("a=b")};
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.csv"));
    {
        CsvWriter csv(path);
        QVERIFY(csv.open());
        for (const QString &t : texts)
            csv.text(t);
        csv.number(-12);
        csv.decimal(-1.5, 1);
        csv.date(QDate(2026, 3, 5));
        QVERIFY(csv.endRow());
        QString error;
        QVERIFY2(csv.commit(&error), qPrintable(error));
    }
    const QString raw = read(path);
    QVERIFY2(raw.contains(QStringLiteral(";-12;-1,5;05/03/2026")), qPrintable(raw));
    QVERIFY2(raw.contains(QStringLiteral("\"=\"\"=1+1\"\"\"")), qPrintable(raw));
    QVERIFY(raw.contains(QStringLiteral(";-;a=b;")));
    QVERIFY(raw.contains(QStringLiteral(";\"=1+1\nligne 2\";")));
    // LibreOffice in French shows the text as it was typed, and computes nothing.
    QString error;
    const QList<QStringList> rows = LibreOffice::rows(path, &error);
    QVERIFY2(!rows.isEmpty(), qPrintable(error));
    const QStringList shown = rows.first();
    for (int i = 0; i < texts.size(); ++i)
        QCOMPARE(shown.value(i), texts.at(i));
    QCOMPARE(shown.value(int(texts.size())), QStringLiteral("-12"));
    QCOMPARE(shown.value(int(texts.size()) + 1), QStringLiteral("-1,5"));
    // Read back as Carnet's importers read a cell: the same text.
    const QList<QStringList> parsed = LibreOffice::parseCsv(raw);
    for (int i = 0; i < texts.size(); ++i)
        QCOMPARE(ImportCells::text(parsed.first().value(i)), texts.at(i).trimmed());
    QCOMPARE(ImportCells::text(QStringLiteral("=\"abc\"")), QStringLiteral("=\"abc\"")); // not a guard of Carnet's
    QCOMPARE(ImportCells::text(QStringLiteral("=\"=1\"+1")), QStringLiteral("=\"=1\"+1"));
}

void TestExports::xlsxWriter_formulaLikeText_isAString()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.xlsx"));
    const QStringList texts = {QStringLiteral("=1+1"), QStringLiteral("-2+3"), QStringLiteral("@SOMME(A1:A2)")};
    {
        XlsxWriter xlsx(path, QStringLiteral("Feuille"));
        QVERIFY(xlsx.open());
        for (const QString &t : texts)
            xlsx.text(t);
        xlsx.number(-12);
        QVERIFY(xlsx.endRow());
        QString error;
        QVERIFY2(xlsx.commit(&error), qPrintable(error));
    }
    QProcess unzip;
    unzip.start(QStringLiteral("unzip"), {QStringLiteral("-p"), path, QStringLiteral("xl/worksheets/sheet1.xml")});
    QVERIFY(unzip.waitForFinished(30000));
    const QString sheet = QString::fromUtf8(unzip.readAllStandardOutput());
    QVERIFY2(sheet.contains(QStringLiteral("<c r=\"A1\" t=\"")), qPrintable(sheet));
    QVERIFY(!sheet.contains(QStringLiteral("<f>")));
    QString error;
    const QList<QStringList> rows = LibreOffice::rows(path, &error);
    QVERIFY2(!rows.isEmpty(), qPrintable(error));
    for (int i = 0; i < texts.size(); ++i)
        QCOMPARE(rows.first().value(i), texts.at(i));
    QCOMPARE(rows.first().value(3), QStringLiteral("-12"));
}

void TestExports::xlsxWriter_commit_modeFromTheUmaskOrTheReplacedFile()
{
    QTemporaryDir dir;
    const auto write = [&](const QString &path) {
        XlsxWriter xlsx(path, QStringLiteral("Feuille"));
        if (!xlsx.open())
            return false;
        xlsx.text(QStringLiteral("a"));
        xlsx.endRow();
        QString error;
        return xlsx.commit(&error);
    };
    const mode_t old = ::umask(0002); // a group that shares its files
    const auto restore = qScopeGuard([&] { ::umask(old); });
    const QString fresh = dir.filePath(QStringLiteral("nouveau.xlsx"));
    QVERIFY(write(fresh));
    struct stat st = {};
    QCOMPARE(::stat(QFile::encodeName(fresh).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0664);
    // A file replaced keeps its mode (a private one stays private).
    const QString mine = dir.filePath(QStringLiteral("prive.xlsx"));
    QVERIFY(writeFile(mine, "avant"));
    QCOMPARE(::chmod(QFile::encodeName(mine).constData(), 0600), 0);
    QVERIFY(write(mine));
    QCOMPARE(::stat(QFile::encodeName(mine).constData(), &st), 0);
    QCOMPARE(int(st.st_mode & 0777), 0600);
    QFile check(mine);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.read(2), QByteArray("PK"));
    // Nothing else left in the folder (no temporary file).
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
}

QTEST_GUILESS_MAIN(TestExports)
#include "tst_exports.moc"
