#include "models/io/ActivityColumns.h"
#include "models/store/DataLocation.h"
#include "models/store/Store.h"
#include "tests/support/CommandRunner.h"
#include "tests/support/LibreOffice.h"
#include "tests/support/ScratchDisk.h"
#include "tests/support/TestData.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

namespace {
using CommandRunner::Result;
using CommandRunner::run;

QString read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The data rows under the header row of an activities file.
QList<QStringList> dataRows(const QList<QStringList> &rows)
{
    for (int i = 0; i < rows.size(); ++i) {
        if (ActivityColumns::isHeaderRow(rows.at(i)))
            return rows.mid(i + 1);
    }
    return {};
}
} // namespace

class TestExportCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void activites_csvAndXlsx_allThenFiltered();
    void statistiques_sameFiguresAsStatsJson();
    void beneficiaires_xlsxOnly();
    void wrongCommandLines_sayWhat();
    void failure_leavesThePreviousFileUntouched();

private:
    QTemporaryDir m_dir;
};

void TestExportCommand::initTestCase()
{
    QVERIFY(run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                    QStringLiteral("3000"), QStringLiteral("--seed"), QStringLiteral("5")})
                .code
        == 0);
}

void TestExportCommand::activites_csvAndXlsx_allThenFiltered()
{
    QTemporaryDir out;
    const QString csv = out.filePath(QStringLiteral("carnet_activites.csv"));
    Result r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"), QStringLiteral("activites"),
        QStringLiteral("--output"), csv});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QList<QStringList> all = dataRows(LibreOffice::parseCsv(read(csv)));
    QVERIFY(all.size() > 3000); // every activity (no default period), workshops giving several rows
    QVERIFY2(r.out.contains(QStringLiteral("3 000 activités")) || r.out.contains(QStringLiteral("activités")),
        qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("%1 accompagnements").arg(QLocale(QLocale::French).toString(all.size()))),
        qPrintable(r.out));

    // The same as XLSX, through LibreOffice.
    const QString xlsx = out.filePath(QStringLiteral("carnet_activites.xlsx"));
    r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"), QStringLiteral("activites"),
        QStringLiteral("--format"), QStringLiteral("xlsx"), QStringLiteral("--output"), xlsx});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QString error;
    const QList<QStringList> fromXlsx = dataRows(LibreOffice::rows(xlsx, &error));
    QVERIFY2(!fromXlsx.isEmpty(), qPrintable(error));
    QCOMPARE(fromXlsx.size(), all.size());
    for (int i = 0; i < all.size(); i += 97) {
        QCOMPARE(fromXlsx.at(i).value(ActivityColumns::IdCra), all.at(i).value(ActivityColumns::IdCra));
        QCOMPARE(fromXlsx.at(i).value(ActivityColumns::Date), all.at(i).value(ActivityColumns::Date));
        QCOMPARE(fromXlsx.at(i).value(ActivityColumns::Notes), all.at(i).value(ActivityColumns::Notes));
    }

    // Filtered: workshops of one period, ',' between cells.
    const QString filtered = out.filePath(QStringLiteral("ateliers.csv"));
    r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"), QStringLiteral("activites"),
        QStringLiteral("--type"), QStringLiteral("collectif"), QStringLiteral("--from"), QStringLiteral("2026-01-01"),
        QStringLiteral("--to"), QStringLiteral("2026-03-31"), QStringLiteral("--separateur"), QStringLiteral("virgule"),
        QStringLiteral("--output"), filtered});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QList<QStringList> workshops = dataRows(LibreOffice::parseCsv(read(filtered), QLatin1Char(',')));
    QVERIFY(!workshops.isEmpty());
    QVERIFY(workshops.size() < all.size());
    for (const QStringList &row : workshops) {
        QCOMPARE(row.value(ActivityColumns::Type), QStringLiteral("Atelier collectif"));
        const QDate date = QDate::fromString(row.value(ActivityColumns::Date), QStringLiteral("dd/MM/yyyy"));
        QVERIFY(date >= QDate(2026, 1, 1) && date <= QDate(2026, 3, 31));
    }
    QVERIFY(read(filtered).contains(QStringLiteral("Période,Du 01/01/2026 au 31/03/2026")));
}

void TestExportCommand::statistiques_sameFiguresAsStatsJson()
{
    QTemporaryDir out;
    const QString csv = out.filePath(QStringLiteral("stats.csv"));
    const QStringList period = {
        QStringLiteral("--from"), QStringLiteral("2025-07-01"), QStringLiteral("--to"), QStringLiteral("2026-06-30")};
    Result r = run(QStringList({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"),
                       QStringLiteral("statistiques"), QStringLiteral("--output"), csv})
        + period);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const Result json = run(
        QStringList({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("stats"), QStringLiteral("--json")})
        + period);
    QCOMPARE(json.code, 0);
    const QJsonObject stats = QJsonDocument::fromJson(json.out.toUtf8()).object();
    const QJsonObject headline = stats.value(QStringLiteral("periode")).toObject().isEmpty()
        ? stats.value(QStringLiteral("chiffres")).toObject()
        : stats.value(QStringLiteral("periode")).toObject();
    const QList<QStringList> rows = LibreOffice::parseCsv(read(csv));
    const int total = LibreOffice::findRow(rows, QStringLiteral("Accompagnements au total"));
    QVERIFY(total > 0);
    QVERIFY2(json.out.contains(QStringLiteral("\"accompagnements\": %1").arg(rows.at(total).value(1))),
        qPrintable(rows.at(total).value(1)));
    QVERIFY(LibreOffice::findRow(rows, QStringLiteral("Commune de résidence des bénéficiaires")) > total);
    Q_UNUSED(headline)
}

void TestExportCommand::beneficiaires_xlsxOnly()
{
    QTemporaryDir out;
    const QString xlsx = out.filePath(QStringLiteral("b.xlsx"));
    Result r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"),
        QStringLiteral("beneficiaires"), QStringLiteral("--output"), xlsx});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("bénéficiaires suivis exportés")));
    QVERIFY(QFile::exists(xlsx));
    r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"), QStringLiteral("beneficiaires"),
        QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--output"),
        out.filePath(QStringLiteral("b.csv"))});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(QStringLiteral("xlsx seulement")));
    QVERIFY(!QFile::exists(out.filePath(QStringLiteral("b.csv"))));
}

void TestExportCommand::wrongCommandLines_sayWhat()
{
    QTemporaryDir out;
    const QString file = out.filePath(QStringLiteral("x.csv"));
    Result r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"), QStringLiteral("tout"),
        QStringLiteral("--output"), file});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(QStringLiteral("activites, statistiques, beneficiaires")), qPrintable(r.err));
    r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"), QStringLiteral("activites")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(QStringLiteral("--output")));
    r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"), QStringLiteral("activites"),
        QStringLiteral("--type"), QStringLiteral("groupe"), QStringLiteral("--output"), file});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith(QStringLiteral("export : --type attend")), qPrintable(r.err));
    r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"), QStringLiteral("activites"),
        QStringLiteral("--format"), QStringLiteral("ods"), QStringLiteral("--output"), file});
    QCOMPARE(r.code, 2);
    r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"), QStringLiteral("activites"),
        QStringLiteral("--output"), out.filePath(QStringLiteral("absent/x.csv"))});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains(QStringLiteral("n'existe pas")));
    QVERIFY(QDir(out.path()).isEmpty());
    QVERIFY(run({QStringLiteral("export"), QStringLiteral("--help")}).out.contains(QStringLiteral("beneficiaires")));
}

void TestExportCommand::failure_leavesThePreviousFileUntouched()
{
    ScratchDisk disk(512 * 1024);
    const QString folder = disk.available() ? disk.path() : m_dir.filePath(QStringLiteral("ro"));
    if (!disk.available())
        QVERIFY(QDir().mkpath(folder));
    for (const QString &name : {QStringLiteral("activites.csv"), QStringLiteral("activites.xlsx")}) {
        const QString path = QDir(folder).filePath(name);
        QFile previous(path);
        QVERIFY(previous.open(QIODevice::WriteOnly));
        previous.write("export précédent");
        previous.close();
        if (!disk.available())
            QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const Result r = run({QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("export"),
            QStringLiteral("activites"), QStringLiteral("--output"), path});
        if (!disk.available())
            QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        // 3,000 activities take more than half a megabyte: the disk fills up.
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(disk.available() ? QStringLiteral("le disque est plein") : name), qPrintable(r.err));
        QCOMPARE(read(path), QStringLiteral("export précédent"));
        QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot).size(),
            name.endsWith(QLatin1String("csv")) ? 1 : 2);
    }
}

QTEST_GUILESS_MAIN(TestExportCommand)
#include "tst_exportcommand.moc"
