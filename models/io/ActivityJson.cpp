#include "models/io/ActivityJson.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ActivityJson", text);
}

QString uuidText(const QUuid &id)
{
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

QJsonValue timestamp(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue optionalBool(const std::optional<bool> &b)
{
    return b.has_value() ? QJsonValue(*b) : QJsonValue();
}

QJsonObject communeJson(const CommuneRef &c)
{
    return QJsonObject{{QStringLiteral("codeInsee"), c.codeInsee}, {QStringLiteral("codePostal"), c.codePostal},
        {QStringLiteral("nom"), c.nom}};
}

QJsonObject countersJson(const QMap<QString, int> &counters)
{
    QJsonObject o;
    for (auto it = counters.cbegin(); it != counters.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

// Reads typed values from one object; the first mismatch is remembered with its key path.
class Reader
{
public:
    Reader(const QJsonObject &object, QString prefix, QString *firstError)
        : m_object(object)
        , m_prefix(std::move(prefix))
        , m_error(firstError)
    {
    }

    bool has(const char *key) const
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        return !v.isUndefined() && !v.isNull();
    }

    QString string(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isString())
            fail(key);
        return v.toString();
    }

    int integer(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return 0;
        if (!v.isDouble())
            fail(key);
        return v.toInt();
    }

    std::optional<bool> optionalBoolean(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isBool()) {
            fail(key);
            return std::nullopt;
        }
        return v.toBool();
    }

    QUuid uuid(const char *key)
    {
        const QString s = string(key);
        if (s.isEmpty())
            return {};
        const QUuid id = QUuid::fromString(s);
        if (id.isNull())
            fail(key);
        return id;
    }

    QDate date(const char *key)
    {
        const QString s = string(key);
        if (s.isEmpty())
            return {};
        const QDate d = QDate::fromString(s, Qt::ISODate);
        if (!d.isValid())
            fail(key);
        return d;
    }

    QDateTime dateTime(const char *key)
    {
        const QString s = string(key);
        if (s.isEmpty())
            return {};
        QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (!t.isValid())
            fail(key);
        return t.toUTC();
    }

    QStringList strings(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray()) {
            fail(key);
            return {};
        }
        QStringList list;
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString()) {
                fail(key);
                return {};
            }
            list.append(item.toString());
        }
        return list;
    }

    QList<QUuid> uuids(const char *key)
    {
        QList<QUuid> ids;
        const QStringList list = strings(key);
        for (const QString &s : list) {
            const QUuid id = QUuid::fromString(s);
            if (id.isNull()) {
                fail(key);
                return {};
            }
            ids.append(id);
        }
        return ids;
    }

    QJsonObject object(const char *key)
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isObject())
            fail(key);
        return v.toObject();
    }

    CommuneRef commune(const char *key)
    {
        Reader r(object(key), path(key) + QLatin1Char('.'), m_error);
        return {r.string("codeInsee"), r.string("codePostal"), r.string("nom")};
    }

    QMap<QString, int> counters(const char *key)
    {
        QMap<QString, int> map;
        const QJsonObject o = object(key);
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (!it.value().isDouble()) {
                fail(key);
                return {};
            }
            map.insert(it.key(), it.value().toInt());
        }
        return map;
    }

    QString path(const char *key) const { return m_prefix + QLatin1String(key); }

private:
    void fail(const char *key)
    {
        if (m_error->isEmpty())
            *m_error = tr("Activité illisible : la valeur de « %1 » n'a pas le bon type.").arg(path(key));
    }

    QJsonObject m_object;
    QString m_prefix;
    QString *m_error;
};

} // namespace

namespace ActivityJson {

QJsonObject toJson(const Activity &a)
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), uuidText(a.id));
    o.insert(QStringLiteral("type"), a.type);
    o.insert(QStringLiteral("date"), a.date.isValid() ? QJsonValue(a.date.toString(Qt::ISODate)) : QJsonValue());
    o.insert(QStringLiteral("dureeMinutes"), a.dureeMinutes);
    o.insert(QStringLiteral("typeLieu"), a.typeLieu);
    o.insert(QStringLiteral("lieuId"), uuidText(a.lieuId));
    o.insert(QStringLiteral("lieuCommune"), communeJson(a.lieuCommune));
    o.insert(QStringLiteral("thematiques"), QJsonArray::fromStringList(a.thematiques));
    o.insert(QStringLiteral("materiel"), QJsonArray::fromStringList(a.materiel));
    o.insert(QStringLiteral("tags"), QJsonArray::fromStringList(a.tags));
    o.insert(QStringLiteral("precisionsDemarche"), a.precisionsDemarche);
    o.insert(QStringLiteral("notes"), a.notes);

    o.insert(QStringLiteral("autonomie"), a.autonomie);
    o.insert(QStringLiteral("orienteVersStructure"), optionalBool(a.orienteVersStructure));
    o.insert(QStringLiteral("structureDeRedirection"), a.structureDeRedirection);
    o.insert(QStringLiteral("beneficiaireId"), uuidText(a.beneficiaireId));
    const AnonymousPerson &p = a.anonyme;
    o.insert(QStringLiteral("anonyme"),
        QJsonObject{{QStringLiteral("genre"), p.genre}, {QStringLiteral("trancheAge"), p.trancheAge},
            {QStringLiteral("anneeNaissance"), p.anneeNaissance}, {QStringLiteral("statutSocial"), p.statutSocial},
            {QStringLiteral("communeResidence"), communeJson(p.communeResidence)},
            {QStringLiteral("dejaAccompagne"), optionalBool(p.dejaAccompagne)}});

    o.insert(QStringLiteral("titreAtelier"), a.titreAtelier);
    o.insert(QStringLiteral("niveauAtelier"), a.niveauAtelier);
    QJsonArray participants;
    for (const QUuid &id : a.participants)
        participants.append(uuidText(id));
    o.insert(QStringLiteral("participants"), participants);
    const AnonymousCounters &k = a.participantsAnonymes;
    o.insert(QStringLiteral("participantsAnonymes"),
        QJsonObject{{QStringLiteral("total"), k.total}, {QStringLiteral("dejaAccompagne"), k.dejaAccompagne},
            {QStringLiteral("genre"), countersJson(k.genre)},
            {QStringLiteral("trancheAge"), countersJson(k.trancheAge)},
            {QStringLiteral("statutSocial"), countersJson(k.statutSocial)}});

    o.insert(QStringLiteral("creation"), timestamp(a.creation));
    o.insert(QStringLiteral("modification"), timestamp(a.modification));
    o.insert(QStringLiteral("suppression"), timestamp(a.suppression));
    o.insert(QStringLiteral("syncState"), static_cast<int>(a.syncState));
    o.insert(QStringLiteral("serverVersion"), a.serverVersion);
    o.insert(QStringLiteral("source"), a.source);
    o.insert(QStringLiteral("importKey"), a.importKey);
    return o;
}

bool fromJson(const QJsonObject &object, Activity *activity, QString *error)
{
    QString firstError;
    Reader r(object, QString(), &firstError);
    Activity a;
    a.id = r.uuid("id");
    a.type = r.string("type");
    a.date = r.date("date");
    a.dureeMinutes = r.integer("dureeMinutes");
    a.typeLieu = r.string("typeLieu");
    a.lieuId = r.uuid("lieuId");
    a.lieuCommune = r.commune("lieuCommune");
    a.thematiques = r.strings("thematiques");
    a.materiel = r.strings("materiel");
    a.tags = r.strings("tags");
    a.precisionsDemarche = r.string("precisionsDemarche");
    a.notes = r.string("notes");

    a.autonomie = r.string("autonomie");
    a.orienteVersStructure = r.optionalBoolean("orienteVersStructure");
    a.structureDeRedirection = r.string("structureDeRedirection");
    a.beneficiaireId = r.uuid("beneficiaireId");
    Reader p(r.object("anonyme"), QStringLiteral("anonyme."), &firstError);
    a.anonyme.genre = p.string("genre");
    a.anonyme.trancheAge = p.string("trancheAge");
    a.anonyme.anneeNaissance = p.integer("anneeNaissance");
    a.anonyme.statutSocial = p.string("statutSocial");
    a.anonyme.communeResidence = p.commune("communeResidence");
    a.anonyme.dejaAccompagne = p.optionalBoolean("dejaAccompagne");

    a.titreAtelier = r.string("titreAtelier");
    a.niveauAtelier = r.string("niveauAtelier");
    a.participants = r.uuids("participants");
    Reader k(r.object("participantsAnonymes"), QStringLiteral("participantsAnonymes."), &firstError);
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
            firstError = tr("Activité illisible : état de synchronisation inconnu (%1).").arg(state);
    }
    a.syncState = static_cast<SyncState>(state);
    a.serverVersion = r.string("serverVersion");
    // A draft written before schema 6 has no source: it was typed in Carnet.
    if (const QString source = r.string("source"); !source.isEmpty())
        a.source = source;
    a.importKey = r.string("importKey");

    if (!firstError.isEmpty()) {
        if (error)
            *error = firstError;
        return false;
    }
    *activity = a;
    return true;
}

} // namespace ActivityJson
