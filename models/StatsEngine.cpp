#include "StatsEngine.h"

#include "Activity.h"
#include "Nomenclature.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

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

struct Person
{
    QString genre;
    QString trancheAge;
    int anneeNaissance = 0;
    QString statutSocial;
    QString codeInsee;
    QString commune;
};

struct PlaceInfo
{
    QString nom;
    QString codeInsee;
    QString commune;
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
};

// The columns of one pass. Those only the period's breakdowns read come as NULL for the days before the period
// (comparison and evolution only), which spares their conversion. Dates are ISO text made here, safe to inline.
QString scanSql(const QDate &periodFrom, const QDate &from, const QDate &to, bool useDateIndex)
{
    const QString inPeriod = QStringLiteral("date >= '") + periodFrom.toString(Qt::ISODate) + QLatin1Char('\'');
    const auto periodOnly = [&](const char *column) -> QString {
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
            << QStringLiteral("CASE WHEN type = 'collectif' THEN id END");
    // A wide range reads most of the table: a plain scan in rowid order is then several times faster than the date
    // index, which visits the rows in date order (one b-tree search each).
    return QStringLiteral("SELECT ") + columns.join(QStringLiteral(", ")) + QStringLiteral(" FROM activites WHERE ")
        + (useDateIndex ? QStringLiteral("date") : QStringLiteral("+date")) + QStringLiteral(" BETWEEN '")
        + from.toString(Qt::ISODate) + QStringLiteral("' AND '") + to.toString(Qt::ISODate)
        + QStringLiteral("' AND suppression IS NULL");
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
        for (const QString &t : filter.types)
            m_types.insert(t);
        for (const QUuid &id : filter.lieux)
            m_lieux.insert(id.toString(QUuid::WithoutBraces));
        for (const QString &c : filter.communes)
            m_communeFilter.insert(c);
        for (const QString &t : filter.thematiques)
            m_themFilter.insert(t);
        for (const QString &t : filter.tags)
            m_tagFilter.insert(t);
    }

    StatsResult run();

private:
    static QString ncLabel() { return Nomenclature::instance().label(List::Genre, nonCommunique()); }
    bool load(QString *error);
    bool scan(const QDate &from, const QDate &to, QString *error);
    bool earlierBeneficiaries(const QDate &before, QString *error);
    void row(const QSqlQuery &q);
    const DayInfo &day(const QString &date);
    int person(const QString &id) const { return m_personIndex.value(id, -1); }
    const ThemSlots &thematiques(const QString &raw);
    const QList<int> &materiel(const QString &raw);
    const TagSlots &tags(const QString &raw);
    const CounterSlots &counters(Tally &tally, QHash<QString, CounterSlots> &cache, const QString &raw);
    int publicSlot(Tally &tally, List list, int ncSlot, const QString &code)
    {
        if (code.isEmpty())
            return ncSlot;
        const int s = tally.find(code);
        return s >= 0 ? s : tally.slot(code, Nomenclature::instance().label(list, code));
    }
    void addPerson(const Person &p, int year, qint64 weight);
    void addAnonymous(const QSqlQuery &q, int year);
    void addWorkshopPublic(const QSqlQuery &q, const QList<int> &followed, qint64 accompagnements, int year);

    const QSqlDatabase &m_db;
    const StatsFilter &m_filter;
    const std::function<bool()> &m_cancelled;

    QList<Person> m_people;
    QHash<QString, int> m_personIndex;
    QList<qint64> m_firstSeen; // per person: earliest julian day seen in the scan (any filter)
    QList<char> m_before; // per person: has a non-deleted activity before the scan
    QHash<QString, PlaceInfo> m_places;
    QHash<QString, QList<int>> m_participants; // workshop id -> followed participants (person index, -1 unknown)
    QString m_structureInsee;
    QString m_structureCommune;

    QSet<QString> m_types, m_lieux, m_communeFilter, m_themFilter, m_tagFilter;

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

    QHash<QString, DayInfo> m_dayCache;
    QHash<QString, ThemSlots> m_themCache;
    QHash<QString, QList<int>> m_materielCache;
    QHash<QString, TagSlots> m_tagCache;
    QHash<QString, CounterSlots> m_genreCounters, m_trancheCounters, m_statutCounters;
    QHash<QString, int> m_bucketCache; // duration in minutes (as text) -> slot
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
        m_personIndex.insert(q.value(0).toString(), static_cast<int>(m_people.size()));
        m_people.append({q.value(1).toString(), q.value(2).toString(), q.value(3).toInt(), q.value(4).toString(),
            q.value(5).toString(), q.value(6).toString()});
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
        m_places.insert(q.value(0).toString(), {q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});

    if (!q.exec(QStringLiteral("SELECT structure_code_insee, structure_commune FROM profil WHERE id = 1"))) {
        *error = q.lastError().text();
        return false;
    }
    if (q.next()) {
        m_structureInsee = q.value(0).toString();
        m_structureCommune = q.value(1).toString();
    }
    return true;
}

const DayInfo &Engine::day(const QString &date)
{
    auto it = m_dayCache.find(date);
    if (it == m_dayCache.end()) {
        const QDate d = QDate::fromString(date, Qt::ISODate);
        it = m_dayCache.insert(date, {d.isValid() ? d.toJulianDay() : 0, d.year() * 12 + d.month() - 1});
    }
    return it.value();
}

const ThemSlots &Engine::thematiques(const QString &raw)
{
    auto it = m_themCache.find(raw);
    if (it != m_themCache.end())
        return it.value();
    ThemSlots entries;
    const Nomenclature &n = Nomenclature::instance();
    const QStringList codes = raw.isEmpty() ? QStringList() : raw.split(QLatin1Char(','));
    for (const QString &code : codes) {
        if (m_themFilter.contains(code))
            entries.matches = true;
        if (n.contains(List::ThematiqueDemarche, code))
            entries.demarche.append(m_demarche.slot(code, n.label(List::ThematiqueDemarche, code)));
        else
            entries.mediation.append(m_mediation.slot(code, n.label(List::ThematiqueMediation, code)));
    }
    return m_themCache.insert(raw, entries).value();
}

const QList<int> &Engine::materiel(const QString &raw)
{
    auto it = m_materielCache.find(raw);
    if (it != m_materielCache.end())
        return it.value();
    QList<int> entries;
    const QStringList codes = raw.isEmpty() ? QStringList() : raw.split(QLatin1Char(','));
    for (const QString &code : codes)
        entries.append(m_materiel.slot(code, Nomenclature::instance().label(List::Materiel, code)));
    return m_materielCache.insert(raw, entries).value();
}

const TagSlots &Engine::tags(const QString &raw)
{
    auto it = m_tagCache.find(raw);
    if (it != m_tagCache.end())
        return it.value();
    TagSlots entries;
    if (!raw.isEmpty()) {
        const QJsonArray array = QJsonDocument::fromJson(raw.toUtf8()).array();
        for (const QJsonValue &v : array) {
            const QString tag = v.toString();
            if (m_tagFilter.contains(tag))
                entries.matches = true;
            entries.entries.append(m_tags.slot(tag, tag));
        }
    }
    return m_tagCache.insert(raw, entries).value();
}

const CounterSlots &Engine::counters(Tally &tally, QHash<QString, CounterSlots> &cache, const QString &raw)
{
    auto it = cache.find(raw);
    if (it != cache.end())
        return it.value();
    CounterSlots entries;
    const List list = &tally == &m_genre ? List::Genre : &tally == &m_tranche ? List::TrancheAge : List::StatutSocial;
    const QStringList parts = raw.isEmpty() ? QStringList() : raw.split(QLatin1Char(','));
    for (const QString &part : parts) {
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const int n = part.mid(colon + 1).toInt();
        if (n <= 0)
            continue;
        const QString code = part.left(colon);
        const int s = tally.find(code);
        entries.entries.append({s >= 0 ? s : tally.slot(code, Nomenclature::instance().label(list, code)), n});
        entries.sum += n;
    }
    return cache.insert(raw, entries).value();
}

void Engine::addPerson(const Person &p, int year, qint64 weight)
{
    m_genre.add(publicSlot(m_genre, List::Genre, m_ncGenre, p.genre), weight);
    QString tranche = p.trancheAge;
    if (tranche.isEmpty() && p.anneeNaissance > 0)
        tranche = Nomenclature::trancheAgeForBirthYear(p.anneeNaissance, year);
    m_tranche.add(publicSlot(m_tranche, List::TrancheAge, m_ncTranche, tranche), weight);
    m_statut.add(publicSlot(m_statut, List::StatutSocial, m_ncStatut, p.statutSocial), weight);
    m_residence.add(p.codeInsee.isEmpty() ? m_ncResidence : m_residence.slot(p.codeInsee, p.commune), weight);
}

void Engine::addAnonymous(const QSqlQuery &q, int year)
{
    const Person p{q.value(CAnonGenre).toString(), q.value(CAnonTranche).toString(), q.value(CAnonAnnee).toInt(),
        q.value(CAnonStatut).toString(), q.value(CAnonInsee).toString(), q.value(CAnonCommune).toString()};
    addPerson(p, year, 1);
}

void Engine::addWorkshopPublic(const QSqlQuery &q, const QList<int> &followed, qint64 accompagnements, int year)
{
    // Anonymous participants: the counters, the rest of each group non communiqué. Followed ones: their record.
    // Whatever neither accounts for (a stored count out of step) is non communiqué too, so that every public
    // breakdown adds up to the accompagnements.
    const qint64 anonymous = accompagnements - followed.size();
    const auto group = [&](Tally &tally, QHash<QString, CounterSlots> &cache, int column, int nc) {
        const CounterSlots &entries = counters(tally, cache, q.value(column).toString());
        for (const auto &s : entries.entries)
            tally.add(s.first, s.second);
        if (anonymous > entries.sum)
            tally.add(nc, anonymous - entries.sum);
    };
    group(m_genre, m_genreCounters, CPartGenre, m_ncGenre);
    group(m_tranche, m_trancheCounters, CPartTranche, m_ncTranche);
    group(m_statut, m_statutCounters, CPartStatut, m_ncStatut);
    if (anonymous > 0)
        m_residence.add(m_ncResidence, anonymous);
    for (int i : followed) {
        if (i >= 0) {
            addPerson(m_people.at(i), year, 1);
        } else {
            m_genre.add(m_ncGenre, 1);
            m_tranche.add(m_ncTranche, 1);
            m_statut.add(m_ncStatut, 1);
            m_residence.add(m_ncResidence, 1);
        }
    }
}

void Engine::row(const QSqlQuery &q)
{
    const QString date = q.value(CDate).toString();
    const DayInfo d = day(date);
    const bool individuel = q.value(CType).toString() == QLatin1String(Activity::Individuel);

    // Followed beneficiaries, and the first day each is seen, whatever the filters.
    int single = -1;
    QList<int> followed;
    if (individuel) {
        const QVariant b = q.value(CBeneficiaire);
        if (!b.isNull()) {
            single = person(b.toString());
            if (single >= 0)
                m_firstSeen[single] = std::min(m_firstSeen.at(single), d.jd);
        }
    } else {
        if (!m_participants.isEmpty()) {
            followed = m_participants.value(q.value(CParticipants).toString());
            for (int i : std::as_const(followed)) {
                if (i >= 0)
                    m_firstSeen[i] = std::min(m_firstSeen.at(i), d.jd);
            }
        }
    }

    // Filters.
    const QString type = q.value(CType).toString();
    if (!m_types.isEmpty() && !m_types.contains(type))
        return;
    const QString typeLieu = q.value(CTypeLieu).toString();
    const bool atPlace = typeLieu == QLatin1String("lieu_activite");
    const QString lieuId = atPlace ? q.value(CLieuId).toString() : QString();
    if (!m_lieux.isEmpty() && !m_lieux.contains(lieuId))
        return;
    QString communeInsee;
    QString communeNom;
    if (atPlace) {
        const auto place = m_places.constFind(lieuId);
        if (place != m_places.cend()) {
            communeInsee = place->codeInsee;
            communeNom = place->commune;
        }
    } else {
        communeInsee = q.value(CLieuInsee).toString();
        if (!communeInsee.isEmpty()) {
            communeNom = q.value(CLieuCommune).toString();
        } else if (typeLieu == QLatin1String("a_distance")) {
            communeInsee = m_structureInsee;
            communeNom = m_structureCommune;
        }
    }
    if (!m_communeFilter.isEmpty() && !m_communeFilter.contains(communeInsee))
        return;
    const ThemSlots &them = thematiques(q.value(CThematiques).toString());
    if (!m_themFilter.isEmpty() && !them.matches)
        return;
    const QString tagsRaw = q.value(CTags).toString();
    const TagSlots *tagSlots = nullptr;
    if (!m_tagFilter.isEmpty()) {
        tagSlots = &tags(tagsRaw);
        if (!tagSlots->matches)
            return;
    }

    const qint64 acc = q.value(CAccompagnements).toLongLong();
    const qint64 duree = q.value(CDuree).toLongLong();

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
        if (single < 0 && q.value(CBeneficiaire).isNull()) {
            anonymous = 1;
            anonymousNew = q.value(CAnonDeja).toInt() == 1 && !q.value(CAnonDeja).isNull() ? 0 : 1;
        }
    } else {
        anonymous = acc - followed.size();
        anonymousNew = std::max<qint64>(0, q.value(CPartAnonymes).toLongLong() - q.value(CPartDeja).toLongLong());
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
    for (int s : them.mediation)
        m_mediation.add(s, acc);
    for (int s : them.demarche)
        m_demarche.add(s, acc);
    for (int s : materiel(q.value(CMateriel).toString()))
        m_materiel.add(s, acc);
    if (!tagSlots)
        tagSlots = &tags(tagsRaw);
    for (int s : tagSlots->entries)
        m_tags.add(s, acc);
    {
        const int s = m_canal.find(typeLieu);
        m_canal.add(s >= 0 ? s : m_canal.slot(typeLieu, Nomenclature::instance().label(List::TypeLieu, typeLieu)), acc);
    }
    {
        const QString key = QString::number(duree);
        auto it = m_bucketCache.constFind(key);
        if (it == m_bucketCache.cend()) {
            int slot = -1;
            const QList<DurationBucket> &buckets = Nomenclature::instance().durationBuckets();
            for (int b = 0; b < buckets.size(); ++b) {
                if (duree >= buckets.at(b).min && (buckets.at(b).max < 0 || duree < buckets.at(b).max))
                    slot = b;
            }
            it = m_bucketCache.insert(key, slot);
        }
        if (it.value() >= 0)
            m_duree.add(it.value(), acc);
    }
    if (atPlace) {
        const auto place = m_places.constFind(lieuId);
        m_lieuxTally.add(m_lieuxTally.slot(lieuId, place != m_places.cend() ? place->nom : lieuId), acc);
    }
    m_communes.add(communeInsee.isEmpty() ? m_ncCommune : m_communes.slot(communeInsee, communeNom), acc);

    const int year = date.left(4).toInt();
    if (individuel) {
        if (single >= 0) {
            addPerson(m_people.at(single), year, 1);
        } else if (q.value(CBeneficiaire).isNull()) {
            addAnonymous(q, year);
        } else {
            addPerson(Person(), year, 1);
        }
    } else {
        addWorkshopPublic(q, followed, acc, year);
    }
}

bool Engine::scan(const QDate &from, const QDate &to, QString *error)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // The followed participants of every workshop (a small table next to the activities).
    if (!q.exec(QStringLiteral("SELECT activite_id, beneficiaire_id FROM activite_participants "
                               "ORDER BY activite_id, position"))) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next())
        m_participants[q.value(0).toString()].append(person(q.value(1).toString()));

    // How much of the dated activities the range covers decides between the date index and a plain scan.
    bool useDateIndex = true;
    if (!q.exec(QStringLiteral("SELECT (SELECT min(date) FROM activites), (SELECT max(date) FROM activites)"))) {
        *error = q.lastError().text();
        return false;
    }
    if (q.next()) {
        const QDate first = QDate::fromString(q.value(0).toString(), Qt::ISODate);
        const QDate last = QDate::fromString(q.value(1).toString(), Qt::ISODate);
        if (first.isValid() && last.isValid()) {
            const qint64 span = first.daysTo(last) + 1;
            const qint64 covered = std::max(first, from).daysTo(std::min(last, to)) + 1;
            useDateIndex = covered * 4 < span;
        }
    }
    if (!q.exec(scanSql(m_filter.from, from, to, useDateIndex))) {
        *error = q.lastError().text();
        return false;
    }
    qint64 n = 0;
    while (q.next()) {
        if (m_cancelled && (++n & 0xFFF) == 0 && m_cancelled()) {
            m_stopped = true;
            return true;
        }
        row(q);
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
    const QString day = before.toString(Qt::ISODate);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    for (const char *sql : {"SELECT DISTINCT beneficiaire_id FROM activites WHERE date < ? AND suppression IS NULL "
                            "AND beneficiaire_id IS NOT NULL",
             "SELECT DISTINCT p.beneficiaire_id FROM activites a JOIN activite_participants p ON p.activite_id = a.id "
             "WHERE a.date < ? AND a.suppression IS NULL AND a.type = 'collectif'"}) {
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
            const int i = person(q.value(0).toString());
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
