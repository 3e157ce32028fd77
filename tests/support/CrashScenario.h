#pragma once

// The scenario of the crash-safety test, shared by its two sides: crash_child, which saves activities in an endless
// loop until it is killed, and tst_crashsafety, which kills it and regenerates on its own what it may have written.
// Activity #index is a pure function of (seed, index, places and beneficiaries of the base); the schedule of
// operations (single saves, batches of BatchSize, soft deletes) is a pure function of the step since the child started.

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Place.h"

#include <QDate>
#include <QDateTime>
#include <QList>

#include <algorithm>

namespace CrashScenario {

constexpr int BatchSize = 5;
constexpr int Beneficiaries = 12; // the pool the first child makes

// The Store's clock, for validation ("today") and the timestamps it stamps.
QDateTime fixedNow();

// The generator's "today" is the day before the clock's: DemoGenerator gives an activity of its "today" a creation
// time anywhere from 08:00 to 18:59, which may be later than the clock's now; a delete then stamps a modification
// earlier than the creation and IntegrityChecker rightly complains. Generating up to yesterday keeps every generated
// creation in the past. (A DemoGenerator/Store issue, reported separately; not what this test is about.)
QDate generationDay();

// Step s of a run is a batch of BatchSize activities when this is true, a single saveActivity otherwise.
bool isBatchStep(qint64 step);

// After step s, a previously saved activity of this run is soft-deleted when this is true.
bool isDeleteStep(qint64 step);

// Activity #index of the sequence, drawn from the base's pool (sorted by id, see sortById).
Activity activityAt(quint64 seed, qint64 index, const QList<Place> &places, const QList<Beneficiary> &people);

// The pool in a stable order, whatever order the store lists it in.
template <typename T> void sortById(QList<T> &list)
{
    std::sort(list.begin(), list.end(), [](const T &a, const T &b) { return a.id < b.id; });
}

} // namespace CrashScenario
