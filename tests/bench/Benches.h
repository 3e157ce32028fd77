#pragma once

#include <QtGlobal>

// Mean milliseconds per commune lookup over a realistic mix of queries (index loaded before timing).
double benchCommuneLookupMs();

// bulk_insert_1m_s, bulk_floor_1m_s, bulk_ratio for count activities (BulkBench.cpp): false when a write fails.
bool benchBulkInsert(qint64 count, double *ratio);

// Carnet's activities file of count activities (demo data), written as CSV and as XLSX by the bench itself, each
// imported into an empty base (read, plan, one transaction): seconds for each. False when an import fails.
bool benchImport(qint64 count, double *csvSeconds, double *xlsxSeconds);
// A Carnet CSV of 200 MB (times scale) imported into an empty base: prints import_csv_200mb_s and the process's peak
// resident memory over the import, import_csv_200mb_peak_mb. False when the import fails.
bool benchImportLarge(double scale);

// The exports (ExportBench.cpp): export_xlsx_100k_s and its peak memory, export_csv_1m_s, its floor
// export_csv_floor_1m_s and export_csv_ratio, on demo bases of 100,000 and 1,000,000 activities (times scale).
bool benchExports(double scale);

// sync_push_10k_per_s, its floor and ratio (SyncBench.cpp): count demo activities pushed to a real carnet-serveur;
// then sync_pull_10k_per_s, its floor and ratio: the same read back into an empty base.
bool benchSyncPush(qint64 count);
