#include "models/io/StatsJson.h"
#include "models/stats/StatsEngine.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/StatsCopySchema.h"
#include "tests/support/TestData.h"

#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using TestData::Fixture;

// The statistics' copy of the activities (activites_stats) follows every change the store makes, and a copy out of
// step is reported by `carnet check` and repaired.
class TestStatsCopySchema : public QObject
{
    Q_OBJECT

private:
    // Rows where the copy differs from what the activities make, as "id manquante|en trop".
    static QStringList differences(const Store &store)
    {
        QStringList rows;
        QSqlQuery q(store.database());
        if (!q.exec(StatsCopySchema::checkSql()))
            return {QStringLiteral("error: ") + q.lastError().text()};
        while (q.next())
            rows << q.value(0).toString() + QLatin1Char(' ') + q.value(2).toString();
        return rows;
    }
    static int copyRows(const Store &store)
    {
        QSqlQuery q(store.database());
        return q.exec(QStringLiteral("SELECT count(*) FROM activites_stats")) && q.next() ? q.value(0).toInt() : -1;
    }

private slots:
    void copy_followsEveryChange();
    void copy_packsTheFiguresItReads();
    void syncStateChange_leavesCopyAlone();
    void copyOutOfStep_isReported_andRepaired();
    void schema5_upgradesAFourCopy();
};

void TestStatsCopySchema::copy_followsEveryChange()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Beneficiary b1 = TestData::beneficiary();
    Beneficiary b2 = TestData::beneficiary();
    b2.prenom = QStringLiteral("Paul");
    QVERIFY2(
        f.store.savePlace(place, &error) && f.store.saveBeneficiary(b1, &error) && f.store.saveBeneficiary(b2, &error),
        qPrintable(error));

    Activity individual = TestData::individuel(place.id);
    Activity followed = TestData::individuel(place.id);
    followed.anonyme = {};
    followed.beneficiaireId = b2.id;
    Activity workshop = TestData::collectif(place.id);
    workshop.participants = {b1.id, b2.id};
    for (Activity *a : {&individual, &followed, &workshop})
        QVERIFY2(f.store.saveActivity(*a, &error), qPrintable(error));
    QCOMPARE(copyRows(f.store), 3);
    QCOMPARE(differences(f.store), QStringList());

    // An edit of every kind of field the copy reads, including the day (its key).
    individual.date = individual.date.addDays(-3);
    individual.dureeMinutes = 75;
    individual.thematiques = {QStringLiteral("email")};
    individual.materiel = {QStringLiteral("tablette")};
    individual.tags = {QStringLiteral("nouvelle étiquette")};
    individual.typeLieu = QStringLiteral("domicile");
    individual.lieuId = {};
    individual.lieuCommune = TestData::gueret();
    individual.anonyme.genre = QStringLiteral("masculin");
    QVERIFY2(f.store.saveActivity(individual, &error), qPrintable(error));
    QCOMPARE(differences(f.store), QStringList());
    QCOMPARE(copyRows(f.store), 3);

    // Deletion and restoration.
    QVERIFY2(f.store.deleteActivity(workshop.id, &error), qPrintable(error));
    QCOMPARE(copyRows(f.store), 2);
    QCOMPARE(differences(f.store), QStringList());
    QVERIFY2(f.store.restoreActivity(workshop.id, &error), qPrintable(error));
    QCOMPARE(copyRows(f.store), 3);
    QCOMPARE(differences(f.store), QStringList());

    // A workshop turned into an individual activity, and back.
    workshop.type = QLatin1String(Codes::TypeActivite::Individuel);
    workshop.participants.clear();
    workshop.participantsAnonymes = {};
    workshop.titreAtelier.clear();
    workshop.niveauAtelier.clear();
    workshop.beneficiaireId = b1.id;
    QVERIFY2(f.store.saveActivity(workshop, &error), qPrintable(error));
    QCOMPARE(differences(f.store), QStringList());

    // Beneficiaries merged, then one deleted (their activities stay, anonymous).
    QVERIFY2(f.store.mergeBeneficiaries(b1.id, b2.id, &error), qPrintable(error));
    QCOMPARE(differences(f.store), QStringList());
    QVERIFY2(f.store.deleteBeneficiary(b1.id, &error), qPrintable(error));
    QCOMPARE(differences(f.store), QStringList());
    QCOMPARE(copyRows(f.store), 3);

    // A bulk insert, as the demo and the import do it.
    QList<Activity> batch;
    for (int i = 0; i < 50; ++i) {
        Activity a = TestData::individuel(place.id);
        a.date = QDate(2026, 1, 1).addDays(i * 3);
        batch.append(a);
    }
    QVERIFY2(f.store.insertActivities(batch, true, &error), qPrintable(error));
    QCOMPARE(copyRows(f.store), 53);
    QCOMPARE(differences(f.store), QStringList());
}

void TestStatsCopySchema::copy_packsTheFiguresItReads()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place place = TestData::place();
    Beneficiary b = TestData::beneficiary();
    QVERIFY2(f.store.savePlace(place, &error) && f.store.saveBeneficiary(b, &error), qPrintable(error));
    Activity workshop = TestData::collectif(place.id);
    workshop.dureeMinutes = 1439; // the longest duration fits its bits
    workshop.participants = {b.id};
    QVERIFY2(f.store.saveActivity(workshop, &error), qPrintable(error));
    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("SELECT jour, mesures & 1, (mesures >> %1) & 1, (mesures >> %2) & %3, "
                                  "(mesures >> %4) & %5, mesures >> %6, "
                                  "(SELECT texte FROM stats_valeurs WHERE id = codes_lieu >> 32), personne, "
                                  "atelier FROM activites_stats")
                       .arg(StatsCopySchema::SuivisShift)
                       .arg(StatsCopySchema::DureeShift)
                       .arg(StatsCopySchema::DureeMask)
                       .arg(StatsCopySchema::DejaShift)
                       .arg(StatsCopySchema::DejaMask)
                       .arg(StatsCopySchema::AccompagnementsShift)));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), workshop.date.toJulianDay());
    QCOMPARE(q.value(1).toInt(), 1); // collectif
    QCOMPARE(q.value(2).toInt(), 1); // a followed participant
    QCOMPARE(q.value(3).toInt(), 1439);
    QCOMPARE(q.value(4).toInt(), workshop.participantsAnonymes.dejaAccompagne);
    QCOMPARE(q.value(5).toInt(), workshop.accompagnements());
    QCOMPARE(q.value(6).toString(), workshop.thematiques.join(QLatin1Char(',')));
    QVERIFY(q.isNull(7));
    QSqlQuery person(f.store.database());
    QVERIFY(person.exec(QStringLiteral("SELECT id FROM stats_valeurs WHERE sorte = %1 AND texte = '%2'")
                            .arg(StatsCopySchema::Personne)
                            .arg(b.id.toString(QUuid::WithoutBraces)))
        && person.next());
    QCOMPARE(q.value(8).toString(),
        QStringLiteral("feminin:5,masculin:3\x1fsoixante_dix_plus:6\x1fretraite:7,sans_emploi:1\x1f")
            + person.value(0).toString());
}

void TestStatsCopySchema::syncStateChange_leavesCopyAlone()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Activity a = TestData::individuel({});
    a.typeLieu = QStringLiteral("a_distance");
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    QSqlQuery q(f.store.database());
    // A marker in the copy that only a rewrite of the row would remove.
    QVERIFY(q.exec(QStringLiteral("UPDATE activites_stats SET atelier = 'marque'")));
    QVERIFY(q.exec(QStringLiteral("UPDATE activites SET sync_state = 2, synced_at = '2026-06-30T10:00:00Z'")));
    QVERIFY(q.exec(QStringLiteral("SELECT atelier FROM activites_stats")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("marque"));
}

void TestStatsCopySchema::copyOutOfStep_isReported_andRepaired()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Activity a = TestData::individuel({});
    a.typeLieu = QStringLiteral("a_distance");
    a.date = QDate(2026, 6, 12);
    Activity b = a;
    b.id = QUuid::createUuid();
    QVERIFY2(f.store.saveActivity(a, &error) && f.store.saveActivity(b, &error), qPrintable(error));
    const QJsonObject before = StatsJson::toJson(
        StatsEngine::compute(f.store.database(), StatsEngine::defaultFilter(f.clock.today()), f.clock.today()), {});

    QSqlQuery q(f.store.database());
    QVERIFY(q.exec(QStringLiteral("UPDATE activites_stats SET mesures = mesures + 2 WHERE id = '%1'")
                       .arg(a.id.toString(QUuid::WithoutBraces))));
    QVERIFY(
        q.exec(QStringLiteral("DELETE FROM activites_stats WHERE id = '%1'").arg(b.id.toString(QUuid::WithoutBraces))));
    const IntegrityReport report = IntegrityChecker::run(f.store);
    QVERIFY(!report.ok());
    const QString all = report.problems.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(a.id.toString(QUuid::WithoutBraces)) && all.contains(QStringLiteral("12/06/2026")),
        qPrintable(all));
    QVERIFY2(all.contains(b.id.toString(QUuid::WithoutBraces)), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("copie des statistiques")), qPrintable(all));

    QVERIFY2(f.store.rebuildStatistics(&error), qPrintable(error));
    QCOMPARE(differences(f.store), QStringList());
    QVERIFY(IntegrityChecker::run(f.store).ok());
    const QJsonObject after = StatsJson::toJson(
        StatsEngine::compute(f.store.database(), StatsEngine::defaultFilter(f.clock.today()), f.clock.today()), {});
    QVERIFY(before == after);
}

void TestStatsCopySchema::schema5_upgradesAFourCopy()
{
    // A base of schema 4 holds texts without postal codes; the upgrade makes them again, and the communes read
    // "Commune · code postal".
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Activity a = TestData::individuel({});
    a.typeLieu = QStringLiteral("domicile");
    a.lieuCommune = TestData::gueret();
    a.date = QDate(2026, 6, 12);
    QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
    QSqlQuery q(f.store.database());
    // The schema-4 form of the texts: the postal code cut off the end.
    QVERIFY(q.exec(QStringLiteral("UPDATE stats_valeurs SET texte = substr(texte, 1, length(texte) - 6) WHERE sorte = "
                                  "%1")
                       .arg(StatsCopySchema::Lieu)));
    QVERIFY(!differences(f.store).isEmpty());
    QVERIFY(q.exec(QStringLiteral("BEGIN")));
    for (const QString &sql : StatsCopySchema::upgradeStatements(6))
        QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    QVERIFY(q.exec(QStringLiteral("COMMIT")));
    QCOMPARE(differences(f.store), QStringList());
    QCOMPARE(copyRows(f.store), 1);
    StatsFilter june;
    june.from = QDate(2026, 6, 1);
    june.to = QDate(2026, 6, 30);
    const StatsResult r = StatsEngine::compute(f.store.database(), june, f.clock.today());
    QCOMPARE(r.breakdown(QStringLiteral("communes"))->items.value(0).label, QStringLiteral("Guéret · 23000"));
    // Saving goes on through the triggers made again.
    Activity b = a;
    b.id = QUuid::createUuid();
    QVERIFY2(f.store.saveActivity(b, &error), qPrintable(error));
    QCOMPARE(differences(f.store), QStringList());
}

QTEST_GUILESS_MAIN(TestStatsCopySchema)
#include "tst_statscopyschema.moc"
