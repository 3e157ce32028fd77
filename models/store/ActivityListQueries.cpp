#include "models/store/ActivityListQueries.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
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

QString selectColumns()
{
    return QStringLiteral("rowid, id, date, type, duree, type_lieu, lieu_id, lieu_commune, thematiques, "
                          "accompagnements, sync_state, suppression IS NOT NULL");
}

ActivityListRow readRow(const QSqlQuery &q)
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

QString whereClause(const ActivityFilter &filter)
{
    QStringList parts;
    if (!filter.includeDeleted)
        parts << QStringLiteral("suppression IS NULL");
    if (filter.from.isValid())
        parts << QStringLiteral("date >= :from");
    if (filter.to.isValid())
        parts << QStringLiteral("date <= :to");
    if (!filter.type.isEmpty())
        parts << QStringLiteral("type = :type");
    if (!filter.lieuId.isNull())
        parts << QStringLiteral("lieu_id = :lieu");
    if (!filter.thematique.isEmpty())
        parts << QStringLiteral("instr(',' || thematiques || ',', :thematique) > 0");
    if (!filter.text.trimmed().isEmpty())
        parts << QStringLiteral("(titre_atelier LIKE :text ESCAPE '\\' OR notes LIKE :text2 ESCAPE '\\')");
    if (!filter.ids.isEmpty())
        parts << QStringLiteral("id IN (SELECT value FROM json_each(:ids))");
    return parts.isEmpty() ? QStringLiteral("1") : parts.join(QLatin1String(" AND "));
}

void bindFilter(QSqlQuery &q, const ActivityFilter &filter)
{
    if (filter.from.isValid())
        q.bindValue(QStringLiteral(":from"), filter.from.toString(Qt::ISODate));
    if (filter.to.isValid())
        q.bindValue(QStringLiteral(":to"), filter.to.toString(Qt::ISODate));
    if (!filter.type.isEmpty())
        q.bindValue(QStringLiteral(":type"), filter.type);
    if (!filter.lieuId.isNull())
        q.bindValue(QStringLiteral(":lieu"), filter.lieuId.toString(QUuid::WithoutBraces));
    if (!filter.thematique.isEmpty())
        q.bindValue(QStringLiteral(":thematique"), QString(QLatin1Char(',') + filter.thematique + QLatin1Char(',')));
    if (!filter.text.trimmed().isEmpty()) {
        const QString pattern = containsPattern(filter.text.trimmed());
        q.bindValue(QStringLiteral(":text"), pattern);
        q.bindValue(QStringLiteral(":text2"), pattern);
    }
    if (!filter.ids.isEmpty()) {
        QJsonArray ids;
        for (const QUuid &id : std::as_const(filter.ids))
            ids.append(id.toString(QUuid::WithoutBraces));
        q.bindValue(QStringLiteral(":ids"), QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact)));
    }
}
} // namespace

bool ActivityListQueries::usesDateIndex(const ActivityFilter &filter, const ActivityOrder &order)
{
    return order.key == ActivityOrder::Date && filter.lieuId.isNull() && filter.thematique.isEmpty()
        && filter.text.trimmed().isEmpty() && filter.ids.isEmpty();
}

bool ActivityListQueries::count(const QSqlDatabase &db, const ActivityFilter &filter, qint64 *count, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT count(*) FROM activites WHERE ") + whereClause(filter));
    bindFilter(q, filter);
    if (!q.exec() || !q.next()) {
        *error = tr("Impossible de compter les activités : %1").arg(q.lastError().text());
        return false;
    }
    *count = q.value(0).toLongLong();
    return true;
}

bool ActivityListQueries::keysetPage(const QSqlDatabase &db, const ActivityFilter &filter, Qt::SortOrder order,
    const KeysetCursor *after, int rows, QVector<ActivityListRow> *page, QString *error)
{
    const bool ascending = order == Qt::AscendingOrder;
    QString sql
        = QStringLiteral("SELECT ") + selectColumns() + QStringLiteral(" FROM activites WHERE ") + whereClause(filter);
    if (after)
        sql += ascending ? QStringLiteral(" AND (date, rowid) > (:lastDate, :lastRowid)")
                         : QStringLiteral(" AND (date, rowid) < (:lastDate, :lastRowid)");
    sql += ascending ? QStringLiteral(" ORDER BY date ASC, rowid ASC")
                     : QStringLiteral(" ORDER BY date DESC, rowid DESC");
    sql += QStringLiteral(" LIMIT %1").arg(rows);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    bindFilter(q, filter);
    if (after) {
        q.bindValue(QStringLiteral(":lastDate"), after->date);
        q.bindValue(QStringLiteral(":lastRowid"), after->rowid);
    }
    if (!q.exec()) {
        *error = tr("Impossible de lire la liste des activités : %1").arg(q.lastError().text());
        return false;
    }
    page->clear();
    page->reserve(rows);
    while (q.next())
        page->append(readRow(q));
    return true;
}

bool ActivityListQueries::orderedRowids(const QSqlDatabase &db, const ActivityFilter &filter,
    const ActivityOrder &order, QVector<qint64> *rowids, QString *error)
{
    const QString dir = order.order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    // "+date" keeps SQLite from walking the date index with a random row read per entry: for a selective filter, one
    // sequential scan and a sort are several times faster.
    const QString date = QStringLiteral("+date");
    QString orderBy = keyColumn(order.key) + dir;
    if (order.key == ActivityOrder::Date)
        orderBy = date + dir;
    else
        orderBy += QStringLiteral(", ") + date + dir;
    orderBy += QStringLiteral(", rowid") + dir;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT rowid FROM activites WHERE ") + whereClause(filter) + QStringLiteral(" ORDER BY ")
        + orderBy);
    bindFilter(q, filter);
    if (!q.exec()) {
        *error = tr("Impossible de lire la liste des activités : %1").arg(q.lastError().text());
        return false;
    }
    rowids->clear();
    while (q.next())
        rowids->append(q.value(0).toLongLong());
    q.finish();
    return true;
}

bool ActivityListQueries::rowsByRowid(const QSqlDatabase &db, const QVector<qint64> &rowids, int from, int to,
    QVector<ActivityListRow> *rows, QString *error)
{
    rows->clear();
    if (to <= from)
        return true;
    QStringList list;
    QHash<qint64, int> slot;
    for (int i = from; i < to; ++i) {
        list << QString::number(rowids.at(i));
        slot.insert(rowids.at(i), i - from);
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + selectColumns() + QStringLiteral(" FROM activites WHERE rowid IN (")
            + list.join(QLatin1Char(',')) + QLatin1Char(')'))) {
        *error = tr("Impossible de lire la liste des activités : %1").arg(q.lastError().text());
        return false;
    }
    QVector<ActivityListRow> read(to - from);
    QVector<bool> present(to - from, false);
    while (q.next()) {
        ActivityListRow row = readRow(q);
        const int at = slot.value(row.rowid, -1);
        if (at >= 0) {
            present[at] = true;
            read[at] = std::move(row);
        }
    }
    // A row removed since the scan (a purge) is skipped rather than shown empty.
    rows->reserve(read.size());
    for (int i = 0; i < read.size(); ++i) {
        if (present.at(i))
            rows->append(std::move(read[i]));
    }
    return true;
}
