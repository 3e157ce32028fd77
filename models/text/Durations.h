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
// A total of minutes as the statistics show it: "45 min" under an hour, "1 h 30" or "12 h" under 100 hours, whole
// hours with thousands separators beyond ("25 783 h", rounded to the nearest hour). Never a decimal.
QString total(qint64 minutes);
} // namespace Durations
