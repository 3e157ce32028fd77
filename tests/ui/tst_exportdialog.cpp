#include "models/io/ActivityColumns.h"
#include "models/stats/StatsEngine.h"
#include "tests/support/LibreOffice.h"
#include "tests/support/TestData.h"
#include "ui/MainWindow.h"
#include "ui/activities/ActivitiesView.h"
#include "ui/export/ExportDialog.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

namespace {
QString read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void activities_currentFilters_toCsv_thenStatusMessage();
    void statistics_toXlsx_andCancelLeavesNothing();
    void beneficiaries_xlsxOnly();
    void statistics_keepTheSourceFilter();
};

void TestExportDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestExportDialog::activities_currentFilters_toCsv_thenStatusMessage()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(800, 3));
    MainWindow window(f.store);
    window.resize(1366, 768);
    window.show();
    ActivityFilter filter;
    filter.types = {QStringLiteral("collectif")};
    window.activitiesView()->setFilter(filter);
    QAction *action = window.findChild<QAction *>(QStringLiteral("exportActivitiesAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
    action->trigger();
    auto *dialog = window.findChild<ExportDialog *>(QStringLiteral("exportDialog"));
    QVERIFY(dialog);
    dialog->close();
    QTRY_VERIFY(!window.findChild<ExportDialog *>(QStringLiteral("exportDialog")));
    // The same from the list's own button.
    window.showView(MainWindow::View::Activites);
    auto *button = window.activitiesView()->findChild<QPushButton *>(QStringLiteral("exportButton"));
    QVERIFY(button);
    button->click();
    QTRY_VERIFY(window.findChild<ExportDialog *>(QStringLiteral("exportDialog")));
    dialog = window.findChild<ExportDialog *>(QStringLiteral("exportDialog"));
    // The filters in words, the sensible name.
    const QString words = dialog->findChild<QLabel *>(QStringLiteral("exportFilters"))->text();
    QVERIFY2(words.contains(QStringLiteral("Atelier collectif")), qPrintable(words));
    QVERIFY2(QFileInfo(dialog->filePath())
                 .fileName()
                 .startsWith(QStringLiteral("carnet_activites_") + QDate::currentDate().toString(Qt::ISODate)),
        qPrintable(dialog->filePath()));
    QVERIFY(dialog->filePath().endsWith(QLatin1String(".csv")));
    // XLSX renames the file's extension; back to CSV.
    dialog->setFormat(QStringLiteral("xlsx"));
    QVERIFY(dialog->filePath().endsWith(QLatin1String(".xlsx")));
    QVERIFY(!dialog->findChild<QComboBox *>(QStringLiteral("exportSeparator"))->isEnabled());
    dialog->setFormat(QStringLiteral("csv"));

    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("ateliers.csv"));
    dialog->setFilePath(path);
    dialog->findChild<QPushButton *>(QStringLiteral("exportStart"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 30000);
    QTRY_VERIFY(!dialog->message().isEmpty());
    QVERIFY2(!dialog->failed(), qPrintable(dialog->message()));
    QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("exportOpenFolder"))->isVisible());
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("ateliers.csv")),
        qPrintable(window.statusBar()->currentMessage()));
    const QDir build(QStringLiteral(CARNET_BINARY_DIR));
    QVERIFY(build.mkpath(QStringLiteral("screenshots")));
    QVERIFY(dialog->grab().save(build.filePath(QStringLiteral("screenshots/export-dialog.png"))));

    const QList<QStringList> rows = LibreOffice::parseCsv(read(path));
    int header = -1;
    for (int i = 0; i < rows.size() && header < 0; ++i)
        header = ActivityColumns::isHeaderRow(rows.at(i)) ? i : -1;
    QVERIFY(header > 0);
    QVERIFY(rows.size() - header - 1 > 10);
    for (int i = header + 1; i < rows.size(); ++i)
        QCOMPARE(rows.at(i).value(ActivityColumns::Type), QStringLiteral("Atelier collectif"));
    dialog->close();
}

void TestExportDialog::statistics_toXlsx_andCancelLeavesNothing()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(3000, 4));
    MainWindow window(f.store);
    window.show();
    ExportDialog *dialog = window.openExport(ExportDialog::Kind::Statistics);
    const QString words = dialog->findChild<QLabel *>(QStringLiteral("exportFilters"))->text();
    QVERIFY2(words.startsWith(QStringLiteral("Du ")), qPrintable(words));
    QTemporaryDir out;
    dialog->setFormat(QStringLiteral("xlsx"));
    const QString path = out.filePath(QStringLiteral("stats.xlsx"));
    dialog->setFilePath(path);
    dialog->startExport();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 30000);
    QTRY_VERIFY(!dialog->message().isEmpty());
    QVERIFY2(!dialog->failed(), qPrintable(dialog->message()));
    QFile xlsx(path);
    QVERIFY(xlsx.open(QIODevice::ReadOnly));
    QVERIFY(xlsx.read(2) == "PK");
    xlsx.close();
    dialog->close();

    // Activities, cancelled at once: nothing at the destination, the old file kept.
    ExportDialog *activities = window.openExport(ExportDialog::Kind::Activities);
    const QString old = out.filePath(QStringLiteral("old.csv"));
    QFile previous(old);
    QVERIFY(previous.open(QIODevice::WriteOnly));
    previous.write("avant");
    previous.close();
    activities->setFilePath(old);
    activities->startExport();
    activities->findChild<QPushButton *>(QStringLiteral("exportCancel"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(!activities->isRunning(), 30000);
    QTRY_VERIFY(!activities->message().isEmpty());
    QVERIFY(activities->failed());
    QVERIFY2(activities->message().contains(QStringLiteral("annulé")), qPrintable(activities->message()));
    QCOMPARE(read(old), QStringLiteral("avant"));
    QCOMPARE(QDir(out.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
    activities->close();
}

void TestExportDialog::beneficiaries_xlsxOnly()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(200, 5));
    MainWindow window(f.store);
    ExportDialog *dialog = window.openExport(ExportDialog::Kind::Beneficiaries);
    auto *format = dialog->findChild<QComboBox *>(QStringLiteral("exportFormat"));
    QCOMPARE(format->count(), 1);
    QVERIFY(dialog->filePath().endsWith(QLatin1String(".xlsx")));
    QTemporaryDir out;
    dialog->setFilePath(out.filePath(QStringLiteral("b.xlsx")));
    dialog->startExport();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 30000);
    QTRY_VERIFY(!dialog->message().isEmpty());
    QVERIFY2(!dialog->failed(), qPrintable(dialog->message()));
    QVERIFY(dialog->message().contains(QStringLiteral("bénéficiaires suivis")));
    dialog->close();
}

void TestExportDialog::statistics_keepTheSourceFilter()
{
    // The Statistics view filtered on the source: the statistics file counts those activities only.
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(300, 6));
    Place place = TestData::place();
    QString error;
    QVERIFY2(f.store.savePlace(place, &error), qPrintable(error));
    for (int i = 0; i < 3; ++i) {
        Activity a = TestData::individuel(place.id);
        a.source = QLatin1String(ActivitySource::Coop);
        a.date = QDate(2026, 6, 1 + i);
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    }
    StatsFilter stats = StatsEngine::defaultFilter(f.clock.today());
    stats.sources = {QLatin1String(ActivitySource::Coop)};
    const StatsResult expected = StatsEngine::compute(f.store.database(), stats, f.clock.today());
    QCOMPARE(expected.headline.accompagnements, 3);
    ExportDialog dialog(f.store, ExportDialog::Kind::Statistics, ExportFilter::fromStats(stats));
    const QString words = dialog.findChild<QLabel *>(QStringLiteral("exportFilters"))->text();
    QVERIFY2(words.contains(QStringLiteral("Source : La Coop")), qPrintable(words));
    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("stats.csv"));
    dialog.setFilePath(path);
    dialog.startExport();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isRunning(), 30000);
    QTRY_VERIFY(!dialog.message().isEmpty());
    QVERIFY2(!dialog.failed(), qPrintable(dialog.message()));
    const QList<QStringList> rows = LibreOffice::parseCsv(read(path));
    const int total = LibreOffice::findRow(rows, QStringLiteral("Accompagnements au total"));
    QVERIFY(total > 0);
    QCOMPARE(rows.at(total).value(1), QStringLiteral("3"));
    QCOMPARE(rows.at(LibreOffice::findRow(rows, QStringLiteral("Source"))).value(1), QStringLiteral("La Coop"));
}

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
