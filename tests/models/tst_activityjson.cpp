#include "tests/support/TestData.h"

#include "models/io/ActivityJson.h"

#include <QJsonArray>
#include <QJsonDocument>

class TestActivityJson : public QObject
{
    Q_OBJECT

private slots:
    void individual_roundTripsEveryField()
    {
        Activity a = TestData::individuel(QUuid::createUuid());
        a.lieuCommune = TestData::gueret();
        a.tags = {QStringLiteral("mardi"), QStringLiteral("permanence")};
        a.precisionsDemarche = QStringLiteral("Renouvellement de carte vitale");
        a.thematiques.append(QStringLiteral("aide_aux_demarches_administratives"));
        a.notes = QStringLiteral("Ligne 1\nLigne 2 « guillemets »");
        a.orienteVersStructure = true;
        a.structureDeRedirection = QStringLiteral("administration");
        a.anonyme.anneeNaissance = 1950;
        a.anonyme.statutSocial = QStringLiteral("retraite");
        a.anonyme.communeResidence = TestData::gueret();
        a.anonyme.dejaAccompagne = false;
        a.creation = QDateTime(QDate(2026, 6, 29), QTime(9, 15, 2, 120), Qt::UTC);
        a.modification = a.creation.addSecs(60);
        a.suppression = a.creation.addSecs(120);
        a.syncState = SyncState::Conflict;
        a.serverVersion = QStringLiteral("v7");
        a.source = QLatin1String(ActivitySource::Coop);
        a.importKey = QStringLiteral("coop:cra-42");

        const QByteArray bytes = QJsonDocument(ActivityJson::toJson(a)).toJson();
        Activity back;
        QString error;
        QVERIFY2(ActivityJson::fromJson(QJsonDocument::fromJson(bytes).object(), &back, &error), qPrintable(error));
        QVERIFY(back.sameContent(a));
        QCOMPARE(back.creation, a.creation);
        QCOMPARE(back.modification, a.modification);
        QCOMPARE(back.suppression, a.suppression);
        QCOMPARE(back.syncState, SyncState::Conflict);
        QCOMPARE(back.serverVersion, a.serverVersion);
        QCOMPARE(back.source, a.source);
        QCOMPARE(back.importKey, a.importKey);
        QCOMPARE(back.anonyme.dejaAccompagne, std::optional<bool>(false));
    }

    void collective_roundTripsCountersAndParticipants()
    {
        Activity a = TestData::collectif(QUuid::createUuid());
        a.participants = {QUuid::createUuid(), QUuid::createUuid()};
        Activity back;
        QString error;
        QVERIFY2(ActivityJson::fromJson(ActivityJson::toJson(a), &back, &error), qPrintable(error));
        QVERIFY(back.sameContent(a));
        QCOMPARE(back.participantsAnonymes, a.participantsAnonymes);
        QVERIFY(!back.orienteVersStructure.has_value());
        QVERIFY(!back.creation.isValid());
        // A draft written before schema 6 has no source: typed in Carnet.
        QJsonObject old = ActivityJson::toJson(a);
        old.remove(QStringLiteral("source"));
        old.remove(QStringLiteral("importKey"));
        QVERIFY2(ActivityJson::fromJson(old, &back, &error), qPrintable(error));
        QCOMPARE(back.source, QLatin1String(ActivitySource::Carnet));
        QCOMPARE(back.importKey, QString());
    }

    void emptyActivity_roundTripsAsEmpty()
    {
        // A draft may be almost empty: nothing typed yet but the type.
        Activity a;
        a.type = QLatin1String(Codes::TypeActivite::Individuel);
        const QJsonObject o = ActivityJson::toJson(a);
        QVERIFY(o.value(QLatin1String("date")).isNull());
        Activity back;
        QString error;
        QVERIFY(ActivityJson::fromJson(o, &back, &error));
        QVERIFY(back.sameContent(a));
        QVERIFY(back.id.isNull());
    }

    void wrongType_isRefusedNamingTheKey()
    {
        QJsonObject o = ActivityJson::toJson(TestData::individuel(QUuid::createUuid()));
        o.insert(QStringLiteral("dureeMinutes"), QStringLiteral("quarante-cinq"));
        Activity back;
        back.notes = QStringLiteral("unchanged");
        QString error;
        QVERIFY(!ActivityJson::fromJson(o, &back, &error));
        QVERIFY2(error.contains(QStringLiteral("dureeMinutes")), qPrintable(error));
        QCOMPARE(back.notes, QStringLiteral("unchanged"));

        o = ActivityJson::toJson(TestData::individuel(QUuid::createUuid()));
        QJsonObject anonyme = o.value(QLatin1String("anonyme")).toObject();
        anonyme.insert(QStringLiteral("dejaAccompagne"), 3);
        o.insert(QStringLiteral("anonyme"), anonyme);
        error.clear();
        QVERIFY(!ActivityJson::fromJson(o, &back, &error));
        QVERIFY2(error.contains(QStringLiteral("anonyme.dejaAccompagne")), qPrintable(error));

        o = ActivityJson::toJson(TestData::individuel(QUuid::createUuid()));
        o.insert(QStringLiteral("thematiques"), QJsonArray{1, 2});
        error.clear();
        QVERIFY(!ActivityJson::fromJson(o, &back, &error));
        QVERIFY2(error.contains(QStringLiteral("thematiques")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestActivityJson)
#include "tst_activityjson.moc"
