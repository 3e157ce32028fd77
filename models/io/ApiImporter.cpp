#include "models/io/ApiImporter.h"

#include "models/domain/Codes.h"
#include "models/io/ImportCells.h"
#include "models/io/ImportContext.h"
#include "models/store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
using List = Nomenclature::List;

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QStringList strings(const QJsonObject &o, const char *key)
{
    QStringList list;
    for (const QJsonValue &v : o.value(QLatin1String(key)).toArray())
        list << v.toString();
    return list;
}

// The counts of an aggregate ({"masculin": 2, "non_communique": 1}), non communiqué left out (what a counter group
// does not account for is non communiqué).
QMap<QString, int> counts(const QJsonObject &aggregate)
{
    QMap<QString, int> map;
    for (auto it = aggregate.begin(); it != aggregate.end(); ++it) {
        const int n = it.value().toInt();
        if (n > 0 && it.key() != QLatin1String(Codes::NonCommunique))
            map.insert(it.key(), n);
    }
    return map;
}

// The Espace Coop's CRAs were all made before 2025 (v1_espace_coop_mapping: 2020-2024).
const QDateTime kEndOfEspaceCoop(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);

// The one value an individual's aggregate counts (empty for non communiqué).
QString single(const QJsonObject &aggregate)
{
    const QMap<QString, int> map = counts(aggregate);
    return map.isEmpty() ? QString() : map.firstKey();
}
} // namespace

bool ApiImporter::isApiPage(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    const QJsonArray data = doc.isArray() ? doc.array() : doc.object().value(QLatin1String("data")).toArray();
    return !data.isEmpty()
        && data.first().toObject().value(QLatin1String("type")).toString() == QLatin1String("activite");
}

void ApiImporter::read(const QByteArray &json, const QString &pageName, ImportContext &context)
{
    ImportPlan &plan = context.plan();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        plan.fatal = tr("%1 : ce n'est pas un document JSON valide (octet %2 : %3).")
                         .arg(pageName)
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return;
    }
    const QJsonArray data = doc.isArray() ? doc.array() : doc.object().value(QLatin1String("data")).toArray();
    qint64 index = 0;
    for (const QJsonValue &value : data) {
        ++index;
        ++plan.rowsRead;
        if (!context.progress(index, data.size()))
            return;
        const QJsonObject resource = value.toObject();
        const QJsonObject at = resource.value(QLatin1String("attributes")).toObject();
        const auto problem = [&](const QString &key, const QString &message) {
            plan.addProblem(0, -1, QString(),
                tr("%1, activité n° %2 (%3), « %4 » : %5")
                    .arg(pageName)
                    .arg(index)
                    .arg(str(resource, "id"), key, message));
        };
        Activity a;
        a.id = QUuid::fromString(str(resource, "id"));
        if (a.id.isNull()) {
            problem(QStringLiteral("id"), tr("« %1 » n'est pas un identifiant (UUID)").arg(str(resource, "id")));
            ++plan.invalidActivities;
            continue;
        }
        a.importKey = QStringLiteral("coop:") + a.id.toString(QUuid::WithoutBraces);
        a.source = QLatin1String(ActivitySource::Coop);
        a.syncState = SyncState::Sent;
        const QString type = str(at, "type");
        bool demarche = type == QLatin1String("demarche_administrative");
        a.type = demarche ? QLatin1String(Codes::TypeActivite::Individuel) : type;
        a.date = QDate::fromString(str(at, "date").left(10), Qt::ISODate);
        a.dureeMinutes = at.value(QLatin1String("duree")).toInt();
        a.typeLieu = str(at, "type_lieu");
        if (a.typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite)) {
            a.lieuId = QUuid::fromString(str(at, "structure_id"));
            if (context.store() && !context.store()->place(a.lieuId)) {
                // The API names the structure by its id only: it cannot be created from here.
                problem(QStringLiteral("structure_id"),
                    tr("la structure %1 n'est pas l'un de vos lieux d'activité : créez-la d'abord dans Carnet ou "
                       "importez l'export XLSX des activités de La Coop")
                        .arg(str(at, "structure_id")));
                ++plan.invalidActivities;
                continue;
            }
        } else {
            a.lieuCommune = {str(at, "lieu_code_insee"), str(at, "lieu_code_postal"), str(at, "lieu_commune")};
        }
        a.creation = QDateTime::fromString(str(at, "creation"), Qt::ISODateWithMs).toUTC();
        a.modification = QDateTime::fromString(str(at, "modification"), Qt::ISODateWithMs).toUTC();
        if (!a.modification.isValid())
            a.modification = a.creation;
        if (!str(at, "suppression").isEmpty()) {
            // Deleted on the platform: nothing to import.
            continue;
        }
        // The API does not say which activities are Espace Coop CRAs the platform migrated (no v1_cra_id in route.ts's
        // ActiviteAttributes). Those have their creation and modification both set to the CRA's createdAt, from the
        // Espace Coop's years (2020-2024): such an activity gets the key of a V1 CRA (ImportContext::v1Key), so that
        // importing it and the Espace Coop's records adds it once. It is still matched by its id too (dropExisting).
        if (a.creation.isValid() && a.creation == a.modification && a.creation < kEndOfEspaceCoop)
            a.importKey = context.v1Key(a.creation, a.type, a.date, a.id.toString());
        a.autonomie = str(at, "autonomie");
        if (at.value(QLatin1String("oriente_vers_structure")).isBool())
            a.orienteVersStructure = at.value(QLatin1String("oriente_vers_structure")).toBool();
        a.structureDeRedirection = str(at, "structure_de_redirection");
        a.materiel = strings(at, "materiel");
        a.thematiques = strings(at, "thematiques");
        if (demarche && !a.thematiques.contains(QLatin1String(Codes::Thematique::AideDemarches)))
            a.thematiques.prepend(QLatin1String(Codes::Thematique::AideDemarches));
        a.tags = strings(at, "tags");
        a.precisionsDemarche = str(at, "precisions_demarche");
        a.titreAtelier = str(at, "titre_atelier");
        a.niveauAtelier = str(at, "niveau_atelier");
        const QJsonObject beneficiaires = at.value(QLatin1String("beneficiaires")).toObject();
        const QJsonObject genres = beneficiaires.value(QLatin1String("genres")).toObject();
        const QJsonObject tranches = beneficiaires.value(QLatin1String("tranches_age")).toObject();
        const QJsonObject statuts = beneficiaires.value(QLatin1String("statuts")).toObject();
        if (a.isCollectif()) {
            AnonymousCounters &k = a.participantsAnonymes;
            k.total = beneficiaires.contains(QLatin1String("total"))
                ? beneficiaires.value(QLatin1String("total")).toInt()
                : at.value(QLatin1String("accompagnements")).toInt();
            k.genre = counts(genres);
            k.trancheAge = counts(tranches);
            k.statutSocial = counts(statuts);
        } else {
            a.anonyme.genre = single(genres);
            a.anonyme.trancheAge = single(tranches);
            a.anonyme.statutSocial = single(statuts);
        }
        context.finish(a, 0, {}, {},
            tr("%1, activité n° %2 (%3) : ").arg(pageName).arg(index).arg(a.id.toString(QUuid::WithoutBraces)));
    }
}
