#include "models/demo/DemoGenerator.h"
#include "models/domain/Nomenclature.h"
#include "models/list/ActivityTableModel.h"
#include "models/text/FrenchText.h"
#include "tests/support/TestData.h"
#include "ui/activities/ActivitiesView.h"

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
    void deleteSelection_confirmed_thenUndo();
    void deleteOne_withTheMessageBox();
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
    combo->setCurrentIndex(index);
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.filter().type, QLatin1String(Codes::TypeActivite::Collectif));
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
    QCOMPARE(question, QStringLiteral("Supprimer cette activité ?"));
    QVERIFY(f.store.activity(id)->isDeleted());
    QCOMPARE(undo.undoText(), QStringLiteral("la suppression d'une activité"));
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
}

QTEST_MAIN(TestActivitiesView)
#include "tst_activitiesview.moc"
