#include "models/io/XlsxReader.h"
#include "models/stats/StatsEngine.h"
#include "tests/support/CommandRunner.h"
#include "tests/support/TeamFiles.h"
#include "tests/support/TestData.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

namespace {
using CommandRunner::Result;
using CommandRunner::run;
} // namespace

class TestStructureReviewCommand : public QObject
{
    Q_OBJECT

private slots:
    void twoMediators_aFileTwice_aBrokenOne_exit1_reviewWritten()
    {
        TeamFiles::Team team;
        QVERIFY(team.make(150, 21, 90, 22));
        const QString &a = team.camilleFile;
        const QString &b = team.dominiqueFile;
        const QString &broken = team.brokenFile;
        const QString output = team.files.filePath(QStringLiteral("bilan.xlsx"));
        // The whole period of the demo bases (they end on the fixed day).
        const QStringList period = {QStringLiteral("--from"), QStringLiteral("2020-01-01"), QStringLiteral("--to"),
            TestData::fixedNow().date().toString(Qt::ISODate)};
        const qint64 na = team.camilleActivities;
        const qint64 nb = team.dominiqueActivities;

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
