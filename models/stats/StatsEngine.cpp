#include "models/stats/StatsEngine.h"

#include "models/domain/Activity.h"
#include "models/domain/Nomenclature.h"
#include "models/store/Connection.h"
#include "models/store/StatsCopySchema.h"

#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#ifdef Q_OS_LINUX
#include <sqlite3.h>
#endif

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <memory>

namespace {

using List = Nomenclature::List;

QString nonCommunique()
{
    return QString::fromLatin1(Nomenclature::NonCommunique);
}

// Weighted counts by code. Codes get a slot once; the raw texts of multi-valued columns are split once per distinct
// text and remembered as lists of entries.
class Tally
{
public:
    enum class Order { Nomenclature, ByCount };

    Tally(const QString &key, Order order)
        : m_key(key)
        , m_order(order)
    {
    }

    void addList(List list, bool statsLabels = false)
    {
        const QList<NomenclatureItem> &items = Nomenclature::instance().items(list);
        for (const NomenclatureItem &item : items)
            slot(item.value, statsLabels && !item.labelStats.isEmpty() ? item.labelStats : item.label);
    }
    int slot(const QString &code, const QString &label)
    {
        const auto it = m_index.constFind(code);
        if (it != m_index.cend())
            return it.value();
        const int s = static_cast<int>(m_counts.size());
        m_index.insert(code, s);
        m_codes.append(code);
        m_labels.append(label.isEmpty() ? code : label);
        m_counts.push_back(0);
        m_watched.push_back(m_watchCodes.contains(code) ? 1 : 0);
        return s;
    }
    int find(const QString &code) const { return m_index.value(code, -1); }
    void add(int slot, qint64 n)
    {
        m_counts[static_cast<size_t>(slot)] += n;
        if (m_hit && n > 0 && m_watched[static_cast<size_t>(slot)])
            *m_hit = true;
    }
    const QString &key() const { return m_key; }
    // Adds another tally of the same key, matching its items by code.
    void merge(const Tally &other)
    {
        for (size_t s = 0; s < other.m_counts.size(); ++s) {
            if (other.m_counts[s] != 0) {
                const qsizetype i = static_cast<qsizetype>(s);
                m_counts[static_cast<size_t>(slot(other.m_codes.at(i), other.m_labels.at(i)))] += other.m_counts[s];
            }
        }
    }
    qint64 count(int slot) const { return m_counts[static_cast<size_t>(slot)]; }
    // Sets *hit whenever an item of these codes is added to.
    void watch(const QSet<QString> &codes, bool *hit)
    {
        m_watchCodes = codes;
        m_hit = hit;
        for (size_t s = 0; s < m_watched.size(); ++s)
            m_watched[s] = codes.contains(m_codes.at(static_cast<qsizetype>(s))) ? 1 : 0;
    }

    Breakdown result() const
    {
        Breakdown b;
        b.key = m_key;
        QList<int> order;
        for (int s = 0; s < static_cast<int>(m_counts.size()); ++s) {
            if (m_order == Order::Nomenclature || m_counts[static_cast<size_t>(s)] > 0)
                order.append(s);
        }
        if (m_order == Order::ByCount) {
            const QString nc = nonCommunique();
            std::sort(order.begin(), order.end(), [&](int x, int y) {
                const bool xnc = m_codes.at(x) == nc;
                const bool ync = m_codes.at(y) == nc;
                if (xnc != ync)
                    return ync;
                if (count(x) != count(y))
                    return count(x) > count(y);
                const int byLabel = QString::localeAwareCompare(m_labels.at(x), m_labels.at(y));
                return byLabel != 0 ? byLabel < 0 : m_codes.at(x) < m_codes.at(y);
            });
        }
        QList<qint64> counts;
        for (int s : std::as_const(order)) {
            counts.append(count(s));
            b.total += count(s);
        }
        const QList<double> percents = largestRemainder(counts);
        for (int k = 0; k < order.size(); ++k) {
            const int s = order.at(k);
            b.items.append({m_codes.at(s), m_labels.at(s), count(s), percents.at(k)});
        }
        return b;
    }

private:
    QString m_key;
    Order m_order;
    QHash<QString, int> m_index;
    QStringList m_codes;
    QStringList m_labels;
    std::vector<qint64> m_counts;
    std::vector<char> m_watched;
    QSet<QString> m_watchCodes;
    bool *m_hit = nullptr;
};

// A followed beneficiary's public fields as slots of the public tallies (tranche -1: from the birth year).
struct Person
{
    int genre = 0;
    int trancheAge = -1;
    int anneeNaissance = 0;
    int statutSocial = 0;
    int commune = 0;
};

struct PlaceInfo
{
    QString nom;
    QByteArray codeInsee;
    QByteArray commune;
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
    int month = -1; // index in the month series, -1 outside
    int day = -1; // index in the day series, -1 outside
    int year = 0;
};

// Decoded texts of stats_valeurs (see StatsTable.h), each decoded once.
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
    int tranche = -1; // -1: from the birth year
    int annee = 0;
    int statut = 0;
    int residence = 0;
    bool dejaAccompagne = false;
};

struct CounterSlots
{
    QList<QPair<int, int>> entries; // slot, count
    qint64 sum = 0;
};

// The arguments of one activity in the pass, read from activites_stats.
enum Arg { AJour, AMesures, ACodesLieu, ACodesUsage, APersonne, AAtelier, AId };

// The id is read only to list the activities behind an item.
QString passColumns(bool withId)
{
    return QStringLiteral("jour, mesures, codes_lieu, codes_usage, personne, atelier")
        + (withId ? QStringLiteral(", id") : QString());
}

// One activity of the pass. Text comes as UTF-8 bytes that stay valid until the next activity (not to be kept).
class Row
{
public:
    virtual ~Row() = default;
    virtual QByteArray text(int arg) const = 0;
    virtual qint64 integer(int arg) const = 0;
};

// The portable reader: QtSql values, converted.
class QtRow : public Row
{
public:
    explicit QtRow(const QSqlQuery &q)
        : m_q(q)
    {
    }
    QByteArray text(int arg) const override
    {
        m_buffers[arg] = m_q.value(arg).toString().toUtf8();
        return m_buffers[arg];
    }
    qint64 integer(int arg) const override { return m_q.value(arg).toLongLong(); }

private:
    const QSqlQuery &m_q;
    mutable QByteArray m_buffers[8]; // the engine's queries read at most 8 columns
};

#ifdef Q_OS_LINUX
// A result row of SQLite's C interface, read in place (QtSql would convert every value to a QVariant and every text to
// UTF-16).
class StatementRow : public Row
{
public:
    explicit StatementRow(sqlite3_stmt *statement)
        : m_statement(statement)
    {
    }
    QByteArray text(int arg) const override
    {
        // As a blob: the bytes in place, where a text would first be copied to be given a terminating zero.
        const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement, arg));
        return data ? QByteArray::fromRawData(data, sqlite3_column_bytes(m_statement, arg)) : QByteArray();
    }
    qint64 integer(int arg) const override { return sqlite3_column_int64(m_statement, arg); }

private:
    sqlite3_stmt *m_statement;
};

// The arguments of an SQL function that SQLite calls on every activity of the pass (see Engine::scan): read in place,
// with none of the per-column calls of a result row nor QtSql's conversion of every value to a QVariant.
class ValueRow : public Row
{
public:
    explicit ValueRow(sqlite3_value **values)
        : m_values(values)
    {
    }
    QByteArray text(int arg) const override
    {
        const auto *data = static_cast<const char *>(sqlite3_value_blob(m_values[arg]));
        return data ? QByteArray::fromRawData(data, sqlite3_value_bytes(m_values[arg])) : QByteArray();
    }
    qint64 integer(int arg) const override { return sqlite3_value_int64(m_values[arg]); }

private:
    sqlite3_value **m_values;
};
#endif

// A deep copy of a row's bytes, for a hash key that outlives the row.
QByteArray owned(const QByteArray &raw)
{
    return QByteArray(raw.constData(), raw.size());
}

QSet<QByteArray> utf8Set(const QStringList &list)
{
    QSet<QByteArray> set;
    for (const QString &s : list)
        set.insert(s.toUtf8());
    return set;
}

class Engine
{
public:
    Engine(const QSqlDatabase &db, const StatsFilter &filter, const std::function<bool()> &cancelled)
        : m_db(db)
        , m_filter(filter)
        , m_cancelled(cancelled)
    {
        m_type.addList(List::TypeActivite, true);
        m_canal.addList(List::TypeLieu);
        m_mediation.addList(List::ThematiqueMediation);
        m_demarche.addList(List::ThematiqueDemarche);
        m_materiel.addList(List::Materiel);
        m_genre.addList(List::Genre);
        m_tranche.addList(List::TrancheAge);
        m_statut.addList(List::StatutSocial);
        for (const DurationBucket &bucket : Nomenclature::instance().durationBuckets())
            m_duree.slot(bucket.key, bucket.label);
        m_ncGenre = m_genre.slot(nonCommunique(), QString());
        m_ncTranche = m_tranche.slot(nonCommunique(), QString());
        m_ncStatut = m_statut.slot(nonCommunique(), QString());
        m_ncResidence = m_residence.slot(nonCommunique(), ncLabel());
        m_ncCommune = m_communes.slot(nonCommunique(), ncLabel());
        m_wantIndividuel = filter.types.isEmpty() || filter.types.contains(QLatin1String(Activity::Individuel));
        m_wantCollectif = filter.types.isEmpty() || filter.types.contains(QLatin1String(Activity::Collectif));
        for (const QUuid &id : filter.lieux)
            m_lieux.insert(id.toString(QUuid::WithoutBraces).toUtf8());
        m_communeFilter = utf8Set(filter.communes);
        m_themFilter = utf8Set(filter.thematiques);
        m_tagFilter = QSet<QString>(filter.tags.cbegin(), filter.tags.cend());
#ifdef Q_OS_LINUX
        // The QSQLITE driver's own connection (QSqlDriver::handle(), the pattern Qt documents; Debian's Qt uses the
        // system libsqlite3, which Carnet links too). CARNET_STATS_QTSQL: QtSql only, which the tests compare with it.
        const QVariant handle = m_db.driver() ? m_db.driver()->handle() : QVariant();
        if (!qEnvironmentVariableIsSet("CARNET_STATS_QTSQL") && handle.isValid()
            && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
            // Only when the driver runs the very SQLite that Carnet links (a Qt with its own copy built in would not).
            QSqlQuery q(m_db);
            if (q.exec(QStringLiteral("SELECT sqlite_source_id()")) && q.next()
                && q.value(0).toString() == QLatin1String(sqlite3_sourceid()))
                m_handle = *static_cast<sqlite3 *const *>(handle.constData());
        }
#endif
    }

    // The whole computation on one connection: prepare(), pass() over the whole range, finish().
    StatsResult run();
    // Loads what the pass decodes, sets the periods and series; scanFrom() is then the first day to read.
    bool prepare(QString *error);
    QDate scanFrom() const
    {
        return m_scanFrom;
    }
    // Reads the activities of some days (a part of the range when several engines share it; see merge()).
    bool pass(const QDate &from, const QDate &to, QString *error);
    // Adds what another engine, prepared on the same filter, read from other days.
    void merge(const Engine &other);
    // The figures, once every day of the range has been read.
    StatsResult finish();
    void stop()
    {
        m_stopped = true;
    }
    // Calls each() on every row of a query, through SQLite's C interface when the connection allows it.
    bool query(const QString &sql, const std::function<void(const Row &)> &each, QString *error);
    // Makes run() list the activities that add to these items (see StatsEngine::activitiesBehind).
    void watch(const QString &key, const QStringList &codes);
    const QList<QUuid> &watched() const
    {
        return m_watchedIds;
    }
    void row(const Row &r);
    bool stopped() const
    {
        return m_stopped;
    }
    bool pollCancelled()
    {
        if (m_cancelled && (++m_rows & 0xFFF) == 0 && m_cancelled())
            m_stopped = true;
        return m_stopped;
    }

private:
    static QString ncLabel()
    {
        return Nomenclature::instance().label(List::Genre, nonCommunique());
    }
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
    int person(const QByteArray &id) const
    {
        return m_personIndex.value(id, -1);
    }
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
    // Slot of a commune by INSEE code (empty: non communiqué), named on first sight.
    int communeSlot(Tally &tally, int ncSlot, const QByteArray &insee, const QByteArray &name)
    {
        if (insee.isEmpty())
            return ncSlot;
        const auto it = m_codeSlots.constFind(QPair<const Tally *, QByteArray>(&tally, insee));
        if (it != m_codeSlots.cend())
            return it.value();
        const int s = tally.slot(QString::fromUtf8(insee), QString::fromUtf8(name));
        m_codeSlots.insert({&tally, owned(insee)}, s);
        return s;
    }
    int trancheForYear(int annee, int year)
    {
        const qint64 key = qint64(annee) * 10000 + year;
        auto it = m_trancheForYear.constFind(key);
        if (it == m_trancheForYear.cend()) {
            it = m_trancheForYear.insert(key,
                codeSlot(m_tranche, List::TrancheAge, m_ncTranche,
                    Nomenclature::trancheAgeForBirthYear(annee, year).toUtf8()));
        }
        return it.value();
    }
    const DayInfo &day(qint64 jd) const
    {
        const qint64 k = jd - m_scanFromJd;
        static const DayInfo outside;
        return k >= 0 && k < static_cast<qint64>(m_dayInfo.size()) ? m_dayInfo[static_cast<size_t>(k)] : outside;
    }
    void addPerson(int person, int year);
    // The public of an anonymous person (its id in stats_valeurs) met n times in a year.
    void addAnonymous(qint64 id, int year, qint64 n);
    // The anonymous people of the period are counted by id and year during the pass, and their public added once at
    // the end (addAnonymousCounts()): far fewer than the activities, they are decoded and tallied once each.
    void countAnonymous(qint64 id, int year);
    void addAnonymousCounts();
    void addWorkshopPublic(const Row &r, const QList<int> &followed, qint64 accompagnements, int year);

    const QSqlDatabase &m_db;
    const StatsFilter &m_filter;
    const std::function<bool()> &m_cancelled;
#ifdef Q_OS_LINUX
    sqlite3 *m_handle = nullptr; // the QSQLITE driver's connection, when its C interface may be used
#endif

    QList<Person> m_people;
    QHash<QByteArray, int> m_personIndex;
    std::vector<qint64> m_firstSeen; // per person: earliest julian day seen in the scan (any filter)
    std::vector<char> m_before; // per person: has a non-deleted activity before the scan
    QHash<QByteArray, PlaceInfo> m_places;
    QList<int> m_followed; // the followed participants of the current workshop (person index, -1 unknown)
    QByteArray m_structureInsee;
    QByteArray m_structureCommune;

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
    std::vector<std::vector<quint32>> m_anonCounts; // per year of the period, per id in stats_valeurs

    bool m_wantIndividuel = true, m_wantCollectif = true;
    QSet<QByteArray> m_lieux, m_communeFilter, m_themFilter;
    QSet<QString> m_tagFilter;

    Period m_current, m_previous, m_yearBefore;
    bool m_wantYearBefore = false;
    qint64 m_scanFromJd = 0;
    QDate m_scanFrom, m_firstMonthDate, m_firstDayDate;
    std::vector<DayInfo> m_dayInfo; // per day of the scan
    QList<qint64> m_months = QList<qint64>(12, 0);
    QList<qint64> m_days = QList<qint64>(30, 0);

    Tally m_type{QStringLiteral("type_activite"), Tally::Order::Nomenclature};
    Tally m_mediation{QStringLiteral("thematique_mediation"), Tally::Order::Nomenclature};
    Tally m_demarche{QStringLiteral("thematique_demarche"), Tally::Order::Nomenclature};
    Tally m_materiel{QStringLiteral("materiel"), Tally::Order::Nomenclature};
    Tally m_tags{QStringLiteral("tags"), Tally::Order::ByCount};
    Tally m_canal{QStringLiteral("type_lieu"), Tally::Order::Nomenclature};
    Tally m_duree{QStringLiteral("duree"), Tally::Order::Nomenclature};
    Tally m_lieuxTally{QStringLiteral("lieux"), Tally::Order::ByCount};
    Tally m_communes{QStringLiteral("communes"), Tally::Order::ByCount};
    Tally m_genre{QStringLiteral("genre"), Tally::Order::Nomenclature};
    Tally m_tranche{QStringLiteral("tranche_age"), Tally::Order::Nomenclature};
    Tally m_statut{QStringLiteral("statut_social"), Tally::Order::Nomenclature};
    Tally m_residence{QStringLiteral("commune_residence"), Tally::Order::ByCount};
    int m_ncGenre = 0, m_ncTranche = 0, m_ncStatut = 0, m_ncResidence = 0, m_ncCommune = 0;
    std::vector<int> m_bucketOfDuree; // duration in minutes -> slot of "duree", -1 none

    QHash<QByteArray, CounterSlots> m_genreCounters, m_trancheCounters, m_statutCounters;
    QHash<QPair<const Tally *, QByteArray>, int> m_codeSlots;
    QHash<qint64, int> m_trancheForYear;
    qint64 m_firstJour = 0; // of the earliest activity of the copy, 0: none
    qint64 m_rows = 0;
    bool m_stopped = false;

    // activitiesBehind(): the watched items, whether the current activity added to one, and the activities that did.
    bool m_watching = false;
    bool m_hit = false;
    QString m_watchKey;
    QSet<QString> m_watchCodes;
    std::vector<char> m_watchMonths = std::vector<char>(12, 0), m_watchDays = std::vector<char>(30, 0);
    QList<QUuid> m_watchedIds;
};

// Every read of an engine in one snapshot of the base (a read transaction, or a savepoint in the caller's): a save
// committed meanwhile cannot make the copy's codes point past the texts loaded first.
class Snapshot
{
public:
    explicit Snapshot(Engine &engine)
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
    Engine &m_engine;
    bool m_open = false;
};

void Engine::watch(const QString &key, const QStringList &codes)
{
    m_watching = true;
    m_watchKey = key;
    m_watchCodes = QSet<QString>(codes.cbegin(), codes.cend());
    for (Tally *t : {&m_type, &m_mediation, &m_demarche, &m_materiel, &m_tags, &m_canal, &m_duree, &m_lieuxTally,
             &m_communes, &m_genre, &m_tranche, &m_statut, &m_residence}) {
        if (t->key() == key)
            t->watch(m_watchCodes, &m_hit);
    }
}

bool Engine::query(const QString &sql, const std::function<void(const Row &)> &each, QString *error)
{
#ifdef Q_OS_LINUX
    if (m_handle) {
        const QByteArray text = sql.toUtf8();
        sqlite3_stmt *statement = nullptr;
        int rc = sqlite3_prepare_v2(m_handle, text.constData(), static_cast<int>(text.size()), &statement, nullptr);
        if (rc == SQLITE_OK) {
            const StatementRow r(statement);
            while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
                each(r);
        }
        if (rc != SQLITE_DONE)
            *error = QString::fromUtf8(sqlite3_errmsg(m_handle));
        sqlite3_finalize(statement);
        return rc == SQLITE_DONE;
    }
#endif
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(sql)) {
        *error = q.lastError().text();
        return false;
    }
    const QtRow r(q);
    while (q.next())
        each(r);
    if (q.lastError().isValid()) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

bool Engine::load(QString *error)
{
    const bool ok = query(
        QStringLiteral("SELECT id, genre, tranche_age, annee_naissance, statut_social, code_insee, "
                       "commune FROM beneficiaires"),
        [this](const Row &r) {
            m_personIndex.insert(owned(r.text(0)), static_cast<int>(m_people.size()));
            Person p;
            p.genre = codeSlot(m_genre, List::Genre, m_ncGenre, r.text(1));
            const QByteArray tranche = r.text(2);
            p.trancheAge = tranche.isEmpty() ? -1 : codeSlot(m_tranche, List::TrancheAge, m_ncTranche, tranche);
            p.anneeNaissance = static_cast<int>(r.integer(3));
            p.statutSocial = codeSlot(m_statut, List::StatutSocial, m_ncStatut, r.text(4));
            p.commune = communeSlot(m_residence, m_ncResidence, r.text(5), r.text(6));
            m_people.append(p);
        },
        error);
    if (!ok)
        return false;
    const size_t people = static_cast<size_t>(m_people.size());
    m_firstSeen.assign(people, std::numeric_limits<qint64>::max());
    m_before.assign(people, 0);
    for (Period *p : {&m_current, &m_previous, &m_yearBefore})
        p->seen.assign(people, 0);

    if (!query(
            QStringLiteral("SELECT id, nom, code_insee, commune FROM lieux"),
            [this](const Row &r) {
                m_places.insert(owned(r.text(0)), {QString::fromUtf8(r.text(1)), owned(r.text(2)), owned(r.text(3))});
            },
            error))
        return false;

    if (!query(
            QStringLiteral("SELECT structure_code_insee, structure_commune FROM profil WHERE id = 1"),
            [this](const Row &r) {
                m_structureInsee = owned(r.text(0));
                m_structureCommune = owned(r.text(1));
            },
            error))
        return false;

    const QList<DurationBucket> &buckets = Nomenclature::instance().durationBuckets();
    m_bucketOfDuree.assign(static_cast<size_t>(StatsCopySchema::DureeMask) + 1, -1);
    for (size_t minutes = 0; minutes < m_bucketOfDuree.size(); ++minutes) {
        const qint64 m = static_cast<qint64>(minutes);
        for (int b = 0; b < buckets.size(); ++b) {
            if (m >= buckets.at(b).min && (buckets.at(b).max < 0 || m < buckets.at(b).max))
                m_bucketOfDuree[minutes] = b;
        }
    }

    // The texts the copy's codes stand for, kept raw until an activity of the pass uses them.
    if (!query(
            QStringLiteral("SELECT id, texte FROM stats_valeurs"),
            [this](const Row &r) {
                const qint64 id = r.integer(0);
                if (id < 0 || id > std::numeric_limits<int>::max())
                    return;
                const QByteArray text = r.text(1);
                if (static_cast<size_t>(id) >= m_valueSpans.size())
                    m_valueSpans.resize(static_cast<size_t>(id) + 1, {0, 0});
                m_valueSpans[static_cast<size_t>(id)]
                    = {static_cast<int>(m_valueArena.size()), static_cast<int>(text.size())};
                m_valueArena.append(text);
            },
            error))
        return false;
    m_decoded.assign(m_valueSpans.size(), -1);
    return true;
}

LieuInfo Engine::decodeLieu(const QByteArray &text)
{
    const QList<QByteArray> parts = text.split(StatsCopySchema::Separator);
    const auto part = [&](int i) { return i < parts.size() ? parts.at(i) : QByteArray(); };
    const QByteArray typeLieu = part(0);
    LieuInfo info;
    info.canal = codeSlot(m_canal, List::TypeLieu, -1, typeLieu);
    const bool atPlace = typeLieu == "lieu_activite";
    const QByteArray lieuId = atPlace ? part(1) : QByteArray();
    QByteArray insee;
    QByteArray name;
    const PlaceInfo *place = nullptr;
    if (atPlace) {
        const auto it = m_places.constFind(lieuId);
        if (it != m_places.cend()) {
            place = &it.value();
            insee = place->codeInsee;
            name = place->commune;
        }
    } else {
        insee = part(2);
        name = part(3);
        if (insee.isEmpty() && typeLieu == "a_distance") {
            insee = m_structureInsee;
            name = m_structureCommune;
        }
    }
    info.passes = (m_lieux.isEmpty() || m_lieux.contains(lieuId))
        && (m_communeFilter.isEmpty() || m_communeFilter.contains(insee));
    if (atPlace)
        info.place = m_lieuxTally.slot(QString::fromUtf8(lieuId), place ? place->nom : QString::fromUtf8(lieuId));
    info.commune = communeSlot(m_communes, m_ncCommune, insee, name);
    return info;
}

ThemSlots Engine::decodeThematiques(const QByteArray &raw)
{
    ThemSlots entries;
    const Nomenclature &n = Nomenclature::instance();
    const QList<QByteArray> codes = raw.isEmpty() ? QList<QByteArray>() : raw.split(',');
    for (const QByteArray &bytes : codes) {
        if (m_themFilter.contains(bytes))
            entries.matches = true;
        const QString code = QString::fromUtf8(bytes);
        if (n.contains(List::ThematiqueDemarche, code))
            entries.demarche.append(m_demarche.slot(code, n.label(List::ThematiqueDemarche, code)));
        else
            entries.mediation.append(m_mediation.slot(code, n.label(List::ThematiqueMediation, code)));
    }
    return entries;
}

QList<int> Engine::decodeMateriel(const QByteArray &raw)
{
    QList<int> entries;
    const QList<QByteArray> codes = raw.isEmpty() ? QList<QByteArray>() : raw.split(',');
    for (const QByteArray &bytes : codes) {
        const QString code = QString::fromUtf8(bytes);
        entries.append(m_materiel.slot(code, Nomenclature::instance().label(List::Materiel, code)));
    }
    return entries;
}

TagSlots Engine::decodeTags(const QByteArray &raw)
{
    TagSlots entries;
    if (!raw.isEmpty()) {
        const QJsonArray array = QJsonDocument::fromJson(owned(raw)).array();
        for (const QJsonValue &v : array) {
            const QString tag = v.toString();
            if (m_tagFilter.contains(tag))
                entries.matches = true;
            entries.entries.append(m_tags.slot(tag, tag));
        }
    }
    return entries;
}

AnonInfo Engine::decodeAnonyme(const QByteArray &text)
{
    const QList<QByteArray> parts = text.split(StatsCopySchema::Separator);
    const auto part = [&](int i) { return i < parts.size() ? parts.at(i) : QByteArray(); };
    AnonInfo a;
    a.genre = codeSlot(m_genre, List::Genre, m_ncGenre, part(0));
    a.annee = part(2).toInt();
    a.tranche = part(1).isEmpty() && a.annee > 0 ? -1 : codeSlot(m_tranche, List::TrancheAge, m_ncTranche, part(1));
    a.statut = codeSlot(m_statut, List::StatutSocial, m_ncStatut, part(3));
    a.residence = communeSlot(m_residence, m_ncResidence, part(4), part(5));
    a.dejaAccompagne = part(6) == "1";
    return a;
}

const CounterSlots &Engine::counters(
    Tally &tally, List list, QHash<QByteArray, CounterSlots> &cache, const QByteArray &raw)
{
    auto it = cache.constFind(raw);
    if (it != cache.cend())
        return it.value();
    CounterSlots entries;
    const QList<QByteArray> parts = raw.isEmpty() ? QList<QByteArray>() : raw.split(',');
    for (const QByteArray &part : parts) {
        const qsizetype colon = part.indexOf(':');
        if (colon <= 0)
            continue;
        const int n = part.mid(colon + 1).toInt();
        if (n <= 0)
            continue;
        const QString code = QString::fromUtf8(part.left(colon));
        const int s = tally.find(code);
        entries.entries.append({s >= 0 ? s : tally.slot(code, Nomenclature::instance().label(list, code)), n});
        entries.sum += n;
    }
    return cache.insert(owned(raw), entries).value();
}

void Engine::addPerson(int person, int year)
{
    if (person < 0) {
        m_genre.add(m_ncGenre, 1);
        m_tranche.add(m_ncTranche, 1);
        m_statut.add(m_ncStatut, 1);
        m_residence.add(m_ncResidence, 1);
        return;
    }
    const Person &p = m_people.at(person);
    m_genre.add(p.genre, 1);
    int tranche = p.trancheAge;
    if (tranche < 0)
        tranche = p.anneeNaissance > 0 ? trancheForYear(p.anneeNaissance, year) : m_ncTranche;
    m_tranche.add(tranche, 1);
    m_statut.add(p.statutSocial, 1);
    m_residence.add(p.commune, 1);
}

void Engine::addAnonymous(qint64 id, int year, qint64 n)
{
    const AnonInfo &a = decoded(id, m_anonInfos, [this](const QByteArray &t) { return decodeAnonyme(t); });
    m_genre.add(a.genre, n);
    m_tranche.add(a.tranche >= 0 ? a.tranche : trancheForYear(a.annee, year), n);
    m_statut.add(a.statut, n);
    m_residence.add(a.residence, n);
}

void Engine::countAnonymous(qint64 id, int year)
{
    const int k = year - m_current.h.from.year();
    if (id <= 0 || id >= static_cast<qint64>(m_decoded.size()) || k < 0 || k >= static_cast<int>(m_anonCounts.size())) {
        addAnonymous(id, year, 1);
        return;
    }
    std::vector<quint32> &counts = m_anonCounts[static_cast<size_t>(k)];
    if (counts.empty())
        counts.assign(m_decoded.size(), 0);
    ++counts[static_cast<size_t>(id)];
}

void Engine::addAnonymousCounts()
{
    for (size_t k = 0; k < m_anonCounts.size(); ++k) {
        std::vector<quint32> &counts = m_anonCounts[k];
        for (size_t id = 0; id < counts.size(); ++id) {
            if (counts[id] > 0)
                addAnonymous(static_cast<qint64>(id), m_current.h.from.year() + static_cast<int>(k), counts[id]);
        }
        counts.clear(); // added: a later pass counts afresh
    }
}

void Engine::addWorkshopPublic(const Row &r, const QList<int> &followed, qint64 accompagnements, int year)
{
    // Anonymous participants: the counters, the rest of each group non communiqué. Followed ones: their record.
    // Whatever neither accounts for (a stored count out of step) is non communiqué too, so that every public
    // breakdown adds up to the accompagnements.
    const qint64 anonymous = accompagnements - followed.size();
    // The three groups of counters, split in place.
    const QByteArray all = r.text(AAtelier);
    const qsizetype first = all.indexOf(StatsCopySchema::Separator);
    const qsizetype second = first < 0 ? -1 : all.indexOf(StatsCopySchema::Separator, first + 1);
    const auto part = [&](qsizetype from, qsizetype to) {
        return from < 0 ? QByteArray()
                        : QByteArray::fromRawData(all.constData() + from, (to < 0 ? all.size() : to) - from);
    };
    const auto group
        = [&](Tally &tally, List list, QHash<QByteArray, CounterSlots> &cache, const QByteArray &raw, int nc) {
              const CounterSlots &entries = counters(tally, list, cache, raw);
              for (const auto &s : entries.entries)
                  tally.add(s.first, s.second);
              if (anonymous > entries.sum)
                  tally.add(nc, anonymous - entries.sum);
          };
    group(m_genre, List::Genre, m_genreCounters, part(0, first), m_ncGenre);
    group(m_tranche, List::TrancheAge, m_trancheCounters, part(first < 0 ? -1 : first + 1, second), m_ncTranche);
    const qsizetype third = second < 0 ? -1 : all.indexOf(StatsCopySchema::Separator, second + 1);
    group(m_statut, List::StatutSocial, m_statutCounters, part(second < 0 ? -1 : second + 1, third), m_ncStatut);
    if (anonymous > 0)
        m_residence.add(m_ncResidence, anonymous);
    for (int i : followed)
        addPerson(i, year);
}

void Engine::row(const Row &r)
{
    if (!m_watching) {
        accumulate(r);
        return;
    }
    m_hit = false;
    accumulate(r);
    if (m_hit)
        m_watchedIds.append(QUuid::fromString(QLatin1String(r.text(AId))));
}

void Engine::accumulate(const Row &r)
{
    using namespace StatsCopySchema;
    const qint64 jd = r.integer(AJour);
    const DayInfo &d = day(jd);
    const qint64 mesures = r.integer(AMesures);
    const bool individuel = (mesures & 1) == 0;
    const qint64 duree = (mesures >> DureeShift) & DureeMask;
    const qint64 acc = mesures >> AccompagnementsShift;

    // Followed beneficiaries, and the first day each is seen, whatever the filters.
    int single = -1;
    qint64 anonymousPerson = 0; // its id in stats_valeurs

    static const QList<int> noOne;
    const QList<int> *followed = &noOne;
    if (individuel) {
        const qint64 p = r.integer(APersonne);
        if (p > 0) {
            single = decoded(p, m_personInfos, [this](const QByteArray &id) { return person(id); });
            if (single >= 0)
                m_firstSeen[static_cast<size_t>(single)] = std::min(m_firstSeen[static_cast<size_t>(single)], jd);
        } else {
            anonymousPerson = -p;
        }
    } else if ((mesures >> SuivisShift) & 1) {
        // The last part of the workshop's text: ids of its followed participants in stats_valeurs.
        const QByteArray atelier = r.text(AAtelier);
        const qsizetype last = atelier.lastIndexOf(StatsCopySchema::Separator);
        m_followed.clear();
        qint64 id = 0;
        for (qsizetype k = last + 1; k <= atelier.size(); ++k) {
            if (k == atelier.size() || atelier.at(k) == ',') {
                m_followed.append(decoded(id, m_personInfos, [this](const QByteArray &t) { return person(t); }));
                id = 0;
            } else {
                id = id * 10 + (atelier.at(k) - '0');
            }
        }
        followed = &m_followed;
        for (int i : m_followed) {
            if (i >= 0)
                m_firstSeen[static_cast<size_t>(i)] = std::min(m_firstSeen[static_cast<size_t>(i)], jd);
        }
    }

    // Filters.
    if (individuel ? !m_wantIndividuel : !m_wantCollectif)
        return;
    const qint64 codesLieu = r.integer(ACodesLieu);
    const LieuInfo &lieu
        = decoded(codesLieu & LowMask, m_lieuInfos, [this](const QByteArray &t) { return decodeLieu(t); });
    if (!lieu.passes)
        return;
    const ThemSlots &them
        = decoded(codesLieu >> HighShift, m_themInfos, [this](const QByteArray &t) { return decodeThematiques(t); });
    if (!m_themFilter.isEmpty() && !them.matches)
        return;
    const qint64 codesUsage = r.integer(ACodesUsage);
    const TagSlots &tagSlots
        = decoded(codesUsage >> HighShift, m_tagInfos, [this](const QByteArray &t) { return decodeTags(t); });
    if (!m_tagFilter.isEmpty() && !tagSlots.matches)
        return;

    // Evolution.
    if (d.month >= 0) {
        m_months[d.month] += acc;
        if (m_watching && m_watchKey == QLatin1String("mois") && m_watchMonths[static_cast<size_t>(d.month)])
            m_hit = true;
    }
    if (d.day >= 0) {
        m_days[d.day] += acc;
        if (m_watching && m_watchKey == QLatin1String("jours") && m_watchDays[static_cast<size_t>(d.day)])
            m_hit = true;
    }

    // Headlines.
    qint64 anonymous = 0;
    qint64 anonymousNew = 0;
    const qsizetype followedCount = followed->size();
    if (individuel) {
        if (anonymousPerson) {
            anonymous = 1;
            anonymousNew = (mesures >> DejaShift) & 1 ? 0 : 1;
        }
    } else {
        anonymous = acc - followedCount;
        anonymousNew = std::max<qint64>(0, anonymous - ((mesures >> DejaShift) & DejaMask));
    }
    for (Period *p : {&m_current, &m_previous, &m_yearBefore}) {
        if (!p->contains(jd))
            continue;
        Headline &h = p->h;
        ++h.activites;
        if (individuel) {
            ++h.individuels;
        } else {
            ++h.collectifs;
            h.participantsAteliers += acc;
        }
        h.accompagnements += acc;
        h.minutes += duree;
        h.anonymes += anonymous;
        h.nouveaux += anonymousNew;
        if (single >= 0)
            p->seen[static_cast<size_t>(single)] = 1;
        for (int i : *followed) {
            if (i >= 0)
                p->seen[static_cast<size_t>(i)] = 1;
        }
    }
    if (!m_current.contains(jd))
        return;

    // Breakdowns of the period.
    m_type.add(individuel ? 0 : 1, acc);
    for (int s : them.mediation)
        m_mediation.add(s, acc);
    for (int s : them.demarche)
        m_demarche.add(s, acc);
    for (int s :
        decoded(codesUsage & LowMask, m_materielInfos, [this](const QByteArray &t) { return decodeMateriel(t); }))
        m_materiel.add(s, acc);
    for (int s : tagSlots.entries)
        m_tags.add(s, acc);
    if (lieu.canal >= 0)
        m_canal.add(lieu.canal, acc);
    if (const int bucket = m_bucketOfDuree[static_cast<size_t>(duree)]; bucket >= 0)
        m_duree.add(bucket, acc);
    if (lieu.place >= 0)
        m_lieuxTally.add(lieu.place, acc);
    m_communes.add(lieu.commune, acc);

    if (!individuel)
        addWorkshopPublic(r, *followed, acc, d.year);
    else if (anonymousPerson > 0 && !m_watching)
        countAnonymous(anonymousPerson, d.year);
    else if (anonymousPerson > 0)
        addAnonymous(anonymousPerson, d.year, 1);
    else
        addPerson(single, d.year);
}

#ifdef Q_OS_LINUX
// Called by SQLite on every activity of the pass.
void passFunction(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    auto *engine = static_cast<Engine *>(sqlite3_user_data(context));
    if (argc < AId || engine->pollCancelled()) {
        sqlite3_result_error(context, "interrupted", -1);
        return;
    }
    engine->row(ValueRow(argv));
    sqlite3_result_null(context);
}
#endif

bool Engine::scan(const QDate &from, const QDate &to, QString *error)
{
    const QString range = QStringLiteral(" FROM activites_stats WHERE jour BETWEEN %1 AND %2")
                              .arg(from.toJulianDay())
                              .arg(to.toJulianDay());
#ifdef Q_OS_LINUX
    // SQLite calls passFunction() on every activity: its arguments are read in place, without the calls per column of
    // a result row.
    if (m_handle) {
        // A name of this engine's own: a registration left behind can never call an engine that is gone.
        const QByteArray name = "carnet_stats_" + QByteArray::number(reinterpret_cast<quintptr>(this), 16);
        if (sqlite3_create_function_v2(
                m_handle, name.constData(), -1, SQLITE_UTF8, this, &passFunction, nullptr, nullptr, nullptr)
            != SQLITE_OK) {
            *error = QString::fromUtf8(sqlite3_errmsg(m_handle));
            return false;
        }
        QString message;
        const bool ok = query(
            QStringLiteral("SELECT count(") + QLatin1String(name) + QLatin1Char('(') + passColumns(m_watching)
                + QStringLiteral("))") + range,
            [](const Row &) {}, &message);
        sqlite3_create_function_v2(
            m_handle, name.constData(), -1, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr, nullptr);
        if (!ok && !m_stopped) {
            *error = message;
            return false;
        }
        return true;
    }
#endif
    QString message;
    const bool ok = query(
        QStringLiteral("SELECT ") + passColumns(m_watching) + range,
        [this](const Row &r) {
            if (!m_stopped && !pollCancelled())
                row(r);
        },
        &message);
    if (!ok)
        *error = message;
    return ok;
}

// Followed beneficiaries with a non-deleted activity before a day (individual or workshop participant).
bool Engine::earlierBeneficiaries(const QDate &before, QString *error)
{
    const qint64 beforeJd = before.toJulianDay();
    if (m_firstJour <= 0 || m_firstJour >= beforeJd)
        return true; // nothing before
    const auto mark = [this](const Row &r) {
        if (const int i = person(r.text(0)); i >= 0)
            m_before[static_cast<size_t>(i)] = 1;
    };
    if (!query(QStringLiteral("SELECT DISTINCT v.texte FROM activites_stats s JOIN stats_valeurs v ON v.id = "
                              "s.personne WHERE s.jour < %1 AND s.personne > 0")
                   .arg(beforeJd),
            mark, error))
        return false;
    return query(QStringLiteral("SELECT DISTINCT p.beneficiaire_id FROM activites_stats s CROSS JOIN "
                                "activite_participants p ON p.activite_id = s.id WHERE s.jour < %1 AND s.mesures & 1")
                     .arg(beforeJd),
        mark, error);
}

bool Engine::prepare(QString *error)
{
    const QDate from = m_filter.from;
    const QDate to = m_filter.to;
    const auto setPeriod = [](Period &p, const QDate &f, const QDate &t) {
        p.h.from = f;
        p.h.to = t;
        p.fromJd = f.toJulianDay();
        p.toJd = t.toJulianDay();
    };
    if (!load(error))
        return false;
    setPeriod(m_current, from, to);
    setPeriod(m_previous, m_filter.previousFrom(), m_filter.previousTo());
    m_wantYearBefore = m_filter.compareYearBefore;
    if (m_wantYearBefore)
        setPeriod(m_yearBefore, from.addYears(-1), to.addYears(-1));
    else
        m_yearBefore.toJd = m_yearBefore.fromJd - 1; // empty

    const QDate firstMonth = QDate(to.year(), to.month(), 1).addMonths(-11);
    const QDate firstDay = to.addDays(-29);
    QDate scanFrom = std::min({from, m_filter.previousFrom(), firstMonth, firstDay});
    if (m_wantYearBefore)
        scanFrom = std::min(scanFrom, from.addYears(-1));

    // Each day of the pass: its place in the series, its year.
    m_scanFromJd = scanFrom.toJulianDay();
    m_dayInfo.resize(static_cast<size_t>(scanFrom.daysTo(to) + 1));
    const qint64 firstDayJd = firstDay.toJulianDay();
    const int firstMonthIndex = firstMonth.year() * 12 + firstMonth.month() - 1;
    for (size_t k = 0; k < m_dayInfo.size(); ++k) {
        const QDate d = scanFrom.addDays(static_cast<qint64>(k));
        const int month = d.year() * 12 + d.month() - 1 - firstMonthIndex;
        const qint64 dayIndex = d.toJulianDay() - firstDayJd;
        m_dayInfo[k]
            = {month >= 0 && month < 12 ? month : -1, dayIndex >= 0 && dayIndex < 30 ? int(dayIndex) : -1, d.year()};
    }
    if (m_watching) {
        for (const QString &code : std::as_const(m_watchCodes)) {
            if (m_watchKey == QLatin1String("mois")) {
                const QDate m = QDate::fromString(code + QStringLiteral("-01"), Qt::ISODate);
                const int index = m.isValid() ? m.year() * 12 + m.month() - 1 - firstMonthIndex : -1;
                if (index >= 0 && index < 12)
                    m_watchMonths[static_cast<size_t>(index)] = 1;
            } else if (m_watchKey == QLatin1String("jours")) {
                const QDate d = QDate::fromString(code, Qt::ISODate);
                const qint64 index = d.isValid() ? d.toJulianDay() - firstDayJd : -1;
                if (index >= 0 && index < 30)
                    m_watchDays[static_cast<size_t>(index)] = 1;
            }
        }
    }

    m_anonCounts.resize(static_cast<size_t>(to.year() - from.year() + 1));
    m_scanFrom = scanFrom;
    m_firstMonthDate = firstMonth;
    m_firstDayDate = firstDay;
    return query(
        QStringLiteral("SELECT min(jour) FROM activites_stats WHERE jour > 0"),
        [this](const Row &r) { m_firstJour = r.integer(0); }, error);
}

void Engine::merge(const Engine &other)
{
    if (other.m_stopped)
        m_stopped = true;
    Tally *mine[] = {&m_type, &m_mediation, &m_demarche, &m_materiel, &m_tags, &m_canal, &m_duree, &m_lieuxTally,
        &m_communes, &m_genre, &m_tranche, &m_statut, &m_residence};
    const Tally *theirs[] = {&other.m_type, &other.m_mediation, &other.m_demarche, &other.m_materiel, &other.m_tags,
        &other.m_canal, &other.m_duree, &other.m_lieuxTally, &other.m_communes, &other.m_genre, &other.m_tranche,
        &other.m_statut, &other.m_residence};
    for (size_t t = 0; t < std::size(mine); ++t)
        mine[t]->merge(*theirs[t]);
    Period *periods[] = {&m_current, &m_previous, &m_yearBefore};
    const Period *otherPeriods[] = {&other.m_current, &other.m_previous, &other.m_yearBefore};
    for (size_t p = 0; p < std::size(periods); ++p) {
        Headline &h = periods[p]->h;
        const Headline &o = otherPeriods[p]->h;
        h.activites += o.activites;
        h.individuels += o.individuels;
        h.collectifs += o.collectifs;
        h.participantsAteliers += o.participantsAteliers;
        h.accompagnements += o.accompagnements;
        h.minutes += o.minutes;
        h.anonymes += o.anonymes;
        h.nouveaux += o.nouveaux;
    }
    // Followed beneficiaries, matched by id (each engine read the beneficiaries on its own connection).
    for (auto it = other.m_personIndex.cbegin(); it != other.m_personIndex.cend(); ++it) {
        const int mineIndex = m_personIndex.value(it.key(), -1);
        if (mineIndex < 0)
            continue;
        const size_t i = static_cast<size_t>(mineIndex);
        const size_t o = static_cast<size_t>(it.value());
        m_firstSeen[i] = std::min(m_firstSeen[i], other.m_firstSeen[o]);
        for (size_t p = 0; p < std::size(periods); ++p)
            periods[p]->seen[i] = periods[p]->seen[i] || otherPeriods[p]->seen[o];
    }
    for (int m = 0; m < 12; ++m)
        m_months[m] += other.m_months.at(m);
    for (int d = 0; d < 30; ++d)
        m_days[d] += other.m_days.at(d);
    m_watchedIds += other.m_watchedIds;
}

bool Engine::pass(const QDate &from, const QDate &to, QString *error)
{
    if (!scan(from, to, error))
        return false;
    if (!m_stopped)
        addAnonymousCounts();
    return true;
}

StatsResult Engine::run()
{
    StatsResult result;
    QString error;
    const Snapshot snapshot(*this);
    if (!prepare(&error) || !pass(m_scanFrom, m_filter.to, &error)) {
        result.error = StatsEngine::tr("Impossible de lire la base pour les statistiques : %1").arg(error);
        return result;
    }
    return finish();
}

StatsResult Engine::finish()
{
    StatsResult result;
    QString error;
    if (m_stopped) {
        result.cancelled = true;
        return result;
    }
    if (!earlierBeneficiaries(m_scanFrom, &error)) {
        result.error = StatsEngine::tr("Impossible de lire la base pour les statistiques : %1").arg(error);
        return result;
    }

    for (Period *p : {&m_current, &m_previous, &m_yearBefore}) {
        for (size_t i = 0; i < p->seen.size(); ++i) {
            if (!p->seen[i])
                continue;
            ++p->h.suivis;
            if (!m_before[i] && m_firstSeen[i] >= p->fromJd)
                ++p->h.nouveaux;
        }
        p->h.beneficiaires = p->h.suivis + p->h.anonymes;
    }
    result.headline = m_current.h;
    result.previous = m_previous.h;
    if (m_wantYearBefore)
        result.yearBefore = m_yearBefore.h;

    for (const Tally *t : {&m_type, &m_mediation, &m_demarche, &m_materiel, &m_tags, &m_canal, &m_duree, &m_lieuxTally,
             &m_communes, &m_genre, &m_tranche, &m_statut, &m_residence}) {
        Breakdown b = t->result();
        if (t == &m_mediation || t == &m_demarche || t == &m_materiel || t == &m_tags) {
            const double accompagnements = static_cast<double>(m_current.h.accompagnements);
            for (BreakdownItem &item : b.items) {
                item.accompagnementsPercent = accompagnements > 0
                    ? std::round(1000.0 * static_cast<double>(item.count) / accompagnements) / 10.0
                    : 0.0;
            }
        }
        result.breakdowns.append(b);
    }

    const QLocale french(QLocale::French);
    result.months.key = QStringLiteral("mois");
    for (int m = 0; m < 12; ++m) {
        const QDate start = m_firstMonthDate.addMonths(m);
        result.months.points.append({start.toString(QStringLiteral("yyyy-MM")),
            french.toString(start, QStringLiteral("MMM yyyy")), start, m_months.at(m)});
    }
    result.days.key = QStringLiteral("jours");
    for (int k = 0; k < 30; ++k) {
        const QDate dayDate = m_firstDayDate.addDays(k);
        result.days.points.append(
            {dayDate.toString(Qt::ISODate), dayDate.toString(QStringLiteral("dd/MM")), dayDate, m_days.at(k)});
    }
    return result;
}

// The filter with its period completed (the default one when none) and in order.
StatsFilter normalized(const StatsFilter &filter, const QDate &today)
{
    StatsFilter f = filter;
    const StatsFilter defaults = StatsEngine::defaultFilter(today);
    if (!f.to.isValid())
        f.to = f.from.isValid() ? std::max(f.from, defaults.to) : defaults.to;
    if (!f.from.isValid())
        f.from = f.to.addYears(-1).addDays(1);
    if (f.from > f.to)
        std::swap(f.from, f.to);
    return f;
}

// How many threads share the pass: two when there are several cores, the base is a file (a second connection can
// read it) and it holds enough activities for the second engine's own loading (a few milliseconds) to pay.
// CARNET_STATS_THREADS=1 or 2 forces one or the other (the tests compare them).
int passThreads(const QSqlDatabase &db)
{
    const QByteArray forced = qgetenv("CARNET_STATS_THREADS");
    if (!forced.isEmpty())
        return forced.toInt() >= 2 ? 2 : 1;
    const QString path = db.databaseName();
    if (QThread::idealThreadCount() < 2 || path.isEmpty() || path == QLatin1String(":memory:")
        || !QFileInfo::exists(path))
        return 1;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT total(n) FROM activites_compteurs WHERE supprime = 0")) || !q.next())
        return 1;
    return q.value(0).toLongLong() >= 50000 ? 2 : 1;
}

StatsResult failure(const QString &error)
{
    StatsResult result;
    result.error = StatsEngine::tr("Impossible de lire la base pour les statistiques : %1").arg(error);
    return result;
}

// Runs an engine over the whole range, or shares the pass with a second engine in a thread of its own, on its own
// read-only connection, which reads the later half of the days; its figures are then merged. (Each connection reads
// its own snapshot of the base: an activity saved between the two starts may be missed or counted twice. The
// statistics view computes again after every save.)
StatsResult runShared(Engine &engine, const QSqlDatabase &db, const StatsFilter &f,
    const std::function<bool()> &cancelled, const std::function<void(Engine &)> &setUp)
{
    setUp(engine);
    if (passThreads(db) < 2)
        return engine.run();
    const Snapshot snapshot(engine);
    QString error;
    if (!engine.prepare(&error))
        return failure(error);
    const QString path = db.databaseName();
    const QDate from = engine.scanFrom();
    const QDate middle = from.addDays(from.daysTo(f.to) / 2);

    std::atomic<bool> stop{false};
    const std::function<bool()> stopped = [&stop] { return stop.load(); };
    std::unique_ptr<Engine> other; // made, run and left in the thread; its figures are read once it is done
    QString otherError; // what went wrong in the thread (the computation then goes on without it)
    bool otherOk = false;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        const Connection::ScopedReader reader(QStringLiteral("carnet-stats"), path);
        if (!reader.isOpen())
            return;
        other = std::make_unique<Engine>(reader.database(), f, stopped);
        setUp(*other);
        const Snapshot otherSnapshot(*other);
        otherOk = other->prepare(&otherError) && other->pass(middle.addDays(1), f.to, &otherError);
    }));
    thread->start();
    const bool ok = engine.pass(from, middle, &error);
    if (!ok || engine.stopped())
        stop = true;
    while (!thread->wait(20)) {
        if (cancelled && cancelled())
            stop = true;
    }
    if (cancelled && cancelled())
        stop = true;
    thread.reset();
    if (!ok)
        return failure(error);
    if (stop) {
        engine.stop();
        return engine.finish();
    }
    if (!otherOk) {
        // The second connection could not read: the later days on this one, then.
        if (!engine.pass(middle.addDays(1), f.to, &error))
            return failure(error);
        return engine.finish();
    }
    engine.merge(*other);
    return engine.finish();
}

} // namespace

StatsResult StatsEngine::compute(
    const QSqlDatabase &db, const StatsFilter &filter, const QDate &today, const std::function<bool()> &cancelled)
{
    const StatsFilter f = normalized(filter, today);
    Engine engine(db, f, cancelled);
    return runShared(engine, db, f, cancelled, [](Engine &) {});
}

StatsActivities StatsEngine::activitiesBehind(const QSqlDatabase &db, const StatsFilter &filter, const QString &key,
    const QStringList &codes, const QDate &today, const std::function<bool()> &cancelled)
{
    StatsFilter f = normalized(filter, today);
    f.compareYearBefore = false;
    Engine engine(db, f, cancelled);
    const StatsResult r = runShared(engine, db, f, cancelled, [&](Engine &e) { e.watch(key, codes); });
    StatsActivities result;
    result.error = r.error;
    result.cancelled = r.cancelled;
    if (r.error.isEmpty() && !r.cancelled)
        result.ids = engine.watched();
    return result;
}

QStringList StatsEngine::breakdownKeys()
{
    return {QStringLiteral("type_activite"), QStringLiteral("thematique_mediation"),
        QStringLiteral("thematique_demarche"), QStringLiteral("materiel"), QStringLiteral("tags"),
        QStringLiteral("type_lieu"), QStringLiteral("duree"), QStringLiteral("lieux"), QStringLiteral("communes"),
        QStringLiteral("genre"), QStringLiteral("tranche_age"), QStringLiteral("statut_social"),
        QStringLiteral("commune_residence")};
}

QString StatsEngine::breakdownTitle(const QString &key)
{
    if (key == QLatin1String("type_activite"))
        return tr("Types d'activité");
    if (key == QLatin1String("thematique_mediation"))
        return tr("Thématiques de médiation numérique");
    if (key == QLatin1String("thematique_demarche"))
        return tr("Thématiques des démarches administratives");
    if (key == QLatin1String("materiel"))
        return tr("Matériel utilisé");
    if (key == QLatin1String("tags"))
        return tr("Étiquettes");
    if (key == QLatin1String("type_lieu"))
        return tr("Canaux d'accompagnement");
    if (key == QLatin1String("duree"))
        return tr("Durées");
    if (key == QLatin1String("lieux"))
        return tr("Lieux d'activité");
    if (key == QLatin1String("communes"))
        return tr("Communes des activités");
    if (key == QLatin1String("genre"))
        return tr("Genre");
    if (key == QLatin1String("tranche_age"))
        return tr("Tranches d'âge");
    if (key == QLatin1String("statut_social"))
        return tr("Statuts");
    if (key == QLatin1String("commune_residence"))
        return tr("Communes de résidence");
    return key;
}

StatsFilter StatsEngine::defaultFilter(const QDate &today)
{
    StatsFilter f;
    f.to = today;
    f.from = today.addYears(-1).addDays(1);
    return f;
}
