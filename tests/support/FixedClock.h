#pragma once

#include "models/domain/Clock.h"

// A clock that stays where it is told; for tests.
class FixedClock : public Clock
{
public:
    explicit FixedClock(const QDateTime &now)
        : m_now(now.toUTC())
    {
    }
    QDateTime nowUtc() const override { return m_now; }
    void setNow(const QDateTime &now) { m_now = now.toUTC(); }
    void advanceSecs(qint64 secs) { m_now = m_now.addSecs(secs); }

private:
    QDateTime m_now;
};
