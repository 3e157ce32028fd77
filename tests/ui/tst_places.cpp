#include "tests/support/Screenshot.h"
#include "tests/support/TestData.h"
#include "ui/places/PlaceDialog.h"
#include "ui/places/PlacesView.h"
#include "ui/settings/ProfileEditor.h"
#include "ui/settings/SettingsView.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using TestData::Fixture;

namespace {
// build/screenshots/<name>, at 1366x768.
void saveScreenshot(QWidget &widget, const QString &name)
{
    widget.resize(1366, 768);
    Screenshot::save(widget, name);
}

PlaceDialog *openedDialog(QWidget &parent)
{
    PlaceDialog *dialog = nullptr;
    [&] { QTRY_VERIFY((dialog = parent.findChild<PlaceDialog *>()) != nullptr && dialog->isVisible()); }();
    return dialog;
}

int rowOf(QTableWidget *table, const QString &name)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, PlacesView::NomColumn)->text() == name)
            return row;
    }
    return -1;
}
} // namespace

class TestPlaces : public QObject
{
    Q_OBJECT

private slots:
    void store_archiveHidesFromActiveList_pastActivitiesKeepIt();
    void store_activityCountsIgnoreDeletedActivities();
    void view_createsPlaceWithKeyboard();
    void view_empty_keepsTitleButtonsAndMessageAtTheTop();
    void view_dialogRefusesMissingNameAndUnknownCommune();
    void view_editsPlace();
    void view_archivesAndReactivates();
    void view_screenshot();
    void settings_savesProfile_showsFolderAndSchema();
    void settings_screenshot();
};

void TestPlaces::store_archiveHidesFromActiveList_pastActivitiesKeepIt()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    f.clock.advanceSecs(60);
    QVERIFY2(f.store.archivePlace(place.id, true, &error), qPrintable(error));
    QVERIFY(f.store.places(false).isEmpty());
    QCOMPARE(f.store.places(true).size(), 1);
    QVERIFY(f.store.place(place.id)->archive);
    QCOMPARE(f.store.place(place.id)->modification, TestData::fixedNow().addSecs(60));
    // The past activity still names the place, and can still be edited and saved with it.
    Activity past = *f.store.activity(a.id);
    QCOMPARE(past.lieuId, place.id);
    QCOMPARE(f.store.place(past.lieuId)->nom, place.nom);
    past.dureeMinutes = 60;
    QVERIFY2(f.store.saveActivity(past, &error), qPrintable(error));
    QCOMPARE(f.store.counts().lieuxArchives, 1);

    QVERIFY(f.store.archivePlace(place.id, false, &error));
    QCOMPARE(f.store.places(false).size(), 1);
    QVERIFY(!f.store.archivePlace(QUuid::createUuid(), true, &error));
    QVERIFY(error.contains(QStringLiteral("n'existe pas")));
}

void TestPlaces::store_activityCountsIgnoreDeletedActivities()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Place other = TestData::place();
    other.nom = QStringLiteral("Mairie");
    QVERIFY(f.store.savePlace(place, &error));
    QVERIFY(f.store.savePlace(other, &error));
    Activity a = TestData::individuel(place.id);
    Activity b = TestData::individuel(place.id);
    Activity c = TestData::collectif(place.id);
    for (Activity *x : {&a, &b, &c})
        QVERIFY(f.store.saveActivity(*x, &error));
    QVERIFY(f.store.deleteActivity(b.id, &error));
    QCOMPARE(f.store.activityCountForPlace(place.id), 2);
    QCOMPARE(f.store.activityCountForPlace(other.id), 0);
    const QHash<QUuid, int> counts = f.store.activityCountsByPlace();
    QCOMPARE(counts.value(place.id), 2);
    QVERIFY(!counts.contains(other.id));
}

void TestPlaces::view_empty_keepsTitleButtonsAndMessageAtTheTop()
{
    Fixture f;
    QVERIFY(f.open());
    PlacesView view(f.store);
    view.resize(1366, 768);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *title = view.findChild<QLabel *>(QStringLiteral("placesTitle"));
    auto *button = view.findChild<QPushButton *>(QStringLiteral("newPlaceButton"));
    auto *empty = view.findChild<QLabel *>(QStringLiteral("placesEmpty"));
    QVERIFY(empty->isVisible());
    // Title, buttons and message follow one another at the top, not spread over 768 pixels.
    QVERIFY2(title->geometry().top() < 40, qPrintable(QString::number(title->geometry().top())));
    const int buttonTop = button->mapTo(&view, QPoint(0, 0)).y();
    QVERIFY2(buttonTop < 160, qPrintable(QString::number(buttonTop)));
    const int messageTop = empty->mapTo(&view, QPoint(0, 0)).y();
    QVERIFY2(messageTop < buttonTop + 80, qPrintable(QString::number(messageTop)));
    QVERIFY(empty->alignment() & Qt::AlignTop);
    QVERIFY(QDir().mkpath(QStringLiteral(CARNET_BINARY_DIR "/screenshots")));
    QVERIFY(view.grab().save(QStringLiteral(CARNET_BINARY_DIR "/screenshots/lieux-vide.png")));
}

void TestPlaces::view_createsPlaceWithKeyboard()
{
    Fixture f;
    QVERIFY(f.open());
    PlacesView view(f.store);
    view.show(); // the view loads when shown
    view.show();
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("placesEmpty"))->isVisible());
    QSignalSpy changed(&view, &PlacesView::placesChanged);
    QTest::keyClick(view.findChild<QPushButton *>(QStringLiteral("newPlaceButton")), Qt::Key_Space);
    PlaceDialog *dialog = openedDialog(view);
    QVERIFY(dialog);
    auto *nom = dialog->findChild<QLineEdit *>(QStringLiteral("placeNom"));
    QTest::keyClicks(nom, QStringLiteral("France Services d'Aubusson"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("placeAdresse")), QStringLiteral("2 rue Vieille"));
    auto *commune = dialog->findChild<QLineEdit *>(QStringLiteral("placeCommune"));
    QTest::keyClicks(commune, QStringLiteral("23200"));
    QTRY_VERIFY(QApplication::activePopupWidget() != nullptr);
    QWidget *popup = QApplication::activePopupWidget();
    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(!popup->isVisible());
    QVERIFY(commune->text().endsWith(QStringLiteral("(23200)")));
    QTest::keyClick(nom, Qt::Key_Return);
    QTRY_COMPARE(changed.count(), 1);

    const QList<Place> places = f.store.places(false);
    QCOMPARE(places.size(), 1);
    QCOMPARE(places.first().nom, QStringLiteral("France Services d'Aubusson"));
    QCOMPARE(places.first().adresse, QStringLiteral("2 rue Vieille"));
    QCOMPARE(places.first().commune.codePostal, QStringLiteral("23200"));
    QVERIFY(!places.first().commune.codeInsee.isEmpty());
    auto *table = view.findChild<QTableWidget *>(QStringLiteral("placesTable"));
    QCOMPARE(table->rowCount(), 1);
    QVERIFY(table->isVisible());
    QCOMPARE(view.currentPlace(), places.first().id);
}

void TestPlaces::view_dialogRefusesMissingNameAndUnknownCommune()
{
    Fixture f;
    QVERIFY(f.open());
    PlaceDialog dialog(f.store);
    dialog.show();
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("placeCommune")), QStringLiteral("Nullepart"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("placeSave")), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    auto *nomError = dialog.findChild<QLabel *>(QStringLiteral("placeNomError"));
    QVERIFY(nomError->isVisible());
    QVERIFY(nomError->text().contains(QStringLiteral("nom du lieu")));
    QCOMPARE(
        dialog.findChild<QLineEdit *>(QStringLiteral("placeNom"))->accessibleDescription(), nomError->text().mid(2));
    QVERIFY(
        dialog.findChild<QLabel *>(QStringLiteral("placeCommuneError"))->text().contains(QStringLiteral("Nullepart")));
    QVERIFY(f.store.places().isEmpty());
}

void TestPlaces::view_editsPlace()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    PlacesView view(f.store);
    view.show(); // the view loads when shown
    view.show();
    QSignalSpy changed(&view, &PlacesView::placesChanged);
    view.selectPlace(place.id);
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("editPlaceButton")), Qt::LeftButton);
    PlaceDialog *dialog = openedDialog(view);
    QVERIFY(dialog);
    auto *nom = dialog->findChild<QLineEdit *>(QStringLiteral("placeNom"));
    QCOMPARE(nom->text(), place.nom);
    QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("placeCommune"))->text(), QStringLiteral("Guéret (23000)"));
    nom->selectAll();
    QTest::keyClicks(nom, QStringLiteral("Mairie de Bonnat"));
    QTest::keyClick(nom, Qt::Key_Return);
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(f.store.place(place.id)->nom, QStringLiteral("Mairie de Bonnat"));
    QCOMPARE(f.store.place(place.id)->commune, TestData::gueret());
    QCOMPARE(f.store.places().size(), 1);
}

void TestPlaces::view_archivesAndReactivates()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Place other = TestData::place();
    other.nom = QStringLiteral("Mairie de Bourganeuf");
    QVERIFY(f.store.savePlace(place, &error));
    QVERIFY(f.store.savePlace(other, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    PlacesView view(f.store);
    view.show(); // the view loads when shown
    view.show();
    auto *table = view.findChild<QTableWidget *>(QStringLiteral("placesTable"));
    auto *archive = view.findChild<QPushButton *>(QStringLiteral("archivePlaceButton"));
    auto *showArchived = view.findChild<QCheckBox *>(QStringLiteral("showArchivedCheck"));
    QSignalSpy changed(&view, &PlacesView::placesChanged);
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(rowOf(table, place.nom), PlacesView::ActivitesColumn)->text(), QStringLiteral("1"));
    QVERIFY(!archive->isEnabled());

    view.selectPlace(place.id);
    QCOMPARE(archive->text(), QStringLiteral("&Archiver"));
    QTest::mouseClick(archive, Qt::LeftButton);
    QCOMPARE(changed.count(), 1);
    QVERIFY(f.store.place(place.id)->archive);
    QCOMPARE(table->rowCount(), 1); // hidden until asked for
    QCOMPARE(rowOf(table, place.nom), -1);

    QTest::mouseClick(showArchived, Qt::LeftButton);
    QVERIFY(showArchived->isChecked());
    QCOMPARE(table->rowCount(), 2);
    const int row = rowOf(table, place.nom);
    QVERIFY(row >= 0);
    QCOMPARE(table->item(row, PlacesView::EtatColumn)->text(), QStringLiteral("Archivé"));
    QCOMPARE(table->item(rowOf(table, other.nom), PlacesView::EtatColumn)->text(), QStringLiteral("En service"));
    QCOMPARE(table->item(row, PlacesView::NomColumn)->foreground().color(),
        view.palette().color(QPalette::Disabled, QPalette::Text));
    QVERIFY(table->item(row, PlacesView::NomColumn)->font().italic());

    view.selectPlace(place.id);
    QCOMPARE(archive->text(), QStringLiteral("&Réactiver"));
    QTest::mouseClick(archive, Qt::LeftButton);
    QCOMPARE(changed.count(), 2);
    QVERIFY(!f.store.place(place.id)->archive);
    QCOMPARE(table->item(rowOf(table, place.nom), PlacesView::EtatColumn)->text(), QStringLiteral("En service"));
}

void TestPlaces::view_screenshot()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    const QStringList names = {QStringLiteral("Médiathèque de Guéret"), QStringLiteral("France Services d'Aubusson"),
        QStringLiteral("Mairie de Bourganeuf"), QStringLiteral("Ancien local associatif")};
    QUuid first;
    for (const QString &name : names) {
        Place p = TestData::place();
        p.nom = name;
        p.archive = name.startsWith(QStringLiteral("Ancien"));
        QVERIFY(f.store.savePlace(p, &error));
        if (first.isNull())
            first = p.id;
    }
    for (int i = 0; i < 3; ++i) {
        Activity a = TestData::individuel(first);
        QVERIFY(f.store.saveActivity(a, &error));
    }
    PlacesView view(f.store);
    view.show(); // the view loads when shown
    view.findChild<QCheckBox *>(QStringLiteral("showArchivedCheck"))->setChecked(true);
    view.selectPlace(first);
    saveScreenshot(view, QStringLiteral("lieux.png"));
}

void TestPlaces::settings_savesProfile_showsFolderAndSchema()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    place.archive = true;
    QVERIFY(f.store.savePlace(place, &error));
    SettingsView view(f.store);
    view.show();
    QList<QUrl> opened;
    view.setOpenUrl([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    QSignalSpy places(&view, &SettingsView::managePlacesRequested);
    QSignalSpy saved(&view, &SettingsView::profileSaved);
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("dataFolder"))->text().contains(f.dir.path().toHtmlEscaped()));
    // The schema version is folded under "Informations techniques", out of the page's first sight.
    auto *schema = view.findChild<QLabel *>(QStringLiteral("schemaVersion"));
    QVERIFY(!schema->isVisible());
    auto *technical = view.findChild<QPushButton *>(QStringLiteral("technicalInfoButton"));
    QTest::keyClick(technical, Qt::Key_Space);
    QVERIFY(schema->isVisible());
    QVERIFY(schema->text().endsWith(QString::number(f.store.schemaVersion())));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("placesSummary"))->text().contains(QStringLiteral("1 archivé")));

    // Saving an incomplete profile is refused with the message under the field.
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("saveProfileButton")), Qt::LeftButton);
    QCOMPARE(saved.count(), 0);
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("profilePrenomError"))->isVisible());
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("profileRoleError"))->isVisible());
    QVERIFY(f.store.profile().isEmpty());

    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("profilePrenom")), QStringLiteral("Camille"));
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("profileNom")), QStringLiteral("Bernard"));
    QTest::keyClicks(
        view.findChild<QLineEdit *>(QStringLiteral("profileEmail")), QStringLiteral("camille.bernard@exemple.fr"));
    QTest::keyClick(view.findChild<QRadioButton *>(QStringLiteral("profileRoleMediateur")), Qt::Key_Space);
    QTest::keyClicks(
        view.findChild<QLineEdit *>(QStringLiteral("profileStructure")), QStringLiteral("Creuse Grand Sud"));
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("profileCommune")), QStringLiteral("Aubusson"));
    QTest::keyClick(view.findChild<QPushButton *>(QStringLiteral("saveProfileButton")), Qt::Key_Space);
    QCOMPARE(saved.count(), 0); // two communes are named Aubusson: the list must be used
    auto *communeError = view.findChild<QLabel *>(QStringLiteral("profileCommuneError"));
    QVERIFY(communeError->isVisible());
    QVERIFY(communeError->text().contains(QStringLiteral("introuvable")));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("profileRoleError"))->isHidden());
    auto *commune = view.findChild<QLineEdit *>(QStringLiteral("profileCommune"));
    commune->clear();
    QTest::keyClicks(commune, QStringLiteral("Aubus"));
    QTRY_VERIFY(QApplication::activePopupWidget() != nullptr);
    QWidget *popup = QApplication::activePopupWidget();
    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(!popup->isVisible());
    QTest::keyClick(view.findChild<QPushButton *>(QStringLiteral("saveProfileButton")), Qt::Key_Space);
    QCOMPARE(saved.count(), 1);
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("profilePrenomError"))->isHidden());
    QCOMPARE(view.findChild<QLabel *>(QStringLiteral("profileStatus"))->text(), QStringLiteral("Profil enregistré."));
    const Profile p = f.store.profile();
    QCOMPARE(p.prenom, QStringLiteral("Camille"));
    QCOMPARE(p.role, QLatin1String(Profile::Mediateur));
    QCOMPARE(p.structure.nom, QStringLiteral("Creuse Grand Sud"));
    QCOMPARE(p.structure.commune.codeInsee, QStringLiteral("23008"));

    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("openDataFolderButton")), Qt::LeftButton);
    QCOMPARE(opened, QList<QUrl>{QUrl::fromLocalFile(f.dir.path())});
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("managePlacesButton")), Qt::LeftButton);
    QCOMPARE(places.count(), 1);
}

void TestPlaces::settings_screenshot()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Profile p;
    p.prenom = QStringLiteral("Camille");
    p.nom = QStringLiteral("Bernard");
    p.email = QStringLiteral("camille.bernard@exemple.fr");
    p.role = QLatin1String(Profile::ConseillerNumerique);
    p.structure.nom = QStringLiteral("Médiathèque intercommunale");
    p.structure.commune = TestData::gueret();
    QVERIFY(f.store.saveProfile(p, &error));
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    SettingsView view(f.store);
    QCOMPARE(view.profileEditor()->profile(), p);
    saveScreenshot(view, QStringLiteral("parametres.png"));
}

QTEST_MAIN(TestPlaces)
#include "tst_places.moc"
