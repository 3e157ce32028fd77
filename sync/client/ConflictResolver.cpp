#include "sync/client/ConflictResolver.h"

#include "models/domain/Nomenclature.h"
#include "models/text/Durations.h"
#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <optional>

namespace {
using List = Nomenclature::List;

// A field of the mediator's: attributes read and chosen together.
struct Group
{
    const char *key;
    const char *label; // translated in fieldsOf
    QStringList paths; // under attributes, dotted
    std::optional<List> list = std::nullopt; // codes shown by their label
};

// The attributes of each kind the mediator compares (the derived ones, such as an activity's aggregates, its
// creation and modification times, are left out: they follow from these).
const QList<Group> &groupsOf(SyncLedger::Kind kind)
{
    static const QList<Group> activity{
        {"type", QT_TRANSLATE_NOOP("ConflictResolver", "Type"), {QStringLiteral("type")}, List::TypeActivite},
        {"date", QT_TRANSLATE_NOOP("ConflictResolver", "Date"), {QStringLiteral("date")}},
        {"duree", QT_TRANSLATE_NOOP("ConflictResolver", "Durée"), {QStringLiteral("duree")}},
        {"lieu", QT_TRANSLATE_NOOP("ConflictResolver", "Lieu"),
            {QStringLiteral("type_lieu"), QStringLiteral("structure_id"), QStringLiteral("lieu_commune"),
                QStringLiteral("lieu_code_postal"), QStringLiteral("lieu_code_insee")},
            List::TypeLieu},
        {"personne", QT_TRANSLATE_NOOP("ConflictResolver", "Personne accompagnée"),
            {QStringLiteral("carnet.beneficiaire_suivi_id"), QStringLiteral("carnet.personne")}},
        {"participants", QT_TRANSLATE_NOOP("ConflictResolver", "Participants"),
            {QStringLiteral("carnet.participants_suivis"), QStringLiteral("carnet.participants_anonymes")}},
        {"materiel", QT_TRANSLATE_NOOP("ConflictResolver", "Matériel"), {QStringLiteral("materiel")}, List::Materiel},
        {"thematiques", QT_TRANSLATE_NOOP("ConflictResolver", "Thématiques"), {QStringLiteral("thematiques")}},
        {"precisions", QT_TRANSLATE_NOOP("ConflictResolver", "Précisions sur la démarche"),
            {QStringLiteral("precisions_demarche")}},
        {"autonomie", QT_TRANSLATE_NOOP("ConflictResolver", "Autonomie"), {QStringLiteral("autonomie")},
            List::Autonomie},
        {"orientation", QT_TRANSLATE_NOOP("ConflictResolver", "Orientation"),
            {QStringLiteral("oriente_vers_structure"), QStringLiteral("structure_de_redirection")},
            List::StructureDeRedirection},
        {"atelier", QT_TRANSLATE_NOOP("ConflictResolver", "Atelier"),
            {QStringLiteral("titre_atelier"), QStringLiteral("niveau_atelier")}, List::NiveauAtelier},
        {"tags", QT_TRANSLATE_NOOP("ConflictResolver", "Étiquettes"), {QStringLiteral("tags")}},
        {"notes", QT_TRANSLATE_NOOP("ConflictResolver", "Notes"), {QStringLiteral("carnet.notes")}},
        {"source", QT_TRANSLATE_NOOP("ConflictResolver", "Origine"),
            {QStringLiteral("carnet.source"), QStringLiteral("carnet.cle_import")}},
        {"suppression", QT_TRANSLATE_NOOP("ConflictResolver", "Supprimée"), {QStringLiteral("suppression")}},
    };
    static const QList<Group> person{
        {"prenom", QT_TRANSLATE_NOOP("ConflictResolver", "Prénom"), {QStringLiteral("prenom")}},
        {"nom", QT_TRANSLATE_NOOP("ConflictResolver", "Nom"), {QStringLiteral("nom")}},
        {"telephone", QT_TRANSLATE_NOOP("ConflictResolver", "Téléphone"), {QStringLiteral("telephone")}},
        {"email", QT_TRANSLATE_NOOP("ConflictResolver", "Courriel"), {QStringLiteral("email")}},
        {"annee", QT_TRANSLATE_NOOP("ConflictResolver", "Année de naissance"), {QStringLiteral("annee_naissance")}},
        {"genre", QT_TRANSLATE_NOOP("ConflictResolver", "Genre"), {QStringLiteral("genre")}, List::Genre},
        {"tranche", QT_TRANSLATE_NOOP("ConflictResolver", "Tranche d'âge"), {QStringLiteral("tranche_age")},
            List::TrancheAge},
        {"statut", QT_TRANSLATE_NOOP("ConflictResolver", "Statut"), {QStringLiteral("statut_social")},
            List::StatutSocial},
        {"commune", QT_TRANSLATE_NOOP("ConflictResolver", "Commune de résidence"),
            {QStringLiteral("commune_residence")}},
        {"notes", QT_TRANSLATE_NOOP("ConflictResolver", "Notes"), {QStringLiteral("notes")}},
        {"suppression", QT_TRANSLATE_NOOP("ConflictResolver", "Supprimée"), {QStringLiteral("suppression")}},
    };
    static const QList<Group> place{
        {"nom", QT_TRANSLATE_NOOP("ConflictResolver", "Nom"), {QStringLiteral("nom")}},
        {"adresse", QT_TRANSLATE_NOOP("ConflictResolver", "Adresse"), {QStringLiteral("adresse")}},
        {"commune", QT_TRANSLATE_NOOP("ConflictResolver", "Commune"), {QStringLiteral("commune")}},
        {"archive", QT_TRANSLATE_NOOP("ConflictResolver", "Archivé"), {QStringLiteral("archive")}},
    };
    switch (kind) {
    case SyncLedger::Kind::Lieu:
        return place;
    case SyncLedger::Kind::Beneficiaire:
        return person;
    case SyncLedger::Kind::Activite:
        break;
    }
    return activity;
}

QJsonValue valueAt(const QJsonObject &resource, const QString &path)
{
    QJsonValue v = resource.value(QLatin1String("attributes"));
    for (const QString &part : path.split(QLatin1Char('.')))
        v = v.toObject().value(part);
    return v;
}

QJsonObject withValue(const QJsonObject &object, const QStringList &parts, const QJsonValue &value)
{
    QJsonObject out = object;
    if (parts.size() == 1)
        out.insert(parts.first(), value);
    else
        out.insert(parts.first(), withValue(object.value(parts.first()).toObject(), parts.mid(1), value));
    return out;
}

QString dateText(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    const QDate d = t.isValid() ? t.toLocalTime().date() : QDate::fromString(iso.left(10), Qt::ISODate);
    return d.isValid() ? d.toString(QStringLiteral("dd/MM/yyyy")) : iso;
}
} // namespace

ConflictResolver::ConflictResolver(Store &store)
    : m_store(store)
{
}

bool ConflictResolver::sides(const SyncLedger::Conflict &conflict, Sides *sides, QString *error) const
{
    sides->kind = conflict.kind;
    sides->id = conflict.id;
    QJsonParseError parse;
    sides->theirs = QJsonDocument::fromJson(conflict.serverCopy, &parse).object();
    sides->version = conflict.version.toLongLong();
    if (parse.error != QJsonParseError::NoError || sides->version <= 0) {
        *error = tr("La copie du serveur gardée pour ce conflit est illisible.");
        return false;
    }
    const QString gone = tr("Cet enregistrement n'est plus dans la base locale.");
    switch (conflict.kind) {
    case SyncLedger::Kind::Lieu: {
        const std::optional<Place> p = m_store.place(conflict.id);
        if (!p) {
            *error = gone;
            return false;
        }
        sides->mine = PlaceWire::toResource(*p);
        sides->title = tr("Lieu « %1 »").arg(p->nom);
        break;
    }
    case SyncLedger::Kind::Beneficiaire: {
        const std::optional<Beneficiary> b = m_store.beneficiary(conflict.id);
        if (!b) {
            *error = gone;
            return false;
        }
        sides->mine = BeneficiaryWire::toResource(*b);
        sides->title = tr("Bénéficiaire « %1 »").arg(QStringList{b->prenom, b->nom}.join(QLatin1Char(' ')).trimmed());
        break;
    }
    case SyncLedger::Kind::Activite: {
        const std::optional<Activity> a = m_store.activity(conflict.id);
        if (!a) {
            *error = gone;
            return false;
        }
        sides->mine = ActivityWire::toResource(*a);
        sides->title = tr("Activité du %1").arg(a->date.toString(QStringLiteral("dd/MM/yyyy")));
        break;
    }
    }
    return true;
}

QList<ConflictResolver::Field> ConflictResolver::fields(const Sides &sides) const
{
    const Nomenclature &n = Nomenclature::instance();
    // One value as the mediator reads it.
    const std::function<QString(const QString &, const QJsonValue &, std::optional<List>)> text
        = [&](const QString &path, const QJsonValue &v, std::optional<List> list) -> QString {
        if (path == QLatin1String("suppression"))
            return v.isString() ? tr("oui, le %1").arg(dateText(v.toString())) : tr("non");
        if (path == QLatin1String("duree") && v.isDouble())
            return Durations::text(v.toInt());
        if (path == QLatin1String("date") && v.isString())
            return dateText(v.toString());
        if (path == QLatin1String("structure_id") && v.isString()) {
            const std::optional<Place> p = m_store.place(QUuid::fromString(v.toString()));
            return p ? p->nom : v.toString();
        }
        if (path == QLatin1String("carnet.beneficiaire_suivi_id") && v.isString()) {
            const std::optional<Beneficiary> b = m_store.beneficiary(QUuid::fromString(v.toString()));
            return b ? QStringList{b->prenom, b->nom}.join(QLatin1Char(' ')).trimmed() : v.toString();
        }
        if (path == QLatin1String("carnet.participants_suivis") && v.isArray()) {
            QStringList names;
            for (const QJsonValue &id : v.toArray()) {
                const std::optional<Beneficiary> b = m_store.beneficiary(QUuid::fromString(id.toString()));
                names << (b ? QStringList{b->prenom, b->nom}.join(QLatin1Char(' ')).trimmed() : id.toString());
            }
            return names.join(QStringLiteral(", "));
        }
        switch (v.type()) {
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            return {};
        case QJsonValue::Bool:
            return v.toBool() ? tr("oui") : tr("non");
        case QJsonValue::Double:
            return QLocale(QLocale::French).toString(v.toDouble());
        case QJsonValue::String:
            return list ? n.label(*list, v.toString()) : v.toString();
        case QJsonValue::Array: {
            QStringList parts;
            for (const QJsonValue &item : v.toArray())
                parts << text(QString(), item, list);
            return parts.join(QStringLiteral(", "));
        }
        case QJsonValue::Object: {
            QStringList parts;
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                const QString part = text(QString(), it.value(), std::nullopt);
                if (!part.isEmpty() && part != QLatin1String("0"))
                    parts << it.key() + QStringLiteral(" : ") + part;
            }
            return parts.join(QStringLiteral(", "));
        }
        }
        return {};
    };
    QList<Field> differing;
    QList<Field> same;
    for (const Group &g : groupsOf(sides.kind)) {
        Field f;
        f.key = QLatin1String(g.key);
        f.label = tr(g.label);
        QStringList mine;
        QStringList theirs;
        for (const QString &path : g.paths) {
            const QJsonValue a = valueAt(sides.mine, path);
            const QJsonValue b = valueAt(sides.theirs, path);
            f.differs = f.differs || a != b;
            const QString ta = text(path, a, g.list);
            const QString tb = text(path, b, g.list);
            if (!ta.isEmpty())
                mine << ta;
            if (!tb.isEmpty())
                theirs << tb;
        }
        f.mine = mine.isEmpty() ? QStringLiteral("—") : mine.join(QStringLiteral(" · "));
        f.theirs = theirs.isEmpty() ? QStringLiteral("—") : theirs.join(QStringLiteral(" · "));
        (f.differs ? differing : same) << f;
    }
    return differing + same;
}

bool ConflictResolver::resolve(
    const Sides &sides, const QHash<QString, Side> &choices, const QDateTime &now, QString *error)
{
    // The record made of the choices: this computer's, with the fields chosen from the server's copy.
    QJsonObject merged = sides.mine;
    bool allTheirs = true;
    bool anyTheirs = false;
    for (const Group &g : groupsOf(sides.kind)) {
        bool differs = false;
        for (const QString &path : g.paths)
            differs = differs || valueAt(sides.mine, path) != valueAt(sides.theirs, path);
        if (!differs)
            continue;
        if (choices.value(QLatin1String(g.key), Side::Mine) == Side::Mine) {
            allTheirs = false;
            continue;
        }
        anyTheirs = true;
        for (const QString &path : g.paths) {
            merged.insert(QStringLiteral("attributes"),
                withValue(merged.value(QLatin1String("attributes")).toObject(), path.split(QLatin1Char('.')),
                    valueAt(sides.theirs, path)));
        }
    }
    SyncLedger ledger(m_store);
    bool written = false;
    const QString unreadable = tr("La copie du serveur gardée pour ce conflit est illisible : %1");
    // The copy shown is still the one kept (a pull may have brought a newer one since the dialog opened).
    if (ledger.conflictVersion(sides.kind, sides.id) != sides.version) {
        *error = ledger.conflictVersion(sides.kind, sides.id) == 0
            ? tr("Ce conflit a déjà été résolu.")
            : tr("Une autre version est arrivée du serveur pendant que ce conflit était ouvert : rouvrez-le pour la "
                 "voir.");
        return false;
    }
    if (allTheirs) {
        // The server's copy, read as the wire reads it, then written as the pull would.
        const auto accept = [&](auto record, auto read) {
            SyncLedger::Remote<decltype(record)> row{record, sides.version, sides.theirs};
            if (!read(sides.theirs, &row.record, error)) {
                *error = unreadable.arg(*error);
                return false;
            }
            return ledger.acceptServerCopy(row, now, &written, error);
        };
        bool ok = false;
        switch (sides.kind) {
        case SyncLedger::Kind::Lieu:
            ok = accept(
                Place(), [](const QJsonObject &r, Place *p, QString *e) { return PlaceWire::fromResource(r, p, e); });
            break;
        case SyncLedger::Kind::Beneficiaire:
            ok = accept(Beneficiary(), [](const QJsonObject &r, Beneficiary *b, QString *e) {
                return BeneficiaryWire::fromResource(r, b, e);
            });
            break;
        case SyncLedger::Kind::Activite:
            ok = accept(Activity(),
                [](const QJsonObject &r, Activity *a, QString *e) { return ActivityWire::fromResource(r, a, e); });
            break;
        }
        if (ok && !written)
            *error = tr("Ce conflit a déjà été résolu.");
        return ok && written;
    }
    if (anyTheirs) {
        // A merge: saved as a form is (its rules checked), then sent as the one that replaces the server's copy.
        bool ok = false;
        switch (sides.kind) {
        case SyncLedger::Kind::Lieu: {
            Place p;
            ok = PlaceWire::fromResource(merged, &p, error) && m_store.savePlace(p, error);
            break;
        }
        case SyncLedger::Kind::Beneficiaire: {
            Beneficiary b;
            ok = BeneficiaryWire::fromResource(merged, &b, error);
            if (ok && b.isDeleted() != valueAt(sides.mine, QStringLiteral("suppression")).isString()) {
                *error = tr("Une personne supprimée d'un côté seulement : gardez l'une des deux versions entière.");
                return false;
            }
            ok = ok && m_store.saveBeneficiary(b, error);
            break;
        }
        case SyncLedger::Kind::Activite: {
            Activity a;
            ok = ActivityWire::fromResource(merged, &a, error) && m_store.saveActivity(a, error);
            break;
        }
        }
        if (!ok)
            return false;
    }
    return ledger.keepLocal(sides.kind, sides.id, sides.version, error);
}
