#include "tests/support/TestData.h"
#include "ui/settings/ProfileEditor.h"
#include "ui/settings/WelcomeDialog.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using TestData::Fixture;

namespace {
QLineEdit *line(QWidget &w, const char *name)
{
    return w.findChild<QLineEdit *>(QLatin1String(name));
}
} // namespace

class TestWelcome : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void isNeeded_onlyOnAFirstStartNeverSkipped();
    void fillProfileAndPlaces_withKeys_thenStart_storesThem();
    void invalidProfile_isRefused_andNothingStored();
    void blankProfile_withAPlace_storesOnlyThePlace();
    void skip_storesNothing_andIsNotAskedAgain();
    void typedPlaceWithUnknownCommune_isNotAdded();
    void enter_doesWhatTheFocusedButtonSays_andNeverSkipsSilently();
    void screenshot();

private:
    QTemporaryDir m_settingsDir;
};

void TestWelcome::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("carnet-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_welcome"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestWelcome::init()
{
    QSettings().clear();
}

void TestWelcome::isNeeded_onlyOnAFirstStartNeverSkipped()
{
    QString error;
    {
        Fixture f;
        QVERIFY(f.open());
        QVERIFY(WelcomeDialog::isNeeded(f.store));
        QSettings().setValue(QLatin1String(WelcomeDialog::SkippedKey), true);
        QVERIFY(!WelcomeDialog::isNeeded(f.store));
        QSettings().clear();
        Profile p;
        p.prenom = QStringLiteral("Camille");
        p.nom = QStringLiteral("Bernard");
        p.role = QLatin1String(Profile::Mediateur);
        QVERIFY(f.store.saveProfile(p, &error));
        QVERIFY(!WelcomeDialog::isNeeded(f.store));
    }
    {
        Fixture f;
        QVERIFY(f.open());
        Place place = TestData::place();
        QVERIFY(f.store.savePlace(place, &error));
        QVERIFY(!WelcomeDialog::isNeeded(f.store));
    }
    {
        Fixture f; // a base with activities but no profile nor place (an import, `carnet demo`...)
        QVERIFY(f.open());
        Activity a = TestData::individuel(QUuid());
        a.typeLieu = QStringLiteral("domicile");
        a.lieuCommune = TestData::gueret();
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
        QVERIFY(!WelcomeDialog::isNeeded(f.store));
    }
}

void TestWelcome::fillProfileAndPlaces_withKeys_thenStart_storesThem()
{
    Fixture f;
    QVERIFY(f.open());
    WelcomeDialog dialog(f.store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("welcomeDataFolder"))->text().contains(f.dir.path()));
    QTest::keyClicks(line(dialog, "profilePrenom"), QStringLiteral("Camille"));
    QTest::keyClicks(line(dialog, "profileNom"), QStringLiteral("Bernard"));
    QTest::keyClicks(line(dialog, "profileEmail"), QStringLiteral("camille@exemple.fr"));
    QTest::keyClick(dialog.findChild<QRadioButton *>(QStringLiteral("profileRoleConseiller")), Qt::Key_Space);
    QTest::keyClicks(line(dialog, "profileStructure"), QStringLiteral("Mairie de Gueret"));
    QTest::keyClicks(line(dialog, "profileCommune"), QStringLiteral("Gueret"));

    // A first place, added with Entrée in its commune field; the dialog stays open.
    QTest::keyClicks(line(dialog, "welcomePlaceName"), QStringLiteral("Tiers-lieu La Quincaillerie"));
    QTest::keyClicks(line(dialog, "welcomePlaceCommune"), QStringLiteral("Gueret"));
    QTest::keyClick(line(dialog, "welcomePlaceCommune"), Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    auto *list = dialog.findChild<QListWidget *>(QStringLiteral("welcomePlaceList"));
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->text(), QStringLiteral("Tiers-lieu La Quincaillerie — Guéret (23000)"));
    QVERIFY(line(dialog, "welcomePlaceName")->text().isEmpty());
    QVERIFY(f.store.places().isEmpty()); // saved only on "Commencer"

    // A second one typed but not added: "Commencer" adds it.
    QTest::keyClicks(line(dialog, "welcomePlaceName"), QStringLiteral("Mairie de Bonnat"));
    QTest::keyClicks(line(dialog, "welcomePlaceCommune"), QStringLiteral("Bonnat"));
    QTest::keyClick(line(dialog, "profileNom"), Qt::Key_Return); // the default button
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    const Profile p = f.store.profile();
    QCOMPARE(p.prenom, QStringLiteral("Camille"));
    QCOMPARE(p.nom, QStringLiteral("Bernard"));
    QCOMPARE(p.email, QStringLiteral("camille@exemple.fr"));
    QCOMPARE(p.role, QLatin1String(Profile::ConseillerNumerique));
    QCOMPARE(p.structure.nom, QStringLiteral("Mairie de Gueret"));
    QCOMPARE(p.structure.commune, TestData::gueret());
    const QList<Place> places = f.store.places(false);
    QCOMPARE(places.size(), 2);
    QCOMPARE(places.at(0).nom, QStringLiteral("Mairie de Bonnat"));
    QCOMPARE(places.at(0).commune.nom, QStringLiteral("Bonnat"));
    QCOMPARE(places.at(1).nom, QStringLiteral("Tiers-lieu La Quincaillerie"));
    QCOMPARE(places.at(1).commune, TestData::gueret());
    QVERIFY(!WelcomeDialog::isNeeded(f.store));
}

void TestWelcome::invalidProfile_isRefused_andNothingStored()
{
    Fixture f;
    QVERIFY(f.open());
    WelcomeDialog dialog(f.store);
    dialog.show();
    QTest::keyClicks(line(dialog, "profilePrenom"), QStringLiteral("Camille"));
    QTest::keyClicks(line(dialog, "profileEmail"), QStringLiteral("camille-at-exemple"));
    QTest::keyClicks(line(dialog, "welcomePlaceName"), QStringLiteral("Mairie de Bonnat"));
    QTest::keyClicks(line(dialog, "welcomePlaceCommune"), QStringLiteral("Bonnat"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("welcomeStart")), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("profileNomError"))->isVisible());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("profileEmailError"))->text().contains(QStringLiteral("valide")));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("profileRoleError"))->isVisible());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("profilePrenomError"))->isHidden());
    QVERIFY(f.store.profile().isEmpty());
    QVERIFY(f.store.places().isEmpty());
    QCOMPARE(dialog.pendingPlaces().size(), 1); // kept in the list, not lost
    QVERIFY(WelcomeDialog::isNeeded(f.store));
}

void TestWelcome::blankProfile_withAPlace_storesOnlyThePlace()
{
    Fixture f;
    QVERIFY(f.open());
    WelcomeDialog dialog(f.store);
    dialog.show();
    QTest::keyClicks(line(dialog, "welcomePlaceName"), QStringLiteral("Mairie de Bonnat"));
    QTest::keyClicks(line(dialog, "welcomePlaceCommune"), QStringLiteral("Bonnat"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("welcomeStart")), Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
    QVERIFY(f.store.profile().isEmpty());
    QCOMPARE(f.store.places().size(), 1);
    QVERIFY(!WelcomeDialog::isNeeded(f.store));
}

void TestWelcome::skip_storesNothing_andIsNotAskedAgain()
{
    Fixture f;
    QVERIFY(f.open());
    QVERIFY(WelcomeDialog::isNeeded(f.store));
    WelcomeDialog dialog(f.store);
    dialog.show();
    QTest::keyClicks(line(dialog, "profilePrenom"), QStringLiteral("Camille"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("welcomeSkip")), Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(f.store.profile().isEmpty());
    QVERIFY(QSettings().value(QLatin1String(WelcomeDialog::SkippedKey)).toBool());
    QVERIFY(!WelcomeDialog::isNeeded(f.store));
}

void TestWelcome::enter_doesWhatTheFocusedButtonSays_andNeverSkipsSilently()
{
    Fixture f;
    QVERIFY(f.open());
    WelcomeDialog dialog(f.store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *list = dialog.findChild<QListWidget *>(QStringLiteral("welcomePlaceList"));

    // Entrée on "Ajouter ce lieu" adds the place; the dialog stays open.
    QTest::keyClicks(line(dialog, "welcomePlaceName"), QStringLiteral("Mairie de Bonnat"));
    QTest::keyClicks(line(dialog, "welcomePlaceCommune"), QStringLiteral("Bonnat"));
    auto *add = dialog.findChild<QPushButton *>(QStringLiteral("welcomeAddPlace"));
    add->setFocus();
    QTest::keyClick(add, Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QCOMPARE(list->count(), 1);

    // Entrée on "Retirer le lieu choisi" removes it.
    auto *remove = dialog.findChild<QPushButton *>(QStringLiteral("welcomeRemovePlace"));
    remove->setFocus();
    QTest::keyClick(remove, Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QCOMPARE(list->count(), 0);

    // Entrée in a field with nothing filled: "Commencer" says what is missing instead of skipping everything.
    line(dialog, "profilePrenom")->setFocus();
    QTest::keyClick(line(dialog, "profilePrenom"), Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    auto *message = dialog.findChild<QLabel *>(QStringLiteral("welcomeStoreError"));
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(QStringLiteral("Passer cette étape")));
    QVERIFY(!QSettings().value(QLatin1String(WelcomeDialog::SkippedKey), false).toBool());
    QVERIFY(WelcomeDialog::isNeeded(f.store));

    // Entrée on "Passer cette étape" skips.
    auto *skip = dialog.findChild<QPushButton *>(QStringLiteral("welcomeSkip"));
    skip->setFocus();
    QTest::keyClick(skip, Qt::Key_Return);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void TestWelcome::typedPlaceWithUnknownCommune_isNotAdded()
{
    Fixture f;
    QVERIFY(f.open());
    WelcomeDialog dialog(f.store);
    dialog.show();
    QTest::keyClicks(line(dialog, "welcomePlaceName"), QStringLiteral("Salle des fetes"));
    QTest::keyClicks(line(dialog, "welcomePlaceCommune"), QStringLiteral("Nullepart"));
    QTest::keyClick(line(dialog, "welcomePlaceCommune"), Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.findChild<QListWidget *>(QStringLiteral("welcomePlaceList"))->count(), 0);
    auto *error = dialog.findChild<QLabel *>(QStringLiteral("welcomePlaceError"));
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("Nullepart")));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("welcomeStart")), Qt::LeftButton);
    QVERIFY(dialog.isVisible()); // the typed place is not silently dropped
    QVERIFY(f.store.places().isEmpty());
}

void TestWelcome::screenshot()
{
    Fixture f;
    QVERIFY(f.open());
    WelcomeDialog dialog(f.store);
    QTest::keyClicks(line(dialog, "profilePrenom"), QStringLiteral("Camille"));
    QTest::keyClicks(line(dialog, "welcomePlaceName"), QStringLiteral("Tiers-lieu La Quincaillerie"));
    QTest::keyClicks(line(dialog, "welcomePlaceCommune"), QStringLiteral("Gueret"));
    QTest::keyClick(line(dialog, "welcomePlaceCommune"), Qt::Key_Return);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QApplication::processEvents();
    // The dialog as it appears over a 1366×768 screen.
    QVERIFY(dialog.width() <= 1366 && dialog.height() <= 768);
    QVERIFY(dialog.minimumSizeHint().width() <= 1366 && dialog.minimumSizeHint().height() <= 740);
    QImage screen(1366, 768, QImage::Format_RGB32);
    screen.fill(dialog.palette().color(QPalette::Dark));
    QPainter painter(&screen);
    const QPixmap pixmap = dialog.grab();
    painter.drawPixmap((screen.width() - pixmap.width()) / 2, (screen.height() - pixmap.height()) / 2, pixmap);
    painter.end();
    const QString dir = QStringLiteral(CARNET_BINARY_DIR "/screenshots");
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(screen.save(dir + QStringLiteral("/bienvenue.png")));
}

QTEST_MAIN(TestWelcome)
#include "tst_welcome.moc"
