#include "models/io/ActivityJson.h"

#include "models/io/JsonFields.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ActivityJson", text);
}

QJsonObject communeJson(const CommuneRef &c)
{
    return QJsonObject{{QStringLiteral("codeInsee"), c.codeInsee}, {QStringLiteral("codePostal"), c.codePostal},
        {QStringLiteral("nom"), c.nom}};
}

CommuneRef commune(JsonFields &fields, const char *key)
{
    JsonFields c = fields.child(key);
    return {c.string("codeInsee"), c.string("codePostal"), c.string("nom")};
}

} // namespace

namespace ActivityJson {

QJsonObject toJson(const Activity &a)
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), JsonFields::uuidText(a.id));
    o.insert(QStringLiteral("type"), a.type);
    o.insert(QStringLiteral("date"), a.date.isValid() ? QJsonValue(a.date.toString(Qt::ISODate)) : QJsonValue());
    o.insert(QStringLiteral("dureeMinutes"), a.dureeMinutes);
    o.insert(QStringLiteral("typeLieu"), a.typeLieu);
    o.insert(QStringLiteral("lieuId"), JsonFields::uuidText(a.lieuId));
    o.insert(QStringLiteral("lieuCommune"), communeJson(a.lieuCommune));
    o.insert(QStringLiteral("thematiques"), QJsonArray::fromStringList(a.thematiques));
    o.insert(QStringLiteral("materiel"), QJsonArray::fromStringList(a.materiel));
    o.insert(QStringLiteral("tags"), QJsonArray::fromStringList(a.tags));
    o.insert(QStringLiteral("precisionsDemarche"), a.precisionsDemarche);
    o.insert(QStringLiteral("notes"), a.notes);

    o.insert(QStringLiteral("autonomie"), a.autonomie);
    o.insert(QStringLiteral("orienteVersStructure"), JsonFields::optionalBool(a.orienteVersStructure));
    o.insert(QStringLiteral("structureDeRedirection"), a.structureDeRedirection);
    o.insert(QStringLiteral("beneficiaireId"), JsonFields::uuidText(a.beneficiaireId));
    const AnonymousPerson &p = a.anonyme;
    o.insert(QStringLiteral("anonyme"),
        QJsonObject{{QStringLiteral("genre"), p.genre}, {QStringLiteral("trancheAge"), p.trancheAge},
            {QStringLiteral("anneeNaissance"), p.anneeNaissance}, {QStringLiteral("statutSocial"), p.statutSocial},
            {QStringLiteral("communeResidence"), communeJson(p.communeResidence)},
            {QStringLiteral("dejaAccompagne"), JsonFields::optionalBool(p.dejaAccompagne)}});

    o.insert(QStringLiteral("titreAtelier"), a.titreAtelier);
    o.insert(QStringLiteral("niveauAtelier"), a.niveauAtelier);
    QJsonArray participants;
    for (const QUuid &id : a.participants)
        participants.append(JsonFields::uuidText(id));
    o.insert(QStringLiteral("participants"), participants);
    const AnonymousCounters &k = a.participantsAnonymes;
    o.insert(QStringLiteral("participantsAnonymes"),
        QJsonObject{{QStringLiteral("total"), k.total}, {QStringLiteral("dejaAccompagne"), k.dejaAccompagne},
            {QStringLiteral("genre"), JsonFields::counterObject(k.genre)},
            {QStringLiteral("trancheAge"), JsonFields::counterObject(k.trancheAge)},
            {QStringLiteral("statutSocial"), JsonFields::counterObject(k.statutSocial)}});

    o.insert(QStringLiteral("creation"), JsonFields::timestamp(a.creation));
    o.insert(QStringLiteral("modification"), JsonFields::timestamp(a.modification));
    o.insert(QStringLiteral("suppression"), JsonFields::timestamp(a.suppression));
    o.insert(QStringLiteral("syncState"), static_cast<int>(a.syncState));
    o.insert(QStringLiteral("serverVersion"), a.serverVersion);
    o.insert(QStringLiteral("source"), a.source);
    o.insert(QStringLiteral("importKey"), a.importKey);
    return o;
}

bool fromJson(const QJsonObject &object, Activity *activity, QString *error)
{
    QString firstError;
    JsonFields r(object, QString(), &firstError);
    Activity a;
    a.id = r.uuid("id");
    a.type = r.string("type");
    a.date = r.date("date");
    a.dureeMinutes = r.integer("dureeMinutes");
    a.typeLieu = r.string("typeLieu");
    a.lieuId = r.uuid("lieuId");
    a.lieuCommune = commune(r, "lieuCommune");
    a.thematiques = r.strings("thematiques");
    a.materiel = r.strings("materiel");
    a.tags = r.strings("tags");
    a.precisionsDemarche = r.string("precisionsDemarche");
    a.notes = r.string("notes");

    a.autonomie = r.string("autonomie");
    a.orienteVersStructure = r.optionalBoolean("orienteVersStructure");
    a.structureDeRedirection = r.string("structureDeRedirection");
    a.beneficiaireId = r.uuid("beneficiaireId");
    JsonFields p = r.child("anonyme");
    a.anonyme.genre = p.string("genre");
    a.anonyme.trancheAge = p.string("trancheAge");
    a.anonyme.anneeNaissance = p.integer("anneeNaissance");
    a.anonyme.statutSocial = p.string("statutSocial");
    a.anonyme.communeResidence = commune(p, "communeResidence");
    a.anonyme.dejaAccompagne = p.optionalBoolean("dejaAccompagne");

    a.titreAtelier = r.string("titreAtelier");
    a.niveauAtelier = r.string("niveauAtelier");
    a.participants = r.uuids("participants");
    JsonFields k = r.child("participantsAnonymes");
    a.participantsAnonymes.total = k.integer("total");
    a.participantsAnonymes.dejaAccompagne = k.integer("dejaAccompagne");
    a.participantsAnonymes.genre = k.counters("genre");
    a.participantsAnonymes.trancheAge = k.counters("trancheAge");
    a.participantsAnonymes.statutSocial = k.counters("statutSocial");

    a.creation = r.dateTime("creation");
    a.modification = r.dateTime("modification");
    a.suppression = r.dateTime("suppression");
    const int state = r.integer("syncState");
    if (state < static_cast<int>(SyncState::Pending) || state > static_cast<int>(SyncState::Failed)) {
        if (firstError.isEmpty())
            firstError = tr("état de synchronisation inconnu (%1)").arg(state);
    }
    a.syncState = static_cast<SyncState>(state);
    a.serverVersion = r.string("serverVersion");
    // A draft written before schema 6 has no source: it was typed in Carnet.
    if (const QString source = r.string("source"); !source.isEmpty())
        a.source = source;
    a.importKey = r.string("importKey");

    if (!firstError.isEmpty()) {
        if (error)
            *error = tr("Activité illisible : %1.").arg(firstError);
        return false;
    }
    *activity = a;
    return true;
}

} // namespace ActivityJson
