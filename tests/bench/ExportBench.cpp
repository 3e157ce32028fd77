#include "BenchSupport.h"
#include "Benches.h"

#include "models/demo/DemoGenerator.h"
#include "models/io/ActivityExporter.h"
#include "models/io/CsvWriter.h"
#include "models/io/XlsxWriter.h"
#include "models/store/Store.h"
#include "tests/support/FixedClock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace {

using Bench::err;
constexpr auto figure = &Bench::printFigure;

// The resident set of the process now, in MB (Linux /proc/self/status, VmRSS); 0 elsewhere.
double residentMb(const char *field = "VmRSS:")
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return 0;
}

bool makeBase(const QString &path, qint64 count, const Clock &clock, QString *error)
{
    Store store(clock);
    if (!store.open(path, error))
        return false;
    DemoGenerator::Options options;
    options.count = count;
    options.seed = 11;
    return DemoGenerator::populate(store, options, error);
}

// The floor: the same rows (every non-deleted activity, once per accompagnement, in date order, with the participants
// read as the export reads them) through a bare sqlite3 loop, each column's text written as it is stored, ';' between,
// no formatting, into a buffered file.
bool csvFloor(const QString &basePath, const QString &outPath, qint64 *rows, QString *error)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(QFile::encodeName(basePath).constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        *error = QStringLiteral("floor: cannot open the base");
        sqlite3_close(db);
        return false;
    }
    std::FILE *file = std::fopen(QFile::encodeName(outPath).constData(), "wb");
    if (!file) {
        sqlite3_close(db);
        *error = QStringLiteral("floor: cannot create the file");
        return false;
    }
    std::setvbuf(file, nullptr, _IOFBF, 1 << 20);
    sqlite3_stmt *participants = nullptr;
    sqlite3_prepare_v2(db,
        "SELECT activite_id, beneficiaire_id FROM activite_participants ORDER BY activite_id, position", -1,
        &participants, nullptr);
    qint64 seen = 0;
    while (sqlite3_step(participants) == SQLITE_ROW)
        seen += sqlite3_column_bytes(participants, 0) + sqlite3_column_bytes(participants, 1);
    sqlite3_finalize(participants);
    sqlite3_stmt *q = nullptr;
    const int prepared = sqlite3_prepare_v2(
        db, "SELECT * FROM activites WHERE suppression IS NULL ORDER BY date, id", -1, &q, nullptr);
    if (prepared != SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(db));
        std::fclose(file);
        sqlite3_close(db);
        return false;
    }
    const int columns = sqlite3_column_count(q);
    int accompagnements = -1;
    for (int c = 0; c < columns; ++c) {
        if (qstrcmp(sqlite3_column_name(q, c), "accompagnements") == 0)
            accompagnements = c;
    }
    *rows = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const int n = accompagnements >= 0 ? std::max(1, sqlite3_column_int(q, accompagnements)) : 1;
        for (int r = 0; r < n; ++r) {
            for (int c = 0; c < columns; ++c) {
                const unsigned char *text = sqlite3_column_text(q, c);
                if (text)
                    std::fwrite(text, 1, size_t(sqlite3_column_bytes(q, c)), file);
                std::fputc(c + 1 < columns ? ';' : '\n', file);
            }
            ++*rows;
        }
    }
    sqlite3_finalize(q);
    const bool ok = std::fclose(file) == 0;
    sqlite3_close(db);
    if (seen < 0)
        return false;
    return ok;
}

} // namespace

bool benchExports(double scale)
{
    const qint64 csvCount = std::max<qint64>(100, std::llround(1000000.0 * scale));
    const qint64 xlsxCount = std::max<qint64>(100, std::llround(100000.0 * scale));
    QTemporaryDir dir;
    const FixedClock clock(QDateTime(QDate(2026, 6, 30), QTime(10, 0), Qt::UTC));
    QString error;

    // XLSX first, on a base of its own, so that the peak of the process is this export's.
    const QString xlsxBase = dir.filePath(QStringLiteral("xlsx.sqlite"));
    err() << "carnet_bench: exports, demo base of " << xlsxCount << " activities" << Qt::endl;
    if (!makeBase(xlsxBase, xlsxCount, clock, &error)) {
        err() << "carnet_bench: " << error << Qt::endl;
        return false;
    }
    {
        Store store(clock);
        if (!store.open(xlsxBase, &error)) {
            err() << "carnet_bench: " << error << Qt::endl;
            return false;
        }
        const double before = residentMb();
        double peak = before;
        QElapsedTimer timer;
        timer.start();
        XlsxWriter writer(dir.filePath(QStringLiteral("a.xlsx")), QStringLiteral("Activités"));
        ActivityExporter::Options options;
        options.exportedAt = clock.nowUtc();
        options.progress = [&](qint64, qint64) {
            peak = std::max(peak, residentMb());
            return true;
        };
        ActivityExporter::Result result;
        if (!writer.open() || !ActivityExporter::write(store, writer, options, &result, &error)
            || !writer.commit(&error)) {
            err() << "carnet_bench: " << error << Qt::endl;
            return false;
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        peak = std::max(peak, residentMb());
        figure("export_xlsx_100k_s", seconds, "s", 3);
        figure("export_xlsx_100k_peak_mb", peak, "MB", 1);
        figure("export_xlsx_100k_growth_mb", peak - before, "MB", 1);
        err() << "carnet_bench: xlsx " << result.rows << " rows, "
              << QString::number(QFileInfo(dir.filePath(QStringLiteral("a.xlsx"))).size() / 1e6, 'f', 1) << " MB"
              << Qt::endl;
    }

    const QString csvBase = dir.filePath(QStringLiteral("csv.sqlite"));
    err() << "carnet_bench: exports, demo base of " << csvCount << " activities" << Qt::endl;
    if (!makeBase(csvBase, csvCount, clock, &error)) {
        err() << "carnet_bench: " << error << Qt::endl;
        return false;
    }
    double exportSeconds = 0;
    qint64 rows = 0;
    {
        Store store(clock);
        if (!store.open(csvBase, &error)) {
            err() << "carnet_bench: " << error << Qt::endl;
            return false;
        }
        // A warm cache for both sides: the floor runs first and reads the whole base.
        qint64 floorRows = 0;
        if (!csvFloor(csvBase, dir.filePath(QStringLiteral("warm.txt")), &floorRows, &error)) {
            err() << "carnet_bench: " << error << Qt::endl;
            return false;
        }
        QElapsedTimer timer;
        timer.start();
        CsvWriter writer(dir.filePath(QStringLiteral("a.csv")));
        ActivityExporter::Options options;
        options.exportedAt = clock.nowUtc();
        ActivityExporter::Result result;
        if (!writer.open() || !ActivityExporter::write(store, writer, options, &result, &error)
            || !writer.commit(&error)) {
            err() << "carnet_bench: " << error << Qt::endl;
            return false;
        }
        exportSeconds = double(timer.nsecsElapsed()) / 1e9;
        rows = result.rows;
    }
    QElapsedTimer timer;
    timer.start();
    qint64 floorRows = 0;
    if (!csvFloor(csvBase, dir.filePath(QStringLiteral("floor.txt")), &floorRows, &error)) {
        err() << "carnet_bench: " << error << Qt::endl;
        return false;
    }
    const double floorSeconds = double(timer.nsecsElapsed()) / 1e9;
    if (floorRows != rows) {
        err() << "carnet_bench: the floor wrote " << floorRows << " rows, the export " << rows << Qt::endl;
        return false;
    }
    figure("export_csv_1m_s", exportSeconds, "s", 3);
    figure("export_csv_floor_1m_s", floorSeconds, "s", 3);
    figure("export_csv_ratio", floorSeconds > 0 ? exportSeconds / floorSeconds : 0.0, "x", 2);
    err() << "carnet_bench: csv " << rows << " rows, "
          << QString::number(QFileInfo(dir.filePath(QStringLiteral("a.csv"))).size() / 1e6, 'f', 1) << " MB (floor "
          << QString::number(QFileInfo(dir.filePath(QStringLiteral("floor.txt"))).size() / 1e6, 'f', 1)
          << " MB); targets: ratio <= 2, xlsx < 10 s and < 200 MB" << Qt::endl;
    return true;
}
