#include "StatsEngine.h"

#include "Activity.h"
#include "Nomenclature.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#ifdef Q_OS_LINUX
#include <sqlite3.h>
#endif

#include <algorithm>
#include <limits>

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
        m_counts.append(0);
        return s;
    }
    int find(const QString &code) const { return m_index.value(code, -1); }
    void add(int slot, qint64 n) { m_counts[slot] += n; }

    Breakdown result() const
    {
        Breakdown b;
        b.key = m_key;
        QList<int> order;
        for (int s = 0; s < m_counts.size(); ++s) {
            if (m_order == Order::Nomenclature || m_counts.at(s) > 0)
                order.append(s);
        }
        if (m_order == Order::ByCount) {
            const QString nc = nonCommunique();
            std::sort(order.begin(), order.end(), [&](int x, int y) {
                const bool xnc = m_codes.at(x) == nc;
                const bool ync = m_codes.at(y) == nc;
                if (xnc != ync)
                    return ync;
                if (m_counts.at(x) != m_counts.at(y))
                    return m_counts.at(x) > m_counts.at(y);
                const int byLabel = QString::localeAwareCompare(m_labels.at(x), m_labels.at(y));
                return byLabel != 0 ? byLabel < 0 : m_codes.at(x) < m_codes.at(y);
            });
        }
        QList<qint64> counts;
        for (int s : std::as_const(order)) {
            counts.append(m_counts.at(s));
            b.total += m_counts.at(s);
        }
        const QList<double> percents = largestRemainder(counts);
        for (int k = 0; k < order.size(); ++k) {
            const int s = order.at(k);
            b.items.append({m_codes.at(s), m_labels.at(s), m_counts.at(s), percents.at(k)});
        }
        return b;
    }

private:
    QString m_key;
    Order m_order;
    QHash<QString, int> m_index;
    QStringList m_codes;
    QStringList m_labels;
    QList<qint64> m_counts;
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
    QList<char> seen; // per person index
    bool contains(qint64 jd) const { return jd >= fromJd && jd <= toJd; }
};

struct DayInfo
{
    qint64 jd = 0;
    int monthIndex = 0; // year * 12 + month - 1
    int year = 0;
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

struct CounterSlots
{
    QList<QPair<int, int>> entries; // slot, count
    qint64 sum = 0;
};

enum Column {
    CType,
    CDate,
    CDuree,
    CTypeLieu,
    CLieuId,
    CLieuInsee,
    CLieuCommune,
    CThematiques,
    CMateriel,
    CTags,
    CBeneficiaire,
    CAnonGenre,
    CAnonTranche,
    CAnonAnnee,
    CAnonStatut,
    CAnonInsee,
    CAnonCommune,
    CAnonDeja,
    CPartAnonymes,
    CPartDeja,
    CPartGenre,
    CPartTranche,
    CPartStatut,
    CAccompagnements,
    CParticipants,
    CColumnCount
};

// The columns of one pass. For QtSql, which converts every value of a row, those only the period's breakdowns read
// come as NULL for the days before the period (comparison and evolution only); SQLite's C interface reads a column
// only when asked, so there they come plain. Dates are ISO text made here, safe to inline.
QString scanSql(const QDate &periodFrom, const QDate &from, const QDate &to, bool useDateIndex, bool lazyColumns)
{
    const QString inPeriod = QStringLiteral("date >= '") + periodFrom.toString(Qt::ISODate) + QLatin1Char('\'');
    const auto periodOnly = [&](const char *column) -> QString {
        if (lazyColumns)
            return QLatin1String(column);
        return QStringLiteral("CASE WHEN ") + inPeriod + QStringLiteral(" THEN ") + QLatin1String(column)
            + QStringLiteral(" END");
    };
    QStringList columns;
    columns << QStringLiteral("type") << QStringLiteral("date") << QStringLiteral("duree")
            << QStringLiteral("type_lieu") << QStringLiteral("lieu_id") << QStringLiteral("lieu_code_insee")
            << periodOnly("lieu_commune") << QStringLiteral("thematiques") << periodOnly("materiel")
            << QStringLiteral("tags") << QStringLiteral("beneficiaire_id") << periodOnly("anon_genre")
            << periodOnly("anon_tranche_age") << periodOnly("anon_annee_naissance") << periodOnly("anon_statut_social")
            << periodOnly("anon_code_insee") << periodOnly("anon_commune") << QStringLiteral("anon_deja_accompagne")
            << QStringLiteral("participants_anonymes") << QStringLiteral("participants_deja_accompagnes")
            << periodOnly("participants_genre") << periodOnly("participants_tranche_age")
            << periodOnly("participants_statut_social") << QStringLiteral("accompagnements")
            << (lazyColumns ? QStringLiteral("id") : QStringLiteral("CASE WHEN type = 'collectif' THEN id END"));
    // A wide range reads most of the table: a plain scan in rowid order is then several times faster than the date
    // index, which visits the rows in date order (one b-tree search each).
    return QStringLiteral("SELECT ") + columns.join(QStringLiteral(", ")) + QStringLiteral(" FROM activites WHERE ")
        + (useDateIndex ? QStringLiteral("date") : QStringLiteral("+date")) + QStringLiteral(" BETWEEN '")
        + from.toString(Qt::ISODate) + QStringLiteral("' AND '") + to.toString(Qt::ISODate)
        + QStringLiteral("' AND suppression IS NULL");
}

// One row of the pass. Text comes as UTF-8 bytes that stay valid until the next row (not to be kept).
class Row
{
public:
    virtual ~Row() = default;
    virtual QByteArray text(int column) const = 0;
    virtual qint64 integer(int column) const = 0;
    virtual bool isNull(int column) const = 0;
};

// The portable reader: QtSql values, converted.
class QtRow : public Row
{
public:
    explicit QtRow(const QSqlQuery &q)
        : m_q(q)
    {
    }
    QByteArray text(int column) const override
    {
        m_buffers[column] = m_q.value(column).toString().toUtf8();
        return m_buffers[column];
    }
    qint64 integer(int column) const override { return m_q.value(column).toLongLong(); }
    bool isNull(int column) const override { return m_q.isNull(column); }

private:
    const QSqlQuery &m_q;
    mutable QByteArray m_buffers[CColumnCount];
};

// SQLite's C interface on the connection of the QSQLITE driver (QSqlDriver::handle(), the pattern Qt documents;
// Debian's Qt uses the system libsqlite3, which Carnet links too): it reads a column's UTF-8 text in place, where
// QtSql converts every value to a QVariant and a UTF-16 QString. That conversion, not SQLite, is most of the time of a
// pass on a large base.
class SqliteRow : public Row
{
public:
    explicit SqliteRow(sqlite3_stmt *statement) : m_statement(statement) { }
    QByteArray text(int column) const override
    {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return data ? QByteArray::fromRawData(data, sqlite3_column_bytes(m_statement, column)) : QByteArray();
    }
    qint64 integer(int column) const override { return sqlite3_column_int64(m_statement, column); }
    bool isNull(int column) const override { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }

private:
    sqlite3_stmt *m_statement;
};

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
        m_types = utf8Set(filter.types);
        for (const QUuid &id : filter.lieux)
            m_lieux.insert(id.toString(QUuid::WithoutBraces).toUtf8());
        m_communeFilter = utf8Set(filter.communes);
        m_themFilter = utf8Set(filter.thematiques);
        m_tagFilter = QSet<QString>(filter.tags.cbegin(), filter.tags.cend());
    }

    StatsResult run();

private:
    static QString ncLabel() { return Nomenclature::instance().label(List::Genre, nonCommunique()); }
    bool load(QString *error);
    bool scan(const QDate &from, const QDate &to, QString *error);
    bool scanSqlite(sqlite3 *handle, const QString &sql, QString *error);
    bool earlierBeneficiaries(const QDate &before, QString *error);
    void row(const Row &r);
    const DayInfo &day(const QByteArray &date);
    int person(const QByteArray &id) const { return m_personIndex.value(id, -1); }
    const ThemSlots &thematiques(const QByteArray &raw);
    const QList<int> &materiel(const QByteArray &raw);
    const TagSlots &tags(const QByteArray &raw);
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
    void addPerson(int person, int year);
    void addAnonymous(const Row &r, int year);
    void addWorkshopPublic(const Row &r, const QList<int> &followed, qint64 accompagnements, int year);

    const QSqlDatabase &m_db;
    const StatsFilter &m_filter;
    const std::function<bool()> &m_cancelled;

    QList<Person> m_people;
    QHash<QByteArray, int> m_personIndex;
    QList<qint64> m_firstSeen; // per person: earliest julian day seen in the scan (any filter)
    QList<char> m_before; // per person: has a non-deleted activity before the scan
    QHash<QByteArray, PlaceInfo> m_places;
    QHash<QByteArray, QList<int>> m_participants; // workshop id -> followed participants (person index, -1 unknown)
    QByteArray m_structureInsee;
    QByteArray m_structureCommune;

    QSet<QByteArray> m_types, m_lieux, m_communeFilter, m_themFilter;
    QSet<QString> m_tagFilter;

    Period m_current, m_previous, m_yearBefore;
    bool m_wantYearBefore = false;
    int m_firstMonth = 0; // monthIndex of the first month of the series
    qint64 m_firstDay = 0;
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

    QHash<QByteArray, DayInfo> m_dayCache;
    QHash<QByteArray, ThemSlots> m_themCache;
    QHash<QByteArray, QList<int>> m_materielCache;
    QHash<QByteArray, TagSlots> m_tagCache;
    QHash<QByteArray, CounterSlots> m_genreCounters, m_trancheCounters, m_statutCounters;
    QHash<QPair<const Tally *, QByteArray>, int> m_codeSlots;
    QHash<QByteArray, int> m_placeSlots;
    QHash<qint64, int> m_bucketCache; // duration in minutes -> slot
    QDate m_firstDate; // of the earliest activity in the base, deleted ones included
    bool m_stopped = false;
};

bool Engine::load(QString *error)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, genre, tranche_age, annee_naissance, statut_social, code_insee, commune "
                               "FROM beneficiaires"))) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next()) {
        m_personIndex.insert(q.value(0).toString().toUtf8(), static_cast<int>(m_people.size()));
        Person p;
        p.genre = codeSlot(m_genre, List::Genre, m_ncGenre, q.value(1).toString().toUtf8());
        const QByteArray tranche = q.value(2).toString().toUtf8();
        p.trancheAge = tranche.isEmpty() ? -1 : codeSlot(m_tranche, List::TrancheAge, m_ncTranche, tranche);
        p.anneeNaissance = q.value(3).toInt();
        p.statutSocial = codeSlot(m_statut, List::StatutSocial, m_ncStatut, q.value(4).toString().toUtf8());
        p.commune
            = communeSlot(m_residence, m_ncResidence, q.value(5).toString().toUtf8(), q.value(6).toString().toUtf8());
        m_people.append(p);
    }
    m_firstSeen = QList<qint64>(m_people.size(), std::numeric_limits<qint64>::max());
    m_before = QList<char>(m_people.size(), 0);
    for (Period *p : {&m_current, &m_previous, &m_yearBefore})
        p->seen = QList<char>(m_people.size(), 0);

    if (!q.exec(QStringLiteral("SELECT id, nom, code_insee, commune FROM lieux"))) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next())
        m_places.insert(q.value(0).toString().toUtf8(),
            {q.value(1).toString(), q.value(2).toString().toUtf8(), q.value(3).toString().toUtf8()});

    if (!q.exec(QStringLiteral("SELECT structure_code_insee, structure_commune FROM profil WHERE id = 1"))) {
        *error = q.lastError().text();
        return false;
    }
    if (q.next()) {
        m_structureInsee = q.value(0).toString().toUtf8();
        m_structureCommune = q.value(1).toString().toUtf8();
    }

    // The followed participants of every workshop (a small table next to the activities).
    if (!q.exec(QStringLiteral("SELECT activite_id, beneficiaire_id FROM activite_participants "
                               "ORDER BY activite_id, position"))) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next())
        m_participants[q.value(0).toString().toUtf8()].append(person(q.value(1).toString().toUtf8()));
    return true;
}

const DayInfo &Engine::day(const QByteArray &date)
{
    auto it = m_dayCache.find(date);
    if (it == m_dayCache.end()) {
        const QDate d = QDate::fromString(QString::fromLatin1(date), Qt::ISODate);
        it = m_dayCache.insert(
            owned(date), {d.isValid() ? d.toJulianDay() : 0, d.year() * 12 + d.month() - 1, d.year()});
    }
    return it.value();
}

const ThemSlots &Engine::thematiques(const QByteArray &raw)
{
    auto it = m_themCache.find(raw);
    if (it != m_themCache.end())
        return it.value();
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
    return m_themCache.insert(owned(raw), entries).value();
}

const QList<int> &Engine::materiel(const QByteArray &raw)
{
    auto it = m_materielCache.find(raw);
    if (it != m_materielCache.end())
        return it.value();
    QList<int> entries;
    const QList<QByteArray> codes = raw.isEmpty() ? QList<QByteArray>() : raw.split(',');
    for (const QByteArray &bytes : codes) {
        const QString code = QString::fromUtf8(bytes);
        entries.append(m_materiel.slot(code, Nomenclature::instance().label(List::Materiel, code)));
    }
    return m_materielCache.insert(owned(raw), entries).value();
}

const TagSlots &Engine::tags(const QByteArray &raw)
{
    auto it = m_tagCache.find(raw);
    if (it != m_tagCache.end())
        return it.value();
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
    return m_tagCache.insert(owned(raw), entries).value();
}

const CounterSlots &Engine::counters(
    Tally &tally, List list, QHash<QByteArray, CounterSlots> &cache, const QByteArray &raw)
{
    auto it = cache.find(raw);
    if (it != cache.end())
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
    if (tranche < 0) {
        tranche = p.anneeNaissance > 0 ? codeSlot(m_tranche, List::TrancheAge, m_ncTranche,
                      Nomenclature::trancheAgeForBirthYear(p.anneeNaissance, year).toUtf8())
                                       : m_ncTranche;
    }
    m_tranche.add(tranche, 1);
    m_statut.add(p.statutSocial, 1);
    m_residence.add(p.commune, 1);
}

void Engine::addAnonymous(const Row &r, int year)
{
    m_genre.add(codeSlot(m_genre, List::Genre, m_ncGenre, r.text(CAnonGenre)), 1);
    const QByteArray tranche = r.text(CAnonTranche);
    const qint64 annee = r.integer(CAnonAnnee);
    if (tranche.isEmpty() && annee > 0) {
        m_tranche.add(codeSlot(m_tranche, List::TrancheAge, m_ncTranche,
                          Nomenclature::trancheAgeForBirthYear(static_cast<int>(annee), year).toUtf8()),
            1);
    } else {
        m_tranche.add(codeSlot(m_tranche, List::TrancheAge, m_ncTranche, tranche), 1);
    }
    m_statut.add(codeSlot(m_statut, List::StatutSocial, m_ncStatut, r.text(CAnonStatut)), 1);
    const QByteArray insee = r.text(CAnonInsee);
    m_residence.add(
        insee.isEmpty() ? m_ncResidence : communeSlot(m_residence, m_ncResidence, insee, r.text(CAnonCommune)), 1);
}

void Engine::addWorkshopPublic(const Row &r, const QList<int> &followed, qint64 accompagnements, int year)
{
    // Anonymous participants: the counters, the rest of each group non communiqué. Followed ones: their record.
    // Whatever neither accounts for (a stored count out of step) is non communiqué too, so that every public
    // breakdown adds up to the accompagnements.
    const qint64 anonymous = accompagnements - followed.size();
    const auto group = [&](Tally &tally, List list, QHash<QByteArray, CounterSlots> &cache, int column, int nc) {
        const CounterSlots &entries = counters(tally, list, cache, r.text(column));
        for (const auto &s : entries.entries)
            tally.add(s.first, s.second);
        if (anonymous > entries.sum)
            tally.add(nc, anonymous - entries.sum);
    };
    group(m_genre, List::Genre, m_genreCounters, CPartGenre, m_ncGenre);
    group(m_tranche, List::TrancheAge, m_trancheCounters, CPartTranche, m_ncTranche);
    group(m_statut, List::StatutSocial, m_statutCounters, CPartStatut, m_ncStatut);
    if (anonymous > 0)
        m_residence.add(m_ncResidence, anonymous);
    for (int i : followed)
        addPerson(i, year);
}

void Engine::row(const Row &r)
{
    const DayInfo d = day(r.text(CDate));
    const QByteArray type = r.text(CType);
    const bool individuel = type == Activity::Individuel;

    // Followed beneficiaries, and the first day each is seen, whatever the filters.
    int single = -1;
    bool anonymousPerson = false;
    QList<int> followed;
    if (individuel) {
        const QByteArray b = r.text(CBeneficiaire);
        anonymousPerson = b.isEmpty();
        if (!anonymousPerson) {
            single = person(b);
            if (single >= 0)
                m_firstSeen[single] = std::min(m_firstSeen.at(single), d.jd);
        }
    } else if (!m_participants.isEmpty()) {
        const auto it = m_participants.constFind(r.text(CParticipants));
        if (it != m_participants.cend()) {
            followed = it.value();
            for (int i : std::as_const(followed)) {
                if (i >= 0)
                    m_firstSeen[i] = std::min(m_firstSeen.at(i), d.jd);
            }
        }
    }

    // Filters.
    if (!m_types.isEmpty() && !m_types.contains(type))
        return;
    const QByteArray typeLieu = r.text(CTypeLieu);
    const bool atPlace = typeLieu == "lieu_activite";
    const QByteArray lieuId = atPlace ? r.text(CLieuId) : QByteArray();
    if (!m_lieux.isEmpty() && !m_lieux.contains(lieuId))
        return;
    const PlaceInfo *place = nullptr;
    QByteArray communeInsee;
    bool structureCommune = false;
    if (atPlace) {
        const auto it = m_places.constFind(lieuId);
        if (it != m_places.cend()) {
            place = &it.value();
            communeInsee = place->codeInsee;
        }
    } else {
        communeInsee = r.text(CLieuInsee);
        if (communeInsee.isEmpty() && typeLieu == "a_distance") {
            communeInsee = m_structureInsee;
            structureCommune = true;
        }
    }
    if (!m_communeFilter.isEmpty() && !m_communeFilter.contains(communeInsee))
        return;
    const ThemSlots *them = nullptr;
    if (!m_themFilter.isEmpty()) {
        them = &thematiques(r.text(CThematiques));
        if (!them->matches)
            return;
    }
    const TagSlots *tagSlots = nullptr;
    if (!m_tagFilter.isEmpty()) {
        tagSlots = &tags(r.text(CTags));
        if (!tagSlots->matches)
            return;
    }

    const qint64 acc = r.integer(CAccompagnements);
    const qint64 duree = r.integer(CDuree);

    // Evolution.
    const int month = d.monthIndex - m_firstMonth;
    if (month >= 0 && month < 12)
        m_months[month] += acc;
    const qint64 dayIndex = d.jd - m_firstDay;
    if (dayIndex >= 0 && dayIndex < 30)
        m_days[dayIndex] += acc;

    // Headlines.
    qint64 anonymous = 0;
    qint64 anonymousNew = 0;
    if (individuel) {
        if (anonymousPerson) {
            anonymous = 1;
            anonymousNew = !r.isNull(CAnonDeja) && r.integer(CAnonDeja) == 1 ? 0 : 1;
        }
    } else {
        anonymous = acc - followed.size();
        anonymousNew = std::max<qint64>(0, r.integer(CPartAnonymes) - r.integer(CPartDeja));
        anonymousNew = std::min(anonymousNew, std::max<qint64>(0, anonymous));
    }
    for (Period *p : {&m_current, &m_previous, &m_yearBefore}) {
        if (!p->contains(d.jd))
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
            p->seen[single] = 1;
        for (int i : std::as_const(followed)) {
            if (i >= 0)
                p->seen[i] = 1;
        }
    }
    if (!m_current.contains(d.jd))
        return;

    // Breakdowns of the period.
    m_type.add(individuel ? 0 : 1, acc);
    if (!them)
        them = &thematiques(r.text(CThematiques));
    for (int s : them->mediation)
        m_mediation.add(s, acc);
    for (int s : them->demarche)
        m_demarche.add(s, acc);
    for (int s : materiel(r.text(CMateriel)))
        m_materiel.add(s, acc);
    if (!tagSlots)
        tagSlots = &tags(r.text(CTags));
    for (int s : tagSlots->entries)
        m_tags.add(s, acc);
    if (const int canal = codeSlot(m_canal, List::TypeLieu, -1, typeLieu); canal >= 0)
        m_canal.add(canal, acc);
    {
        auto it = m_bucketCache.constFind(duree);
        if (it == m_bucketCache.cend()) {
            int slot = -1;
            const QList<DurationBucket> &buckets = Nomenclature::instance().durationBuckets();
            for (int b = 0; b < buckets.size(); ++b) {
                if (duree >= buckets.at(b).min && (buckets.at(b).max < 0 || duree < buckets.at(b).max))
                    slot = b;
            }
            it = m_bucketCache.insert(duree, slot);
        }
        if (it.value() >= 0)
            m_duree.add(it.value(), acc);
    }
    if (atPlace) {
        auto it = m_placeSlots.constFind(lieuId);
        if (it == m_placeSlots.cend())
            it = m_placeSlots.insert(owned(lieuId),
                m_lieuxTally.slot(QString::fromUtf8(lieuId), place ? place->nom : QString::fromUtf8(lieuId)));
        m_lieuxTally.add(it.value(), acc);
    }
    const QByteArray communeName = place ? place->commune
        : structureCommune               ? m_structureCommune
                                         : r.text(CLieuCommune);
    m_communes.add(communeSlot(m_communes, m_ncCommune, communeInsee, communeName), acc);

    if (individuel) {
        if (single >= 0 || !anonymousPerson)
            addPerson(single, d.year);
        else
            addAnonymous(r, d.year);
    } else {
        addWorkshopPublic(r, followed, acc, d.year);
    }
}

bool Engine::scanSqlite(sqlite3 *handle, const QString &sql, QString *error)
{
    sqlite3_stmt *statement = nullptr;
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v2(handle, text.constData(), static_cast<int>(text.size()), &statement, nullptr) != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(handle));
        sqlite3_finalize(statement);
        return false;
    }
    const SqliteRow r(statement);
    qint64 n = 0;
    int rc = 0;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        if (m_cancelled && (++n & 0xFFF) == 0 && m_cancelled()) {
            m_stopped = true;
            break;
        }
        row(r);
    }
    if (!m_stopped && rc != SQLITE_DONE) {
        *error = QString::fromUtf8(sqlite3_errmsg(handle));
        sqlite3_finalize(statement);
        return false;
    }
    sqlite3_finalize(statement);
    return true;
}

bool Engine::scan(const QDate &from, const QDate &to, QString *error)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // How much of the dated activities the range covers decides between the date index and a plain scan.
    bool useDateIndex = true;
    if (!q.exec(QStringLiteral("SELECT (SELECT min(date) FROM activites), (SELECT max(date) FROM activites)"))) {
        *error = q.lastError().text();
        return false;
    }
    if (q.next()) {
        const QDate first = QDate::fromString(q.value(0).toString(), Qt::ISODate);
        const QDate last = QDate::fromString(q.value(1).toString(), Qt::ISODate);
        m_firstDate = first;
        if (first.isValid() && last.isValid()) {
            const qint64 span = first.daysTo(last) + 1;
            const qint64 covered = std::max(first, from).daysTo(std::min(last, to)) + 1;
            useDateIndex = covered * 4 < span;
        }
    }
    q.finish();
    // CARNET_STATS_QTSQL: the plain QtSql reader, which the tests compare with the C one.
    const QVariant handle = m_db.driver() ? m_db.driver()->handle() : QVariant();
    if (!qEnvironmentVariableIsSet("CARNET_STATS_QTSQL") && handle.isValid()
        && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
        if (sqlite3 *db = *static_cast<sqlite3 *const *>(handle.constData()))
            return scanSqlite(db, scanSql(m_filter.from, from, to, useDateIndex, true), error);
    }

    if (!q.exec(scanSql(m_filter.from, from, to, useDateIndex, false))) {
        *error = q.lastError().text();
        return false;
    }
    const QtRow r(q);
    qint64 n = 0;
    while (q.next()) {
        if (m_cancelled && (++n & 0xFFF) == 0 && m_cancelled()) {
            m_stopped = true;
            return true;
        }
        row(r);
    }
    if (q.lastError().isValid()) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

// Followed beneficiaries with a non-deleted activity before a day (individual or workshop participant).
bool Engine::earlierBeneficiaries(const QDate &before, QString *error)
{
    if (!m_firstDate.isValid() || m_firstDate >= before)
        return true; // nothing before
    const QString day = before.toString(Qt::ISODate);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // A few days before: the activities of those days (date index) lead; many: a plain scan of the activities. (Left
    // to itself, SQLite would walk every followed activity through the beneficiary index.)
    const bool few = m_firstDate.daysTo(before) * 4 < m_firstDate.daysTo(m_filter.to) + 1;
    const char *individual = few
        ? "SELECT DISTINCT beneficiaire_id FROM activites INDEXED BY activites_date WHERE date < ? "
          "AND suppression IS NULL AND beneficiaire_id IS NOT NULL"
        : "SELECT DISTINCT beneficiaire_id FROM activites NOT INDEXED WHERE date < ? "
          "AND suppression IS NULL AND beneficiaire_id IS NOT NULL";
    const char *participants = few
        ? "SELECT DISTINCT p.beneficiaire_id FROM activites a INDEXED BY activites_date CROSS JOIN "
          "activite_participants p ON p.activite_id = a.id WHERE a.date < ? AND a.suppression IS NULL "
          "AND a.type = 'collectif'"
        : "SELECT DISTINCT p.beneficiaire_id FROM activite_participants p CROSS JOIN activites a "
          "ON p.activite_id = a.id WHERE a.date < ? AND a.suppression IS NULL";
    for (const char *sql : {individual, participants}) {
        if (!q.prepare(QLatin1String(sql))) {
            *error = q.lastError().text();
            return false;
        }
        q.addBindValue(day);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
        while (q.next()) {
            const int i = person(q.value(0).toString().toUtf8());
            if (i >= 0)
                m_before[i] = 1;
        }
    }
    return true;
}

StatsResult Engine::run()
{
    StatsResult result;
    const QDate from = m_filter.from;
    const QDate to = m_filter.to;
    const auto setPeriod = [](Period &p, const QDate &f, const QDate &t) {
        p.h.from = f;
        p.h.to = t;
        p.fromJd = f.toJulianDay();
        p.toJd = t.toJulianDay();
    };
    QString error;
    if (!load(&error)) {
        result.error = StatsEngine::tr("Impossible de lire la base pour les statistiques : %1").arg(error);
        return result;
    }
    setPeriod(m_current, from, to);
    setPeriod(m_previous, m_filter.previousFrom(), m_filter.previousTo());
    m_wantYearBefore = m_filter.compareYearBefore;
    if (m_wantYearBefore)
        setPeriod(m_yearBefore, from.addYears(-1), to.addYears(-1));
    else
        m_yearBefore.toJd = m_yearBefore.fromJd - 1; // empty

    const QDate firstMonth = QDate(to.year(), to.month(), 1).addMonths(-11);
    const QDate firstDay = to.addDays(-29);
    m_firstMonth = firstMonth.year() * 12 + firstMonth.month() - 1;
    m_firstDay = firstDay.toJulianDay();
    QDate scanFrom = std::min({from, m_filter.previousFrom(), firstMonth, firstDay});
    if (m_wantYearBefore)
        scanFrom = std::min(scanFrom, from.addYears(-1));

    if (!scan(scanFrom, to, &error) || (!m_stopped && !earlierBeneficiaries(scanFrom, &error))) {
        result.error = StatsEngine::tr("Impossible de lire la base pour les statistiques : %1").arg(error);
        return result;
    }
    if (m_stopped) {
        result.cancelled = true;
        return result;
    }

    for (Period *p : {&m_current, &m_previous, &m_yearBefore}) {
        for (int i = 0; i < m_people.size(); ++i) {
            if (!p->seen.at(i))
                continue;
            ++p->h.suivis;
            if (!m_before.at(i) && m_firstSeen.at(i) >= p->fromJd)
                ++p->h.nouveaux;
        }
        p->h.beneficiaires = p->h.suivis + p->h.anonymes;
    }
    result.headline = m_current.h;
    result.previous = m_previous.h;
    if (m_wantYearBefore)
        result.yearBefore = m_yearBefore.h;

    for (const Tally *t : {&m_type, &m_mediation, &m_demarche, &m_materiel, &m_tags, &m_canal, &m_duree, &m_lieuxTally,
             &m_communes, &m_genre, &m_tranche, &m_statut, &m_residence})
        result.breakdowns.append(t->result());

    const QLocale french(QLocale::French);
    result.months.key = QStringLiteral("mois");
    for (int m = 0; m < 12; ++m) {
        const QDate start = firstMonth.addMonths(m);
        result.months.points.append({start.toString(QStringLiteral("yyyy-MM")),
            french.toString(start, QStringLiteral("MMM yyyy")), start, m_months.at(m)});
    }
    result.days.key = QStringLiteral("jours");
    for (int k = 0; k < 30; ++k) {
        const QDate dayDate = firstDay.addDays(k);
        result.days.points.append(
            {dayDate.toString(Qt::ISODate), dayDate.toString(QStringLiteral("dd/MM")), dayDate, m_days.at(k)});
    }
    return result;
}

} // namespace

StatsResult StatsEngine::compute(
    const QSqlDatabase &db, const StatsFilter &filter, const QDate &today, const std::function<bool()> &cancelled)
{
    StatsFilter f = filter;
    const StatsFilter defaults = defaultFilter(today);
    if (!f.to.isValid())
        f.to = f.from.isValid() ? std::max(f.from, defaults.to) : defaults.to;
    if (!f.from.isValid())
        f.from = f.to.addYears(-1).addDays(1);
    if (f.from > f.to)
        std::swap(f.from, f.to);
    Engine engine(db, f, cancelled);
    return engine.run();
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
