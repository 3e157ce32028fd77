#pragma once

#include <QtGlobal>

// Mean milliseconds per commune lookup over a realistic mix of queries (index loaded before timing).
double benchCommuneLookupMs();

// bulk_insert_1m_s, bulk_floor_1m_s, bulk_ratio for count activities (BulkBench.cpp): false when a write fails.
bool benchBulkInsert(qint64 count, double *ratio);

// Carnet's activities file of count activities (demo data), written as CSV and as XLSX by the bench itself, each
// imported into an empty base (read, plan, one transaction): seconds for each. False when an import fails.
bool benchImport(qint64 count, double *csvSeconds, double *xlsxSeconds);
