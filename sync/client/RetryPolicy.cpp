#include "sync/client/RetryPolicy.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace RetryPolicy {

Outcome outcomeOf(int status)
{
    if (status == 200 || status == 201)
        return Outcome::Sent;
    if (status == 401)
        return Outcome::PauseForToken;
    if (status == 412)
        return Outcome::Conflict;
    if (status == 0 || status == 408 || status == 429 || status >= 500)
        return Outcome::Retry;
    return Outcome::Failed;
}

int Schedule::delaySeconds(int attempts, std::optional<int> retryAfterSeconds)
{
    const int n = std::clamp(attempts, 1, 30);
    const double grown = std::min<double>(m_options.capSeconds, m_options.baseSeconds * std::pow(2.0, n - 1));
    const double factor = 1.0 + m_options.jitter * (2.0 * m_random.generateDouble() - 1.0);
    int wait = int(std::lround(std::min<double>(m_options.capSeconds, grown * factor)));
    if (retryAfterSeconds)
        wait = std::max(wait, std::min(*retryAfterSeconds, m_options.capSeconds));
    return std::max(1, wait);
}

std::optional<int> retryAfter(const QByteArray &header, const QDateTime &now)
{
    const QByteArray value = header.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const int seconds = value.toInt(&ok);
    if (ok)
        return seconds >= 0 ? std::optional<int>(seconds) : std::nullopt;
    // An HTTP date: "Wed, 21 Oct 2026 07:28:00 GMT".
    const QDateTime at
        = QLocale::c().toDateTime(QString::fromLatin1(value), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid())
        return std::nullopt;
    QDateTime utc = at;
    utc.setTimeSpec(Qt::UTC);
    return int(std::max<qint64>(0, now.secsTo(utc)));
}

} // namespace RetryPolicy
