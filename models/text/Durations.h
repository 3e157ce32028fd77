#pragma once

#include <QString>

// Durations in minutes as text, every way Carnet writes or reads them.
namespace Durations {
// "45 min", "1 h", "1 h 30": lists and histories.
QString text(int minutes);
// "0:45", "1:30" (empty for 0 or less): the CRA form's duration field.
QString clock(int minutes);
// What a user types in the duration field: "45" or "45 min" (minutes), "1:30", "1h30", "1 h", "2h". -1 when
// unreadable.
int parse(const QString &text);
// "15mn", "1h", "1h15": the presets as the platform writes them.
QString presetLabel(int minutes);
// "1 234 h 05": a total of minutes, hours with thousands separators.
QString hoursMinutes(qint64 minutes);
// "0,8": a total of minutes in hours, one decimal.
QString decimalHours(qint64 minutes);
} // namespace Durations
