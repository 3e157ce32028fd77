// Mes activités restricted to a set of activities chosen elsewhere (a bar of a statistics chart): the banner that
// names the set, and the button that lifts it.

#include "models/list/ActivityTableModel.h"
#include "tests/support/TestData.h"
#include "ui/activities/ActivitiesView.h"

#include <QDateEdit>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

using TestData::Fixture;

class TestActivitySelection : public QObject
{
    Q_OBJECT

private slots:
    void ids_showTheBanner_andOnlyThoseActivities();
    void clearingTheSelection_keepsTheOtherFilters();
    void clearingAllFilters_liftsTheSelectionToo();
};

namespace {
bool waitLoaded(const ActivitiesView &view)
{
    return QTest::qWaitFor([&view] { return !view.model()->isLoading() && view.model()->totalCount() >= 0; }, 20000);
}

// Five individual activities in June 2026 and one in January; returns their ids in date order.
QList<QUuid> fill(Store &store)
{
    QString error;
    Place place = TestData::place();
    if (!store.savePlace(place, &error))
        return {};
    QList<QUuid> ids;
    for (const QDate &d : {QDate(2026, 1, 10), QDate(2026, 6, 1), QDate(2026, 6, 2), QDate(2026, 6, 3),
             QDate(2026, 6, 4), QDate(2026, 6, 5)}) {
        Activity a = TestData::individuel(place.id);
        a.date = d;
        if (!store.saveActivity(a, &error))
            return {};
        ids.append(a.id);
    }
    return ids;
}
} // namespace

void TestActivitySelection::ids_showTheBanner_andOnlyThoseActivities()
{
    Fixture f;
    QVERIFY(f.open());
    const QList<QUuid> ids = fill(f.store);
    QCOMPARE(ids.size(), 6);
    QUndoStack undo;
    ActivitiesView view(f.store, &undo);
    view.show();
    QVERIFY(waitLoaded(view));
    auto *banner = view.findChild<QWidget *>(QStringLiteral("selectionBanner"));
    auto *text = view.findChild<QLabel *>(QStringLiteral("selectionLabel"));
    auto *clear = view.findChild<QPushButton *>(QStringLiteral("clearSelectionButton"));
    QVERIFY(banner && text && clear);
    QVERIFY(!banner->isVisible()); // the ordinary list says nothing

    ActivityFilter filter;
    filter.from = QDate(2026, 1, 1);
    filter.to = QDate(2026, 12, 31);
    filter.ids = {ids.at(1), ids.at(3), ids.at(0)};
    view.setFilter(filter, QStringLiteral("Genre : Féminin"));
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.model()->totalCount(), 3);
    QCOMPARE(view.model()->rowCount(), 3);
    QList<QUuid> shown;
    for (int row = 0; row < view.model()->rowCount(); ++row)
        shown.append(view.model()->index(row, 0).data(ActivityTableModel::IdRole).toUuid());
    std::sort(shown.begin(), shown.end());
    QList<QUuid> expected = filter.ids;
    std::sort(expected.begin(), expected.end());
    QCOMPARE(shown, expected);
    QVERIFY(banner->isVisible());
    QCOMPARE(text->text(), QStringLiteral("Activités derrière « Genre : Féminin » — 3 activités"));
    QCOMPARE(view.selection(), QStringLiteral("Genre : Féminin"));
    QVERIFY(clear->text().contains(QLatin1Char('&')));
    QVERIFY(clear->accessibleName().contains(QStringLiteral("Genre : Féminin")));

    // Without a name, the banner still says the list is a chosen set.
    filter.ids = {ids.at(2)};
    view.setFilter(filter);
    QVERIFY(waitLoaded(view));
    QCOMPARE(text->text(), QStringLiteral("Une sélection d'activités — 1 activité"));
}

void TestActivitySelection::clearingTheSelection_keepsTheOtherFilters()
{
    Fixture f;
    QVERIFY(f.open());
    const QList<QUuid> ids = fill(f.store);
    QUndoStack undo;
    ActivitiesView view(f.store, &undo);
    view.show();
    QVERIFY(waitLoaded(view));
    ActivityFilter filter;
    filter.from = QDate(2026, 6, 1);
    filter.to = QDate(2026, 6, 30);
    filter.ids = {ids.at(4), ids.at(5)};
    view.setFilter(filter, QStringLiteral("Communes des activités : Autres"));
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.model()->totalCount(), 2);
    auto *clear = view.findChild<QPushButton *>(QStringLiteral("clearSelectionButton"));
    QVERIFY(clear);
    clear->setFocus();
    clear->click();
    QVERIFY(waitLoaded(view));
    // The period stays: June's five activities, not January's.
    QVERIFY(view.filter().ids.isEmpty());
    QCOMPARE(view.filter().from, QDate(2026, 6, 1));
    QCOMPARE(view.filter().to, QDate(2026, 6, 30));
    QCOMPARE(view.model()->totalCount(), 5);
    QVERIFY(!view.findChild<QWidget *>(QStringLiteral("selectionBanner"))->isVisible());
    QVERIFY(view.selection().isEmpty());
    QVERIFY(view.findChild<QTableView *>(QStringLiteral("activitiesTable"))->hasFocus());
}

void TestActivitySelection::clearingAllFilters_liftsTheSelectionToo()
{
    Fixture f;
    QVERIFY(f.open());
    const QList<QUuid> ids = fill(f.store);
    QUndoStack undo;
    ActivitiesView view(f.store, &undo);
    view.show();
    QVERIFY(waitLoaded(view));
    ActivityFilter filter;
    filter.ids = {ids.at(0)};
    view.setFilter(filter, QStringLiteral("Évolution des accompagnements : janv. 2026"));
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.model()->totalCount(), 1);
    // Editing the period in the bar keeps the set (and its banner): January's activity is outside June.
    auto *from = view.findChild<QDateEdit *>(QStringLiteral("fromDate"));
    QVERIFY(from);
    from->setDate(QDate(2026, 6, 1));
    QVERIFY(waitLoaded(view));
    QCOMPARE(view.filter().ids, QList<QUuid>{ids.at(0)});
    QCOMPARE(view.model()->totalCount(), 0);
    QVERIFY(view.findChild<QWidget *>(QStringLiteral("selectionBanner"))->isVisible());
    QCOMPARE(view.findChild<QLabel *>(QStringLiteral("selectionLabel"))->text(),
        QStringLiteral("Activités derrière « Évolution des accompagnements : janv. 2026 » — 0 activité"));
    // "Effacer les filtres" (the no-match page) lifts everything.
    auto *clearAll = view.findChild<QPushButton *>(QStringLiteral("clearFiltersButton"));
    QVERIFY(clearAll);
    QTRY_VERIFY(clearAll->isVisible());
    clearAll->click();
    QVERIFY(waitLoaded(view));
    QVERIFY(view.filter().isEmpty());
    QCOMPARE(view.model()->totalCount(), 6);
    QVERIFY(!view.findChild<QWidget *>(QStringLiteral("selectionBanner"))->isVisible());
}

QTEST_MAIN(TestActivitySelection)
#include "tst_activityselection.moc"
