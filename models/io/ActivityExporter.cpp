#include "models/io/ActivityExporter.h"

#include "models/domain/Nomenclature.h"
#include "models/io/ActivityColumns.h"
#include "models/io/ExportHeader.h"
#include "models/io/TableWriter.h"
#include "models/store/ActivityListQueries.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QHash>
#include <QSet>

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
    QUuid followedId;
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

QString stamp(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("dd/MM/yyyy 'à' HH:mm")) : QString();
}

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
        && options.filter.tags.isEmpty())
        ActivityListQueries::count(store.database(), options.filter.listFilter(), &expected, &countError);

    const QDateTime exportedAt = options.exportedAt.isValid() ? options.exportedAt : QDateTime::currentDateTime();
    if (!ExportHeader::write(writer, tr("Carnet – Activités"), profile, exportedAt, options.filter, places)
        || !writer.headerRow(ActivityColumns::labels())) {
        *error = writer.error();
        return false;
    }

    const Nomenclature &n = Nomenclature::instance();
    Labels labels;
    const Matcher matcher(options.filter, places, people, profile);
    const QString anonymous = ActivityColumns::anonymousBeneficiaryName();
    const QString oui = QStringLiteral("oui");
    const QString non = QStringLiteral("non");
    const QString yes = tr("Oui");
    const QString no = tr("Non");
    // The order in which a workshop's anonymous participants are dealt their counters.
    const QStringList genres = n.values(L::Genre);
    const QStringList tranches = n.values(L::TrancheAge);
    const QStringList statuts = n.values(L::StatutSocial);

    const auto personOf = [&](const QUuid &id) {
        Person p;
        const Beneficiary b = people.value(id);
        p.followedId = id;
        p.name = b.isDeleted() || b.displayName().isEmpty() ? anonymous : b.displayName();
        p.commune = b.communeResidence;
        p.genre = b.genre;
        p.trancheAge = b.trancheAge;
        p.statut = b.statutSocial;
        p.anneeNaissance = b.anneeNaissance;
        return p;
    };

    bool failed = false;
    bool cancelled = false;
    QList<Person> persons;
    const bool read = store.forEachActivity(
        [&](const Activity &a) {
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
            const QString creation = stamp(a.creation);
            const QString modification = a.modification == a.creation ? QString() : stamp(a.modification);
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
                writer.text(p.followedId.isNull() ? QString() : p.followedId.toString(QUuid::WithoutBraces));
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
