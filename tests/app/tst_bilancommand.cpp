#include "app/cli/CommandLine.h"
#include "models/stats/StatsEngine.h"
#include "models/store/DataLocation.h"
#include "models/text/Durations.h"
#include "models/text/FrenchText.h"
#include "tests/support/CommandRunner.h"
#include "tests/support/TestData.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTest>
#include <QTextStream>

// `carnet export bilan` on a demo base of a fixed seed: the PDF it writes shows StatsEngine's figures for the same
// period and filters (pdftotext), embeds its fonts (pdffonts), says PDF/A when asked (pdfinfo); its pages are saved as
// images in build/bilan-command; wrong options end in a French message and nothing written.
class TestBilanCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void bilan_showsTheEngineFigures_withFilters_andAProgramme();
    void pdfa_andSectionsLeftOut();
    void badOptions_frenchMessage_nothingWritten_data();
    void badOptions_frenchMessage_nothingWritten();
    void executable_runsWithoutADisplay();

private:
    using Result = CommandRunner::Result;
    // The command on the fixture's data folder.
    Result run(const QStringList &args) const { return CommandRunner::run(m_fixture.dir.path(), args); }
    QString folder() const { return QStringLiteral(CARNET_BINARY_DIR "/bilan-command"); }

    TestData::Fixture m_fixture;
};

namespace {
QString tool(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        qWarning() << program << arguments << process.readAllStandardError();
    QString text = QString::fromUtf8(process.readAllStandardOutput());
    return text.replace(QChar(0x202F), QLatin1Char(' ')).replace(QChar(0x00A0), QLatin1Char(' '));
}

QString plain(QString text)
{
    return text.replace(QChar(0x202F), QLatin1Char(' ')).replace(QChar(0x00A0), QLatin1Char(' '));
}
} // namespace

void TestBilanCommand::initTestCase()
{
    // The base where the command looks for it: the data folder's carnet.sqlite.
    QCOMPARE(DataLocation::databasePath(m_fixture.dir.path()), m_fixture.path());
    QVERIFY(m_fixture.openWithDemo(2500, 5));
    Profile profile = m_fixture.store.profile();
    profile.prenom = QStringLiteral("Aurélie");
    profile.nom = QStringLiteral("Dubœuf");
    QString error;
    QVERIFY2(m_fixture.store.saveProfile(profile, &error), qPrintable(error));
    m_fixture.store.close();
    QVERIFY(QDir().mkpath(folder()));
}

void TestBilanCommand::bilan_showsTheEngineFigures_withFilters_andAProgramme()
{
    const QString programme = folder() + QStringLiteral("/programme.txt");
    QFile file(programme);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\xEF\xBB\xBFProgramme de l'année : ateliers « smartphone » en mairie.\r\nDeuxième ligne.\r\n");
    file.close();
    const QString pdf = folder() + QStringLiteral("/bilan-individuels.pdf");
    QFile::remove(pdf);
    const Result r = run({QStringLiteral("export"), QStringLiteral("bilan"), QStringLiteral("--format"),
        QStringLiteral("pdf"), QStringLiteral("--from"), QStringLiteral("2025-07-01"), QStringLiteral("--to"),
        QStringLiteral("2026-06-30"), QStringLiteral("--type"), QStringLiteral("individuel"),
        QStringLiteral("--programme"), programme, QStringLiteral("--output"), pdf});
    QVERIFY2(r.code == CommandLine::Success, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("Bilan d'activité du 01/07/2025 au 30/06/2026 écrit dans")));

    // The engine's figures for the same period and filter, on the same base.
    Store store;
    QString error;
    QVERIFY2(store.open(m_fixture.path(), &error), qPrintable(error));
    StatsFilter filter;
    filter.from = QDate(2025, 7, 1);
    filter.to = QDate(2026, 6, 30);
    filter.types = {QStringLiteral("individuel")};
    const StatsResult result = StatsEngine::compute(store.database(), filter, store.clock().today());
    QVERIFY(result.error.isEmpty());
    const Headline &h = result.headline;
    QVERIFY(h.individuels > 100);
    QCOMPARE(h.collectifs, 0);

    const QString text = tool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    QVERIFY(text.contains(QStringLiteral("Aurélie Dubœuf")));
    QVERIFY(text.contains(QStringLiteral("Filtres : Type : Accompagnement individuel")));
    const QRegularExpression activites(QStringLiteral("Activités\\s+Accompagnements\\s+Temps passé\\s+")
        + QRegularExpression::escape(plain(FrenchText::number(h.activites))) + QStringLiteral("\\s+")
        + QRegularExpression::escape(plain(FrenchText::number(h.accompagnements))) + QStringLiteral("\\s+")
        + QRegularExpression::escape(plain(Durations::total(h.minutes))));
    QVERIFY2(text.contains(activites), qPrintable(text.left(3000)));
    QVERIFY(text.contains(plain(FrenchText::number(h.nouveaux))));
    QVERIFY(text.contains(QStringLiteral("Programme de l'année : ateliers « smartphone » en mairie.")));
    QVERIFY(text.contains(QStringLiteral("Deuxième ligne.")));
    const QStringList fonts
        = tool(QStringLiteral("pdffonts"), {pdf}).split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(2);
    QVERIFY(!fonts.isEmpty());
    for (const QString &line : fonts) {
        const QStringList columns = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QVERIFY2(columns.size() >= 5 && columns.at(columns.size() - 5) == QLatin1String("yes"), qPrintable(line));
    }
    tool(QStringLiteral("pdftoppm"),
        {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("50"), pdf,
            folder() + QStringLiteral("/bilan-individuels")});
    QVERIFY(QFile::exists(folder() + QStringLiteral("/bilan-individuels-01.png")));
}

void TestBilanCommand::pdfa_andSectionsLeftOut()
{
    const QString pdf = folder() + QStringLiteral("/bilan-pdfa.pdf");
    const Result r = run({QStringLiteral("export"), QStringLiteral("bilan"), QStringLiteral("--from"),
        QStringLiteral("2025-01-01"), QStringLiteral("--pdfa"), QStringLiteral("--sans"), QStringLiteral("graphiques"),
        QStringLiteral("--sans"), QStringLiteral("definitions"), QStringLiteral("--output"), pdf});
    QVERIFY2(r.code == CommandLine::Success, qPrintable(r.err));
    // --from alone: the year that starts that day.
    QVERIFY(r.out.contains(QStringLiteral("du 01/01/2025 au 31/12/2025")));
    const QString info = tool(QStringLiteral("pdfinfo"), {pdf});
    QVERIFY2(info.contains(QRegularExpression(QStringLiteral("PDF version:\\s+1\\.4"))), qPrintable(info));
    QVERIFY2(info.contains(QRegularExpression(QStringLiteral("Pages:\\s+2\\n"))), qPrintable(info));
    const QString meta = tool(QStringLiteral("pdfinfo"), {QStringLiteral("-meta"), pdf});
    QVERIFY2(meta.contains(QRegularExpression(QStringLiteral("pdfaid:part[^0-9]*1"))), qPrintable(meta));
    QVERIFY2(meta.contains(QRegularExpression(QStringLiteral("pdfaid:conformance[^A-Z]*B"))), qPrintable(meta));
    const QString text = tool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    QVERIFY(text.contains(QStringLiteral("Chiffres clés")));
    QVERIFY(!text.contains(QStringLiteral("Définitions")));
    QVERIFY(!text.contains(QStringLiteral("Évolution des accompagnements")));
}

void TestBilanCommand::badOptions_frenchMessage_nothingWritten_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("code");
    QTest::newRow("format") << QStringList{QStringLiteral("--format"), QStringLiteral("xlsx")}
                            << QStringLiteral("le bilan s'écrit en PDF") << int(CommandLine::Usage);
    QTest::newRow("section") << QStringList{QStringLiteral("--sans"), QStringLiteral("tout")}
                             << QStringLiteral("--sans attend couverture, chiffres") << int(CommandLine::Usage);
    QTest::newRow("date") << QStringList{QStringLiteral("--from"), QStringLiteral("31/12/2025")}
                          << QStringLiteral("export bilan : --from attend une date au format AAAA-MM-JJ")
                          << int(CommandLine::Usage);
    QTest::newRow("type") << QStringList{QStringLiteral("--type"), QStringLiteral("atelier")}
                          << QStringLiteral("export bilan : --type attend") << int(CommandLine::Usage);
    QTest::newRow("logo") << QStringList{QStringLiteral("--logo"),
        QStringLiteral(CARNET_TEST_FIXTURES "/schema-v1.sql")}
                          << QStringLiteral("n'est pas une image lisible") << int(CommandLine::Failure);
    QTest::newRow("programme missing") << QStringList{QStringLiteral("--programme"),
        QStringLiteral("/nulle/part/programme.txt")}
                                       << QStringLiteral(
                                              "impossible de lire le programme « /nulle/part/programme.txt »")
                                       << int(CommandLine::Failure);
    QTest::newRow("programme latin1") << QStringList{QStringLiteral("--programme"), QStringLiteral("LATIN1")}
                                      << QStringLiteral("n'est pas un texte en UTF-8") << int(CommandLine::Failure);
    QTest::newRow("folder") << QStringList{QStringLiteral("--output"), QStringLiteral("/nulle/part/bilan.pdf")}
                            << QStringLiteral("/nulle/part/bilan.pdf") << int(CommandLine::Failure);
}

void TestBilanCommand::badOptions_frenchMessage_nothingWritten()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QFETCH(int, code);
    const QString latin1 = folder() + QStringLiteral("/programme-latin1.txt");
    QFile file(latin1);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Ann\xE9\x65 2026 : \xE9t\xE9");
    file.close();
    args.replaceInStrings(QStringLiteral("LATIN1"), latin1);
    const QString pdf = folder() + QStringLiteral("/refuse.pdf");
    QFile::remove(pdf);
    QStringList all{QStringLiteral("export"), QStringLiteral("bilan")};
    all << args;
    if (!args.contains(QStringLiteral("--output")))
        all << QStringLiteral("--output") << pdf;
    const Result r = run(all);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!QFile::exists(pdf));
}

void TestBilanCommand::executable_runsWithoutADisplay()
{
    const QString pdf = folder() + QStringLiteral("/bilan-executable.pdf");
    QFile::remove(pdf);
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(CARNET_EXECUTABLE),
        {QStringLiteral("--data-dir"), m_fixture.dir.path(), QStringLiteral("export"), QStringLiteral("bilan"),
            QStringLiteral("--to"), QStringLiteral("2026-06-30"), QStringLiteral("--output"), pdf});
    QVERIFY(process.waitForFinished(120000));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QVERIFY(QFile::exists(pdf));
    QVERIFY(tool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")})
                .contains(QStringLiteral("du 01/07/2025 au 30/06/2026")));
}

QTEST_MAIN(TestBilanCommand)
#include "tst_bilancommand.moc"
