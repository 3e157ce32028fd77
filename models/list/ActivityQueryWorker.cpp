#include "models/list/ActivityQueryWorker.h"

#include "models/store/Connection.h"

#include <QSqlDatabase>

#include <algorithm>

ActivityQueryWorker::ActivityQueryWorker(
    const QString &databasePath, std::shared_ptr<std::atomic<quint64>> latestGeneration, Callbacks callbacks)
    : m_path(databasePath)
    , m_latest(std::move(latestGeneration))
    , m_callbacks(std::move(callbacks))
{
    m_connectionName = Connection::uniqueName(QStringLiteral("carnet-list"));
}

ActivityQueryWorker::~ActivityQueryWorker()
{
    closeDatabase();
}

void ActivityQueryWorker::closeDatabase()
{
    Connection::remove(m_connectionName);
}

QSqlDatabase ActivityQueryWorker::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool ActivityQueryWorker::ensureOpen()
{
    if (QSqlDatabase::contains(m_connectionName) && database().isOpen())
        return true;
    QString error;
    if (!Connection::open(m_connectionName, m_path, Connection::Mode::ReadOnly, &error).isOpen()) {
        fail(tr("La liste des activités ne peut pas lire la base %1 : %2").arg(m_path, error));
        return false;
    }
    return true;
}

void ActivityQueryWorker::fail(const QString &message)
{
    m_atEnd = true;
    if (m_callbacks.error)
        m_callbacks.error(m_generation, message);
}

void ActivityQueryWorker::start(quint64 generation, const ActivityFilter &filter, const ActivityOrder &order, int rows)
{
    if (stale(generation))
        return;
    m_generation = generation;
    m_filter = filter;
    m_order = order;
    m_keyset = ActivityListQueries::usesDateIndex(filter, order);
    m_atEnd = false;
    m_cursor = {};
    m_rowids.clear();
    m_rowids.squeeze();
    m_position = 0;
    if (!ensureOpen())
        return;

    QString error;
    if (m_keyset) {
        nextKeyset(rows, true);
        if (stale(generation))
            return;
        qint64 count = 0;
        if (!ActivityListQueries::count(database(), m_filter, &count, &error)) {
            fail(error);
            return;
        }
        if (m_callbacks.count)
            m_callbacks.count(generation, count);
        return;
    }

    if (!ActivityListQueries::orderedRowids(database(), m_filter, m_order, &m_rowids, &error)) {
        fail(error);
        return;
    }
    if (stale(generation))
        return;
    if (m_callbacks.count)
        m_callbacks.count(generation, m_rowids.size());
    nextFromRowids(rows, true);
}

void ActivityQueryWorker::next(quint64 generation, int rows)
{
    if (stale(generation) || generation != m_generation || m_atEnd)
        return;
    if (m_keyset)
        nextKeyset(rows, false);
    else
        nextFromRowids(rows, false);
}

void ActivityQueryWorker::nextKeyset(int rows, bool first)
{
    QVector<ActivityListRow> page;
    QString error;
    if (!ActivityListQueries::keysetPage(
            database(), m_filter, m_order.order, first ? nullptr : &m_cursor, rows, &page, &error)) {
        fail(error);
        return;
    }
    if (!page.isEmpty())
        m_cursor = {page.constLast().date, page.constLast().rowid};
    m_position += page.size();
    m_atEnd = page.size() < rows;
    if (m_callbacks.page)
        m_callbacks.page(m_generation, page, first, m_atEnd);
}

void ActivityQueryWorker::nextFromRowids(int rows, bool first)
{
    const int end = static_cast<int>(std::min<qint64>(m_rowids.size(), qint64(m_position) + rows));
    QVector<ActivityListRow> page;
    QString error;
    if (!ActivityListQueries::rowsByRowid(database(), m_rowids, m_position, end, &page, &error)) {
        fail(error);
        return;
    }
    m_position = end;
    m_atEnd = m_position >= m_rowids.size();
    if (m_callbacks.page)
        m_callbacks.page(m_generation, page, first, m_atEnd);
}
