#include "sync/wire/ReferenceWire.h"

#include "models/io/JsonFields.h"

#include <QCoreApplication>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ReferenceWire", text);
}

QJsonValue nullable(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

bool finish(const QString &firstError, QString *error)
{
    if (firstError.isEmpty())
        return true;
    if (error)
        *error = firstError;
    return false;
}
} // namespace

namespace Wire {

QJsonObject communeObject(const CommuneRef &c)
{
    return QJsonObject{{QStringLiteral("code_insee"), nullable(c.codeInsee)},
        {QStringLiteral("code_postal"), nullable(c.codePostal)}, {QStringLiteral("nom"), nullable(c.nom)}};
}

CommuneRef commune(JsonFields &fields, const char *key)
{
    JsonFields c = fields.child(key);
    return {c.string("code_insee"), c.string("code_postal"), c.string("nom")};
}

QUuid header(JsonFields &r, const QJsonObject &resource, const char *type, const QString &what)
{
    const QString actual = resource.value(QLatin1String("type")).toString();
    if (actual != QLatin1String(type))
        r.fail("type", tr("« %1 » au lieu de « %2 »").arg(actual, QLatin1String(type)));
    const QUuid id = r.uuid("id");
    if (id.isNull())
        r.fail("id", tr("l'identifiant (UUID) %1 manque").arg(what));
    if (!resource.value(QLatin1String("attributes")).isObject())
        r.fail("attributes", tr("un objet est attendu"));
    return id;
}

qint64 version(JsonFields &r, const QJsonObject &resource)
{
    const QJsonValue version = resource.value(QLatin1String("meta")).toObject().value(QLatin1String("version"));
    if (version.isUndefined() || version.isNull())
        return 0;
    const qint64 v = version.isDouble() ? static_cast<qint64>(version.toDouble()) : 0;
    if (!version.isDouble() || v < 1 || double(v) != version.toDouble()) {
        JsonFields m = r.child("meta");
        m.fail("version", tr("un nombre entier positif est attendu"));
        return 0;
    }
    return v;
}

QJsonObject resource(const char *type, const QUuid &id, const QJsonObject &attributes, qint64 version)
{
    QJsonObject r{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("id"), JsonFields::uuidText(id)},
        {QStringLiteral("attributes"), attributes}};
    if (version > 0)
        r.insert(QStringLiteral("meta"), QJsonObject{{QStringLiteral("version"), version}});
    return r;
}

} // namespace Wire

namespace BeneficiaryWire {

QJsonObject toResource(const Beneficiary &b, qint64 version)
{
    return Wire::resource(Type, b.id,
        QJsonObject{{QStringLiteral("prenom"), b.prenom}, {QStringLiteral("nom"), b.nom},
            {QStringLiteral("telephone"), nullable(b.telephone)}, {QStringLiteral("email"), nullable(b.email)},
            {QStringLiteral("annee_naissance"), b.anneeNaissance > 0 ? QJsonValue(b.anneeNaissance) : QJsonValue()},
            {QStringLiteral("genre"), nullable(b.genre)}, {QStringLiteral("tranche_age"), nullable(b.trancheAge)},
            {QStringLiteral("statut_social"), nullable(b.statutSocial)},
            {QStringLiteral("commune_residence"), Wire::communeObject(b.communeResidence)},
            {QStringLiteral("notes"), b.notes}, {QStringLiteral("creation"), JsonFields::timestamp(b.creation)},
            {QStringLiteral("modification"), JsonFields::timestamp(b.modification)},
            {QStringLiteral("suppression"), JsonFields::timestamp(b.suppression)}},
        version);
}

bool fromResource(const QJsonObject &resource, Beneficiary *beneficiary, QString *error, qint64 *version)
{
    QString firstError;
    JsonFields r(resource, QString(), &firstError);
    Beneficiary b;
    b.id = Wire::header(r, resource, Type, tr("du bénéficiaire"));
    JsonFields at = r.child("attributes");
    b.prenom = at.string("prenom");
    b.nom = at.string("nom");
    b.telephone = at.string("telephone");
    b.email = at.string("email");
    b.anneeNaissance = at.integer("annee_naissance");
    b.genre = at.string("genre");
    b.trancheAge = at.string("tranche_age");
    b.statutSocial = at.string("statut_social");
    b.communeResidence = Wire::commune(at, "commune_residence");
    b.notes = at.string("notes");
    b.creation = at.dateTime("creation");
    b.modification = at.dateTime("modification");
    b.suppression = at.dateTime("suppression");
    const qint64 v = Wire::version(r, resource);
    if (!finish(firstError, error))
        return false;
    *beneficiary = b;
    if (version)
        *version = v;
    return true;
}

} // namespace BeneficiaryWire

namespace PlaceWire {

QJsonObject toResource(const Place &p, qint64 version)
{
    return Wire::resource(Type, p.id,
        QJsonObject{{QStringLiteral("nom"), p.nom}, {QStringLiteral("adresse"), nullable(p.adresse)},
            {QStringLiteral("commune"), Wire::communeObject(p.commune)}, {QStringLiteral("archive"), p.archive},
            {QStringLiteral("creation"), JsonFields::timestamp(p.creation)},
            {QStringLiteral("modification"), JsonFields::timestamp(p.modification)}},
        version);
}

bool fromResource(const QJsonObject &resource, Place *place, QString *error, qint64 *version)
{
    QString firstError;
    JsonFields r(resource, QString(), &firstError);
    Place p;
    p.id = Wire::header(r, resource, Type, tr("du lieu"));
    JsonFields at = r.child("attributes");
    p.nom = at.string("nom");
    p.adresse = at.string("adresse");
    p.commune = Wire::commune(at, "commune");
    p.archive = at.optionalBoolean("archive").value_or(false);
    p.creation = at.dateTime("creation");
    p.modification = at.dateTime("modification");
    const qint64 v = Wire::version(r, resource);
    if (!finish(firstError, error))
        return false;
    *place = p;
    if (version)
        *version = v;
    return true;
}

} // namespace PlaceWire
