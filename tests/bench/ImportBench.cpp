#include "Benches.h"

#include "models/demo/DemoGenerator.h"
#include "models/io/ImportPipeline.h"
#include "models/io/Importer.h"
#include "models/store/Store.h"
#include "tests/support/CarnetFileRows.h"
#include "tests/support/FixedClock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <xlsxwriter.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {
// The same rows as an XLSX (constant memory), the dates real dates and the durations numbers, as the XLSX export.
bool writeXlsx(const QString &path, const QList<QVariantList> &rows)
{
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;
    lxw_workbook *workbook = workbook_new_opt(QFile::encodeName(path).constData(), &options);
    if (!workbook)
        return false;
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "Activités");
    lxw_format *dateFormat = workbook_add_format(workbook);
    format_set_num_format(dateFormat, "dd/mm/yyyy");
    for (int r = 0; r < rows.size(); ++r) {
        const QVariantList &row = rows.at(r);
        for (int c = 0; c < row.size(); ++c) {
            const QString t = row.at(c).toString();
            if (t.isEmpty())
                continue;
            if (r > 3 && c == ActivityColumns::Date) {
                const QDate d = QDate::fromString(t, QStringLiteral("dd/MM/yyyy"));
                lxw_datetime dt = {d.year(), d.month(), d.day(), 0, 0, 0};
                worksheet_write_datetime(sheet, r, c, &dt, dateFormat);
            } else if (r > 3 && c == ActivityColumns::Duree) {
                worksheet_write_number(sheet, r, c, t.toDouble(), nullptr);
            } else {
                worksheet_write_string(sheet, r, c, t.toUtf8().constData(), nullptr);
            }
        }
    }
    return workbook_close(workbook) == LXW_NO_ERROR;
}

// Reads the file and writes its activities into an empty base in dir, as `carnet import` does (ImportPipeline: read
// and written at once); seconds, -1 on failure. dialog: as the import dialog does instead, the whole file read first
// (its preview, the activities spooled), then written on confirmation (ImportPlan::apply).
double importInto(const QString &dir, const QString &file, qint64 expected, const Clock &clock, bool dialog = false)
{
    Store store(clock);
    QString error;
    QElapsedTimer timer;
    if (!store.open(QDir(dir).filePath(QStringLiteral("carnet.sqlite")), &error)) {
        QTextStream(stderr) << error << Qt::endl;
        return -1;
    }
    timer.start();
    ImportOptions options;
    options.today = clock.today();
    const auto refused = [&](const ImportPlan &plan) {
        if (plan.ok() && !plan.hasProblems() && plan.activityCount() == expected)
            return false;
        QTextStream(stderr) << "import: " << plan.fatal << ' ' << plan.summary()
                            << (plan.problems.isEmpty() ? QString() : plan.problems.first().describe()) << Qt::endl;
        return true;
    };
    if (!dialog) {
        const ImportPipeline::Result result = ImportPipeline::run({file}, options, store, false);
        if (refused(result.plan) || !result.written || result.added != expected) {
            QTextStream(stderr) << "import: " << result.error << Qt::endl;
            return -1;
        }
        return double(timer.nsecsElapsed()) / 1e9;
    }
    const ImportPlan plan = Importer::readFile(file, options, &store);
    if (refused(plan))
        return -1;
    const double readSeconds = double(timer.nsecsElapsed()) / 1e9;
    if (!plan.apply(store, false, &error)) {
        QTextStream(stderr) << error << Qt::endl;
        return -1;
    }
    const double total = double(timer.nsecsElapsed()) / 1e9;
    QTextStream(stderr) << "carnet_bench: " << file << " as the dialog does: read (preview) " << readSeconds
                        << " s, written (confirmed) " << (total - readSeconds) << " s" << Qt::endl;
    return total;
}

// This process's memory from /proc/self/status (VmRSS, VmHWM), in MB.
double memoryMb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

// Starts the peak (VmHWM) again from the current resident size (Linux >= 4.0): what came before is not counted.
bool resetPeak()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

// Appends rows to Carnet's CSV as CarnetFileRows::writeCsv writes them, leaving out the first skip rows.
bool appendCsv(QFile &file, const QList<QVariantList> &rows, int skip)
{
    QByteArray out;
    for (int r = skip; r < rows.size(); ++r) {
        const QVariantList &row = rows.at(r);
        for (int c = 0; c < row.size(); ++c) {
            if (c > 0)
                out += ';';
            QString t = row.at(c).toString();
            if (t.contains(QLatin1Char(';')) || t.contains(QLatin1Char('"')) || t.contains(QLatin1Char('\n')))
                t = QLatin1Char('"') + t.replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
            out += t.toUtf8();
        }
        out += "\r\n";
    }
    return file.write(out) == out.size();
}
} // namespace

bool benchImportLarge(double scale)
{
    const qint64 target = std::max<qint64>(1 << 20, std::llround(200.0 * scale * 1024 * 1024));
    QTemporaryDir dir;
    const QDateTime now(QDate(2026, 6, 30), QTime(10, 0), Qt::UTC);
    FixedClock clock(now);
    const QString csv = dir.filePath(QStringLiteral("carnet_activites.csv"));
    qint64 activities = 0;
    {
        // Written chunk by chunk, so that the file's activities are never all in memory here either.
        DemoGenerator generator(13, now.date(), now);
        const QList<Place> places = generator.makePlaces();
        const QList<Beneficiary> beneficiaries = generator.makeBeneficiaries(500);
        generator.setPool(places, beneficiaries);
        QFile file(csv);
        if (!file.open(QIODevice::WriteOnly) || file.write("\xEF\xBB\xBF") != 3)
            return false;
        bool first = true;
        while (file.size() < target) {
            QList<Activity> chunk;
            while (chunk.size() < 5000) {
                Activity a = generator.nextActivity();
                if (!a.isDeleted())
                    chunk.append(a);
            }
            activities += chunk.size();
            // The header block and the header row once (CarnetFileRows::rows gives them first, 4 rows).
            if (!appendCsv(file, CarnetFileRows::rows(chunk, places, beneficiaries), first ? 0 : 4))
                return false;
            first = false;
        }
        if (!file.flush())
            return false;
    }
    QTextStream(stderr) << "carnet_bench: " << csv << ": " << QFileInfo(csv).size() / (1024 * 1024) << " MB, "
                        << activities << " activities" << Qt::endl;

    Store store(clock);
    QString error;
    if (!store.open(dir.filePath(QStringLiteral("carnet.sqlite")), &error)) {
        QTextStream(stderr) << error << Qt::endl;
        return false;
    }
#ifdef __GLIBC__
    malloc_trim(0); // what the file's generation freed goes back to the system: the peak is the import's
#endif
    const double before = memoryMb("VmRSS:");
    double peak = before;
    const bool reset = resetPeak();
    QElapsedTimer timer;
    timer.start();
    ImportOptions options;
    options.today = clock.today();
    options.progress = [&](qint64, qint64) {
        peak = std::max(peak, memoryMb("VmRSS:"));
        return true;
    };
    // As `carnet import` does (ImportPipeline); progress is told on its reading thread, which alone writes peak
    // until run() returns.
    const ImportPipeline::Result result = ImportPipeline::run({csv}, options, store, false);
    const ImportPlan &plan = result.plan;
    if (!plan.ok() || plan.hasProblems() || plan.activityCount() != activities || !result.written) {
        QTextStream(stderr) << "import: " << result.error << ' ' << plan.summary()
                            << (plan.problems.isEmpty() ? QString() : plan.problems.first().describe()) << Qt::endl;
        return false;
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    // The true peak when the kernel could start it again; else the largest resident size seen at each progress step.
    if (reset)
        peak = std::max(peak, memoryMb("VmHWM:"));
    QTextStream(stderr) << "carnet_bench: 200 MB import: read and written in " << seconds << " s, resident before "
                        << before << " MB, peak " << (reset ? "VmHWM" : "sampled") << Qt::endl;
    QTextStream(stdout) << "bench import_csv_200mb_s " << QString::number(seconds, 'f', 2) << " s" << Qt::endl;
    QTextStream(stdout) << "bench import_csv_200mb_peak_mb " << QString::number(peak, 'f', 1) << " MB" << Qt::endl;
    return store.counts().activites() == activities;
}

bool benchImport(qint64 count, double *csvSeconds, double *xlsxSeconds)
{
    QTemporaryDir dir;
    const QDateTime now(QDate(2026, 6, 30), QTime(10, 0), Qt::UTC);
    FixedClock clock(now);
    DemoGenerator generator(7, now.date(), now);
    const QList<Place> places = generator.makePlaces();
    const QList<Beneficiary> beneficiaries = generator.makeBeneficiaries(200);
    generator.setPool(places, beneficiaries);
    QList<Activity> activities;
    activities.reserve(count);
    while (activities.size() < count) {
        Activity a = generator.nextActivity();
        if (!a.isDeleted()) // deleted activities are not exported
            activities.append(a);
    }
    const QList<QVariantList> rows = CarnetFileRows::rows(activities, places, beneficiaries);
    const QString csv = dir.filePath(QStringLiteral("carnet_activites.csv"));
    const QString xlsx = dir.filePath(QStringLiteral("carnet_activites.xlsx"));
    if (!CarnetFileRows::writeCsv(csv, rows) || !writeXlsx(xlsx, rows))
        return false;
    QDir(dir.path()).mkdir(QStringLiteral("csv"));
    QDir(dir.path()).mkdir(QStringLiteral("xlsx"));
    *csvSeconds = importInto(dir.filePath(QStringLiteral("csv")), csv, count, clock);
    *xlsxSeconds = importInto(dir.filePath(QStringLiteral("xlsx")), xlsx, count, clock);
    // The import dialog's way (preview, then confirmation): no target, told for what its user waits in all.
    QDir(dir.path()).mkdir(QStringLiteral("dialog"));
    const double dialog = importInto(dir.filePath(QStringLiteral("dialog")), csv, count, clock, true);
    if (dialog >= 0)
        QTextStream(stdout) << "bench import_csv_100k_dialog_s " << QString::number(dialog, 'f', 2) << " s" << Qt::endl;
    return *csvSeconds >= 0 && *xlsxSeconds >= 0 && dialog >= 0;
}
