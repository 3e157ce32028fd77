#include "models/domain/Nomenclature.h"
#include "models/domain/Profile.h"
#include "models/domain/Validator.h"
#include "tests/support/TestData.h"

#include <QTest>

#include <functional>

namespace {
const QDate kToday(2026, 6, 30);

struct Case
{
    const char *name;
    bool collective;
    std::function<void(Activity &)> change;
    const char *field;
    QString message; // exact message expected on that field
};

QString errorsText(const ValidationErrors &errors)
{
    QStringList lines;
    for (const ValidationError &e : errors)
        lines.append(e.field + QStringLiteral(": ") + e.message);
    return lines.join(QLatin1Char('\n'));
}

const QList<Case> &activityCases()
{
    static const QList<Case> cases = {
        {"no thematique", false, [](Activity &a) { a.thematiques.clear(); }, "thematiques",
            QStringLiteral("Veuillez renseigner au moins une thématique")},
        {"only demarche thematiques", false, [](Activity &a) { a.thematiques = {QStringLiteral("logement")}; },
            "thematiques", QStringLiteral("Veuillez renseigner au moins une thématique")},
        {"demarche thematique without aide", false,
            [](Activity &a) { a.thematiques.append(QStringLiteral("logement")); }, "thematiquesDemarche",
            QStringLiteral("Les thématiques de démarche administrative demandent la thématique « Aide aux démarches "
                           "administratives ».")},
        {"demarche name without aide", false, [](Activity &a) { a.precisionsDemarche = QStringLiteral("Carte grise"); },
            "precisionsDemarche",
            QStringLiteral("« Nom de la démarche administrative » demande la thématique « Aide aux démarches "
                           "administratives ».")},
        {"unknown thematique", false, [](Activity &a) { a.thematiques.append(QStringLiteral("minitel")); },
            "thematiques", QStringLiteral("Thématique inconnue : « minitel ».")},
        {"thematique twice", false, [](Activity &a) { a.thematiques.append(QStringLiteral("email")); }, "thematiques",
            QStringLiteral("La thématique « email » est indiquée deux fois.")},
        {"no type", false, [](Activity &a) { a.type.clear(); }, "type",
            QStringLiteral("Veuillez choisir le type d'activité (accompagnement individuel ou atelier collectif).")},
        {"no date", false, [](Activity &a) { a.date = QDate(); }, "date",
            QStringLiteral("Veuillez renseigner la date de l'activité.")},
        {"date in the future", false, [](Activity &a) { a.date = kToday.addDays(1); }, "date",
            QStringLiteral("La date de l'activité ne peut pas être dans le futur.")},
        {"date before 2000", false, [](Activity &a) { a.date = QDate(1999, 12, 31); }, "date",
            QStringLiteral("La date de l'activité doit être postérieure au 1er janvier 2000.")},
        {"zero duration", false, [](Activity &a) { a.dureeMinutes = 0; }, "duree",
            QStringLiteral("Veuillez renseigner une durée supérieure à 0.")},
        {"negative duration", false, [](Activity &a) { a.dureeMinutes = -15; }, "duree",
            QStringLiteral("Veuillez renseigner une durée supérieure à 0.")},
        {"24 hours", false, [](Activity &a) { a.dureeMinutes = 24 * 60; }, "duree",
            QStringLiteral("La durée doit être inférieure à 24 heures.")},
        {"no place type", false, [](Activity &a) { a.typeLieu.clear(); }, "typeLieu",
            QStringLiteral("Veuillez indiquer où s'est déroulée l'activité.")},
        {"unknown place type", false, [](Activity &a) { a.typeLieu = QStringLiteral("lune"); }, "typeLieu",
            QStringLiteral("Valeur inconnue pour le lieu : « lune ».")},
        {"place type without place", false, [](Activity &a) { a.lieuId = QUuid(); }, "lieu",
            QStringLiteral("Veuillez choisir le lieu d'activité.")},
        {"other place without commune", false,
            [](Activity &a) {
                a.typeLieu = QStringLiteral("autre");
                a.lieuId = QUuid();
            },
            "lieuCommune", QStringLiteral("Veuillez renseigner la commune du lieu.")},
        {"home with half a commune", false,
            [](Activity &a) {
                a.typeLieu = QStringLiteral("domicile");
                a.lieuId = QUuid();
                a.lieuCommune = {QString(), QStringLiteral("23000"), QStringLiteral("Guéret")};
            },
            "lieuCommune",
            QStringLiteral("La commune « Guéret » est incomplète : choisissez-la dans la liste des communes.")},
        {"home with a place of activity", false,
            [](Activity &a) {
                a.typeLieu = QStringLiteral("domicile");
                a.lieuCommune = TestData::gueret();
            },
            "lieu", QStringLiteral("Un lieu d'activité ne s'indique que pour une activité dans l'un de vos lieux.")},
        {"unknown materiel", false, [](Activity &a) { a.materiel = {QStringLiteral("minitel")}; }, "materiel",
            QStringLiteral("Valeur inconnue pour le matériel : « minitel ».")},
        {"no materiel with a computer", false, [](Activity &a) { a.materiel.append(QStringLiteral("aucun")); },
            "materiel", QStringLiteral("« Pas de matériel » ne peut pas être choisi avec un autre matériel.")},
        {"empty tag", false, [](Activity &a) { a.tags = {QStringLiteral("  ")}; }, "tags",
            QStringLiteral("Un tag ne peut pas être vide.")},
        {"tag twice", false,
            [](Activity &a) {
                a.tags = {QStringLiteral("Mairie"), QStringLiteral("mairie")};
            },
            "tags", QStringLiteral("Le tag « mairie » est indiqué deux fois.")},
        {"oriented without structure", false, [](Activity &a) { a.orienteVersStructure = true; },
            "structureDeRedirection",
            QStringLiteral("Veuillez indiquer vers quelle structure le bénéficiaire est orienté.")},
        {"structure without orientation", false,
            [](Activity &a) { a.structureDeRedirection = QStringLiteral("administration"); }, "structureDeRedirection",
            QStringLiteral("La structure de redirection ne s'indique que si le bénéficiaire est orienté.")},
        {"unknown autonomy", false, [](Activity &a) { a.autonomie = QStringLiteral("expert"); }, "autonomie",
            QStringLiteral("Valeur inconnue pour Niveau d'autonomie du bénéficiaire : « expert ».")},
        {"followed and anonymous", false, [](Activity &a) { a.beneficiaireId = QUuid::createUuid(); }, "beneficiaire",
            QStringLiteral("Un bénéficiaire suivi ne peut pas être décrit en même temps comme anonyme.")},
        {"birth year in the future", false, [](Activity &a) { a.anonyme.anneeNaissance = 2030; },
            "anonyme.anneeNaissance", QStringLiteral("L'année de naissance doit être comprise entre 1900 et 2026.")},
        {"individual with workshop title", false, [](Activity &a) { a.titreAtelier = QStringLiteral("Tablette"); },
            "type",
            QStringLiteral("Le titre, le niveau et les participants ne concernent que les ateliers collectifs.")},
        {"workshop without participant", true,
            [](Activity &a) {
                a.participantsAnonymes = AnonymousCounters();
                a.participants.clear();
            },
            "participants", QStringLiteral("Veuillez renseigner au moins un participant.")},
        {"workshop over the limit", true, [](Activity &a) { a.participantsAnonymes.total = 10001; },
            "participantsAnonymes.total",
            QStringLiteral("Le nombre de participants anonymes ne peut pas dépasser 10000.")},
        {"genres over total", true, [](Activity &a) { a.participantsAnonymes.genre[QStringLiteral("masculin")] = 4; },
            "participantsAnonymes.genre",
            QStringLiteral("La somme des participants par genre (9) dépasse le nombre de participants anonymes (8).")},
        {"ages over total", true,
            [](Activity &a) { a.participantsAnonymes.trancheAge[QStringLiteral("douze_dix_huit")] = 3; },
            "participantsAnonymes.trancheAge",
            QStringLiteral(
                "La somme des participants par tranche d'âge (9) dépasse le nombre de participants anonymes (8).")},
        {"statuts over total", true,
            [](Activity &a) { a.participantsAnonymes.statutSocial[QStringLiteral("en_emploi")] = 1; },
            "participantsAnonymes.statutSocial",
            QStringLiteral("La somme des participants par statut (9) dépasse le nombre de participants anonymes (8).")},
        {"already followed over total", true, [](Activity &a) { a.participantsAnonymes.dejaAccompagne = 9; },
            "participantsAnonymes.dejaAccompagne",
            QStringLiteral(
                "Le nombre de participants déjà accompagnés (9) dépasse le nombre de participants anonymes (8).")},
        {"negative counter", true, [](Activity &a) { a.participantsAnonymes.genre[QStringLiteral("masculin")] = -1; },
            "participantsAnonymes.genre",
            QStringLiteral("Les nombres de participants par genre ne peuvent pas être négatifs.")},
        {"unknown genre code", true, [](Activity &a) { a.participantsAnonymes.genre[QStringLiteral("autre")] = 0; },
            "participantsAnonymes.genre", QStringLiteral("Valeur inconnue pour genre : « autre ».")},
        {"same beneficiary twice", true,
            [](Activity &a) {
                const QUuid id = QUuid::createUuid();
                a.participants = {id, id};
            },
            "participants", QStringLiteral("Un même bénéficiaire est inscrit deux fois à l'atelier.")},
        {"workshop with autonomy", true, [](Activity &a) { a.autonomie = QStringLiteral("autonome"); }, "type",
            QStringLiteral("L'autonomie, l'orientation et le bénéficiaire ne concernent que les accompagnements "
                           "individuels.")},
        {"unknown workshop level", true, [](Activity &a) { a.niveauAtelier = QStringLiteral("expert"); },
            "niveauAtelier", QStringLiteral("Valeur inconnue pour Niveau de l'atelier : « expert ».")},
    };
    return cases;
}
} // namespace

class TestValidator : public QObject
{
    Q_OBJECT

private slots:
    void validActivities_haveNoError();
    void demarche_withItsThematiquesAndName_isValid();
    void remoteActivity_needsNoCommune();
    void limits_areInclusive();
    void eachRule_givesItsMessageOnItsField_data();
    void eachRule_givesItsMessageOnItsField();
    void beneficiary_rules();
    void place_rules();
    void profile_rules();
    void messagesFor_filtersByField();
};

void TestValidator::validActivities_haveNoError()
{
    const QUuid place = QUuid::createUuid();
    QVERIFY2(Validator::validate(TestData::individuel(place), kToday).isEmpty(),
        qPrintable(errorsText(Validator::validate(TestData::individuel(place), kToday))));
    QVERIFY2(Validator::validate(TestData::collectif(place), kToday).isEmpty(),
        qPrintable(errorsText(Validator::validate(TestData::collectif(place), kToday))));
}

void TestValidator::demarche_withItsThematiquesAndName_isValid()
{
    Activity a = TestData::individuel(QUuid::createUuid());
    a.thematiques = {
        QLatin1String(Codes::Thematique::AideDemarches), QStringLiteral("logement"), QStringLiteral("argent_impots")};
    a.precisionsDemarche = QStringLiteral("Déclaration de revenus");
    QVERIFY2(Validator::validate(a, kToday).isEmpty(), qPrintable(errorsText(Validator::validate(a, kToday))));
}

void TestValidator::remoteActivity_needsNoCommune()
{
    Activity a = TestData::individuel(QUuid::createUuid());
    a.typeLieu = QStringLiteral("a_distance");
    a.lieuId = QUuid();
    QVERIFY(Validator::validate(a, kToday).isEmpty());
}

void TestValidator::limits_areInclusive()
{
    Activity a = TestData::individuel(QUuid::createUuid());
    a.dureeMinutes = 23 * 60 + 59;
    a.date = kToday;
    QVERIFY(Validator::validate(a, kToday).isEmpty());
    Activity w = TestData::collectif(QUuid::createUuid());
    w.participantsAnonymes.total = 10000;
    QVERIFY(Validator::validate(w, kToday).isEmpty());
    // Only followed participants is enough.
    w.participantsAnonymes = AnonymousCounters();
    w.participants = {QUuid::createUuid()};
    QVERIFY2(Validator::validate(w, kToday).isEmpty(), qPrintable(errorsText(Validator::validate(w, kToday))));
}

void TestValidator::eachRule_givesItsMessageOnItsField_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < activityCases().size(); ++i)
        QTest::newRow(activityCases().at(i).name) << i;
}

void TestValidator::eachRule_givesItsMessageOnItsField()
{
    QFETCH(int, index);
    const Case &c = activityCases().at(index);
    const QUuid place = QUuid::createUuid();
    Activity a = c.collective ? TestData::collectif(place) : TestData::individuel(place);
    c.change(a);
    const ValidationErrors errors = Validator::validate(a, kToday);
    const QStringList messages = Validator::messagesFor(errors, QString::fromLatin1(c.field));
    QVERIFY2(messages.contains(c.message),
        qPrintable(QStringLiteral("expected « %1 » on %2, got:\n%3")
                       .arg(c.message, QString::fromLatin1(c.field), errorsText(errors))));
}

void TestValidator::beneficiary_rules()
{
    Beneficiary b = TestData::beneficiary();
    QVERIFY(Validator::validate(b, kToday).isEmpty());
    b.nom.clear();
    QVERIFY(Validator::validate(b, kToday).isEmpty()); // a first name alone is enough
    b.prenom.clear();
    QCOMPARE(Validator::messagesFor(Validator::validate(b, kToday), QStringLiteral("nom")),
        QStringList{QStringLiteral("Veuillez renseigner le nom ou le prénom du bénéficiaire.")});
    b = TestData::beneficiary();
    b.email = QStringLiteral("josiane.martin");
    QCOMPARE(Validator::messagesFor(Validator::validate(b, kToday), QStringLiteral("email")),
        QStringList{QStringLiteral("L'adresse e-mail « josiane.martin » n'est pas valide.")});
    b = TestData::beneficiary();
    b.telephone = QStringLiteral("appeler le matin");
    QCOMPARE(Validator::messagesFor(Validator::validate(b, kToday), QStringLiteral("telephone")).size(), 1);
    b = TestData::beneficiary();
    b.genre = QStringLiteral("x");
    QCOMPARE(Validator::messagesFor(Validator::validate(b, kToday), QStringLiteral("genre")),
        QStringList{QStringLiteral("Valeur inconnue pour le genre : « x ».")});
}

void TestValidator::place_rules()
{
    Place p = TestData::place();
    QVERIFY(Validator::validate(p).isEmpty());
    p.nom = QStringLiteral("   ");
    QCOMPARE(Validator::messagesFor(Validator::validate(p), QStringLiteral("nom")),
        QStringList{QStringLiteral("Veuillez renseigner le nom du lieu.")});
    p = TestData::place();
    p.commune = CommuneRef();
    QCOMPARE(Validator::messagesFor(Validator::validate(p), QStringLiteral("commune")),
        QStringList{QStringLiteral("Veuillez renseigner la commune du lieu.")});
}

void TestValidator::profile_rules()
{
    Profile p;
    p.prenom = QStringLiteral("Camille");
    p.nom = QStringLiteral("Durand");
    p.role = QLatin1String(Profile::Mediateur);
    QVERIFY(Validator::validate(p).isEmpty());
    p.role = QStringLiteral("pompier");
    QCOMPARE(Validator::messagesFor(Validator::validate(p), QStringLiteral("role")).size(), 1);
    p.role = QLatin1String(Profile::ConseillerNumerique);
    p.prenom.clear();
    QCOMPARE(Validator::messagesFor(Validator::validate(p), QStringLiteral("prenom")),
        QStringList{QStringLiteral("Veuillez renseigner votre prénom.")});
}

void TestValidator::messagesFor_filtersByField()
{
    Activity a = TestData::individuel(QUuid::createUuid());
    a.thematiques.clear();
    a.dureeMinutes = 0;
    const ValidationErrors errors = Validator::validate(a, kToday);
    QCOMPARE(errors.size(), 2);
    QCOMPARE(Validator::messagesFor(errors, QStringLiteral("duree")).size(), 1);
    QCOMPARE(Validator::describe(errors).count(QLatin1Char('\n')), 1);
}

QTEST_GUILESS_MAIN(TestValidator)
#include "tst_validator.moc"
