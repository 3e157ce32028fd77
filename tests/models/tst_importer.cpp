#include "models/demo/DemoGenerator.h"
#include "models/domain/Nomenclature.h"
#include "models/io/AccompagnementImporter.h"
#include "models/io/ActivityColumns.h"
#include "models/io/ActivityJson.h"
#include "models/io/ColumnMapping.h"
#include "models/io/ImportContext.h"
#include "models/io/ImportPipeline.h"
#include "models/io/Importer.h"
#include "tests/support/CarnetFileRows.h"
#include "tests/support/MemoryTableReader.h"
#include "tests/support/TestData.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using List = Nomenclature::List;
using TestData::Fixture;

namespace {
ImportOptions options()
{
    ImportOptions o;
    o.today = TestData::fixedNow().date();
    return o;
}

QList<Activity> allActivities(const Store &store)
{
    QList<Activity> list;
    QString error;
    store.forEachActivity(
        [&](const Activity &a) {
            list << a;
            return true;
        },
        &error);
    return list;
}

QStringList problemTexts(const ImportPlan &plan)
{
    QStringList list;
    for (const ImportProblem &p : plan.problems)
        list << p.describe();
    return list;
}
// The platform's self export (buildAccompagnementsWorksheet.ts): its header row, with "Source de la donnée" before
// "ID CRA" as it writes it for a mediator with Espace Coop CRAs, and one row per accompagnement from the cells given
// by column (ActivityColumns numbering; "Source de la donnée" is sourceDonnee).
struct CoopExport
{
    QList<QVariantList> rows;
    CoopExport()
    {
        rows << QVariantList{QStringLiteral("Export des activités de la Coop")} << QVariantList{};
        QVariantList header;
        for (int c = 0; c < ActivityColumns::IdCra; ++c)
            header << ActivityColumns::label(c);
        header << ActivityColumns::platformSourceLabel() << ActivityColumns::label(ActivityColumns::IdCra);
        rows << header;
    }
    void add(const QHash<int, QVariant> &cells,
        const QString &sourceDonnee = QStringLiteral("La Coop de la médiation numérique (V2)"))
    {
        using namespace ActivityColumns;
        QVariantList r(IdCra + 2);
        const QHash<int, QVariant> defaults
            = {{Date, QDate(2025, 3, 14)}, {EnregistreLe, QStringLiteral("14/03/2025 à 17:30")},
                {Type, CarnetFileRows::label(List::TypeActivite, QStringLiteral("individuel"))},
                {Participants, QStringLiteral("1")}, {Beneficiaire, anonymousBeneficiaryName()},
                {Canaux, QStringLiteral("À distance")}, {Duree, 30.0}, {Thematiques, QStringLiteral("E-mail")},
                {GenreBeneficiaire, QStringLiteral("Non communiqué")},
                {TrancheAgeBeneficiaire, QStringLiteral("Non communiqué")},
                {StatutBeneficiaire, QStringLiteral("Non communiqué")},
                {IdCra, QUuid::createUuid().toString(QUuid::WithoutBraces)}};
        for (auto it = defaults.begin(); it != defaults.end(); ++it)
            r[it.key() == IdCra ? IdCra + 1 : it.key()] = it.value();
        for (auto it = cells.begin(); it != cells.end(); ++it)
            r[it.key() == IdCra ? IdCra + 1 : it.key()] = it.value();
        r[IdCra] = sourceDonnee;
        rows << r;
    }
};

QString writeJson(const QString &path, const QJsonArray &data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QString();
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("data"), data}}).toJson());
    return path;
}
} // namespace

class TestImporter : public QObject
{
    Q_OBJECT

private:
    // A base with a place, a followed beneficiary and three activities of every kind.
    struct Source
    {
        Place place = TestData::place();
        Beneficiary beneficiary = TestData::beneficiary();
        QList<Activity> activities;
        Source()
        {
            Activity individuel = TestData::individuel(place.id);
            individuel.anonyme.anneeNaissance = 1950;
            individuel.anonyme.dejaAccompagne = true;
            individuel.anonyme.statutSocial = QStringLiteral("retraite");
            individuel.anonyme.communeResidence = TestData::gueret();
            individuel.autonomie = QStringLiteral("autonome");
            individuel.orienteVersStructure = true;
            individuel.structureDeRedirection = QStringLiteral("aide_sociale");
            individuel.tags = {QStringLiteral("Permanence"), QStringLiteral("Été")};
            individuel.notes = QStringLiteral("Revenir lundi ; apporter l'avis d'imposition.");
            Activity suivi = TestData::individuel(place.id);
            suivi.typeLieu = QStringLiteral("domicile");
            suivi.lieuId = QUuid();
            suivi.lieuCommune = TestData::gueret();
            suivi.anonyme = AnonymousPerson();
            suivi.beneficiaireId = beneficiary.id;
            suivi.thematiques = {QLatin1String(Codes::Thematique::AideDemarches), QStringLiteral("social_sante")};
            suivi.precisionsDemarche = QStringLiteral("Dossier CAF");
            suivi.orienteVersStructure = std::nullopt;
            Activity atelier = TestData::collectif(place.id);
            atelier.participants = {beneficiary.id};
            activities = {individuel, suivi, atelier};
            const QDateTime created(QDate(2026, 6, 29), QTime(16, 5), Qt::UTC);
            for (Activity &a : activities) {
                a.creation = created;
                a.modification = created;
            }
        }
    };

    QTemporaryDir m_dir;

    // A Carnet file of count demo activities (with places and people followed beneficiaries) at path, its rows
    // changed by edit first; the activities written.
    static QList<Activity> demoFile(
        const QString &path, int count, const std::function<void(QList<QVariantList> &)> &edit = {}, int people = 20)
    {
        DemoGenerator generator(11, demoNow().date(), demoNow());
        const QList<Place> places = generator.makePlaces();
        const QList<Beneficiary> beneficiaries = generator.makeBeneficiaries(people);
        generator.setPool(places, beneficiaries);
        QList<Activity> source;
        while (source.size() < count) {
            Activity a = generator.nextActivity();
            if (!a.isDeleted())
                source.append(a);
        }
        QList<QVariantList> rows = CarnetFileRows::rows(source, places, beneficiaries);
        if (edit)
            edit(rows);
        if (!CarnetFileRows::writeCsv(path, rows))
            qFatal("cannot write %s", qPrintable(path));
        return source;
    }
    static QDateTime demoNow() { return QDateTime(QDate(2026, 6, 30), QTime(10, 0), Qt::UTC); }
    static ImportOptions demoOptions()
    {
        ImportOptions o = options();
        o.today = demoNow().date();
        return o;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void carnetFile_roundTripIntoEmptyBase_identicalActivitiesPlacesAndBeneficiaries()
    {
        const Source source;
        MemoryTableReader reader(CarnetFileRows::rows(source.activities, {source.place}, {source.beneficiary}));
        Fixture f;
        QVERIFY(f.open());
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("carnet.csv"), options(), &f.store);
        QVERIFY2(plan.ok(), qPrintable(plan.fatal));
        QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
        QCOMPARE(plan.format, ImportFormat::Carnet);
        QCOMPARE(plan.activityCount(), 3);
        QCOMPARE(plan.places.size(), 1);
        QCOMPARE(plan.beneficiaries.size(), 1);
        QString error;
        QVERIFY2(plan.apply(f.store, false, &error), qPrintable(error));

        const QList<Activity> imported = allActivities(f.store);
        QCOMPARE(imported.size(), 3);
        for (const Activity &original : source.activities) {
            const std::optional<Activity> a = f.store.activity(original.id);
            QVERIFY(a);
            if (!a->sameContent(original))
                qWarning() << ActivityJson::toJson(*a) << "\n" << ActivityJson::toJson(original);
            QVERIFY(a->sameContent(original));
            QCOMPARE(a->creation, original.creation);
        }
        const std::optional<Place> place = f.store.place(source.place.id);
        QVERIFY(place);
        QCOMPARE(place->nom, source.place.nom);
        QCOMPARE(place->commune, source.place.commune);
        const std::optional<Beneficiary> b = f.store.beneficiary(source.beneficiary.id);
        QVERIFY(b);
        QCOMPARE(b->displayName(), source.beneficiary.displayName());
        QCOMPARE(b->anneeNaissance, source.beneficiary.anneeNaissance);
    }

    // A file larger than what the plan keeps in memory: the activities wait in the spool's temporary file, the preview
    // is the first ones, a cancelled write leaves nothing, the write gives every activity, and again adds nothing.
    void largeFile_spooled_previewCancelWriteReimport()
    {
        const QDateTime now(QDate(2026, 6, 30), QTime(10, 0), Qt::UTC);
        DemoGenerator generator(11, now.date(), now);
        const QList<Place> places = generator.makePlaces();
        const QList<Beneficiary> beneficiaries = generator.makeBeneficiaries(20);
        generator.setPool(places, beneficiaries);
        QList<Activity> source;
        while (source.size() < 700) {
            Activity a = generator.nextActivity();
            if (!a.isDeleted())
                source.append(a);
        }
        Fixture f;
        QVERIFY(f.open());
        const QString path = f.dir.filePath(QStringLiteral("carnet_activites.csv"));
        QVERIFY(CarnetFileRows::writeCsv(path, CarnetFileRows::rows(source, places, beneficiaries)));
        ImportOptions o = options();
        o.today = now.date();
        o.memoryActivities = 25;
        const ImportPlan plan = Importer::readFile(path, o, &f.store);
        QVERIFY2(plan.ok(), qPrintable(plan.fatal));
        QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
        QCOMPARE(plan.activityCount(), source.size());
        QCOMPARE(plan.firstActivities().size(), ActivitySpool::PreviewCount);
        for (int i = 0; i < plan.firstActivities().size(); ++i)
            QCOMPARE(plan.firstActivities().at(i).id, source.at(i).id);

        QString error;
        qint64 told = 0;
        QVERIFY(!plan.apply(f.store, false, &error, [&](qint64 done, qint64 total) {
            told = done;
            return total != source.size(); // cancels at the first step
        }));
        QCOMPARE(told, source.size());
        QVERIFY(!error.isEmpty());
        QCOMPARE(f.store.counts().activites(), 0);

        QVERIFY2(plan.apply(f.store, false, &error), qPrintable(error));
        QCOMPARE(f.store.counts().activites(), source.size());
        for (const Activity &original : source) {
            const std::optional<Activity> a = f.store.activity(original.id);
            QVERIFY(a);
            QVERIFY(a->sameContent(original));
        }
        const ImportPlan again = Importer::readFile(path, o, &f.store);
        QVERIFY2(again.ok(), qPrintable(again.fatal));
        QCOMPARE(again.activityCount(), 0);
        QCOMPARE(again.alreadyPresent, source.size());
    }

    // `carnet import` reads and writes at once (ImportPipeline). A file of more rows than
    // AccompagnementImporter::GroupWindowRows (an activity is handed on once that many rows passed without a row of
    // it), in batches of 50, so that batches are written while the file is read and the queue fills; 1,500 followed
    // beneficiaries, many named first far into the file, so that later batches bring people of their own (written
    // before the activities naming them). The base it writes holds what readFile() then apply() write; again adds
    // nothing.
    void pipeline_sameBaseAsReadThenApply_inManyBatches()
    {
        const QString path = m_dir.filePath(QStringLiteral("pipeline.csv"));
        const QList<Activity> source = demoFile(path, 4000, {}, 1500);
        Fixture sequential;
        QVERIFY(sequential.open());
        const ImportPlan plan = Importer::readFile(path, demoOptions(), &sequential.store);
        QString error;
        QVERIFY2(plan.apply(sequential.store, false, &error), qPrintable(error));
        QVERIFY(plan.rowsRead > AccompagnementImporter::GroupWindowRows + 1000);
        QVERIFY(plan.beneficiaries.size() > 500);

        // The batches a streaming read hands on: each activity's place and people come in its batch or an earlier
        // one, and later batches do bring people of their own.
        {
            Fixture empty;
            QVERIFY(empty.open());
            ImportOptions o = demoOptions();
            QSet<QUuid> given;
            int batches = 0;
            int laterWithPeople = 0;
            qint64 activities = 0;
            o.sinkBatch = 50;
            o.sink = [&](ImportBatch &batch) {
                ++batches;
                for (const Place &p : batch.places)
                    given.insert(p.id);
                for (const Beneficiary &b : batch.beneficiaries)
                    given.insert(b.id);
                if (batches > 1 && !batch.beneficiaries.isEmpty())
                    ++laterWithPeople;
                for (const Activity &a : batch.activities) {
                    ++activities;
                    if (!a.lieuId.isNull() && !given.contains(a.lieuId))
                        return false;
                    if (!a.beneficiaireId.isNull() && !given.contains(a.beneficiaireId))
                        return false;
                    for (const QUuid &id : a.participants) {
                        if (!given.contains(id))
                            return false;
                    }
                }
                return true;
            };
            ImportPlan streamed = Importer::readFile(path, o, &empty.store);
            QVERIFY(streamed.endStream());
            QVERIFY2(streamed.ok(), qPrintable(streamed.fatal));
            QCOMPARE(activities, source.size());
            QCOMPARE(streamed.activityCount(), source.size());
            QVERIFY(batches >= source.size() / 50);
            QVERIFY2(laterWithPeople > 10, qPrintable(QString::number(laterWithPeople)));
        }

        Fixture f;
        QVERIFY(f.open());
        const ImportPipeline::Result result = ImportPipeline::run({path}, demoOptions(), f.store, false, 50);
        QVERIFY2(result.written, qPrintable(result.error));
        QCOMPARE(result.added, source.size());
        QCOMPARE(result.plan.activityCount(), source.size());
        QVERIFY(result.plan.firstActivities().isEmpty()); // handed on, not kept
        QCOMPARE(f.store.counts().activites(), source.size());
        QCOMPARE(f.store.places(true).size(), sequential.store.places(true).size());
        QCOMPARE(f.store.beneficiaries(true).size(), sequential.store.beneficiaries(true).size());
        QVERIFY(f.store.beneficiaries(true).size() > 0);
        for (const Activity &a : allActivities(sequential.store)) {
            const std::optional<Activity> b = f.store.activity(a.id);
            QVERIFY(b);
            QVERIFY(b->sameContent(a));
        }

        const ImportPipeline::Result again = ImportPipeline::run({path}, demoOptions(), f.store, false, 50);
        QVERIFY2(again.written, qPrintable(again.error));
        QCOMPARE(again.added, 0);
        QCOMPARE(again.plan.alreadyPresent, source.size());
        QCOMPARE(f.store.counts().activites(), source.size());
    }

    // A problem far into the file, after many batches were written (an activity is handed on once
    // AccompagnementImporter::GroupWindowRows rows have passed without a row of it: a file of more rows): nothing is
    // kept (not even the places and beneficiaries of the first batches), and every problem is told, as by readFile();
    // with ignoreProblems the valid activities come in.
    void pipeline_problemAfterManyBatches_nothingWritten_everyProblemTold()
    {
        const QString path = m_dir.filePath(QStringLiteral("pipeline-problems.csv"));
        demoFile(path, 4000, [](QList<QVariantList> &rows) {
            // The first row of two activities near the end (the one an activity's fields are read from).
            const auto firstRowOf = [&rows](int fromEnd) -> QVariantList & {
                qsizetype r = rows.size() - fromEnd;
                while (rows.at(r - 1).value(ActivityColumns::IdCra) == rows.at(r).value(ActivityColumns::IdCra))
                    --r;
                return rows[r];
            };
            firstRowOf(40)[ActivityColumns::Duree] = QStringLiteral("-5");
            firstRowOf(2)[ActivityColumns::Date] = QStringLiteral("31/02/2025");
        });
        Fixture f;
        QVERIFY(f.open());
        const ImportPlan read = Importer::readFile(path, demoOptions(), &f.store);
        QCOMPARE(read.problemCount, 2);
        QVERIFY(read.rowsRead > AccompagnementImporter::GroupWindowRows + 1000);
        const ImportPipeline::Result result = ImportPipeline::run({path}, demoOptions(), f.store, false, 50);
        QVERIFY(!result.written);
        QCOMPARE(result.added, 0);
        QVERIFY2(result.error.contains(QStringLiteral("2 problèmes")), qPrintable(result.error));
        QVERIFY(result.error.contains(QStringLiteral("rien n'a été enregistré")));
        QCOMPARE(problemTexts(result.plan), problemTexts(read));
        QCOMPARE(f.store.counts().activites(), 0);
        QCOMPARE(f.store.places(true).size(), 0);
        QCOMPARE(f.store.beneficiaries(true).size(), 0);

        const ImportPipeline::Result valid = ImportPipeline::run({path}, demoOptions(), f.store, true, 50);
        QVERIFY2(valid.written, qPrintable(valid.error));
        QCOMPARE(valid.added, read.activityCount());
        QCOMPARE(f.store.counts().activites(), read.activityCount());
    }

    // The writing fails at the 301st activity (a trigger stands for a full disk): the reading stops, the whole
    // transaction is rolled back, and the message is the writing's. (An activity is handed on once
    // AccompagnementImporter::GroupWindowRows rows have passed without a row of it: a file of more rows than that.)
    void pipeline_failedWrite_stopsTheReading_nothingWritten()
    {
        const QString path = m_dir.filePath(QStringLiteral("pipeline-fails.csv"));
        demoFile(path, 4000);
        Fixture f;
        QVERIFY(f.open());
        const qint64 rows = Importer::readFile(path, demoOptions(), &f.store).rowsRead;
        QSqlQuery q(f.store.database());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER test_refuse BEFORE INSERT ON activites "
                                      "WHEN (SELECT count(*) FROM activites) >= 300 "
                                      "BEGIN SELECT RAISE(ABORT, 'écriture refusée pour le test'); END")));
        QVERIFY(rows > AccompagnementImporter::GroupWindowRows + 1000);
        const ImportPipeline::Result result = ImportPipeline::run({path}, demoOptions(), f.store, false, 50);
        QVERIFY(!result.written);
        QCOMPARE(result.added, 0);
        QVERIFY2(result.error.contains(QStringLiteral("écriture refusée pour le test")), qPrintable(result.error));
        QCOMPARE(result.plan.fatal, result.error);
        QVERIFY(result.plan.rowsRead < rows); // stopped, not read to the end
        QCOMPARE(f.store.counts().activites(), 0);
        QCOMPARE(f.store.places(true).size(), 0);
        QCOMPARE(f.store.beneficiaries(true).size(), 0);
    }

    // Cancelled from the progress after some batches were written: nothing is.
    void pipeline_cancelled_nothingWritten()
    {
        const QString path = m_dir.filePath(QStringLiteral("pipeline-cancel.csv"));
        demoFile(path, 4000);
        Fixture f;
        QVERIFY(f.open());
        ImportOptions o = demoOptions();
        int calls = 0;
        // Every 1,000 rows: the 7th call comes once the activities of the first 2,000 rows were handed on.
        o.progress = [&calls](qint64, qint64) { return ++calls < 7; };
        const ImportPipeline::Result result = ImportPipeline::run({path}, o, f.store, false, 50);
        QVERIFY(!result.written);
        QVERIFY2(result.error.contains(QStringLiteral("annulé")), qPrintable(result.error));
        QCOMPARE(calls, 7);
        QCOMPARE(f.store.counts().activites(), 0);
        QCOMPARE(f.store.places(true).size(), 0);
        QCOMPARE(f.store.beneficiaries(true).size(), 0);
    }

    // The rows of one activity follow each other in both exports, or come close to each other in a file sorted again
    // (coopExport_rowsGroupedByIdCra...: a row of another activity in between). One that comes back after
    // GroupWindowRows rows or more is refused, naming both rows, rather than imported as two halves of a workshop.
    void carnetFile_rowsOfOneActivityFarApart_areRefusedNamingBothRows()
    {
        const Source source;
        QList<Activity> activities{source.activities.at(2)}; // the workshop: several rows
        for (int i = 0; i < AccompagnementImporter::GroupWindowRows; ++i) {
            Activity a = source.activities.at(0);
            a.id = QUuid::createUuid();
            activities << a;
        }
        QList<QVariantList> rows = CarnetFileRows::rows(activities, {source.place}, {source.beneficiary});
        // Header block (3 rows), header row, the workshop's rows, then the individual ones.
        const int workshopRows = int(rows.size()) - 4 - AccompagnementImporter::GroupWindowRows;
        QVERIFY(workshopRows >= 2);
        rows.append(rows.takeAt(4 + workshopRows - 1)); // the workshop's last row at the very end
        MemoryTableReader reader(rows);
        Fixture f;
        QVERIFY(f.open());
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("carnet.csv"), options(), &f.store);
        QVERIFY(!plan.ok());
        const QString id = source.activities.at(2).id.toString(QUuid::WithoutBraces);
        QCOMPARE(plan.fatal,
            QStringLiteral(
                "carnet.csv : ligne %1 : l'activité « %2 » (colonne « ID CRA ») reprend 5\u202F000 lignes ou "
                "plus après sa ligne précédente (elle commence à la ligne 5). Les lignes d'une même "
                "activité doivent se suivre, comme dans l'export : triez le fichier par « ID CRA », puis "
                "importez-le à nouveau.")
                .arg(rows.size())
                .arg(id));
        QString error;
        QVERIFY(!plan.apply(f.store, true, &error));
        QCOMPARE(f.store.counts().activites(), 0);
    }

    void reimport_addsNothing()
    {
        const Source source;
        const QList<QVariantList> rows = CarnetFileRows::rows(source.activities, {source.place}, {source.beneficiary});
        Fixture f;
        QVERIFY(f.open());
        QString error;
        {
            MemoryTableReader reader(rows);
            QVERIFY(Importer::readTable(reader, QStringLiteral("a.csv"), options(), &f.store)
                        .apply(f.store, false, &error));
        }
        MemoryTableReader again(rows);
        const ImportPlan plan = Importer::readTable(again, QStringLiteral("a.csv"), options(), &f.store);
        QCOMPARE(plan.activityCount(), 0);
        QCOMPARE(plan.alreadyPresent, 3);
        QCOMPARE(plan.places.size(), 0);
        QCOMPARE(plan.beneficiaries.size(), 0);
        QVERIFY(plan.apply(f.store, false, &error));
        QCOMPARE(f.store.counts().activites(), 3);
    }

    void coopExport_rowsGroupedByIdCra_labelsToCodes_alreadyOnThePlatform()
    {
        // The platform's self export: its columns only, typographic apostrophes, a workshop of three rows.
        QList<QVariantList> rows;
        rows << QVariantList{QStringLiteral("Export des activités de la Coop")} << QVariantList{};
        QVariantList header;
        for (int c = 0; c < ActivityColumns::PlatformCount; ++c)
            header << ActivityColumns::label(c);
        rows << header;
        const QString atelier = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString seul = QUuid::createUuid().toString(QUuid::WithoutBraces);
        using namespace ActivityColumns;
        const auto row
            = [&](const QString &id, const QString &type, const QString &participants, const QString &genre) {
                  QVariantList r(PlatformCount);
                  r[Date] = QDate(2025, 3, 14); // a real date, as in the XLSX
                  r[EnregistreLe] = QStringLiteral("14/03/2025 à 17:30");
                  r[Type] = type;
                  r[Participants] = participants;
                  r[Beneficiaire] = anonymousBeneficiaryName();
                  r[Canaux] = QStringLiteral("À distance");
                  r[Duree] = 90.0;
                  r[NomAtelier]
                      = type == QLatin1String("Atelier collectif") ? QStringLiteral("Découvrir internet") : QString();
                  r[Materiel] = QStringLiteral("Ordinateur\nTablette");
                  r[Thematiques] = QStringLiteral("Navigation sur internet\nE-mail");
                  r[Autonomie] = QStringLiteral("2/3");
                  r[GenreBeneficiaire] = genre;
                  r[TrancheAgeBeneficiaire] = QStringLiteral("Non communiqué");
                  r[StatutBeneficiaire] = QStringLiteral("Retraité");
                  r[IdCra] = id;
                  return r;
              };
        const QString collectifLabel = CarnetFileRows::label(List::TypeActivite, QStringLiteral("collectif"));
        const QString individuelLabel = CarnetFileRows::label(List::TypeActivite, QStringLiteral("individuel"));
        rows << row(atelier, collectifLabel, QStringLiteral("1/3"), QStringLiteral("Féminin"))
             << row(atelier, collectifLabel, QStringLiteral("2/3"), QStringLiteral("Féminin"))
             << row(seul, individuelLabel, QStringLiteral("1"), QStringLiteral("Masculin"))
             << row(atelier, collectifLabel, QStringLiteral("3/3"), QStringLiteral("Non communiqué"));
        MemoryTableReader reader(rows);
        Fixture f;
        QVERIFY(f.open());
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("coop.xlsx"), options(), &f.store);
        QVERIFY2(plan.ok(), qPrintable(plan.fatal));
        QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
        QCOMPARE(plan.format, ImportFormat::Coop);
        QCOMPARE(plan.activityCount(), 2);
        const QList<Activity> planned = plan.activities();
        const Activity &w = planned.at(0).isCollectif() ? planned.at(0) : planned.at(1);
        const Activity &i = planned.at(0).isCollectif() ? planned.at(1) : planned.at(0);
        QCOMPARE(w.id, QUuid::fromString(atelier));
        QCOMPARE(w.participantsAnonymes.total, 3);
        QCOMPARE(w.participantsAnonymes.genre, (QMap<QString, int>{{QStringLiteral("feminin"), 2}}));
        QCOMPARE(w.participantsAnonymes.statutSocial, (QMap<QString, int>{{QStringLiteral("retraite"), 3}}));
        QCOMPARE(w.participantsAnonymes.trancheAge, (QMap<QString, int>()));
        QCOMPARE(w.niveauAtelier, QStringLiteral("intermediaire"));
        QCOMPARE(w.thematiques, (QStringList{QStringLiteral("navigation_sur_internet"), QStringLiteral("email")}));
        QCOMPARE(w.materiel, (QStringList{QStringLiteral("ordinateur"), QStringLiteral("tablette")}));
        QCOMPARE(w.date, QDate(2025, 3, 14));
        QCOMPARE(w.dureeMinutes, 90);
        QCOMPARE(w.typeLieu, QStringLiteral("a_distance"));
        QCOMPARE(w.creation, QDateTime(QDate(2025, 3, 14), QTime(16, 30), Qt::UTC)); // 17:30 in Paris
        QCOMPARE(w.source, QStringLiteral("coop"));
        QCOMPARE(w.syncState, SyncState::Sent);
        QCOMPARE(i.anonyme.genre, QStringLiteral("masculin"));
        QCOMPARE(i.autonomie, QStringLiteral("partiellement_autonome"));
        QString error;
        QVERIFY2(plan.apply(f.store, false, &error), qPrintable(error));
        QCOMPARE(f.store.syncCounts().pending, 0);
        QCOMPARE(f.store.syncCounts().sent, 2);
    }

    void badInput_namesRowAndColumn_andNothingIsWritten()
    {
        const Source source;
        QList<QVariantList> rows = CarnetFileRows::rows(source.activities, {source.place}, {source.beneficiary});
        using namespace ActivityColumns;
        // Rows 5 (the individual one), 6 and 7 (the workshop's first participant).
        rows[4][Date] = QStringLiteral("31/02/2025");
        rows[5][Duree] = QStringLiteral("-5");
        rows[6][Thematiques] = QStringLiteral("Prendre en main du matérie");
        Fixture f;
        QVERIFY(f.open());
        MemoryTableReader reader(rows);
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("a.csv"), options(), &f.store);
        QVERIFY(plan.ok());
        const QStringList problems = problemTexts(plan);
        QCOMPARE(problems.size(), 3);
        QCOMPARE(problems.at(0),
            QStringLiteral("Ligne 5, colonne « Date » (A) : « 31/02/2025 » n'est pas une date qui existe"));
        QCOMPARE(problems.at(1),
            QStringLiteral(
                "Ligne 6, colonne « Durée (min) » (M) : « -5 » n'est pas une durée : elle doit être supérieure à 0"));
        QCOMPARE(problems.at(2),
            QStringLiteral(
                "Ligne 7, colonne « Thématique(s) d’accompagnement » (P) : valeur inconnue pour la thématique : "
                "« Prendre en main du matérie » (vouliez-vous dire « Prendre en main du matériel » ?)"));
        QCOMPARE(plan.activityCount(), 0);
        QString error;
        QVERIFY(!plan.apply(f.store, false, &error));
        QVERIFY2(error.contains(QStringLiteral("3 problèmes")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("rien n'a été enregistré")));
        QCOMPARE(f.store.counts().activites(), 0);
        QCOMPARE(f.store.places().size(), 0);
        QCOMPARE(f.store.beneficiaries().size(), 0);
    }

    void badInput_ignoreProblems_importsTheValidOnes()
    {
        const Source source;
        QList<QVariantList> rows = CarnetFileRows::rows(source.activities, {source.place}, {source.beneficiary});
        rows[4][ActivityColumns::Duree] = QStringLiteral("0");
        Fixture f;
        QVERIFY(f.open());
        MemoryTableReader reader(rows);
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("a.csv"), options(), &f.store);
        QCOMPARE(plan.problemCount, 1);
        QCOMPARE(plan.invalidActivities, 1);
        QString error;
        QVERIFY2(plan.apply(f.store, true, &error), qPrintable(error));
        QCOMPARE(f.store.counts().activites(), 2);
    }

    // A followed beneficiary the file names without a name cannot be created: a problem of its row, and the activity
    // naming them is left out with --ignorer-erreurs, by the dialog's way and by `carnet import`'s alike (it referred
    // to a person the base would not have: the whole import failed on it).
    void badInput_beneficiaryThatCannotBeCreated_leavesItsActivityOut()
    {
        const Source source;
        QList<QVariantList> rows = CarnetFileRows::rows(
            {source.activities.at(0), source.activities.at(1)}, {source.place}, {source.beneficiary});
        QCOMPARE(rows.at(5).at(ActivityColumns::IdBeneficiaireSuivi).toString(),
            source.beneficiary.id.toString(QUuid::WithoutBraces));
        rows[5][ActivityColumns::Beneficiaire] = QString();
        const QString path = m_dir.filePath(QStringLiteral("nameless.csv"));
        QVERIFY(CarnetFileRows::writeCsv(path, rows));
        Fixture f;
        QVERIFY(f.open());
        const ImportPlan plan = Importer::readFile(path, options(), &f.store);
        QCOMPARE(plan.problemCount, 1);
        QVERIFY2(problemTexts(plan).first().startsWith(QStringLiteral("Ligne 6 : le bénéficiaire suivi")),
            qPrintable(problemTexts(plan).first()));
        QCOMPARE(plan.invalidActivities, 1);
        QCOMPARE(plan.activityCount(), 1);
        QString error;
        QVERIFY2(plan.apply(f.store, true, &error), qPrintable(error));
        QCOMPARE(f.store.counts().activites(), 1);
        QVERIFY(f.store.activity(source.activities.at(0).id));

        Fixture g;
        QVERIFY(g.open());
        const ImportPipeline::Result result = ImportPipeline::run({path}, options(), g.store, true, 1);
        QVERIFY2(result.written, qPrintable(result.error));
        QCOMPARE(result.added, 1);
        QCOMPARE(g.store.counts().activites(), 1);
        QCOMPARE(g.store.beneficiaries(true).size(), 0);
    }

    void badInput_missingColumns_areNamed()
    {
        QList<QVariantList> rows;
        rows << QVariantList{QStringLiteral("Date"), QStringLiteral("Enregistré le"), QStringLiteral("Type")};
        rows << QVariantList{QStringLiteral("01/02/2025"), QString(), QStringLiteral("Accompagnement individuel")};
        MemoryTableReader reader(rows);
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("a.csv"), options(), nullptr);
        QVERIFY(!plan.ok());
        QVERIFY2(plan.fatal.contains(QStringLiteral("« Durée (min) »")), qPrintable(plan.fatal));
        QVERIFY(plan.fatal.contains(QStringLiteral("« ID CRA »")));
        QVERIFY(plan.fatal.contains(QStringLiteral("a.csv")));
        QVERIFY(plan.fatal.contains(QStringLiteral("ligne 1")));
    }

    void badInput_readerError_isFatal()
    {
        const Source source;
        MemoryTableReader reader(CarnetFileRows::rows(source.activities, {source.place}, {source.beneficiary}),
            QStringLiteral("Ligne 8, colonne C : guillemet non fermé"));
        Fixture f;
        QVERIFY(f.open());
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("a.csv"), options(), &f.store);
        QCOMPARE(plan.fatal, QStringLiteral("a.csv : Ligne 8, colonne C : guillemet non fermé"));
        QString error;
        QVERIFY(!plan.apply(f.store, true, &error));
        QCOMPARE(f.store.counts().activites(), 0);
    }

    void cancel_writesNothing()
    {
        Source source;
        QList<Activity> many;
        for (int i = 0; i < 3000; ++i) {
            Activity a = source.activities.first();
            a.id = QUuid::createUuid();
            many << a;
        }
        ImportOptions o = options();
        o.progress = [](qint64, qint64) { return false; };
        MemoryTableReader reader(CarnetFileRows::rows(many, {source.place}, {}));
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("a.csv"), o, nullptr);
        QVERIFY(!plan.ok());
        QVERIFY(plan.fatal.contains(QStringLiteral("annulé")));
    }

    void spreadsheet_guessedMapping_freeWords_contentKeys()
    {
        Fixture f;
        QVERIFY(f.open());
        Place p = TestData::place();
        QString error;
        QVERIFY(f.store.savePlace(p, &error));
        const QString text = QStringLiteral("Jour;Durée;Thèmes;Lieu;Remarques\n"
                                            "03/02/2025;1h30;securite numerique, email;médiathèque de guéret;\n"
                                            "03/02/2025;45;Email;Médiathèque de Guéret;\n"
                                            "03/02/2025;45;Email;Médiathèque de Guéret;\n"
                                            "04/02/2025;30;Reseaux sociaux;Médiathèque de Guéret;Vu avec sa fille");
        MemoryTableReader reader = MemoryTableReader::fromText(text);
        ImportOptions o = options();
        o.dataDir = f.dir.path();
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("mes-ateliers.csv"), o, &f.store);
        QVERIFY2(plan.ok(), qPrintable(plan.fatal));
        QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
        QCOMPARE(plan.format, ImportFormat::Tableur);
        QCOMPARE(plan.activityCount(), 4); // two identical rows are two activities
        const QList<Activity> planned = plan.activities();
        const Activity &first = planned.at(0);
        QCOMPARE(first.dureeMinutes, 90);
        QCOMPARE(first.thematiques, (QStringList{QStringLiteral("securite_numerique"), QStringLiteral("email")}));
        QCOMPARE(first.lieuId, p.id);
        QCOMPARE(first.source, QStringLiteral("tableur"));
        QCOMPARE(planned.at(3).notes, QStringLiteral("Vu avec sa fille"));
        QVERIFY(planned.at(1).importKey != planned.at(2).importKey);
        QVERIFY(plan.apply(f.store, false, &error));

        MemoryTableReader again = MemoryTableReader::fromText(text);
        const ImportPlan second = Importer::readTable(again, QStringLiteral("mes-ateliers.csv"), o, &f.store);
        QCOMPARE(second.activityCount(), 0);
        QCOMPARE(second.alreadyPresent, 4);
    }

    void spreadsheet_explicitMapping_isRemembered_andUnknownThematiqueSuggestsClosest()
    {
        Fixture f;
        QVERIFY(f.open());
        const QString text = QStringLiteral("Quand;Minutes passées;Sujet abordé;Où\n"
                                            "03/02/2025;20;Bureautiqe;À distance\n");
        ImportOptions o = options();
        o.dataDir = f.dir.path();
        o.columns = QStringLiteral("date=A,duree=B,thematiques=C,canal=D");
        MemoryTableReader reader = MemoryTableReader::fromText(text);
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("t.csv"), o, &f.store);
        QVERIFY2(plan.ok(), qPrintable(plan.fatal));
        QCOMPARE(problemTexts(plan),
            QStringList{QStringLiteral("Ligne 2, colonne « Sujet abordé » (C) : valeur inconnue pour la thématique : "
                                       "« Bureautiqe » (vouliez-vous dire « Bureautique » ?)")});
        const QStringList headers = {QStringLiteral("Quand"), QStringLiteral("Minutes passées"),
            QStringLiteral("Sujet abordé"), QStringLiteral("Où")};
        QCOMPARE(ColumnMapping::remembered(f.dir.path(), headers).toString(),
            QStringLiteral("date=A,duree=B,thematiques=C,canal=D"));

        // The next file with the same columns needs no --colonnes.
        o.columns.clear();
        MemoryTableReader next = MemoryTableReader::fromText(QStringLiteral("Quand;Minutes passées;Sujet abordé;Où\n"
                                                                            "05/02/2025;20;Bureautique;À distance\n"));
        const ImportPlan remembered = Importer::readTable(next, QStringLiteral("t2.csv"), o, &f.store);
        QVERIFY2(remembered.ok(), qPrintable(remembered.fatal));
        QCOMPARE(remembered.problemCount, 0);
        QCOMPARE(remembered.activityCount(), 1);
        QCOMPARE(remembered.activities().first().typeLieu, QStringLiteral("a_distance"));
    }

    void spreadsheet_withoutRequiredColumns_saysWhich()
    {
        MemoryTableReader reader = MemoryTableReader::fromText(QStringLiteral("Quand;Combien\n03/02/2025;20"));
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("t.csv"), options(), nullptr);
        QVERIFY(!plan.ok());
        QVERIFY2(plan.fatal.contains(QStringLiteral("« Date »")), qPrintable(plan.fatal));
        QVERIFY(plan.fatal.contains(QStringLiteral("« Thématique(s) »")));
    }

    void api_pages_aggregates_overlappingPagesAddOnce()
    {
        const QString individuel = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString atelier = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const auto resource = [](const QString &id, const QString &type, QJsonObject beneficiaires) {
            QJsonObject at{{QStringLiteral("type"), type}, {QStringLiteral("date"), QStringLiteral("2025-01-10")},
                {QStringLiteral("duree"), 60}, {QStringLiteral("type_lieu"), QStringLiteral("a_distance")},
                {QStringLiteral("structure_id"), QJsonValue()}, {QStringLiteral("lieu_code_postal"), QJsonValue()},
                {QStringLiteral("lieu_commune"), QJsonValue()}, {QStringLiteral("lieu_code_insee"), QJsonValue()},
                {QStringLiteral("creation"), QStringLiteral("2025-01-10T12:00:00Z")},
                {QStringLiteral("modification"), QStringLiteral("2025-01-11T12:00:00Z")},
                {QStringLiteral("suppression"), QJsonValue()},
                {QStringLiteral("autonomie"),
                    type == QLatin1String("collectif") ? QJsonValue() : QJsonValue(QStringLiteral("autonome"))},
                {QStringLiteral("oriente_vers_structure"),
                    type == QLatin1String("collectif") ? QJsonValue() : QJsonValue(false)},
                {QStringLiteral("structure_de_redirection"), QJsonValue()},
                {QStringLiteral("materiel"), QJsonArray{QStringLiteral("telephone")}},
                {QStringLiteral("thematiques"),
                    QJsonArray{QStringLiteral("aide_aux_demarches_administratives"), QStringLiteral("social_sante")}},
                {QStringLiteral("tags"), QJsonArray{}}, {QStringLiteral("precisions_demarche"), QJsonValue()},
                {QStringLiteral("titre_atelier"),
                    type == QLatin1String("collectif") ? QJsonValue(QStringLiteral("Ameli")) : QJsonValue()},
                {QStringLiteral("niveau_atelier"),
                    type == QLatin1String("collectif") ? QJsonValue(QStringLiteral("debutant")) : QJsonValue()},
                {QStringLiteral("accompagnements"), beneficiaires.value(QStringLiteral("total"))},
                {QStringLiteral("beneficiaires"), beneficiaires}};
            return QJsonObject{{QStringLiteral("type"), QStringLiteral("activite")}, {QStringLiteral("id"), id},
                {QStringLiteral("attributes"), at}};
        };
        const QJsonObject one{{QStringLiteral("total"), 1},
            {QStringLiteral("genres"), QJsonObject{{QStringLiteral("feminin"), 1}, {QStringLiteral("masculin"), 0}}},
            {QStringLiteral("tranches_age"), QJsonObject{{QStringLiteral("non_communique"), 1}}},
            {QStringLiteral("statuts"), QJsonObject{{QStringLiteral("retraite"), 1}}}};
        const QJsonObject four{{QStringLiteral("total"), 4},
            {QStringLiteral("genres"),
                QJsonObject{{QStringLiteral("feminin"), 3}, {QStringLiteral("non_communique"), 1}}},
            {QStringLiteral("tranches_age"), QJsonObject{{QStringLiteral("soixante_dix_plus"), 4}}},
            {QStringLiteral("statuts"), QJsonObject{{QStringLiteral("non_communique"), 4}}}};
        // "demarche_administrative": the API's type for an individual help with a procedure.
        const QJsonArray page1{resource(individuel, QStringLiteral("demarche_administrative"), one)};
        const QJsonArray page2{resource(individuel, QStringLiteral("demarche_administrative"), one),
            resource(atelier, QStringLiteral("collectif"), four)};
        Fixture f;
        QVERIFY(f.open());
        const QString p1 = f.dir.filePath(QStringLiteral("page1.json"));
        const QString p2 = f.dir.filePath(QStringLiteral("page2.json"));
        for (const auto &[path, data] : {std::pair{p1, page1}, std::pair{p2, page2}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(
                QJsonDocument(QJsonObject{{QStringLiteral("data"), data}, {QStringLiteral("links"), QJsonObject{}},
                                  {QStringLiteral("meta"), QJsonObject{}}})
                    .toJson());
        }
        const ImportPlan plan = Importer::readFiles({p1, p2}, options(), &f.store);
        QVERIFY2(plan.ok(), qPrintable(plan.fatal));
        QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
        QCOMPARE(plan.format, ImportFormat::Api);
        QCOMPARE(plan.activityCount(), 2);
        {
            // `carnet import page1.json page2.json`: the pages read as one import, streamed, written once each.
            Fixture g;
            QVERIFY(g.open());
            const ImportPipeline::Result result = ImportPipeline::run({p1, p2}, options(), g.store, false, 1);
            QVERIFY2(result.written, qPrintable(result.error));
            QCOMPARE(result.plan.format, ImportFormat::Api);
            QCOMPARE(result.added, 2);
            QCOMPARE(result.plan.alreadyPresent, plan.alreadyPresent);
            QCOMPARE(g.store.counts().activites(), 2);
        }
        const QList<Activity> planned = plan.activities();
        const Activity &i = planned.at(0);
        QCOMPARE(i.type, QStringLiteral("individuel"));
        QCOMPARE(i.thematiques.first(), QLatin1String(Codes::Thematique::AideDemarches));
        QCOMPARE(i.anonyme.genre, QStringLiteral("feminin"));
        QCOMPARE(i.anonyme.trancheAge, QString());
        QCOMPARE(i.anonyme.statutSocial, QStringLiteral("retraite"));
        const Activity &w = planned.at(1);
        QCOMPARE(w.participantsAnonymes.total, 4);
        QCOMPARE(w.participantsAnonymes.genre, (QMap<QString, int>{{QStringLiteral("feminin"), 3}}));
        QCOMPARE(w.participantsAnonymes.statutSocial, (QMap<QString, int>()));
        QCOMPARE(w.syncState, SyncState::Sent);
        QString error;
        QVERIFY2(plan.apply(f.store, false, &error), qPrintable(error));
        QCOMPARE(Importer::readFiles({p2}, options(), &f.store).alreadyPresent, 2);
    }

    void api_pageLargerThanTheCap_isRefusedUnread_namingTheFile()
    {
        Fixture f;
        QVERIFY(f.open());
        // A valid page, refused under a cap smaller than itself and read under one larger.
        const QString small = f.dir.filePath(QStringLiteral("page.json"));
        {
            QFile file(small);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QJsonDocument(QJsonObject{{QStringLiteral("data"),
                                         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("activite")},
                                             {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                             {QStringLiteral("attributes"), QJsonObject{}}}}}})
                           .toJson());
        }
        ImportOptions o = options();
        o.maxJsonPageSize = QFileInfo(small).size();
        QString error;
        QCOMPARE(Importer::recognise(small, o, &error), ImportFormat::Api); // a page of exactly the cap is read
        QVERIFY2(!Importer::readFiles({small}, o, &f.store).fatal.contains(QStringLiteral("dépasse")), "read");
        o.maxJsonPageSize = QFileInfo(small).size() - 1;
        const ImportPlan refused = Importer::readFiles({small}, o, &f.store);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.fatal.startsWith(QStringLiteral("page.json : le fichier dépasse")), qPrintable(refused.fatal));
        QCOMPARE(Importer::recognise(small, o, &error), ImportFormat::Auto);
        QVERIFY2(error.contains(QStringLiteral("page.json : le fichier dépasse")), qPrintable(error));

        // The default cap: a (sparse) file one byte larger is refused before anything is read.
        const QString huge = f.dir.filePath(QStringLiteral("enorme.json"));
        {
            QFile file(huge);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(ImportOptions().maxJsonPageSize + 1));
        }
        const ImportPlan plan = Importer::readFiles({huge}, options(), &f.store);
        QCOMPARE(plan.fatal,
            QStringLiteral("enorme.json : le fichier dépasse 64 Mo, ce n'est pas une page de l'API de La Coop (une "
                           "page contient au plus 500 activités, quelques mégaoctets)."));
        QCOMPARE(f.store.counts().activites(), 0);
    }

    void v1_records_throughTheNomenclaturesMapping()
    {
        const QString text = QStringLiteral(
            "id;canal;activite;nb_participants;nb_participants_recurrents;age_de_18_a_35_ans;age_plus_60_ans;"
            "statut_retraite;themes;duree;date_accompagnement;code_postal;nom_commune;code_commune;"
            "accompagnement_redirection;organismes\n"
            "a1;domicile;individuel;1;1;0;1;1;courriel;0-30;2022-03-10T00:00:00.000Z;23000;Guéret;23096;1;CAF\n"
            "a2;distance;collectif;5;2;3;2;2;internet,smartphone;120;2022-03-11;;;;0;");
        MemoryTableReader reader = MemoryTableReader::fromText(text);
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("v1.csv"), options(), nullptr);
        QVERIFY2(plan.ok(), qPrintable(plan.fatal));
        QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
        QCOMPARE(plan.format, ImportFormat::V1);
        QCOMPARE(plan.activityCount(), 2);
        const QList<Activity> planned = plan.activities();
        const Activity &i = planned.at(0);
        QCOMPARE(i.type, QStringLiteral("individuel"));
        QCOMPARE(i.typeLieu, QStringLiteral("domicile"));
        QCOMPARE(i.dureeMinutes, 15);
        QCOMPARE(i.date, QDate(2022, 3, 10));
        QCOMPARE(i.thematiques, QStringList{QStringLiteral("email")});
        QCOMPARE(i.anonyme.trancheAge, QStringLiteral("soixante_dix_plus")); // 60+ split: the one goes second
        QCOMPARE(i.anonyme.statutSocial, QStringLiteral("retraite"));
        QCOMPARE(i.structureDeRedirection, QStringLiteral("operateur_ou_organisme_en_charge"));
        QCOMPARE(i.source, QStringLiteral("v1"));
        const Activity &w = planned.at(1);
        QCOMPARE(w.dureeMinutes, 120);
        QCOMPARE(w.participantsAnonymes.total, 5);
        QCOMPARE(w.participantsAnonymes.dejaAccompagne, 2);
        QCOMPARE(w.participantsAnonymes.trancheAge,
            (QMap<QString, int>{{QStringLiteral("dix_huit_vingt_quatre"), 1},
                {QStringLiteral("vingt_cinq_trente_neuf"), 2}, {QStringLiteral("soixante_soixante_neuf"), 1},
                {QStringLiteral("soixante_dix_plus"), 1}}));
        QCOMPARE(w.thematiques,
            (QStringList{QStringLiteral("navigation_sur_internet"), QStringLiteral("prendre_en_main_du_materiel")}));
    }

    void v1_jsonPagesOfTheArchive_sourceV1_alreadyOnThePlatform()
    {
        // GET /api/v1/archives-v1/cras: JSON:API resources of type craV1 (organismes as an object of counts).
        const QJsonObject attributes{{QStringLiteral("canal"), QStringLiteral("rattachement")},
            {QStringLiteral("activite"), QStringLiteral("ponctuel")}, {QStringLiteral("nb_participants"), 1},
            {QStringLiteral("nb_participants_recurrents"), 0}, {QStringLiteral("age_de_35_a_60_ans"), 1},
            {QStringLiteral("statut_en_emploi"), 1},
            {QStringLiteral("themes"), QJsonArray{QStringLiteral("demarche en ligne"), QStringLiteral("budget")}},
            {QStringLiteral("duree"), QStringLiteral("30-60")},
            {QStringLiteral("date_accompagnement"), QStringLiteral("2023-05-04T22:00:00.000Z")},
            {QStringLiteral("accompagnement_redirection"), 1},
            {QStringLiteral("organismes"), QJsonObject{{QStringLiteral("Pôle emploi"), 1}}},
            {QStringLiteral("structure_nom"), QStringLiteral("France Services de Bourganeuf")},
            {QStringLiteral("structure_code_postal"), QStringLiteral("23400")},
            {QStringLiteral("structure_nom_commune"), QStringLiteral("Bourganeuf")},
            {QStringLiteral("structure_code_commune"), QStringLiteral("23030")}};
        const QJsonObject page{{QStringLiteral("data"),
            QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("craV1")},
                {QStringLiteral("id"), QStringLiteral("61a0f3b2c9e77a0012345678")},
                {QStringLiteral("attributes"), attributes}}}}};
        Fixture f;
        QVERIFY(f.open());
        const QString path = f.dir.filePath(QStringLiteral("archives.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(page).toJson());
        file.close();
        const ImportPlan plan = Importer::readFile(path, options(), &f.store);
        QVERIFY2(plan.ok(), qPrintable(plan.fatal));
        QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
        QCOMPARE(plan.format, ImportFormat::V1);
        QCOMPARE(plan.activityCount(), 1);
        const QList<Activity> planned = plan.activities();
        const Activity &a = planned.first();
        QCOMPARE(a.type, QStringLiteral("individuel"));
        QCOMPARE(a.date, QDate(2023, 5, 5)); // midnight in Paris
        QCOMPARE(a.dureeMinutes, 45);
        QCOMPARE(a.thematiques,
            (QStringList{
                QStringLiteral("aide_aux_demarches_administratives"), QStringLiteral("banque_et_achats_en_ligne")}));
        QCOMPARE(a.anonyme.trancheAge, QStringLiteral("quarante_cinquante_neuf"));
        QCOMPARE(a.anonyme.statutSocial, QStringLiteral("en_emploi"));
        QCOMPARE(a.structureDeRedirection, QStringLiteral("insertion_professionnelle"));
        QCOMPARE(a.importKey, QStringLiteral("v1:61a0f3b2c9e77a0012345678"));
        QCOMPARE(plan.places.size(), 1);
        QCOMPARE(plan.places.first().nom, QStringLiteral("France Services de Bourganeuf"));
        QCOMPARE(a.lieuId, plan.places.first().id);
        QString error;
        QVERIFY2(plan.apply(f.store, false, &error), qPrintable(error));
        const std::optional<Activity> stored = f.store.activity(a.id);
        QVERIFY(stored);
        QCOMPARE(stored->source, QStringLiteral("v1"));
        QCOMPARE(stored->syncState, SyncState::Sent);
        QCOMPARE(stored->importKey, a.importKey);
        const ImportPlan again = Importer::readFile(path, options(), &f.store);
        QCOMPARE(again.activityCount(), 0);
        QCOMPARE(again.alreadyPresent, 1);
        QCOMPARE(again.places.size(), 0); // found again by its name and commune
    }

    // Issue: a Carnet file's import left every activity "à envoyer", those from the platform included, so the sync
    // would have sent them all as new. The file carries each one's state, read back; an older file without the column
    // takes what comes from the platform (source coop or v1) as sent.
    void carnetFile_syncState_readBack_olderFileByItsSource()
    {
        Source source;
        source.activities[0].source = QLatin1String(ActivitySource::Coop);
        source.activities[0].syncState = SyncState::Sent;
        source.activities[1].syncState = SyncState::Pending;
        source.activities[2].source = QLatin1String(ActivitySource::V1);
        source.activities[2].syncState = SyncState::Conflict;
        const QList<QVariantList> rows = CarnetFileRows::rows(source.activities, {source.place}, {source.beneficiary});
        QCOMPARE(rows.at(3).last().toString(), QStringLiteral("État de synchronisation"));
        QCOMPARE(rows.at(4).at(ActivityColumns::EtatSynchronisation).toString(), QStringLiteral("Envoyée"));
        {
            Fixture f;
            QVERIFY(f.open());
            MemoryTableReader reader(rows);
            const ImportPlan plan = Importer::readTable(reader, QStringLiteral("carnet.csv"), options(), &f.store);
            QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
            QString error;
            QVERIFY2(plan.apply(f.store, false, &error), qPrintable(error));
            QCOMPARE(f.store.activity(source.activities[0].id)->syncState, SyncState::Sent);
            QCOMPARE(f.store.activity(source.activities[1].id)->syncState, SyncState::Pending);
            QCOMPARE(f.store.activity(source.activities[2].id)->syncState, SyncState::Conflict);
        }
        {
            // A file from before the column: every row one cell shorter.
            QList<QVariantList> older = rows;
            for (int r = 3; r < older.size(); ++r)
                older[r].removeLast();
            Fixture f;
            QVERIFY(f.open());
            MemoryTableReader reader(older);
            const ImportPlan plan = Importer::readTable(reader, QStringLiteral("carnet.csv"), options(), &f.store);
            QVERIFY2(plan.ok(), qPrintable(plan.fatal));
            QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
            QString error;
            QVERIFY2(plan.apply(f.store, false, &error), qPrintable(error));
            QCOMPARE(f.store.activity(source.activities[0].id)->syncState, SyncState::Sent);
            QCOMPARE(f.store.activity(source.activities[1].id)->syncState, SyncState::Pending);
            QCOMPARE(f.store.activity(source.activities[2].id)->syncState, SyncState::Sent);
            QCOMPARE(f.store.syncCounts().pending, 1);
        }
        {
            QList<QVariantList> bad = rows;
            bad[4][ActivityColumns::EtatSynchronisation] = QStringLiteral("Synchronisée");
            bad[5][ActivityColumns::EtatSynchronisation] = QStringLiteral("envoi en cours");
            MemoryTableReader reader(bad);
            const ImportPlan plan = Importer::readTable(reader, QStringLiteral("carnet.csv"), options(), nullptr);
            QCOMPARE(problemTexts(plan),
                QStringList{QStringLiteral("Ligne 5, colonne « État de synchronisation » (AJ) : « Synchronisée » "
                                           "n'est pas un état de synchronisation (À envoyer, Envoi en cours, "
                                           "Envoyée, Conflit à résoudre, Échec de l'envoi)")});
            // A sending caught half-way is to be made again.
            QCOMPARE(plan.activityCount(), 2);
            QCOMPARE(plan.activities().first().syncState, SyncState::Pending);
        }
    }

    // Issue: any text in "Source" went into the base as is.
    void carnetFile_source_codesAndLabels_anythingElseIsAProblem()
    {
        const Source source;
        QList<QVariantList> rows = CarnetFileRows::rows(source.activities, {source.place}, {source.beneficiary});
        using namespace ActivityColumns;
        rows[4][ActivityColumns::Source] = QStringLiteral("Espace Coop (V1)");
        rows[5][ActivityColumns::Source] = QStringLiteral("La Coop");
        rows[6][ActivityColumns::Source] = QStringLiteral("TABLEUR");
        {
            MemoryTableReader reader(rows);
            const ImportPlan plan = Importer::readTable(reader, QStringLiteral("carnet.csv"), options(), nullptr);
            QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
            QCOMPARE(plan.activityCount(), 3);
            QCOMPARE(plan.activities().at(0).source, QStringLiteral("v1"));
            QCOMPARE(plan.activities().at(1).source, QStringLiteral("coop"));
            QCOMPARE(plan.activities().at(2).source, QStringLiteral("tableur"));
        }
        rows[5][ActivityColumns::Source] = QStringLiteral("import");
        MemoryTableReader reader(rows);
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("carnet.csv"), options(), nullptr);
        QCOMPARE(problemTexts(plan),
            QStringList{QStringLiteral("Ligne 6, colonne « Source » (AH) : « import » n'est pas une source (carnet, "
                                       "coop, v1 ou tableur ; Saisie Carnet, La Coop, Espace Coop (V1) ou Tableur)")});
        QCOMPARE(plan.activityCount(), 2);
    }

    // Rows without an id are keyed by their content and their rank among equal rows, not by the file's name: the same
    // rows under another name add nothing, a later copy of the sheet adds only its new rows.
    void spreadsheet_sameRowsUnderAnotherName_addNothing_newRowsComeIn()
    {
        Fixture f;
        QVERIFY(f.open());
        Place p = TestData::place();
        QString error;
        QVERIFY(f.store.savePlace(p, &error));
        // Two identical sessions on the 3rd: two activities.
        const QString text = QStringLiteral("Jour;Durée;Thèmes\n"
                                            "03/02/2025;90;Email\n"
                                            "03/02/2025;90;Email\n"
                                            "04/02/2025;45;Email");
        const QString longer = text + QStringLiteral("\n03/02/2025;90;Email\n05/02/2025;30;Email");
        const auto import = [&](const QString &content, const QString &name) {
            MemoryTableReader reader = MemoryTableReader::fromText(content);
            const ImportPlan plan = Importer::readTable(reader, name, options(), &f.store);
            QString e;
            qint64 added = -1;
            if (!plan.ok() || plan.hasProblems() || !plan.apply(f.store, false, &e, {}, &added))
                return qint64(-1);
            return added;
        };
        QCOMPARE(import(text, QStringLiteral("ateliers.csv")), 3);
        QCOMPARE(f.store.counts().activites(), 3);
        // The same rows again, downloaded under another name or saved as XLSX: nothing.
        QCOMPARE(import(text, QStringLiteral("ateliers (1).csv")), 0);
        QCOMPARE(import(text, QStringLiteral("ateliers.xlsx")), 0);
        // A later copy of the sheet: only its new rows (a third identical session, and the 5th).
        QCOMPARE(import(longer, QStringLiteral("ateliers-decembre.csv")), 2);
        QCOMPARE(f.store.counts().activites(), 5);
    }

    // Issue: an Espace Coop CRA came in twice, once from its archive (its id there) and once from La Coop's export
    // or API (the migrated activity's own id). Both give it the key of its creation time and type.
    // Two Espace Coop CRAs made in one minute, of one type, on two pages imported one after the other: two activities
    // (the rank "#n" of the key starts again at each import; their dates of accompagnement tell them apart).
    void v1_twoCrasOfOneMinute_onTwoPagesImportedApart_bothComeIn()
    {
        const QJsonObject one{{QStringLiteral("canal"), QStringLiteral("distance")},
            {QStringLiteral("activite"), QStringLiteral("ponctuel")}, {QStringLiteral("nb_participants"), 1},
            {QStringLiteral("themes"), QJsonArray{QStringLiteral("courriel")}},
            {QStringLiteral("duree"), QStringLiteral("0-30")},
            {QStringLiteral("date_accompagnement"), QStringLiteral("2023-05-04T22:00:00.000Z")},
            {QStringLiteral("created_at"), QStringLiteral("2023-05-05T14:03:10.000Z")}};
        QJsonObject two = one;
        two.insert(QStringLiteral("date_accompagnement"), QStringLiteral("2023-05-02T22:00:00.000Z"));
        two.insert(QStringLiteral("created_at"), QStringLiteral("2023-05-05T14:03:40.000Z"));
        Fixture f;
        QVERIFY(f.open());
        const auto page = [&](const QString &name, const QString &id, const QJsonObject &attributes) {
            return writeJson(f.dir.filePath(name),
                QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("craV1")}, {QStringLiteral("id"), id},
                    {QStringLiteral("attributes"), attributes}}});
        };
        const QString first = page(QStringLiteral("page1.json"), QStringLiteral("61a0f3b2c9e77a00000000a1"), one);
        const QString second = page(QStringLiteral("page2.json"), QStringLiteral("61a0f3b2c9e77a00000000a2"), two);
        QString error;
        const ImportPlan a = Importer::readFile(first, options(), &f.store);
        QVERIFY2(a.ok() && !a.hasProblems(), qPrintable(a.fatal + problemTexts(a).join(QLatin1Char('\n'))));
        QVERIFY2(a.apply(f.store, false, &error), qPrintable(error));
        const ImportPlan b = Importer::readFile(second, options(), &f.store);
        QVERIFY2(b.ok() && !b.hasProblems(), qPrintable(b.fatal + problemTexts(b).join(QLatin1Char('\n'))));
        QCOMPARE(b.alreadyPresent, 0);
        QCOMPARE(b.activityCount(), 1);
        QVERIFY2(b.apply(f.store, false, &error), qPrintable(error));
        QCOMPARE(f.store.counts().activites(), 2);
    }

    void v1_sameCra_throughArchiveExportAndApi_addsOnce()
    {
        const QJsonObject attributes{{QStringLiteral("canal"), QStringLiteral("distance")},
            {QStringLiteral("activite"), QStringLiteral("ponctuel")}, {QStringLiteral("nb_participants"), 1},
            {QStringLiteral("themes"), QJsonArray{QStringLiteral("courriel")}},
            {QStringLiteral("duree"), QStringLiteral("0-30")},
            {QStringLiteral("date_accompagnement"), QStringLiteral("2023-05-04T22:00:00.000Z")},
            {QStringLiteral("created_at"), QStringLiteral("2023-05-05T14:03:27.412Z")}};
        QJsonObject other = attributes;
        other.insert(QStringLiteral("created_at"), QStringLiteral("2023-05-05T14:09:00.000Z"));
        Fixture f;
        QVERIFY(f.open());
        const QString archive = writeJson(f.dir.filePath(QStringLiteral("archives.json")),
            QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("craV1")},
                           {QStringLiteral("id"), QStringLiteral("61a0f3b2c9e77a0012345678")},
                           {QStringLiteral("attributes"), attributes}},
                QJsonObject{{QStringLiteral("type"), QStringLiteral("craV1")},
                    {QStringLiteral("id"), QStringLiteral("61a0f3b2c9e77a0012345679")},
                    {QStringLiteral("attributes"), other}}});
        QVERIFY(!archive.isEmpty());

        // The platform's export of the first one, migrated: "Enregistré le" in Paris time (16:03), its own id.
        CoopExport exported;
        using namespace ActivityColumns;
        exported.add({{Date, QDate(2023, 5, 5)}, {EnregistreLe, QStringLiteral("05/05/2023 à 16:03")}},
            QStringLiteral("Espace coop (V1)"));
        // A V2 activity made the same minute: not the CRA.
        exported.add({{Date, QDate(2023, 5, 5)}, {EnregistreLe, QStringLiteral("05/05/2023 à 16:03")}});

        // Its API resource: creation and modification both the CRA's createdAt.
        QJsonObject at{{QStringLiteral("type"), QStringLiteral("individuel")},
            {QStringLiteral("date"), QStringLiteral("2023-05-05")}, {QStringLiteral("duree"), 15},
            {QStringLiteral("type_lieu"), QStringLiteral("a_distance")},
            {QStringLiteral("creation"), QStringLiteral("2023-05-05T14:03:27.412Z")},
            {QStringLiteral("modification"), QStringLiteral("2023-05-05T14:03:27.412Z")},
            {QStringLiteral("thematiques"), QJsonArray{QStringLiteral("email")}},
            {QStringLiteral("beneficiaires"), QJsonObject{{QStringLiteral("total"), 1}}}};
        const QString api = writeJson(f.dir.filePath(QStringLiteral("activites.json")),
            QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("activite")},
                {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                {QStringLiteral("attributes"), at}}});

        const auto fromArchive = [&](const Store &store) { return Importer::readFile(archive, options(), &store); };
        const auto fromExport = [&](const Store &store) {
            MemoryTableReader reader(exported.rows);
            return Importer::readTable(
                reader, QStringLiteral("coop-numerique_accompagnements.xlsx"), options(), &store);
        };
        const auto fromApi = [&](const Store &store) { return Importer::readFile(api, options(), &store); };
        const auto check = [](const ImportPlan &plan, int added, int present) {
            if (!plan.ok() || plan.hasProblems())
                qWarning() << plan.fatal << problemTexts(plan);
            return plan.ok() && !plan.hasProblems() && plan.activityCount() == added && plan.alreadyPresent == present;
        };
        QString error;
        {
            Fixture a;
            QVERIFY(a.open());
            const ImportPlan first = fromArchive(a.store);
            QVERIFY(check(first, 2, 0));
            // Pages that overlap give a record twice: the same key again, added once.
            QVERIFY(check(Importer::readFiles({archive, archive}, options(), &a.store), 2, 2));
            QCOMPARE(first.activities().first().creation, QDateTime(QDate(2023, 5, 5), QTime(14, 3, 27, 412), Qt::UTC));
            // The archive's id stays the one earlier imports gave the record (v1:<id>), which they recognise.
            QCOMPARE(
                first.activities().first().id, ImportContext::idForKey(QStringLiteral("v1:61a0f3b2c9e77a0012345678")));
            QVERIFY(first.apply(a.store, false, &error));
            const ImportPlan second = fromExport(a.store);
            QVERIFY(check(second, 1, 1)); // the V2 activity of the same minute comes in
            QCOMPARE(second.activities().first().source, QStringLiteral("coop"));
            QVERIFY(second.apply(a.store, false, &error));
            QVERIFY(check(fromApi(a.store), 0, 1));
            QCOMPARE(a.store.counts().activites(), 3);
        }
        {
            Fixture b;
            QVERIFY(b.open());
            const ImportPlan first = fromExport(b.store);
            QVERIFY(check(first, 2, 0));
            QVERIFY(first.apply(b.store, false, &error));
            QVERIFY(check(fromArchive(b.store), 1, 1));
        }
        {
            Fixture c;
            QVERIFY(c.open());
            const ImportPlan first = fromApi(c.store);
            QVERIFY(check(first, 1, 0));
            QVERIFY(first.apply(c.store, false, &error));
            QVERIFY(check(fromArchive(c.store), 1, 1));
        }
    }

    // Issue: the platform's export names a person without an id, and two people of the same name became one followed
    // beneficiary. A person is the name with the commune, genre, tranche d'âge and statut the export gives.
    void coopExport_sameNameDifferentPeople_areTwoBeneficiaries()
    {
        CoopExport exported;
        using namespace ActivityColumns;
        const QHash<int, QVariant> gueret = {{Beneficiaire, QStringLiteral("Marie Martin")},
            {CommuneBeneficiaire, QStringLiteral("Guéret")}, {CodePostalBeneficiaire, QStringLiteral("23000")},
            {CodeInseeBeneficiaire, QStringLiteral("23096")}, {GenreBeneficiaire, QStringLiteral("Féminin")},
            {TrancheAgeBeneficiaire, QStringLiteral("60 - 69 ans")}};
        QHash<int, QVariant> aubusson = gueret;
        aubusson[CommuneBeneficiaire] = QStringLiteral("Aubusson");
        aubusson[CodePostalBeneficiaire] = QStringLiteral("23200");
        aubusson[CodeInseeBeneficiaire] = QStringLiteral("23008");
        QHash<int, QVariant> younger = gueret;
        younger[TrancheAgeBeneficiaire] = QStringLiteral("25 - 39 ans");
        exported.add(gueret);
        exported.add(aubusson);
        exported.add(gueret);
        exported.add(younger);
        MemoryTableReader reader(exported.rows);
        Fixture f;
        QVERIFY(f.open());
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("coop.xlsx"), options(), &f.store);
        QVERIFY2(plan.ok(), qPrintable(plan.fatal));
        QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
        QCOMPARE(plan.activityCount(), 4);
        QCOMPARE(plan.beneficiaries.size(), 3);
        const QList<Activity> a = plan.activities();
        QCOMPARE(a.at(0).beneficiaireId, a.at(2).beneficiaireId);
        QVERIFY(a.at(0).beneficiaireId != a.at(1).beneficiaireId);
        QVERIFY(a.at(0).beneficiaireId != a.at(3).beneficiaireId);
        QVERIFY(a.at(1).beneficiaireId != a.at(3).beneficiaireId);
        QString error;
        QVERIFY2(plan.apply(f.store, false, &error), qPrintable(error));
        QCOMPARE(f.store.beneficiaries().size(), 3);
        // The same export again: the same people, nobody added.
        MemoryTableReader again(exported.rows);
        const ImportPlan second = Importer::readTable(again, QStringLiteral("coop.xlsx"), options(), &f.store);
        QCOMPARE(second.beneficiaries.size(), 0);
        QCOMPARE(second.alreadyPresent, 4);
        QVERIFY2(second.apply(f.store, false, &error), qPrintable(error));
        QCOMPARE(f.store.beneficiaries().size(), 3);

        // A later export where the first Marie Martin alone is named, her statut changed since: the same person.
        CoopExport later;
        QHash<int, QVariant> retired = gueret;
        retired[StatutBeneficiaire] = QStringLiteral("Retraité");
        later.add(retired);
        MemoryTableReader third(later.rows);
        const ImportPlan next = Importer::readTable(third, QStringLiteral("coop-mars.xlsx"), options(), &f.store);
        QVERIFY2(!next.hasProblems(), qPrintable(problemTexts(next).join(QLatin1Char('\n'))));
        QCOMPARE(next.activityCount(), 1);
        QCOMPARE(next.activities().first().beneficiaireId, a.at(0).beneficiaireId);
        QVERIFY2(next.apply(f.store, false, &error), qPrintable(error));
        QCOMPARE(f.store.beneficiaries().size(), 3);
    }

    // Issue: what an import said it added was the plan's count, not what the bulk writer wrote.
    void apply_tellsWhatWasWritten()
    {
        Source source;
        // Two activities of the file that are one: the same import key under two ids.
        source.activities[0].importKey = QStringLiteral("tableur:0123456789abcdef01234567#1");
        source.activities[1].importKey = source.activities[0].importKey;
        MemoryTableReader reader(CarnetFileRows::rows(source.activities, {source.place}, {source.beneficiary}));
        Fixture f;
        QVERIFY(f.open());
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("carnet.csv"), options(), &f.store);
        QVERIFY2(!plan.hasProblems(), qPrintable(problemTexts(plan).join(QLatin1Char('\n'))));
        QCOMPARE(plan.activityCount(), 3);
        QString error;
        qint64 added = -1;
        QVERIFY2(plan.apply(f.store, false, &error, {}, &added), qPrintable(error));
        QCOMPARE(added, f.store.counts().activites());
        QCOMPARE(added, 2);
        // Applied again (the base got them meanwhile): nothing written, and said so.
        QVERIFY2(plan.apply(f.store, false, &error, {}, &added), qPrintable(error));
        QCOMPARE(added, 0);
    }

    void badInput_oneMissingColumn_singular()
    {
        QList<QVariantList> rows;
        QVariantList header;
        for (int c = 0; c < ActivityColumns::IdCra; ++c)
            header << ActivityColumns::label(c);
        rows << header;
        MemoryTableReader reader(rows);
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("a.csv"), options(), nullptr);
        QCOMPARE(plan.fatal, QStringLiteral("a.csv : colonne manquante à la ligne 1 : « ID CRA »."));
    }

    void forcedFormat_mismatch_isRefused()
    {
        MemoryTableReader reader = MemoryTableReader::fromText(QStringLiteral("Quand;Durée\n03/02/2025;20"));
        ImportOptions o = options();
        o.format = ImportFormat::Carnet;
        const ImportPlan plan = Importer::readTable(reader, QStringLiteral("t.csv"), o, nullptr);
        QVERIFY(!plan.ok());
        QVERIFY2(plan.fatal.contains(QStringLiteral("« carnet »")), qPrintable(plan.fatal));
    }
};

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
