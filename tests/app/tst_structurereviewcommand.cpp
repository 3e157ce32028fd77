#include "app/cli/CommandLine.h"
#include "models/io/ActivityExporter.h"
#include "models/io/XlsxReader.h"
#include "models/io/XlsxWriter.h"
#include "models/stats/StatsEngine.h"
#include "tests/support/TestData.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

namespace {
struct Result
{
    int code = -1;
    QString out;
    QString err;
};

Result run(const QStringList &args)
{
    Result r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = CommandLine::run(args, out, err);
    out.flush();
    err.flush();
    return r;
}

bool exportActivities(Store &store, const QString &path, const QString &prenom, const QString &nom)
{
    Profile p = store.profile();
    p.prenom = prenom;
    p.nom = nom;
    QString error;
    if (!store.saveProfile(p, &error))
        return false;
    XlsxWriter writer(path, QStringLiteral("Activités"));
    if (!writer.open())
        return false;
    ActivityExporter::Options options;
    options.exportedAt = TestData::fixedNow();
    ActivityExporter::Result result;
    return ActivityExporter::write(store, writer, options, &result, &error) && writer.commit(&error);
}
} // namespace

class TestStructureReviewCommand : public QObject
{
    Q_OBJECT

private slots:
    void twoMediators_aFileTwice_aBrokenOne_exit1_reviewWritten()
    {
        TestData::Fixture camille;
        TestData::Fixture dominique;
        QVERIFY(camille.openWithDemo(150, 21));
        QVERIFY(dominique.openWithDemo(90, 22));
        QTemporaryDir files;
        const QString a = files.filePath(QStringLiteral("camille.xlsx"));
        const QString b = files.filePath(QStringLiteral("dominique.xlsx"));
        QVERIFY(exportActivities(camille.store, a, QStringLiteral("Camille"), QStringLiteral("Martin")));
        QVERIFY(exportActivities(dominique.store, b, QStringLiteral("Dominique"), QStringLiteral("Petit")));
        const QString broken = files.filePath(QStringLiteral("abime.xlsx"));
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("pas un classeur");
        }
        const QString output = files.filePath(QStringLiteral("bilan.xlsx"));
        // The whole period of the demo bases (they end on the fixed day).
        const QStringList period = {QStringLiteral("--from"), QStringLiteral("2020-01-01"), QStringLiteral("--to"),
            TestData::fixedNow().date().toString(Qt::ISODate)};
        const qint64 na = camille.store.counts().activites();
        const qint64 nb = dominique.store.counts().activites();

        const Result ok
            = run(QStringList{QStringLiteral("bilan-structure"), a, b, a, QStringLiteral("--output"), output} + period);
        QVERIFY2(ok.code == 0, qPrintable(ok.out + ok.err));
        QVERIFY2(
            ok.out.contains(QStringLiteral("Camille Martin : 2 fichiers, %1 activités, %1 doublons écartés").arg(na)),
            qPrintable(ok.out));
        QVERIFY2(ok.out.contains(QStringLiteral("Dominique Petit : 1 fichier, %1 activités, 0 doublon écarté").arg(nb)),
            qPrintable(ok.out));
        QVERIFY2(ok.out.contains(QStringLiteral("Équipe : %1 activités, %2 doublons écartés").arg(na + nb).arg(na)),
            qPrintable(ok.out));
        QVERIFY(ok.out.contains(QStringLiteral("Bilan écrit dans bilan.xlsx")));
        XlsxReader reader(output);
        QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
        QCOMPARE(reader.sheetNames().size(), 4);

        QVERIFY(QFile::remove(output));
        const Result failed = run(
            QStringList{QStringLiteral("bilan-structure"), broken, b, QStringLiteral("--output"), output} + period);
        QCOMPARE(failed.code, 1);
        QVERIFY2(failed.err.contains(QStringLiteral("abime.xlsx")), qPrintable(failed.err));
        QVERIFY2(failed.out.contains(QStringLiteral("Dominique Petit : 1 fichier, %1 activités").arg(nb)),
            qPrintable(failed.out));
        QVERIFY(failed.out.contains(QStringLiteral("1 fichier non lu")));
        // The others are still counted, and the review written.
        QVERIFY(QFile::exists(output));
    }

    void usage_exit2_andFrenchHelp()
    {
        QCOMPARE(run({QStringLiteral("bilan-structure")}).code, 2);
        const Result noOutput = run({QStringLiteral("bilan-structure"), QStringLiteral("a.xlsx")});
        QCOMPARE(noOutput.code, 2);
        QVERIFY(noOutput.err.contains(QStringLiteral("--output")));
        const Result badPeriod = run({QStringLiteral("bilan-structure"), QStringLiteral("a.xlsx"),
            QStringLiteral("--output"), QStringLiteral("b.xlsx"), QStringLiteral("--from"), QStringLiteral("hier")});
        QCOMPARE(badPeriod.code, 2);
        QVERIFY2(badPeriod.err.startsWith(QStringLiteral("bilan-structure")), qPrintable(badPeriod.err));
        const Result help = run({QStringLiteral("bilan-structure"), QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains(QStringLiteral("Utilisation : carnet bilan-structure FICHIER...")));
        QVERIFY(run({QStringLiteral("--help")}).out.contains(QStringLiteral("bilan-structure")));
    }
};

QTEST_GUILESS_MAIN(TestStructureReviewCommand)
#include "tst_structurereviewcommand.moc"
