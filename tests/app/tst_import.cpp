#include "models/store/DataLocation.h"
#include "models/store/Store.h"
#include "tests/support/CarnetFileRows.h"
#include "tests/support/CommandRunner.h"
#include "tests/support/TestData.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

namespace {
using CommandRunner::Result;
using CommandRunner::run;

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return QString();
    return path;
}

QList<Activity> activitiesOf(const QString &dataDir)
{
    Store store;
    QString error;
    QList<Activity> list;
    if (!store.open(DataLocation::databasePath(dataDir), &error))
        return list;
    store.forEachActivity(
        [&](const Activity &a) {
            list << a;
            return true;
        },
        &error);
    return list;
}

const QStringList statsJson = {QStringLiteral("stats"), QStringLiteral("--depuis-le-debut"), QStringLiteral("--json")};

// `carnet export activites` of base `source` as `format` (csv, xlsx) into `files`, then `carnet import` of that file
// into the empty base `target`: checks that `target` holds the live activities of `source`, the same content and
// source, and gives the same `stats --json`. Returns the file (empty, with the test failed, when a step failed).
QString checkRoundTrip(const QString &source, const QString &format, const QTemporaryDir &files, const QString &target)
{
    QList<Activity> exported;
    for (const Activity &a : activitiesOf(source)) {
        if (!a.isDeleted())
            exported << a;
    }
    const Result before = run(QStringList{QStringLiteral("--data-dir"), source} + statsJson);
    const QString file = files.filePath(QStringLiteral("carnet_activites.") + format);
    const Result e = run({QStringLiteral("--data-dir"), source, QStringLiteral("export"), QStringLiteral("activites"),
        QStringLiteral("--output"), file});
    const Result i = run({QStringLiteral("--data-dir"), target, QStringLiteral("import"), file});
    QHash<QUuid, Activity> byId;
    for (const Activity &a : activitiesOf(target))
        byId.insert(a.id, a);
    const Result after = run(QStringList{QStringLiteral("--data-dir"), target} + statsJson);
    const auto check = [&]() {
        QCOMPARE(before.code, 0);
        QVERIFY2(e.code == 0, qPrintable(e.out + e.err));
        QVERIFY2(i.code == 0, qPrintable(format + QLatin1Char('\n') + i.out + i.err));
        QCOMPARE(byId.size(), exported.size());
        for (const Activity &a : exported) {
            QVERIFY2(byId.value(a.id).sameContent(a), qPrintable(format + QLatin1Char(' ') + a.id.toString()));
            QCOMPARE(byId.value(a.id).source, a.source);
        }
        QCOMPARE(after.code, 0);
        QCOMPARE(QJsonDocument::fromJson(after.out.toUtf8()), QJsonDocument::fromJson(before.out.toUtf8()));
    };
    check();
    return QTest::currentTestFailed() ? QString() : file;
}
} // namespace

class TestImport : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_demoBase_intoEmptyBase_sameActivitiesAndStats()
    {
        QTemporaryDir source, target, files;
        QCOMPARE(run({QStringLiteral("--data-dir"), source.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                         QStringLiteral("400")})
                     .code,
            0);
        // The activities file written from the contract (deleted activities are not exported).
        QList<Activity> exported;
        QList<Place> places;
        QList<Beneficiary> beneficiaries;
        {
            Store store;
            QString error;
            QVERIFY(store.open(DataLocation::databasePath(source.path()), &error));
            store.forEachActivity(
                [&](const Activity &a) {
                    if (!a.isDeleted())
                        exported << a;
                    return true;
                },
                &error);
            places = store.places(true);
            beneficiaries = store.beneficiaries(true);
        }
        const QString csv = files.filePath(QStringLiteral("carnet_activites.csv"));
        QVERIFY(CarnetFileRows::writeCsv(csv, CarnetFileRows::rows(exported, places, beneficiaries)));

        const Result dry = run(
            {QStringLiteral("--data-dir"), target.path(), QStringLiteral("import"), csv, QStringLiteral("--dry-run")});
        QVERIFY2(dry.code == 0, qPrintable(dry.out + dry.err));
        QVERIFY2(dry.out.contains(QStringLiteral("%1 activités à ajouter").arg(exported.size())), qPrintable(dry.out));
        QVERIFY(dry.out.contains(QStringLiteral("Rien n'a été écrit")));
        QCOMPARE(activitiesOf(target.path()).size(), 0);

        const Result imported = run({QStringLiteral("--data-dir"), target.path(), QStringLiteral("import"), csv});
        QVERIFY2(imported.code == 0, qPrintable(imported.out + imported.err));
        QVERIFY(imported.out.contains(QStringLiteral("fichier d'activités de Carnet")));
        const QList<Activity> back = activitiesOf(target.path());
        QCOMPARE(back.size(), exported.size());
        QHash<QUuid, Activity> byId;
        for (const Activity &a : back)
            byId.insert(a.id, a);
        for (const Activity &a : exported) {
            QVERIFY(byId.contains(a.id));
            QVERIFY2(byId.value(a.id).sameContent(a), qPrintable(a.id.toString()));
        }

        const Result before = run(QStringList{QStringLiteral("--data-dir"), source.path()} + statsJson);
        const Result after = run(QStringList{QStringLiteral("--data-dir"), target.path()} + statsJson);
        QCOMPARE(before.code, 0);
        QCOMPARE(after.code, 0);
        QVERIFY(!before.out.isEmpty());
        QCOMPARE(QJsonDocument::fromJson(after.out.toUtf8()), QJsonDocument::fromJson(before.out.toUtf8()));

        // Again: nothing added.
        const Result again = run({QStringLiteral("--data-dir"), target.path(), QStringLiteral("import"), csv});
        QVERIFY2(again.code == 0, qPrintable(again.out + again.err));
        QVERIFY2(again.out.contains(QStringLiteral("0 activité à ajouter, %1 déjà présentes").arg(exported.size())),
            qPrintable(again.out));
        QCOMPARE(activitiesOf(target.path()).size(), exported.size());
    }

    // The real round trip: `carnet export activites` (CSV and XLSX) -> `carnet import` into an empty base.
    void exportThenImport_csvAndXlsx_sameActivitiesAndStats()
    {
        QTemporaryDir source, files;
        QCOMPARE(run({QStringLiteral("--data-dir"), source.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                         QStringLiteral("300"), QStringLiteral("--seed"), QStringLiteral("5")})
                     .code,
            0);
        for (const QString &format : {QStringLiteral("csv"), QStringLiteral("xlsx")}) {
            QTemporaryDir target;
            const QString file = checkRoundTrip(source.path(), format, files, target.path());
            QVERIFY(!file.isEmpty());
            const Result again = run({QStringLiteral("--data-dir"), target.path(), QStringLiteral("import"), file});
            QVERIFY2(again.out.contains(QStringLiteral("0 activité à ajouter")), qPrintable(again.out));
        }
    }

    // A followed beneficiary deleted since (anonymised, as the platform's supprimerBeneficiaires does), and texts a
    // spreadsheet would take for formulas: through `carnet export activites` and `carnet import`, the same
    // activities, one deleted person without a name as before (not a new "Bénéficiaire anonyme"), the same stats.
    void exportThenImport_deletedBeneficiaryAndFormulaText_sameActivitiesAndStats()
    {
        QTemporaryDir source, files;
        QCOMPARE(run({QStringLiteral("--data-dir"), source.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                         QStringLiteral("300"), QStringLiteral("--seed"), QStringLiteral("9")})
                     .code,
            0);
        QUuid deleted;
        {
            Store store;
            QString error;
            QVERIFY(store.open(DataLocation::databasePath(source.path()), &error));
            // The followed beneficiary with the most activities, individual and workshops.
            QHash<QUuid, int> seen;
            QList<Activity> all;
            store.forEachActivity(
                [&](const Activity &a) {
                    if (a.isDeleted())
                        return true;
                    all << a;
                    if (!a.beneficiaireId.isNull())
                        ++seen[a.beneficiaireId];
                    for (const QUuid &id : a.participants)
                        ++seen[id];
                    return true;
                },
                &error);
            for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
                if (deleted.isNull() || it.value() > seen.value(deleted))
                    deleted = it.key();
            }
            QVERIFY(seen.value(deleted) >= 2);
            // Notes and a workshop's title that start as formulas do.
            int changed = 0;
            for (Activity a : all) {
                if (changed == 0 && a.isIndividuel())
                    a.notes = QStringLiteral("=1+1 : calcul fait avec elle");
                else if (changed == 1 && a.isIndividuel())
                    a.notes = QStringLiteral("-3 séances prévues\n@mairie à rappeler");
                else if (changed == 2 && !a.isIndividuel())
                    a.titreAtelier = QStringLiteral("+ de 60 ans : la tablette");
                else
                    continue;
                QVERIFY2(store.saveActivity(a, &error), qPrintable(error));
                ++changed;
            }
            QCOMPARE(changed, 3);
            QVERIFY2(store.deleteBeneficiary(deleted, &error), qPrintable(error));
        }
        for (const QString &format : {QStringLiteral("csv"), QStringLiteral("xlsx")}) {
            QTemporaryDir target;
            QVERIFY(!checkRoundTrip(source.path(), format, files, target.path()).isEmpty());
            {
                Store store;
                QString error;
                QVERIFY(store.open(DataLocation::databasePath(target.path()), &error));
                const std::optional<Beneficiary> person = store.beneficiary(deleted);
                QVERIFY(person.has_value());
                QVERIFY(person->isDeleted());
                QCOMPARE(person->displayName(), QString());
                for (const Beneficiary &b : store.beneficiaries(false))
                    QVERIFY2(b.id != deleted && b.displayName() != QStringLiteral("Bénéficiaire anonyme"),
                        qPrintable(b.displayName()));
            }
        }
    }

    void problems_exit1_nothingWritten_unlessIgnored()
    {
        QTemporaryDir data, files;
        const QString csv = writeFile(files, QStringLiteral("mes-activites.csv"),
            QStringLiteral("Date;Durée;Thématique\n"
                           "31/02/2025;30;E-mail\n"
                           "03/02/2025;-5;E-mail\n"
                           "04/02/2025;20;Emial\n"
                           "05/02/2025;20;E-mail\n")
                .toUtf8());
        // A column by its title (date=Date) or its letter.
        const QStringList args = {QStringLiteral("--data-dir"), data.path(), QStringLiteral("import"), csv,
            QStringLiteral("--format"), QStringLiteral("tableur"), QStringLiteral("--colonnes"),
            QStringLiteral("date=Date,duree=B,thematiques=C")};
        // No place in the base and no canal column: refused as a whole.
        const Result noPlace = run(args);
        QCOMPARE(noPlace.code, 1);
        QVERIFY2(noPlace.err.contains(QStringLiteral("lieu d'activité ou du canal")), qPrintable(noPlace.err));

        Place p = TestData::place();
        {
            Store store;
            QString error;
            QVERIFY(store.open(DataLocation::databasePath(data.path()), &error));
            QVERIFY(store.savePlace(p, &error));
        }
        const Result refused = run(args);
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.out.contains(
                     QStringLiteral("Ligne 2, colonne « Date » (A) : « 31/02/2025 » n'est pas une date qui existe")),
            qPrintable(refused.out));
        QVERIFY(refused.out.contains(QStringLiteral("Ligne 3, colonne « Durée » (B) : « -5 » n'est pas une durée")));
        QVERIFY(refused.out.contains(QStringLiteral("Ligne 4, colonne « Thématique » (C) : valeur inconnue pour la "
                                                    "thématique : « Emial » (vouliez-vous dire « E-mail » ?)")));
        QVERIFY(refused.err.contains(QStringLiteral("--ignorer-erreurs")));
        QCOMPARE(activitiesOf(data.path()).size(), 0);

        const Result ignored = run(args + QStringList{QStringLiteral("--ignorer-erreurs")});
        QCOMPARE(ignored.code, 1);
        QVERIFY2(ignored.out.contains(QStringLiteral("1 activité importée")), qPrintable(ignored.out));
        const QList<Activity> imported = activitiesOf(data.path());
        QCOMPARE(imported.size(), 1);
        QCOMPARE(imported.first().lieuId, p.id);
        QCOMPARE(imported.first().source, QStringLiteral("tableur"));
    }

    // Issue: a Carnet file carried no sync state, so a base imported from one would have sent everything to the
    // platform again. Through the real exporter and importer: each activity comes back in its state.
    void exportThenImport_keepsEachActivitysSyncState()
    {
        QTemporaryDir source, target, files;
        const Place place = TestData::place();
        QList<Activity> activities;
        for (int i = 0; i < 4; ++i)
            activities << TestData::individuel(place.id);
        activities[0].source = QLatin1String(ActivitySource::Coop);
        activities[0].syncState = SyncState::Sent;
        activities[1].syncState = SyncState::Sent; // typed in Carnet, sent since
        activities[2].syncState = SyncState::Failed;
        {
            Store store;
            QString error;
            QVERIFY(store.open(DataLocation::databasePath(source.path()), &error));
            QVERIFY2(store.savePlace(const_cast<Place &>(place), &error), qPrintable(error));
            QList<Activity> batch = activities;
            QVERIFY2(store.insertActivities(batch, true, &error), qPrintable(error));
        }
        for (const QString &format : {QStringLiteral("csv"), QStringLiteral("xlsx")}) {
            const QString file = files.filePath(QStringLiteral("carnet_activites.") + format);
            const Result e = run({QStringLiteral("--data-dir"), source.path(), QStringLiteral("export"),
                QStringLiteral("activites"), QStringLiteral("--output"), file});
            QVERIFY2(e.code == 0, qPrintable(e.out + e.err));
            QTemporaryDir into;
            const Result i = run({QStringLiteral("--data-dir"), into.path(), QStringLiteral("import"), file});
            QVERIFY2(i.code == 0, qPrintable(format + QLatin1Char('\n') + i.out + i.err));
            QHash<QUuid, Activity> byId;
            for (const Activity &a : activitiesOf(into.path()))
                byId.insert(a.id, a);
            QCOMPARE(byId.size(), 4);
            for (const Activity &a : activities)
                QCOMPARE(byId.value(a.id).syncState, a.syncState);
        }
    }

    // Issue: "N activités importées" was the plan's count; two rows of one activity (the same import key) are
    // written once, and the command says what it wrote.
    void import_saysWhatWasWritten()
    {
        QTemporaryDir data, files;
        const Place place = TestData::place();
        QList<Activity> activities = {TestData::individuel(place.id), TestData::individuel(place.id)};
        for (Activity &a : activities)
            a.importKey = QStringLiteral("tableur:0123456789abcdef01234567#1");
        const QString csv = files.filePath(QStringLiteral("carnet.csv"));
        QVERIFY(CarnetFileRows::writeCsv(csv, CarnetFileRows::rows(activities, {place}, {})));
        const Result r = run({QStringLiteral("--data-dir"), data.path(), QStringLiteral("import"), csv});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("2 activités à ajouter")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("1 activité importée dans")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("1 activité laissée de côté à l'écriture")), qPrintable(r.out));
        QCOMPARE(activitiesOf(data.path()).size(), 1);
    }

    // Issue: "… et 1 autres" past the first thousand problems.
    void manyProblems_restCountedInFrench()
    {
        QTemporaryDir data, files;
        QString text = QStringLiteral("Date;Durée;Thématique\n");
        for (int i = 0; i < 1001; ++i)
            text += QStringLiteral("03/02/2025;-5;E-mail\n");
        const QString csv = writeFile(files, QStringLiteral("t.csv"), text.toUtf8());
        Place p = TestData::place();
        {
            Store store;
            QString error;
            QVERIFY(store.open(DataLocation::databasePath(data.path()), &error));
            QVERIFY(store.savePlace(p, &error));
        }
        const Result r = run({QStringLiteral("--data-dir"), data.path(), QStringLiteral("import"), csv,
            QStringLiteral("--format"), QStringLiteral("tableur"), QStringLiteral("--dry-run")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("… et 1 autre problème\n")), qPrintable(r.out.right(300)));
    }

    void windows1252_needsItsOption()
    {
        QTemporaryDir data, files;
        {
            Store store;
            QString error;
            QVERIFY(store.open(DataLocation::databasePath(data.path()), &error));
            Place p = TestData::place();
            QVERIFY(store.savePlace(p, &error));
        }
        // "Durée" and "Sécurité numérique" in Windows-1252: é is 0xE9.
        const QString csv = writeFile(files, QStringLiteral("excel.csv"),
            QByteArray("Date;Dur\xE9"
                       "e;Th\xE8me\r\n03/02/2025;45;S\xE9"
                       "curit\xE9 num\xE9rique\r\n"));
        const QStringList args = {QStringLiteral("--data-dir"), data.path(), QStringLiteral("import"), csv};
        const Result utf8 = run(args);
        QCOMPARE(utf8.code, 1);
        QVERIFY2(utf8.err.contains(QStringLiteral("excel.csv")), qPrintable(utf8.err));
        QVERIFY2(utf8.err.contains(QStringLiteral("1252")), qPrintable(utf8.err));
        QCOMPARE(activitiesOf(data.path()).size(), 0);

        const Result latin = run(args + QStringList{QStringLiteral("--encodage"), QStringLiteral("windows-1252")});
        QVERIFY2(latin.code == 0, qPrintable(latin.out + latin.err));
        const QList<Activity> imported = activitiesOf(data.path());
        QCOMPARE(imported.size(), 1);
        QCOMPARE(imported.first().thematiques, QStringList{QStringLiteral("securite_numerique")});
        QCOMPARE(imported.first().dureeMinutes, 45);
    }

    void xlsxThatIsNotAZip_isRefusedInFrench()
    {
        QTemporaryDir data, files;
        const QString xlsx = writeFile(files, QStringLiteral("coop-numerique_accompagnements_2025-01-01.xlsx"),
            QByteArray("Date;Enregistré le\n01/01/2025;\n"));
        const Result r = run({QStringLiteral("--data-dir"), data.path(), QStringLiteral("import"), xlsx});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("coop-numerique_accompagnements_2025-01-01.xlsx")), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("Rien n'a été importé")));
        QCOMPARE(activitiesOf(data.path()).size(), 0);
    }

    void wrongCommandLines_exit2()
    {
        QTemporaryDir data;
        QCOMPARE(run({QStringLiteral("--data-dir"), data.path(), QStringLiteral("import")}).code, 2);
        const Result format = run({QStringLiteral("--data-dir"), data.path(), QStringLiteral("import"),
            QStringLiteral("x.csv"), QStringLiteral("--format"), QStringLiteral("ods")});
        QCOMPARE(format.code, 2);
        QVERIFY(format.err.contains(QStringLiteral("« ods »")));
        const Result help = run({QStringLiteral("import"), QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains(QStringLiteral("--dry-run")));
        QVERIFY(help.out.contains(QStringLiteral("--colonnes")));
    }

    void missingFile_namesIt()
    {
        QTemporaryDir data;
        const Result r = run({QStringLiteral("--data-dir"), data.path(), QStringLiteral("import"),
            data.filePath(QStringLiteral("absent.csv"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("absent.csv")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
