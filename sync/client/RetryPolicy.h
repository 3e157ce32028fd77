#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QRandomGenerator>

#include <optional>

// What the sync engine does with one answer of the server, and when it tries again (the Nextcloud desktop client's
// habit: a growing wait per item, capped, reset when the item is edited; the ODK habit: a refused item is shown, not
// resent forever).
namespace RetryPolicy {

enum class Outcome {
    Sent, // 200, 201: confirmed
    Retry, // 5xx, 408, 429, a time-out, a lost connection: tried again later
    Failed, // any other 4xx: shown with the server's message, not tried again until edited
    Conflict, // 412: changed on both sides, kept as a conflict
    PauseForToken, // 401: everything stops until a new token is given
};

// An HTTP status (0: no answer at all: a time-out, a refused or lost connection, a TLS error).
Outcome outcomeOf(int status);

struct Options
{
    int baseSeconds = 25; // the first wait
    int capSeconds = 3600; // never longer
    double jitter = 0.2; // ± this share, so that items failed together do not come back together
};

// The wait before the next attempt of an item that has failed `attempts` times (1 or more): base × 2^(attempts-1),
// capped, with jitter; at least the server's Retry-After when it gave one (and never beyond the cap because of it).
class Schedule
{
public:
    explicit Schedule(quint64 seed, Options options = {})
        : m_random(seed)
        , m_options(options)
    {
    }
    int delaySeconds(int attempts, std::optional<int> retryAfterSeconds = std::nullopt);

private:
    QRandomGenerator m_random;
    Options m_options;
};

// A Retry-After header's value (seconds, or an HTTP date relative to now); nullopt when absent or unreadable.
std::optional<int> retryAfter(const QByteArray &header, const QDateTime &now);

} // namespace RetryPolicy
