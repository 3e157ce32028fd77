#include "tests/support/TestData.h"
#include "ui/DamagedBaseDialog.h"
#include "ui/MainWindow.h"
#include "ui/cra/CraForm.h"
#include "ui/settings/SettingsView.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

// A base opened read-only (damaged, or a file this account cannot write) in the window: a banner says why and
// nothing offers to write.
class TestReadOnlyWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void writableBase_hasNoBanner();
    void damagedBase_showsTheReason_andRefusesSaves();
    void damagedDialog_showsTheProblems_andOffersThreeWays();
    void damagedDialog_salvageAndReadOnly_areChoices();
};

namespace {
// Overwrites a few pages in the middle of the closed base at path with random bytes, as a failing disk would.
bool damage(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    const qint64 pageSize = 4096;
    const qint64 pages = file.size() / pageSize;
    if (pages < 12)
        return false;
    QRandomGenerator random(42);
    for (qint64 page : {pages / 3, pages / 2, pages / 2 + 1, (2 * pages) / 3}) {
        QByteArray junk(pageSize, Qt::Uninitialized);
        for (char &c : junk)
            c = static_cast<char>(random.bounded(256));
        file.seek(page * pageSize);
        file.write(junk);
    }
    return true;
}
} // namespace

void TestReadOnlyWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestReadOnlyWindow::init()
{
    QSettings().clear();
}

void TestReadOnlyWindow::writableBase_hasNoBanner()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.findChild<QWidget *>(QStringLiteral("readOnlyBanner")));
    QVERIFY(!window.findChild<QPushButton *>(QStringLiteral("bannerSalvage")));
    QVERIFY(window.craForm()->findChild<QPushButton *>(QStringLiteral("save"))->isEnabled());
}

void TestReadOnlyWindow::damagedBase_showsTheReason_andRefusesSaves()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(3000, 7));
    const qint64 before = f.store.counts().activites();
    f.store.close();
    QVERIFY(damage(f.path()));
    QVERIFY(f.open());
    QVERIFY(f.store.isDamaged());
    QVERIFY(f.store.isReadOnly());
    const QString reason = f.store.readOnlyReason();
    QVERIFY(!reason.isEmpty());

    MainWindow window(f.store);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QDir shots(QStringLiteral(CARNET_BINARY_DIR "/screenshots"));
    QVERIFY(shots.mkpath(QStringLiteral(".")));
    QVERIFY(window.grab().save(shots.filePath(QStringLiteral("lecture-seule.png"))));
    DamagedBaseDialog dialog(f.path(), f.store.damage(), &window);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.grab().save(shots.filePath(QStringLiteral("base-endommagee.png"))));
    dialog.close();
    auto *banner = window.findChild<QWidget *>(QStringLiteral("readOnlyBanner"));
    QVERIFY(banner);
    QVERIFY(banner->isVisible());
    QVERIFY(banner->y() < 60); // at the top, above the views
    auto *text = banner->findChild<QLabel *>(QStringLiteral("readOnlyReason"));
    QVERIFY(text->text().contains(reason.toHtmlEscaped()));

    auto *save = window.craForm()->findChild<QPushButton *>(QStringLiteral("save"));
    QVERIFY(!save->isEnabled());
    QCOMPARE(save->toolTip(), reason);
    // Ctrl+Entrée reaches save() all the same: refused with the reason, the form kept.
    QVERIFY(!window.craForm()->save());
    auto *status = window.craForm()->findChild<QLabel *>(QStringLiteral("formStatus"));
    QVERIFY2(status->text().contains(reason), qPrintable(status->text()));
    QCOMPARE(f.store.counts().activites() <= before, true);

    // The other views: nothing new, nothing deleted, each refusal with the reason.
    window.showView(MainWindow::View::Beneficiaires);
    QApplication::processEvents();
    for (const char *name : {"newBeneficiaryButton", "deleteBeneficiaryButton", "mergeBeneficiariesButton"}) {
        auto *button = window.findChild<QPushButton *>(QLatin1String(name));
        QVERIFY2(button && !button->isEnabled(), name);
        QCOMPARE(button->toolTip(), reason);
    }
    window.showView(MainWindow::View::Lieux);
    QApplication::processEvents();
    for (const char *name : {"newPlaceButton", "archivePlaceButton"}) {
        auto *button = window.findChild<QPushButton *>(QLatin1String(name));
        QVERIFY2(button && !button->isEnabled(), name);
        QCOMPARE(button->toolTip(), reason);
    }
    window.showView(MainWindow::View::Activites);
    QApplication::processEvents();
    // The list reads what it can; what it cannot is said in French, no SQLite text.
    auto *summary = window.findChild<QLabel *>(QStringLiteral("summaryLabel"));
    QVERIFY(summary);
    QTRY_VERIFY(!summary->text().isEmpty());
    QVERIFY2(!summary->text().contains(QStringLiteral("malformed")), qPrintable(summary->text()));
    auto *deleteActivities = window.findChild<QPushButton *>(QStringLiteral("deleteButton"));
    QVERIFY(deleteActivities && !deleteActivities->isEnabled());
    QCOMPARE(deleteActivities->toolTip(), reason);

    // The ways out from the banner: a restore through Paramètres, a salvage asked of whoever runs the window.
    QList<SettingsView::FileRequest> asked;
    window.settingsView()->setFileChooser([&](SettingsView::FileRequest request, const QString &) {
        asked.append(request);
        return QString();
    });
    banner->findChild<QPushButton *>(QStringLiteral("bannerRestore"))->click();
    QCOMPARE(asked, QList<SettingsView::FileRequest>{SettingsView::FileRequest::OpenBackup});
    QCOMPARE(window.currentView(), MainWindow::View::Parametres);
    QSignalSpy salvage(&window, &MainWindow::salvageRequested);
    banner->findChild<QPushButton *>(QStringLiteral("bannerSalvage"))->click();
    QCOMPARE(salvage.count(), 1);

    auto *saveProfile = window.findChild<QPushButton *>(QStringLiteral("saveProfileButton"));
    QVERIFY(saveProfile);
    QVERIFY(!saveProfile->isEnabled());
    QCOMPARE(saveProfile->toolTip(), reason);
}

void TestReadOnlyWindow::damagedDialog_showsTheProblems_andOffersThreeWays()
{
    QStringList problems;
    for (int i = 1; i <= 8; ++i)
        problems.append(QStringLiteral("Page %1 illisible.").arg(i));
    DamagedBaseDialog dialog(QStringLiteral("/tmp/carnet.sqlite"), problems);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString details = dialog.findChild<QLabel *>(QStringLiteral("damageDetails"))->text();
    QVERIFY(details.contains(QStringLiteral("Page 1 illisible.")));
    QVERIFY(details.contains(QStringLiteral("Page 5 illisible.")));
    QVERIFY(!details.contains(QStringLiteral("Page 6 illisible.")));
    QVERIFY(details.contains(QStringLiteral("3 autres lignes")));
    auto *restore = dialog.findChild<QPushButton *>(QStringLiteral("damagedRestore"));
    QCOMPARE(restore->text(), QStringLiteral("&Restaurer une sauvegarde…"));
    QCOMPARE(dialog.findChild<QPushButton *>(QStringLiteral("damagedSalvage"))->text(),
        QStringLiteral("Ré&cupérer ce qui est lisible"));
    QCOMPARE(dialog.findChild<QPushButton *>(QStringLiteral("damagedReadOnly"))->text(),
        QStringLiteral("Continuer en &lecture seule"));
    restore->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.choice(), DamagedBaseDialog::RestoreBackup);
}

void TestReadOnlyWindow::damagedDialog_salvageAndReadOnly_areChoices()
{
    {
        DamagedBaseDialog dialog(QStringLiteral("/tmp/carnet.sqlite"), {QStringLiteral("Page 3 illisible.")});
        dialog.show();
        dialog.findChild<QPushButton *>(QStringLiteral("damagedSalvage"))->click();
        QCOMPARE(dialog.choice(), DamagedBaseDialog::Salvage);
    }
    {
        DamagedBaseDialog dialog(QStringLiteral("/tmp/carnet.sqlite"), {QStringLiteral("Page 3 illisible.")});
        dialog.show();
        dialog.findChild<QPushButton *>(QStringLiteral("damagedReadOnly"))->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.choice(), DamagedBaseDialog::ContinueReadOnly);
    }
}

QTEST_MAIN(TestReadOnlyWindow)
#include "tst_readonlywindow.moc"
