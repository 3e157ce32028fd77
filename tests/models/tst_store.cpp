#include "models/domain/Nomenclature.h"
#include "models/store/Connection.h"
#include "models/store/DraftStore.h"
#include "models/store/Migrations.h"
#include "models/store/StoreRows.h"
#include "tests/support/TestData.h"

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <atomic>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

using TestData::Fixture;

namespace {
QVariant pragma(const Store &store, const QString &name)
{
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral("PRAGMA ") + name) || !q.next())
        return {};
    return q.value(0);
}

// Every optional field of an individual CRA filled in.
Activity fullIndividual(const QUuid &place)
{
    Activity a = TestData::individuel(place);
    a.typeLieu = QStringLiteral("domicile");
    a.lieuId = QUuid();
    a.lieuCommune = {QStringLiteral("23176"), QStringLiteral("23200"), QStringLiteral("Aubusson")};
    a.thematiques = {QStringLiteral("email"), QLatin1String(Codes::Thematique::AideDemarches),
        QStringLiteral("social_sante"), QStringLiteral("logement")};
    a.materiel = {QStringLiteral("ordinateur"), QStringLiteral("telephone")};
    a.tags = {QStringLiteral("Permanence mairie"), QStringLiteral("Itinérance, été")};
    a.precisionsDemarche = QStringLiteral("Dossier CAF « APL »");
    a.notes = QStringLiteral("Revenir lundi.\nApporter l'avis d'imposition ; « guillemets » et 'apostrophes'.");
    a.autonomie = QStringLiteral("entierement_accompagne");
    a.orienteVersStructure = true;
    a.structureDeRedirection = QStringLiteral("aide_sociale");
    a.anonyme.genre = QStringLiteral("masculin");
    a.anonyme.anneeNaissance = 1951;
    a.anonyme.trancheAge = QStringLiteral("soixante_dix_plus");
    a.anonyme.statutSocial = QStringLiteral("retraite");
    a.anonyme.communeResidence = TestData::gueret();
    a.anonyme.dejaAccompagne = false;
    return a;
}
} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private slots:
    void activities_byIds_asOneByOne();
    void timestamp_writtenAsQtWritesIt();
#ifdef Q_OS_UNIX // file modes; on Windows the per-user data folder is already private
    void dataFolder_closedToOtherAccounts_whateverTheUmask();
    void dataFolder_openToOthers_isRepaired_andSaidOnce();
#endif
    void erasedBeneficiary_isInNeitherTheBaseNorItsWal();
    void open_setsWalForeignKeysAndSchema();
    void individual_roundTripsEveryField();
    void individual_withFollowedBeneficiary_roundTrips();
    void collective_roundTripsCountersAndParticipants();
    void unsetOptionalFields_stayUnset();
    void update_keepsCreation_changesModification_marksPending();
    void switchingToIndividual_dropsWorkshopParticipants();
    void invalidActivity_isRefused_andNothingWritten();
    void unknownPlaceOrBeneficiary_isRefused();
    void failedSave_isRolledBackWhole();
    void fullDisk_givesFrenchMessage_andKeepsSavedData();
    void softDelete_keepsRow_andRestoreBringsItBack();
    void beneficiary_placeAndProfile_roundTrip();
    void deletedBeneficiary_isHiddenButKept();
    void archivedPlace_isListedOnlyOnRequest();
    void counts_separateDeleted();
    void runningCounts_followEveryKindOfChange();
    void insertActivities_refusesWholeBatchOnInvalidOne();
    void twoConnectionsWritingAtOnce_neverDeadlock();
    void newerDatabase_isRefusedUntouched();
    void foreignFile_isRefused();
    void sqliteFileOfAnotherApp_isRefused();
};

void TestStore::open_setsWalForeignKeysAndSchema()
{
    Fixture f;
    QVERIFY(f.open());
    QCOMPARE(pragma(f.store, QStringLiteral("journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(pragma(f.store, QStringLiteral("foreign_keys")).toInt(), 1);
    // FULL (issue 10): the WAL synced at every commit, so an acknowledged save survives a power cut.
    QCOMPARE(pragma(f.store, QStringLiteral("synchronous")).toInt(), 2);
    QCOMPARE(pragma(f.store, QStringLiteral("busy_timeout")).toInt(), Connection::BusyTimeoutMs);
    QCOMPARE(f.store.schemaVersion(), Migrations::LatestVersion);
    QCOMPARE(pragma(f.store, QStringLiteral("application_id")).toInt(), Migrations::ApplicationId);
    QVERIFY(QFile::exists(f.path()));
}

void TestStore::individual_roundTripsEveryField()
{
    Fixture f;
    QVERIFY(f.open());
    Place place = TestData::place();
    QString error;
    QVERIFY2(f.store.savePlace(place, &error), qPrintable(error));
    Activity a = fullIndividual(place.id);
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));

    // Read back through a second connection, as another process would.
    Store other(f.clock);
    QVERIFY(other.open(f.path(), &error));
    const auto loaded = other.activity(a.id);
    QVERIFY(loaded.has_value());
    QVERIFY(loaded->sameContent(a));
    QCOMPARE(loaded->tags, a.tags);
    QCOMPARE(loaded->notes, a.notes);
    QCOMPARE(loaded->anonyme.dejaAccompagne, std::optional<bool>(false));
    QCOMPARE(loaded->orienteVersStructure, std::optional<bool>(true));
    QCOMPARE(loaded->creation, TestData::fixedNow());
    QCOMPARE(loaded->creation.timeSpec(), Qt::UTC);
    QCOMPARE(loaded->modification, TestData::fixedNow());
    QVERIFY(!loaded->isDeleted());
    QCOMPARE(loaded->syncState, SyncState::Pending);
    QCOMPARE(loaded->accompagnements(), 1);
}

void TestStore::individual_withFollowedBeneficiary_roundTrips()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Beneficiary b = TestData::beneficiary();
    QVERIFY(f.store.savePlace(place, &error));
    QVERIFY(f.store.saveBeneficiary(b, &error));
    Activity a = TestData::individuel(place.id);
    a.anonyme = AnonymousPerson();
    a.beneficiaireId = b.id;
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    const auto loaded = f.store.activity(a.id);
    QVERIFY(loaded && loaded->sameContent(a));
    QCOMPARE(loaded->beneficiaireId, b.id);
}

void TestStore::collective_roundTripsCountersAndParticipants()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Beneficiary b1 = TestData::beneficiary();
    Beneficiary b2 = TestData::beneficiary();
    b2.prenom = QStringLiteral("Karim");
    QVERIFY(f.store.saveBeneficiary(b1, &error));
    QVERIFY(f.store.saveBeneficiary(b2, &error));
    Activity a = TestData::collectif(place.id);
    a.participants = {b2.id, b1.id}; // order kept
    a.tags = {QStringLiteral("Atelier du jeudi")};
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    const auto loaded = f.store.activity(a.id);
    QVERIFY(loaded.has_value());
    QVERIFY(loaded->sameContent(a));
    QCOMPARE(loaded->participants, (QList<QUuid>{b2.id, b1.id}));
    QCOMPARE(loaded->participantsAnonymes.genre.value(QStringLiteral("feminin")), 5);
    QCOMPARE(loaded->accompagnements(), 10);
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("SELECT accompagnements FROM activites")) && q.next());
    QCOMPARE(q.value(0).toInt(), 10);
}

void TestStore::unsetOptionalFields_stayUnset()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Activity a = TestData::individuel(QUuid());
    a.typeLieu = QStringLiteral("a_distance");
    a.lieuId = QUuid();
    a.autonomie.clear();
    a.orienteVersStructure.reset();
    a.anonyme = AnonymousPerson();
    a.materiel.clear();
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    const auto loaded = f.store.activity(a.id);
    QVERIFY(loaded && loaded->sameContent(a));
    QVERIFY(!loaded->orienteVersStructure.has_value());
    QVERIFY(!loaded->anonyme.dejaAccompagne.has_value());
    QVERIFY(loaded->materiel.isEmpty());
    QVERIFY(loaded->lieuCommune.isEmpty());
}

void TestStore::update_keepsCreation_changesModification_marksPending()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 2, server_version = 'v1'")));

    f.clock.advanceSecs(3600);
    a.dureeMinutes = 60;
    a.creation = QDateTime(); // the form does not know it: the store keeps the stored one
    QVERIFY(f.store.saveActivity(a, &error));
    const auto loaded = f.store.activity(a.id);
    QCOMPARE(loaded->dureeMinutes, 60);
    QCOMPARE(loaded->creation, TestData::fixedNow());
    QCOMPARE(loaded->modification, TestData::fixedNow().addSecs(3600));
    QCOMPARE(loaded->syncState, SyncState::Pending);
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM activites")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TestStore::switchingToIndividual_dropsWorkshopParticipants()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Beneficiary b = TestData::beneficiary();
    QVERIFY(f.store.savePlace(place, &error));
    QVERIFY(f.store.saveBeneficiary(b, &error));
    Activity a = TestData::collectif(place.id);
    a.participants = {b.id};
    QVERIFY(f.store.saveActivity(a, &error));
    Activity individual = TestData::individuel(place.id);
    individual.id = a.id;
    QVERIFY2(f.store.saveActivity(individual, &error), qPrintable(error));
    const auto loaded = f.store.activity(a.id);
    QVERIFY(loaded->isIndividuel());
    QVERIFY(loaded->participants.isEmpty());
}

void TestStore::invalidActivity_isRefused_andNothingWritten()
{
    Fixture f;
    QVERIFY(f.open());
    Activity a = TestData::individuel(QUuid());
    a.typeLieu = QStringLiteral("a_distance");
    a.lieuId = QUuid();
    a.thematiques.clear();
    QString error;
    QVERIFY(!f.store.saveActivity(a, &error));
    QCOMPARE(error, QStringLiteral("Veuillez renseigner au moins une thématique"));
    QVERIFY(!f.store.activity(a.id).has_value());
    QCOMPARE(f.store.counts().activites(), 0);
}

void TestStore::unknownPlaceOrBeneficiary_isRefused()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Activity a = TestData::individuel(QUuid::createUuid());
    QVERIFY(!f.store.saveActivity(a, &error));
    QCOMPARE(error, QStringLiteral("Le lieu d'activité choisi n'existe pas (ou plus) dans vos lieux."));
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity w = TestData::collectif(place.id);
    w.participants = {QUuid::createUuid()};
    QVERIFY(!f.store.saveActivity(w, &error));
    QCOMPARE(error, QStringLiteral("Un bénéficiaire de cette activité n'existe pas (ou plus) dans vos bénéficiaires."));
    QCOMPARE(f.store.counts().activites(), 0);
}

void TestStore::failedSave_isRolledBackWhole()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Beneficiary b = TestData::beneficiary();
    QVERIFY(f.store.savePlace(place, &error));
    QVERIFY(f.store.saveBeneficiary(b, &error));
    // The activity row goes in first, then its participants: make the second step fail.
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER fail_participants BEFORE INSERT ON activite_participants "
                                  "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END")));
    Activity a = TestData::collectif(place.id);
    a.participants = {b.id};
    QVERIFY(!f.store.saveActivity(a, &error));
    QVERIFY2(error.contains(QStringLiteral("simulated failure")), qPrintable(error));
    QVERIFY(!f.store.activity(a.id).has_value());

    // And a later save on the same connection works: no transaction was left open.
    QVERIFY(q.exec(QStringLiteral("DROP TRIGGER fail_participants")));
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    QVERIFY(f.store.activity(a.id).has_value());
}

void TestStore::fullDisk_givesFrenchMessage_andKeepsSavedData()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity first = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(first, &error));

    // Cap the file at its current size: the next growth fails as on a full disk (SQLITE_FULL).
    const int pages = pragma(f.store, QStringLiteral("page_count")).toInt();
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages)));
    bool sawFull = false;
    for (int i = 0; i < 200 && !sawFull; ++i) {
        Activity a = TestData::individuel(place.id);
        a.notes = QString(1500, QLatin1Char('x'));
        if (!f.store.saveActivity(a, &error)) {
            sawFull = true;
            QVERIFY2(error.startsWith(QStringLiteral("Le disque est plein")), qPrintable(error));
            QVERIFY(error.contains(f.path()));
            QVERIFY(!f.store.activity(a.id).has_value());
        }
    }
    QVERIFY(sawFull);
    const auto kept = f.store.activity(first.id);
    QVERIFY(kept && kept->sameContent(first));
    QSqlQuery check(f.store.database());
    QVERIFY(check.exec(QStringLiteral("PRAGMA integrity_check")) && check.next());
    QCOMPARE(check.value(0).toString(), QStringLiteral("ok"));
}

void TestStore::softDelete_keepsRow_andRestoreBringsItBack()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    f.clock.advanceSecs(60);
    QVERIFY(f.store.deleteActivity(a.id, &error));
    auto loaded = f.store.activity(a.id);
    QVERIFY(loaded.has_value());
    QVERIFY(loaded->isDeleted());
    QCOMPARE(loaded->suppression, TestData::fixedNow().addSecs(60));
    QCOMPARE(loaded->modification, TestData::fixedNow().addSecs(60));
    QCOMPARE(f.store.counts().activites(), 0);
    QCOMPARE(f.store.counts().individuelsSupprimes, 1);
    QVERIFY(f.store.restoreActivity(a.id, &error));
    loaded = f.store.activity(a.id);
    QVERIFY(!loaded->isDeleted());
    QCOMPARE(f.store.counts().activites(), 1);
    QVERIFY(!f.store.deleteActivity(QUuid::createUuid(), &error));
    QCOMPARE(error, QStringLiteral("Cette activité n'existe pas."));
}

void TestStore::beneficiary_placeAndProfile_roundTrip()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Beneficiary b = TestData::beneficiary();
    b.telephone = QStringLiteral("06 12 34 56 78");
    b.email = QStringLiteral("josiane@example.org");
    b.notes = QStringLiteral("Préfère le mardi.");
    QVERIFY2(f.store.saveBeneficiary(b, &error), qPrintable(error));
    const auto lb = f.store.beneficiary(b.id);
    QVERIFY(lb && lb->sameContent(b));
    QCOMPARE(lb->creation, TestData::fixedNow());

    Place p = TestData::place();
    QVERIFY(f.store.savePlace(p, &error));
    p.archive = true;
    p.nom = QStringLiteral("Ancienne médiathèque");
    QVERIFY(f.store.savePlace(p, &error));
    const auto lp = f.store.place(p.id);
    QVERIFY(lp && lp->sameContent(p));

    QVERIFY(f.store.profile().isEmpty());
    Profile profile;
    profile.prenom = QStringLiteral("Camille");
    profile.nom = QStringLiteral("Durand");
    profile.email = QStringLiteral("camille@example.org");
    profile.role = QLatin1String(Profile::ConseillerNumerique);
    profile.structure = {QStringLiteral("Communauté de communes"), QStringLiteral("12345678900011"),
        QStringLiteral("2 rue de la Poste"), TestData::gueret()};
    QVERIFY2(f.store.saveProfile(profile, &error), qPrintable(error));
    QCOMPARE(f.store.profile(), profile);
    profile.prenom.clear();
    QVERIFY(!f.store.saveProfile(profile, &error));
    QCOMPARE(error, QStringLiteral("Veuillez renseigner votre prénom."));
    QCOMPARE(f.store.profile().prenom, QStringLiteral("Camille"));
}

void TestStore::deletedBeneficiary_isHiddenButKept()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Beneficiary b = TestData::beneficiary();
    QVERIFY(f.store.savePlace(place, &error));
    QVERIFY(f.store.saveBeneficiary(b, &error));
    Activity a = TestData::individuel(place.id);
    a.anonyme = AnonymousPerson();
    a.beneficiaireId = b.id;
    QVERIFY(f.store.saveActivity(a, &error));
    QVERIFY(f.store.deleteBeneficiary(b.id, &error));
    QVERIFY(f.store.beneficiaries().isEmpty());
    QCOMPARE(f.store.beneficiaries(true).size(), 1);
    QVERIFY(f.store.beneficiary(b.id)->isDeleted());
    QVERIFY(f.store.activity(a.id).has_value());
    QCOMPARE(f.store.counts().beneficiairesSupprimes, 1);
}

void TestStore::archivedPlace_isListedOnlyOnRequest()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place open = TestData::place();
    Place archived = TestData::place();
    archived.nom = QStringLiteral("Ancien local");
    archived.archive = true;
    QVERIFY(f.store.savePlace(open, &error));
    QVERIFY(f.store.savePlace(archived, &error));
    QCOMPARE(f.store.places(false).size(), 1);
    QCOMPARE(f.store.places(true).size(), 2);
    QCOMPARE(f.store.counts().lieuxArchives, 1);
}

void TestStore::counts_separateDeleted()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    for (int i = 0; i < 3; ++i) {
        Activity a = TestData::individuel(place.id);
        QVERIFY(f.store.saveActivity(a, &error));
        if (i == 0)
            QVERIFY(f.store.deleteActivity(a.id, &error));
    }
    Activity w = TestData::collectif(place.id);
    QVERIFY(f.store.saveActivity(w, &error));
    const StoreCounts c = f.store.counts();
    QCOMPARE(c.individuels, 2);
    QCOMPARE(c.individuelsSupprimes, 1);
    QCOMPARE(c.collectifs, 1);
    QCOMPARE(c.activites(), 3);
    QCOMPARE(c.lieux, 1);
}

void TestStore::runningCounts_followEveryKindOfChange()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    QSqlQuery q(f.store.database());
    // The running counts must equal a full count after each step.
    const auto matches = [&]() -> bool {
        const char *const sql = "SELECT count(*) FROM (SELECT type, suppression IS NOT NULL AS supprime, sync_state, "
                                "count(*) AS n FROM activites GROUP BY 1, 2, 3 EXCEPT SELECT type, supprime, "
                                "sync_state, n FROM activites_compteurs WHERE n <> 0) ";
        return q.exec(QString::fromLatin1(sql)) && q.next() && q.value(0).toInt() == 0;
    };
    Activity a = TestData::individuel(place.id);
    QVERIFY(f.store.saveActivity(a, &error));
    QVERIFY(matches());
    a.type = QLatin1String(Codes::TypeActivite::Collectif); // an individual activity becomes a workshop
    a.autonomie.clear();
    a.orienteVersStructure.reset();
    a.structureDeRedirection.clear();
    a.anonyme = {};
    a.niveauAtelier = QStringLiteral("debutant");
    a.participantsAnonymes.total = 4;
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    QCOMPARE(f.store.counts().collectifs, 1);
    QCOMPARE(f.store.counts().individuels, 0);
    QVERIFY(matches());
    QVERIFY(f.store.deleteActivity(a.id, &error));
    QCOMPARE(f.store.counts().collectifsSupprimes, 1);
    QVERIFY(matches());
    QVERIFY(f.store.restoreActivity(a.id, &error));
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 2")));
    QCOMPARE(f.store.syncCounts().sent, 1);
    QCOMPARE(f.store.syncCounts().pending, 0);
    QVERIFY(matches());
    QList<Activity> batch = {TestData::individuel(place.id), TestData::individuel(place.id)};
    QVERIFY(f.store.insertActivities(batch, true, &error));
    QCOMPARE(f.store.counts().individuels, 2);
    QVERIFY(q.exec(QStringLiteral("DELETE FROM activites WHERE sync_state = 2")));
    QCOMPARE(f.store.counts().activites(), 2);
    QVERIFY(matches());
}

void TestStore::insertActivities_refusesWholeBatchOnInvalidOne()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    QList<Activity> batch;
    for (int i = 0; i < 5; ++i)
        batch.append(TestData::individuel(place.id));
    batch[3].dureeMinutes = 0;
    QVERIFY(!f.store.insertActivities(batch, true, &error));
    QVERIFY2(error.contains(QStringLiteral("Veuillez renseigner une durée supérieure à 0.")), qPrintable(error));
    QVERIFY2(error.contains(batch[3].id.toString(QUuid::WithoutBraces)), qPrintable(error));
    QCOMPARE(f.store.counts().activites(), 0);
    batch[3].dureeMinutes = 30;
    QVERIFY2(f.store.insertActivities(batch, true, &error), qPrintable(error));
    QCOMPARE(f.store.counts().activites(), 5);
    QVERIFY(f.store.activity(batch[4].id)->sameContent(batch[4]));
}

void TestStore::twoConnectionsWritingAtOnce_neverDeadlock()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    const QString path = f.path();
    constexpr int perThread = 150;
    std::atomic<int> failures{0};
    QStringList errors;
    QMutex errorsMutex;

    // Each thread has its own Store (its own connection) and mixes reads with writes, the pattern that deadlocks
    // with plain BEGIN (two readers both upgrading to writers).
    const auto writer = [&](int seed) {
        FixedClock clock(TestData::fixedNow());
        Store store(clock);
        QString e;
        if (!store.open(path, &e)) {
            ++failures;
            QMutexLocker lock(&errorsMutex);
            errors.append(e);
            return;
        }
        for (int i = 0; i < perThread; ++i) {
            Activity a = TestData::individuel(place.id);
            a.dureeMinutes = 15 + (seed + i) % 100;
            store.counts();
            if (!store.saveActivity(a, &e)) {
                ++failures;
                QMutexLocker lock(&errorsMutex);
                errors.append(e);
            }
            if (i % 10 == 0 && !store.deleteActivity(a.id, &e))
                ++failures;
        }
    };
    QThread *t1 = QThread::create(writer, 1);
    QThread *t2 = QThread::create(writer, 2);
    t1->start();
    t2->start();
    QVERIFY(t1->wait(120000));
    QVERIFY(t2->wait(120000));
    delete t1;
    delete t2;
    QVERIFY2(failures == 0, qPrintable(errors.join(QLatin1Char('\n'))));
    const StoreCounts c = f.store.counts();
    QCOMPARE(c.individuels + c.individuelsSupprimes, 2 * perThread);
    QCOMPARE(c.individuelsSupprimes, 2 * (perThread / 10));
}

void TestStore::newerDatabase_isRefusedUntouched()
{
    Fixture f;
    QVERIFY(f.open());
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(Migrations::LatestVersion + 1)));
    q.finish();
    f.store.close();
    QFile file(f.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    QString error;
    QVERIFY(!f.store.open(f.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("version plus récente de Carnet")), qPrintable(error));
    QVERIFY(!f.store.isOpen());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
}

void TestStore::foreignFile_isRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("carnet.sqlite"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'z'));
    file.close();
    Store store;
    QString error;
    QVERIFY(!store.open(path, &error));
    // Issue 10: the header says it is not SQLite, so it is damaged or not ours (not only "pas une base Carnet").
    QVERIFY2(error.startsWith(QStringLiteral("Le fichier « %1 » est endommagé ou n'est pas une base Carnet").arg(path)),
        qPrintable(error));
    QCOMPARE(QFileInfo(path).size(), 4096);
}

void TestStore::sqliteFileOfAnotherApp_isRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("other.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE recettes (nom TEXT)")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other"));
    Store store;
    QString error;
    QVERIFY(!store.open(path, &error));
    QVERIFY2(error.contains(QStringLiteral("n'a pas été créée par Carnet")), qPrintable(error));
}

#ifdef Q_OS_UNIX
namespace {
// The rights of the group and of the others on a path.
QFileDevice::Permissions othersRights(const QString &path)
{
    return QFile::permissions(path)
        & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
            | QFileDevice::WriteOther | QFileDevice::ExeOther);
}
} // namespace

void TestStore::dataFolder_closedToOtherAccounts_whateverTheUmask()
{
    const mode_t before = ::umask(022); // the usual umask: files 0644, folders 0755 unless Carnet says otherwise
    QTemporaryDir root;
    const QString folder = root.filePath(QStringLiteral("donnees/carnet"));
    {
        FixedClock clock(TestData::fixedNow());
        Store store(clock);
        QString error;
        QVERIFY2(store.open(QDir(folder).filePath(QStringLiteral("carnet.sqlite")), &error), qPrintable(error));
        QVERIFY(store.privacyNotice().isEmpty()); // a new folder: nothing to repair
        Place place = TestData::place();
        QVERIFY(store.savePlace(place, &error));
        Beneficiary b = TestData::beneficiary();
        QVERIFY(store.saveBeneficiary(b, &error));
        Draft draft;
        draft.activity = TestData::individuel(place.id);
        QVERIFY2(DraftStore::besideStore(store).save(draft, &error), qPrintable(error));
        QVERIFY(QFile::exists(folder + QStringLiteral("/carnet.sqlite-wal")));
        for (const QString &name : {QStringLiteral("carnet.sqlite"), QStringLiteral("carnet.sqlite-wal"),
                 QStringLiteral("carnet.sqlite-shm"), QString::fromLatin1(DraftStore::FileName)}) {
            const QString path = QDir(folder).filePath(name);
            QVERIFY2(QFile::exists(path), qPrintable(name));
            QVERIFY2(othersRights(path) == 0, qPrintable(name));
        }
        QCOMPARE(othersRights(folder), QFileDevice::Permissions());
    }
    ::umask(before);
}

void TestStore::dataFolder_openToOthers_isRepaired_andSaidOnce()
{
    QTemporaryDir root;
    const QString folder = root.filePath(QStringLiteral("carnet"));
    QVERIFY(QDir().mkpath(folder));
    const QFileDevice::Permissions open = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
        | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther;
    QVERIFY(QFile::setPermissions(folder, open));
    const QString path = QDir(folder).filePath(QStringLiteral("carnet.sqlite"));
    {
        FixedClock clock(TestData::fixedNow());
        Store store(clock);
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        store.close();
    }
    // As an older Carnet left them: the folder and the base readable by everyone.
    QVERIFY(QFile::setPermissions(folder, open));
    QVERIFY(QFile::setPermissions(
        path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    FixedClock clock(TestData::fixedNow());
    Store store(clock);
    QString error;
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QVERIFY2(store.privacyNotice().contains(QStringLiteral("réservé")), qPrintable(store.privacyNotice()));
    QCOMPARE(othersRights(folder), QFileDevice::Permissions());
    QCOMPARE(othersRights(path), QFileDevice::Permissions());
    store.close();
    QVERIFY2(store.open(path, &error), qPrintable(error));
    QVERIFY(store.privacyNotice().isEmpty()); // said once
}
#endif

void TestStore::erasedBeneficiary_isInNeitherTheBaseNorItsWal()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Beneficiary b = TestData::beneficiary();
    b.prenom = QStringLiteral("Zorglubette");
    b.nom = QStringLiteral("Quintessencia");
    b.telephone = QStringLiteral("0611223344");
    QVERIFY(f.store.saveBeneficiary(b, &error));
    Activity a = TestData::individuel(place.id);
    a.anonyme = AnonymousPerson();
    a.beneficiaireId = b.id;
    QVERIFY(f.store.saveActivity(a, &error));
    const auto holds = [&f](const QByteArray &text) {
        for (const char *suffix : {"", "-wal"}) {
            QFile file(f.path() + QLatin1String(suffix));
            if (file.open(QIODevice::ReadOnly) && file.readAll().contains(text))
                return true;
        }
        return false;
    };
    QVERIFY(holds("Quintessencia")); // the test can see a name where it is
    QVERIFY2(f.store.deleteBeneficiary(b.id, &error), qPrintable(error));
    for (const QByteArray &text : {QByteArray("Zorglubette"), QByteArray("Quintessencia"), QByteArray("0611223344")})
        QVERIFY2(!holds(text), text.constData());
}

void TestStore::timestamp_writtenAsQtWritesIt()
{
    // StoreRows::timestamp formats by hand what QDateTime::toString(Qt::ISODateWithMs) writes in UTC: the same text
    // for UTC and Paris times (both DST changes), every millisecond position, and the years Qt writes otherwise.
    const QTimeZone paris("Europe/Paris");
    QList<QDateTime> times{QDateTime(QDate(2025, 3, 30), QTime(1, 59, 59, 999), paris),
        QDateTime(QDate(2025, 3, 30), QTime(3, 0), paris), QDateTime(QDate(2025, 10, 26), QTime(2, 30, 0, 5), paris),
        QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC),
        QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
        QDateTime(QDate(-5, 6, 1), QTime(12, 0), Qt::UTC), QDateTime(QDate(12000, 6, 1), QTime(12, 0), Qt::UTC)};
    quint64 seed = 7;
    for (int i = 0; i < 2000; ++i) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        const qint64 ms = qint64(seed >> 24) % (qint64(200) * 365 * 86400 * 1000) - qint64(70) * 365 * 86400 * 1000;
        times.append(QDateTime::fromMSecsSinceEpoch(ms, i % 2 ? Qt::UTC : Qt::LocalTime));
        times.append(QDateTime::fromMSecsSinceEpoch(ms, paris));
    }
    for (const QDateTime &t : std::as_const(times))
        QCOMPARE(StoreRows::timestamp(t).toString(), t.toUTC().toString(Qt::ISODateWithMs));
    QVERIFY(StoreRows::timestamp(QDateTime()).isNull());
}

// The sync's batch read: the same activities as activity() one by one, participants in order; unknown ids left out.
void TestStore::activities_byIds_asOneByOne()
{
    TestData::Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Beneficiary first = TestData::beneficiary();
    Beneficiary second = TestData::beneficiary();
    second.prenom = QStringLiteral("Second");
    QVERIFY(f.store.saveBeneficiary(first, &error));
    QVERIFY(f.store.saveBeneficiary(second, &error));
    Activity one = TestData::individuel(place.id);
    Activity workshop = TestData::collectif(place.id);
    workshop.participants = {second.id, first.id};
    QVERIFY2(f.store.saveActivity(one, &error), qPrintable(error));
    QVERIFY2(f.store.saveActivity(workshop, &error), qPrintable(error));
    const QHash<QUuid, Activity> read = f.store.activities({workshop.id, QUuid::createUuid(), one.id});
    QCOMPARE(read.size(), 2);
    for (const QUuid &id : {one.id, workshop.id}) {
        QVERIFY(read.value(id).sameContent(*f.store.activity(id)));
        QCOMPARE(read.value(id).participants, f.store.activity(id)->participants);
        QCOMPARE(read.value(id).modification, f.store.activity(id)->modification);
    }
    QCOMPARE(read.value(workshop.id).participants, (QList<QUuid>{second.id, first.id}));
    QVERIFY(f.store.activities({}).isEmpty());
}

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
