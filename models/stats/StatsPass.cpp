#include "models/stats/StatsPass.h"

#include "models/store/Connection.h"

#include "models/domain/Activity.h"
#include "models/domain/Codes.h"
#include "models/stats/StatsEngine.h"
#include "models/store/StatsCopySchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlDriver>
#include <QSqlError>

#include <algorithm>
#include <cmath>
#include <limits>

namespace StatsInternal {

namespace {
QString nonCommunique()
{
    return QString::fromLatin1(Codes::NonCommunique);
}

QSet<QByteArray> utf8Set(const QStringList &list)
{
    QSet<QByteArray> set;
    for (const QString &s : list)
        set.insert(s.toUtf8());
    return set;
}
} // namespace

StatsPass::StatsPass(
    const QSqlDatabase &db, const StatsFilter &filter, const QDate &today, const std::function<bool()> &cancelled)
    : m_db(db)
    , m_filter(filter)
    , m_year(today.year())
    , m_cancelled(cancelled)
{
    for (Tally *t : tallies()) {
        if (t->spec().list)
            t->addList(*t->spec().list, t->spec().statsLabels);
    }
    for (const DurationBucket &bucket : Nomenclature::instance().durationBuckets())
        m_duree.slot(bucket.key, bucket.label);
    const QString ncLabel = Nomenclature::instance().label(List::Genre, nonCommunique());
    m_ncGenre = m_genre.slot(nonCommunique(), QString());
    m_ncTranche = m_tranche.slot(nonCommunique(), QString());
    m_ncStatut = m_statut.slot(nonCommunique(), QString());
    m_ncResidence = m_residence.slot(nonCommunique(), ncLabel);
    m_ncCommune = m_communes.slot(nonCommunique(), ncLabel);
    for (Tally *t : tallies())
        t->fixSlots();
    m_wantIndividuel = filter.types.isEmpty() || filter.types.contains(QLatin1String(Codes::TypeActivite::Individuel));
    m_wantCollectif = filter.types.isEmpty() || filter.types.contains(QLatin1String(Codes::TypeActivite::Collectif));
    for (const QUuid &id : filter.lieux)
        m_lieux.insert(id.toString(QUuid::WithoutBraces).toUtf8());
    m_communeFilter = utf8Set(filter.communes);
    m_themFilter = utf8Set(filter.thematiques);
    for (const QString &d : filter.departements)
        m_departements.append(d.trimmed().toUpper().toUtf8());
    m_tagFilter = QSet<QString>(filter.tags.cbegin(), filter.tags.cend());
    m_sourceFilter = utf8Set(filter.sources);
#ifdef Q_OS_LINUX
    // The QSQLITE driver's own connection (the pattern Qt documents). CARNET_STATS_QTSQL: QtSql only, which the tests
    // compare with it.
    if (!qEnvironmentVariableIsSet("CARNET_STATS_QTSQL"))
        m_handle = Connection::handle(m_db);
#endif
}

std::array<Tally *, 13> StatsPass::tallies()
{
    const std::array<const Tally *, 13> fixed = std::as_const(*this).tallies();
    std::array<Tally *, 13> result{};
    for (size_t i = 0; i < fixed.size(); ++i)
        result[i] = const_cast<Tally *>(fixed[i]); // this object is not const: its tallies may change
    return result;
}

std::array<const Tally *, 13> StatsPass::tallies() const
{
    return {&m_type, &m_mediation, &m_demarche, &m_materiel, &m_tags, &m_canal, &m_duree, &m_lieuxTally, &m_communes,
        &m_genre, &m_tranche, &m_statut, &m_residence};
}

void StatsPass::watch(const QString &key, const QStringList &codes)
{
    m_watching = true;
    m_watchKey = key;
    m_watchCodes = QSet<QString>(codes.cbegin(), codes.cend());
    for (Tally *t : tallies()) {
        if (t->key() == key)
            t->watch(m_watchCodes, &m_hit);
    }
}

bool StatsPass::query(const QString &sql, const std::function<void(const Row &)> &each, QString *error)
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
            *error = Connection::readError(sqlite3_errcode(m_handle), QString::fromUtf8(sqlite3_errmsg(m_handle)));
        sqlite3_finalize(statement);
        return rc == SQLITE_DONE;
    }
#endif
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(sql)) {
        *error = Connection::readError(q.lastError());
        return false;
    }
    const QtRow r(q);
    while (q.next())
        each(r);
    if (q.lastError().isValid()) {
        *error = Connection::readError(q.lastError());
        return false;
    }
    return true;
}

bool StatsPass::load(QString *error)
{
    const bool ok = query(
        QStringLiteral("SELECT id, genre, tranche_age, annee_naissance, statut_social, code_insee, "
                       "commune, code_postal, suppression IS NOT NULL FROM beneficiaires"),
        [this](const Row &r) {
            m_personIndex.insert(owned(r.text(0)), static_cast<int>(m_people.size()));
            Person p;
            p.genre = codeSlot(m_genre, List::Genre, m_ncGenre, r.text(1));
            p.trancheAge = trancheOf(static_cast<int>(r.integer(3)), r.text(2));
            p.statutSocial = codeSlot(m_statut, List::StatutSocial, m_ncStatut, r.text(4));
            p.commune = communeSlot(m_residence, m_ncResidence, r.text(5), r.text(6), r.text(7));
            p.anonymised = r.integer(8) != 0;
            m_people.append(p);
        },
        error);
    if (!ok)
        return false;
    const size_t people = static_cast<size_t>(m_people.size());
    m_firstJd.assign(people, std::numeric_limits<qint64>::max());
    m_firstPasses.assign(people, 0);
    m_before.assign(people, 0);
    for (Period *p : {&m_current, &m_previous, &m_yearBefore})
        p->seen.assign(people, 0);

    if (!query(
            QStringLiteral("SELECT id, nom, code_insee, commune, code_postal FROM lieux"),
            [this](const Row &r) {
                m_places.insert(owned(r.text(0)),
                    {QString::fromUtf8(r.text(1)), owned(r.text(2)), owned(r.text(3)), owned(r.text(4))});
            },
            error))
        return false;

    if (!query(
            QStringLiteral(
                "SELECT structure_code_insee, structure_commune, structure_code_postal FROM profil WHERE id = 1"),
            [this](const Row &r) {
                m_structureInsee = owned(r.text(0));
                m_structureCommune = owned(r.text(1));
                m_structurePostal = owned(r.text(2));
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

LieuInfo StatsPass::decodeLieu(const QByteArray &text)
{
    const QList<QByteArray> parts = text.split(StatsCopySchema::Separator);
    const auto part = [&](int i) { return i < parts.size() ? parts.at(i) : QByteArray(); };
    const QByteArray typeLieu = part(0);
    LieuInfo info;
    info.canal = codeSlot(m_canal, List::TypeLieu, -1, typeLieu);
    const bool atPlace = typeLieu == Codes::TypeLieu::LieuActivite;
    const QByteArray lieuId = atPlace ? part(1) : QByteArray();
    QByteArray insee;
    QByteArray name;
    QByteArray postal;
    const PlaceInfo *place = nullptr;
    if (atPlace) {
        const auto it = m_places.constFind(lieuId);
        if (it != m_places.cend()) {
            place = &it.value();
            insee = place->codeInsee;
            name = place->commune;
            postal = place->codePostal;
        }
    } else {
        insee = part(2);
        name = part(3);
        postal = part(4);
        if (insee.isEmpty() && typeLieu == Codes::TypeLieu::ADistance) {
            insee = m_structureInsee;
            name = m_structureCommune;
            postal = m_structurePostal;
        }
    }
    // Départements as the platform matches them: the INSEE code starts with one of them.
    const bool inDepartement = m_departements.isEmpty()
        || std::any_of(m_departements.cbegin(), m_departements.cend(),
            [&insee](const QByteArray &d) { return !d.isEmpty() && insee.startsWith(d); });
    // The activity's source ends the text (schema 6, StatsCopySchema.h): decoded once per distinct text, as the place.
    info.passes = (m_lieux.isEmpty() || m_lieux.contains(lieuId))
        && (m_communeFilter.isEmpty() || m_communeFilter.contains(insee)) && inDepartement
        && (m_sourceFilter.isEmpty() || m_sourceFilter.contains(part(5)));
    if (atPlace)
        info.place = m_lieuxTally.slot(QString::fromUtf8(lieuId), place ? place->nom : QString::fromUtf8(lieuId));
    info.commune = communeSlot(m_communes, m_ncCommune, insee, name, postal);
    return info;
}

ThemSlots StatsPass::decodeThematiques(const QByteArray &raw)
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

QList<int> StatsPass::decodeMateriel(const QByteArray &raw)
{
    QList<int> entries;
    const QList<QByteArray> codes = raw.isEmpty() ? QList<QByteArray>() : raw.split(',');
    for (const QByteArray &bytes : codes) {
        const QString code = QString::fromUtf8(bytes);
        entries.append(m_materiel.slot(code, Nomenclature::instance().label(List::Materiel, code)));
    }
    return entries;
}

TagSlots StatsPass::decodeTags(const QByteArray &raw)
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

AnonInfo StatsPass::decodeAnonyme(const QByteArray &text)
{
    const QList<QByteArray> parts = text.split(StatsCopySchema::Separator);
    const auto part = [&](int i) { return i < parts.size() ? parts.at(i) : QByteArray(); };
    AnonInfo a;
    a.genre = codeSlot(m_genre, List::Genre, m_ncGenre, part(0));
    a.tranche = trancheOf(part(2).toInt(), part(1));
    a.statut = codeSlot(m_statut, List::StatutSocial, m_ncStatut, part(3));
    a.residence = communeSlot(m_residence, m_ncResidence, part(4), part(5), part(7));
    return a;
}

const CounterSlots &StatsPass::counters(
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

int StatsPass::communeSlot(
    Tally &tally, int ncSlot, const QByteArray &insee, const QByteArray &name, const QByteArray &postal)
{
    if (insee.isEmpty())
        return ncSlot;
    const auto it = m_codeSlots.constFind(QPair<const Tally *, QByteArray>(&tally, insee));
    if (it != m_codeSlots.cend())
        return it.value();
    // "Commune · code postal" (getActivitesStats.ts formatCommuneLabel: the name alone without a postal code;
    // getBeneficiaireStats.ts: "Non communiqué" unless both are known).
    const QString nc = Nomenclature::instance().label(List::Genre, nonCommunique());
    QString label;
    if (name.isEmpty())
        label = nc;
    else if (!postal.isEmpty())
        label = QString::fromUtf8(name) + QStringLiteral(" \u00B7 ") + QString::fromUtf8(postal);
    else
        label = &tally == &m_residence ? nc : QString::fromUtf8(name);
    const int s = tally.slot(QString::fromUtf8(insee), label);
    m_codeSlots.insert({&tally, owned(insee)}, s);
    return s;
}

int StatsPass::trancheOf(int anneeNaissance, const QByteArray &stored)
{
    if (anneeNaissance >= Nomenclature::AnneeNaissanceMin && anneeNaissance <= m_year) {
        auto it = m_trancheForYear.constFind(anneeNaissance);
        if (it == m_trancheForYear.cend()) {
            it = m_trancheForYear.insert(anneeNaissance,
                codeSlot(m_tranche, List::TrancheAge, m_ncTranche,
                    Nomenclature::trancheAgeForBirthYear(anneeNaissance, m_year).toUtf8()));
        }
        return it.value();
    }
    return codeSlot(m_tranche, List::TrancheAge, m_ncTranche, stored);
}

void StatsPass::addPerson(int person)
{
    if (person < 0)
        return; // not in beneficiaires: the platform's join would not count it either
    const Person &p = m_people.at(person);
    m_genre.add(p.genre, 1);
    m_tranche.add(p.trancheAge, 1);
    m_statut.add(p.statutSocial, 1);
    m_residence.add(p.commune, 1);
}

void StatsPass::addAnonymous(qint64 id, qint64 n)
{
    const AnonInfo &a = decoded(id, m_anonInfos, [this](const QByteArray &t) { return decodeAnonyme(t); });
    m_genre.add(a.genre, n);
    m_tranche.add(a.tranche, n);
    m_statut.add(a.statut, n);
    m_residence.add(a.residence, n);
}

void StatsPass::countAnonymous(qint64 id)
{
    if (id <= 0 || id >= static_cast<qint64>(m_decoded.size())) {
        addAnonymous(id, 1);
        return;
    }
    if (m_anonCounts.empty())
        m_anonCounts.assign(m_decoded.size(), 0);
    ++m_anonCounts[static_cast<size_t>(id)];
}

void StatsPass::addAnonymousCounts()
{
    for (size_t id = 0; id < m_anonCounts.size(); ++id) {
        if (m_anonCounts[id] > 0)
            addAnonymous(static_cast<qint64>(id), m_anonCounts[id]);
    }
    m_anonCounts.clear(); // added: a later pass counts afresh
}

void StatsPass::addWorkshopPublic(const Row &r, const QList<int> &followed, qint64 accompagnements)
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
    if (m_watching) {
        for (int i : followed)
            addPerson(i);
    }
}

void StatsPass::row(const Row &r)
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

void StatsPass::accumulate(const Row &r)
{
    using namespace StatsCopySchema;
    const qint64 jd = r.integer(AJour);
    const DayInfo &d = day(jd);
    const qint64 mesures = r.integer(AMesures);
    const bool individuel = (mesures & 1) == 0;
    const qint64 duree = (mesures >> DureeShift) & DureeMask;
    const qint64 acc = mesures >> AccompagnementsShift;

    // Followed beneficiaries, and whether this activity is the first accompagnement of one of them, whatever the
    // filters: the pass reads the days in order, and the activities of a day by id (the copy's key), so the first
    // activity seen of a person is their first by date then id.
    int single = -1;
    qint64 anonymousPerson = 0; // its id in stats_valeurs
    m_firstHere.clear();
    const auto seeFirst = [this, jd](int i) {
        if (i >= 0 && jd < m_firstJd[static_cast<size_t>(i)]) {
            m_firstJd[static_cast<size_t>(i)] = jd;
            m_firstPasses[static_cast<size_t>(i)] = 0; // until the filters below say otherwise
            m_firstHere.append(i);
        }
    };

    static const QList<int> noOne;
    const QList<int> *followed = &noOne;
    if (individuel) {
        const qint64 p = r.integer(APersonne);
        if (p > 0) {
            single = decoded(p, m_personInfos, [this](const QByteArray &id) { return person(id); });
            seeFirst(single);
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
        for (int i : m_followed)
            seeFirst(i);
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

    // The first accompagnements of this activity pass every filter: they may count as new (getTotalCountsStats.ts).
    for (int i : std::as_const(m_firstHere))
        m_firstPasses[static_cast<size_t>(i)] = 1;

    // Evolution, inside the period.
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

    // The public: each anonymous accompagnement is a person of its own; a followed beneficiary is added once, when
    // the period is over (finish()), except while watching, where what matters is which activities add to an item.
    if (!individuel)
        addWorkshopPublic(r, *followed, acc);
    else if (anonymousPerson > 0 && !m_watching)
        countAnonymous(anonymousPerson);
    else if (anonymousPerson > 0)
        addAnonymous(anonymousPerson, 1);
    else if (m_watching)
        addPerson(single);
}

#ifdef Q_OS_LINUX
// Called by SQLite on every activity of the pass.
void passFunction(sqlite3_context *context, int argc, sqlite3_value **argv)
{
    auto *engine = static_cast<StatsPass *>(sqlite3_user_data(context));
    if (argc < AId || engine->pollCancelled()) {
        sqlite3_result_error(context, "interrupted", -1);
        return;
    }
    engine->row(ValueRow(argv));
    sqlite3_result_null(context);
}
#endif

bool StatsPass::scan(const QDate &from, const QDate &to, QString *error)
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
            *error = Connection::readError(sqlite3_errcode(m_handle), QString::fromUtf8(sqlite3_errmsg(m_handle)));
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
bool StatsPass::earlierBeneficiaries(const QDate &before, QString *error)
{
    const qint64 beforeJd = before.toJulianDay();
    if (m_firstJour <= 0 || m_firstJour >= beforeJd)
        return true; // nothing before
    const auto mark = [this](const Row &r) {
        if (const int i = person(r.text(0)); i >= 0)
            m_before[static_cast<size_t>(i)] = 1;
    };
    if (!query(QStringLiteral("SELECT DISTINCT v.texte FROM activites_stats s JOIN stats_valeurs v ON v.id = "
                              "s.personne WHERE s.jour > 0 AND s.jour < %1 AND s.personne > 0")
                   .arg(beforeJd),
            mark, error))
        return false;
    return query(
        QStringLiteral(
            "SELECT DISTINCT p.beneficiaire_id FROM activites_stats s CROSS JOIN "
            "activite_participants p ON p.activite_id = s.id WHERE s.jour > 0 AND s.jour < %1 AND s.mesures & 1")
            .arg(beforeJd),
        mark, error);
}

bool StatsPass::prepare(QString *error)
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

    QDate scanFrom = std::min(from, m_filter.previousFrom());
    if (m_wantYearBefore)
        scanFrom = std::min(scanFrom, from.addYears(-1));

    // Each day of the pass: its place in the series of the period (every calendar month, every day).
    m_scanFromJd = scanFrom.toJulianDay();
    m_dayInfo.resize(static_cast<size_t>(scanFrom.daysTo(to) + 1));
    const int firstMonthIndex = from.year() * 12 + from.month() - 1;
    const int months = to.year() * 12 + to.month() - firstMonthIndex;
    const qint64 days = from.daysTo(to) + 1;
    m_months = QList<qint64>(months, 0);
    m_days = QList<qint64>(days, 0);
    for (size_t k = 0; k < m_dayInfo.size(); ++k) {
        const QDate d = scanFrom.addDays(static_cast<qint64>(k));
        if (d < from)
            continue;
        m_dayInfo[k] = {d.year() * 12 + d.month() - 1 - firstMonthIndex, static_cast<int>(from.daysTo(d))};
    }
    if (m_watching) {
        m_watchMonths.assign(static_cast<size_t>(months), 0);
        m_watchDays.assign(static_cast<size_t>(days), 0);
        for (const QString &code : std::as_const(m_watchCodes)) {
            if (m_watchKey == QLatin1String("mois")) {
                const QDate m = QDate::fromString(code + QStringLiteral("-01"), Qt::ISODate);
                const int index = m.isValid() ? m.year() * 12 + m.month() - 1 - firstMonthIndex : -1;
                if (index >= 0 && index < months)
                    m_watchMonths[static_cast<size_t>(index)] = 1;
            } else if (m_watchKey == QLatin1String("jours")) {
                const QDate d = QDate::fromString(code, Qt::ISODate);
                const qint64 index = d.isValid() ? from.daysTo(d) : -1;
                if (index >= 0 && index < days)
                    m_watchDays[static_cast<size_t>(index)] = 1;
            }
        }
    }

    m_scanFrom = scanFrom;
    return query(
        QStringLiteral("SELECT min(jour) FROM activites_stats WHERE jour > 0"),
        [this](const Row &r) { m_firstJour = r.integer(0); }, error);
}

void StatsPass::merge(const StatsPass &other)
{
    if (other.m_stopped)
        m_stopped = true;
    const std::array<Tally *, 13> mine = tallies();
    const std::array<const Tally *, 13> theirs = other.tallies();
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
        if (other.m_firstJd[o] < m_firstJd[i]) {
            m_firstJd[i] = other.m_firstJd[o];
            m_firstPasses[i] = other.m_firstPasses[o];
        }
        for (size_t p = 0; p < std::size(periods); ++p)
            periods[p]->seen[i] = periods[p]->seen[i] || otherPeriods[p]->seen[o];
    }
    for (qsizetype m = 0; m < m_months.size() && m < other.m_months.size(); ++m)
        m_months[m] += other.m_months.at(m);
    for (qsizetype d = 0; d < m_days.size() && d < other.m_days.size(); ++d)
        m_days[d] += other.m_days.at(d);
    m_watchedIds += other.m_watchedIds;
}

bool StatsPass::pass(const QDate &from, const QDate &to, QString *error)
{
    if (!scan(from, to, error))
        return false;
    if (!m_stopped)
        addAnonymousCounts();
    return true;
}

StatsResult StatsPass::run()
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

StatsResult StatsPass::finish()
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

    // Followed beneficiaries, once each: suivis (a deleted one is an anonymous person), nouveaux when their first
    // accompagnement ever passes the filters inside the period, and their public once in the period's breakdowns.
    for (Period *p : {&m_current, &m_previous, &m_yearBefore}) {
        for (size_t i = 0; i < p->seen.size(); ++i) {
            if (!p->seen[i])
                continue;
            if (m_people.at(static_cast<qsizetype>(i)).anonymised)
                ++p->h.anonymes;
            else
                ++p->h.suivis;
            if (!m_before[i] && m_firstPasses[i] && p->contains(m_firstJd[i]))
                ++p->h.nouveaux;
            if (p == &m_current && !m_watching)
                addPerson(static_cast<int>(i));
        }
        p->h.beneficiaires = p->h.suivis + p->h.anonymes;
    }
    result.headline = m_current.h;
    result.previous = m_previous.h;
    if (m_wantYearBefore)
        result.yearBefore = m_yearBefore.h;

    for (const Tally *t : tallies()) {
        Breakdown b = t->result();
        if (t->spec().multiValued) {
            for (BreakdownItem &item : b.items)
                item.accompagnementsPercent = proportion(item.count, m_current.h.accompagnements);
        }
        result.breakdowns.append(b);
    }

    const QLocale french(QLocale::French);
    const QDate firstMonth(m_filter.from.year(), m_filter.from.month(), 1);
    result.months.key = QStringLiteral("mois");
    for (qsizetype m = 0; m < m_months.size(); ++m) {
        const QDate start = firstMonth.addMonths(static_cast<int>(m));
        result.months.points.append({start.toString(QStringLiteral("yyyy-MM")),
            french.toString(start, QStringLiteral("MMM yyyy")), start, m_months.at(m)});
    }
    result.days.key = QStringLiteral("jours");
    for (qsizetype k = 0; k < m_days.size(); ++k) {
        const QDate dayDate = m_filter.from.addDays(k);
        result.days.points.append(
            {dayDate.toString(Qt::ISODate), dayDate.toString(QStringLiteral("dd/MM")), dayDate, m_days.at(k)});
    }
    return result;
}

} // namespace StatsInternal
