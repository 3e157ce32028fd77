#include "models/io/ImportContext.h"

#include "models/domain/Validator.h"
#include "models/io/TableReader.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QCryptographicHash>

namespace {
// The namespace of the ids made from import keys (a fixed random UUID: never change it, or re-imports would add rows
// twice).
const QUuid kImportNamespace(QStringLiteral("{6f1d3c52-8a4e-4b8e-9c55-2f1e0b7d9a41}"));

QString placeKey(const QString &nom, const CommuneRef &commune)
{
    return FrenchText::folded(nom) + QLatin1Char('|') + commune.codeInsee;
}
} // namespace

ImportContext::ImportContext(
    ImportPlan &plan, const Store *store, const QDate &today, std::function<bool(qint64, qint64)> progress)
    : m_plan(plan)
    , m_store(store)
    , m_today(today)
    , m_progress(std::move(progress))
{
    if (m_store) {
        for (const Place &p : m_store->places(true)) {
            m_placeIds.insert(p.id, 1);
            m_placesByName.insert(placeKey(p.nom, p.commune), p.id);
        }
        for (const Beneficiary &b : m_store->beneficiaries(true))
            m_beneficiaryIds.insert(b.id);
    }
}

QUuid ImportContext::place(
    const QUuid &id, const QString &nom, const QString &adresse, const CommuneRef &commune, qint64 row)
{
    if (!id.isNull() && m_placeIds.contains(id))
        return id;
    const QString key = placeKey(nom, commune);
    if (id.isNull()) {
        const auto found = m_placesByName.constFind(key);
        if (found != m_placesByName.constEnd())
            return found.value();
    }
    Place p;
    p.id = id.isNull() ? idForKey(QStringLiteral("lieu:") + key) : id;
    p.nom = nom.trimmed();
    p.adresse = adresse.trimmed();
    p.commune = commune;
    const ValidationErrors errors = Validator::validate(p);
    if (!errors.isEmpty()) {
        m_plan.addProblem(row, -1, QString(),
            tr("le lieu « %1 » ne peut pas être créé : %2").arg(p.nom, Validator::describe(errors)));
        return QUuid();
    }
    m_placeIds.insert(p.id, 2);
    m_placesByName.insert(key, p.id);
    m_plan.places.append(p);
    return p.id;
}

bool ImportContext::beneficiary(const Beneficiary &b, qint64 row)
{
    if (b.id.isNull() || m_beneficiaryIds.contains(b.id))
        return true;
    const ValidationErrors errors = Validator::validate(b, m_today);
    if (!errors.isEmpty()) {
        m_plan.addProblem(row, -1, QString(),
            tr("le bénéficiaire suivi « %1 » ne peut pas être créé : %2")
                .arg(b.displayName(), Validator::describe(errors)));
        return false;
    }
    m_beneficiaryIds.insert(b.id);
    m_plan.beneficiaries.append(b);
    return true;
}

void ImportContext::finish(Activity &activity, qint64 row, const std::function<int(const QString &field)> &fieldColumn,
    const QStringList &headers, const QString &where)
{
    if (m_activityIds.contains(activity.id)) {
        ++m_plan.alreadyPresent;
        return;
    }
    const ValidationErrors errors = Validator::validate(activity, m_today);
    if (errors.isEmpty()) {
        m_activityIds.insert(activity.id);
        m_plan.addActivity(std::move(activity)); // a full disk sets the plan's fatal; progress() then stops

        return;
    }
    ++m_plan.invalidActivities;
    for (const ValidationError &e : errors) {
        const int column = fieldColumn ? fieldColumn(e.field) : -1;
        m_plan.addProblem(row, column, column >= 0 && column < headers.size() ? headers.at(column) : QString(),
            where.isEmpty() ? e.message : where + e.message);
    }
}

QUuid ImportContext::idForKey(const QString &importKey)
{
    return QUuid::createUuidV5(kImportNamespace, importKey);
}

QString ImportContext::contentKey(const QString &prefix, const QStringList &cells)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const QString &c : cells) {
        hash.addData(FrenchText::folded(c).toUtf8());
        hash.addData(QByteArrayView("\x1f", 1));
    }
    const QByteArray digest = hash.result().toHex().left(24);
    const int n = ++m_contentKeys[digest];
    return prefix + QLatin1Char(':') + QString::fromLatin1(digest) + QLatin1Char('#') + QString::number(n);
}

QUuid ImportContext::coopBeneficiaryId(const QString &foldedName, const QString &identity)
{
    const QString base = QStringLiteral("coop-beneficiaire:") + foldedName;
    const auto first = m_coopIdentities.constFind(foldedName);
    if (first == m_coopIdentities.constEnd()) {
        m_coopIdentities.insert(foldedName, identity);
        return idForKey(base);
    }
    return first.value() == identity ? idForKey(base) : idForKey(base + QLatin1Char('|') + identity);
}

QString ImportContext::v1Key(const QDateTime &creation, const QString &type, const QDate &date, const QString &recordId)
{
    if (!recordId.isEmpty()) {
        const auto known = m_v1KeysById.constFind(recordId);
        if (known != m_v1KeysById.constEnd())
            return known.value();
    }
    const QString base = QStringLiteral("v1cra:") + creation.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm"))
        + QLatin1Char(':') + type + QLatin1Char(':') + date.toString(Qt::ISODate);
    const QString key = base + QLatin1Char('#') + QString::number(++m_v1Keys[base]);
    if (!recordId.isEmpty())
        m_v1KeysById.insert(recordId, key);
    return key;
}

bool ImportContext::progress(const TableReader &reader)
{
    return progress(reader.position(), reader.size());
}

bool ImportContext::progress(qint64 position, qint64 size)
{
    if (!m_plan.fatal.isEmpty())
        return false;
    if (++m_sinceProgress < 1000)
        return true;
    m_sinceProgress = 0;
    if (m_progress && !m_progress(position, size)) {
        m_plan.fatal = tr("Import annulé : rien n'a été enregistré.");
        return false;
    }
    return true;
}
