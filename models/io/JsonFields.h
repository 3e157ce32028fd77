#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>

// Typed values read from one JSON object, for the formats Carnet reads back (drafts, the sync's wire): a missing key
// or null gives the empty value; a value of the wrong JSON type gives the empty value too, and the first such mismatch
// is remembered in *firstError, in French, with its key path ("attributes.duree : un nombre entier est attendu").
class JsonFields
{
    Q_DECLARE_TR_FUNCTIONS(JsonFields)

public:
    // prefix: the path of object ("attributes."), put before every key in messages.
    JsonFields(const QJsonObject &object, QString prefix, QString *firstError);

    bool has(const char *key) const; // present and not null
    QString string(const char *key);
    int integer(const char *key); // a JSON number without a fractional part, within int
    std::optional<bool> optionalBoolean(const char *key);
    QUuid uuid(const char *key);
    QDate date(const char *key); // AAAA-MM-JJ
    QDateTime dateTime(const char *key); // ISO 8601, returned in UTC
    QStringList strings(const char *key);
    QList<QUuid> uuids(const char *key);
    QJsonObject object(const char *key);
    // The fields of the object at key (an empty one when missing), its path continuing this one's.
    JsonFields child(const char *key);
    // {"code": count, ...}
    QMap<QString, int> counters(const char *key);

    QString path(const char *key) const { return m_prefix + QLatin1String(key); }

    // The values written the way the readers above read them back: an id without braces (empty when null), a UTC
    // time with milliseconds (null when invalid), an optional boolean (null when unknown), counters.
    static QString uuidText(const QUuid &id);
    static QJsonValue timestamp(const QDateTime &t);
    static QJsonValue optionalBool(const std::optional<bool> &b);
    static QJsonObject counterObject(const QMap<QString, int> &counters);
    // Records a problem of the value at key (when it is the first): "path : message".
    void fail(const char *key, const QString &message);

private:
    QJsonObject m_object;
    QString m_prefix;
    QString *m_error;
};
