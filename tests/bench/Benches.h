#pragma once

// Mean milliseconds per commune lookup over a realistic mix of queries (index loaded before timing).
double benchCommuneLookupMs();

// The exports (ExportBench.cpp): export_xlsx_100k_s and its peak memory, export_csv_1m_s, its floor
// export_csv_floor_1m_s and export_csv_ratio, on demo bases of 100,000 and 1,000,000 activities (times scale).
bool benchExports(double scale);
