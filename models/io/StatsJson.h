#pragma once

#include "models/stats/StatsFilter.h"
#include "models/stats/StatsResult.h"

#include <QJsonObject>

// The whole statistics result as JSON, keyed by the nomenclature's codes (shape documented in README.md,
// "Statistiques en JSON").
namespace StatsJson {
QJsonObject toJson(const StatsResult &result, const StatsFilter &filter);
QJsonObject headline(const Headline &h);
} // namespace StatsJson
