#include "models/io/StatsJson.h"
#include "models/io/StructureReview.h"
#include "models/io/XlsxReader.h"
#include "models/stats/StatsEngine.h"
#include "models/store/Store.h"
#include "tests/support/LibreOffice.h"
#include "tests/support/TeamFiles.h"
#include "tests/support/TestData.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

namespace {

constexpr qint64 kCount = 240;
constexpr quint64 kSeed = 11;

// The same demo base three times (same count and seed): the union, and two mediators' bases that each keep part of
// its activities (the others deleted, so not exported): Camille keeps those whose index is not 2 modulo 3, Dominique
// those whose index is not 0 modulo 3, so the ones of index 1 modulo 3 are in both (the same ID CRA).
struct Bases
{
    TestData::Fixture all;
    TestData::Fixture camille;
    TestData::Fixture dominique;
    QList<QUuid> ids; // the union's, in the base's order
    qint64 shared = 0; // in both mediators' bases

    bool fill()
    {
        if (!all.openWithDemo(kCount, kSeed) || !camille.openWithDemo(kCount, kSeed)
            || !dominique.openWithDemo(kCount, kSeed))
            return false;
        QString error;
        all.store.forEachActivity(
            [&](const Activity &a) {
                if (!a.isDeleted())
                    ids << a.id;
                return true;
            },
            &error);
        for (int i = 0; i < ids.size(); ++i) {
            if (i % 3 == 2 && !camille.store.deleteActivity(ids.at(i), &error))
                return false;
            if (i % 3 == 0 && !dominique.store.deleteActivity(ids.at(i), &error))
                return false;
            if (i % 3 == 1)
                ++shared;
        }
        return TeamFiles::setName(camille.store, QStringLiteral("Camille"), QStringLiteral("Martin"))
            && TeamFiles::setName(dominique.store, QStringLiteral("Dominique"), QStringLiteral("Petit"));
    }
};

// The activities export of a base (the exporter's file, as a mediator sends it).
using TeamFiles::exportActivities;

qint64 activitiesIn(const Store &store, const QDate &from = QDate())
{
    qint64 n = 0;
    QString error;
    store.forEachActivity(
        [&](const Activity &a) {
            if (!a.isDeleted() && (!from.isValid() || a.date >= from))
                ++n;
            return true;
        },
        &error);
    return n;
}

QJsonDocument json(const StatsResult &result, const StatsFilter &filter)
{
    return QJsonDocument(StatsJson::toJson(result, filter));
}

StructureReview reviewOf(const QStringList &paths)
{
    StructureReview review;
    for (const QString &path : paths)
        review.addFile(StructureReview::readFile(path, TestData::fixedNow().date()));
    return review;
}

} // namespace

class TestStructureReview : public QObject
{
    Q_OBJECT

    Bases m_bases;
    QTemporaryDir m_files;
    QString m_camille; // Camille's whole export (xlsx)
    QString m_camilleRecent; // Camille's export since 2026-01-01 (csv): overlaps the first one
    QString m_dominique; // Dominique's whole export (xlsx)
    QDate m_recentFrom = QDate(2026, 1, 1);

private slots:
    void initTestCase()
    {
        QVERIFY(m_bases.fill());
        QVERIFY(m_bases.shared > 0);
        m_camille = m_files.filePath(QStringLiteral("camille.xlsx"));
        m_camilleRecent = m_files.filePath(QStringLiteral("camille_2026.csv"));
        m_dominique = m_files.filePath(QStringLiteral("export-dominique.xlsx"));
        QVERIFY(exportActivities(m_bases.camille.store, m_camille));
        ExportFilter recent;
        recent.from = m_recentFrom;
        QVERIFY(exportActivities(m_bases.camille.store, m_camilleRecent, recent));
        QVERIFY(exportActivities(m_bases.dominique.store, m_dominique));
    }

    void mediatorFromHeaderBlock_elseFileName()
    {
        const StructureReview::File file = StructureReview::readFile(m_camille, TestData::fixedNow().date());
        QVERIFY2(file.error.isEmpty(), qPrintable(file.error));
        QCOMPARE(file.mediator, QStringLiteral("Camille Martin"));
        QVERIFY(file.mediatorFromHeader);
        QCOMPARE(file.format, ImportFormat::Carnet);
        QCOMPARE(file.activities, activitiesIn(m_bases.camille.store));

        // A file whose header block names nobody ("-"): the file's name.
        TestData::Fixture anonymous;
        QVERIFY(anonymous.openWithDemo(20, 3));
        const QString path = m_files.filePath(QStringLiteral("activites_sans_nom.csv"));
        QVERIFY(exportActivities(anonymous.store, path));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QStringList lines = QString::fromUtf8(f.readAll()).split(QStringLiteral("\r\n"));
            f.close();
            int blanked = 0;
            for (QString &line : lines) {
                if (line.startsWith(QStringLiteral("Nom;")) || line.startsWith(QStringLiteral("Prénom;"))) {
                    line = line.section(QLatin1Char(';'), 0, 0) + QStringLiteral(";-");
                    ++blanked;
                }
            }
            QCOMPARE(blanked, 2);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(lines.join(QStringLiteral("\r\n")).toUtf8());
        }
        const StructureReview::File unnamed = StructureReview::readFile(path, TestData::fixedNow().date());
        QVERIFY2(unnamed.error.isEmpty(), qPrintable(unnamed.error));
        QCOMPARE(unnamed.mediator, QStringLiteral("activites_sans_nom"));
        QVERIFY(!unnamed.mediatorFromHeader);
        QCOMPARE(unnamed.activities, activitiesIn(anonymous.store));
    }

    void teamFigures_equalTheUnionBase_eachActivityOnce()
    {
        StructureReview review = reviewOf({m_camille, m_camilleRecent, m_dominique});
        QVERIFY(!review.anyFileFailed());
        StructureReview::Options options;
        options.filter.from = QDate(2025, 7, 1);
        options.filter.to = QDate(2026, 6, 30);
        options.today = TestData::fixedNow().date();
        QString error;
        QVERIFY2(review.compute(options, &error), qPrintable(error));

        QCOMPARE(review.mediators().size(), 2);
        const StructureReview::Figures &camille = review.mediators().at(0);
        const StructureReview::Figures &dominique = review.mediators().at(1);
        QCOMPARE(camille.name, QStringLiteral("Camille Martin"));
        QCOMPARE(dominique.name, QStringLiteral("Dominique Petit"));
        QCOMPARE(camille.files.size(), 2);
        // The recent export is all in the whole one.
        QCOMPARE(camille.duplicates, activitiesIn(m_bases.camille.store, m_recentFrom));
        QVERIFY(camille.duplicates > 0);
        QCOMPARE(review.files().at(1).duplicates, camille.duplicates);
        QCOMPARE(camille.activities, activitiesIn(m_bases.camille.store));
        QCOMPARE(dominique.duplicates, 0);
        // Dominique's activities that Camille's files already gave.
        QCOMPARE(dominique.crossDuplicates, m_bases.shared);
        QCOMPARE(review.team().crossDuplicates, m_bases.shared);
        QCOMPARE(review.team().activities, qint64(m_bases.ids.size()));

        // Every figure of every section, as StatsEngine computes them on the bases themselves.
        const StatsFilter &filter = review.filter();
        QCOMPARE(filter.from, options.filter.from);
        const QDate today = options.today;
        QCOMPARE(json(review.team().stats, filter),
            json(StatsEngine::compute(m_bases.all.store.database(), filter, today), filter));
        QCOMPARE(json(camille.stats, filter),
            json(StatsEngine::compute(m_bases.camille.store.database(), filter, today), filter));
        QCOMPARE(json(dominique.stats, filter),
            json(StatsEngine::compute(m_bases.dominique.store.database(), filter, today), filter));
        QVERIFY(review.team().stats.headline.activites > camille.stats.headline.activites);
    }

    void sameFileTwice_countsOnce_sinceTheFirstActivity()
    {
        StructureReview review = reviewOf({m_dominique, m_dominique});
        StructureReview::Options options;
        options.today = TestData::fixedNow().date();
        options.filter.to = options.today; // no start: since the first activity
        QString error;
        QVERIFY2(review.compute(options, &error), qPrintable(error));
        QCOMPARE(review.mediators().size(), 1);
        const qint64 n = activitiesIn(m_bases.dominique.store);
        QCOMPARE(review.mediators().first().activities, n);
        QCOMPARE(review.mediators().first().duplicates, n);
        QCOMPARE(review.files().at(0).duplicates, 0);
        QCOMPARE(review.files().at(1).duplicates, n);
        QCOMPARE(review.filter().from, m_bases.dominique.store.firstActivityDate());
        QCOMPARE(review.team().stats.headline.activites, n);
        const StatsFilter &filter = review.filter();
        QCOMPARE(json(review.team().stats, filter),
            json(StatsEngine::compute(m_bases.dominique.store.database(), filter, options.today), filter));
    }

    void brokenFiles_reported_othersCounted()
    {
        const QString notZip = m_files.filePath(QStringLiteral("abime.xlsx"));
        {
            QFile f(notZip);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("ceci n'est pas un classeur");
        }
        const QString notActivities = m_files.filePath(QStringLiteral("courses.csv"));
        {
            QFile f(notActivities);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("Produit;Prix\nPain;1,20\n");
        }
        const QString missing = m_files.filePath(QStringLiteral("absent.xlsx"));
        StructureReview review = reviewOf({notZip, m_dominique, notActivities, missing});
        QVERIFY(review.anyFileFailed());
        QVERIFY2(
            review.files().at(0).error.contains(QStringLiteral("abime.xlsx")), qPrintable(review.files().at(0).error));
        QVERIFY(review.files().at(1).error.isEmpty());
        QVERIFY2(
            review.files().at(2).error.contains(QStringLiteral("courses.csv")), qPrintable(review.files().at(2).error));
        QVERIFY2(review.files().at(2).error.contains(QStringLiteral("pas un fichier d'activités")),
            qPrintable(review.files().at(2).error));
        QVERIFY2(
            review.files().at(3).error.contains(QStringLiteral("absent.xlsx")), qPrintable(review.files().at(3).error));
        StructureReview::Options options;
        options.today = TestData::fixedNow().date();
        options.filter.to = options.today;
        QString error;
        QVERIFY2(review.compute(options, &error), qPrintable(error));
        QCOMPARE(review.mediators().size(), 1);
        QCOMPARE(review.team().activities, activitiesIn(m_bases.dominique.store));
    }

    void cancelled_nothingComputed()
    {
        StructureReview review = reviewOf({m_camille, m_dominique});
        StructureReview::Options options;
        options.today = TestData::fixedNow().date();
        options.filter.to = options.today;
        int calls = 0;
        options.progress = [&](qint64, qint64) { return ++calls < 3; };
        QString error;
        QVERIFY(!review.compute(options, &error));
        QCOMPARE(error, StructureReview::cancelledMessage());
    }

    void workbook_synthesis_team_andOneSheetPerMediator()
    {
        StructureReview review = reviewOf({m_camille, m_camilleRecent, m_dominique});
        StructureReview::Options options;
        options.filter.from = QDate(2025, 7, 1);
        options.filter.to = QDate(2026, 6, 30);
        options.today = TestData::fixedNow().date();
        qint64 last = -1;
        qint64 lastTotal = -1;
        options.progress = [&](qint64 done, qint64 total) {
            last = done;
            lastTotal = total;
            return true;
        };
        QString error;
        QVERIFY2(review.compute(options, &error), qPrintable(error));
        QVERIFY(lastTotal > 0);
        QCOMPARE(last, lastTotal);
        const QString name = StructureReview::fileName(options.filter.from, options.filter.to);
        QCOMPARE(name, QStringLiteral("carnet_bilan_structure_2025-07-01_2026-06-30.xlsx"));
        const QString path = m_files.filePath(name);
        QVERIFY2(review.write(path, TestData::fixedNow(), &error), qPrintable(error));
        QVERIFY(QDir(m_files.path()).entryList({QStringLiteral(".*.tmp")}, QDir::Hidden | QDir::Files).isEmpty());

        XlsxReader reader(path);
        QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
        QCOMPARE(reader.sheetNames(),
            QStringList({QStringLiteral("Synthèse"), QStringLiteral("Équipe"), QStringLiteral("Camille Martin"),
                QStringLiteral("Dominique Petit")}));
        // The team's sheet: the statistics export's sections, its figures the union's.
        QVERIFY(reader.selectSheet(QStringLiteral("Équipe")));
        QVariantList cells;
        QStringList titles;
        qint64 accompagnements = -1;
        while (reader.readRow(&cells)) {
            if (cells.isEmpty())
                continue;
            const QString first = cells.at(0).toString();
            titles << first;
            if (first == QStringLiteral("Accompagnements au total"))
                accompagnements = qint64(cells.value(1).toDouble());
        }
        QVERIFY(titles.contains(QStringLiteral("Statistiques générales")));
        QVERIFY(titles.contains(QStringLiteral("Thématiques Médiation numérique")));
        QVERIFY(titles.contains(QStringLiteral("Commune de résidence des bénéficiaires")));
        const StatsResult all = StatsEngine::compute(m_bases.all.store.database(), review.filter(), options.today);
        QCOMPARE(accompagnements, all.headline.accompagnements);

        // The synthesis as a spreadsheet shows it.
        if (!LibreOffice::available())
            QFAIL("libreoffice is needed (packaging/debian/install-build-deps.sh --tests)");
        const QList<QStringList> rows = LibreOffice::rows(path, &error);
        QVERIFY2(!rows.isEmpty(), qPrintable(error));
        const int header = LibreOffice::findRow(rows, QStringLiteral("Médiateur"));
        QVERIFY(header > 0);
        QCOMPARE(rows.at(header).mid(0, 4),
            QStringList({QStringLiteral("Médiateur"), QStringLiteral("Fichiers"), QStringLiteral("Activités"),
                QStringLiteral("Accompagnements")}));
        const int team = LibreOffice::findRow(rows, QStringLiteral("Équipe"));
        QVERIFY(team > header);
        QCOMPARE(rows.at(team).at(2), QString::number(all.headline.activites));
        QCOMPARE(rows.at(team).at(3), QString::number(all.headline.accompagnements));
        QCOMPARE(rows.at(team).at(4), QString::number(all.headline.suivis));
        QCOMPARE(rows.at(team).at(5), QString::number(all.headline.anonymes));
        QCOMPARE(rows.at(team).at(7), QString::number(all.headline.minutes));
        QCOMPARE(rows.at(team).at(8), QString::number(review.mediators().at(0).duplicates + m_bases.shared));
        const int camille = LibreOffice::findRow(rows, QStringLiteral("Camille Martin"));
        QVERIFY(camille > header && camille < team);
        QCOMPARE(rows.at(camille).at(1), QStringLiteral("2"));
        QCOMPARE(rows.at(camille).at(8), QString::number(review.mediators().at(0).duplicates));
        QVERIFY(LibreOffice::findRow(rows, QStringLiteral("camille_2026.csv")) > team);
    }

    void csv_sheetsOneUnderTheOther()
    {
        StructureReview review = reviewOf({m_dominique});
        StructureReview::Options options;
        options.today = TestData::fixedNow().date();
        options.filter.to = options.today;
        QString error;
        QVERIFY2(review.compute(options, &error), qPrintable(error));
        const QString path = m_files.filePath(QStringLiteral("bilan.csv"));
        QVERIFY2(review.write(path, TestData::fixedNow(), &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        const qsizetype synthese = text.indexOf(QStringLiteral("Feuille « Synthèse »"));
        const qsizetype equipe = text.indexOf(QStringLiteral("Feuille « Équipe »"));
        const qsizetype dominique = text.indexOf(QStringLiteral("Feuille « Dominique Petit »"));
        QVERIFY(synthese >= 0 && synthese < equipe && equipe < dominique);
    }

    void sheetNames_fitASpreadsheet()
    {
        QCOMPARE(StructureReview::sheetName(QStringLiteral("A/B: [x]"), {}), QStringLiteral("A B x"));
        const QString longName(40, QLatin1Char('a'));
        QCOMPARE(StructureReview::sheetName(longName, {}).size(), 31);
        QCOMPARE(StructureReview::sheetName(QStringLiteral("équipe"), {QStringLiteral("Équipe")}),
            QStringLiteral("équipe (2)"));
    }
};

QTEST_GUILESS_MAIN(TestStructureReview)
#include "tst_structurereview.moc"
