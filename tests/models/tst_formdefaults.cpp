#include "tests/support/TestData.h"

#include "models/store/FormDefaults.h"

class TestFormDefaults : public QObject
{
    Q_OBJECT

private slots:
    void emptyBase_hasNoDefaults()
    {
        TestData::Fixture f;
        QVERIFY(f.open());
        const FormDefaults defaults(f.store);
        QVERIFY(!defaults.lastSavedActivity().has_value());
        QVERIFY(defaults.lastUsedType().isEmpty());
        QVERIFY(defaults.lastUsedTypeLieu().isEmpty());
        QVERIFY(defaults.lastUsedPlaceId().isNull());
        QVERIFY(defaults.mostUsedCustomDurations(3).isEmpty());
    }

    void lastSaved_followsModificationTime()
    {
        TestData::Fixture f;
        QVERIFY(f.open());
        Place a = TestData::place();
        Place b = TestData::place();
        QString error;
        QVERIFY(f.store.savePlace(a, &error) && f.store.savePlace(b, &error));

        Activity first = TestData::individuel(a.id);
        QVERIFY2(f.store.saveActivity(first, &error), qPrintable(error));
        f.clock.advanceSecs(60);
        Activity second = TestData::collectif(b.id);
        QVERIFY2(f.store.saveActivity(second, &error), qPrintable(error));
        f.clock.advanceSecs(60);
        Activity remote = TestData::individuel(QUuid());
        remote.typeLieu = QStringLiteral("a_distance");
        remote.lieuId = QUuid();
        QVERIFY2(f.store.saveActivity(remote, &error), qPrintable(error));

        const FormDefaults defaults(f.store);
        QCOMPARE(defaults.lastSavedActivity()->id, remote.id);
        QCOMPARE(defaults.lastUsedType(), QStringLiteral("individuel"));
        QCOMPARE(defaults.lastUsedTypeLieu(), QStringLiteral("a_distance"));
        QCOMPARE(defaults.lastUsedPlaceId(), b.id); // the last activity held at a place

        // Editing an older one makes it the last saved; deleting it hands over to the previous one.
        f.clock.advanceSecs(60);
        first.notes = QStringLiteral("modifié");
        QVERIFY(f.store.saveActivity(first, &error));
        QCOMPARE(defaults.lastSavedActivity()->id, first.id);
        QCOMPARE(defaults.lastUsedPlaceId(), a.id);
        QVERIFY(f.store.deleteActivity(first.id, &error));
        QCOMPARE(defaults.lastSavedActivity()->id, remote.id);
    }

    void customDurations_mostUsedFirst_presetsLeftOut()
    {
        TestData::Fixture f;
        QVERIFY(f.open());
        Place p = TestData::place();
        QString error;
        QVERIFY(f.store.savePlace(p, &error));
        const QList<int> durations{45, 45, 45, 20, 20, 75, 75, 75, 100, 10, 10, 20};
        for (int minutes : durations) {
            Activity a = TestData::individuel(p.id);
            a.dureeMinutes = minutes;
            QVERIFY2(f.store.saveActivity(a, &error), qPrintable(error));
        }
        const FormDefaults defaults(f.store);
        QCOMPARE(defaults.mostUsedCustomDurations(3), (QList<int>{20, 75, 10}));
        QCOMPARE(defaults.mostUsedCustomDurations(10), (QList<int>{20, 75, 10, 100}));
        QCOMPARE(defaults.mostUsedCustomDurations(0), QList<int>());
    }
};

QTEST_GUILESS_MAIN(TestFormDefaults)
#include "tst_formdefaults.moc"
