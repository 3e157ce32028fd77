// carnet_list_bench: how the list of activities ("Mes activités") behaves on a large base. Prints
// "bench list_<name> <value> <unit>" lines on stdout. Not a test.
//
//   carnet_list_bench --data-dir DIR     an existing Carnet data folder (e.g. made by `carnet demo --count 1000000`)
//   carnet_list_bench --count N          builds a base of N demo activities in a temporary folder first
//
// Times are wall-clock milliseconds from the request (model construction, sort, filter, fetchMore) to the moment the
// rows, or the count, reach the GUI thread's event loop.

#include "models/demo/DemoGenerator.h"
#include "models/domain/Clock.h"
#include "models/list/ActivityTableModel.h"
#include "models/store/Store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <functional>

namespace {
QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

void figure(const char *name, double value, const char *unit)
{
    out() << "bench list_" << name << ' ' << QString::number(value, 'f', value < 10 ? 2 : 0) << ' ' << unit << Qt::endl;
}

// Resident and peak resident memory of this process, in MB (Linux).
double memoryMb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(field))
            return line.mid(static_cast<int>(qstrlen(field))).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

bool waitFor(const std::function<bool()> &done, int timeoutMs = 120000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

// Time until the first page of the current query, then until its count.
bool measure(ActivityTableModel &model, int &reloads, const char *name, const std::function<void()> &request)
{
    const int before = reloads;
    QElapsedTimer t;
    t.start();
    request();
    if (!waitFor([&] { return reloads > before || !model.lastError().isEmpty(); }))
        return false;
    figure(QByteArray(QByteArray(name) + "_first_page_ms").constData(), double(t.nsecsElapsed()) / 1e6, "ms");
    if (!waitFor([&] { return !model.isLoading(); }))
        return false;
    figure(QByteArray(QByteArray(name) + "_count_ms").constData(), double(t.nsecsElapsed()) / 1e6, "ms");
    return model.lastError().isEmpty();
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Mesures de la liste des activités"));
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("data-dir"), QStringLiteral("Dossier de données existant."), QStringLiteral("dir")});
    parser.addOption({QStringLiteral("count"), QStringLiteral("Nombre d'activités à générer."), QStringLiteral("n")});
    parser.process(app);
    QTextStream err(stderr);

    QTemporaryDir temp;
    QString dir = parser.value(QStringLiteral("data-dir"));
    Store store;
    QString error;
    if (dir.isEmpty()) {
        dir = temp.path();
        if (!store.open(QDir(dir).filePath(QLatin1String(Store::FileName)), &error)) {
            err << error << Qt::endl;
            return 1;
        }
        DemoGenerator::Options options;
        options.count = parser.value(QStringLiteral("count")).toLongLong();
        if (options.count <= 0)
            options.count = 10000;
        QElapsedTimer t;
        t.start();
        if (!DemoGenerator::populate(store, options, &error)) {
            err << error << Qt::endl;
            return 1;
        }
        err << "base de " << options.count << " activités générée en " << t.elapsed() / 1000.0 << " s" << Qt::endl;
    } else if (!store.open(QDir(dir).filePath(QLatin1String(Store::FileName)), &error)) {
        err << error << Qt::endl;
        return 1;
    }
    figure("rss_before_mb", memoryMb("VmRSS:"), "MB");

    int reloads = 0;
    std::unique_ptr<ActivityTableModel> model;
    {
        QElapsedTimer t;
        t.start();
        model = std::make_unique<ActivityTableModel>(store);
        QObject::connect(model.get(), &ActivityTableModel::reloaded, [&reloads] { ++reloads; });
        if (!waitFor([&] { return reloads > 0 || !model->lastError().isEmpty(); }))
            return 1;
        figure("open_first_page_ms", double(t.nsecsElapsed()) / 1e6, "ms");
        if (!waitFor([&] { return !model->isLoading(); }))
            return 1;
        figure("open_count_ms", double(t.nsecsElapsed()) / 1e6, "ms");
        figure("total", double(model->totalCount()), "activities");
    }

    // Scrolling: fetchMore page after page down to row 100,000 (date order, newest first).
    {
        QElapsedTimer t;
        t.start();
        int pages = 0;
        while (model->rowCount() < 100000 && model->canFetchMore(QModelIndex())) {
            model->fetchMore(QModelIndex());
            ++pages;
            if (!waitFor([&] { return !model->isLoading(); }))
                return 1;
        }
        const double ms = double(t.nsecsElapsed()) / 1e6;
        figure("scroll_100k_ms", ms, "ms");
        figure("scroll_page_ms", pages > 0 ? ms / pages : 0, "ms");
        figure("rss_after_scroll_mb", memoryMb("VmRSS:"), "MB");
    }

    bool ok = true;
    ok = ok && measure(*model, reloads, "sort_date_asc", [&] {
        model->sort(ActivityTableModel::DateColumn, Qt::AscendingOrder);
    });
    ok = ok && measure(*model, reloads, "sort_duree_desc", [&] {
        model->sort(ActivityTableModel::DureeColumn, Qt::DescendingOrder);
    });
    {
        QElapsedTimer t;
        t.start();
        model->fetchMore(QModelIndex());
        ok = ok && waitFor([&] { return !model->isLoading(); });
        figure("sort_duree_next_page_ms", double(t.nsecsElapsed()) / 1e6, "ms");
    }
    ok = ok && measure(*model, reloads, "sort_date_desc", [&] {
        model->sort(ActivityTableModel::DateColumn, Qt::DescendingOrder);
    });
    ActivityFilter f;
    f.types = {QLatin1String(Codes::TypeActivite::Collectif)};
    ok = ok && measure(*model, reloads, "filter_type", [&] { model->setFilter(f); });
    f = {};
    f.thematiques = {QStringLiteral("email")};
    ok = ok && measure(*model, reloads, "filter_thematique", [&] { model->setFilter(f); });
    f = {};
    f.text = QStringLiteral("tablette");
    ok = ok && measure(*model, reloads, "search_text", [&] { model->setFilter(f); });
    f.text = QStringLiteral("aucune note ne contient ceci");
    ok = ok && measure(*model, reloads, "search_text_no_match", [&] { model->setFilter(f); });
    ok = ok && measure(*model, reloads, "clear_filter", [&] { model->setFilter(ActivityFilter()); });
    ok = ok && measure(*model, reloads, "reload", [&] { model->reload(); });
    figure("rss_mb", memoryMb("VmRSS:"), "MB");
    figure("peak_rss_mb", memoryMb("VmHWM:"), "MB");
    return ok ? 0 : 1;
}
