#include "Benches.h"

#include "models/demo/DemoGenerator.h"
#include "models/io/Importer.h"
#include "models/store/Store.h"
#include "tests/support/CarnetFileRows.h"
#include "tests/support/FixedClock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <xlsxwriter.h>

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

// Reads the file and writes its activities into an empty base, as `carnet import` does; seconds, -1 on failure.
double importInto(const QString &dir, const QString &file, qint64 expected, const Clock &clock)
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
    const ImportPlan plan = Importer::readFile(file, options, &store);
    if (!plan.ok() || plan.hasProblems() || plan.activities.size() != expected) {
        QTextStream(stderr) << "import: " << plan.fatal << ' ' << plan.summary()
                            << (plan.problems.isEmpty() ? QString() : plan.problems.first().describe()) << Qt::endl;
        return -1;
    }
    const double readSeconds = double(timer.nsecsElapsed()) / 1e9;
    if (!plan.apply(store, false, &error)) {
        QTextStream(stderr) << error << Qt::endl;
        return -1;
    }
    const double total = double(timer.nsecsElapsed()) / 1e9;
    QTextStream(stderr) << "carnet_bench: " << file << ": read " << readSeconds << " s, written "
                        << (total - readSeconds) << " s" << Qt::endl;
    return total;
}
} // namespace

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
    return *csvSeconds >= 0 && *xlsxSeconds >= 0;
}
