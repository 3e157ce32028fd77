#include "models/demo/DemoGenerator.h"
#include "models/domain/Nomenclature.h"
#include "models/io/StatsJson.h"
#include "models/stats/Breakdowns.h"
#include "models/stats/StatsEngine.h"
#include "tests/support/TestData.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

using TestData::Fixture;

namespace {

CommuneRef limoges()
{
    return {QStringLiteral("87085"), QStringLiteral("87000"), QStringLiteral("Limoges")};
}

CommuneRef souterraine()
{
    return {QStringLiteral("23176"), QStringLiteral("23300"), QStringLiteral("La Souterraine")};
}

qint64 countOf(const StatsResult &r, const char *breakdown, const char *code)
{
    const Breakdown *b = r.breakdown(QLatin1String(breakdown));
    if (!b)
        return -1;
    const BreakdownItem *i = b->item(QLatin1String(code));
    return i ? i->count : -1;
}

double percentOf(const StatsResult &r, const char *breakdown, const char *code)
{
    const BreakdownItem *i = r.breakdown(QLatin1String(breakdown))->item(QLatin1String(code));
    return i ? i->percent : -1.0;
}

StatsFilter period(const QDate &from, const QDate &to)
{
    StatsFilter f;
    f.from = from;
    f.to = to;
    return f;
}

// The June 2026 fixture; every figure the tests expect is worked out from it by hand.
//   A1 individuel 06-10, 45 min, at the place (Guéret), navigation + email, ordinateur, tags [senior], anonymous
//      person feminin / 70+ / no statut / no commune, "déjà accompagné" unanswered;
//   A2 individuel 06-12, 20 min, à distance (no commune: the structure's, Limoges), démarche logement, téléphone,
//      followed B1;
//   A3 atelier 06-15, 120 min, at the place, prise en main, tablette, tags [senior, atelier]: 8 anonymous (3 déjà
//      accompagnés; feminin 5, masculin 3; 70+ 6; retraite 7, sans emploi 1) + B1 and B2 followed: 10 accompagnements;
//   A4 individuel 06-20, 90 min, à domicile at La Souterraine, email, aucun matériel, anonymous masculin / no tranche
//      / en emploi / Guéret, déjà accompagné = oui;
//   A5 individuel 06-25 deleted; A6 individuel 05-20 B2 (30 min, email); A7 individuel 2025-12-10 B1;
//   A8 individuel 2026-04-01 B2, deleted (so B2's first accompagnement is 05-20).
// B1: feminin, 70+, retraite, Guéret. B2: masculin, born 1990 (no tranche), no statut, no commune.
struct JuneFixture
{
    Fixture f;
    Place place = TestData::place();
    Beneficiary b1 = TestData::beneficiary();
    Beneficiary b2 = TestData::beneficiary();
    QList<QUuid> ids; // A1 to A8

    bool build()
    {
        if (!f.open())
            return false;
        QString error;
        Profile profile;
        profile.prenom = QStringLiteral("Camille");
        profile.nom = QStringLiteral("Durand");
        profile.role = QLatin1String(Profile::Mediateur);
        profile.structure.nom = QStringLiteral("Tiers-lieu");
        profile.structure.commune = limoges();
        b2.prenom = QStringLiteral("Paul");
        b2.genre = QStringLiteral("masculin");
        b2.anneeNaissance = 1990;
        b2.trancheAge.clear();
        b2.statutSocial.clear();
        b2.communeResidence = {};
        if (!f.store.saveProfile(profile, &error) || !f.store.savePlace(place, &error)
            || !f.store.saveBeneficiary(b1, &error) || !f.store.saveBeneficiary(b2, &error)) {
            qWarning() << error;
            return false;
        }
        Activity a1 = TestData::individuel(place.id);
        a1.date = QDate(2026, 6, 10);
        a1.tags = {QStringLiteral("senior")};

        Activity a2 = TestData::individuel({});
        a2.date = QDate(2026, 6, 12);
        a2.dureeMinutes = 20;
        a2.typeLieu = QStringLiteral("a_distance");
        a2.thematiques = {QString::fromLatin1(Codes::Thematique::AideDemarches), QStringLiteral("logement")};
        a2.materiel = {QStringLiteral("telephone")};
        a2.anonyme = {};
        a2.beneficiaireId = b1.id;

        Activity a3 = TestData::collectif(place.id);
        a3.tags = {QStringLiteral("senior"), QStringLiteral("atelier")};
        a3.participants = {b1.id, b2.id};

        Activity a4 = TestData::individuel({});
        a4.date = QDate(2026, 6, 20);
        a4.dureeMinutes = 90;
        a4.typeLieu = QStringLiteral("domicile");
        a4.lieuCommune = souterraine();
        a4.thematiques = {QStringLiteral("email")};
        a4.materiel = {QStringLiteral("aucun")};
        a4.anonyme = {};
        a4.anonyme.genre = QStringLiteral("masculin");
        a4.anonyme.statutSocial = QStringLiteral("en_emploi");
        a4.anonyme.communeResidence = TestData::gueret();
        a4.anonyme.dejaAccompagne = true;

        Activity a5 = TestData::individuel(place.id);
        a5.date = QDate(2026, 6, 25);

        Activity a6 = TestData::individuel(place.id);
        a6.date = QDate(2026, 5, 20);
        a6.dureeMinutes = 30;
        a6.thematiques = {QStringLiteral("email")};
        a6.anonyme = {};
        a6.beneficiaireId = b2.id;

        Activity a7 = a6;
        a7.id = QUuid::createUuid();
        a7.date = QDate(2025, 12, 10);
        a7.beneficiaireId = b1.id;

        Activity a8 = a6;
        a8.id = QUuid::createUuid();
        a8.date = QDate(2026, 4, 1);

        for (Activity *a : {&a1, &a2, &a3, &a4, &a5, &a6, &a7, &a8}) {
            if (!f.store.saveActivity(*a, &error)) {
                qWarning() << error;
                return false;
            }
            ids.append(a->id);
        }
        if (!f.store.deleteActivity(a5.id, &error) || !f.store.deleteActivity(a8.id, &error)) {
            qWarning() << error;
            return false;
        }
        return true;
    }

    StatsResult compute(const StatsFilter &filter) const
    {
        return StatsEngine::compute(f.store.database(), filter, TestData::fixedNow().date());
    }
    // The activities behind items, as A numbers (1 for A1).
    QList<int> behind(const StatsFilter &filter, const char *key, const QStringList &codes) const
    {
        const StatsActivities r = StatsEngine::activitiesBehind(
            f.store.database(), filter, QLatin1String(key), codes, TestData::fixedNow().date());
        QList<int> numbers;
        for (const QUuid &id : r.ids)
            numbers.append(static_cast<int>(ids.indexOf(id)) + 1);
        return r.error.isEmpty() && !r.cancelled ? numbers : QList<int>{-1};
    }
};

} // namespace

class TestStatsEngine : public QObject
{
    Q_OBJECT

private slots:
    void headline_weightsWorkshopsAndSeparatesFollowedFromAnonymous();
    void nouveaux_firstAccompagnementEver();
    void nouveaux_firstMustPassTheFilters();
    void filters_severalValuesAndDepartements();
    void filters_source();
    void breakdowns_weightedByAccompagnements();
    void publicBreakdowns_countPeople();
    void publicBreakdowns_onePersonManyAccompagnements();
    void publicBreakdowns_workshopCounters();
    void placesAndCommunes_sortedByCount();
    void percentages_asThePlatform();
    void evolution_monthsAndDays();
    void evolution_threeMonthPeriod();
    void comparison_previousPeriodAndYearBefore();
    void filters_combine();
    void emptyPeriod_givesZeros();
    void seriesAcrossYearBoundary();
    void cancelled_stopsWithoutResult();
    void json_keyedByCodes();
    void readers_agreeOnDemoData();
    void unreadableDate_neverCounts();
    void activitiesBehind_anItemOfEveryKind();
    void activitiesBehind_agreesWithCountsOnDemoData();
};

void TestStatsEngine::headline_weightsWorkshopsAndSeparatesFollowedFromAnonymous()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    const StatsResult r = fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30)));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QVERIFY(!r.cancelled);
    const Headline &h = r.headline;
    QCOMPARE(h.from, QDate(2026, 6, 1));
    QCOMPARE(h.to, QDate(2026, 6, 30));
    QCOMPARE(h.activites, 4); // A1..A4, A5 deleted
    QCOMPARE(h.individuels, 3);
    QCOMPARE(h.collectifs, 1);
    QCOMPARE(h.accompagnements, 13); // 1 + 1 + (8 + 2) + 1
    QCOMPARE(h.participantsAteliers, 10);
    QCOMPARE(h.suivis, 2); // B1 (A2 and A3) once, B2
    QCOMPARE(h.anonymes, 10); // A1, A4, 8 in the workshop
    QCOMPARE(h.beneficiaires, 12);
    QCOMPARE(h.minutes, 45 + 20 + 120 + 90); // the workshop once
}

void TestStatsEngine::nouveaux_firstAccompagnementEver()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    // June: B1 (first 2025-12-10) and B2 (first 05-20; the deleted 04-01 does not count) are not new; anonymous:
    // A1 (unanswered) 1, A4 (déjà accompagné) 0, workshop 8 - 3 = 5.
    QCOMPARE(fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30))).headline.nouveaux, 6);
    // May: B2's first accompagnement.
    const StatsResult may = fx.compute(period(QDate(2026, 5, 1), QDate(2026, 5, 31)));
    QCOMPARE(may.headline.suivis, 1);
    QCOMPARE(may.headline.nouveaux, 1);
    // December 2025: B1's first one.
    QCOMPARE(fx.compute(period(QDate(2025, 12, 1), QDate(2025, 12, 31))).headline.nouveaux, 1);
    // April to June: B2 is new (its first non-deleted accompagnement is in it), B1 is not.
    QCOMPARE(fx.compute(period(QDate(2026, 4, 1), QDate(2026, 6, 30))).headline.nouveaux, 6 + 1);
    // A filter does not change what "first ever" means: the workshop alone has B2, not new in June.
    StatsFilter workshops = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    workshops.types = {QStringLiteral("collectif")};
    QCOMPARE(fx.compute(workshops).headline.nouveaux, 5);

    // B3 first came to a workshop in February 2024, B4 to an individual one: both long before the days a pass
    // reads, both seen again in February 2025 and June 2026. Neither is new then.
    Beneficiary b3 = TestData::beneficiary();
    Beneficiary b4 = TestData::beneficiary();
    QString error;
    QVERIFY(fx.f.store.saveBeneficiary(b3, &error));
    QVERIFY(fx.f.store.saveBeneficiary(b4, &error));
    Activity w = TestData::collectif(fx.place.id);
    w.date = QDate(2024, 2, 1);
    w.participants = {b3.id};
    QList<Activity> later;
    for (const QDate &date : {QDate(2025, 2, 1), QDate(2026, 6, 5)}) {
        for (const Beneficiary *b : {&b3, &b4}) {
            Activity a = TestData::individuel(fx.place.id);
            a.date = date;
            a.anonyme = {};
            a.beneficiaireId = b->id;
            later.append(a);
        }
    }
    Activity first = later.at(1);
    first.id = QUuid::createUuid();
    first.date = QDate(2024, 2, 2);
    later.append(first);
    later.append(w);
    for (Activity &a : later)
        QVERIFY2(fx.f.store.saveActivity(a, &error), qPrintable(error));
    // June 2026: the pass starts in July 2025; most of the base lies before it.
    const StatsResult june = fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30)));
    QCOMPARE(june.headline.suivis, 4);
    QCOMPARE(june.headline.nouveaux, 6);
    // First quarter 2025: the pass starts in April 2024, two months after the first activities.
    const StatsResult quarter = fx.compute(period(QDate(2025, 1, 1), QDate(2025, 3, 31)));
    QCOMPARE(quarter.headline.suivis, 2);
    QCOMPARE(quarter.headline.nouveaux, 0);
    // February 2024: both new (the workshop's 8 anonymous, 3 déjà accompagnés, make 5 more).
    const StatsResult february = fx.compute(period(QDate(2024, 2, 1), QDate(2024, 2, 29)));
    QCOMPARE(february.headline.suivis, 2);
    QCOMPARE(february.headline.nouveaux, 2 + 5);
}

void TestStatsEngine::nouveaux_firstMustPassTheFilters()
{
    // getTotalCountsStats.ts counts the accompagnements flagged first that themselves pass every filter. B5's first
    // accompagnement is an individual one on 06-02 by e-mail, then a workshop on 06-15: with the workshops only, B5 is
    // seen but not new; with the individual ones, new. Two activities of B6 the same first day: the one with the
    // smaller id is the first.
    JuneFixture fx;
    QVERIFY(fx.build());
    QString error;
    Beneficiary b5 = TestData::beneficiary();
    Beneficiary b6 = TestData::beneficiary();
    QVERIFY(fx.f.store.saveBeneficiary(b5, &error) && fx.f.store.saveBeneficiary(b6, &error));
    Activity first = TestData::individuel(fx.place.id);
    first.date = QDate(2026, 6, 2);
    first.thematiques = {QStringLiteral("email")};
    first.anonyme = {};
    first.beneficiaireId = b5.id;
    Activity workshop = TestData::collectif(fx.place.id);
    workshop.date = QDate(2026, 6, 15);
    workshop.participantsAnonymes = {};
    workshop.participants = {b5.id};
    QVERIFY2(fx.f.store.saveActivity(first, &error) && fx.f.store.saveActivity(workshop, &error), qPrintable(error));
    Activity x = TestData::individuel(fx.place.id);
    x.id = QUuid(QStringLiteral("{00000000-0000-4000-8000-000000000001}"));
    x.date = QDate(2026, 6, 3);
    x.thematiques = {QStringLiteral("sante")};
    x.anonyme = {};
    x.beneficiaireId = b6.id;
    Activity y = x;
    y.id = QUuid(QStringLiteral("{ffffffff-0000-4000-8000-000000000001}"));
    y.thematiques = {QStringLiteral("email")};
    QVERIFY2(fx.f.store.saveActivity(y, &error) && fx.f.store.saveActivity(x, &error), qPrintable(error));

    StatsFilter june = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    QCOMPARE(fx.compute(june).headline.nouveaux, 6 + 2); // the fixture's 6, B5 and B6
    StatsFilter workshops = june;
    workshops.types = {QStringLiteral("collectif")};
    const StatsResult w = fx.compute(workshops);
    QCOMPARE(w.headline.suivis, 3); // B1, B2, B5
    QCOMPARE(w.headline.nouveaux, 5); // the fixture's workshop anonymous only
    StatsFilter email = june;
    email.thematiques = {QStringLiteral("email")};
    // E-mail: A1 (anonymous, new), A4 (déjà accompagné), B5's first; B6's e-mail CRA is not its first (x is, by id).
    const StatsResult e = fx.compute(email);
    QCOMPARE(e.headline.nouveaux, 1 + 1);
    StatsFilter sante = june;
    sante.thematiques = {QStringLiteral("sante")};
    QCOMPARE(fx.compute(sante).headline.nouveaux, 1); // B6
    // With the pass shared by two threads, the same.
    qputenv("CARNET_STATS_THREADS", "2");
    const qint64 shared = fx.compute(email).headline.nouveaux;
    qunsetenv("CARNET_STATS_THREADS");
    QCOMPARE(shared, e.headline.nouveaux);
}

void TestStatsEngine::filters_severalValuesAndDepartements()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    StatsFilter f = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    f.departements = {QStringLiteral("23")}; // Guéret and La Souterraine, not Limoges (87)
    StatsResult r = fx.compute(f);
    QCOMPARE(r.headline.activites, 3); // A1, A3, A4
    f.departements = {QStringLiteral("87")};
    QCOMPARE(fx.compute(f).headline.activites, 1); // A2 (à distance: the structure's commune)
    f.departements = {QStringLiteral("23"), QStringLiteral("87")};
    QCOMPARE(fx.compute(f).headline.activites, 4);
    f.departements = {QStringLiteral("2A")};
    QCOMPARE(fx.compute(f).headline.activites, 0);
    // Several types, several communes, several tags: alternatives within a filter.
    f = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    f.types = {QStringLiteral("individuel"), QStringLiteral("collectif")};
    f.communes = {QStringLiteral("23176"), QStringLiteral("87085")};
    QCOMPARE(fx.compute(f).headline.activites, 2); // A2, A4
    f = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    f.tags = {QStringLiteral("atelier"), QStringLiteral("senior")};
    QCOMPARE(fx.compute(f).headline.activites, 2); // A1, A3
    f.tags = {QStringLiteral("atelier")};
    QCOMPARE(fx.compute(f).headline.activites, 1);
}

// The platform's "source" filter (activitesFiltersSqlWhereConditions.ts), with Carnet's own sources: several values
// are alternatives; a workshop counts its accompagnements.
void TestStatsEngine::filters_source()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY2(f.store.savePlace(place, &error), qPrintable(error));
    Activity typed = TestData::individuel(place.id); // source carnet by default
    Activity coop = TestData::individuel(place.id);
    coop.source = QLatin1String(ActivitySource::Coop);
    Activity v1 = TestData::individuel(place.id);
    v1.source = QLatin1String(ActivitySource::V1);
    v1.dureeMinutes = 30;
    Activity workshop = TestData::collectif(place.id); // 8 accompagnements
    workshop.source = QLatin1String(ActivitySource::Tableur);
    workshop.importKey = QStringLiteral("tableur:ligne-4");
    QList<Activity> batch{typed, coop, v1};
    QVERIFY2(f.store.insertActivities(batch, true, &error), qPrintable(error));
    QVERIFY2(f.store.saveActivity(workshop, &error), qPrintable(error)); // the per-row triggers' path too
    QCOMPARE(f.store.activity(workshop.id)->source, QLatin1String(ActivitySource::Tableur));
    QCOMPARE(f.store.activity(workshop.id)->importKey, QStringLiteral("tableur:ligne-4"));

    const auto compute = [&f](const QStringList &sources) {
        StatsFilter filter = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
        filter.sources = sources;
        return StatsEngine::compute(f.store.database(), filter, TestData::fixedNow().date());
    };
    StatsResult all = compute({});
    QCOMPARE(all.headline.activites, 4);
    QCOMPARE(all.headline.accompagnements, 11);
    StatsResult r = compute({QStringLiteral("coop")});
    QCOMPARE(r.headline.activites, 1);
    QCOMPARE(r.headline.accompagnements, 1);
    r = compute({QStringLiteral("coop"), QStringLiteral("v1")});
    QCOMPARE(r.headline.activites, 2);
    QCOMPARE(r.headline.minutes, 45 + 30);
    r = compute({QStringLiteral("tableur")});
    QCOMPARE(r.headline.activites, 1);
    QCOMPARE(r.headline.accompagnements, 8);
    QCOMPARE(r.headline.collectifs, 1);
    r = compute({QStringLiteral("carnet"), QStringLiteral("coop"), QStringLiteral("v1"), QStringLiteral("tableur")});
    QCOMPARE(r.headline.activites, all.headline.activites);
    QCOMPARE(r.headline.accompagnements, all.headline.accompagnements);
    QCOMPARE(compute({QStringLiteral("carnet")}).headline.activites, 1);

    // Changing an activity's source moves it in the copy (the update trigger watches the column).
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET source = 'coop' WHERE id = '%1'")
                       .arg(v1.id.toString(QUuid::WithoutBraces))));
    QCOMPARE(compute({QStringLiteral("coop")}).headline.activites, 2);
    QCOMPARE(compute({QStringLiteral("v1")}).headline.activites, 0);
}

void TestStatsEngine::breakdowns_weightedByAccompagnements()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    const StatsResult r = fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30)));
    QCOMPARE(r.breakdowns.size(), Breakdowns::keys().size());
    for (int i = 0; i < r.breakdowns.size(); ++i)
        QCOMPARE(r.breakdowns.at(i).key, Breakdowns::keys().at(i));

    QCOMPARE(countOf(r, "type_activite", "individuel"), 3);
    QCOMPARE(countOf(r, "type_activite", "collectif"), 10);
    // round(100000 × 3 / 13) / 1000, as allocatePercentages.ts computes it.
    QCOMPARE(percentOf(r, "type_activite", "individuel"), 23.077);
    QCOMPARE(percentOf(r, "type_activite", "collectif"), 76.923);

    // Mentions weighted by accompagnements: navigation 1, email 1 + 1, aide aux démarches 1, prise en main 10.
    const Breakdown *med = r.breakdown(QStringLiteral("thematique_mediation"));
    QCOMPARE(med->total, 14);
    // The share of the 13 accompagnements that carry each value (more than 100 together): email 2, prise en main 10.
    QCOMPARE(med->item(QStringLiteral("email"))->accompagnementsPercent, 15.385);
    QCOMPARE(med->item(QStringLiteral("prendre_en_main_du_materiel"))->accompagnementsPercent, 76.923);
    QCOMPARE(
        r.breakdown(QStringLiteral("type_activite"))->item(QStringLiteral("collectif"))->accompagnementsPercent, -1.0);
    QCOMPARE(countOf(r, "thematique_mediation", "email"), 2);
    QCOMPARE(countOf(r, "thematique_mediation", "prendre_en_main_du_materiel"), 10);
    QCOMPARE(countOf(r, "thematique_mediation", "aide_aux_demarches_administratives"), 1);
    QCOMPARE(countOf(r, "thematique_mediation", "sante"), 0); // every value of the list, zeros included
    // By decreasing count as the platform's page lists them, zeros in nomenclature order at the end.
    QCOMPARE(med->items.size(), Nomenclature::instance().items(Nomenclature::List::ThematiqueMediation).size());
    QCOMPARE(med->items.at(0).code, QStringLiteral("prendre_en_main_du_materiel"));
    QCOMPARE(med->items.at(1).code, QStringLiteral("email"));
    QCOMPARE(med->items.at(2).count, 1);
    QCOMPARE(med->items.at(3).count, 1);
    QCOMPARE(med->items.at(4).count, 0);
    QCOMPARE(med->items.at(4).code, QStringLiteral("diagnostic_numerique")); // the first zero of the list
    // Démarches apart: logement only.
    QCOMPARE(r.breakdown(QStringLiteral("thematique_demarche"))->total, 1);
    QCOMPARE(percentOf(r, "thematique_demarche", "logement"), 100.0);
    QCOMPARE(countOf(r, "thematique_demarche", "logement"), 1);
    QCOMPARE(countOf(r, "thematique_mediation", "logement"), -1);

    QCOMPARE(countOf(r, "materiel", "ordinateur"), 1);
    QCOMPARE(countOf(r, "materiel", "telephone"), 1);
    QCOMPARE(countOf(r, "materiel", "tablette"), 10);
    QCOMPARE(countOf(r, "materiel", "aucun"), 1);

    // Tags: senior 1 + 10, atelier 10; by count.
    const Breakdown *tags = r.breakdown(QStringLiteral("tags"));
    QCOMPARE(tags->total, 21);
    QCOMPARE(tags->items.size(), 2);
    QCOMPARE(tags->items.at(0).code, QStringLiteral("senior"));
    QCOMPARE(tags->items.at(0).count, 11);
    QCOMPARE(tags->items.at(0).percent, 52.381);
    QCOMPARE(tags->items.at(1).percent, 47.619);

    QCOMPARE(countOf(r, "type_lieu", "lieu_activite"), 11);
    QCOMPARE(countOf(r, "type_lieu", "a_distance"), 1);
    QCOMPARE(countOf(r, "type_lieu", "domicile"), 1);
    QCOMPARE(countOf(r, "type_lieu", "autre"), 0);

    // Durations: 20 -> <30, 45 -> 30-60, 90 -> 60-120, the 120-minute workshop -> 2 h et plus, weighted 10.
    const Breakdown *duree = r.breakdown(QStringLiteral("duree"));
    const QList<DurationBucket> &buckets = Nomenclature::instance().durationBuckets();
    QCOMPARE(duree->items.size(), buckets.size());
    QCOMPARE(duree->items.at(0).count, 1);
    QCOMPARE(duree->items.at(1).count, 1);
    QCOMPARE(duree->items.at(2).count, 1);
    QCOMPARE(duree->items.at(3).count, 10);
    QCOMPARE(duree->items.at(3).code, buckets.at(3).key);
    QCOMPARE(duree->total, 13);
}

void TestStatsEngine::publicBreakdowns_countPeople()
{
    // getBeneficiaireStats.ts: COUNT(DISTINCT beneficiary) per value. The 12 people of June: A1's anonymous woman, B1
    // once (A2 and the workshop), the workshop's 8 anonymous participants, B2 once, A4's anonymous man.
    JuneFixture fx;
    QVERIFY(fx.build());
    const StatsResult r = fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30)));
    QCOMPARE(r.headline.beneficiaires, 12);
    // Genre: A1 F, B1 F, workshop 5 F 3 M, B2 M, A4 M.
    QCOMPARE(countOf(r, "genre", "feminin"), 7);
    QCOMPARE(countOf(r, "genre", "masculin"), 5);
    QCOMPARE(countOf(r, "genre", "non_communique"), 0);
    QCOMPARE(percentOf(r, "genre", "feminin"), 58.333);
    // Tranche: A1 70+, B1 (born 1948) 70+, workshop 6 70+ and 2 unknown, B2 from 1990 -> 25-39, A4 unknown.
    QCOMPARE(countOf(r, "tranche_age", "soixante_dix_plus"), 8);
    QCOMPARE(countOf(r, "tranche_age", "vingt_cinq_trente_neuf"), 1);
    QCOMPARE(countOf(r, "tranche_age", "non_communique"), 3);
    // Statut: A1 unknown, B1 retraite, workshop 7 retraite 1 sans emploi, B2 unknown, A4 en emploi.
    QCOMPARE(countOf(r, "statut_social", "retraite"), 8);
    QCOMPARE(countOf(r, "statut_social", "sans_emploi"), 1);
    QCOMPARE(countOf(r, "statut_social", "en_emploi"), 1);
    QCOMPARE(countOf(r, "statut_social", "non_communique"), 2);
    QCOMPARE(percentOf(r, "statut_social", "retraite"), 66.667);
    QCOMPARE(percentOf(r, "statut_social", "sans_emploi"), 8.333);
    QCOMPARE(percentOf(r, "statut_social", "non_communique"), 16.667);
    // Commune de résidence: B1 and A4 in Guéret; the 10 others non communiqué, first by count.
    const Breakdown *res = r.breakdown(QStringLiteral("commune_residence"));
    QCOMPARE(res->items.size(), 2);
    QCOMPARE(res->items.at(0).code, QStringLiteral("non_communique"));
    QCOMPARE(res->items.at(0).count, 10);
    QCOMPARE(res->items.at(1).code, QStringLiteral("23096"));
    QCOMPARE(res->items.at(1).label, QStringLiteral("Guéret · 23000"));
    QCOMPARE(res->items.at(1).count, 2);
    for (const char *key : {"genre", "tranche_age", "statut_social", "commune_residence"})
        QCOMPARE(r.breakdown(QLatin1String(key))->total, r.headline.beneficiaires);
}

void TestStatsEngine::publicBreakdowns_onePersonManyAccompagnements()
{
    // One followed person with five accompagnements across a birthday (born 2008: 17 in 2025, 18 on the day of the
    // statistics' year 2026) counts once, in the band of their age this year; a stored band that disagrees with the
    // birth year gives way to it; a birth year before 1900 gives way to the stored band.
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Beneficiary young = TestData::beneficiary();
    young.anneeNaissance = 2008;
    young.trancheAge = QStringLiteral("douze_dix_huit"); // stored when they were 16
    young.genre = QStringLiteral("masculin");
    Beneficiary old = TestData::beneficiary();
    old.anneeNaissance = 0;
    old.trancheAge = QStringLiteral("soixante_soixante_neuf");
    QVERIFY2(f.store.saveBeneficiary(young, &error) && f.store.saveBeneficiary(old, &error), qPrintable(error));
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE beneficiaires SET annee_naissance = 1850 WHERE id = '%1'")
                       .arg(old.id.toString(QUuid::WithoutBraces))));
    for (const QDate &d :
        {QDate(2025, 3, 1), QDate(2025, 9, 1), QDate(2025, 12, 30), QDate(2026, 1, 5), QDate(2026, 5, 2)}) {
        Activity a = TestData::individuel(place.id);
        a.date = d;
        a.anonyme = {};
        a.beneficiaireId = young.id;
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    }
    Activity a = TestData::individuel(place.id);
    a.date = QDate(2026, 2, 1);
    a.anonyme = {};
    a.beneficiaireId = old.id;
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    // An anonymous person born in 1960 whose stored band says otherwise: 66 this year.
    Activity anonymous = TestData::individuel(place.id);
    anonymous.date = QDate(2026, 2, 2);
    anonymous.anonyme.anneeNaissance = 1960;
    anonymous.anonyme.trancheAge = QStringLiteral("quarante_cinquante_neuf");
    QVERIFY2(f.store.saveActivity(anonymous, &error), qPrintable(error));

    const StatsResult r
        = StatsEngine::compute(f.store.database(), period(QDate(2025, 1, 1), QDate(2026, 6, 30)), QDate(2026, 6, 30));
    QCOMPARE(r.headline.accompagnements, 7);
    QCOMPARE(r.headline.suivis, 2);
    QCOMPARE(r.headline.beneficiaires, 3);
    QCOMPARE(countOf(r, "genre", "masculin"), 1);
    QCOMPARE(countOf(r, "tranche_age", "dix_huit_vingt_quatre"), 1); // 2026 - 2008 = 18
    QCOMPARE(countOf(r, "tranche_age", "douze_dix_huit"), 0);
    QCOMPARE(countOf(r, "tranche_age", "soixante_soixante_neuf"), 2); // the stored band, and 2026 - 1960
    QCOMPARE(countOf(r, "tranche_age", "quarante_cinquante_neuf"), 0);
    QCOMPARE(r.breakdown(QStringLiteral("tranche_age"))->total, 3);
}

void TestStatsEngine::publicBreakdowns_workshopCounters()
{
    // A workshop of 8 anonymous participants, 3 men and 4 women, 5 aged 60-69, 2 retired: eight people, their genre,
    // band and status dealt from the counters, the rest non communiqué (createBeneficiairesForParticipantsAnonymes.ts).
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    QVERIFY(f.store.savePlace(place, &error));
    Activity w = TestData::collectif(place.id);
    w.date = QDate(2026, 6, 3);
    w.participantsAnonymes.total = 8;
    w.participantsAnonymes.dejaAccompagne = 0;
    w.participantsAnonymes.genre = {{QStringLiteral("masculin"), 3}, {QStringLiteral("feminin"), 4}};
    w.participantsAnonymes.trancheAge = {{QStringLiteral("soixante_soixante_neuf"), 5}};
    w.participantsAnonymes.statutSocial = {{QStringLiteral("retraite"), 2}};
    w.participants.clear();
    QVERIFY2(f.store.saveActivity(w, &error), qPrintable(error));
    const StatsResult r
        = StatsEngine::compute(f.store.database(), period(QDate(2026, 6, 1), QDate(2026, 6, 30)), QDate(2026, 6, 30));
    QCOMPARE(r.headline.beneficiaires, 8);
    QCOMPARE(r.headline.anonymes, 8);
    QCOMPARE(r.headline.nouveaux, 8);
    QCOMPARE(countOf(r, "genre", "masculin"), 3);
    QCOMPARE(countOf(r, "genre", "feminin"), 4);
    QCOMPARE(countOf(r, "genre", "non_communique"), 1);
    QCOMPARE(countOf(r, "tranche_age", "soixante_soixante_neuf"), 5);
    QCOMPARE(countOf(r, "tranche_age", "non_communique"), 3);
    QCOMPARE(countOf(r, "statut_social", "retraite"), 2);
    QCOMPARE(countOf(r, "statut_social", "non_communique"), 6);
    QCOMPARE(countOf(r, "commune_residence", "non_communique"), 8);
}

void TestStatsEngine::placesAndCommunes_sortedByCount()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    const StatsResult r = fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30)));
    const Breakdown *lieux = r.breakdown(QStringLiteral("lieux"));
    QCOMPARE(lieux->items.size(), 1);
    QCOMPARE(lieux->items.at(0).code, fx.place.id.toString(QUuid::WithoutBraces));
    QCOMPARE(lieux->items.at(0).label, fx.place.nom);
    QCOMPARE(lieux->items.at(0).count, 11);
    QCOMPARE(lieux->items.at(0).percent, 100.0);
    QCOMPARE(r.breakdown(QStringLiteral("communes"))->items.at(1).percent, 7.692); // 1 of 13
    // Guéret (the place) 11; Limoges (à distance: the structure) 1 and La Souterraine 1, tied, by name.
    const Breakdown *communes = r.breakdown(QStringLiteral("communes"));
    QCOMPARE(communes->items.size(), 3);
    QCOMPARE(communes->items.at(0).code, QStringLiteral("23096"));
    QCOMPARE(communes->items.at(0).count, 11);
    QCOMPARE(communes->items.at(0).label, QStringLiteral("Guéret · 23000")); // getActivitesStats.ts
    QCOMPARE(communes->items.at(1).label, QStringLiteral("La Souterraine · 23300"));
    QCOMPARE(communes->items.at(2).label, QStringLiteral("Limoges · 87000")); // the structure's postal code
    QCOMPARE(communes->items.at(2).code, QStringLiteral("87085"));
    QCOMPARE(communes->items.at(2).count, 1);
    QCOMPARE(communes->total, 13);
}

void TestStatsEngine::percentages_asThePlatform()
{
    // allocatePercentages.ts: round(100000 × c / t) / 1000, no adjustment so that they add up to 100.
    QCOMPARE(proportion(402, 2290), 17.555); // shown 17,6 (a largest-remainder share would give 17,5)
    QCOMPARE(proportion(1, 3), 33.333);
    QCOMPARE(proportion(2, 3), 66.667);
    QCOMPARE(proportion(0, 0), 0.0);
    QCOMPARE(proportion(7, 7), 100.0);
    QCOMPARE(proportion(1, 8), 12.5);
    QCOMPARE(proportion(1, 200000), 0.001); // 0.5 rounds up, as Math.round does
    JuneFixture fx;
    QVERIFY(fx.build());
    const StatsResult r = fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30)));
    for (const Breakdown &b : r.breakdowns) {
        QVERIFY2(b.total > 0, qPrintable(b.key));
        qint64 sum = 0;
        for (const BreakdownItem &i : b.items) {
            sum += i.count;
            QCOMPARE(i.percent, proportion(i.count, b.total));
        }
        QCOMPARE(sum, b.total);
    }
    // Three thirds add up to 99.999, not 100.
    const Breakdown *genre = r.breakdown(QStringLiteral("genre"));
    QCOMPARE(genre->item(QStringLiteral("feminin"))->percent + genre->item(QStringLiteral("masculin"))->percent, 100.0);
}

void TestStatsEngine::evolution_monthsAndDays()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    const StatsResult r = fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30)));
    // getAccompagnementsCountByPeriod.ts: the months and days of the period, counted inside it.
    QCOMPARE(r.months.points.size(), 1);
    QCOMPARE(r.months.points.first().key, QStringLiteral("2026-06"));
    QCOMPARE(r.months.points.first().accompagnements, 13);
    QCOMPARE(r.days.points.size(), 30);
    QCOMPARE(r.days.points.first().start, QDate(2026, 6, 1));
    QCOMPARE(r.days.points.last().key, QStringLiteral("2026-06-30"));
    QCOMPARE(r.days.points.at(9).accompagnements, 1); // 06-10
    QCOMPARE(r.days.points.at(11).accompagnements, 1); // 06-12
    QCOMPARE(r.days.points.at(14).accompagnements, 10); // 06-15
    QCOMPARE(r.days.points.at(19).accompagnements, 1); // 06-20
    QCOMPARE(r.days.points.at(24).accompagnements, 0); // 06-25, deleted
    qint64 sum = 0;
    for (const SeriesPoint &p : r.days.points)
        sum += p.accompagnements;
    QCOMPARE(sum, 13);
}

void TestStatsEngine::evolution_threeMonthPeriod()
{
    // From 15 April to 14 July: April (from the 15th), May, June and July (to the 14th); every day of the 91.
    JuneFixture fx;
    QVERIFY(fx.build());
    QString error;
    Activity early = TestData::individuel(fx.place.id);
    early.date = QDate(2026, 4, 10); // before the period: counted nowhere
    Activity april = TestData::individuel(fx.place.id);
    april.date = QDate(2026, 4, 20);
    QVERIFY2(fx.f.store.saveActivity(early, &error) && fx.f.store.saveActivity(april, &error), qPrintable(error));
    const StatsResult r = fx.compute(period(QDate(2026, 4, 15), QDate(2026, 7, 14)));
    QCOMPARE(r.months.points.size(), 4);
    QCOMPARE(r.months.points.at(0).key, QStringLiteral("2026-04"));
    QCOMPARE(r.months.points.at(0).accompagnements, 1);
    QCOMPARE(r.months.points.at(1).accompagnements, 1); // A6
    QCOMPARE(r.months.points.at(2).accompagnements, 13);
    QCOMPARE(r.months.points.at(3).key, QStringLiteral("2026-07"));
    QCOMPARE(r.months.points.at(3).accompagnements, 0);
    QCOMPARE(r.days.points.size(), 91);
    QCOMPARE(r.days.points.first().key, QStringLiteral("2026-04-15"));
    QCOMPARE(r.days.points.last().key, QStringLiteral("2026-07-14"));
    QCOMPARE(r.days.points.at(5).accompagnements, 1); // 04-20
    qint64 months = 0, days = 0;
    for (const SeriesPoint &p : r.months.points)
        months += p.accompagnements;
    for (const SeriesPoint &p : r.days.points)
        days += p.accompagnements;
    QCOMPARE(months, r.headline.accompagnements);
    QCOMPARE(days, r.headline.accompagnements);
    // The JSON lists every month and every day.
    const QJsonObject evolution = StatsJson::toJson(r, period(QDate(2026, 4, 15), QDate(2026, 7, 14)))
                                      .value(QStringLiteral("evolution"))
                                      .toObject();
    QCOMPARE(evolution.value(QStringLiteral("mois")).toArray().size(), 4);
    QCOMPARE(evolution.value(QStringLiteral("jours")).toArray().size(), 91);
}

void TestStatsEngine::comparison_previousPeriodAndYearBefore()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    StatsFilter f = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    f.compareYearBefore = true;
    const StatsResult r = fx.compute(f);
    // Previous 30 days: 05-02 to 05-31, A6 only (B2's first accompagnement).
    const Headline &p = r.previous;
    QCOMPARE(p.from, QDate(2026, 5, 2));
    QCOMPARE(p.to, QDate(2026, 5, 31));
    QCOMPARE(p.activites, 1);
    QCOMPARE(p.individuels, 1);
    QCOMPARE(p.collectifs, 0);
    QCOMPARE(p.accompagnements, 1);
    QCOMPARE(p.suivis, 1);
    QCOMPARE(p.anonymes, 0);
    QCOMPARE(p.beneficiaires, 1);
    QCOMPARE(p.nouveaux, 1);
    QCOMPARE(p.minutes, 30);
    QVERIFY(r.yearBefore.has_value());
    QCOMPARE(r.yearBefore->from, QDate(2025, 6, 1));
    QCOMPARE(r.yearBefore->activites, 0);
    // The year before is off unless asked.
    QVERIFY(!fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30))).yearBefore.has_value());
    // December 2026: the year before is December 2025, A7 (B1's first accompagnement).
    f.from = QDate(2026, 12, 1);
    f.to = QDate(2026, 12, 31);
    const StatsResult december = fx.compute(f);
    QCOMPARE(december.headline.activites, 0);
    QCOMPARE(december.yearBefore->from, QDate(2025, 12, 1));
    QCOMPARE(december.yearBefore->activites, 1);
    QCOMPARE(december.yearBefore->suivis, 1);
    QCOMPARE(december.yearBefore->nouveaux, 1);
    QCOMPARE(december.previous.from, QDate(2026, 10, 31));
}

void TestStatsEngine::filters_combine()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    StatsFilter f = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    f.types = {QStringLiteral("individuel")};
    f.communes = {QStringLiteral("23096")};
    StatsResult r = fx.compute(f);
    QCOMPARE(r.headline.activites, 1); // A1: A2 is at Limoges, A4 at La Souterraine, A3 a workshop
    QCOMPARE(r.headline.accompagnements, 1);

    f = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    f.thematiques = {QStringLiteral("email")};
    f.tags = {QStringLiteral("senior")};
    r = fx.compute(f);
    QCOMPARE(r.headline.activites, 1); // A1 (A4 has email but no tag)
    QCOMPARE(r.headline.anonymes, 1);

    f = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    f.lieux = {fx.place.id};
    f.types = {QStringLiteral("collectif")};
    r = fx.compute(f);
    QCOMPARE(r.headline.activites, 1);
    QCOMPARE(r.headline.accompagnements, 10);
    QCOMPARE(r.headline.suivis, 2);
    QCOMPARE(countOf(r, "type_activite", "individuel"), 0);

    f = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    f.thematiques = {QStringLiteral("logement"), QStringLiteral("prendre_en_main_du_materiel")};
    r = fx.compute(f);
    QCOMPARE(r.headline.activites, 2); // A2 or A3
    QCOMPARE(r.headline.accompagnements, 11);
    QCOMPARE(r.headline.suivis, 2);
    QCOMPARE(r.headline.minutes, 140);

    f.communes = {QStringLiteral("87085")}; // à distance without a commune: the structure's
    r = fx.compute(f);
    QCOMPARE(r.headline.activites, 1);
    QCOMPARE(r.headline.suivis, 1);
}

void TestStatsEngine::emptyPeriod_givesZeros()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    const StatsResult r = fx.compute(period(QDate(2020, 1, 1), QDate(2020, 1, 31)));
    QVERIFY(r.error.isEmpty());
    QCOMPARE(r.headline.activites, 0);
    QCOMPARE(r.headline.accompagnements, 0);
    QCOMPARE(r.headline.beneficiaires, 0);
    QCOMPARE(r.headline.minutes, 0);
    QCOMPARE(r.breakdowns.size(), Breakdowns::keys().size());
    for (const Breakdown &b : r.breakdowns) {
        QCOMPARE(b.total, 0);
        for (const BreakdownItem &i : b.items)
            QCOMPARE(i.percent, 0.0);
    }
    QCOMPARE(r.breakdown(QStringLiteral("genre"))->items.size(),
        Nomenclature::instance().items(Nomenclature::List::Genre).size());
    QCOMPARE(r.months.points.size(), 1);
    QCOMPARE(r.days.points.size(), 31);

    // An empty base too.
    Fixture empty;
    QVERIFY(empty.open());
    const StatsResult none = StatsEngine::compute(empty.store.database(), StatsFilter(), QDate(2026, 6, 30));
    QVERIFY(none.error.isEmpty());
    QCOMPARE(none.headline.from, QDate(2025, 7, 1)); // default: 12 months ending today
    QCOMPARE(none.headline.to, QDate(2026, 6, 30));
    QCOMPARE(none.headline.activites, 0);
    QCOMPARE(none.previous.activites, 0);
}

void TestStatsEngine::seriesAcrossYearBoundary()
{
    Fixture f;
    QVERIFY(f.open());
    Place place = TestData::place();
    QString error;
    QVERIFY(f.store.savePlace(place, &error));
    const QList<QDate> dates = {QDate(2025, 1, 31), QDate(2025, 2, 10), QDate(2025, 12, 17), QDate(2025, 12, 20),
        QDate(2026, 1, 2), QDate(2026, 1, 15)};
    for (const QDate &d : dates) {
        Activity a = TestData::individuel(place.id);
        a.date = d;
        QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    }
    Activity w = TestData::collectif(place.id); // 8 accompagnements on 2026-01-02
    w.date = QDate(2026, 1, 2);
    QVERIFY2(f.store.saveActivity(w, &error), qPrintable(error));

    const StatsResult r
        = StatsEngine::compute(f.store.database(), period(QDate(2026, 1, 1), QDate(2026, 1, 15)), QDate(2026, 6, 30));
    QCOMPARE(r.headline.activites, 3);
    QCOMPARE(r.headline.accompagnements, 10);
    // Months: January 2026 only; days: the 15 of the period, December's outside it.
    QCOMPARE(r.months.points.size(), 1);
    QCOMPARE(r.months.points.first().key, QStringLiteral("2026-01"));
    QCOMPARE(r.months.points.first().start, QDate(2026, 1, 1));
    QCOMPARE(r.months.points.first().accompagnements, 10);
    QCOMPARE(r.days.points.size(), 15);
    QCOMPARE(r.days.points.first().start, QDate(2026, 1, 1));
    QCOMPARE(r.days.points.at(1).start, QDate(2026, 1, 2));
    QCOMPARE(r.days.points.at(1).accompagnements, 9);
    QCOMPARE(r.days.points.last().accompagnements, 1);
    // Across the year boundary: December and January.
    const StatsResult winter
        = StatsEngine::compute(f.store.database(), period(QDate(2025, 12, 15), QDate(2026, 1, 15)), QDate(2026, 6, 30));
    QCOMPARE(winter.months.points.size(), 2);
    QCOMPARE(winter.months.points.at(0).key, QStringLiteral("2025-12"));
    QCOMPARE(winter.months.points.at(0).accompagnements, 2);
    QCOMPARE(winter.months.points.at(1).accompagnements, 10);
    QCOMPARE(winter.days.points.size(), 32);
    QCOMPARE(winter.days.points.at(2).start, QDate(2025, 12, 17));
    QCOMPARE(winter.days.points.at(2).accompagnements, 1);
    // Previous period of 15 days: 2025-12-17 to 2025-12-31.
    QCOMPARE(r.previous.from, QDate(2025, 12, 17));
    QCOMPARE(r.previous.to, QDate(2025, 12, 31));
    QCOMPARE(r.previous.activites, 2);
}

void TestStatsEngine::cancelled_stopsWithoutResult()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    QList<Activity> batch;
    for (int i = 0; i < 5000; ++i) {
        Activity a = TestData::individuel(fx.place.id);
        a.date = QDate(2026, 6, 1).addDays(i % 29);
        batch.append(a);
    }
    QString error;
    QVERIFY2(fx.f.store.insertActivities(batch, false, &error), qPrintable(error));
    int polls = 0;
    const StatsResult r = StatsEngine::compute(fx.f.store.database(), period(QDate(2026, 6, 1), QDate(2026, 6, 30)),
        QDate(2026, 6, 30), [&polls] { return ++polls >= 1; });
    QVERIFY(r.cancelled);
    QCOMPARE(polls, 1);
    QCOMPARE(r.headline.activites, 0);
    const StatsResult full = StatsEngine::compute(
        fx.f.store.database(), period(QDate(2026, 6, 1), QDate(2026, 6, 30)), QDate(2026, 6, 30), [] { return false; });
    QVERIFY(!full.cancelled);
    QCOMPARE(full.headline.activites, 5004);
    // With the pass shared by two threads too.
    qputenv("CARNET_STATS_THREADS", "2");
    const StatsResult shared = StatsEngine::compute(
        fx.f.store.database(), period(QDate(2026, 6, 1), QDate(2026, 6, 30)), QDate(2026, 6, 30), [] { return true; });
    const StatsResult sharedFull = StatsEngine::compute(
        fx.f.store.database(), period(QDate(2026, 6, 1), QDate(2026, 6, 30)), QDate(2026, 6, 30), [] { return false; });
    qunsetenv("CARNET_STATS_THREADS");
    QVERIFY(shared.cancelled);
    QCOMPARE(shared.headline.activites, 0);
    QVERIFY(!sharedFull.cancelled);
    QCOMPARE(sharedFull.headline.activites, 5004);
}

void TestStatsEngine::json_keyedByCodes()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    StatsFilter f = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    const QJsonObject json = StatsJson::toJson(fx.compute(f), f);
    QCOMPARE(json.value(QStringLiteral("periode")).toObject().value(QStringLiteral("du")).toString(),
        QStringLiteral("2026-06-01"));
    const QJsonObject chiffres = json.value(QStringLiteral("chiffres")).toObject();
    QCOMPARE(chiffres.value(QStringLiteral("accompagnements")).toInt(), 13);
    QCOMPARE(chiffres.value(QStringLiteral("nouveaux")).toInt(), 6);
    QCOMPARE(json.value(QStringLiteral("comparaison"))
                 .toObject()
                 .value(QStringLiteral("periode_precedente"))
                 .toObject()
                 .value(QStringLiteral("activites"))
                 .toInt(),
        1);
    const QJsonObject types
        = json.value(QStringLiteral("repartitions")).toObject().value(QStringLiteral("type_activite")).toObject();
    QCOMPARE(types.value(QStringLiteral("total")).toInt(), 13);
    const QJsonObject collectif
        = types.value(QStringLiteral("valeurs")).toObject().value(QStringLiteral("collectif")).toObject();
    QCOMPARE(collectif.value(QStringLiteral("nombre")).toInt(), 10);
    QCOMPARE(collectif.value(QStringLiteral("pourcentage")).toDouble(), 76.923);
    QCOMPARE(types.value(QStringLiteral("ordre")).toArray().at(0).toString(), QStringLiteral("individuel"));
    QVERIFY(!collectif.contains(QStringLiteral("pourcentage_accompagnements")));
    const QJsonObject email = json.value(QStringLiteral("repartitions"))
                                  .toObject()
                                  .value(QStringLiteral("thematique_mediation"))
                                  .toObject()
                                  .value(QStringLiteral("valeurs"))
                                  .toObject()
                                  .value(QStringLiteral("email"))
                                  .toObject();
    QCOMPARE(email.value(QStringLiteral("pourcentage_accompagnements")).toDouble(), 15.385);
    // Thématiques in decreasing count, as on the platform's page and the screen.
    QCOMPARE(json.value(QStringLiteral("repartitions"))
                 .toObject()
                 .value(QStringLiteral("thematique_mediation"))
                 .toObject()
                 .value(QStringLiteral("ordre"))
                 .toArray()
                 .at(0)
                 .toString(),
        QStringLiteral("prendre_en_main_du_materiel"));
    const QJsonArray mois = json.value(QStringLiteral("evolution")).toObject().value(QStringLiteral("mois")).toArray();
    QCOMPARE(mois.size(), 1);
    QCOMPARE(mois.last().toObject().value(QStringLiteral("accompagnements")).toInt(), 13);
}

void TestStatsEngine::readers_agreeOnDemoData()
{
    // The SQLite C reader (when available) and the portable QtSql one, on one thread or with the pass shared by two
    // connections, give the very same result.
    Fixture f;
    QVERIFY(f.openWithDemo(3000, 5));
    const auto withEnvironment = [](const char *name, const char *value, const std::function<void()> &run) {
        qputenv(name, value);
        run();
        qunsetenv(name);
    };
    for (bool yearBefore : {false, true}) {
        StatsFilter filter = StatsEngine::defaultFilter(f.clock.today());
        filter.compareYearBefore = yearBefore;
        const auto compute = [&] {
            return StatsJson::toJson(StatsEngine::compute(f.store.database(), filter, f.clock.today()), filter);
        };
        QJsonObject single, shared, portable;
        withEnvironment("CARNET_STATS_THREADS", "1", [&] { single = compute(); });
        withEnvironment("CARNET_STATS_THREADS", "2", [&] { shared = compute(); });
        withEnvironment("CARNET_STATS_QTSQL", "1", [&] { portable = compute(); });
        QVERIFY(single == portable);
        QVERIFY(single == shared);
        QVERIFY(
            single.value(QStringLiteral("chiffres")).toObject().value(QStringLiteral("accompagnements")).toInt() > 0);
        QVERIFY(single.value(QStringLiteral("chiffres")).toObject().value(QStringLiteral("suivis")).toInt() > 0);
    }
    // The activities behind an item, in date order across the two halves.
    const StatsFilter filter = StatsEngine::defaultFilter(f.clock.today());
    QList<QUuid> single, shared;
    const auto behind = [&] {
        return StatsEngine::activitiesBehind(
            f.store.database(), filter, QStringLiteral("genre"), {QStringLiteral("feminin")}, f.clock.today())
            .ids;
    };
    withEnvironment("CARNET_STATS_THREADS", "1", [&] { single = behind(); });
    withEnvironment("CARNET_STATS_THREADS", "2", [&] { shared = behind(); });
    QVERIFY(single.size() > 100);
    QCOMPARE(shared, single);
}

void TestStatsEngine::unreadableDate_neverCounts()
{
    // An activity whose date cannot be read (written outside Carnet) counts nowhere, and does not hide that a followed
    // beneficiary was accompanied before the days the statistics read.
    JuneFixture fx;
    QVERIFY(fx.build());
    QString error;
    Beneficiary b3 = TestData::beneficiary();
    b3.prenom = QStringLiteral("Lina");
    QVERIFY2(fx.f.store.saveBeneficiary(b3, &error), qPrintable(error));
    Activity before = TestData::individuel(fx.place.id);
    before.date = QDate(2025, 3, 1); // before the 12 months of the series
    before.anonyme = {};
    before.beneficiaireId = b3.id;
    Activity inJune = before;
    inJune.id = QUuid::createUuid();
    inJune.date = QDate(2026, 6, 18);
    QVERIFY2(fx.f.store.saveActivity(before, &error) && fx.f.store.saveActivity(inJune, &error), qPrintable(error));
    QSqlQuery q(fx.f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET date = 'inconnue' WHERE id = '%1'")
                       .arg(fx.ids.at(0).toString(QUuid::WithoutBraces))));
    const StatsResult r = fx.compute(period(QDate(2026, 6, 1), QDate(2026, 6, 30)));
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    // June without A1: A2, A3, A4 and Lina's; new: the workshop's 5 anonymous not yet accompanied, B2 is not (May),
    // Lina is not (March 2025).
    QCOMPARE(r.headline.activites, 4);
    QCOMPARE(r.headline.nouveaux, 5);
}

void TestStatsEngine::activitiesBehind_anItemOfEveryKind()
{
    JuneFixture fx;
    QVERIFY(fx.build());
    const StatsFilter june = period(QDate(2026, 6, 1), QDate(2026, 6, 30));
    const auto codes = [](std::initializer_list<const char *> list) {
        QStringList c;
        for (const char *code : list)
            c << QLatin1String(code);
        return c;
    };
    // Genre: the workshop's anonymous men and B2, A4's anonymous man; women: A1, B1 (A2, and in the workshop).
    QCOMPARE(fx.behind(june, "genre", codes({"masculin"})), QList<int>({3, 4}));
    QCOMPARE(fx.behind(june, "genre", codes({"feminin"})), QList<int>({1, 2, 3}));
    // "Autres" of a chart: several codes at once (à distance A2, à domicile A4).
    QCOMPARE(fx.behind(june, "type_lieu", codes({"a_distance", "domicile"})), QList<int>({2, 4}));
    QCOMPARE(fx.behind(june, "materiel", codes({"tablette"})), QList<int>({3}));
    QCOMPARE(fx.behind(june, "tags", codes({"senior"})), QList<int>({1, 3}));
    QCOMPARE(fx.behind(june, "thematique_demarche", codes({"logement"})), QList<int>({2}));
    // Commune de résidence Guéret: B1 (A2 and in the workshop), A4's anonymous person.
    QCOMPARE(fx.behind(june, "commune_residence", codes({"23096"})), QList<int>({2, 3, 4}));
    QCOMPARE(fx.behind(june, "communes", codes({"87085"})), QList<int>({2}));
    QCOMPARE(fx.behind(june, "lieux", QStringList{fx.place.id.toString(QUuid::WithoutBraces)}), QList<int>({1, 3}));
    // Evolution: a month of the period, a day; a month before it (A7 in December 2025) and A5 (deleted) never.
    QCOMPARE(fx.behind(june, "mois", codes({"2025-12"})), QList<int>());
    QCOMPARE(fx.behind(june, "mois", codes({"2026-06"})), QList<int>({1, 2, 3, 4}));
    QCOMPARE(fx.behind(june, "jours", codes({"2026-06-15"})), QList<int>({3}));
    QCOMPARE(fx.behind(june, "jours", codes({"2026-06-25"})), QList<int>());
    // With the filters: e-mail only leaves A4 among the men.
    StatsFilter email = june;
    email.thematiques = codes({"email"});
    QCOMPARE(fx.behind(email, "genre", codes({"masculin"})), QList<int>({4}));
    // A code nothing carries, an unknown breakdown: nothing.
    QCOMPARE(fx.behind(june, "genre", codes({"autre"})), QList<int>());
    QCOMPARE(fx.behind(june, "inconnue", codes({"masculin"})), QList<int>());
}

void TestStatsEngine::activitiesBehind_agreesWithCountsOnDemoData()
{
    // On demo data, the activities behind each item of single-valued breakdowns weigh exactly its count.
    Fixture f;
    QVERIFY(f.openWithDemo(2000, 9));
    const StatsFilter filter = StatsEngine::defaultFilter(f.clock.today());
    const StatsResult r = StatsEngine::compute(f.store.database(), filter, f.clock.today());
    for (const char *key : {"type_activite", "type_lieu", "duree", "lieux"}) {
        for (const BreakdownItem &item : r.breakdown(QLatin1String(key))->items) {
            const StatsActivities behind = StatsEngine::activitiesBehind(
                f.store.database(), filter, QLatin1String(key), {item.code}, f.clock.today());
            qint64 accompagnements = 0;
            for (const QUuid &id : behind.ids)
                accompagnements += f.store.activity(id)->accompagnements();
            QVERIFY2(accompagnements == item.count,
                qPrintable(QStringLiteral("%1 %2: %3 vs %4")
                               .arg(QLatin1String(key), item.code)
                               .arg(accompagnements)
                               .arg(item.count)));
        }
    }
}

QTEST_GUILESS_MAIN(TestStatsEngine)
#include "tst_statsengine.moc"
