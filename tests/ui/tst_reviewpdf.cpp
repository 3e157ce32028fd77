#include "ui/export/ReviewPdf.h"

#include "models/stats/Breakdowns.h"
#include "models/stats/StatsEngine.h"
#include "models/text/Durations.h"
#include "models/text/FrenchText.h"
#include "tests/support/TestData.h"
#include "ui/statistics/StatisticsView.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

// The PDF review on fixed data (a demo base of a fixed seed and a fixed clock): what pdftotext reads in it is
// StatsEngine's figures and the labels of every chart; every font is embedded; its pages are saved as images in
// build/review-pdf for a person to look at.
class TestReviewPdf : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void wholeReview_showsTheFiguresAndLabels_fontsEmbedded();
    void sectionsLeftOut_areNotInTheDocument();
    void longProgramme_runsOverPages_toItsLastWord();
    void pdfA_saysSoInItsMetadata();
    void cancelled_leavesNothingAtTheDestination();
    void fileName_isFoldedWithoutAccentsOrSpaces();
    void filterSummary_namesTheSource();

private:
    ReviewPdf::Content content() const;
    QString folder() const { return QStringLiteral(CARNET_BINARY_DIR "/review-pdf"); }

    TestData::Fixture m_fixture;
    StatsFilter m_filter;
    StatsResult m_result;
};

namespace {
QString run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        qWarning() << program << arguments << process.readAllStandardError();
    return QString::fromUtf8(process.readAllStandardOutput());
}

// pdftotext's text with every kind of space one plain space, so that "1 234" (a narrow no-break space) reads alike.
QString textOf(const QString &pdf)
{
    QString text = run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    text.replace(QChar(0x202F), QLatin1Char(' ')).replace(QChar(0x00A0), QLatin1Char(' '));
    return text;
}

QString plain(QString text)
{
    return text.replace(QChar(0x202F), QLatin1Char(' ')).replace(QChar(0x00A0), QLatin1Char(' '));
}

int pagesOf(const QString &pdf)
{
    const QString info = run(QStringLiteral("pdfinfo"), {pdf});
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}
} // namespace

void TestReviewPdf::initTestCase()
{
    QVERIFY(m_fixture.openWithDemo(3000, 11));
    Profile profile = m_fixture.store.profile();
    profile.prenom = QStringLiteral("Josiane");
    profile.nom = QStringLiteral("Lefèvre");
    profile.role = QLatin1String(Profile::ConseillerNumerique);
    profile.structure.nom = QStringLiteral("Médiathèque intercommunale du Pays de Guéret");
    QString error;
    QVERIFY2(m_fixture.store.saveProfile(profile, &error), qPrintable(error));
    m_filter.from = QDate(2025, 7, 1);
    m_filter.to = QDate(2026, 6, 30);
    m_result = StatsEngine::compute(m_fixture.store.database(), m_filter, m_fixture.clock.today());
    QVERIFY2(m_result.error.isEmpty(), qPrintable(m_result.error));
    QVERIFY(m_result.headline.accompagnements > 1000);
    QVERIFY(QDir().mkpath(folder()));
}

ReviewPdf::Content TestReviewPdf::content() const
{
    ReviewPdf::Content c;
    c.profile = m_fixture.store.profile();
    c.filter = m_filter;
    c.result = m_result;
    c.documentDate = m_fixture.clock.today();
    c.programme = QStringLiteral("Programme 2026-2027 : ateliers « Premiers pas sur tablette » chaque mardi, "
                                 "permanences France Services le jeudi.\n\nObjectif : 1 200 accompagnements.");
    QImage logo(240, 120, QImage::Format_ARGB32);
    logo.fill(QColor(30, 90, 160, 200));
    c.logo = logo;
    return c;
}

void TestReviewPdf::wholeReview_showsTheFiguresAndLabels_fontsEmbedded()
{
    const QString pdf = folder() + QStringLiteral("/bilan.pdf");
    QString error;
    int steps = 0;
    QVERIFY2(ReviewPdf::writeFile(content(), pdf, &error,
                 [&steps](int done, int total) {
                     steps = total;
                     return done <= total;
                 }),
        qPrintable(error));
    QVERIFY(steps > 10);
    const QString text = textOf(pdf);
    const Headline &h = m_result.headline;
    QVERIFY(text.contains(QStringLiteral("Bilan d'activité")));
    QVERIFY(text.contains(QStringLiteral("Josiane Lefèvre")));
    QVERIFY(text.contains(QStringLiteral("Médiathèque intercommunale du Pays de Guéret")));
    QVERIFY(text.contains(QStringLiteral("Période du 01/07/2025 au 30/06/2026")));
    QVERIFY(text.contains(QStringLiteral("Document établi le 30/06/2026")));
    // The headline figures as StatsEngine counts them, with the view's change against the previous period.
    for (const qint64 figure : {h.activites, h.accompagnements, h.beneficiaires, h.suivis, h.anonymes, h.nouveaux}) {
        QVERIFY2(text.contains(plain(FrenchText::number(figure))), qPrintable(FrenchText::number(figure)));
    }
    QVERIFY2(text.contains(plain(Durations::total(h.minutes))), qPrintable(Durations::total(h.minutes)));
    const QString change
        = plain(StatisticsView::changeText(h.accompagnements, m_result.previous.accompagnements, false, false));
    QVERIFY2(text.contains(change), qPrintable(change));
    for (const QString &name :
        {QStringLiteral("Accompagnements"), QStringLiteral("Temps passé"), QStringLiteral("Bénéficiaires suivis"),
            QStringLiteral("Bénéficiaires anonymes"), QStringLiteral("Nouveaux bénéficiaires")})
        QVERIFY2(text.contains(name), qPrintable(name));
    // Every chart's title and the labels of its values, with its figures in its table.
    QVERIFY(text.contains(QStringLiteral("Évolution des accompagnements")));
    for (const Breakdown &b : m_result.breakdowns) {
        QVERIFY2(text.contains(Breakdowns::title(b.key)), qPrintable(Breakdowns::title(b.key)));
        if (b.total == 0)
            continue;
        const auto top = std::max_element(b.items.cbegin(), b.items.cend(),
            [](const BreakdownItem &x, const BreakdownItem &y) { return x.count < y.count; });
        QVERIFY2(text.contains(top->label), qPrintable(top->label));
        const QRegularExpression row(QRegularExpression::escape(top->label) + QStringLiteral("\\s+")
            + QRegularExpression::escape(plain(FrenchText::number(top->count))) + QStringLiteral("\\s+")
            + QRegularExpression::escape(FrenchText::decimal(top->percent, 1)));
        QVERIFY2(text.contains(row), qPrintable(b.key + QLatin1String(": ") + top->label));
    }
    QVERIFY(text.contains(QStringLiteral("Définitions")));
    QVERIFY(text.contains(QStringLiteral("Nouveaux bénéficiaires")));
    QVERIFY(text.contains(QStringLiteral("Objectif : 1 200 accompagnements.")));
    const int pages = pagesOf(pdf);
    QVERIFY(pages >= 6);
    QVERIFY(text.contains(QStringLiteral("Page 1 sur %1").arg(pages)));
    QVERIFY(text.contains(QStringLiteral("Page %1 sur %1").arg(pages)));
    QVERIFY(text.contains(QStringLiteral("Carnet · Josiane Lefèvre · Bilan d'activité du 01/07/2025 au 30/06/2026")));

    // A table that runs over several pages has its header on each of them: every page showing a row of a table
    // shows that table's header.
    const QRegularExpression monthRow(QStringLiteral("du \\d\\d/\\d\\d/\\d{4} au \\d\\d/\\d\\d/\\d{4}\\s+\\d"));
    const QRegularExpression monthHeader(QStringLiteral("Mois\\s+Période\\s+Accompagnements\\s+Part \\(%\\)"));
    const QRegularExpression valueHeader(QStringLiteral("Valeur\\s+(Accompagnements|Bénéficiaires)\\s"));
    int pagesWithRows = 0;
    for (int page = 2; page <= pages; ++page) {
        const QString number = QString::number(page);
        QString pageText = run(QStringLiteral("pdftotext"),
            {QStringLiteral("-layout"), QStringLiteral("-f"), number, QStringLiteral("-l"), number, pdf,
                QStringLiteral("-")});
        pageText = plain(pageText);
        if (pageText.contains(monthRow))
            QVERIFY2(pageText.contains(monthHeader), qPrintable(QStringLiteral("page %1").arg(page)));
        for (const Breakdown &b : m_result.breakdowns) {
            for (const BreakdownItem &item : b.items) {
                if (item.count == 0)
                    continue;
                const QRegularExpression row(QStringLiteral("\\n\\s*") + QRegularExpression::escape(item.label)
                    + QStringLiteral("\\s+") + QRegularExpression::escape(plain(FrenchText::number(item.count)))
                    + QStringLiteral("\\s+") + QRegularExpression::escape(FrenchText::decimal(item.percent, 1))
                    + QStringLiteral("\\s"));
                if (pageText.contains(row)) {
                    ++pagesWithRows;
                    QVERIFY2(pageText.contains(valueHeader),
                        qPrintable(QStringLiteral("page %1: %2").arg(page).arg(item.label)));
                }
            }
        }
    }
    QVERIFY(pagesWithRows > 20);

    // Every font embedded (pdffonts: the "emb" column).
    const QStringList fonts = run(QStringLiteral("pdffonts"), {pdf}).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(fonts.size() > 2);
    for (const QString &line : fonts.mid(2)) {
        const QStringList columns = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(columns.size() >= 5, qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("DejaVu")), qPrintable(line));
        QCOMPARE(columns.at(columns.size() - 5), QStringLiteral("yes")); // emb, sub, uni, object ID (2)
    }
    // The pages as images, for a person to look at.
    for (const QString &old : QDir(folder()).entryList({QStringLiteral("bilan-*.png")}))
        QFile::remove(folder() + QLatin1Char('/') + old);
    run(QStringLiteral("pdftoppm"),
        {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("50"), pdf, folder() + QStringLiteral("/bilan")});
    QCOMPARE(QDir(folder()).entryList({QStringLiteral("bilan-*.png")}).size(), pages);
}

void TestReviewPdf::sectionsLeftOut_areNotInTheDocument()
{
    ReviewPdf::Content c = content();
    c.sections = ReviewPdf::Sections(ReviewPdf::Cover | ReviewPdf::Figures);
    QBuffer buffer;
    QString error;
    QVERIFY2(ReviewPdf::write(c, &buffer, &error), qPrintable(error));
    const QString pdf = folder() + QStringLiteral("/bilan-court.pdf");
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(buffer.data());
    file.close();
    const QString text = textOf(pdf);
    QVERIFY(text.contains(QStringLiteral("Chiffres clés")));
    QVERIFY(!text.contains(QStringLiteral("Évolution des accompagnements")));
    QVERIFY(!text.contains(QStringLiteral("Définitions")));
    QVERIFY(!text.contains(QStringLiteral("Objectif")));
    QCOMPARE(pagesOf(pdf), 2);
    QVERIFY(text.contains(QStringLiteral("Page 2 sur 2")));
}

void TestReviewPdf::longProgramme_runsOverPages_toItsLastWord()
{
    ReviewPdf::Content c = content();
    c.sections = ReviewPdf::Sections(ReviewPdf::Programme);
    QStringList paragraphs;
    for (int i = 1; i <= 120; ++i)
        paragraphs << QStringLiteral("Action %1 : accompagner les habitants dans leurs démarches en ligne, "
                                     "organiser des ateliers collectifs et suivre les personnes orientées.")
                          .arg(i);
    c.programme = paragraphs.join(QLatin1Char('\n'));
    const QString pdf = folder() + QStringLiteral("/bilan-programme.pdf");
    QString error;
    QVERIFY2(ReviewPdf::writeFile(c, pdf, &error), qPrintable(error));
    const QString text = textOf(pdf);
    QVERIFY(pagesOf(pdf) >= 3);
    QVERIFY(text.contains(QStringLiteral("Action 1 :")));
    QVERIFY(text.contains(QStringLiteral("Action 120 :")));
    QVERIFY(text.contains(QStringLiteral("personnes orientées.")));
}

void TestReviewPdf::pdfA_saysSoInItsMetadata()
{
    ReviewPdf::Content c = content();
    c.pdfA = true;
    const QString pdf = folder() + QStringLiteral("/bilan-pdfa.pdf");
    QString error;
    QVERIFY2(ReviewPdf::writeFile(c, pdf, &error), qPrintable(error));
    const QString info = run(QStringLiteral("pdfinfo"), {pdf});
    QVERIFY2(info.contains(QRegularExpression(QStringLiteral("PDF version:\\s+1\\.4"))), qPrintable(info));
    QVERIFY2(info.contains(QStringLiteral("Creator:")) && info.contains(QStringLiteral("Carnet")), qPrintable(info));
    QVERIFY2(info.contains(QStringLiteral("Bilan d'activité de Josiane Lefèvre")), qPrintable(info));
    const QString meta = run(QStringLiteral("pdfinfo"), {QStringLiteral("-meta"), pdf});
    QVERIFY2(meta.contains(QStringLiteral("pdfaid:part")) && meta.contains(QStringLiteral("1")), qPrintable(meta));
    QVERIFY2(
        meta.contains(QStringLiteral("pdfaid:conformance")) && meta.contains(QStringLiteral("B")), qPrintable(meta));
}

void TestReviewPdf::cancelled_leavesNothingAtTheDestination()
{
    const QString pdf = folder() + QStringLiteral("/bilan-annule.pdf");
    QFile::remove(pdf);
    QString error;
    QVERIFY(!ReviewPdf::writeFile(content(), pdf, &error, [](int done, int) { return done < 4; }));
    QCOMPARE(error, ReviewPdf::cancelledMessage());
    QVERIFY(!QFile::exists(pdf));
    QCOMPARE(QDir(folder()).entryList({QStringLiteral("bilan-annule*")}).size(), 0); // no temporary file left
    // An existing file stays as it was.
    QFile old(pdf);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("ancien");
    old.close();
    QVERIFY(!ReviewPdf::writeFile(content(), pdf, &error, [](int done, int) { return done < 6; }));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("ancien"));
    old.close();
    QFile::remove(pdf);
}

void TestReviewPdf::fileName_isFoldedWithoutAccentsOrSpaces()
{
    Profile p;
    p.prenom = QStringLiteral("Jean-Éric");
    p.nom = QStringLiteral("Lefèvre Dupré");
    QCOMPARE(ReviewPdf::fileName(p, QDate(2025, 1, 1), QDate(2025, 12, 31)),
        QStringLiteral("carnet_bilan_jean-eric-lefevre-dupre_2025-01-01_2025-12-31.pdf"));
    QCOMPARE(ReviewPdf::fileName(Profile(), QDate(2025, 1, 1), QDate(2025, 12, 31)),
        QStringLiteral("carnet_bilan_2025-01-01_2025-12-31.pdf"));
}

void TestReviewPdf::filterSummary_namesTheSource()
{
    StatsFilter f = m_filter;
    f.types = {QStringLiteral("collectif")};
    f.sources = {QLatin1String(ActivitySource::Coop), QLatin1String(ActivitySource::Tableur)};
    const QString summary = ReviewPdf::filterSummary(f, m_result);
    QVERIFY2(summary.contains(QStringLiteral("Source : La Coop, Tableur")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("Type : Atelier collectif")), qPrintable(summary));
    f.sources.clear();
    QVERIFY(!ReviewPdf::filterSummary(f, m_result).contains(QStringLiteral("Source")));
}

QTEST_MAIN(TestReviewPdf)
#include "tst_reviewpdf.moc"
