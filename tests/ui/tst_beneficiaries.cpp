#include "models/domain/Validator.h"
#include "models/stats/StatsEngine.h"
#include "tests/support/Screenshot.h"
#include "tests/support/TestData.h"
#include "ui/beneficiaries/BeneficiariesView.h"
#include "ui/beneficiaries/BeneficiaryDialog.h"
#include "ui/beneficiaries/BeneficiaryMergeDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using TestData::Fixture;

namespace {
qint64 totalAccompagnements(const Store &store)
{
    qint64 sum = 0;
    QString error;
    store.forEachActivity(
        [&sum](const Activity &a) {
            if (!a.isDeleted())
                sum += a.accompagnements();
            return true;
        },
        &error);
    return sum;
}

qint64 storedAccompagnements(const Store &store)
{
    QSqlQuery q(store.database());
    return q.exec(QStringLiteral("SELECT sum(accompagnements) FROM activites WHERE suppression IS NULL")) && q.next()
        ? q.value(0).toLongLong()
        : -1;
}

void markAllSent(const Store &store)
{
    QSqlQuery q(store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 2")));
}

Beneficiary person(const QString &prenom, const QString &nom)
{
    Beneficiary b;
    b.id = QUuid::createUuid();
    b.prenom = prenom;
    b.nom = nom;
    return b;
}

// build/screenshots/<name>, at 1366x768.
void saveScreenshot(QWidget &widget, const QString &name)
{
    widget.resize(1366, 768);
    Screenshot::save(widget, name);
}

template <typename T> T *waitForDialog(QWidget &parent)
{
    T *dialog = nullptr;
    [&] { QTRY_VERIFY((dialog = parent.findChild<T *>()) != nullptr && dialog->isVisible()); }();
    return dialog;
}
} // namespace

class TestBeneficiaries : public QObject
{
    Q_OBJECT

private slots:
    void delete_anonymisesThePerson_whoStaysOneInTheCounts();
    void delete_unknownOrDeleted_isRefused();
    void merge_movesActivities_fillsEmptyFields_dropsDoubleInWorkshop();
    void merge_refusesSameOrDeletedRecord();
    void activitiesOfBeneficiary_newestFirst_withoutDeleted();
    void view_loadsWhenShown_andFollowsChangesMadeMeanwhile();
    void view_searchFiltersByNameYearCommune_ignoringAccents();
    void view_createsThroughDialog_withKeyboard();
    void view_dialogRefusesInvalidEmail_andStaysOpen();
    void view_showsActivitiesOfSelection();
    void view_mergesTwoSelected();
    void view_deleteAsksConfirmation();
    void view_screenshot();

private:
    struct Scene
    {
        Place place;
        Beneficiary josiane;
        Beneficiary eric;
        Beneficiary lea;
    };
    static bool populate(Fixture &f, Scene &s);
};

bool TestBeneficiaries::populate(Fixture &f, Scene &s)
{
    QString error;
    s.place = TestData::place();
    s.josiane = TestData::beneficiary();
    s.josiane.telephone = QStringLiteral("05 55 00 00 00");
    s.eric = person(QStringLiteral("Éric"), QStringLiteral("Dupont"));
    s.eric.communeResidence = {QStringLiteral("23008"), QStringLiteral("23200"), QStringLiteral("Aubusson")};
    s.eric.anneeNaissance = 1975;
    s.lea = person(QStringLiteral("Léa"), QStringLiteral("Martin"));
    if (!f.store.savePlace(s.place, &error) || !f.store.saveBeneficiary(s.josiane, &error)
        || !f.store.saveBeneficiary(s.eric, &error) || !f.store.saveBeneficiary(s.lea, &error)) {
        qWarning() << error;
        return false;
    }
    for (int day : {2, 9, 16}) {
        Activity a = TestData::individuel(s.place.id);
        a.date = QDate(2026, 6, day);
        a.anonyme = AnonymousPerson();
        a.beneficiaireId = s.josiane.id;
        if (!f.store.saveActivity(a, &error)) {
            qWarning() << error;
            return false;
        }
    }
    Activity workshop = TestData::collectif(s.place.id);
    workshop.participants = {s.josiane.id, s.eric.id};
    if (!f.store.saveActivity(workshop, &error)) {
        qWarning() << error;
        return false;
    }
    return true;
}

void TestBeneficiaries::delete_anonymisesThePerson_whoStaysOneInTheCounts()
{
    // supprimer-beneficiaires.mutation.ts: the record is anonymised (names, phone, e-mail, notes erased) and its
    // accompagnements keep naming it, so that it stays one person in the statistics, an anonymous one.
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Beneficiary b = TestData::beneficiary();
    b.telephone = QStringLiteral("0601020304");
    b.notes = QStringLiteral("Vient le mardi");
    Beneficiary other = person(QStringLiteral("Éric"), QStringLiteral("Dupont"));
    QVERIFY(f.store.savePlace(place, &error));
    QVERIFY(f.store.saveBeneficiary(b, &error));
    QVERIFY(f.store.saveBeneficiary(other, &error));
    QList<Activity> activities;
    for (const QDate &d : {QDate(2026, 6, 1), QDate(2026, 6, 10), QDate(2026, 6, 20), QDate(2026, 6, 25)}) {
        Activity a = TestData::individuel(place.id);
        a.date = d;
        a.anonyme = AnonymousPerson();
        a.beneficiaireId = b.id;
        activities.append(a);
    }
    Activity workshop = TestData::collectif(place.id); // 15 June, 8 anonymous
    workshop.participants = {other.id, b.id};
    activities.append(workshop);
    Activity unrelated = TestData::individuel(place.id);
    activities.append(unrelated);
    for (Activity &a : activities)
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    markAllSent(f.store);
    StatsFilter june;
    june.from = QDate(2026, 6, 1);
    june.to = QDate(2026, 6, 30);
    const StatsResult before = StatsEngine::compute(f.store.database(), june, f.clock.today());
    QCOMPARE(before.headline.suivis, 2);
    QCOMPARE(before.headline.anonymes, 8 + 1);
    QCOMPARE(before.headline.beneficiaires, 11);
    f.clock.advanceSecs(3600);

    QVERIFY2(f.store.deleteBeneficiary(b.id, &error), qPrintable(error));

    // One anonymous person, not five: the five accompagnements are still one beneficiary.
    const StatsResult after = StatsEngine::compute(f.store.database(), june, f.clock.today());
    QCOMPARE(after.headline.accompagnements, before.headline.accompagnements);
    QCOMPARE(after.headline.suivis, 1);
    QCOMPARE(after.headline.anonymes, 8 + 1 + 1);
    QCOMPARE(after.headline.beneficiaires, 11);
    QCOMPARE(after.headline.nouveaux, before.headline.nouveaux);
    for (const char *key : {"genre", "tranche_age", "statut_social", "commune_residence"}) {
        const Breakdown *x = before.breakdown(QLatin1String(key));
        const Breakdown *y = after.breakdown(QLatin1String(key));
        QCOMPARE(y->total, 11);
        for (const BreakdownItem &item : x->items)
            QCOMPARE(y->item(item.code)->count, item.count);
    }

    const Activity a1 = *f.store.activity(activities.at(0).id);
    QCOMPARE(a1.beneficiaireId, b.id);
    QCOMPARE(a1.syncState, SyncState::Pending);
    QCOMPARE(a1.modification, TestData::fixedNow().addSecs(3600));
    const Activity w = *f.store.activity(workshop.id);
    QCOMPARE(w.participants.size(), 2);
    QCOMPARE(w.accompagnements(), 10);
    QCOMPARE(w.syncState, SyncState::Pending);
    QCOMPARE(f.store.activity(unrelated.id)->syncState, SyncState::Sent);
    QCOMPARE(storedAccompagnements(f.store), totalAccompagnements(f.store));

    // The record: nothing that names the person, what the statistics count kept; out of the lists.
    const Beneficiary tomb = *f.store.beneficiary(b.id);
    QVERIFY(tomb.isDeleted());
    QVERIFY(tomb.nom.isEmpty() && tomb.prenom.isEmpty() && tomb.telephone.isEmpty() && tomb.email.isEmpty()
        && tomb.notes.isEmpty());
    QCOMPARE(tomb.genre, b.genre);
    QCOMPARE(tomb.anneeNaissance, b.anneeNaissance);
    QCOMPARE(tomb.communeResidence, b.communeResidence);
    QCOMPARE(f.store.beneficiaries().size(), 1);
    QCOMPARE(f.store.activitiesOfBeneficiary(b.id).size(), 5);
}

void TestBeneficiaries::delete_unknownOrDeleted_isRefused()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    QVERIFY(!f.store.deleteBeneficiary(QUuid::createUuid(), &error));
    QVERIFY(!error.isEmpty());
    Beneficiary b = TestData::beneficiary();
    QVERIFY(f.store.saveBeneficiary(b, &error));
    QVERIFY(f.store.deleteBeneficiary(b.id, &error));
    error.clear();
    QVERIFY(!f.store.deleteBeneficiary(b.id, &error));
    QVERIFY(error.contains(QStringLiteral("n'existe pas")));
}

void TestBeneficiaries::merge_movesActivities_fillsEmptyFields_dropsDoubleInWorkshop()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Beneficiary keep = person(QStringLiteral("Josiane"), QStringLiteral("Martin"));
    keep.anneeNaissance = 1948;
    keep.notes = QStringLiteral("Vient le mardi.");
    Beneficiary dup = person(QStringLiteral("Josianne"), QStringLiteral("MARTIN"));
    dup.anneeNaissance = 1950; // kept record's value wins
    dup.telephone = QStringLiteral("06 12 34 56 78");
    dup.genre = QStringLiteral("feminin");
    dup.communeResidence = TestData::gueret();
    dup.notes = QStringLiteral("Préfère le téléphone.");
    Beneficiary other = person(QStringLiteral("Éric"), QStringLiteral("Dupont"));
    for (Beneficiary *b : {&keep, &dup, &other})
        QVERIFY(f.store.saveBeneficiary(*b, &error));
    QVERIFY(f.store.savePlace(place, &error));

    Activity individual = TestData::individuel(place.id);
    individual.anonyme = AnonymousPerson();
    individual.beneficiaireId = dup.id;
    Activity both = TestData::collectif(place.id); // 8 anonymous + keep + dup + other = 11
    both.participants = {keep.id, other.id, dup.id};
    Activity dupOnly = TestData::collectif(place.id);
    dupOnly.date = QDate(2026, 6, 20);
    dupOnly.participants = {dup.id};
    Activity unrelated = TestData::individuel(place.id);
    for (Activity *a : {&individual, &both, &dupOnly, &unrelated})
        QVERIFY2(f.store.saveActivity(*a, &error), qPrintable(error));
    markAllSent(f.store);
    const qint64 before = storedAccompagnements(f.store);

    QVERIFY2(f.store.mergeBeneficiaries(keep.id, dup.id, &error), qPrintable(error));

    QCOMPARE(f.store.activity(individual.id)->beneficiaireId, keep.id);
    const Activity w = *f.store.activity(both.id);
    QCOMPARE(w.participants, (QList<QUuid>{keep.id, other.id}));
    QCOMPARE(w.accompagnements(), 10);
    QCOMPARE(f.store.activity(dupOnly.id)->participants, QList<QUuid>{keep.id});
    QCOMPARE(storedAccompagnements(f.store), before - 1); // one person was counted twice in one workshop
    QCOMPARE(storedAccompagnements(f.store), totalAccompagnements(f.store));
    for (const QUuid &id : {individual.id, both.id, dupOnly.id})
        QCOMPARE(f.store.activity(id)->syncState, SyncState::Pending);
    QCOMPARE(f.store.activity(unrelated.id)->syncState, SyncState::Sent);

    const Beneficiary merged = *f.store.beneficiary(keep.id);
    QCOMPARE(merged.prenom, QStringLiteral("Josiane"));
    QCOMPARE(merged.anneeNaissance, 1948);
    QCOMPARE(merged.telephone, dup.telephone);
    QCOMPARE(merged.genre, dup.genre);
    QCOMPARE(merged.communeResidence, TestData::gueret());
    QCOMPARE(merged.notes, QStringLiteral("Vient le mardi.\nPréfère le téléphone."));
    const Beneficiary gone = *f.store.beneficiary(dup.id);
    QVERIFY(gone.isDeleted());
    QVERIFY(gone.telephone.isEmpty() && gone.nom.isEmpty());

    QCOMPARE(f.store.activitiesOfBeneficiary(keep.id).size(), 3);
    const QHash<QUuid, int> counts = f.store.activityCountsByBeneficiary();
    QCOMPARE(counts.value(keep.id), 3);
    QVERIFY(!counts.contains(dup.id));
    QCOMPARE(counts.value(other.id), 1);
}

void TestBeneficiaries::merge_refusesSameOrDeletedRecord()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Beneficiary a = TestData::beneficiary();
    Beneficiary b = person(QStringLiteral("Léa"), QStringLiteral("Martin"));
    QVERIFY(f.store.saveBeneficiary(a, &error));
    QVERIFY(f.store.saveBeneficiary(b, &error));
    QVERIFY(!f.store.mergeBeneficiaries(a.id, a.id, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(f.store.deleteBeneficiary(b.id, &error));
    error.clear();
    QVERIFY(!f.store.mergeBeneficiaries(a.id, b.id, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!f.store.beneficiary(a.id)->isDeleted());
    QCOMPARE(f.store.beneficiary(a.id)->nom, a.nom);
}

void TestBeneficiaries::activitiesOfBeneficiary_newestFirst_withoutDeleted()
{
    Fixture f;
    QVERIFY(f.open());
    Scene s;
    QVERIFY(populate(f, s));
    QList<BeneficiaryActivity> history = f.store.activitiesOfBeneficiary(s.josiane.id);
    QCOMPARE(history.size(), 4);
    QCOMPARE(history.first().date, QDate(2026, 6, 16));
    QCOMPARE(history.at(1).date, QDate(2026, 6, 15));
    QCOMPARE(history.at(1).type, QLatin1String(Codes::TypeActivite::Collectif));
    QCOMPARE(history.at(1).titreAtelier, QStringLiteral("Découvrir sa tablette"));
    QCOMPARE(history.last().date, QDate(2026, 6, 2));
    QString error;
    QVERIFY(f.store.deleteActivity(history.first().id, &error));
    history = f.store.activitiesOfBeneficiary(s.josiane.id);
    QCOMPARE(history.size(), 3);
    QCOMPARE(f.store.activityCountsByBeneficiary().value(s.josiane.id), 3);
    QCOMPARE(f.store.activityCountsByBeneficiary().value(s.eric.id), 1);
    QVERIFY(!f.store.activityCountsByBeneficiary().contains(s.lea.id));
}

void TestBeneficiaries::view_loadsWhenShown_andFollowsChangesMadeMeanwhile()
{
    Fixture f;
    QVERIFY(f.open());
    Scene s;
    QVERIFY(populate(f, s));
    BeneficiariesView view(f.store);
    QCOMPARE(view.visibleCount(), 0); // nothing read while hidden
    view.show();
    QCOMPARE(view.visibleCount(), 3);
    view.hide();
    Beneficiary other = TestData::beneficiary();
    other.prenom = QStringLiteral("Éric");
    QString error;
    QVERIFY(f.store.saveBeneficiary(other, &error));
    view.reloadWhenShown();
    QCOMPARE(view.visibleCount(), 3);
    view.show();
    QCOMPARE(view.visibleCount(), 4);
}

void TestBeneficiaries::view_searchFiltersByNameYearCommune_ignoringAccents()
{
    Fixture f;
    QVERIFY(f.open());
    Scene s;
    QVERIFY(populate(f, s));
    BeneficiariesView view(f.store);
    view.show(); // the view loads when shown
    auto *search = view.findChild<QLineEdit *>(QStringLiteral("beneficiarySearch"));
    QVERIFY(search);
    QCOMPARE(view.visibleCount(), 3);
    QTest::keyClicks(search, QStringLiteral("martin"));
    QCOMPARE(view.visibleCount(), 2);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("eric"));
    QCOMPARE(view.visibleCount(), 1);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("1948"));
    QCOMPARE(view.visibleCount(), 1);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("AUBUS"));
    QCOMPARE(view.visibleCount(), 1);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("lea martin"));
    QCOMPARE(view.visibleCount(), 1);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("personne"));
    QCOMPARE(view.visibleCount(), 0);
    search->clear();
    QCOMPARE(view.visibleCount(), 3);
    auto *table = view.findChild<QTableView *>(QStringLiteral("beneficiariesTable"));
    const QModelIndex activities = table->model()->index(0, BeneficiariesView::ActivitesColumn);
    QCOMPARE(table->model()->index(0, BeneficiariesView::NomColumn).data().toString(), QStringLiteral("Dupont"));
    QCOMPARE(activities.data().toInt(), 1);
}

void TestBeneficiaries::view_createsThroughDialog_withKeyboard()
{
    Fixture f;
    QVERIFY(f.open());
    BeneficiariesView view(f.store);
    view.show(); // the view loads when shown
    view.show();
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("beneficiariesEmpty"))->isVisible());
    QSignalSpy changed(&view, &BeneficiariesView::beneficiariesChanged);
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("newBeneficiaryButton")), Qt::LeftButton);
    auto *dialog = waitForDialog<BeneficiaryDialog>(view);
    QVERIFY(dialog);
    auto *prenom = dialog->findChild<QLineEdit *>(QStringLiteral("beneficiaryPrenom"));
    QTest::keyClicks(prenom, QStringLiteral("Marcel"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("beneficiaryNom")), QStringLiteral("Pagnol"));
    auto *annee = dialog->findChild<QLineEdit *>(QStringLiteral("beneficiaryAnnee"));
    QTest::keyClicks(annee, QStringLiteral("1990"));
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("beneficiaryTranche"))->currentData().toString(),
        QStringLiteral("vingt_cinq_trente_neuf"));
    auto *commune = dialog->findChild<QLineEdit *>(QStringLiteral("beneficiaryCommune"));
    QTest::keyClicks(commune, QStringLiteral("Aubus"));
    // The matches are proposed as one types; Bas then Entrée picks the first one.
    QTRY_VERIFY(QApplication::activePopupWidget() != nullptr);
    QWidget *popup = QApplication::activePopupWidget();
    QTest::keyClick(popup, Qt::Key_Down);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(!popup->isVisible());
    QCOMPARE(commune->text(), QStringLiteral("Aubusson (23200)"));
    QTest::keyClick(annee, Qt::Key_Return); // Entrée saves (default button)
    QTRY_VERIFY(!dialog || !dialog->isVisible());

    const QList<Beneficiary> all = f.store.beneficiaries();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all.first().displayName(), QStringLiteral("Marcel Pagnol"));
    QCOMPARE(all.first().anneeNaissance, 1990);
    QCOMPARE(all.first().trancheAge, QStringLiteral("vingt_cinq_trente_neuf"));
    QCOMPARE(all.first().communeResidence.codeInsee, QStringLiteral("23008"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(view.visibleCount(), 1);
    QCOMPARE(view.selectedBeneficiaries(), QList<QUuid>{all.first().id});
}

void TestBeneficiaries::view_dialogRefusesInvalidEmail_andStaysOpen()
{
    Fixture f;
    QVERIFY(f.open());
    BeneficiaryDialog dialog(f.store);
    dialog.show();
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("beneficiaryNom")), QStringLiteral("Durand"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("beneficiaryEmail")), QStringLiteral("pas-un-mail"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("beneficiaryCommune")), QStringLiteral("Zzzyx"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("beneficiarySave")), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), 0);
    auto *emailError = dialog.findChild<QLabel *>(QStringLiteral("beneficiaryError_email"));
    QVERIFY(emailError && emailError->isVisible());
    QVERIFY(emailError->text().contains(QStringLiteral("pas-un-mail")));
    auto *communeError = dialog.findChild<QLabel *>(QStringLiteral("beneficiaryError_communeResidence"));
    QVERIFY(communeError->isVisible());
    QVERIFY(communeError->text().contains(QStringLiteral("introuvable")));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("beneficiaryError_nom"))->isHidden());
    QVERIFY(f.store.beneficiaries().isEmpty());
}

void TestBeneficiaries::view_showsActivitiesOfSelection()
{
    Fixture f;
    QVERIFY(f.open());
    Scene s;
    QVERIFY(populate(f, s));
    BeneficiariesView view(f.store);
    view.show(); // the view loads when shown
    view.show();
    auto *history = view.findChild<QTableWidget *>(QStringLiteral("historyTable"));
    auto *title = view.findChild<QLabel *>(QStringLiteral("historyTitle"));
    QVERIFY(history->isHidden());
    view.selectBeneficiaries({s.josiane.id});
    QCOMPARE(history->rowCount(), 4);
    QVERIFY(history->isVisible());
    QVERIFY(title->text().contains(QStringLiteral("Josiane Martin")));
    QVERIFY(title->text().contains(QStringLiteral("4 activités")));
    QCOMPARE(history->item(0, 0)->text(), QStringLiteral("16/06/2026"));
    QCOMPARE(history->item(0, 2)->text(), QStringLiteral("45 min"));
    QVERIFY(history->item(0, 3)->text().contains(s.place.nom));
    QCOMPARE(history->item(1, 2)->text(), QStringLiteral("2 h"));
    QVERIFY(history->item(1, 3)->text().contains(QStringLiteral("Découvrir sa tablette")));
    QVERIFY(history->item(0, 4)->text().contains(QStringLiteral("mail"), Qt::CaseInsensitive));
    view.selectBeneficiaries({s.lea.id});
    QCOMPARE(history->rowCount(), 0);
    QVERIFY(title->text().contains(QStringLiteral("aucune")));
    auto *merge = view.findChild<QPushButton *>(QStringLiteral("mergeBeneficiariesButton"));
    QVERIFY(!merge->isEnabled());
    view.selectBeneficiaries({s.lea.id, s.josiane.id});
    QVERIFY(merge->isEnabled());
    QVERIFY(!view.findChild<QPushButton *>(QStringLiteral("deleteBeneficiaryButton"))->isEnabled());
}

void TestBeneficiaries::view_mergesTwoSelected()
{
    Fixture f;
    QVERIFY(f.open());
    Scene s;
    QVERIFY(populate(f, s));
    BeneficiariesView view(f.store);
    view.show(); // the view loads when shown
    view.show();
    QSignalSpy changed(&view, &BeneficiariesView::beneficiariesChanged);
    view.selectBeneficiaries({s.josiane.id, s.lea.id});
    QCOMPARE(view.selectedBeneficiaries().size(), 2);
    QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("mergeBeneficiariesButton")), Qt::LeftButton);
    auto *dialog = waitForDialog<BeneficiaryMergeDialog>(view);
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("mergeExplanation"))->text().contains(QStringLiteral("vides")));
    // Josiane has 4 activities, Léa none: Josiane's record is proposed as the one to keep.
    QCOMPARE(dialog->keep(), s.josiane.id);
    auto *first = dialog->findChild<QRadioButton *>(QStringLiteral("keepFirst"));
    auto *second = dialog->findChild<QRadioButton *>(QStringLiteral("keepSecond"));
    QRadioButton *keepLea = first->isChecked() ? second : first;
    QVERIFY(keepLea->text().contains(QStringLiteral("Léa")));
    QVERIFY(keepLea->text().contains(QStringLiteral("0 activité")));
    QTest::keyClick(keepLea, Qt::Key_Space);
    QCOMPARE(dialog->keep(), s.lea.id);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("mergeButton")), Qt::LeftButton);
    QTRY_COMPARE(changed.count(), 1);

    QVERIFY(f.store.beneficiary(s.josiane.id)->isDeleted());
    const Beneficiary lea = *f.store.beneficiary(s.lea.id);
    QCOMPARE(lea.prenom, QStringLiteral("Léa"));
    QCOMPARE(lea.anneeNaissance, 1948);
    QCOMPARE(lea.telephone, s.josiane.telephone);
    QCOMPARE(f.store.activitiesOfBeneficiary(s.lea.id).size(), 4);
    QCOMPARE(view.visibleCount(), 2);
    QCOMPARE(view.selectedBeneficiaries(), QList<QUuid>{s.lea.id});
}

void TestBeneficiaries::view_deleteAsksConfirmation()
{
    Fixture f;
    QVERIFY(f.open());
    Scene s;
    QVERIFY(populate(f, s));
    const qint64 before = storedAccompagnements(f.store);
    BeneficiariesView view(f.store);
    view.show(); // the view loads when shown
    view.show();
    QStringList asked;
    bool answer = false;
    view.setConfirm([&](const QString &question) {
        asked.append(question);
        return answer;
    });
    QSignalSpy changed(&view, &BeneficiariesView::beneficiariesChanged);
    view.selectBeneficiaries({s.josiane.id});
    auto *remove = view.findChild<QPushButton *>(QStringLiteral("deleteBeneficiaryButton"));
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    QVERIFY(asked.first().contains(QStringLiteral("Josiane Martin")));
    QVERIFY(asked.first().contains(QStringLiteral("4 activités restent")));
    QVERIFY(asked.first().contains(QStringLiteral("anonymes")));
    QVERIFY(!f.store.beneficiary(s.josiane.id)->isDeleted());
    QCOMPARE(changed.count(), 0);

    answer = true;
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(asked.size(), 2);
    QVERIFY(f.store.beneficiary(s.josiane.id)->isDeleted());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(view.visibleCount(), 2);
    QCOMPARE(storedAccompagnements(f.store), before);
    QCOMPARE(f.store.counts().activites(), 4);
}

void TestBeneficiaries::view_screenshot()
{
    Fixture f;
    QVERIFY(f.open());
    Scene s;
    QVERIFY(populate(f, s));
    BeneficiariesView view(f.store);
    view.show(); // the view loads when shown
    view.selectBeneficiaries({s.josiane.id});
    QVERIFY(
        view.findChild<QLabel *>(QStringLiteral("privacyNotice"))->text().contains(QStringLiteral("cet ordinateur")));
    saveScreenshot(view, QStringLiteral("beneficiaires.png"));
}

QTEST_MAIN(TestBeneficiaries)
#include "tst_beneficiaries.moc"
