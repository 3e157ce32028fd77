#include "models/stats/StatsWorker.h"

#include "models/store/Connection.h"

#include <QThread>

QThread *StatsWorker::create(const QString &databasePath, Work work)
{
    return QThread::create([databasePath, work = std::move(work)] {
        const Connection::ScopedReader reader(QStringLiteral("carnet-stats-view"), databasePath);
        work(
            reader.database(), reader.isOpen() ? QString() : tr("Impossible de lire la base : %1").arg(reader.error()));
    });
}
