#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

// An activity on the wire of the sync contract (sync/openapi.yaml), the same for carnet-serveur and the client: a
// JSON:API resource shaped like the national platform's published one (coop-api-v1.openapi.json, "Activite":
// type "activite", the id, snake_case attributes with the platform's names, codes and nulls, the "beneficiaires"
// aggregates its live API adds), so that a reader of the platform's API reads it; and, in attributes.carnet, what
// Carnet needs besides to lose nothing (the followed beneficiaries by id, the anonymous person or counters in full,
// the notes, the source and import key). The resource's meta.version is the server's version of it.
namespace ActivityWire {

inline constexpr char Type[] = "activite";

// A followed beneficiary by id, for the aggregates (their genre, tranche d'âge and statut); nullopt when unknown
// (counted as non communiqué).
using People = std::function<std::optional<Beneficiary>(const QUuid &id)>;

struct Meta
{
    QUuid mediateurId; // attributes.mediateur_id: the account that owns it (null: left out)
    qint64 version = 0; // meta.version (0: left out)
};

QJsonObject toResource(const Activity &activity, const Meta &meta = {}, const People &people = {});

// Reads a resource toResource() wrote (the platform's attributes, attributes.carnet, meta.version into
// serverVersion). Checks the shape and every value's JSON type, not the domain's rules (the Validator's): false with
// a French *error naming the first wrong place ("« attributes.duree » : un nombre entier est attendu").
bool fromResource(const QJsonObject &resource, Activity *activity, QString *error, Meta *meta = nullptr);

// The "beneficiaires" aggregates of an activity, as the platform's API gives them: {"total": n, "genres": {code: n},
// "tranches_age": {...}, "statuts": {...}}, non communiqué counted under "non_communique".
QJsonObject beneficiaires(const Activity &activity, const People &people = {});

} // namespace ActivityWire
