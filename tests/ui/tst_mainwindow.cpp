#include "models/demo/DemoGenerator.h"
#include "models/store/DraftStore.h"
#include "models/text/FrenchText.h"
#include "tests/support/TestData.h"
#include "ui/MainWindow.h"
#include "ui/activities/ActivitiesView.h"
#include "ui/activities/DeleteActivitiesCommand.h"
#include "ui/cra/CraForm.h"
#include "ui/places/PlacesView.h"
#include "ui/widgets/CodeChecklist.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QUndoStack>

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void navigation_byClickAndByCtrlDigit();
    void statusBar_countsActivities_andSyncState();
    void remembersLastView();
    void geometryAndView_arePerDataFolder();
    void firstStartOnABaseWithActivities_opensTheirList();
    void editRequestFromTheList_opensTheForm();
    void modifyingACra_highlightsTheList_andNouveauCraStartsANewOne();
    void savingANewCra_ctrlZUndoesTheSave();
    void ctrlZ_neverUndoesASaveWorkedOnSince();
    void quitting_withUnsavedWork_asksFirst();
    void ctrlZ_undoesADeletion_fromAFieldWithNothingToUndo();
    void draftLeftBehind_isOfferedOnStart_whateverTheLastView();
    void aPlaceAddedElsewhere_isOfferedByTheForm_withoutLosingWhatIsTyped();
    void screenshotsOfEveryView_at1366x768();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestMainWindow::init()
{
    QSettings().clear();
}

void TestMainWindow::navigation_byClickAndByCtrlDigit()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(window.currentView(), MainWindow::View::NouveauCra);

    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
    QVERIFY(navigation);
    QCOMPARE(navigation->count(), 7);
    const QStringList labels = {QStringLiteral("Nouveau CRA"), QStringLiteral("Mes activités"),
        QStringLiteral("Statistiques"), QStringLiteral("Bénéficiaires"), QStringLiteral("Lieux"),
        QStringLiteral("Synchronisation"), QStringLiteral("Paramètres")};
    for (int i = 0; i < labels.size(); ++i)
        QCOMPARE(navigation->item(i)->text(), labels.at(i));

    const QRect lieux = navigation->visualItemRect(navigation->item(4));
    QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {}, lieux.center());
    QCOMPARE(window.currentView(), MainWindow::View::Lieux);

    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.currentView(), MainWindow::View::Activites);
    QTest::keyClick(&window, Qt::Key_7, Qt::ControlModifier);
    QCOMPARE(window.currentView(), MainWindow::View::Parametres);
    auto *pages = window.findChild<QStackedWidget *>(QStringLiteral("pages"));
    QVERIFY(pages);
    QCOMPARE(pages->currentIndex(), 6);
}

void TestMainWindow::statusBar_countsActivities_andSyncState()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    MainWindow window(f.store);
    const auto *count = window.findChild<QLabel *>(QStringLiteral("statusCount"));
    const auto *sync = window.findChild<QLabel *>(QStringLiteral("statusSync"));
    QVERIFY(count && sync);
    QCOMPARE(count->text(), QStringLiteral("1 activité (1 individuel, 0 atelier)"));
    QCOMPARE(sync->text(), QStringLiteral("1 activité à envoyer"));

    // A deletion through the window's undo stack is seen at once, and its undo too.
    Activity b = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(b, &error));
    window.refresh();
    QCOMPARE(count->text(), QStringLiteral("2 activités (2 individuels, 0 atelier)"));
    QVERIFY(f.store.deleteActivity(b.id, &error));
    window.refresh();
    QCOMPARE(count->text(), QStringLiteral("1 activité (1 individuel, 0 atelier)"));
}

void TestMainWindow::remembersLastView()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    {
        MainWindow window(f.store);
        window.show();
        window.showView(MainWindow::View::Beneficiaires);
        window.resize(1000, 650);
        window.close();
    }
    MainWindow again(f.store);
    QCOMPARE(again.currentView(), MainWindow::View::Beneficiaires);
    QCOMPARE(again.size(), QSize(1000, 650));
}

void TestMainWindow::geometryAndView_arePerDataFolder()
{
    // A key from before per-folder memory goes to the first folder opened, and no other.
    QSettings().setValue(QStringLiteral("mainWindow/view"), static_cast<int>(MainWindow::View::Parametres));
    TestData::Fixture a;
    QVERIFY(a.open());
    TestData::Fixture b;
    QVERIFY(b.open());
    {
        MainWindow window(a.store);
        QCOMPARE(window.currentView(), MainWindow::View::Parametres);
        window.show();
        window.showView(MainWindow::View::Beneficiaires);
        window.resize(1000, 650);
        window.close();
    }
    QVERIFY(!QSettings().contains(QStringLiteral("mainWindow/view")));
    {
        MainWindow other(b.store);
        QCOMPARE(other.currentView(), MainWindow::View::NouveauCra); // its own first view, not a's
        QVERIFY(other.size() != QSize(1000, 650));
        other.show();
        other.showView(MainWindow::View::Lieux);
        other.resize(1100, 700);
        other.close();
    }
    MainWindow again(a.store);
    QCOMPARE(again.currentView(), MainWindow::View::Beneficiaires);
    QCOMPARE(again.size(), QSize(1000, 650));
    QVERIFY(MainWindow::settingsKey(a.store.filePath(), QStringLiteral("view"))
        != MainWindow::settingsKey(b.store.filePath(), QStringLiteral("view")));
}

void TestMainWindow::firstStartOnABaseWithActivities_opensTheirList()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    MainWindow window(f.store);
    QCOMPARE(window.currentView(), MainWindow::View::Activites);
}

void TestMainWindow::editRequestFromTheList_opensTheForm()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    MainWindow window(f.store);
    window.show();
    window.showView(MainWindow::View::Activites);
    emit window.activitiesView()->editRequested(a.id);
    QCOMPARE(window.currentView(), MainWindow::View::NouveauCra);
    QVERIFY(!window.craForm()->hasUnsavedChanges());
}

void TestMainWindow::modifyingACra_highlightsTheList_andNouveauCraStartsANewOne()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
    CraForm *form = window.craForm();
    int asked = 0;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    form->setLeaveQuestion([&] {
        ++asked;
        return answer;
    });

    // Opening an activity from the list: the form shows it, "Mes activités" stays highlighted.
    window.showView(MainWindow::View::Activites);
    emit window.activitiesView()->editRequested(a.id);
    QCOMPARE(window.currentView(), MainWindow::View::NouveauCra);
    QVERIFY(form->isEditing());
    QCOMPARE(navigation->currentRow(), 1);

    // Ctrl+1 starts a new CRA; with a change not saved it asks first, and Annuler keeps the modification.
    auto *duree = form->findChild<QLineEdit *>(QStringLiteral("duree"));
    duree->setFocus();
    duree->selectAll();
    QTest::keyClicks(duree, QStringLiteral("1h"));
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(asked, 1);
    QVERIFY(form->isEditing());
    QCOMPARE(window.currentView(), MainWindow::View::NouveauCra);
    QCOMPARE(navigation->currentRow(), 1);
    answer = QMessageBox::Discard;
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(asked, 2);
    QVERIFY(!form->isEditing());
    QCOMPARE(navigation->currentRow(), 0);
    QCOMPARE(f.store.activity(a.id)->dureeMinutes, 45);

    // A click on "Nouveau CRA" while modifying does the same; Échap goes back to the list.
    emit window.activitiesView()->editRequested(a.id);
    QCOMPARE(navigation->currentRow(), 1);
    QTest::mouseClick(
        navigation->viewport(), Qt::LeftButton, {}, navigation->visualItemRect(navigation->item(0)).center());
    QVERIFY(!form->isEditing());
    QCOMPARE(navigation->currentRow(), 0);
    emit window.activitiesView()->editRequested(a.id);
    duree->setFocus();
    QTest::keyClick(duree, Qt::Key_Escape);
    QCOMPARE(window.currentView(), MainWindow::View::Activites);
    QCOMPARE(navigation->currentRow(), 1);
    QVERIFY(!form->isEditing());
}

namespace {
// Types a 45-minute e-mail CRA in "Nouveau CRA" and saves it with Ctrl+Entrée; gives the duration field.
QLineEdit *saveA45MinuteCra(MainWindow &window)
{
    window.showView(MainWindow::View::NouveauCra);
    CraForm *form = window.craForm();
    auto *duree = form->findChild<QLineEdit *>(QStringLiteral("duree"));
    form->findChild<CodeChecklist *>(QStringLiteral("thematiques"))->setChecked(QStringLiteral("email"), true);
    duree->setFocus();
    QTest::keyClicks(duree, QStringLiteral("45"));
    QTest::keyClick(duree, Qt::Key_Return, Qt::ControlModifier);
    return duree;
}
} // namespace

void TestMainWindow::savingANewCra_ctrlZUndoesTheSave()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QLineEdit *duree = saveA45MinuteCra(window);
    QCOMPARE(f.store.counts().activites(), 1);
    QCOMPARE(QApplication::focusWidget(), duree);
    QTest::keyClick(duree, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(f.store.counts().activites(), 0);
    const auto *count = window.findChild<QLabel *>(QStringLiteral("statusCount"));
    QCOMPARE(count->text(), QStringLiteral("0 activité (0 individuel, 0 atelier)"));
}

void TestMainWindow::ctrlZ_neverUndoesASaveWorkedOnSince()
{
    // Undoing a save never deletes work done after it: not while the CRA is open again, not once it was modified.
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    CraForm *form = window.craForm();
    QLineEdit *duree = saveA45MinuteCra(window);
    QCOMPARE(f.store.counts().activites(), 1);
    QUuid id;
    f.store.forEachActivity(
        [&id](const Activity &a) {
            id = a.id;
            return true;
        },
        &error);
    QVERIFY(!id.isNull());

    // Reopened: Ctrl+Z from a field with nothing to undo refuses, and says why.
    form->findChild<QPushButton *>(QStringLiteral("reopenSaved"))->click();
    QVERIFY(form->isEditing());
    auto *checklist = form->findChild<CodeChecklist *>(QStringLiteral("thematiques"));
    checklist->setFocus();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!f.store.activity(id)->isDeleted());
    const auto *status = form->findChild<QLabel *>(QStringLiteral("formStatus"));
    QVERIFY2(status->text().startsWith(QStringLiteral("Annulation impossible")), qPrintable(status->text()));

    // Modified and saved again: the first save's undo is gone for good.
    QTest::keyClick(duree, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(duree, QStringLiteral("50"));
    QTest::keyClick(duree, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(f.store.activity(id)->dureeMinutes, 50);
    QTest::keyClick(duree, Qt::Key_Z, Qt::ControlModifier);
    QTest::keyClick(duree, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!f.store.activity(id)->isDeleted());
    QCOMPARE(f.store.counts().activites(), 1);
}

void TestMainWindow::quitting_withUnsavedWork_asksFirst()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    int asked = 0;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    window.craForm()->setLeaveQuestion([&] {
        ++asked;
        return answer;
    });
    window.showView(MainWindow::View::Lieux);
    auto *notes = window.craForm()->findChild<QPlainTextEdit *>(QStringLiteral("notes"));
    notes->setPlainText(QStringLiteral("A rappeler"));
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    QCOMPARE(asked, 1);
    QVERIFY(window.isVisible());
    QCOMPARE(window.currentView(), MainWindow::View::NouveauCra); // back on what is not saved
    QCOMPARE(window.craForm()->currentActivity().notes, QStringLiteral("A rappeler"));
    answer = QMessageBox::Discard;
    QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier);
    QCOMPARE(asked, 2);
    QVERIFY(!window.isVisible());
}

void TestMainWindow::ctrlZ_undoesADeletion_fromAFieldWithNothingToUndo()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    MainWindow window(f.store);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.undoStack()->push(new DeleteActivitiesCommand(f.store, {a.id}, {}, {}));
    QVERIFY(f.store.activity(a.id)->isDeleted());
    // The window follows deletions through its undo stack, whoever pushed them.
    const auto *count = window.findChild<QLabel *>(QStringLiteral("statusCount"));
    QCOMPARE(count->text(), QStringLiteral("0 activité (0 individuel, 0 atelier)"));

    // The notes field has its own edit to undo: Ctrl+Z there undoes the typing, not the deletion.
    window.showView(MainWindow::View::NouveauCra);
    auto *notes = window.craForm()->findChild<QPlainTextEdit *>(QStringLiteral("notes"));
    QVERIFY(notes);
    notes->setFocus();
    QTest::keyClicks(notes, QStringLiteral("abc"));
    QTest::keyClick(notes, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(f.store.activity(a.id)->isDeleted());
    QVERIFY(notes->toPlainText().size() < 3);

    // The duration field has nothing to undo: Ctrl+Z there restores the activity.
    auto *duree = window.craForm()->findChild<QLineEdit *>(QStringLiteral("duree"));
    QVERIFY(duree);
    duree->setFocus();
    QVERIFY(!duree->isUndoAvailable());
    QTest::keyClick(duree, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!f.store.activity(a.id)->isDeleted());
    QCOMPARE(window.undoStack()->index(), 0);
    QCOMPARE(count->text(), QStringLiteral("1 activité (1 individuel, 0 atelier)"));
}

void TestMainWindow::draftLeftBehind_isOfferedOnStart_whateverTheLastView()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    {
        MainWindow window(f.store);
        window.show();
        window.showView(MainWindow::View::Lieux);
        window.close(); // remembers Lieux as the last view
    }
    // A crash left a draft (closing with unsaved work asks first: quitting_withUnsavedWork_asksFirst).
    Draft draft;
    draft.activity = TestData::individuel(place.id);
    draft.activity.notes = QStringLiteral("A rappeler");
    draft.savedAt = f.store.clock().nowUtc();
    QVERIFY(DraftStore::besideStore(f.store).save(draft, &error));
    MainWindow again(f.store);
    again.show();
    QCOMPARE(again.currentView(), MainWindow::View::Lieux);
    again.startSession();
    QCOMPARE(again.currentView(), MainWindow::View::NouveauCra);
    auto *resume = again.craForm()->findChild<QPushButton *>(QStringLiteral("resumeDraft"));
    QVERIFY(resume);
    QVERIFY(resume->isVisible());
    resume->click();
    QCOMPARE(again.craForm()->currentActivity().notes, QStringLiteral("A rappeler"));
}

void TestMainWindow::aPlaceAddedElsewhere_isOfferedByTheForm_withoutLosingWhatIsTyped()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place first = TestData::place();
    QVERIFY(f.store.savePlace(first, &error));
    MainWindow window(f.store);
    window.show();
    auto *place = window.craForm()->findChild<QComboBox *>(QStringLiteral("place"));
    QVERIFY(place);
    QCOMPARE(place->count(), 1);
    auto *notes = window.craForm()->findChild<QPlainTextEdit *>();
    QVERIFY(notes);
    notes->setPlainText(QStringLiteral("Revoir jeudi"));
    QVERIFY(window.craForm()->hasUnsavedChanges());

    Place second = TestData::place();
    second.nom = QStringLiteral("Mairie de Bonnat");
    QVERIFY(f.store.savePlace(second, &error));
    emit window.placesView()->placesChanged();
    QCOMPARE(place->count(), 2);
    QVERIFY(place->findData(second.id) >= 0);
    QCOMPARE(place->currentData().toUuid(), first.id);
    QCOMPARE(window.craForm()->currentActivity().notes, QStringLiteral("Revoir jeudi"));
}

void TestMainWindow::screenshotsOfEveryView_at1366x768()
{
    TestData::Fixture f;
    QVERIFY(f.openWithDemo(2000, 5));
    MainWindow window(f.store);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // CTest runs this test again at 150 % (QT_SCALE_FACTOR=1.5) into another folder.
    const QString folder = qEnvironmentVariableIsSet("CARNET_SCREENSHOTS") ? qEnvironmentVariable("CARNET_SCREENSHOTS")
                                                                           : QStringLiteral("screenshots");
    const QDir dir(QStringLiteral(CARNET_BINARY_DIR));
    QVERIFY(dir.mkpath(folder));
    const char *const names[] = {"fenetre-nouveau-cra", "fenetre-activites", "fenetre-statistiques",
        "fenetre-beneficiaires", "fenetre-lieux", "fenetre-synchronisation", "fenetre-parametres"};
    for (int i = 0; i < 7; ++i) {
        window.showView(static_cast<MainWindow::View>(i));
        QApplication::processEvents();
        const QString path = dir.filePath(QStringLiteral("%1/%2.png").arg(folder, QLatin1String(names[i])));
        QVERIFY2(window.grab().save(path), qPrintable(path));
        // Nothing clipped: every visible one-line label and button has at least the width its text needs.
        const QList<QWidget *> widgets = window.findChildren<QWidget *>();
        for (const QWidget *w : widgets) {
            if (!w->isVisible())
                continue;
            const auto *label = qobject_cast<const QLabel *>(w);
            const auto *button = qobject_cast<const QAbstractButton *>(w);
            if ((label && !label->wordWrap() && !label->text().isEmpty()) || (button && !button->text().isEmpty())) {
                // A push button's minimum size has a style floor (80 px) above its text: measure the text itself.
                const int needed = qobject_cast<const QPushButton *>(w)
                    ? w->fontMetrics().horizontalAdvance(button->text().remove(QLatin1Char('&'))) + 4
                    : w->minimumSizeHint().width();
                QVERIFY2(w->width() >= needed,
                    qPrintable(QStringLiteral("%1: « %2 » clipped (%3 < %4 px)")
                                   .arg(QLatin1String(names[i]), label ? label->text() : button->text())
                                   .arg(w->width())
                                   .arg(needed)));
            }
        }
    }
    const auto *count = window.findChild<QLabel *>(QStringLiteral("statusCount"));
    const StoreCounts c = f.store.counts();
    QVERIFY(c.activites() > 1900);
    QVERIFY2(count->text().startsWith(FrenchText::number(c.activites()) + QStringLiteral(" activités (")),
        qPrintable(count->text()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
