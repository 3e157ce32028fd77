#include "models/domain/Nomenclature.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

class TestNomenclature : public QObject
{
    Q_OBJECT

private slots:
    void embeddedNomenclature_matchesReferenceFile();
    void labels_inDisplayOrder();
    void limits_comeFromTheFile();
    void unknownCode_isNotContained();
    void brokenDocument_isRefusedWithFrenchMessage();
    void trancheAge_fromBirthYear_data();
    void trancheAge_fromBirthYear();
    void missingCodeOfTheLogic_isRefused();
    void ageBands_comeFromTheFile();
};

namespace {
QJsonObject shippedDocument()
{
    QFile source(QStringLiteral(":/carnet/nomenclature.json"));
    if (!source.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(source.readAll()).object();
}

// The document with the values of one list changed by edit.
QByteArray withValues(const QString &list, const std::function<void(QJsonArray &)> &edit)
{
    QJsonObject root = shippedDocument();
    if (root.value(list).isArray()) { // a bare list of values
        QJsonArray values = root.value(list).toArray();
        edit(values);
        root.insert(list, values);
    } else { // an object with "values"
        QJsonObject node = root.value(list).toObject();
        QJsonArray values = node.value(QStringLiteral("values")).toArray();
        edit(values);
        node.insert(QStringLiteral("values"), values);
        root.insert(list, node);
    }
    return QJsonDocument(root).toJson();
}
} // namespace

void TestNomenclature::embeddedNomenclature_matchesReferenceFile()
{
    // The shipped copy is the reference one, byte for byte.
    QFile embedded(QStringLiteral(":/carnet/nomenclature.json"));
    QFile source(QStringLiteral(CARNET_TEST_FIXTURES "/../../resources/nomenclature.json"));
    QVERIFY(embedded.open(QIODevice::ReadOnly));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QCOMPARE(embedded.readAll(), source.readAll());
}

void TestNomenclature::labels_inDisplayOrder()
{
    const Nomenclature &n = Nomenclature::instance();
    using L = Nomenclature::List;
    QCOMPARE(n.items(L::ThematiqueMediation).size(), 19);
    QCOMPARE(n.items(L::ThematiqueMediation).constFirst().value, QStringLiteral("diagnostic_numerique"));
    QCOMPARE(n.items(L::ThematiqueMediation).constLast().value, QStringLiteral("aide_aux_demarches_administratives"));
    QCOMPARE(n.label(L::ThematiqueMediation, QStringLiteral("email")), QStringLiteral("E-mail"));
    QCOMPARE(n.label(L::Autonomie, QStringLiteral("partiellement_autonome")),
        QStringLiteral("Autonome avec guidage en cas de besoin"));
    QCOMPARE(n.items(L::Autonomie).at(1).stars, 2);
    QCOMPARE(n.items(L::ThematiqueDemarche).size(), 11);
    QCOMPARE(n.label(L::TypeActivite, QStringLiteral("collectif")), QStringLiteral("Atelier collectif"));
    QCOMPARE(n.items(L::TypeActivite).at(1).labelStats, QStringLiteral("Participants aux ateliers"));
    QCOMPARE(n.legend(L::NiveauAtelier), QStringLiteral("Niveau de l'atelier"));
    QCOMPARE(n.values(L::Materiel),
        QStringList({QStringLiteral("ordinateur"), QStringLiteral("telephone"), QStringLiteral("tablette"),
            QStringLiteral("autre"), QStringLiteral("aucun")}));
    QCOMPARE(n.indexOf(L::Genre, QStringLiteral("non_communique")), 2);
    QCOMPARE(
        n.label(L::StatutSocial, QStringLiteral("non_communique")), QStringLiteral("Non communiqué ou hétérogène"));
}

void TestNomenclature::limits_comeFromTheFile()
{
    const Nomenclature &n = Nomenclature::instance();
    QCOMPARE(n.maxParticipants(), 10000);
    QCOMPARE(n.maxDurationMinutes(), 23 * 60 + 59);
    QCOMPARE(n.durationBuckets().size(), 4);
    QCOMPARE(n.durationBuckets().at(1).label, QStringLiteral("30 min à 1 h"));
    QCOMPARE(n.durationBuckets().at(3).max, -1);
    QCOMPARE(n.precisionsDemarcheLabel(), QStringLiteral("Nom de la démarche administrative"));
    const auto presets = n.items(Nomenclature::List::DureePreset);
    QCOMPARE(presets.size(), 6);
    QCOMPARE(presets.at(4).value, QStringLiteral("90"));
    QCOMPARE(presets.at(4).label, QStringLiteral("1 h 30"));
}

void TestNomenclature::unknownCode_isNotContained()
{
    const Nomenclature &n = Nomenclature::instance();
    QVERIFY(!n.contains(Nomenclature::List::Materiel, QStringLiteral("minitel")));
    QCOMPARE(n.indexOf(Nomenclature::List::Materiel, QStringLiteral("minitel")), -1);
    QCOMPARE(n.label(Nomenclature::List::Materiel, QStringLiteral("minitel")), QStringLiteral("minitel"));
}

void TestNomenclature::brokenDocument_isRefusedWithFrenchMessage()
{
    Nomenclature n;
    QString error;
    QVERIFY(!n.load("{ not json", &error));
    QVERIFY2(error.startsWith(QStringLiteral("Nomenclature illisible")), qPrintable(error));

    QFile source(QStringLiteral(":/carnet/nomenclature.json"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QJsonObject root = QJsonDocument::fromJson(source.readAll()).object();
    root.remove(QStringLiteral("materiel"));
    QVERIFY(!n.load(QJsonDocument(root).toJson(), &error));
    QVERIFY2(error.contains(QStringLiteral("« materiel »")), qPrintable(error));
}

void TestNomenclature::trancheAge_fromBirthYear_data()
{
    QTest::addColumn<int>("birthYear");
    QTest::addColumn<QString>("tranche");
    QTest::newRow("11 ans") << 2015 << QStringLiteral("moins_de_douze");
    QTest::newRow("12 ans") << 2014 << QStringLiteral("douze_dix_huit");
    QTest::newRow("18 ans") << 2008 << QStringLiteral("dix_huit_vingt_quatre");
    QTest::newRow("25 ans") << 2001 << QStringLiteral("vingt_cinq_trente_neuf");
    QTest::newRow("59 ans") << 1967 << QStringLiteral("quarante_cinquante_neuf");
    QTest::newRow("60 ans") << 1966 << QStringLiteral("soixante_soixante_neuf");
    QTest::newRow("70 ans") << 1956 << QStringLiteral("soixante_dix_plus");
}

void TestNomenclature::trancheAge_fromBirthYear()
{
    QFETCH(int, birthYear);
    QFETCH(QString, tranche);
    QCOMPARE(Nomenclature::trancheAgeForBirthYear(birthYear, 2026), tranche);
    QVERIFY(Nomenclature::instance().contains(Nomenclature::List::TrancheAge, tranche));
}

void TestNomenclature::missingCodeOfTheLogic_isRefused()
{
    // "a_distance" is a code the validation names (Codes::TypeLieu::ADistance): a document without it is refused.
    Nomenclature n;
    QString error;
    QVERIFY(n.load(withValues(QStringLiteral("type_lieu"), [](QJsonArray &) {}), &error));
    const QByteArray without = withValues(QStringLiteral("type_lieu"), [](QJsonArray &values) {
        for (qsizetype i = values.size() - 1; i >= 0; --i) {
            if (values.at(i).toObject().value(QStringLiteral("value")).toString() == QLatin1String("a_distance"))
                values.removeAt(i);
        }
    });
    QVERIFY(!n.load(without, &error));
    QVERIFY2(error.contains(QStringLiteral("« a_distance »")), qPrintable(error));
}

void TestNomenclature::ageBands_comeFromTheFile()
{
    Nomenclature n;
    QString error;
    QVERIFY(n.load(withValues(QStringLiteral("tranche_age"), [](QJsonArray &) {}), &error));
    QCOMPARE(n.trancheAgeForAge(24), QStringLiteral("dix_huit_vingt_quatre"));
    QCOMPARE(n.trancheAgeForAge(-3), QStringLiteral("moins_de_douze")); // born after the reference year
    // The 18 - 24 band made to start at 20: a 19-year-old falls in the band before it.
    QVERIFY(
        n.load(withValues(QStringLiteral("tranche_age"),
                   [](QJsonArray &values) {
                       for (qsizetype i = 0; i < values.size(); ++i) {
                           QJsonObject o = values.at(i).toObject();
                           if (o.value(QStringLiteral("value")).toString() == QLatin1String("dix_huit_vingt_quatre"))
                               o.insert(QStringLiteral("age_from"), 20);
                           values.replace(i, o);
                       }
                   }),
            &error));
    QCOMPARE(n.trancheAgeForAge(19), QStringLiteral("douze_dix_huit"));
    QCOMPARE(n.trancheAgeForAge(20), QStringLiteral("dix_huit_vingt_quatre"));
    // Without any first age, the bands cannot be told apart: refused.
    QVERIFY(!n.load(withValues(QStringLiteral("tranche_age"),
                        [](QJsonArray &values) {
                            for (qsizetype i = 0; i < values.size(); ++i) {
                                QJsonObject o = values.at(i).toObject();
                                o.remove(QStringLiteral("age_from"));
                                values.replace(i, o);
                            }
                        }),
        &error));
    QVERIFY2(error.contains(QStringLiteral("age_from")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestNomenclature)
#include "tst_nomenclature.moc"
