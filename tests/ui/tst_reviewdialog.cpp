#include "ui/export/ReviewDialog.h"

#include "tests/support/TestData.h"
#include "ui/statistics/StatisticsView.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

// The window's side of the PDF review: its dialog's default period, sections and remembered programme, the file
// written after the statistics are computed off the GUI thread, nothing written on cancel, and the view's button.
class TestReviewDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void defaultPeriod_lastFullYear_orThisYearOnANewBase();
    void save_writesTheChosenSections_andRemembersTheProgramme();
    void cancel_leavesNothingAtTheDestination();
    void statisticsView_offersTheReview();
    void screenshot();

private:
    TestData::Fixture m_fixture;
};

void TestReviewDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_fixture.openWithDemo(3000, 2));
}

void TestReviewDialog::defaultPeriod_lastFullYear_orThisYearOnANewBase()
{
    // The demo's activities run over the 24 months before 30/06/2026: 2025 is a full year of them.
    ReviewDialog dialog(m_fixture.store, StatsFilter());
    QCOMPARE(dialog.from(), QDate(2025, 1, 1));
    QCOMPARE(dialog.to(), QDate(2025, 12, 31));
    dialog.setPeriod(ReviewDialog::ThisYear);
    QCOMPARE(dialog.from(), QDate(2026, 1, 1));
    QCOMPARE(dialog.to(), QDate(2026, 6, 30));

    TestData::Fixture empty;
    QVERIFY(empty.open());
    ReviewDialog fresh(empty.store, StatsFilter());
    QCOMPARE(fresh.from(), QDate(2026, 1, 1));
    QCOMPARE(fresh.to(), QDate(2026, 6, 30));
    // The view's filters are offered only when there are some.
    QVERIFY(!fresh.findChild<QCheckBox *>(QStringLiteral("reviewKeepFilters"))->isChecked());
    StatsFilter filtered;
    filtered.types = {QStringLiteral("collectif")};
    ReviewDialog withFilter(empty.store, filtered);
    QVERIFY(withFilter.findChild<QCheckBox *>(QStringLiteral("reviewKeepFilters"))->isChecked());
    // The source filter alone is a filter too.
    StatsFilter bySource;
    bySource.sources = {QLatin1String(ActivitySource::Coop)};
    ReviewDialog withSource(empty.store, bySource);
    QVERIFY(withSource.findChild<QCheckBox *>(QStringLiteral("reviewKeepFilters"))->isChecked());
}

void TestReviewDialog::save_writesTheChosenSections_andRemembersTheProgramme()
{
    const QString pdf = m_fixture.dir.filePath(QStringLiteral("bilan.pdf"));
    {
        ReviewDialog dialog(m_fixture.store, StatsFilter());
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("reviewProgramme"))
            ->setPlainText(QStringLiteral("Ateliers « Mon espace santé » au printemps."));
        dialog.findChild<QCheckBox *>(QStringLiteral("section_definitions"))->setChecked(false);
        dialog.setOutputPath(pdf);
        QSignalSpy written(&dialog, &ReviewDialog::written);
        dialog.show();
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("reviewSave")), Qt::LeftButton);
        QCOMPARE(written.size(), 1);
        QCOMPARE(dialog.writtenPath(), pdf);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    QVERIFY(QFile::exists(pdf));
    QProcess text;
    text.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    QVERIFY(text.waitForFinished(60000));
    const QString content = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY(content.contains(QStringLiteral("Période du 01/01/2025 au 31/12/2025")));
    QVERIFY(content.contains(QStringLiteral("Ateliers « Mon espace santé » au printemps.")));
    QVERIFY(content.contains(QStringLiteral("Chiffres clés")));
    QVERIFY(!content.contains(QStringLiteral("Définitions")));

    // The programme comes back for this data folder, not for another one.
    ReviewDialog again(m_fixture.store, StatsFilter());
    QCOMPARE(again.findChild<QPlainTextEdit *>(QStringLiteral("reviewProgramme"))->toPlainText(),
        QStringLiteral("Ateliers « Mon espace santé » au printemps."));
    TestData::Fixture other;
    QVERIFY(other.open());
    ReviewDialog elsewhere(other.store, StatsFilter());
    QVERIFY(elsewhere.findChild<QPlainTextEdit *>(QStringLiteral("reviewProgramme"))->toPlainText().isEmpty());
}

void TestReviewDialog::cancel_leavesNothingAtTheDestination()
{
    const QString pdf = m_fixture.dir.filePath(QStringLiteral("annule.pdf"));
    ReviewDialog dialog(m_fixture.store, StatsFilter());
    dialog.setOutputPath(pdf);
    dialog.show();
    // "Annuler" as soon as the progress dialog is there.
    bool cancelledOnce = false;
    QTimer timer;
    timer.setInterval(1);
    connect(&timer, &QTimer::timeout, &dialog, [&dialog, &cancelledOnce] {
        if (auto *progress = dialog.findChild<QProgressDialog *>(QStringLiteral("reviewProgress"))) {
            if (!cancelledOnce) {
                cancelledOnce = true;
                progress->cancel();
            }
        }
    });
    timer.start();
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("reviewSave")), Qt::LeftButton);
    timer.stop();
    QVERIFY(cancelledOnce);
    QVERIFY(!QFile::exists(pdf));
    QVERIFY(dialog.isVisible()); // the dialog stays, saying so
    const QLabel *message = dialog.findChild<QLabel *>(QStringLiteral("reviewMessage"));
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(QStringLiteral("Bilan annulé")));
    QVERIFY(dialog.writtenPath().isEmpty());
}

void TestReviewDialog::statisticsView_offersTheReview()
{
    StatisticsView view(m_fixture.store);
    QSignalSpy asked(&view, &StatisticsView::reviewRequested);
    auto *button = view.findChild<QPushButton *>(QStringLiteral("statsReview"));
    QVERIFY(button);
    QCOMPARE(button->text(), QStringLiteral("&Bilan PDF…"));
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
}

void TestReviewDialog::screenshot()
{
    ReviewDialog dialog(m_fixture.store, StatsFilter());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString folder = QStringLiteral(CARNET_BINARY_DIR "/review-pdf");
    QDir().mkpath(folder);
    QVERIFY(dialog.grab().save(folder + QStringLiteral("/dialog.png")));
}

QTEST_MAIN(TestReviewDialog)
#include "tst_reviewdialog.moc"
