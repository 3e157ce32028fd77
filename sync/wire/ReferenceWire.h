#pragma once

#include "models/domain/Beneficiary.h"
#include "models/domain/CommuneRef.h"
#include "models/domain/Place.h"

#include <QJsonObject>
#include <QString>

class JsonFields;

// What activities refer to, on the wire of the sync contract (sync/openapi.yaml), the same for carnet-serveur and the
// client: a followed beneficiary (type "beneficiaire") and a place of activity (type "lieu"), JSON:API resources with
// snake_case attributes and meta.version like ActivityWire's. Read back strictly: false with a French *error naming
// the first wrong place ("« attributes.annee_naissance » : un nombre entier est attendu").
namespace Wire {

// {"code_insee": ..., "code_postal": ..., "nom": ...}, nulls for the empty ones; and read back.
QJsonObject communeObject(const CommuneRef &commune);
CommuneRef commune(JsonFields &fields, const char *key);
// A resource's type (which must be `type`), its id (required: `what` names it, "de l'activité") and that attributes is
// an object, read through r (the resource's fields); the null id on a problem.
QUuid header(JsonFields &r, const QJsonObject &resource, const char *type, const QString &what);
// meta.version: 0 when absent, a problem recorded through r when not a positive integer.
qint64 version(JsonFields &r, const QJsonObject &resource);
// The resource around attributes: {"type", "id", "attributes", "meta": {"version"} when version > 0}.
QJsonObject resource(const char *type, const QUuid &id, const QJsonObject &attributes, qint64 version);

} // namespace Wire

namespace BeneficiaryWire {
inline constexpr char Type[] = "beneficiaire";
QJsonObject toResource(const Beneficiary &beneficiary, qint64 version = 0);
bool fromResource(const QJsonObject &resource, Beneficiary *beneficiary, QString *error, qint64 *version = nullptr);
} // namespace BeneficiaryWire

namespace PlaceWire {
inline constexpr char Type[] = "lieu";
QJsonObject toResource(const Place &place, qint64 version = 0);
bool fromResource(const QJsonObject &resource, Place *place, QString *error, qint64 *version = nullptr);
} // namespace PlaceWire
