#include "models/list/ActivityQueryWorker.h"

#include "models/store/Connection.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace {
QString keyColumn(ActivityOrder::Key key)
{
    switch (key) {
    case ActivityOrder::Date:
        return QStringLiteral("date");
    case ActivityOrder::Type:
        return QStringLiteral("type");
    case ActivityOrder::Duree:
        return QStringLiteral("duree");
    case ActivityOrder::Participants:
        return QStringLiteral("accompagnements");
    }
    return QStringLiteral("date");
}

// LIKE pattern that finds text anywhere, its own % and _ taken literally (ESCAPE '\').
QString containsPattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}
} // namespace

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

bool ActivityQueryWorker::ensureOpen()
{
    if (QSqlDatabase::contains(m_connectionName) && QSqlDatabase::database(m_connectionName, false).isOpen())
        return true;
    QString error;
    if (!Connection::open(m_connectionName, m_path, Connection::Mode::ReadOnly, &error).isOpen()) {
        fail(tr("La liste des activités ne peut pas lire la base %1 : %2").arg(m_path, error));
        return false;
    }
    return true;
}

bool ActivityQueryWorker::usesDateIndex(const ActivityFilter &filter, const ActivityOrder &order)
{
    return order.key == ActivityOrder::Date && filter.lieuId.isNull() && filter.thematique.isEmpty()
        && filter.text.trimmed().isEmpty() && filter.ids.isEmpty();
}

QString ActivityQueryWorker::selectColumns()
{
    return QStringLiteral("rowid, id, date, type, duree, type_lieu, lieu_id, lieu_commune, thematiques, "
                          "accompagnements, sync_state, suppression IS NOT NULL");
}

ActivityListRow ActivityQueryWorker::readRow(const QSqlQuery &q)
{
    ActivityListRow r;
    r.rowid = q.value(0).toLongLong();
    r.id = QUuid::fromString(q.value(1).toString());
    r.date = q.value(2).toString();
    r.type = q.value(3).toString();
    r.dureeMinutes = q.value(4).toInt();
    r.typeLieu = q.value(5).toString();
    r.lieuId = QUuid::fromString(q.value(6).toString());
    r.lieuCommune = q.value(7).toString();
    r.thematiques = q.value(8).toString();
    r.participants = q.value(9).toInt();
    r.syncState = static_cast<SyncState>(q.value(10).toInt());
    r.deleted = q.value(11).toBool();
    return r;
}

QString ActivityQueryWorker::whereClause() const
{
    QStringList parts;
    if (!m_filter.includeDeleted)
        parts << QStringLiteral("suppression IS NULL");
    if (m_filter.from.isValid())
        parts << QStringLiteral("date >= :from");
    if (m_filter.to.isValid())
        parts << QStringLiteral("date <= :to");
    if (!m_filter.type.isEmpty())
        parts << QStringLiteral("type = :type");
    if (!m_filter.lieuId.isNull())
        parts << QStringLiteral("lieu_id = :lieu");
    if (!m_filter.thematique.isEmpty())
        parts << QStringLiteral("instr(',' || thematiques || ',', :thematique) > 0");
    if (!m_filter.text.trimmed().isEmpty())
        parts << QStringLiteral("(titre_atelier LIKE :text ESCAPE '\\' OR notes LIKE :text2 ESCAPE '\\')");
    if (!m_filter.ids.isEmpty())
        parts << QStringLiteral("id IN (SELECT value FROM json_each(:ids))");
    return parts.isEmpty() ? QStringLiteral("1") : parts.join(QLatin1String(" AND "));
}

void ActivityQueryWorker::bindFilter(QSqlQuery &q) const
{
    if (m_filter.from.isValid())
        q.bindValue(QStringLiteral(":from"), m_filter.from.toString(Qt::ISODate));
    if (m_filter.to.isValid())
        q.bindValue(QStringLiteral(":to"), m_filter.to.toString(Qt::ISODate));
    if (!m_filter.type.isEmpty())
        q.bindValue(QStringLiteral(":type"), m_filter.type);
    if (!m_filter.lieuId.isNull())
        q.bindValue(QStringLiteral(":lieu"), m_filter.lieuId.toString(QUuid::WithoutBraces));
    if (!m_filter.thematique.isEmpty())
        q.bindValue(QStringLiteral(":thematique"), QString(QLatin1Char(',') + m_filter.thematique + QLatin1Char(',')));
    if (!m_filter.text.trimmed().isEmpty()) {
        const QString pattern = containsPattern(m_filter.text.trimmed());
        q.bindValue(QStringLiteral(":text"), pattern);
        q.bindValue(QStringLiteral(":text2"), pattern);
    }
    if (!m_filter.ids.isEmpty()) {
        QJsonArray ids;
        for (const QUuid &id : std::as_const(m_filter.ids))
            ids.append(id.toString(QUuid::WithoutBraces));
        q.bindValue(QStringLiteral(":ids"), QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact)));
    }
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
    m_keyset = usesDateIndex(filter, order);
    m_atEnd = false;
    m_lastDate.clear();
    m_lastRowid = 0;
    m_rowids.clear();
    m_rowids.squeeze();
    m_position = 0;
    if (!ensureOpen())
        return;

    if (m_keyset) {
        nextKeyset(rows, true);
        if (stale(generation))
            return;
        QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT count(*) FROM activites WHERE ") + whereClause());
        bindFilter(q);
        if (!q.exec() || !q.next()) {
            fail(tr("Impossible de compter les activités : %1").arg(q.lastError().text()));
            return;
        }
        if (m_callbacks.count)
            m_callbacks.count(generation, q.value(0).toLongLong());
        return;
    }

    const QString dir = m_order.order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    // "+date" keeps SQLite from walking the date index with a random row read per entry: for a selective filter, one
    // sequential scan and a sort are several times faster.
    const QString date = QStringLiteral("+date");
    QString orderBy = keyColumn(m_order.key) + dir;
    if (m_order.key == ActivityOrder::Date)
        orderBy = date + dir;
    else
        orderBy += QStringLiteral(", ") + date + dir;
    orderBy += QStringLiteral(", rowid") + dir;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT rowid FROM activites WHERE ") + whereClause() + QStringLiteral(" ORDER BY ") + orderBy);
    bindFilter(q);
    if (!q.exec()) {
        fail(tr("Impossible de lire la liste des activités : %1").arg(q.lastError().text()));
        return;
    }
    while (q.next())
        m_rowids.append(q.value(0).toLongLong());
    q.finish();
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
    const bool ascending = m_order.order == Qt::AscendingOrder;
    QString sql
        = QStringLiteral("SELECT ") + selectColumns() + QStringLiteral(" FROM activites WHERE ") + whereClause();
    if (!first)
        sql += ascending ? QStringLiteral(" AND (date, rowid) > (:lastDate, :lastRowid)")
                         : QStringLiteral(" AND (date, rowid) < (:lastDate, :lastRowid)");
    sql += ascending ? QStringLiteral(" ORDER BY date ASC, rowid ASC")
                     : QStringLiteral(" ORDER BY date DESC, rowid DESC");
    sql += QStringLiteral(" LIMIT %1").arg(rows);
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    q.prepare(sql);
    bindFilter(q);
    if (!first) {
        q.bindValue(QStringLiteral(":lastDate"), m_lastDate);
        q.bindValue(QStringLiteral(":lastRowid"), m_lastRowid);
    }
    if (!q.exec()) {
        fail(tr("Impossible de lire la liste des activités : %1").arg(q.lastError().text()));
        return;
    }
    QVector<ActivityListRow> page;
    page.reserve(rows);
    while (q.next())
        page.append(readRow(q));
    if (!page.isEmpty()) {
        m_lastDate = page.constLast().date;
        m_lastRowid = page.constLast().rowid;
    }
    m_position += page.size();
    m_atEnd = page.size() < rows;
    if (m_callbacks.page)
        m_callbacks.page(m_generation, page, first, m_atEnd);
}

void ActivityQueryWorker::nextFromRowids(int rows, bool first)
{
    const int end = static_cast<int>(std::min<qint64>(m_rowids.size(), qint64(m_position) + rows));
    QVector<ActivityListRow> page;
    if (end > m_position) {
        QStringList list;
        QHash<qint64, int> slot;
        for (int i = m_position; i < end; ++i) {
            list << QString::number(m_rowids.at(i));
            slot.insert(m_rowids.at(i), i - m_position);
        }
        QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT ") + selectColumns() + QStringLiteral(" FROM activites WHERE rowid IN (")
                + list.join(QLatin1Char(',')) + QLatin1Char(')'))) {
            fail(tr("Impossible de lire la liste des activités : %1").arg(q.lastError().text()));
            return;
        }
        QVector<ActivityListRow> read(end - m_position);
        QVector<bool> present(end - m_position, false);
        while (q.next()) {
            ActivityListRow row = readRow(q);
            const int at = slot.value(row.rowid, -1);
            if (at >= 0) {
                present[at] = true;
                read[at] = std::move(row);
            }
        }
        // A row removed since the scan (a purge) is skipped rather than shown empty.
        page.reserve(read.size());
        for (int i = 0; i < read.size(); ++i) {
            if (present.at(i))
                page.append(std::move(read[i]));
        }
    }
    m_position = end;
    m_atEnd = m_position >= m_rowids.size();
    if (m_callbacks.page)
        m_callbacks.page(m_generation, page, first, m_atEnd);
}
