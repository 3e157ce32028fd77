#include "models/io/ActivityExporter.h"

#include "models/domain/Nomenclature.h"
#include "models/io/ActivityColumns.h"
#include "models/io/ExportHeader.h"
#include "models/io/TableWriter.h"
#include "models/store/ActivityListQueries.h"
#include "models/store/ActivityStream.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

namespace {

using L = Nomenclature::List;

// Labels of the nomenclature by code, looked up once per code rather than per cell.
class Labels
{
public:
    const QString &label(L list, const QString &code)
    {
        QHash<QString, QString> &cache = m_cache[int(list)];
        auto it = cache.constFind(code);
        if (it == cache.constEnd())
            it = cache.insert(code, Nomenclature::instance().label(list, code));
        return it.value();
    }
    // Several codes, one label a line (the platform's intraCellLineBreak).
    QString joined(L list, const QStringList &codes)
    {
        QString s;
        for (const QString &code : codes) {
            if (!s.isEmpty())
                s += ActivityColumns::valueSeparator();
            s += label(list, code);
        }
        return s;
    }
    // A thématique is a médiation numérique or a démarche code, one list as on the platform.
    const QString &thematique(const QString &code)
    {
        if (Nomenclature::instance().contains(L::ThematiqueDemarche, code))
            return label(L::ThematiqueDemarche, code);
        return label(L::ThematiqueMediation, code);
    }
    // autonomieStars / niveauAtelierStars over the number of values ("2/3"); 0 when none.
    static int stars(L list, const QString &code)
    {
        for (const NomenclatureItem &item : Nomenclature::instance().items(list)) {
            if (item.value == code)
                return item.stars;
        }
        return 0;
    }

private:
    QHash<int, QHash<QString, QString>> m_cache;
};

// One participant's person, as one row shows it.
struct Person
{
    QString name; // "Prénom Nom" or "Bénéficiaire anonyme"
    QString followedId; // the followed beneficiary's UUID as the file writes it, empty for an anonymous one
    CommuneRef commune;
    QString genre;
    QString trancheAge;
    QString statut;
    int anneeNaissance = 0;
    QString dejaAccompagne; // "oui", "non" or empty
};

QString yesNo(const std::optional<bool> &value, const QString &yes, const QString &no)
{
    return value.has_value() ? (*value ? yes : no) : QString();
}

// Does the activity pass the filter? Communes as StatsEngine.h defines an activity's commune.
class Matcher
{
public:
    Matcher(const ExportFilter &filter, const QHash<QUuid, Place> &places, const QHash<QUuid, Beneficiary> &people,
        const Profile &profile)
        : m_filter(filter)
        , m_places(places)
        , m_people(people)
        , m_profile(profile)
        , m_needle(FrenchText::folded(filter.text.trimmed()))
        , m_ids(filter.ids.cbegin(), filter.ids.cend())
    {
    }

    bool matches(const Activity &a) const
    {
        const ExportFilter &f = m_filter;
        if (a.isDeleted())
            return false;
        if (f.from.isValid() && a.date < f.from)
            return false;
        if (f.to.isValid() && a.date > f.to)
            return false;
        if (!f.types.isEmpty() && !f.types.contains(a.type))
            return false;
        if (!f.lieux.isEmpty() && !f.lieux.contains(a.lieuId))
            return false;
        if (!f.thematiques.isEmpty() && !anyOf(f.thematiques, a.thematiques))
            return false;
        if (!f.tags.isEmpty() && !anyOf(f.tags, a.tags))
            return false;
        if (!f.sources.isEmpty() && !f.sources.contains(a.source))
            return false;
        if (!m_ids.isEmpty() && !m_ids.contains(a.id))
            return false;
        if (!f.communes.isEmpty() || !f.departements.isEmpty()) {
            const QString insee = communeOf(a);
            if (!f.communes.isEmpty() && !f.communes.contains(insee))
                return false;
            if (!f.departements.isEmpty()) {
                bool found = false;
                for (const QString &d : f.departements)
                    found = found || (!insee.isEmpty() && insee.startsWith(d));
                if (!found)
                    return false;
            }
        }
        if (!m_needle.isEmpty() && !containsText(a))
            return false;
        return true;
    }

private:
    static bool anyOf(const QStringList &wanted, const QStringList &values)
    {
        for (const QString &v : values) {
            if (wanted.contains(v))
                return true;
        }
        return false;
    }

    QString communeOf(const Activity &a) const
    {
        if (a.typeLieu == QLatin1String("lieu_activite"))
            return m_places.value(a.lieuId).commune.codeInsee;
        if (a.typeLieu == QLatin1String("a_distance") && a.lieuCommune.codeInsee.isEmpty())
            return m_profile.structure.commune.codeInsee;
        return a.lieuCommune.codeInsee;
    }

    // ActivityListQueries: the workshop's title, the notes, the place's name and commune, the activity's commune and
    // the followed beneficiaries' names.
    bool containsText(const Activity &a) const
    {
        const auto has = [&](const QString &s) { return !s.isEmpty() && FrenchText::folded(s).contains(m_needle); };
        if (has(a.titreAtelier) || has(a.notes) || has(a.lieuCommune.nom))
            return true;
        if (!a.lieuId.isNull()) {
            const auto place = m_places.constFind(a.lieuId);
            if (place != m_places.constEnd() && (has(place->nom) || has(place->commune.nom)))
                return true;
        }
        QList<QUuid> people = a.participants;
        if (!a.beneficiaireId.isNull())
            people.append(a.beneficiaireId);
        for (const QUuid &id : people) {
            const auto b = m_people.constFind(id);
            if (b != m_people.constEnd() && !b->isDeleted()
                && (has(b->prenom + QLatin1Char(' ') + b->nom) || has(b->nom + QLatin1Char(' ') + b->prenom)))
                return true;
        }
        return false;
    }

    const ExportFilter &m_filter;
    const QHash<QUuid, Place> &m_places;
    const QHash<QUuid, Beneficiary> &m_people;
    const Profile &m_profile;
    QString m_needle;
    QSet<QUuid> m_ids;
};

// The "Total" of the header block: the table's rows, one per accompagnement (addExportMetadata.ts, given
// activites.flatMap(accompagnements).length by buildAccompagnementsWorksheet.ts). In one SQL sum over the stored
// accompagnements when the filter says nothing SQL cannot; otherwise by a pass over the activities through the
// matcher.
bool countRows(const Store &store, const ExportFilter &f, const Matcher &matcher, qint64 *total, QString *error)
{
    *total = 0;
    // A selection of ids ("activités derrière « … »", up to a million) is not bound one variable per id: SQLite
    // refuses past its limit of variables. The matcher's pass counts it.
    if (f.thematiques.isEmpty() && f.tags.isEmpty() && f.communes.isEmpty() && f.departements.isEmpty()
        && f.text.trimmed().isEmpty() && f.ids.isEmpty()) {
        QString sql
            = QStringLiteral("SELECT coalesce(sum(accompagnements), 0) FROM activites WHERE suppression IS NULL");
        QVariantList values;
        const auto in = [&](const char *column, const QStringList &wanted) {
            if (wanted.isEmpty())
                return;
            QStringList marks;
            for (const QString &v : wanted) {
                marks << QStringLiteral("?");
                values << v;
            }
            sql += QStringLiteral(" AND %1 IN (%2)").arg(QLatin1String(column), marks.join(QLatin1Char(',')));
        };
        const auto uuids = [](const QList<QUuid> &ids) {
            QStringList texts;
            for (const QUuid &id : ids)
                texts << id.toString(QUuid::WithoutBraces);
            return texts;
        };
        if (f.from.isValid()) {
            sql += QStringLiteral(" AND date >= ?");
            values << f.from.toString(Qt::ISODate);
        }
        if (f.to.isValid()) {
            sql += QStringLiteral(" AND date <= ?");
            values << f.to.toString(Qt::ISODate);
        }
        in("type", f.types);
        in("lieu_id", uuids(f.lieux));
        in("source", f.sources);
        QSqlQuery q(store.database());
        q.setForwardOnly(true);
        bool ok = q.prepare(sql);
        for (int i = 0; ok && i < values.size(); ++i)
            q.bindValue(i, values.at(i));
        if (!ok || !q.exec() || !q.next()) {
            *error = ActivityExporter::tr("Impossible de lire la base pour l'export : %1").arg(q.lastError().text());
            return false;
        }
        *total = q.value(0).toLongLong();
        return true;
    }
    return ActivityStream::forEach(
        store,
        [&](const ActivityStream::Row &row) {
            const Activity &a = row.activity;
            if (matcher.matches(a))
                *total += a.isIndividuel() ? 1 : a.participants.size() + a.participantsAnonymes.total;
            return true;
        },
        error);
}

QString stamp(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("dd/MM/yyyy 'à' HH:mm")) : QString();
}

// stamp() of a time as the base stores it ("2026-06-30T10:00:00.000Z", UTC), without QDateTime for each of a million
// rows: the local offset is looked up once per UTC hour (checked at both ends of the hour, so an hour with a change
// of offset in it goes through QDateTime), the minutes written by hand. Any other text goes through QDateTime.
class Stamps
{
public:
    QString format(const QByteArray &stored)
    {
        if (stored.isEmpty())
            return QString();
        const char *s = stored.constData();
        const auto digits = [&](int i, int count, int *value) {
            int v = 0;
            for (int k = i; k < i + count; ++k) {
                if (s[k] < '0' || s[k] > '9')
                    return false;
                v = v * 10 + (s[k] - '0');
            }
            *value = v;
            return true;
        };
        int y, mo, d, h, mi, sec;
        const QDate day = stored.size() == 24 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':'
                && s[16] == ':' && s[19] == '.' && s[23] == 'Z' && digits(0, 4, &y) && digits(5, 2, &mo)
                && digits(8, 2, &d) && digits(11, 2, &h) && digits(14, 2, &mi) && digits(17, 2, &sec) && h < 24
                && mi < 60 && sec < 60
            ? QDate(y, mo, d)
            : QDate();
        if (!day.isValid())
            return slow(stored);
        const qint64 hour = (day.toJulianDay() - kEpochDay) * 24 + h;
        const int offset = offsetOf(hour);
        if (offset == kUnknown)
            return slow(stored);
        qint64 minutes = hour * 60 + mi + offset / 60;
        const qint64 localDay = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
        minutes -= localDay * 1440;
        const QDate local = QDate::fromJulianDay(localDay + kEpochDay);
        int year = local.year();
        if (year < 1000 || year > 9999)
            return slow(stored);
        char16_t out[18];
        const auto two = [&](int at, int v) {
            out[at] = char16_t(u'0' + v / 10);
            out[at + 1] = char16_t(u'0' + v % 10);
        };
        two(0, local.day());
        out[2] = u'/';
        two(3, local.month());
        out[5] = u'/';
        two(6, year / 100);
        two(8, year % 100);
        out[10] = u' ';
        out[11] = u'à';
        out[12] = u' ';
        two(13, int(minutes / 60));
        out[15] = u':';
        two(16, int(minutes % 60));
        return QString(reinterpret_cast<const QChar *>(out), 18);
    }

private:
    static constexpr int kUnknown = 1 << 30;
    static constexpr qint64 kEpochDay = 2440588; // 1970-01-01

    static QString slow(const QByteArray &stored)
    {
        return stamp(QDateTime::fromString(QString::fromLatin1(stored), Qt::ISODateWithMs).toUTC());
    }

    // The local offset (seconds) in force all through this UTC hour (hours since the epoch), or kUnknown.
    int offsetOf(qint64 hour)
    {
        if (hour == m_hour)
            return m_offset;
        auto it = m_offsets.constFind(hour);
        if (it == m_offsets.constEnd()) {
            const QDateTime start = QDateTime::fromSecsSinceEpoch(hour * 3600, Qt::UTC).toLocalTime();
            const QDateTime end = QDateTime::fromSecsSinceEpoch(hour * 3600 + 3599, Qt::UTC).toLocalTime();
            const int offset = start.offsetFromUtc();
            it = m_offsets.insert(hour, offset == end.offsetFromUtc() && offset % 60 == 0 ? offset : kUnknown);
        }
        m_hour = hour;
        m_offset = it.value();
        return m_offset;
    }

    QHash<qint64, int> m_offsets;
    qint64 m_hour = -1;
    int m_offset = kUnknown;
};

} // namespace

QString ActivityExporter::fileName(const QDate &day, const QString &extension)
{
    return QStringLiteral("carnet_activites_%1.%2").arg(day.toString(Qt::ISODate), extension);
}

QString ActivityExporter::cancelledMessage()
{
    return tr("Export annulé : aucun fichier n'a été écrit.");
}

bool ActivityExporter::write(
    const Store &store, TableWriter &writer, const Options &options, Result *result, QString *error)
{
    *result = Result();
    QHash<QUuid, Place> places;
    for (const Place &p : store.places(true))
        places.insert(p.id, p);
    // Deleted (anonymised) beneficiaries too: their activities keep them as one person.
    QHash<QUuid, Beneficiary> people;
    for (const Beneficiary &b : store.beneficiaries(true))
        people.insert(b.id, b);
    const Profile profile = store.profile();

    qint64 expected = -1;
    QString countError;
    if (options.progress && options.filter.communes.isEmpty() && options.filter.departements.isEmpty()
        && options.filter.tags.isEmpty() && options.filter.sources.isEmpty())
        ActivityListQueries::count(store.database(), options.filter.listFilter(), &expected, &countError);

    const Matcher matcher(options.filter, places, people, profile);
    qint64 total = 0;
    if (!countRows(store, options.filter, matcher, &total, error))
        return false;
    const QDateTime exportedAt = options.exportedAt.isValid() ? options.exportedAt : QDateTime::currentDateTime();
    if (!ExportHeader::write(writer, tr("Carnet – Activités"), profile, exportedAt, options.filter, places, total)
        || !writer.headerRow(ActivityColumns::labels())) {
        *error = writer.error();
        return false;
    }

    const Nomenclature &n = Nomenclature::instance();
    Labels labels;
    const QString anonymous = ActivityColumns::anonymousBeneficiaryName();
    const QString oui = QStringLiteral("oui");
    const QString non = QStringLiteral("non");
    const QString yes = tr("Oui");
    const QString no = tr("Non");
    // The order in which a workshop's anonymous participants are dealt their counters.
    const QStringList genres = n.values(L::Genre);
    const QStringList tranches = n.values(L::TrancheAge);
    const QStringList statuts = n.values(L::StatutSocial);

    // A followed beneficiary's person, made once for all the rows that show them.
    QHash<QUuid, Person> followed;
    const auto personOf = [&](const QUuid &id) -> const Person & {
        auto found = followed.constFind(id);
        if (found != followed.constEnd())
            return found.value();
        Person p;
        const Beneficiary b = people.value(id);
        p.followedId = id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
        // A deleted beneficiary (anonymised, as the platform's supprimerBeneficiaires does) keeps their id, public
        // fields and activities: still one person, as the statistics count them (an anonymous one), named
        // "Bénéficiaire anonyme" as the platform's export names them; AccompagnementImporter recreates them deleted.
        p.name = b.isDeleted() || b.displayName().isEmpty() ? anonymous : b.displayName();
        p.commune = b.communeResidence;
        p.genre = b.genre;
        p.trancheAge = b.trancheAge;
        p.statut = b.statutSocial;
        p.anneeNaissance = b.anneeNaissance;
        return followed.insert(id, p).value();
    };

    bool failed = false;
    bool cancelled = false;
    QList<Person> persons;
    Stamps stamps;
    const bool read = ActivityStream::forEach(
        store,
        [&](const ActivityStream::Row &row) {
            const Activity &a = row.activity;
            if (!matcher.matches(a))
                return true;
            persons.clear();
            if (a.isIndividuel()) {
                if (!a.beneficiaireId.isNull()) {
                    persons.append(personOf(a.beneficiaireId));
                } else {
                    Person p;
                    p.name = anonymous;
                    p.commune = a.anonyme.communeResidence;
                    p.genre = a.anonyme.genre;
                    p.trancheAge = a.anonyme.trancheAge;
                    p.statut = a.anonyme.statutSocial;
                    p.anneeNaissance = a.anonyme.anneeNaissance;
                    p.dejaAccompagne = yesNo(a.anonyme.dejaAccompagne, oui, non);
                    persons.append(p);
                }
            } else {
                for (const QUuid &id : a.participants)
                    persons.append(personOf(id));
                // createBeneficiairesForParticipantsAnonymes.ts: each anonymous participant takes one of every
                // group's remaining counts (here in the nomenclature's order); what is left is not communicated.
                AnonymousCounters left = a.participantsAnonymes;
                const auto deal = [](QMap<QString, int> &counters, const QStringList &order) {
                    for (const QString &code : order) {
                        auto it = counters.find(code);
                        if (it != counters.end() && it.value() > 0) {
                            --it.value();
                            return code;
                        }
                    }
                    return QString();
                };
                for (int i = 0; i < a.participantsAnonymes.total; ++i) {
                    Person p;
                    p.name = anonymous;
                    p.genre = deal(left.genre, genres);
                    p.trancheAge = deal(left.trancheAge, tranches);
                    p.statut = deal(left.statutSocial, statuts);
                    p.dejaAccompagne = left.dejaAccompagne > 0 ? oui : non;
                    if (left.dejaAccompagne > 0)
                        --left.dejaAccompagne;
                    persons.append(p);
                }
            }

            // What every row of the activity shares.
            // Both times are stored by StoreRows::timestamp(): the same instant is the same text.
            const QString creation = stamps.format(row.creation);
            const QString modification = row.modification == row.creation ? QString() : stamps.format(row.modification);
            const QString &type = labels.label(L::TypeActivite, a.type);
            const QString &canal = labels.label(L::TypeLieu, a.typeLieu);
            const bool atPlace = a.typeLieu == QLatin1String("lieu_activite") && places.contains(a.lieuId);
            const Place place = atPlace ? places.value(a.lieuId) : Place();
            const CommuneRef &commune = atPlace ? place.commune : a.lieuCommune;
            const QString materiel = labels.joined(L::Materiel, a.materiel);
            QString thematiques;
            for (const QString &code : a.thematiques) {
                if (!thematiques.isEmpty())
                    thematiques += ActivityColumns::valueSeparator();
                thematiques += labels.thematique(code);
            }
            const QString tags = a.tags.join(ActivityColumns::valueSeparator());
            const L levelList = a.isIndividuel() ? L::Autonomie : L::NiveauAtelier;
            const int niveau = Labels::stars(levelList, a.isIndividuel() ? a.autonomie : a.niveauAtelier);
            const int niveaux = int(n.items(levelList).size());
            const QString reoriente = yesNo(a.orienteVersStructure, yes, no);
            const QString structure = a.structureDeRedirection.isEmpty()
                ? QString()
                : labels.label(L::StructureDeRedirection, a.structureDeRedirection);
            const QString id = a.id.toString(QUuid::WithoutBraces);
            const QString lieuId = a.lieuId.isNull() ? QString() : a.lieuId.toString(QUuid::WithoutBraces);
            const qsizetype count = persons.size();

            for (qsizetype i = 0; i < count; ++i) {
                const Person &p = persons.at(i);
                writer.date(a.date);
                writer.text(creation);
                writer.text(modification);
                writer.text(type);
                if (count == 1)
                    writer.number(1);
                else
                    writer.fraction(int(i + 1), int(count));
                writer.text(p.name);
                writer.text(canal);
                writer.text(place.nom);
                writer.text(place.adresse);
                writer.text(commune.nom);
                writer.text(commune.codePostal);
                writer.text(commune.codeInsee);
                writer.number(a.dureeMinutes);
                writer.text(a.titreAtelier);
                writer.text(materiel);
                writer.text(thematiques);
                writer.text(tags);
                writer.text(a.precisionsDemarche);
                if (niveau > 0)
                    writer.fraction(niveau, niveaux);
                else
                    writer.empty();
                writer.text(reoriente);
                writer.text(structure);
                writer.text(p.commune.nom);
                writer.text(p.commune.codePostal);
                writer.text(p.commune.codeInsee);
                // An unanswered field stays empty (the platform writes "Non communiqué" there too; the file keeps the
                // difference so that importing it back gives the same activity).
                writer.text(p.genre.isEmpty() ? QString() : labels.label(L::Genre, p.genre));
                writer.text(p.trancheAge.isEmpty() ? QString() : labels.label(L::TrancheAge, p.trancheAge));
                writer.text(p.statut.isEmpty() ? QString() : labels.label(L::StatutSocial, p.statut));
                if (i == 0)
                    writer.text(a.notes);
                else
                    writer.empty();
                writer.text(id);
                writer.text(p.followedId);
                writer.text(lieuId);
                if (p.anneeNaissance > 0)
                    writer.number(p.anneeNaissance);
                else
                    writer.empty();
                writer.text(p.dejaAccompagne);
                writer.text(a.source);
                writer.text(a.importKey);
                writer.text(ActivityColumns::syncStateLabel(a.syncState));
                if (!writer.endRow()) {
                    failed = true;
                    return false;
                }
            }
            ++result->activities;
            result->rows += count;
            if (options.progress && result->activities % 512 == 0 && !options.progress(result->activities, expected)) {
                cancelled = true;
                return false;
            }
            return true;
        },
        error);
    if (!read)
        return false;
    if (failed) {
        *error = writer.error();
        return false;
    }
    if (cancelled) {
        result->cancelled = true;
        *error = cancelledMessage();
        return false;
    }
    if (options.progress)
        options.progress(result->activities, result->activities);
    return true;
}
