#pragma once

#include "models/domain/Activity.h"

#include <QJsonObject>
#include <QString>

// Activity <-> JSON, every field (timestamps and sync state included), for drafts and later sync/export. Codes are
// written as they are: a draft may hold an invalid activity, and reading never validates.
namespace ActivityJson {
QJsonObject toJson(const Activity &activity);
// Reads what toJson wrote. Missing keys keep their default; a value of the wrong JSON type is refused with a French
// message naming the key.
bool fromJson(const QJsonObject &object, Activity *activity, QString *error);
} // namespace ActivityJson
