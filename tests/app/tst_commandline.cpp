#include "app/cli/CommandLine.h"
#include "models/domain/Codes.h"
#include "models/store/Backups.h"
#include "models/store/DataLocation.h"
#include "models/store/Migrations.h"
#include "models/store/Store.h"
#include "tests/support/CommandRunner.h"
#include "tests/support/DamagedFile.h"
#include "tests/support/TestData.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using CommandRunner::Result;
using CommandRunner::run;

namespace {
// A headline figure (chiffres.<key>) in the output of `carnet stats --json`; missing when there is none.
int headline(const Result &r, const char *key, int missing)
{
    return QJsonDocument::fromJson(r.out.toUtf8())
        .object()
        .value(QStringLiteral("chiffres"))
        .toObject()
        .value(QLatin1String(key))
        .toInt(missing);
}
} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void parse_readsGlobalAndCommandOptions();
    void parse_refusesWrongCommandLines_data();
    void parse_refusesWrongCommandLines();
    void window_isTheDefault();
    void helpAndVersion_succeed();
    void info_onEmptyBase_andJson();
    void demo_thenInfo_thenCheck();
    void demo_refusesBadCount();
    void check_failsOnBrokenBase();
    void newerBase_failsWithMessage();
    void environmentVariable_choosesTheDataFolder();
    void executable_exitCodes();
    void stats_jsonAndSummary();
    void stats_refusesBadOptions();
    void stats_comparesWithTheSamePeriodOneYearBefore();
    void stats_repeatedFiltersTagsDepartementsAndAllTime();
    void stats_sourceFilter();
    void sauvegarder_thenRestaurer_bringsTheCopyBack();
    void restaurer_refusesADamagedOrForeignFile();
    void backupCommands_wantTheirFile();
    void check_damagedBase_inFrench_thenRecuperer();
    void check_reparer_restoresTriggerAndIndex();
};

void TestCommandLine::parse_readsGlobalAndCommandOptions()
{
    const CommandLine::Parsed p
        = CommandLine::parse({QStringLiteral("--data-dir"), QStringLiteral("/tmp/x"), QStringLiteral("demo"),
            QStringLiteral("--count"), QStringLiteral("10"), QStringLiteral("--seed=3"), QStringLiteral("--append")});
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QCOMPARE(p.dataDir, QStringLiteral("/tmp/x"));
    QCOMPARE(p.command, QStringLiteral("demo"));
    QCOMPARE(p.options.value(QStringLiteral("--count")), QStringLiteral("10"));
    QCOMPARE(p.options.value(QStringLiteral("--seed")), QStringLiteral("3"));
    QVERIFY(p.options.contains(QStringLiteral("--append")));
    // Global options may also follow the command.
    QCOMPARE(
        CommandLine::parse({QStringLiteral("info"), QStringLiteral("--data-dir=/d")}).dataDir, QStringLiteral("/d"));
}

void TestCommandLine::parse_refusesWrongCommandLines_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                     << QStringLiteral("Commande inconnue : « frobnicate »");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("info"), QStringLiteral("--csv")}
                                    << QStringLiteral("Option inconnue pour « info » : --csv");
    QTest::newRow("missing value") << QStringList{QStringLiteral("demo"), QStringLiteral("--count")}
                                   << QStringLiteral("L'option --count attend une valeur.");
    QTest::newRow("missing dir") << QStringList{QStringLiteral("--data-dir")}
                                 << QStringLiteral("L'option --data-dir attend un dossier.");
    QTest::newRow("flag with value") << QStringList{QStringLiteral("info"), QStringLiteral("--json=oui")}
                                     << QStringLiteral("L'option --json ne prend pas de valeur.");
    QTest::newRow("stray argument") << QStringList{QStringLiteral("check"), QStringLiteral("tout")}
                                    << QStringLiteral("Argument inattendu : « tout ».");
    QTest::newRow("second file") << QStringList{QStringLiteral("sauvegarder"), QStringLiteral("a.sqlite"),
        QStringLiteral("b.sqlite")}
                                 << QStringLiteral("Argument inattendu : « b.sqlite ».");
}

void TestCommandLine::parse_refusesWrongCommandLines()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Result r = run(args);
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestCommandLine::window_isTheDefault()
{
    QVERIFY(CommandLine::wantsWindow({}));
    QVERIFY(CommandLine::wantsWindow({QStringLiteral("--data-dir"), QStringLiteral("/tmp/x")}));
    QVERIFY(!CommandLine::wantsWindow({QStringLiteral("info")}));
    QVERIFY(!CommandLine::wantsWindow({QStringLiteral("--help")}));
    QVERIFY(!CommandLine::wantsWindow({QStringLiteral("--bogus")}));
}

void TestCommandLine::helpAndVersion_succeed()
{
    Result r = run({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("Utilisation : carnet")));
    for (const char *command : {"info", "demo", "check"})
        QVERIFY(r.out.contains(QStringLiteral("  %1 ").arg(QLatin1String(command))));
    r = run({QStringLiteral("demo"), QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(QStringLiteral("--count N")));
    r = run({QStringLiteral("--version")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QStringLiteral("carnet " CARNET_VERSION "\n"));
}

void TestCommandLine::info_onEmptyBase_andJson()
{
    QTemporaryDir dir;
    // info never creates a base (issue 10): an empty one is made by demo --count 0.
    Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
        QStringLiteral("0")});
    QCOMPARE(r.code, 0);
    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("info")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Dossier des données : %1").arg(dir.path())), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("Activités : 0 ")));
    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("info"), QStringLiteral("--json")});
    QCOMPARE(r.code, 0);
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("version_schema")).toInt(), Migrations::LatestVersion);
    QCOMPARE(json.value(QStringLiteral("dossier_donnees")).toString(), dir.path());
    QCOMPARE(json.value(QStringLiteral("activites")).toObject().value(QStringLiteral("total")).toInt(-1), 0);
}

void TestCommandLine::demo_thenInfo_thenCheck()
{
    QTemporaryDir dir;
    Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
        QStringLiteral("500"), QStringLiteral("--seed"), QStringLiteral("9")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("500 activités de démonstration ajoutées")));

    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("info"), QStringLiteral("--json")});
    const QJsonObject activities
        = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("activites")).toObject();
    const int total = activities.value(QStringLiteral("total")).toInt();
    const int deleted
        = activities.value(QStringLiteral("supprimees")).toObject().value(QStringLiteral("total")).toInt();
    QCOMPARE(total + deleted, 500);
    QCOMPARE(
        activities.value(QStringLiteral("individuel")).toInt() + activities.value(QStringLiteral("collectif")).toInt(),
        total);
    QVERIFY(deleted > 0);

    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("check")});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QStringLiteral("aucun problème (500 activités contrôlées)")));

    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
        QStringLiteral("5")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY(r.err.contains(QStringLiteral("--append")));
}

void TestCommandLine::demo_refusesBadCount()
{
    QTemporaryDir dir;
    for (const char *bad : {"-3", "mille", "1e6"}) {
        const Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"),
            QStringLiteral("--count=%1").arg(QLatin1String(bad))});
        QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
        QVERIFY2(r.err.contains(QStringLiteral("--count attend un nombre entier")), qPrintable(r.err));
    }
    const Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
}

void TestCommandLine::check_failsOnBrokenBase()
{
    QTemporaryDir dir;
    QVERIFY(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                    QStringLiteral("20")})
                .code
        == 0);
    {
        Store store;
        QString error;
        QVERIFY(store.open(dir.filePath(QLatin1String(Store::FileName)), &error));
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("UPDATE activites SET duree = 1439, thematiques = 'minitel' "
                                      "WHERE rowid IN (SELECT rowid FROM activites LIMIT 2)")));
    }
    const Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("check")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QCOMPARE(r.out.count(QStringLiteral("Thématique inconnue : « minitel »")), 2);
    QVERIFY(r.err.contains(QStringLiteral("2 problèmes trouvés")));
}

void TestCommandLine::newerBase_failsWithMessage()
{
    QTemporaryDir dir;
    {
        Store store;
        QString error;
        QVERIFY(store.open(dir.filePath(QLatin1String(Store::FileName)), &error));
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 99")));
    }
    const Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("info")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(r.err.contains(QStringLiteral("version plus récente de Carnet")), qPrintable(r.err));
}

void TestCommandLine::environmentVariable_choosesTheDataFolder()
{
    QTemporaryDir dir;
    qputenv("CARNET_DATA_DIR", dir.path().toUtf8());
    QCOMPARE(run({QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("0")}).code, 0);
    const Result r = run({QStringLiteral("info")});
    qunsetenv("CARNET_DATA_DIR");
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Dossier des données : %1").arg(dir.path())), qPrintable(r.out));
    QVERIFY(QFile::exists(dir.filePath(QLatin1String(Store::FileName))));
}

void TestCommandLine::executable_exitCodes()
{
    // The real program, as a user or a script runs it.
    QTemporaryDir dir;
    const auto exec = [&](const QStringList &args, QString *out = nullptr) {
        QProcess p;
        p.start(QStringLiteral(CARNET_EXECUTABLE), QStringList{QStringLiteral("--data-dir"), dir.path()} + args);
        if (!p.waitForFinished(120000))
            return -1;
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    };
    QString out;
    QCOMPARE(exec({QStringLiteral("--version")}, &out), 0);
    QVERIFY(out.startsWith(QStringLiteral("carnet ")));
    QCOMPARE(exec({QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("100")}), 0);
    QCOMPARE(exec({QStringLiteral("info"), QStringLiteral("--json")}, &out), 0);
    QVERIFY(out.contains(QStringLiteral("\"version_schema\"")));
    QCOMPARE(exec({QStringLiteral("check")}), 0);
    QCOMPARE(exec({QStringLiteral("bogus")}), 2);
    QCOMPARE(exec({QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("1")}), 1);
}

void TestCommandLine::stats_jsonAndSummary()
{
    QTemporaryDir dir;
    {
        const FixedClock clock(TestData::fixedNow());
        Store store(clock);
        QString error;
        QVERIFY2(store.open(DataLocation::databasePath(dir.path()), &error), qPrintable(error));
        Place place = TestData::place();
        QVERIFY(store.savePlace(place, &error));
        Activity individuel = TestData::individuel(place.id); // 2026-06-29, 45 min, 1 accompagnement
        Activity atelier = TestData::collectif(place.id); // 2026-06-15, 120 min, 8 anonymous participants
        Activity old = TestData::individuel(place.id); // the previous period
        old.date = QDate(2026, 5, 20);
        QVERIFY2(store.saveActivity(individuel, &error), qPrintable(error));
        QVERIFY2(store.saveActivity(atelier, &error), qPrintable(error));
        QVERIFY2(store.saveActivity(old, &error), qPrintable(error));
    }
    const QStringList period{QStringLiteral("--from"), QStringLiteral("2026-06-01"), QStringLiteral("--to=2026-06-30")};
    Result r
        = run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"), QStringLiteral("--json")}
            + period);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QJsonParseError parseError;
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    const QJsonObject chiffres = json.value(QStringLiteral("chiffres")).toObject();
    QCOMPARE(chiffres.value(QStringLiteral("activites")).toInt(), 2);
    QCOMPARE(chiffres.value(QStringLiteral("accompagnements")).toInt(), 9);
    QCOMPARE(chiffres.value(QStringLiteral("anonymes")).toInt(), 9);
    QCOMPARE(chiffres.value(QStringLiteral("minutes")).toInt(), 165);
    const QJsonObject previous
        = json.value(QStringLiteral("comparaison")).toObject().value(QStringLiteral("periode_precedente")).toObject();
    QCOMPARE(previous.value(QStringLiteral("du")).toString(), QStringLiteral("2026-05-02"));
    QCOMPARE(previous.value(QStringLiteral("activites")).toInt(), 1);
    const QJsonObject types = json.value(QStringLiteral("repartitions"))
                                  .toObject()
                                  .value(QStringLiteral("type_activite"))
                                  .toObject()
                                  .value(QStringLiteral("valeurs"))
                                  .toObject();
    // allocatePercentages.ts: three decimals (the text output shows one).
    QCOMPARE(
        types.value(QStringLiteral("collectif")).toObject().value(QStringLiteral("pourcentage")).toDouble(), 88.889);
    QCOMPARE(
        types.value(QStringLiteral("individuel")).toObject().value(QStringLiteral("pourcentage")).toDouble(), 11.111);

    r = run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"), QStringLiteral("--json"),
                QStringLiteral("--type"), QStringLiteral("collectif")}
        + period);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(headline(r, "accompagnements", 0), 8);

    r = run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats")} + period);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("Statistiques du 01/06/2026 au 30/06/2026")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Activités : 2 (période précédente : 1, +100,0 %)")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Temps passé : 2 h 45 (période précédente : 45 min, +266,7 %)")),
        qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("\n  Participants aux ateliers : 8 (88,9 %)\n")), qPrintable(r.out));
}

void TestCommandLine::stats_refusesBadOptions()
{
    QTemporaryDir dir;
    const auto stats = [&](const QStringList &args) {
        return run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats")} + args);
    };
    Result r = stats({QStringLiteral("--from"), QStringLiteral("2026-13-01")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    QVERIFY2(r.err.contains(QStringLiteral("--from attend une date au format AAAA-MM-JJ, pas « 2026-13-01 »")),
        qPrintable(r.err));
    r = stats({QStringLiteral("--to"), QStringLiteral("30/06/2026")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    QVERIFY2(r.err.contains(QStringLiteral("--to")), qPrintable(r.err));
    r = stats(
        {QStringLiteral("--from"), QStringLiteral("2026-06-30"), QStringLiteral("--to"), QStringLiteral("2026-06-01")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    r = stats({QStringLiteral("--type"), QStringLiteral("ponctuel")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    r = stats({QStringLiteral("--thematique"), QStringLiteral("cuisine")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    r = stats({QStringLiteral("--commune"), QStringLiteral("Guéret")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    r = stats({QStringLiteral("--lieu"), QStringLiteral("ici")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    // An empty base gives zeros, not an error.
    QCOMPARE(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                     QStringLiteral("0")})
                 .code,
        0);
    r = stats({QStringLiteral("--json")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(headline(r, "activites", -1), 0);
}

void TestCommandLine::stats_comparesWithTheSamePeriodOneYearBefore()
{
    QTemporaryDir dir;
    {
        const FixedClock clock(TestData::fixedNow());
        Store store(clock);
        QString error;
        QVERIFY2(store.open(DataLocation::databasePath(dir.path()), &error), qPrintable(error));
        Place place = TestData::place();
        QVERIFY(store.savePlace(place, &error));
        // June 2026: 3 individual activities; May 2026 (the previous period): 1; June 2025: 2 (45 min each).
        for (const QDate &date : {QDate(2026, 6, 2), QDate(2026, 6, 9), QDate(2026, 6, 16), QDate(2026, 5, 20),
                 QDate(2025, 6, 1), QDate(2025, 6, 30)}) {
            Activity a = TestData::individuel(place.id);
            a.date = date;
            QVERIFY2(store.saveActivity(a, &error), qPrintable(error));
        }
        // Just outside the year-before period: not counted.
        Activity outside = TestData::individuel(place.id);
        outside.date = QDate(2025, 7, 1);
        QVERIFY2(store.saveActivity(outside, &error), qPrintable(error));
    }
    const QStringList stats{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"), QStringLiteral("--from"),
        QStringLiteral("2026-06-01"), QStringLiteral("--to"), QStringLiteral("2026-06-30")};
    Result r = run(stats + QStringList{QStringLiteral("--comparer"), QStringLiteral("annee")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(
        r.out.contains(QStringLiteral("Statistiques du 01/06/2026 au 30/06/2026 (comparées à la même période un an "
                                      "avant : du 01/06/2025 au 30/06/2025)")),
        qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Activités : 3 (un an avant : 2, +50,0 %)")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("Temps passé : 2 h 15 (un an avant : 1 h 30, +50,0 %)")), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QStringLiteral("période précédente")), qPrintable(r.out));

    // The default and "precedente" compare with May.
    for (const QStringList &extra : {QStringList(), QStringList{QStringLiteral("--comparer=precedente")}}) {
        r = run(stats + extra);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("Activités : 3 (période précédente : 1, +200,0 %)")), qPrintable(r.out));
    }

    // JSON: the year before under comparaison.annee_precedente, only when asked for.
    r = run(stats + QStringList{QStringLiteral("--json"), QStringLiteral("--comparer"), QStringLiteral("annee")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QJsonObject comparison
        = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("comparaison")).toObject();
    const QJsonObject yearBefore = comparison.value(QStringLiteral("annee_precedente")).toObject();
    QCOMPARE(yearBefore.value(QStringLiteral("du")).toString(), QStringLiteral("2025-06-01"));
    QCOMPARE(yearBefore.value(QStringLiteral("au")).toString(), QStringLiteral("2025-06-30"));
    QCOMPARE(yearBefore.value(QStringLiteral("activites")).toInt(), 2);
    QCOMPARE(
        comparison.value(QStringLiteral("periode_precedente")).toObject().value(QStringLiteral("activites")).toInt(),
        1);
    r = run(stats + QStringList{QStringLiteral("--json")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    comparison = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("comparaison")).toObject();
    QVERIFY(comparison.contains(QStringLiteral("periode_precedente")));
    QVERIFY(!comparison.contains(QStringLiteral("annee_precedente")));

    r = run(stats + QStringList{QStringLiteral("--comparer"), QStringLiteral("mois")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    QVERIFY2(r.err.contains(QStringLiteral("--comparer attend precedente ou annee, pas « mois »")), qPrintable(r.err));
    QVERIFY(CommandLine::helpText(QStringLiteral("stats")).contains(QStringLiteral("--comparer")));
}

void TestCommandLine::stats_repeatedFiltersTagsDepartementsAndAllTime()
{
    QTemporaryDir dir;
    Place place = TestData::place(); // Guéret (23)
    {
        const FixedClock clock(TestData::fixedNow());
        Store store(clock);
        QString error;
        QVERIFY2(store.open(DataLocation::databasePath(dir.path()), &error), qPrintable(error));
        QVERIFY(store.savePlace(place, &error));
        Activity email = TestData::individuel(place.id);
        email.date = QDate(2024, 3, 4); // the first activity
        email.thematiques = {QStringLiteral("email")};
        email.tags = {QStringLiteral("senior")};
        Activity sante = TestData::individuel(place.id);
        sante.date = QDate(2026, 6, 2);
        sante.thematiques = {QStringLiteral("sante")};
        sante.tags = {QStringLiteral("cafe")};
        Activity limoges = TestData::individuel({});
        limoges.date = QDate(2026, 6, 3);
        limoges.typeLieu = QStringLiteral("domicile");
        limoges.lieuCommune = {QStringLiteral("87085"), QStringLiteral("87000"), QStringLiteral("Limoges")};
        limoges.thematiques = {QStringLiteral("logement"), QString::fromLatin1(Codes::Thematique::AideDemarches)};
        for (Activity *a : {&email, &sante, &limoges})
            QVERIFY2(store.saveActivity(*a, &error), qPrintable(error));
    }
    const auto activites = [&](const QStringList &args) {
        const Result r = run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"),
                                 QStringLiteral("--json"), QStringLiteral("--to"), QStringLiteral("2026-06-30")}
            + args);
        return r.code == 0 ? headline(r, "activites", -2) : -1;
    };
    // Without a start: the 12 months ending on --to; "Depuis le début": from 2024-03-04.
    QCOMPARE(activites({}), 2);
    QCOMPARE(activites({QStringLiteral("--depuis-le-debut")}), 3);
    const Result all
        = run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"), QStringLiteral("--json"),
            QStringLiteral("--depuis-le-debut"), QStringLiteral("--to"), QStringLiteral("2026-06-30")});
    const QJsonObject json = QJsonDocument::fromJson(all.out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("periode")).toObject().value(QStringLiteral("du")).toString(),
        QStringLiteral("2024-03-04"));
    QCOMPARE(json.value(QStringLiteral("evolution")).toObject().value(QStringLiteral("mois")).toArray().size(), 28);
    // Repeated options are alternatives; --tag and --departement.
    const QStringList since{QStringLiteral("--depuis-le-debut")};
    QCOMPARE(activites(since + QStringList{QStringLiteral("--thematique"), QStringLiteral("email")}), 1);
    QCOMPARE(activites(since
                 + QStringList{QStringLiteral("--thematique"), QStringLiteral("email"), QStringLiteral("--thematique"),
                     QStringLiteral("sante")}),
        2);
    QCOMPARE(activites(since + QStringList{QStringLiteral("--tag"), QStringLiteral("cafe")}), 1);
    QCOMPARE(activites(since + QStringList{QStringLiteral("--tag=cafe"), QStringLiteral("--tag=senior")}), 2);
    QCOMPARE(activites(since + QStringList{QStringLiteral("--departement"), QStringLiteral("23")}), 2);
    QCOMPARE(activites(since + QStringList{QStringLiteral("--departement"), QStringLiteral("87")}), 1);
    QCOMPARE(activites(since
                 + QStringList{QStringLiteral("--departement"), QStringLiteral("87"), QStringLiteral("--commune"),
                     QStringLiteral("23096")}),
        0);
    QCOMPARE(activites(since
                 + QStringList{QStringLiteral("--type"), QStringLiteral("individuel"), QStringLiteral("--type"),
                     QStringLiteral("collectif")}),
        3);
    // Wrong values are named.
    Result r = run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"),
        QStringLiteral("--departement"), QStringLiteral("Creuse")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    QVERIFY2(r.err.contains(QStringLiteral("« Creuse »")), qPrintable(r.err));
    r = run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"), QStringLiteral("--from"),
        QStringLiteral("2026-01-01"), QStringLiteral("--depuis-le-debut")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    QVERIFY(CommandLine::helpText(QStringLiteral("stats")).contains(QStringLiteral("--depuis-le-debut")));
}

// --source as the platform's "source" filter, repeatable, on a base holding activities of several origins.
void TestCommandLine::stats_sourceFilter()
{
    QTemporaryDir dir;
    Place place = TestData::place();
    {
        const FixedClock clock(TestData::fixedNow());
        Store store(clock);
        QString error;
        QVERIFY2(store.open(DataLocation::databasePath(dir.path()), &error), qPrintable(error));
        QVERIFY(store.savePlace(place, &error));
        QList<Activity> batch;
        for (const char *source : {ActivitySource::Carnet, ActivitySource::Coop, ActivitySource::V1, ActivitySource::V1,
                 ActivitySource::Tableur}) {
            Activity a = TestData::individuel(place.id);
            a.source = QLatin1String(source);
            batch.append(a);
        }
        QVERIFY2(store.insertActivities(batch, true, &error), qPrintable(error));
    }
    const auto stats = [&](const QStringList &args) {
        return run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"),
                       QStringLiteral("--json"), QStringLiteral("--to"), QStringLiteral("2026-06-30")}
            + args);
    };
    const auto activites = [&](const QStringList &args) {
        const Result r = stats(args);
        return r.code == 0 ? headline(r, "activites", -2) : -1;
    };
    QCOMPARE(activites({}), 5);
    QCOMPARE(activites({QStringLiteral("--source"), QStringLiteral("v1")}), 2);
    QCOMPARE(activites({QStringLiteral("--source=coop"), QStringLiteral("--source=tableur")}), 2);
    QCOMPARE(activites({QStringLiteral("--source"), QStringLiteral("carnet")}), 1);
    const QJsonObject json
        = QJsonDocument::fromJson(stats({QStringLiteral("--source"), QStringLiteral("v1")}).out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("filtres")).toObject().value(QStringLiteral("sources")).toArray(),
        QJsonArray{QStringLiteral("v1")});
    // The summary counts the same.
    Result r = run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"),
        QStringLiteral("--to"), QStringLiteral("2026-06-30"), QStringLiteral("--source"), QStringLiteral("v1")});
    QCOMPARE(r.code, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Activités")), qPrintable(r.out));
    // A wrong value is named, with the four that are known.
    r = run(QStringList{QStringLiteral("--data-dir"), dir.path(), QStringLiteral("stats"), QStringLiteral("--source"),
        QStringLiteral("minitel")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
    QVERIFY2(r.err.contains(QStringLiteral("« minitel »")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("carnet, coop, v1, tableur")), qPrintable(r.err));
    QVERIFY(CommandLine::helpText(QStringLiteral("stats")).contains(QStringLiteral("--source ORIGINE")));
}

namespace {
QString dataDirOf(const QTemporaryDir &dir)
{
    return dir.path();
}

qint64 totalActivities(const QTemporaryDir &dir)
{
    const Result r
        = run({QStringLiteral("--data-dir"), dataDirOf(dir), QStringLiteral("info"), QStringLiteral("--json")});
    return QJsonDocument::fromJson(r.out.toUtf8())
        .object()
        .value(QStringLiteral("activites"))
        .toObject()
        .value(QStringLiteral("total"))
        .toInt(-1);
}
} // namespace

void TestCommandLine::sauvegarder_thenRestaurer_bringsTheCopyBack()
{
    QTemporaryDir dir;
    QTemporaryDir key;
    QCOMPARE(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                     QStringLiteral("300")})
                 .code,
        0);
    const qint64 total = totalActivities(dir);
    QVERIFY(total > 0);
    const QString copy = key.filePath(QStringLiteral("carnet-cle.sqlite"));
    Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("sauvegarder"), copy});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out,
        QStringLiteral("Sauvegarde écrite dans « %1 » : %2 activités (schéma %3).\n")
            .arg(copy)
            .arg(total)
            .arg(Migrations::LatestVersion));

    // A folder receives a dated file.
    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("sauvegarder"), key.path()});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QFileInfo::exists(
        key.filePath(QStringLiteral("carnet-sauvegarde-%1.sqlite").arg(QDate::currentDate().toString(Qt::ISODate)))));

    QCOMPARE(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                     QStringLiteral("40"), QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--append")})
                 .code,
        0);
    QVERIFY(totalActivities(dir) > total);

    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("restaurer"), copy});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString base = dir.filePath(QLatin1String(Store::FileName));
    QVERIFY2(r.out.startsWith(QStringLiteral("Base « %1 » restaurée depuis « %2 » : %3 activités (schéma %4).\n")
                                  .arg(base, copy)
                                  .arg(total)
                                  .arg(Migrations::LatestVersion)),
        qPrintable(r.out));
    QVERIFY2(
        r.out.contains(
            QStringLiteral("La base remplacée est gardée dans « %1/carnet-remplacee-").arg(Backups::folderOf(base))),
        qPrintable(r.out));
    QCOMPARE(totalActivities(dir), total);
    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("check")});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
}

void TestCommandLine::restaurer_refusesADamagedOrForeignFile()
{
    QTemporaryDir dir;
    QTemporaryDir key;
    QCOMPARE(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                     QStringLiteral("2000")})
                 .code,
        0);
    const QString copy = key.filePath(QStringLiteral("copie.sqlite"));
    QCOMPARE(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("sauvegarder"), copy}).code, 0);
    QVERIFY(DamagedFile::overwritePages(copy, 3, 5));
    const QString base = dir.filePath(QLatin1String(Store::FileName));
    const QByteArray before = DamagedFile::bytesOf(base);

    Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("restaurer"), copy});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(r.err.startsWith(QStringLiteral("« %1 » est endommagée : elle ne peut pas être restaurée").arg(copy)),
        qPrintable(r.err));
    QVERIFY(r.err.contains(QStringLiteral("La base n'a pas été modifiée.")));
    QVERIFY2(!r.err.contains(QStringLiteral("btreeInitPage")), qPrintable(r.err));
    QCOMPARE(DamagedFile::bytesOf(base), before);

    const QString text = key.filePath(QStringLiteral("liste.txt"));
    {
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("pas une base\n");
    }
    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("restaurer"), text});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(r.err.contains(QStringLiteral("n'est pas une sauvegarde Carnet")), qPrintable(r.err));
    QCOMPARE(DamagedFile::bytesOf(base), before);
}

void TestCommandLine::backupCommands_wantTheirFile()
{
    QTemporaryDir dir;
    for (const char *command : {"sauvegarder", "restaurer"}) {
        const Result r = run({QStringLiteral("--data-dir"), dir.path(), QLatin1String(command)});
        QCOMPARE(r.code, static_cast<int>(CommandLine::Usage));
        QVERIFY2(r.err.contains(QStringLiteral("« carnet %1 » attend le fichier").arg(QLatin1String(command))),
            qPrintable(r.err));
    }
    // Nothing to copy in an empty folder, and nothing created there.
    const Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("sauvegarder"),
        dir.filePath(QStringLiteral("x.sqlite"))});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(r.err.contains(QStringLiteral("ne contient pas de base Carnet")), qPrintable(r.err));
    QVERIFY(QDir(dir.path()).isEmpty());
    const Result help = run({QStringLiteral("--help")});
    for (const char *command : {"sauvegarder FICHIER", "restaurer FICHIER", "recuperer"})
        QVERIFY2(help.out.contains(QStringLiteral("  %1 ").arg(QLatin1String(command))), qPrintable(help.out));
    QVERIFY(run({QStringLiteral("restaurer"), QStringLiteral("--help")}).out.contains(QStringLiteral("vérifiée")));
}

void TestCommandLine::check_damagedBase_inFrench_thenRecuperer()
{
    QTemporaryDir dir;
    QCOMPARE(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                     QStringLiteral("3000")})
                 .code,
        0);
    const qint64 total = totalActivities(dir);
    const QString base = dir.filePath(QLatin1String(Store::FileName));
    Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("recuperer")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(r.err.contains(QStringLiteral("n'est pas endommagée")), qPrintable(r.err));
    QVERIFY(DamagedFile::overwritePages(base, 4, 77));

    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("check")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(r.out.contains(QRegularExpression(
                 QStringLiteral("^Page \\d+ de la base illisible\\.$"), QRegularExpression::MultilineOption)),
        qPrintable(r.out));
    QVERIFY2(!r.out.contains(QStringLiteral("btreeInitPage")), qPrintable(r.out));
    QCOMPARE(r.out.count(QStringLiteral("« carnet restaurer FICHIER »")), 1);
    QCOMPARE(r.out.count(QStringLiteral("« carnet recuperer »")), 1);

    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("recuperer")});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("Nouvelle base « %1 », avec ce qui a pu être lu :\n").arg(base)),
        qPrintable(r.out));
    QVERIFY2(
        r.out.contains(
            QStringLiteral("Le fichier endommagé est gardé dans « %1/carnet-endommagee-").arg(Backups::folderOf(base))),
        qPrintable(r.out));
    const qint64 back = totalActivities(dir);
    QVERIFY2(back >= total * 9 / 10 && back <= total, qPrintable(QString::number(back)));
    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("check")});
    QVERIFY2(!r.out.contains(QStringLiteral("de la base illisible")), qPrintable(r.out));
    QVERIFY2(!r.out.contains(QStringLiteral("« carnet recuperer »")), qPrintable(r.out));
}

void TestCommandLine::check_reparer_restoresTriggerAndIndex()
{
    QTemporaryDir dir;
    QCOMPARE(run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("demo"), QStringLiteral("--count"),
                     QStringLiteral("100")})
                 .code,
        0);
    {
        Store store;
        QString error;
        QVERIFY(store.open(dir.filePath(QLatin1String(Store::FileName)), &error));
        QSqlQuery q(store.database());
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER activites_compteurs_update")));
        QVERIFY(q.exec(QStringLiteral("DROP INDEX activites_date")));
    }
    Result r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("check")});
    QCOMPARE(r.code, static_cast<int>(CommandLine::Failure));
    QVERIFY2(r.out.contains(QStringLiteral("Le déclencheur « activites_compteurs_update » manque au schéma")),
        qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("L'index « activites_date » manque au schéma")));
    QVERIFY(!r.out.contains(QStringLiteral("« carnet recuperer »")));
    QVERIFY(r.err.contains(QStringLiteral("2 problèmes trouvés")));

    r = run({QStringLiteral("--data-dir"), dir.path(), QStringLiteral("check"), QStringLiteral("--reparer")});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("Index « activites_date » rétabli.\n"
                                             "Déclencheur « activites_compteurs_update » rétabli.\n")),
        qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("aucun problème (100 activités contrôlées)")));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
