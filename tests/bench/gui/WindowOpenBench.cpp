#include "GuiBenches.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <algorithm>
#include <vector>

namespace {
QProcessEnvironment benchEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.remove(QStringLiteral("CARNET_DATA_DIR"));
    return env;
}
} // namespace

// window_open_1m_ms: from the start of the `carnet` process to its main window answering events, on a base of
// `count` activities (median of 3 starts, after one warm-up start so that the file is in the page cache as on a
// mediator's laptop where Carnet was used minutes ago); window_open_1m_rss_mb: the peak memory of that process.
QList<GuiFigure> runWindowOpenBench(const QString &carnet, const QString &existingDataDir, qint64 count, QString *error)
{
    QTemporaryDir home;
    if (!home.isValid()) {
        *error = QStringLiteral("temporary folder: %1").arg(home.errorString());
        return {};
    }
    const QProcessEnvironment env = benchEnvironment(home.path());
    QString dataDir = existingDataDir;
    if (dataDir.isEmpty()) {
        dataDir = home.filePath(QStringLiteral("base"));
        QProcess demo;
        demo.setProcessEnvironment(env);
        demo.start(carnet,
            {QStringLiteral("--data-dir"), dataDir, QStringLiteral("demo"), QStringLiteral("--count"),
                QString::number(count), QStringLiteral("--seed"), QStringLiteral("7")});
        if (!demo.waitForFinished(-1) || demo.exitCode() != 0) {
            *error = QStringLiteral("carnet demo failed: %1").arg(QString::fromLocal8Bit(demo.readAllStandardError()));
            return {};
        }
    }

    std::vector<double> times;
    double peakKb = 0;
    for (int run = 0; run < 4; ++run) {
        QProcess window;
        window.setProcessEnvironment(env);
        QProcessEnvironment withHook = env;
        withHook.insert(QStringLiteral("CARNET_BENCH_READY"), QStringLiteral("1"));
        window.setProcessEnvironment(withHook);
        QElapsedTimer timer;
        timer.start();
        window.start(carnet, {QStringLiteral("--data-dir"), dataDir});
        QByteArray out;
        while (!out.contains('\n') && window.waitForReadyRead(60000))
            out += window.readAllStandardOutput();
        const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
        window.waitForFinished(60000);
        const QByteArray line = out.trimmed();
        if (!line.startsWith("ready peak_rss_kb ")) {
            *error = QStringLiteral("carnet did not report ready: %1 %2")
                         .arg(QString::fromLocal8Bit(out), QString::fromLocal8Bit(window.readAllStandardError()));
            return {};
        }
        if (run == 0)
            continue; // warm-up
        times.push_back(ms);
        peakKb = std::max(peakKb, line.mid(18).toDouble());
    }
    std::sort(times.begin(), times.end());
    return {{QStringLiteral("window_open_1m_ms"), times.at(times.size() / 2), QStringLiteral("ms")},
        {QStringLiteral("window_open_1m_rss_mb"), peakKb / 1024.0, QStringLiteral("MB")}};
}
