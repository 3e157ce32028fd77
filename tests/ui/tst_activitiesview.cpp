#include "models/demo/DemoGenerator.h"
#include "models/domain/Nomenclature.h"
#include "models/list/ActivityTableModel.h"
#include "models/text/FrenchText.h"
#include "tests/support/TestData.h"
#include "ui/activities/ActivitiesView.h"
#include "ui/activities/DeleteActivitiesCommand.h"
#include "ui/widgets/MultiValueCombo.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

using TestData::Fixture;

namespace {
bool waitLoaded(const ActivitiesView &view)
{
    return QTest::qWaitFor([&view] { return !view.model()->isLoading(); }, 20000);
}

template <typename T> T *find(const QWidget &view, const char *name)
{
    T *w = view.findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qWarning("no widget named %s", name);
    return w;
}

void populate(Store &store, int count)
{
    QString error;
    DemoGenerator::Options options;
    options.count = count;
    options.seed = 11;
    QVERIFY2(DemoGenerator::populate(store, options, &error), qPrintable(error));
}
} // namespace

class TestActivitiesView : public QObject
{
    Q_OBJECT

private slots:
    void typeCombo_filtersTheList();
    void searchField_filtersAfterAPause();
    void thematiques_severalTicked_withTheKeyboardAndTheMouse();
    void deleteSelection_confirmed_thenUndo();
    void deleteOne_withTheMessageBox();
    void deleteSeveral_failingHalfWay_saysWhatWasDone_andKeepsTheUndo();
    void delete_selectsTheCurrentRow_namesThem_defaultsToCancel();
    void enterOpens_ctrlDDuplicates();
    void emptyBase_andNoMatch_showMessages();
    void screenshot();
};

void TestActivitiesView::typeCombo_filtersTheList()
{
    Fixture f;
    QVERIFY(f.open());
    populate(f.store, 600);
    QUndoStack undo;
    ActivitiesView view(f.store, &undo);
    QVERIFY(waitLoaded(view));
    auto *combo = find<QComboBox>(view, "typeCombo");
    QVERIFY(combo);
    const int index = combo->findData(QLatin1String(Codes::TypeActivite::Collectif));
    QVERIFY(index > 0);
    // As the combo's keyboard or popup does (a change made by code alone is not the user's filter).
    combo->setCurrentIndex(index);
    emit combo->activated(index);
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.filter().types, QStringList{QLatin1String(Codes::TypeActivite::Collectif)});
    const QString label = Nomenclature::instance().label(
        Nomenclature::List::TypeActivite, QLatin1String(Codes::TypeActivite::Collectif));
    ActivityTableModel *model = view.model();
    QVERIFY(model->rowCount() > 0);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, ActivityTableModel::TypeColumn).data().toString(), label);
    auto *summary = find<QLabel>(view, "summaryLabel");
    QCOMPARE(summary->text(),
        FrenchText::count(model->totalCount(), QStringLiteral("activité"), QStringLiteral("activités")));
    QVERIFY(model->totalCount() < 600);
}

void TestActivitiesView::thematiques_severalTicked_withTheKeyboardAndTheMouse()
{
    Fixture f;
    QVERIFY(f.open());
    populate(f.store, 300);
    ActivitiesView view(f.store, nullptr);
    view.resize(1366, 768);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(waitLoaded(view));
    auto *combo = find<MultiValueCombo>(view, "thematiqueCombo");
    QVERIFY(combo);
    QCOMPARE(combo->displayText(), QStringLiteral("Toutes les thématiques"));
    const QString email = QStringLiteral("email");
    const QString navigation = QStringLiteral("navigation_sur_internet");
    const QString bureautique = QStringLiteral("bureautique");

    // Alt+↓ opens the list; Space ticks and keeps it open; Enter closes it and filters once.
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down, Qt::AltModifier);
    QAbstractItemView *list = combo->view();
    QTRY_VERIFY(list->isVisible());
    for (const QString &code : {email, navigation}) {
        list->setCurrentIndex(combo->model()->index(combo->findData(code), 0));
        QTest::keyClick(list, Qt::Key_Space);
        QVERIFY(list->isVisible());
    }
    QCOMPARE(view.model()->filter().thematiques, QStringList()); // not applied yet: the list is open
    QTest::keyClick(list, Qt::Key_Return);
    QTRY_VERIFY(!list->isVisible());
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.model()->filter().thematiques, (QStringList{navigation, email})); // in the list's order
    QCOMPARE(combo->displayText(), QStringLiteral("Navigation sur internet, E-mail"));
    const qint64 two = view.model()->totalCount();
    QVERIFY(two > 0);

    // A click ticks a third one, the list stays open; Échap closes it and keeps the ticks.
    QTest::keyClick(combo, Qt::Key_F4);
    QTRY_VERIFY(list->isVisible());
    const QModelIndex third = combo->model()->index(combo->findData(bureautique), 0);
    list->scrollTo(third);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(third).center());
    QVERIFY(list->isVisible());
    QTest::keyClick(list, Qt::Key_Escape);
    QTRY_VERIFY(!list->isVisible());
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.model()->filter().thematiques, (QStringList{navigation, email, bureautique}));
    QCOMPARE(combo->displayText(), QStringLiteral("3 thématiques"));
    QVERIFY(view.model()->totalCount() >= two);

    // Enter on a value without a tick chooses it alone, as in a plain drop-down.
    QTest::keyClick(combo, Qt::Key_F4);
    QTRY_VERIFY(list->isVisible());
    list->setCurrentIndex(combo->model()->index(combo->findData(email), 0));
    QTest::keyClick(list, Qt::Key_Return);
    QTRY_VERIFY(!list->isVisible());
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.model()->filter().thematiques, QStringList{email});
    QCOMPARE(combo->displayText(), QStringLiteral("E-mail"));
    // Closed, the arrows move to the next value alone.
    QTest::keyClick(combo, Qt::Key_Down);
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.model()->filter().thematiques.size(), 1);
    QVERIFY(view.model()->filter().thematiques.first() != email);
}

void TestActivitiesView::searchField_filtersAfterAPause()
{
    Fixture f;
    QVERIFY(f.open());
    populate(f.store, 600);
    ActivitiesView view(f.store, nullptr);
    view.show();
    QVERIFY(waitLoaded(view));
    const qint64 all = view.model()->totalCount();
    auto *search = find<QLineEdit>(view, "searchEdit");
    QVERIFY(search);
    search->setFocus();
    QTest::keyClicks(search, QStringLiteral("tablette"));
    QCOMPARE(view.model()->filter().text, QString()); // not yet: debounced
    QVERIFY(QTest::qWaitFor([&view] { return view.model()->filter().text == QLatin1String("tablette"); }, 2000));
    QVERIFY(waitLoaded(view));
    QVERIFY(view.model()->totalCount() > 0);
    QVERIFY(view.model()->totalCount() < all);
    for (int row = 0; row < view.model()->rowCount(); ++row) {
        const Activity a = *f.store.activity(view.model()->idAt(row));
        QVERIFY(a.titreAtelier.contains(QLatin1String("tablette"), Qt::CaseInsensitive)
            || a.notes.contains(QLatin1String("tablette"), Qt::CaseInsensitive));
    }
}

void TestActivitiesView::deleteSelection_confirmed_thenUndo()
{
    Fixture f;
    QVERIFY(f.open());
    populate(f.store, 300);
    QUndoStack undo;
    ActivitiesView view(f.store, &undo);
    view.show();
    QVERIFY(waitLoaded(view));
    const qint64 before = view.model()->totalCount();
    auto *table = find<QTableView>(view, "activitiesTable");
    table->setFocus();
    table->selectionModel()->select(QItemSelection(view.model()->index(1, 0), view.model()->index(3, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    table->selectionModel()->setCurrentIndex(view.model()->index(1, 0), QItemSelectionModel::NoUpdate);
    const QList<QUuid> ids = view.selectedIds();
    QCOMPARE(ids.size(), 3);

    int asked = 0;
    bool answer = false;
    view.setDeleteConfirmation([&](int count) {
        asked = count;
        return answer;
    });
    QSignalSpy changed(&view, &ActivitiesView::activitiesChanged);
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(asked, 3);
    QCOMPARE(undo.count(), 0); // refused: nothing done
    QVERIFY(!f.store.activity(ids.first())->isDeleted());

    answer = true;
    QTest::keyClick(table, Qt::Key_Delete);
    QCOMPARE(undo.count(), 1);
    QCOMPARE(changed.count(), 1);
    for (const QUuid &id : ids)
        QVERIFY(f.store.activity(id)->isDeleted());
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.model()->totalCount(), before - 3);
    for (const QUuid &id : ids)
        QCOMPARE(view.model()->rowOfId(id), -1);
    QVERIFY(table->currentIndex().isValid()); // the next activity becomes current

    undo.undo();
    QCOMPARE(changed.count(), 2);
    for (const QUuid &id : ids)
        QVERIFY(!f.store.activity(id)->isDeleted());
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.model()->totalCount(), before);
    for (const QUuid &id : ids)
        QVERIFY(view.model()->rowOfId(id) >= 0);
}

void TestActivitiesView::deleteOne_withTheMessageBox()
{
    Fixture f;
    QVERIFY(f.open());
    populate(f.store, 50);
    QUndoStack undo;
    ActivitiesView view(f.store, &undo);
    view.show();
    QVERIFY(waitLoaded(view));
    auto *table = find<QTableView>(view, "activitiesTable");
    table->setFocus();
    table->selectRow(0);
    const QUuid id = view.model()->idAt(0);
    QString question;
    QTimer::singleShot(0, this, [&question] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        question = box->text();
        for (QAbstractButton *b : box->buttons()) {
            if (box->buttonRole(b) == QMessageBox::DestructiveRole)
                b->click();
        }
    });
    find<QPushButton>(view, "deleteButton")->click();
    // The dialog names the activity as the list shows it (the issue asks for date, type and lieu).
    const auto cell = [&view](int column) { return view.model()->index(0, column).data().toString(); };
    QCOMPARE(question,
        QStringLiteral("Supprimer cette activité ?\n\n%1 — %2 — %3")
            .arg(cell(ActivityTableModel::DateColumn), cell(ActivityTableModel::TypeColumn),
                cell(ActivityTableModel::LieuColumn)));
    QVERIFY(f.store.activity(id)->isDeleted());
    QCOMPARE(undo.undoText(), QStringLiteral("la suppression d'une activité"));
}

void TestActivitiesView::delete_selectsTheCurrentRow_namesThem_defaultsToCancel()
{
    Fixture f;
    QVERIFY(f.open());
    populate(f.store, 50);
    QUndoStack undo;
    ActivitiesView view(f.store, &undo);
    view.show();
    QVERIFY(waitLoaded(view));
    auto *table = find<QTableView>(view, "activitiesTable");
    table->setFocus();
    // A current row without a selection (the keyboard moved with Ctrl+arrow): Delete acts on it, and shows it selected.
    table->selectionModel()->setCurrentIndex(view.model()->index(2, 0), QItemSelectionModel::Clear);
    QVERIFY(!table->selectionModel()->hasSelection());
    const QUuid id = view.model()->idAt(2);
    QString question;
    QString defaultButton;
    bool selectedWhileAsked = false;
    QTimer::singleShot(0, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        question = box->text();
        selectedWhileAsked = table->selectionModel()->isRowSelected(2, QModelIndex());
        defaultButton = box->defaultButton() ? box->defaultButton()->text() : QString();
        // Enter where the focus is: the default button, nothing deleted.
        QTest::keyClick(box->focusWidget() ? box->focusWidget() : box, Qt::Key_Return);
        if (box->isVisible())
            box->reject(); // not to hang the test on a failure
    });
    QTest::keyClick(table, Qt::Key_Delete);
    QVERIFY(selectedWhileAsked);
    QCOMPARE(defaultButton, QStringLiteral("Annuler"));
    QVERIFY(question.contains(view.model()->index(2, ActivityTableModel::DateColumn).data().toString()));
    QVERIFY(question.contains(view.model()->index(2, ActivityTableModel::LieuColumn).data().toString()));
    QVERIFY(!f.store.activity(id)->isDeleted());
    QCOMPARE(undo.count(), 0);
    // The selected rows keep the highlight of a focused table while the dialog has the focus.
    QCOMPARE(table->palette().color(QPalette::Inactive, QPalette::Highlight),
        table->palette().color(QPalette::Active, QPalette::Highlight));

    // Several rows: how many, the first three, and how many more.
    table->selectionModel()->select(QItemSelection(view.model()->index(4, 0), view.model()->index(8, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const QString several = view.deleteQuestion({4, 5, 6, 7, 8});
    QVERIFY(several.startsWith(QStringLiteral("Supprimer ces 5 activités ?\n\n")));
    QVERIFY(several.contains(view.model()->index(4, ActivityTableModel::DateColumn).data().toString()));
    QVERIFY(several.endsWith(QStringLiteral("… et 2 autres")));
    QCOMPARE(several.count(QLatin1Char('\n')), 5);
}

void TestActivitiesView::enterOpens_ctrlDDuplicates()
{
    Fixture f;
    QVERIFY(f.open());
    populate(f.store, 50);
    ActivitiesView view(f.store, nullptr);
    view.show();
    QVERIFY(waitLoaded(view));
    auto *table = find<QTableView>(view, "activitiesTable");
    table->setFocus();
    table->selectRow(4);
    const QUuid id = view.model()->idAt(4);
    QSignalSpy edit(&view, &ActivitiesView::editRequested);
    QSignalSpy duplicate(&view, &ActivitiesView::duplicateRequested);
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(edit.count(), 1);
    QCOMPARE(edit.first().first().toUuid(), id);
    QTest::keyClick(table, Qt::Key_D, Qt::ControlModifier);
    QCOMPARE(duplicate.count(), 1);
    QCOMPARE(duplicate.first().first().toUuid(), id);
}

void TestActivitiesView::emptyBase_andNoMatch_showMessages()
{
    Fixture f;
    QVERIFY(f.open());
    ActivitiesView view(f.store, nullptr);
    view.resize(1366, 768);
    view.show();
    QVERIFY(waitLoaded(view));
    auto *stack = find<QStackedWidget>(view, "activitiesStack");
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("emptyBasePage"));
    QSignalSpy newRequested(&view, &ActivitiesView::newRequested);
    find<QPushButton>(view, "firstCraButton")->click();
    QCOMPARE(newRequested.count(), 1);
    QDir().mkpath(QStringLiteral(CARNET_BINARY_DIR "/screenshots"));
    QVERIFY(view.grab().save(QStringLiteral(CARNET_BINARY_DIR "/screenshots/activites-vide.png")));

    populate(f.store, 40);
    view.reload();
    QVERIFY(waitLoaded(view));
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("activitiesTable"));
    ActivityFilter nothing;
    nothing.text = QStringLiteral("aucune note ne contient ceci");
    view.setFilter(nothing);
    QCOMPARE(find<QLineEdit>(view, "searchEdit")->text(), nothing.text);
    QVERIFY(waitLoaded(view));
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("noMatchPage"));
    find<QPushButton>(view, "clearFiltersButton")->click();
    QVERIFY(waitLoaded(view));
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("activitiesTable"));
    QVERIFY(view.filter().isEmpty());
    QCOMPARE(view.model()->totalCount(), view.model()->rowCount());
}

void TestActivitiesView::screenshot()
{
    Fixture f;
    QVERIFY(f.open());
    populate(f.store, 5000);
    QUndoStack undo;
    ActivitiesView view(f.store, &undo);
    view.resize(1366, 768);
    view.show();
    QVERIFY(waitLoaded(view));
    auto *table = find<QTableView>(view, "activitiesTable");
    table->selectRow(2);
    QTest::qWait(50);
    QDir().mkpath(QStringLiteral(CARNET_BINARY_DIR "/screenshots"));
    const QString path = QStringLiteral(CARNET_BINARY_DIR "/screenshots/activites.png");
    QVERIFY(view.grab().save(path));
    QVERIFY(QFileInfo(path).size() > 10000);
    // Every column header fits (nothing clipped at 1366 px).
    int width = 0;
    for (int c = 0; c < ActivityTableModel::ColumnCount; ++c)
        width += table->horizontalHeader()->sectionSize(c);
    QVERIFY(width <= table->viewport()->width() + 1);
    // In the width 1366 × 768 leaves at 150 % beside the navigation, every header is whole too.
    view.resize(745, 600);
    QCoreApplication::processEvents();
    QHeaderView *header = table->horizontalHeader();
    for (int c = 0; c < ActivityTableModel::ColumnCount; ++c) {
        const QString title = view.model()->headerData(c, Qt::Horizontal).toString();
        QVERIFY2(header->sectionSize(c) >= header->fontMetrics().horizontalAdvance(title),
            qPrintable(QStringLiteral("%1: %2 px").arg(title).arg(header->sectionSize(c))));
    }
}

void TestActivitiesView::deleteSeveral_failingHalfWay_saysWhatWasDone_andKeepsTheUndo()
{
    Fixture f;
    QVERIFY(f.open());
    populate(f.store, 3);
    QList<QUuid> ids;
    QString error;
    QVERIFY(f.store.forEachActivity(
        [&ids](const Activity &a) {
            ids << a.id;
            return true;
        },
        &error));
    QCOMPARE(ids.size(), 3);

    // Another program's trigger refuses the second deletion and any restore: the first is done and cannot be put
    // back, as when the base becomes busy after it.
    const QString other = QStringLiteral("other-program");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), other);
        db.setDatabaseName(f.store.filePath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER test_refuse BEFORE UPDATE OF suppression ON activites "
                                      "WHEN NEW.id = '%1' OR (OLD.suppression IS NOT NULL AND NEW.suppression IS NULL) "
                                      "BEGIN SELECT RAISE(ABORT, 'refus'); END")
                           .arg(ids.at(1).toString(QUuid::WithoutBraces))));
    }
    QUndoStack undo;
    QStringList errors;
    undo.push(new DeleteActivitiesCommand(f.store, ids, {}, [&errors](const QString &m) { errors << m; }));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().contains(QStringLiteral("1 activité sur 3 a été supprimée")), qPrintable(errors.first()));
    QVERIFY2(!errors.first().contains(QStringLiteral("rien n'a été enregistré")), qPrintable(errors.first()));
    QVERIFY(f.store.activity(ids.at(0))->isDeleted());
    QVERIFY(!f.store.activity(ids.at(1))->isDeleted());
    QVERIFY(!f.store.activity(ids.at(2))->isDeleted());
    // The command stays, for what it did: Ctrl+Z restores the one deleted once the base lets it.
    QCOMPARE(undo.count(), 1);
    QCOMPARE(undo.undoText(), QStringLiteral("la suppression d'une activité"));
    {
        QSqlQuery q(QSqlDatabase::database(other));
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER test_refuse")));
    }
    QSqlDatabase::removeDatabase(other);
    undo.undo();
    QCOMPARE(errors.size(), 1);
    QVERIFY(!f.store.activity(ids.at(0))->isDeleted());
    undo.redo();
    QVERIFY(f.store.activity(ids.at(0))->isDeleted());
    QVERIFY(!f.store.activity(ids.at(1))->isDeleted());

    // A failure whose earlier deletions are put back: nothing deleted, said so, no command kept.
    QUndoStack second;
    second.push(new DeleteActivitiesCommand(
        f.store, {ids.at(1), QUuid::createUuid(), ids.at(2)}, {}, [&errors](const QString &m) { errors << m; }));
    QCOMPARE(errors.size(), 2);
    QVERIFY2(errors.last().startsWith(QStringLiteral("Aucune des 3 activités n'a été supprimée")),
        qPrintable(errors.last()));
    QCOMPARE(second.count(), 0);
    QVERIFY(!f.store.activity(ids.at(1))->isDeleted());
    QVERIFY(!f.store.activity(ids.at(2))->isDeleted());
}

QTEST_MAIN(TestActivitiesView)
#include "tst_activitiesview.moc"
