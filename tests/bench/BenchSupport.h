#pragma once

#include <QtGlobal>

#include <vector>

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
// Nearest-rank percentile of sorted values (0 when there are none).
double percentile(const std::vector<double> &sorted, double p);
// A base at `path` filled with `count` demo activities of `seed`; false with a message on err().
bool demoBase(Store &store, const QString &path, qint64 count, quint64 seed);

} // namespace Bench
