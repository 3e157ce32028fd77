#include "MainWindow.h"
#include "TestData.h"

#include <QApplication>
#include <QLabel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void showsTheBaseSummary_andSavesAScreenshot();
};

void TestMainWindow::showsTheBaseSummary_andSavesAScreenshot()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    MainWindow window(f.store);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto *summary = window.findChild<QLabel *>(QStringLiteral("summary"));
    QVERIFY(summary);
    QVERIFY2(summary->text().contains(QStringLiteral("1 activité (1 accompagnement individuel, 0 atelier collectif)")), qPrintable(summary->text()));
    QVERIFY(summary->text().contains(f.path()));
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("1 activité · 1 activité à envoyer")));
    QVERIFY(window.grab().save(QStringLiteral(CARNET_BINARY_DIR "/screenshot-mainwindow.png")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
