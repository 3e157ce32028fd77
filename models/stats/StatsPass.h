#pragma once

#include "models/domain/Nomenclature.h"
#include "models/stats/PassRow.h"
#include "models/stats/StatsFilter.h"
#include "models/stats/StatsResult.h"
#include "models/stats/Tally.h"

#include <QHash>
#include <QSet>
#include <QSqlDatabase>
#include <QUuid>

#include <array>
#include <functional>
#include <vector>

// Inside the statistics engine (StatsEngine.cpp): one pass over the statistics' copy of the activities, as
// StatsEngine.h describes it.
namespace StatsInternal {

using List = Nomenclature::List;

// A followed beneficiary's public fields as slots of the public tallies. A deleted one stays a person, anonymous.
struct Person
{
    int genre = 0;
    int trancheAge = 0;
    int statutSocial = 0;
    int commune = 0;
    bool anonymised = false;
};

struct PlaceInfo
{
    QString nom;
    QByteArray codeInsee;
    QByteArray commune;
    QByteArray codePostal;
};

// Headline accumulation of one period, with the followed beneficiaries seen in it.
struct Period
{
    Headline h;
    qint64 fromJd = 0;
    qint64 toJd = -1;
    std::vector<char> seen; // per person index
    bool contains(qint64 jd) const { return jd >= fromJd && jd <= toJd; }
};

struct DayInfo
{
    int month = -1; // index in the month series, -1 outside the period
    int day = -1; // index in the day series, -1 outside the period
};

// Decoded texts of stats_valeurs (see StatsCopySchema.h), each decoded once.
struct LieuInfo
{
    int canal = -1; // slot of type_lieu, -1 for an unknown code
    int place = -1; // slot in "lieux", -1 when not at a place of activity
    int commune = 0; // slot in "communes"
    bool passes = true; // matches the filter's places and communes
};

struct ThemSlots
{
    QList<int> mediation;
    QList<int> demarche;
    bool matches = false; // carries one of the filter's thématiques
};

struct TagSlots
{
    QList<int> entries;
    bool matches = false;
};

struct AnonInfo
{
    int genre = 0;
    int tranche = 0;
    int statut = 0;
    int residence = 0;
};

struct CounterSlots
{
    QList<QPair<int, int>> entries; // slot, count
    qint64 sum = 0;
};

class StatsPass
{
public:
    // today: its year is the one the age bands are reckoned at (the platform's CURRENT_DATE).
    StatsPass(
        const QSqlDatabase &db, const StatsFilter &filter, const QDate &today, const std::function<bool()> &cancelled);

    // The whole computation on one connection: prepare(), pass() over the whole range, finish().
    StatsResult run();
    // Loads what the pass decodes, sets the periods and series; scanFrom() is then the first day to read.
    bool prepare(QString *error);
    QDate scanFrom() const { return m_scanFrom; }
    // Reads the activities of some days (a part of the range when several engines share it; see merge()).
    bool pass(const QDate &from, const QDate &to, QString *error);
    // Adds what another engine, prepared on the same filter, read from other days.
    void merge(const StatsPass &other);
    // The figures, once every day of the range has been read.
    StatsResult finish();
    void stop() { m_stopped = true; }
    // Calls each() on every row of a query, through SQLite's C interface when the connection allows it.
    bool query(const QString &sql, const std::function<void(const Row &)> &each, QString *error);
    // Makes run() list the activities that add to these items (see StatsEngine::activitiesBehind).
    void watch(const QString &key, const QStringList &codes);
    const QList<QUuid> &watched() const { return m_watchedIds; }
    void row(const Row &r);
    bool stopped() const { return m_stopped; }
    bool pollCancelled()
    {
        if (m_cancelled && (++m_rows & 0xFFF) == 0 && m_cancelled())
            m_stopped = true;
        return m_stopped;
    }

private:
    // The tallies of the breakdowns, in the order of Breakdowns::all().
    std::array<Tally *, 13> tallies();
    std::array<const Tally *, 13> tallies() const;
    bool load(QString *error);
    bool scan(const QDate &from, const QDate &to, QString *error);
    bool earlierBeneficiaries(const QDate &before, QString *error);
    void accumulate(const Row &r);
    QByteArray valueText(qint64 id) const
    {
        if (id < 0 || id >= static_cast<qint64>(m_valueSpans.size()))
            return QByteArray();
        const auto &span = m_valueSpans[static_cast<size_t>(id)];
        return QByteArray::fromRawData(m_valueArena.constData() + span.first, span.second);
    }
    // The decoded value of a stats_valeurs id, decoded on first use.
    template <typename T, typename Decode> const T &decoded(qint64 id, std::vector<T> &list, Decode decode)
    {
        if (id >= 0 && id < static_cast<qint64>(m_decoded.size())) {
            int &index = m_decoded[static_cast<size_t>(id)];
            if (index < 0) {
                list.push_back(decode(valueText(id)));
                index = static_cast<int>(list.size()) - 1;
            }
            return list[static_cast<size_t>(index)];
        }
        list.push_back(decode(QByteArray()));
        return list.back();
    }
    LieuInfo decodeLieu(const QByteArray &text);
    ThemSlots decodeThematiques(const QByteArray &raw);
    QList<int> decodeMateriel(const QByteArray &raw);
    TagSlots decodeTags(const QByteArray &raw);
    AnonInfo decodeAnonyme(const QByteArray &text);
    int person(const QByteArray &id) const { return m_personIndex.value(id, -1); }
    // The counters of one group (genre, tranche d'âge or statut), decoded once per distinct text.
    const CounterSlots &counters(
        Tally &tally, List list, QHash<QByteArray, CounterSlots> &cache, const QByteArray &raw);
    // Slot of a single code (empty: non communiqué), the text read once per distinct value.
    int codeSlot(Tally &tally, List list, int ncSlot, const QByteArray &raw)
    {
        if (raw.isEmpty())
            return ncSlot;
        const auto it = m_codeSlots.constFind(QPair<const Tally *, QByteArray>(&tally, raw));
        if (it != m_codeSlots.cend())
            return it.value();
        const QString code = QString::fromUtf8(raw);
        const int s
            = tally.find(code) >= 0 ? tally.find(code) : tally.slot(code, Nomenclature::instance().label(list, code));
        m_codeSlots.insert({&tally, owned(raw)}, s);
        return s;
    }
    // Slot of a commune by INSEE code (empty: non communiqué), labelled on first sight as the platform does.
    int communeSlot(
        Tally &tally, int ncSlot, const QByteArray &insee, const QByteArray &name, const QByteArray &postal);
    // The age band of a person: from the birth year at this year when it lies between 1900 and this year, otherwise
    // the stored band, otherwise non communiqué (derivedTrancheAgeSql.ts).
    int trancheOf(int anneeNaissance, const QByteArray &stored);
    const DayInfo &day(qint64 jd) const
    {
        const qint64 k = jd - m_scanFromJd;
        static const DayInfo outside;
        return k >= 0 && k < static_cast<qint64>(m_dayInfo.size()) ? m_dayInfo[static_cast<size_t>(k)] : outside;
    }
    // The public of a followed beneficiary, once per period (finish()), or once per activity while watching.
    void addPerson(int person);
    // The public of n anonymous people of the same text (its id in stats_valeurs): each anonymous accompagnement is a
    // person of its own.
    void addAnonymous(qint64 id, qint64 n);
    // The anonymous people of the period are counted by text during the pass, and their public added once per text at
    // the end of the pass (addAnonymousCounts()): far fewer than the activities, they are decoded and tallied once.
    void countAnonymous(qint64 id);
    void addAnonymousCounts();
    void addWorkshopPublic(const Row &r, const QList<int> &followed, qint64 accompagnements);

    const QSqlDatabase &m_db;
    const StatsFilter &m_filter;
    int m_year = 0; // today's
    const std::function<bool()> &m_cancelled;
#ifdef Q_OS_LINUX
    sqlite3 *m_handle = nullptr; // the QSQLITE driver's connection, when its C interface may be used
#endif

    QList<Person> m_people;
    QHash<QByteArray, int> m_personIndex;
    // Per person: the julian day of their first accompagnement in the scan (any filter; max: none), whether that
    // accompagnement passes the filters, and whether they have a non-deleted activity before the scan.
    std::vector<qint64> m_firstJd;
    std::vector<char> m_firstPasses;
    std::vector<char> m_before;
    QList<int> m_firstHere; // the people whose first accompagnement is the current activity
    QHash<QByteArray, PlaceInfo> m_places;
    QList<int> m_followed; // the followed participants of the current workshop (person index, -1 unknown)
    QByteArray m_structureInsee;
    QByteArray m_structureCommune;
    QByteArray m_structurePostal;

    // stats_valeurs: texts by id, and the index of their decoded value in its kind's list (-1: not yet).
    QByteArray m_valueArena;
    std::vector<QPair<int, int>> m_valueSpans;
    std::vector<int> m_decoded;
    std::vector<LieuInfo> m_lieuInfos;
    std::vector<ThemSlots> m_themInfos;
    std::vector<QList<int>> m_materielInfos;
    std::vector<TagSlots> m_tagInfos;
    std::vector<int> m_personInfos;
    std::vector<AnonInfo> m_anonInfos;
    std::vector<quint32> m_anonCounts; // per id in stats_valeurs

    bool m_wantIndividuel = true, m_wantCollectif = true;
    QSet<QByteArray> m_lieux, m_communeFilter, m_themFilter, m_sourceFilter;
    QList<QByteArray> m_departements;
    QSet<QString> m_tagFilter;

    Period m_current, m_previous, m_yearBefore;
    bool m_wantYearBefore = false;
    qint64 m_scanFromJd = 0;
    QDate m_scanFrom;
    std::vector<DayInfo> m_dayInfo; // per day of the scan
    QList<qint64> m_months; // every calendar month of the period
    QList<qint64> m_days; // every day of the period

    Tally m_type{Breakdowns::spec("type_activite")};
    Tally m_mediation{Breakdowns::spec("thematique_mediation")};
    Tally m_demarche{Breakdowns::spec("thematique_demarche")};
    Tally m_materiel{Breakdowns::spec("materiel")};
    Tally m_tags{Breakdowns::spec("tags")};
    Tally m_canal{Breakdowns::spec("type_lieu")};
    Tally m_duree{Breakdowns::spec("duree")};
    Tally m_lieuxTally{Breakdowns::spec("lieux")};
    Tally m_communes{Breakdowns::spec("communes")};
    Tally m_genre{Breakdowns::spec("genre")};
    Tally m_tranche{Breakdowns::spec("tranche_age")};
    Tally m_statut{Breakdowns::spec("statut_social")};
    Tally m_residence{Breakdowns::spec("commune_residence")};
    int m_ncGenre = 0, m_ncTranche = 0, m_ncStatut = 0, m_ncResidence = 0, m_ncCommune = 0;
    std::vector<int> m_bucketOfDuree; // duration in minutes -> slot of "duree", -1 none

    QHash<QByteArray, CounterSlots> m_genreCounters, m_trancheCounters, m_statutCounters;
    QHash<QPair<const Tally *, QByteArray>, int> m_codeSlots;
    QHash<int, int> m_trancheForYear; // birth year -> slot
    qint64 m_firstJour = 0; // of the earliest activity of the copy, 0: none
    qint64 m_rows = 0;
    bool m_stopped = false;

    // activitiesBehind(): the watched items, whether the current activity added to one, and the activities that did.
    bool m_watching = false;
    bool m_hit = false;
    QString m_watchKey;
    QSet<QString> m_watchCodes;
    std::vector<char> m_watchMonths, m_watchDays;
    QList<QUuid> m_watchedIds;
};

// Every read of an engine in one snapshot of the base (a read transaction, or a savepoint in the caller's): a save
// committed meanwhile cannot make the copy's codes point past the texts loaded first.
class Snapshot
{
public:
    explicit Snapshot(StatsPass &engine)
        : m_engine(engine)
    {
        QString error;
        m_open = m_engine.query(
            QStringLiteral("SAVEPOINT carnet_stats"), [](const Row &) {}, &error);
    }
    ~Snapshot()
    {
        QString error;
        if (m_open)
            m_engine.query(
                QStringLiteral("RELEASE carnet_stats"), [](const Row &) {}, &error);
    }
    Snapshot(const Snapshot &) = delete;
    Snapshot &operator=(const Snapshot &) = delete;

private:
    StatsPass &m_engine;
    bool m_open = false;
};

} // namespace StatsInternal
