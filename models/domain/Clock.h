#pragma once

#include <QDate>
#include <QDateTime>

// Source of "now", injectable so that tests control dates and timestamps.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const = 0;
    QDate today() const { return nowUtc().toLocalTime().date(); }

    static const Clock &system();
};
