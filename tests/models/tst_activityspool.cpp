#include "models/io/ActivitySpool.h"
#include "tests/support/TestData.h"

#include <QTest>

namespace {
// An activity with every field set to something other than its default.
Activity everyField(int n)
{
    Activity a = TestData::individuel(QUuid::createUuid());
    a.id = QUuid::createUuid();
    a.date = QDate(2025, 3, 1).addDays(n);
    a.dureeMinutes = 30 + n;
    a.lieuCommune = TestData::gueret();
    a.thematiques = {QStringLiteral("email"), QStringLiteral("social_sante")};
    a.materiel = {QStringLiteral("telephone")};
    a.tags = {QStringLiteral("Été"), QStringLiteral("n°%1").arg(n)};
    a.precisionsDemarche = QStringLiteral("Dossier CAF");
    a.notes = QStringLiteral("Revenir lundi ;\n« apporter » l'avis");
    a.autonomie = QStringLiteral("autonome");
    a.orienteVersStructure = n % 2 == 0;
    a.structureDeRedirection = QStringLiteral("aide_sociale");
    a.beneficiaireId = QUuid::createUuid();
    a.anonyme.genre = QStringLiteral("feminin");
    a.anonyme.trancheAge = QStringLiteral("soixante_dix_plus");
    a.anonyme.anneeNaissance = 1950;
    a.anonyme.statutSocial = QStringLiteral("retraite");
    a.anonyme.communeResidence = TestData::gueret();
    a.anonyme.dejaAccompagne = true;
    a.titreAtelier = QStringLiteral("Atelier %1").arg(n);
    a.niveauAtelier = QStringLiteral("debutant");
    a.participants = {QUuid::createUuid(), QUuid::createUuid()};
    a.participantsAnonymes.total = 5;
    a.participantsAnonymes.dejaAccompagne = 2;
    a.participantsAnonymes.genre = {{QStringLiteral("feminin"), 3}};
    a.participantsAnonymes.trancheAge = {{QStringLiteral("vingt_cinq_trente_neuf"), 1}};
    a.participantsAnonymes.statutSocial = {{QStringLiteral("retraite"), 4}};
    a.source = QStringLiteral("coop");
    a.importKey = QStringLiteral("coop:%1").arg(n);
    a.creation = QDateTime(QDate(2025, 3, 2), QTime(9, 30, 15, 250), Qt::UTC);
    a.modification = a.creation.addSecs(60);
    a.suppression = a.creation.addDays(1);
    a.syncState = SyncState::Sent;
    a.serverVersion = QStringLiteral("v%1").arg(n);
    return a;
}

void compareAll(const Activity &a, const Activity &b)
{
    QVERIFY(a.sameContent(b));
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.source, b.source);
    QCOMPARE(a.importKey, b.importKey);
    QCOMPARE(a.creation, b.creation);
    QCOMPARE(a.creation.timeSpec(), Qt::UTC);
    QCOMPARE(b.creation.timeSpec(), Qt::UTC);
    QCOMPARE(a.modification, b.modification);
    QCOMPARE(a.suppression, b.suppression);
    QCOMPARE(a.syncState, b.syncState);
    QCOMPARE(a.serverVersion, b.serverVersion);
    // sameContent's fields, one by one, so that a field the spool forgets is named.
    QCOMPARE(a.anonyme, b.anonyme);
    QCOMPARE(a.participantsAnonymes, b.participantsAnonymes);
    QCOMPARE(a.participants, b.participants);
    QCOMPARE(a.orienteVersStructure, b.orienteVersStructure);
    QCOMPARE(a.tags, b.tags);
    QCOMPARE(a.notes, b.notes);
}
} // namespace

class TestActivitySpool : public QObject
{
    Q_OBJECT

private slots:
    void small_staysInMemory()
    {
        ActivitySpool spool(10);
        QString error;
        for (int i = 0; i < 10; ++i)
            QVERIFY2(spool.append(everyField(i), &error), qPrintable(error));
        QVERIFY(!spool.spilled());
        QCOMPARE(spool.count(), 10);
        QCOMPARE(spool.head().size(), 10);
    }

    void large_goesToTheTemporaryFile_everyFieldComesBack_inOrder()
    {
        QList<Activity> originals;
        for (int i = 0; i < 2 * ActivitySpool::PreviewCount + 1234; ++i) {
            originals << everyField(i);
            if (i % 3 == 0) { // defaults too: empty optionals, no participants, a local date-time left null
                originals.last().orienteVersStructure = std::nullopt;
                originals.last().anonyme.dejaAccompagne = std::nullopt;
                originals.last().participants.clear();
                originals.last().suppression = QDateTime();
                originals.last().syncState = SyncState::Pending;
            }
        }
        ActivitySpool spool(50);
        QString error;
        for (const Activity &a : originals)
            QVERIFY2(spool.append(Activity(a), &error), qPrintable(error));
        QVERIFY(spool.spilled());
        QCOMPARE(spool.count(), originals.size());
        QCOMPARE(spool.head().size(), ActivitySpool::PreviewCount);
        for (int i = 0; i < spool.head().size(); ++i)
            compareAll(spool.head().at(i), originals.at(i));

        // Read back twice (a plan is read by the preview, then written), in batches that do not divide the count.
        for (int pass = 0; pass < 2; ++pass) {
            QList<Activity> back;
            int batches = 0;
            QVERIFY2(spool.forEach(
                         333,
                         [&](QList<Activity> &batch) {
                             if (batch.size() > 333)
                                 return false;
                             ++batches;
                             back.append(batch);
                             return true;
                         },
                         &error),
                qPrintable(error));
            QCOMPARE(back.size(), originals.size());
            QCOMPARE(batches, int((originals.size() + 332) / 333));
            for (int i = 0; i < back.size(); ++i) {
                compareAll(back.at(i), originals.at(i));
                if (QTest::currentTestFailed())
                    QFAIL(qPrintable(QStringLiteral("activity %1 of pass %2").arg(i).arg(pass)));
            }
        }
    }

    void forEach_stopsWhenTheBatchSaysSo()
    {
        ActivitySpool spool(5);
        QString error;
        for (int i = 0; i < 100; ++i)
            QVERIFY(spool.append(everyField(i), &error));
        int seen = 0;
        QVERIFY(!spool.forEach(
            10,
            [&](QList<Activity> &batch) {
                seen += int(batch.size());
                return seen < 30;
            },
            &error));
        QCOMPARE(seen, 30);
        QVERIFY(error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestActivitySpool)
#include "tst_activityspool.moc"
