#include "models/text/Durations.h"

#include "models/text/FrenchText.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Durations {

QString text(int minutes)
{
    if (minutes < 60)
        return QCoreApplication::translate("Durations", "%1 min").arg(minutes);
    if (minutes % 60 == 0)
        return QCoreApplication::translate("Durations", "%1 h").arg(minutes / 60);
    return QCoreApplication::translate("Durations", "%1 h %2")
        .arg(minutes / 60)
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString clock(int minutes)
{
    if (minutes <= 0)
        return {};
    return QStringLiteral("%1:%2").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

int parse(const QString &text)
{
    const QString t = text.trimmed().toLower().remove(QLatin1Char(' '));
    if (t.isEmpty())
        return -1;
    static const QRegularExpression minutesOnly(QStringLiteral("^(\\d{1,4})(mn|min)?$"));
    static const QRegularExpression hoursMinutes(QStringLiteral("^(\\d{1,2})(?:[:h])(\\d{0,2})(?:mn|min)?$"));
    if (const QRegularExpressionMatch m = minutesOnly.match(t); m.hasMatch())
        return m.captured(1).toInt();
    if (const QRegularExpressionMatch m = hoursMinutes.match(t); m.hasMatch()) {
        const int minutes = m.captured(2).isEmpty() ? 0 : m.captured(2).toInt();
        if (minutes > 59)
            return -1;
        return m.captured(1).toInt() * 60 + minutes;
    }
    return -1;
}

QString total(qint64 minutes)
{
    constexpr qint64 manyHours = 100 * 60;
    if (minutes < 0)
        return QStringLiteral("-") + total(-minutes);
    if (minutes < manyHours)
        return text(static_cast<int>(minutes));
    return QCoreApplication::translate("Durations", "%1 h").arg(FrenchText::number((minutes + 30) / 60));
}

} // namespace Durations
