#include "sync/wire/ActivityWire.h"

#include "models/domain/Codes.h"
#include "models/io/JsonFields.h"
#include "sync/wire/ReferenceWire.h"

#include <QJsonArray>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ActivityWire", text);
}

// A nullable text of the platform's: null when empty.
QJsonValue nullable(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

QJsonArray uuidArray(const QList<QUuid> &ids)
{
    QJsonArray array;
    for (const QUuid &id : ids)
        array.append(JsonFields::uuidText(id));
    return array;
}

// One aggregate: a person's code, or non communiqué.
void count(QMap<QString, int> &aggregate, const QString &code, int n = 1)
{
    if (n > 0)
        aggregate[code.isEmpty() ? QLatin1String(Codes::NonCommunique) : code] += n;
}

// The counters of a workshop's anonymous participants into an aggregate, what they leave out non communiqué.
void countAnonymous(QMap<QString, int> &aggregate, const QMap<QString, int> &counters, int total)
{
    int counted = 0;
    for (auto it = counters.cbegin(); it != counters.cend(); ++it) {
        count(aggregate, it.key(), it.value());
        counted += std::max(0, it.value());
    }
    count(aggregate, QString(), total - counted);
}

} // namespace

namespace ActivityWire {

QJsonObject beneficiaires(const Activity &a, const People &people)
{
    QMap<QString, int> genres, tranches, statuts;
    const auto person = [&](const QUuid &id) {
        const std::optional<Beneficiary> b = people ? people(id) : std::nullopt;
        count(genres, b ? b->genre : QString());
        count(tranches, b ? b->trancheAge : QString());
        count(statuts, b ? b->statutSocial : QString());
    };
    if (a.isCollectif()) {
        for (const QUuid &id : a.participants)
            person(id);
        const AnonymousCounters &k = a.participantsAnonymes;
        countAnonymous(genres, k.genre, k.total);
        countAnonymous(tranches, k.trancheAge, k.total);
        countAnonymous(statuts, k.statutSocial, k.total);
    } else if (!a.beneficiaireId.isNull()) {
        person(a.beneficiaireId);
    } else {
        count(genres, a.anonyme.genre);
        count(tranches, a.anonyme.trancheAge);
        count(statuts, a.anonyme.statutSocial);
    }
    return QJsonObject{{QStringLiteral("total"), a.accompagnements()},
        {QStringLiteral("genres"), JsonFields::counterObject(genres)},
        {QStringLiteral("tranches_age"), JsonFields::counterObject(tranches)},
        {QStringLiteral("statuts"), JsonFields::counterObject(statuts)}};
}

QJsonObject toResource(const Activity &a, const Meta &meta, const People &people)
{
    const bool lieuActivite = a.typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite);
    QJsonObject at;
    // The platform's attributes (coop-api-v1.openapi.json, components.schemas.Activite), in its order.
    at.insert(QStringLiteral("type"), a.type);
    if (!meta.mediateurId.isNull())
        at.insert(QStringLiteral("mediateur_id"), JsonFields::uuidText(meta.mediateurId));
    at.insert(QStringLiteral("accompagnements"), a.accompagnements());
    at.insert(QStringLiteral("date"), a.date.isValid() ? QJsonValue(a.date.toString(Qt::ISODate)) : QJsonValue());
    at.insert(QStringLiteral("duree"), a.dureeMinutes);
    at.insert(QStringLiteral("type_lieu"), a.typeLieu);
    at.insert(QStringLiteral("structure_id"), lieuActivite ? nullable(JsonFields::uuidText(a.lieuId)) : QJsonValue());
    at.insert(QStringLiteral("lieu_code_postal"), lieuActivite ? QJsonValue() : nullable(a.lieuCommune.codePostal));
    at.insert(QStringLiteral("lieu_commune"), lieuActivite ? QJsonValue() : nullable(a.lieuCommune.nom));
    at.insert(QStringLiteral("lieu_code_insee"), lieuActivite ? QJsonValue() : nullable(a.lieuCommune.codeInsee));
    at.insert(QStringLiteral("creation"), JsonFields::timestamp(a.creation));
    at.insert(QStringLiteral("modification"), JsonFields::timestamp(a.modification));
    at.insert(QStringLiteral("suppression"), JsonFields::timestamp(a.suppression));
    at.insert(QStringLiteral("autonomie"), nullable(a.autonomie));
    at.insert(QStringLiteral("oriente_vers_structure"), JsonFields::optionalBool(a.orienteVersStructure));
    at.insert(QStringLiteral("structure_de_redirection"), nullable(a.structureDeRedirection));
    at.insert(QStringLiteral("materiel"), QJsonArray::fromStringList(a.materiel));
    at.insert(QStringLiteral("thematiques"), QJsonArray::fromStringList(a.thematiques));
    at.insert(QStringLiteral("tags"), QJsonArray::fromStringList(a.tags));
    at.insert(QStringLiteral("precisions_demarche"), nullable(a.precisionsDemarche));
    at.insert(QStringLiteral("titre_atelier"), nullable(a.titreAtelier));
    at.insert(QStringLiteral("niveau_atelier"), nullable(a.niveauAtelier));
    at.insert(QStringLiteral("beneficiaires"), beneficiaires(a, people));

    // Carnet's, so that nothing is lost.
    const AnonymousPerson &p = a.anonyme;
    const AnonymousCounters &k = a.participantsAnonymes;
    at.insert(QStringLiteral("carnet"),
        QJsonObject{{QStringLiteral("notes"), a.notes},
            {QStringLiteral("beneficiaire_suivi_id"), nullable(JsonFields::uuidText(a.beneficiaireId))},
            {QStringLiteral("personne"),
                QJsonObject{{QStringLiteral("genre"), nullable(p.genre)},
                    {QStringLiteral("tranche_age"), nullable(p.trancheAge)},
                    {QStringLiteral("annee_naissance"),
                        p.anneeNaissance > 0 ? QJsonValue(p.anneeNaissance) : QJsonValue()},
                    {QStringLiteral("statut_social"), nullable(p.statutSocial)},
                    {QStringLiteral("commune_residence"), Wire::communeObject(p.communeResidence)},
                    {QStringLiteral("deja_accompagne"), JsonFields::optionalBool(p.dejaAccompagne)}}},
            {QStringLiteral("participants_suivis"), uuidArray(a.participants)},
            {QStringLiteral("participants_anonymes"),
                QJsonObject{{QStringLiteral("total"), k.total}, {QStringLiteral("deja_accompagnes"), k.dejaAccompagne},
                    {QStringLiteral("genres"), JsonFields::counterObject(k.genre)},
                    {QStringLiteral("tranches_age"), JsonFields::counterObject(k.trancheAge)},
                    {QStringLiteral("statuts"), JsonFields::counterObject(k.statutSocial)}}},
            {QStringLiteral("source"), a.source}, {QStringLiteral("cle_import"), nullable(a.importKey)}});

    return Wire::resource(Type, a.id, at, meta.version);
}

bool fromResource(const QJsonObject &resource, Activity *activity, QString *error, Meta *meta)
{
    QString firstError;
    JsonFields r(resource, QString(), &firstError);
    Activity a;
    a.id = Wire::header(r, resource, Type, tr("de l'activité"));
    JsonFields at = r.child("attributes");
    a.type = at.string("type");
    const QUuid mediateur = at.uuid("mediateur_id");
    a.date = at.date("date");
    a.dureeMinutes = at.integer("duree");
    a.typeLieu = at.string("type_lieu");
    a.lieuId = at.uuid("structure_id");
    a.lieuCommune = {at.string("lieu_code_insee"), at.string("lieu_code_postal"), at.string("lieu_commune")};
    a.creation = at.dateTime("creation");
    a.modification = at.dateTime("modification");
    a.suppression = at.dateTime("suppression");
    a.autonomie = at.string("autonomie");
    a.orienteVersStructure = at.optionalBoolean("oriente_vers_structure");
    a.structureDeRedirection = at.string("structure_de_redirection");
    a.materiel = at.strings("materiel");
    a.thematiques = at.strings("thematiques");
    a.tags = at.strings("tags");
    a.precisionsDemarche = at.string("precisions_demarche");
    a.titreAtelier = at.string("titre_atelier");
    a.niveauAtelier = at.string("niveau_atelier");

    JsonFields c = at.child("carnet");
    a.notes = c.string("notes");
    a.beneficiaireId = c.uuid("beneficiaire_suivi_id");
    JsonFields p = c.child("personne");
    a.anonyme.genre = p.string("genre");
    a.anonyme.trancheAge = p.string("tranche_age");
    a.anonyme.anneeNaissance = p.integer("annee_naissance");
    a.anonyme.statutSocial = p.string("statut_social");
    a.anonyme.communeResidence = Wire::commune(p, "commune_residence");
    a.anonyme.dejaAccompagne = p.optionalBoolean("deja_accompagne");
    a.participants = c.uuids("participants_suivis");
    JsonFields k = c.child("participants_anonymes");
    a.participantsAnonymes.total = k.integer("total");
    a.participantsAnonymes.dejaAccompagne = k.integer("deja_accompagnes");
    a.participantsAnonymes.genre = k.counters("genres");
    a.participantsAnonymes.trancheAge = k.counters("tranches_age");
    a.participantsAnonymes.statutSocial = k.counters("statuts");
    if (const QString source = c.string("source"); !source.isEmpty())
        a.source = source;
    a.importKey = c.string("cle_import");

    const qint64 v = Wire::version(r, resource);
    if (!firstError.isEmpty()) {
        if (error)
            *error = firstError;
        return false;
    }
    a.serverVersion = v > 0 ? QString::number(v) : QString();
    *activity = a;
    if (meta)
        *meta = {mediateur, v};
    return true;
}

} // namespace ActivityWire
