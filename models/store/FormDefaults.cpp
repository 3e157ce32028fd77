#include "models/store/FormDefaults.h"

#include "models/domain/Nomenclature.h"
#include "models/store/Store.h"

#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace {

// The most recent activities (by rowid: insertion order), ranked by last modification.
QString recentSql(const QString &columns, const QString &condition)
{
    return QStringLiteral("SELECT ") + columns
        + QStringLiteral(" FROM (SELECT *, rowid AS r FROM activites WHERE suppression IS NULL ORDER BY rowid DESC "
                         "LIMIT %1) ")
              .arg(FormDefaults::RecentWindow)
        + (condition.isEmpty() ? QString() : QStringLiteral("WHERE ") + condition)
        + QStringLiteral(" ORDER BY modification DESC, r DESC LIMIT 1");
}

} // namespace

FormDefaults::FormDefaults(const Store &store)
    : m_store(store)
{
}

QString FormDefaults::lastValue(const QString &column, const QString &condition) const
{
    if (!m_store.isOpen())
        return {};
    QSqlQuery q(m_store.database());
    if (!q.exec(recentSql(column, condition)) || !q.next())
        return {};
    return q.value(0).toString();
}

std::optional<Activity> FormDefaults::lastSavedActivity() const
{
    const QString id = lastValue(QStringLiteral("id"), QString());
    if (id.isEmpty())
        return std::nullopt;
    return m_store.activity(QUuid::fromString(id));
}

QString FormDefaults::lastUsedType() const
{
    return lastValue(QStringLiteral("type"), QString());
}

QString FormDefaults::lastUsedTypeLieu() const
{
    return lastValue(QStringLiteral("type_lieu"), QString());
}

QUuid FormDefaults::lastUsedPlaceId() const
{
    return QUuid::fromString(lastValue(QStringLiteral("lieu_id"), QStringLiteral("lieu_id IS NOT NULL")));
}

QList<int> FormDefaults::mostUsedCustomDurations(int count) const
{
    QList<int> result;
    if (!m_store.isOpen() || count <= 0)
        return result;
    QStringList presets;
    for (const NomenclatureItem &item : Nomenclature::instance().items(Nomenclature::List::DureePreset))
        presets.append(QString::number(item.value.toInt()));
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT duree, COUNT(*) AS n FROM (SELECT duree FROM activites WHERE suppression IS NULL "
                             "ORDER BY rowid DESC LIMIT %1) WHERE duree NOT IN (%2) GROUP BY duree "
                             "ORDER BY n DESC, duree LIMIT ?")
                  .arg(RecentWindow)
                  .arg(presets.isEmpty() ? QStringLiteral("0") : presets.join(QLatin1Char(','))));
    q.addBindValue(count);
    if (!q.exec())
        return result;
    while (q.next())
        result.append(q.value(0).toInt());
    return result;
}
