#include "models/communes/CommuneIndex.h"
#include "models/communes/Departements.h"

#include <QtTest>

namespace {

QStringList inseeCodes(const QList<CommuneMatch> &matches)
{
    QStringList codes;
    for (const CommuneMatch &m : matches)
        codes.append(m.codeInsee);
    return codes;
}

const CommuneMatch *findByInsee(const QList<CommuneMatch> &matches, const QString &codeInsee)
{
    for (const CommuneMatch &m : matches) {
        if (m.codeInsee == codeInsee)
            return &m;
    }
    return nullptr;
}

const char *const kHeader = "code_insee\tnom\tcodes_postaux\tdepartement\tregion\tpopulation\ttype\n";

// Small hand-made reference data: names chosen so that exact, prefix and later-word matches compete, with
// populations that would give another order if the ranks were ignored.
QByteArray smallTsv()
{
    return QByteArray(kHeader)
        + "90001\tSaint-Martin\t90100\t90\t27\t100\tcommune-actuelle\n"
          "90002\tSaint-Martin-de-Ré\t90200\t90\t27\t2000\tcommune-actuelle\n"
          "90003\tSaint-Marc\t90300,90310\t90\t27\t500\tcommune-actuelle\n"
          "90004\tLac-Saint-Martin\t90400\t90\t27\t900000\tcommune-actuelle\n"
          "90005\tMartinville\t90500\t90\t27\t50000\tcommune-actuelle\n"
          "90006\tVilletest\t90600,90601\t90\t27\t1000\tcommune-actuelle\n"
          "90101\tVilletest 1er Arrondissement\t90601\t90\t27\t400\tarrondissement-municipal\n"
          "90102\tVilletest 2e Arrondissement\t90600\t90\t27\t600\tarrondissement-municipal\n"
          "90007\tVilletestville\t90700\t90\t27\t800\tcommune-actuelle\n"
          "90103\tVilletest 3e Arrondissement\t90603\t90\t27\t1000\tarrondissement-municipal\n"
          "90008\tVal-Martin-et-Martinet\t90800\t90\t27\t10\tcommune-actuelle\n";
}

} // namespace

class TestCommuneIndex : public QObject
{
    Q_OBJECT

private slots:
    void departements_namedFromTheReferenceData();
    void realDataLoadsFromResource();
    void fullNameFindsSaintEtienneFirst();
    void abbreviatedUpperCaseNameFindsSaintEtienne();
    void exactNameParisComesBeforeItsArrondissements();
    void fullPostalCodeFindsCommuneWithThatCode();
    void partialPostalCodeMatchesAllCodesWithThatPrefix();
    void secondPostalCodeOfCommuneMatches();
    void fullCodeAlsoMatchesInseeCode();
    void corsicanInseeCodeMatches();
    void laterWordPrefixFindsCommune();
    void accentlessPrefixFindsAccentedNames();
    void stPrefixStillFindsStrasbourg();
    void emptyAndOneLetterQueries();
    void limitIsRespected();
    void rankingOnHandMadeData();
    void arrondissementsRankBelowParent();
    void malformedTsvIsRefusedNamingTheLine_data();
    void malformedTsvIsRefusedNamingTheLine();
    void normalize_data();
    void normalize();
    void byInseeReturnsCommune();
    void matchConvertsToRef();
};

void TestCommuneIndex::realDataLoadsFromResource()
{
    const CommuneIndex &index = CommuneIndex::instance();
    QVERIFY2(index.size() > 34000, qPrintable(QString::number(index.size())));
    QCOMPARE(&CommuneIndex::instance(), &index);
}

void TestCommuneIndex::fullNameFindsSaintEtienneFirst()
{
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(QStringLiteral("saint etienne"));
    QVERIFY(!matches.isEmpty());
    QCOMPARE(matches.constFirst().codeInsee, QStringLiteral("42218"));
    QCOMPARE(matches.constFirst().nom, QStringLiteral("Saint-Étienne"));
    QCOMPARE(matches.constFirst().departement, QStringLiteral("42"));
    QVERIFY(matches.constFirst().population > 100000);
}

void TestCommuneIndex::abbreviatedUpperCaseNameFindsSaintEtienne()
{
    for (const QString &query :
        {QStringLiteral("ST-ETIENNE"), QStringLiteral("St Étienne"), QStringLiteral("saint-étienne")}) {
        const QList<CommuneMatch> matches = CommuneIndex::instance().find(query);
        QVERIFY2(!matches.isEmpty(), qPrintable(query));
        QCOMPARE(matches.constFirst().codeInsee, QStringLiteral("42218"));
    }
}

void TestCommuneIndex::exactNameParisComesBeforeItsArrondissements()
{
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(QStringLiteral("paris"));
    QCOMPARE(matches.size(), 10);
    QCOMPARE(matches.at(0).codeInsee, QStringLiteral("75056"));
    QCOMPARE(matches.at(0).codePostal, QStringLiteral("75001"));
    // The biggest arrondissement comes next, the others by population.
    QCOMPARE(matches.at(1).codeInsee, QStringLiteral("75115"));
    QCOMPARE(matches.at(1).nom, QStringLiteral("Paris 15e Arrondissement"));
    for (int i = 2; i < matches.size(); ++i) {
        QVERIFY(matches.at(i).population <= matches.at(i - 1).population);
        QVERIFY(matches.at(i).codeInsee.startsWith(QStringLiteral("751")));
    }
}

void TestCommuneIndex::fullPostalCodeFindsCommuneWithThatCode()
{
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(QStringLiteral("42000"));
    QCOMPARE(inseeCodes(matches), QStringList{QStringLiteral("42218")});
    QCOMPARE(matches.constFirst().codePostal, QStringLiteral("42000"));
    QCOMPARE(matches.constFirst().codesPostaux,
        (QStringList{QStringLiteral("42000"), QStringLiteral("42100"), QStringLiteral("42230")}));

    // 42100 is another postal code of Saint-Étienne and the INSEE code of La Gimond (postal code 42140).
    const QList<CommuneMatch> other = CommuneIndex::instance().find(QStringLiteral("42100"));
    QCOMPARE(inseeCodes(other), (QStringList{QStringLiteral("42218"), QStringLiteral("42100")}));
    QCOMPARE(other.at(0).codePostal, QStringLiteral("42100"));
    QCOMPARE(other.at(1).nom, QStringLiteral("La Gimond"));
    QCOMPARE(other.at(1).codePostal, QStringLiteral("42140"));

    // Spaces inside a postal code are tolerated.
    QCOMPARE(inseeCodes(CommuneIndex::instance().find(QStringLiteral("42 000"))), QStringList{QStringLiteral("42218")});
}

void TestCommuneIndex::partialPostalCodeMatchesAllCodesWithThatPrefix()
{
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(QStringLiteral("4200"));
    QVERIFY(findByInsee(matches, QStringLiteral("42218")));
    for (const CommuneMatch &m : matches)
        QVERIFY2(m.codePostal.startsWith(QStringLiteral("4200")), qPrintable(m.codePostal));

    // "750" covers Paris and its arrondissements; Paris appears once, with its first matching code.
    const QList<CommuneMatch> paris = CommuneIndex::instance().find(QStringLiteral("750"), 50);
    QCOMPARE(paris.constFirst().codeInsee, QStringLiteral("75056"));
    QCOMPARE(paris.constFirst().codePostal, QStringLiteral("75001"));
    QCOMPARE(inseeCodes(paris).count(QStringLiteral("75056")), 1);
    QCOMPARE(paris.size(), 21); // Paris + 20 arrondissements (75116 is not a prefix match of "750")
}

void TestCommuneIndex::secondPostalCodeOfCommuneMatches()
{
    // Boissey (01050) has the postal codes 01190 and 01380.
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(QStringLiteral("01380"), 50);
    const CommuneMatch *boissey = findByInsee(matches, QStringLiteral("01050"));
    QVERIFY(boissey);
    QCOMPARE(boissey->nom, QStringLiteral("Boissey"));
    QCOMPARE(boissey->codePostal, QStringLiteral("01380"));
    QCOMPARE(boissey->codesPostaux, (QStringList{QStringLiteral("01190"), QStringLiteral("01380")}));
    // Ordered by population: Bâgé-Dommartin (4050) is the biggest commune of 01380.
    QCOMPARE(matches.constFirst().codeInsee, QStringLiteral("01025"));
}

void TestCommuneIndex::fullCodeAlsoMatchesInseeCode()
{
    // 01380 is also the INSEE code of Saint-Nizier-le-Bouchoux (postal code 01560).
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(QStringLiteral("01380"), 50);
    const CommuneMatch *byCode = findByInsee(matches, QStringLiteral("01380"));
    QVERIFY(byCode);
    QCOMPARE(byCode->codePostal, QStringLiteral("01560"));
    QCOMPARE(matches.size(), 7);

    // A partial code never matches an INSEE code.
    QVERIFY(!findByInsee(CommuneIndex::instance().find(QStringLiteral("0138"), 100), QStringLiteral("01380")));
}

void TestCommuneIndex::corsicanInseeCodeMatches()
{
    for (const QString &query : {QStringLiteral("2A004"), QStringLiteral("2a004")}) {
        const QList<CommuneMatch> matches = CommuneIndex::instance().find(query);
        QCOMPARE(inseeCodes(matches), QStringList{QStringLiteral("2A004")});
        QCOMPARE(matches.constFirst().nom, QStringLiteral("Ajaccio"));
        QCOMPARE(matches.constFirst().codePostal, QStringLiteral("20000"));
    }
}

void TestCommuneIndex::laterWordPrefixFindsCommune()
{
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(QStringLiteral("etienne"), 50);
    QVERIFY(findByInsee(matches, QStringLiteral("42218")));
    // No commune name starts with "Étienne": the biggest later-word match comes first.
    QCOMPARE(matches.constFirst().codeInsee, QStringLiteral("42218"));
}

void TestCommuneIndex::accentlessPrefixFindsAccentedNames()
{
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(QStringLiteral("eve"), 50);
    QVERIFY(findByInsee(matches, QStringLiteral("69083"))); // Éveux, whole-name prefix
    QVERIFY(findByInsee(matches, QStringLiteral("72231"))); // Parigné-l'Évêque, later word
    const qsizetype eveux = inseeCodes(matches).indexOf(QStringLiteral("69083"));
    const qsizetype parigne = inseeCodes(matches).indexOf(QStringLiteral("72231"));
    QVERIFY(eveux < parigne); // whole-name prefix before later word, whatever the population
    for (const CommuneMatch &m : matches)
        QVERIFY2(CommuneIndex::normalize(m.nom).contains(QStringLiteral("eve")), qPrintable(m.nom));
}

void TestCommuneIndex::stPrefixStillFindsStrasbourg()
{
    QCOMPARE(CommuneIndex::instance().find(QStringLiteral("stras")).constFirst().codeInsee, QStringLiteral("67482"));
    // "st" alone may be "saint" or the start of Strasbourg: both are searched, biggest first.
    const QList<CommuneMatch> st = CommuneIndex::instance().find(QStringLiteral("st"));
    QCOMPARE(st.constFirst().codeInsee, QStringLiteral("67482"));
    QVERIFY(findByInsee(st, QStringLiteral("42218")));
}

void TestCommuneIndex::emptyAndOneLetterQueries()
{
    const CommuneIndex &index = CommuneIndex::instance();
    QVERIFY(index.find(QString()).isEmpty());
    QVERIFY(index.find(QStringLiteral("  - ")).isEmpty());
    QVERIFY(index.find(QStringLiteral("4")).isEmpty());
    QVERIFY(index.find(QStringLiteral("420001")).isEmpty());
    // One letter: only communes whose whole name is that letter.
    QCOMPARE(inseeCodes(index.find(QStringLiteral("y"))), QStringList{QStringLiteral("80829")});
    QVERIFY(index.find(QStringLiteral("b")).isEmpty());
    QVERIFY(index.find(QStringLiteral("zzzzz")).isEmpty());
}

void TestCommuneIndex::limitIsRespected()
{
    const CommuneIndex &index = CommuneIndex::instance();
    QCOMPARE(index.find(QStringLiteral("saint")).size(), 10);
    QCOMPARE(index.find(QStringLiteral("saint"), 3).size(), 3);
    QCOMPARE(index.find(QStringLiteral("saint"), 500).size(), 500);
    QCOMPARE(index.find(QStringLiteral("75"), 4).size(), 4);
    QVERIFY(index.find(QStringLiteral("saint"), 0).isEmpty());
    QVERIFY(index.find(QStringLiteral("saint"), -1).isEmpty());
    // A larger limit extends the list without reordering its head.
    QCOMPARE(inseeCodes(index.find(QStringLiteral("saint"), 500)).mid(0, 3),
        inseeCodes(index.find(QStringLiteral("saint"), 3)));
}

void TestCommuneIndex::rankingOnHandMadeData()
{
    CommuneIndex index;
    QString error;
    QVERIFY2(index.loadFromTsv(smallTsv(), &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(index.size(), 11);

    // Exact name first (even if small), then other whole-name prefixes by population, then later-word matches.
    QCOMPARE(inseeCodes(index.find(QStringLiteral("Saint-Martin"))),
        (QStringList{QStringLiteral("90001"), QStringLiteral("90002"), QStringLiteral("90004")}));
    QCOMPARE(inseeCodes(index.find(QStringLiteral("st mar"))),
        (QStringList{
            QStringLiteral("90002"), QStringLiteral("90003"), QStringLiteral("90001"), QStringLiteral("90004")}));
    // Val-Martin-et-Martinet matches on two of its words but is listed once.
    QCOMPARE(inseeCodes(index.find(QStringLiteral("martin"))),
        (QStringList{QStringLiteral("90005"), QStringLiteral("90004"), QStringLiteral("90002"), QStringLiteral("90001"),
            QStringLiteral("90008")}));
    QCOMPARE(inseeCodes(index.find(QStringLiteral("st mar"), 2)),
        (QStringList{QStringLiteral("90002"), QStringLiteral("90003")}));

    // Postal codes: ordered by population, the matching code reported.
    const QList<CommuneMatch> postal = index.find(QStringLiteral("9031"));
    QCOMPARE(inseeCodes(postal), QStringList{QStringLiteral("90003")});
    QCOMPARE(postal.constFirst().codePostal, QStringLiteral("90310"));
    QCOMPARE(index.find(QStringLiteral("903")).constFirst().codePostal, QStringLiteral("90300"));

    // The real data is not affected by a custom index.
    QVERIFY(CommuneIndex::instance().size() > 34000);
}

void TestCommuneIndex::arrondissementsRankBelowParent()
{
    CommuneIndex index;
    QString error;
    QVERIFY2(index.loadFromTsv(smallTsv(), &error), qPrintable(error));
    QCOMPARE(inseeCodes(index.find(QStringLiteral("villetest"))),
        (QStringList{QStringLiteral("90006"), QStringLiteral("90103"), QStringLiteral("90007"), QStringLiteral("90102"),
            QStringLiteral("90101")}));
    // Same population as its parent (a single arrondissement, say): still after the commune.
    QCOMPARE(inseeCodes(index.find(QStringLiteral("villet"))),
        (QStringList{QStringLiteral("90006"), QStringLiteral("90103"), QStringLiteral("90007"), QStringLiteral("90102"),
            QStringLiteral("90101")}));
    QCOMPARE(inseeCodes(index.find(QStringLiteral("90601"))),
        (QStringList{QStringLiteral("90006"), QStringLiteral("90101")}));
}

void TestCommuneIndex::malformedTsvIsRefusedNamingTheLine_data()
{
    QTest::addColumn<QByteArray>("tsv");
    QTest::addColumn<QString>("expected");

    const QByteArray good = "90001\tAville\t90100\t90\t27\t100\tcommune-actuelle\n";
    QTest::newRow("missing column") << QByteArray(kHeader + good + "90002\tBville\t90200\t90\t27\t200\n")
                                    << QStringLiteral("Ligne 3 : 6 colonnes au lieu de 7");
    QTest::newRow("non-numeric population")
        << QByteArray(kHeader + good + "90003\tCville\t90300\t90\t27\tcent\tcommune-actuelle\n")
        << QStringLiteral("Ligne 3 : population « cent » non numérique");
    QTest::newRow("missing INSEE code") << QByteArray(kHeader + QByteArray("\tBville\t90200\t90\t27\t200\t\n"))
                                        << QStringLiteral("Ligne 2 : code INSEE manquant");
    QTest::newRow("bad INSEE code") << QByteArray(kHeader + QByteArray("9X001\tBville\t90200\t90\t27\t200\t\n"))
                                    << QStringLiteral("Ligne 2 : code INSEE « 9X001 » invalide");
    QTest::newRow("duplicate INSEE code")
        << QByteArray(kHeader + QByteArray("90001\tAville\t90100\t90\t27\t100\tcommune-actuelle\n\n")
               + "90001\tBville\t90200\t90\t27\t200\tcommune-actuelle\n")
        << QStringLiteral("Ligne 4 : code INSEE « 90001 » en double");
    QTest::newRow("missing name") << QByteArray(kHeader + QByteArray("90002\t\t90200\t90\t27\t200\t\n"))
                                  << QStringLiteral("Ligne 2 : nom manquant");
    QTest::newRow("bad postal code") << QByteArray(kHeader + QByteArray("90002\tBville\t90200,9020\t90\t27\t2\t\n"))
                                     << QStringLiteral("Ligne 2 : code postal « 9020 » invalide");
    QTest::newRow("unknown type") << QByteArray(kHeader + QByteArray("90002\tBville\t90200\t90\t27\t2\tville\n"))
                                  << QStringLiteral("Ligne 2 : type « ville » inconnu");
    QTest::newRow("missing header column")
        << QByteArray("code_insee\tnom\tcodes_postaux\tdepartement\tregion\ttype\n")
        << QStringLiteral("Ligne 1 : en-tête incomplet, colonne « population » manquante");
    QTest::newRow("header only") << QByteArray(kHeader) << QStringLiteral("Aucune commune dans les données");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("Données des communes vides");
}

void TestCommuneIndex::malformedTsvIsRefusedNamingTheLine()
{
    QFETCH(QByteArray, tsv);
    QFETCH(QString, expected);

    CommuneIndex index;
    QString error;
    QVERIFY(index.loadFromTsv(smallTsv(), &error));
    QVERIFY(!index.loadFromTsv(tsv, &error));
    QCOMPARE(error, expected);
    // A refused load leaves the previous content in place.
    QCOMPARE(index.size(), 11);
    QCOMPARE(index.find(QStringLiteral("villetest")).size(), 5);
}

void TestCommuneIndex::normalize_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("accents and hyphen") << QStringLiteral("Saint-Étienne") << QStringLiteral("saint etienne");
    QTest::newRow("st abbreviation") << QStringLiteral("ST-ETIENNE") << QStringLiteral("saint etienne");
    QTest::newRow("st alone") << QStringLiteral("St") << QStringLiteral("saint");
    QTest::newRow("ste abbreviation") << QStringLiteral("Ste-Marie") << QStringLiteral("sainte marie");
    QTest::newRow("st with dot") << QStringLiteral("St. Malo") << QStringLiteral("saint malo");
    QTest::newRow("st only as first word") << QStringLiteral("Châtel-St-Denis") << QStringLiteral("chatel st denis");
    QTest::newRow("st inside a word") << QStringLiteral("Strasbourg") << QStringLiteral("strasbourg");
    QTest::newRow("ste inside a word") << QStringLiteral("Stella-Plage") << QStringLiteral("stella plage");
    QTest::newRow("apostrophe and diaeresis") << QStringLiteral("L'Haÿ-les-Roses") << QStringLiteral("l hay les roses");
    QTest::newRow("typographic apostrophe") << QStringLiteral("L’Île-Bouchard") << QStringLiteral("l ile bouchard");
    QTest::newRow("ligature") << QStringLiteral("Œuilly Cœuvres") << QStringLiteral("oeuilly coeuvres");
    QTest::newRow("cedilla") << QStringLiteral("FRANÇOIS") << QStringLiteral("francois");
    QTest::newRow("spaces collapsed") << QStringLiteral("  Bourg   en--Bresse ") << QStringLiteral("bourg en bresse");
    QTest::newRow("parentheses") << QStringLiteral("Château-Chinon (Ville)") << QStringLiteral("chateau chinon ville");
    QTest::newRow("digits kept") << QStringLiteral("Paris 1er Arrondissement")
                                 << QStringLiteral("paris 1er arrondissement");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("punctuation only") << QStringLiteral(" -' ") << QString();
}

void TestCommuneIndex::normalize()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(CommuneIndex::normalize(input), expected);
}

void TestCommuneIndex::byInseeReturnsCommune()
{
    const CommuneIndex &index = CommuneIndex::instance();
    const std::optional<CommuneMatch> se = index.byInsee(QStringLiteral("42218"));
    QVERIFY(se.has_value());
    QCOMPARE(se->nom, QStringLiteral("Saint-Étienne"));
    QCOMPARE(se->codePostal, QStringLiteral("42000"));
    QCOMPARE(se->codesPostaux.size(), 3);
    QCOMPARE(se->departement, QStringLiteral("42"));
    QCOMPARE(se->population, 173136);

    const std::optional<CommuneMatch> ajaccio = index.byInsee(QStringLiteral("2a004"));
    QVERIFY(ajaccio.has_value());
    QCOMPARE(ajaccio->nom, QStringLiteral("Ajaccio"));
    QCOMPARE(ajaccio->departement, QStringLiteral("2A"));

    QVERIFY(!index.byInsee(QStringLiteral("99999")).has_value());
    QVERIFY(!index.byInsee(QString()).has_value());
    QVERIFY(!CommuneIndex().byInsee(QStringLiteral("42218")).has_value());
}

void TestCommuneIndex::matchConvertsToRef()
{
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(QStringLiteral("42100"));
    QVERIFY(!matches.isEmpty());
    const CommuneRef ref = matches.constFirst().toRef();
    QCOMPARE(ref.codeInsee, QStringLiteral("42218"));
    QCOMPARE(ref.codePostal, QStringLiteral("42100"));
    QCOMPARE(ref.nom, QStringLiteral("Saint-Étienne"));
}

void TestCommuneIndex::departements_namedFromTheReferenceData()
{
    QCOMPARE(Departements::name(QStringLiteral("23")), QStringLiteral("Creuse"));
    QCOMPARE(Departements::name(QStringLiteral("2A")), QStringLiteral("Corse-du-Sud"));
    QCOMPARE(Departements::name(QStringLiteral("974")), QStringLiteral("La Réunion"));
    QCOMPARE(Departements::label(QStringLiteral("42")), QStringLiteral("Loire (42)"));
    QVERIFY(Departements::name(QStringLiteral("20")).isEmpty()); // Corsica is 2A and 2B
    QCOMPARE(Departements::label(QStringLiteral("20")), QStringLiteral("20"));
    QCOMPARE(Departements::ofCommune(QStringLiteral("23096")), QStringLiteral("23"));
    QVERIFY(Departements::ofCommune(QString()).isEmpty());
}

QTEST_GUILESS_MAIN(TestCommuneIndex)
#include "tst_communeindex.moc"
