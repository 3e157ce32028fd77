#pragma once

#include <QtGlobal>

// Mean milliseconds per commune lookup over a realistic mix of queries (index loaded before timing).
double benchCommuneLookupMs();

// bulk_insert_1m_s, bulk_floor_1m_s, bulk_ratio for count activities (BulkBench.cpp): false when a write fails.
bool benchBulkInsert(qint64 count, double *ratio);
