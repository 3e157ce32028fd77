#include "models/store/SyncLedger.h"

#include "models/store/WriteTransaction.h"

#include <QSqlQuery>
#include <QVariant>

namespace {
const char *tableOf(SyncLedger::Kind kind)
{
    switch (kind) {
    case SyncLedger::Kind::Lieu:
        return "lieux";
    case SyncLedger::Kind::Beneficiaire:
        return "beneficiaires";
    case SyncLedger::Kind::Activite:
        break;
    }
    return "activites";
}

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(QLatin1String(""));
}

QDateTime timeOf(const QString &s)
{
    return s.isEmpty() ? QDateTime() : QDateTime::fromString(s, Qt::ISODateWithMs).toUTC();
}

constexpr SyncLedger::Kind AllKinds[]
    = {SyncLedger::Kind::Lieu, SyncLedger::Kind::Beneficiaire, SyncLedger::Kind::Activite};
} // namespace

const char *SyncLedger::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Lieu:
        return "lieu";
    case Kind::Beneficiaire:
        return "beneficiaire";
    case Kind::Activite:
        break;
    }
    return "activite";
}

SyncLedger::SyncLedger(Store &store)
    : m_store(store)
{
}

bool SyncLedger::due(const QDateTime &now, int limit, QList<Item> *items, QString *error) const
{
    items->clear();
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    // By kind, along the primary key (genre, id): no sort of the whole outbox, however long it is.
    if (!q.prepare(QStringLiteral("SELECT id, changement, tentatives, prochain, tente, erreur FROM sync_envoi "
                                  "WHERE genre = ? AND bloque = 0 AND (prochain = '' OR prochain <= ?) "
                                  "ORDER BY id LIMIT ?"))) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    for (const Kind kind : AllKinds) {
        if (items->size() >= limit)
            break;
        q.addBindValue(QLatin1String(kindName(kind)));
        q.addBindValue(timeText(now));
        q.addBindValue(limit - int(items->size()));
        if (!q.exec()) {
            *error = m_store.describe(q.lastError());
            return false;
        }
        while (q.next()) {
            Item item;
            item.kind = kind;
            item.id = QUuid::fromString(q.value(0).toString());
            item.change = q.value(1).toLongLong();
            item.attempts = q.value(2).toInt();
            item.next = timeOf(q.value(3).toString());
            item.attempted = timeOf(q.value(4).toString());
            item.error = q.value(5).toString();
            items->append(item);
        }
    }
    return true;
}

std::optional<SyncLedger::Item> SyncLedger::item(Kind kind, const QUuid &id) const
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT changement, tentatives, prochain, tente, erreur, bloque FROM sync_envoi WHERE "
                             "genre = ? AND id = ?"));
    q.addBindValue(QLatin1String(kindName(kind)));
    q.addBindValue(idText(id));
    if (!q.exec() || !q.next())
        return std::nullopt;
    Item item;
    item.kind = kind;
    item.id = id;
    item.change = q.value(0).toLongLong();
    item.attempts = q.value(1).toInt();
    item.next = timeOf(q.value(2).toString());
    item.attempted = timeOf(q.value(3).toString());
    item.error = q.value(4).toString();
    item.blocked = q.value(5).toInt() != 0;
    return item;
}

qint64 SyncLedger::pendingCount() const
{
    QSqlQuery q(m_store.database());
    return q.exec(QStringLiteral("SELECT count(*) FROM sync_envoi")) && q.next() ? q.value(0).toLongLong() : 0;
}

bool SyncLedger::markAttempted(const QList<Item> &items, const QDateTime &now,
    const std::function<QDateTime(const Item &)> &retryAt, QString *error)
{
    Store::WriteTransaction tx(m_store);
    if (!tx.begin(error))
        return false;
    QSqlQuery outbox(m_store.database());
    QSqlQuery row(m_store.database());
    if (!outbox.prepare(QStringLiteral("UPDATE sync_envoi SET tentatives = tentatives + 1, tente = ?, prochain = ? "
                                       "WHERE genre = ? AND id = ? AND changement = ?"))) {
        *error = m_store.describe(outbox.lastError());
        return false;
    }
    for (const Item &item : items) {
        outbox.addBindValue(timeText(now));
        outbox.addBindValue(timeText(retryAt(item)));
        outbox.addBindValue(QLatin1String(kindName(item.kind)));
        outbox.addBindValue(idText(item.id));
        outbox.addBindValue(item.change);
        if (!outbox.exec()) {
            *error = m_store.describe(outbox.lastError());
            return false;
        }
        if (outbox.numRowsAffected() == 0)
            continue; // changed since it was read: its next send carries the new change
        // Shown as being sent (never 0 here: that state is a local change's, which the outbox's triggers follow).
        if (!row.prepare(QStringLiteral("UPDATE %1 SET sync_state = 1 WHERE id = ? AND sync_state <> 1")
                             .arg(QLatin1String(tableOf(item.kind))))) {
            *error = m_store.describe(row.lastError());
            return false;
        }
        row.addBindValue(idText(item.id));
        if (!row.exec()) {
            *error = m_store.describe(row.lastError());
            return false;
        }
    }
    return tx.commit(error);
}

bool SyncLedger::markSent(const Item &item, const QString &version, QString *error)
{
    Store::WriteTransaction tx(m_store);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(m_store.database());
    const auto run = [&](const QString &sql, const QVariantList &values) {
        if (!q.prepare(sql)) {
            *error = m_store.describe(q.lastError());
            return false;
        }
        for (const QVariant &v : values)
            q.addBindValue(v);
        if (!q.exec()) {
            *error = m_store.describe(q.lastError());
            return false;
        }
        return true;
    };
    const QString table = QLatin1String(tableOf(item.kind));
    if (!run(QStringLiteral("DELETE FROM sync_envoi WHERE genre = ? AND id = ? AND changement = ?"),
            {QLatin1String(kindName(item.kind)), idText(item.id), item.change}))
        return false;
    if (q.numRowsAffected() > 0) {
        const QString syncedAt = item.kind == Kind::Activite ? QStringLiteral(", synced_at = ?") : QString();
        QVariantList values{version};
        if (item.kind == Kind::Activite)
            values << timeText(m_store.clock().nowUtc());
        values << idText(item.id);
        if (!run(QStringLiteral("UPDATE %1 SET sync_state = 2, server_version = ?%2 WHERE id = ?").arg(table, syncedAt),
                values))
            return false;
    } else if (!run(QStringLiteral("UPDATE %1 SET server_version = ? WHERE id = ?").arg(table),
                   {version, idText(item.id)})) {
        // Changed here since it was sent: still to send, on top of the version the server now has.
        return false;
    }
    return tx.commit(error);
}

bool SyncLedger::markRetry(const Item &item, const QString &message, const QDateTime &next, QString *error)
{
    QSqlQuery q(m_store.database());
    q.prepare(
        QStringLiteral("UPDATE sync_envoi SET erreur = ?, prochain = ? WHERE genre = ? AND id = ? AND changement = ?"));
    q.addBindValue(message);
    q.addBindValue(timeText(next));
    q.addBindValue(QLatin1String(kindName(item.kind)));
    q.addBindValue(idText(item.id));
    q.addBindValue(item.change);
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    return true;
}

bool SyncLedger::markFailed(const Item &item, const QString &message, QString *error)
{
    Store::WriteTransaction tx(m_store);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("UPDATE sync_envoi SET erreur = ?, prochain = '', bloque = 1 WHERE genre = ? AND id = ? "
                             "AND changement = ?"));
    q.addBindValue(message);
    q.addBindValue(QLatin1String(kindName(item.kind)));
    q.addBindValue(idText(item.id));
    q.addBindValue(item.change);
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    if (q.numRowsAffected() > 0) {
        q.prepare(QStringLiteral("UPDATE %1 SET sync_state = 4 WHERE id = ? AND sync_state <> 0")
                      .arg(QLatin1String(tableOf(item.kind))));
        q.addBindValue(idText(item.id));
        if (!q.exec()) {
            *error = m_store.describe(q.lastError());
            return false;
        }
    }
    return tx.commit(error);
}

bool SyncLedger::markConflict(
    const Item &item, const QString &version, const QByteArray &serverCopy, const QDateTime &now, QString *error)
{
    Store::WriteTransaction tx(m_store);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(m_store.database());
    const auto fail = [&] {
        *error = m_store.describe(q.lastError());
        return false;
    };
    q.prepare(QStringLiteral("INSERT INTO sync_conflits (genre, id, version, serveur, detecte) VALUES (?, ?, ?, ?, ?) "
                             "ON CONFLICT (genre, id) DO UPDATE SET version = excluded.version, serveur = "
                             "excluded.serveur, detecte = excluded.detecte"));
    q.addBindValue(QLatin1String(kindName(item.kind)));
    q.addBindValue(idText(item.id));
    q.addBindValue(version);
    q.addBindValue(QString::fromUtf8(serverCopy));
    q.addBindValue(timeText(now));
    if (!q.exec())
        return fail();
    q.prepare(QStringLiteral("UPDATE sync_envoi SET bloque = 1, prochain = '', erreur = ? WHERE genre = ? AND id = ?"));
    q.addBindValue(tr("Modifiée ici et sur le serveur depuis la dernière synchronisation : choisissez la version à "
                      "garder."));
    q.addBindValue(QLatin1String(kindName(item.kind)));
    q.addBindValue(idText(item.id));
    if (!q.exec())
        return fail();
    q.prepare(QStringLiteral("UPDATE %1 SET sync_state = 3 WHERE id = ?").arg(QLatin1String(tableOf(item.kind))));
    q.addBindValue(idText(item.id));
    if (!q.exec())
        return fail();
    return tx.commit(error);
}

bool SyncLedger::retryBlocked(QString *error)
{
    QSqlQuery q(m_store.database());
    if (!q.exec(QStringLiteral("UPDATE sync_envoi SET bloque = 0, tentatives = 0, prochain = '' WHERE bloque = 1 AND "
                               "NOT EXISTS (SELECT 1 FROM sync_conflits c WHERE c.genre = sync_envoi.genre AND "
                               "c.id = sync_envoi.id)"))) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    return true;
}

QList<SyncLedger::Conflict> SyncLedger::conflicts() const
{
    QList<Conflict> list;
    QSqlQuery q(m_store.database());
    if (!q.exec(QStringLiteral("SELECT genre, id, version, serveur, detecte FROM sync_conflits ORDER BY detecte, id")))
        return list;
    while (q.next()) {
        Conflict c;
        for (const Kind kind : AllKinds) {
            if (q.value(0).toString() == QLatin1String(kindName(kind)))
                c.kind = kind;
        }
        c.id = QUuid::fromString(q.value(1).toString());
        c.version = q.value(2).toString();
        c.serverCopy = q.value(3).toString().toUtf8();
        c.detected = timeOf(q.value(4).toString());
        list << c;
    }
    return list;
}

QString SyncLedger::cursor(Kind kind) const
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT curseur FROM sync_curseurs WHERE genre = ?"));
    q.addBindValue(QLatin1String(kindName(kind)));
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

bool SyncLedger::setCursor(Kind kind, const QString &cursor, const QDateTime &now, QString *error)
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("INSERT INTO sync_curseurs (genre, curseur, lu) VALUES (?, ?, ?) ON CONFLICT (genre) DO "
                             "UPDATE SET curseur = excluded.curseur, lu = excluded.lu"));
    q.addBindValue(QLatin1String(kindName(kind)));
    q.addBindValue(cursor);
    q.addBindValue(timeText(now));
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    return true;
}
