#pragma once

#include <QCoreApplication>
#include <QString>

// What a salvage brought back from a damaged base.
struct SalvageReport
{
    qint64 activities = 0; // non-deleted ones, as « carnet info » counts them
    qint64 deletedActivities = 0; // deleted ones, copied as they were
    qint64 activitiesWithoutBeneficiary = 0; // non-deleted ones whose followed beneficiary was lost (now none)
    qint64 activitiesWithoutPlace = 0; // non-deleted ones whose place was lost (now none)
    qint64 beneficiaries = 0;
    qint64 places = 0;
    qint64 participants = 0;
    qint64 unreadable = 0; // ranges of rows that could not be read, or rows whose values did not hold together (lost)
    qint64 workshopsWithoutParticipants = 0; // workshops whose followed participants could not all be read
    bool profile = false;
    QString keptAside; // where the damaged file now is
};

// The way out of a damaged base (PRAGMA quick_check failed): what is still readable is copied, row by row, into a new
// base of the current schema, which then takes the damaged one's place; the damaged file (and its -wal, -shm) is kept
// aside in the backups folder as carnet-endommagee-AAAA-MM-JJ-hhmmss.sqlite. No Store may have the base open. Nothing
// is moved when the copy fails (French message).
namespace Salvage {

bool run(const QString &dbFilePath, SalvageReport *report, QString *error);
} // namespace Salvage
