#pragma once

#include <QtGlobal>

class DemoGenerator;
class QString;
class QTextStream;
class Store;

// What the benchmark's parts share: one stream for the figure lines (stdout), one for the human messages (stderr),
// and the demo's pool of places and beneficiaries.
namespace Bench {

QTextStream &out();
QTextStream &err();
// "bench <name> <value> <unit>" on out().
void printFigure(const char *name, double value, const char *unit, int decimals);
// Saves the demo's profile, places and beneficiaries (as many as DemoGenerator::populate makes for activityCount
// activities) the way populate saves them, one save each, and hands them to the generator.
bool preparePool(Store &store, DemoGenerator &generator, qint64 activityCount, QString *error);

} // namespace Bench
