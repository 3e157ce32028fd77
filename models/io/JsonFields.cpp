#include "models/io/JsonFields.h"

#include <QJsonArray>

#include <cmath>
#include <limits>

JsonFields::JsonFields(const QJsonObject &object, QString prefix, QString *firstError)
    : m_object(object)
    , m_prefix(std::move(prefix))
    , m_error(firstError)
{
}

bool JsonFields::has(const char *key) const
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    return !v.isUndefined() && !v.isNull();
}

QString JsonFields::string(const char *key)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString())
        fail(key, tr("un texte est attendu"));
    return v.toString();
}

int JsonFields::integer(const char *key)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return 0;
    const double d = v.toDouble();
    if (!v.isDouble() || std::floor(d) != d || d < std::numeric_limits<int>::min()
        || d > std::numeric_limits<int>::max()) {
        fail(key, tr("un nombre entier est attendu"));
        return 0;
    }
    return static_cast<int>(d);
}

std::optional<bool> JsonFields::optionalBoolean(const char *key)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isBool()) {
        fail(key, tr("true, false ou null est attendu"));
        return std::nullopt;
    }
    return v.toBool();
}

QUuid JsonFields::uuid(const char *key)
{
    const QString s = string(key);
    if (s.isEmpty())
        return {};
    const QUuid id = QUuid::fromString(s);
    if (id.isNull())
        fail(key, tr("« %1 » n'est pas un identifiant (UUID)").arg(s));
    return id;
}

QDate JsonFields::date(const char *key)
{
    const QString s = string(key);
    if (s.isEmpty())
        return {};
    const QDate d = QDate::fromString(s, Qt::ISODate);
    if (!d.isValid())
        fail(key, tr("« %1 » n'est pas une date AAAA-MM-JJ").arg(s));
    return d;
}

QDateTime JsonFields::dateTime(const char *key)
{
    const QString s = string(key);
    if (s.isEmpty())
        return {};
    const QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        fail(key, tr("« %1 » n'est pas une date et heure ISO 8601").arg(s));
    return t.toUTC();
}

QStringList JsonFields::strings(const char *key)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    QStringList list;
    const QJsonArray array = v.toArray();
    for (const QJsonValue &item : array) {
        if (!item.isString())
            break;
        list.append(item.toString());
    }
    if (!v.isArray() || list.size() != array.size()) {
        fail(key, tr("une liste de textes est attendue"));
        return {};
    }
    return list;
}

QList<QUuid> JsonFields::uuids(const char *key)
{
    QList<QUuid> ids;
    const QStringList list = strings(key);
    for (const QString &s : list) {
        const QUuid id = QUuid::fromString(s);
        if (id.isNull()) {
            fail(key, tr("« %1 » n'est pas un identifiant (UUID)").arg(s));
            return {};
        }
        ids.append(id);
    }
    return ids;
}

QJsonObject JsonFields::object(const char *key)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isObject())
        fail(key, tr("un objet est attendu"));
    return v.toObject();
}

JsonFields JsonFields::child(const char *key)
{
    return JsonFields(object(key), path(key) + QLatin1Char('.'), m_error);
}

QMap<QString, int> JsonFields::counters(const char *key)
{
    QMap<QString, int> map;
    JsonFields fields = child(key);
    const QJsonObject o = object(key);
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        const QByteArray name = it.key().toUtf8();
        map.insert(it.key(), fields.integer(name.constData()));
    }
    return map;
}

void JsonFields::fail(const char *key, const QString &message)
{
    if (m_error->isEmpty())
        *m_error = tr("« %1 » : %2").arg(path(key), message);
}

QString JsonFields::uuidText(const QUuid &id)
{
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

QJsonValue JsonFields::timestamp(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue JsonFields::optionalBool(const std::optional<bool> &b)
{
    return b.has_value() ? QJsonValue(*b) : QJsonValue();
}

QJsonObject JsonFields::counterObject(const QMap<QString, int> &counters)
{
    QJsonObject o;
    for (auto it = counters.cbegin(); it != counters.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}
