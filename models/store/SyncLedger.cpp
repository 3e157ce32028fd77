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

SyncLedger::~SyncLedger() = default;

// A call's own transaction, or none inside beginAnswers() .. commitAnswers().
class SyncLedger::Scope
{
public:
    explicit Scope(SyncLedger &ledger)
        : m_ledger(ledger)
    {
    }
    bool begin(QString *error)
    {
        if (m_ledger.m_answers)
            return true;
        m_own.emplace(m_ledger.m_store);
        return m_own->begin(error);
    }
    bool commit(QString *error) { return !m_own || m_own->commit(error); }

private:
    SyncLedger &m_ledger;
    std::optional<Store::WriteTransaction> m_own;
};

bool SyncLedger::beginAnswers(QString *error)
{
    m_answers = std::make_unique<Store::WriteTransaction>(m_store);
    if (m_answers->begin(error))
        return true;
    m_answers.reset();
    return false;
}

bool SyncLedger::commitAnswers(QString *error)
{
    if (!m_answers)
        return true;
    const bool ok = m_answers->commit(error);
    m_answers.reset(); // rolled back when the commit failed
    return ok;
}

void SyncLedger::rollbackAnswers()
{
    m_answers.reset();
}

bool SyncLedger::due(const QDateTime &now, int limit, QList<Item> *items, QString *error) const
{
    items->clear();
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    for (const Kind kind : AllKinds) {
        if (items->size() >= limit)
            break;
        // The rows not sent, through the index of unsynced activities; those tried wait for their time, those refused
        // for good or in conflict for an edit or retryBlocked().
        if (!q.prepare(QStringLiteral(
                "SELECT t.id, t.sync_change, e.changement, e.tentatives, e.prochain, e.tente, "
                "e.erreur, t.server_version FROM %1 t LEFT JOIN sync_envoi e ON e.genre = ? AND e.id = t.id "
                "WHERE t.sync_state <> 2 AND t.sync_state IN (0, 1, 4) AND (e.id IS NULL OR (e.bloque = 0 AND "
                "(e.prochain = '' OR e.prochain <= ?))) LIMIT ?")
                           .arg(QLatin1String(tableOf(kind))))) {
            *error = m_store.describe(q.lastError());
            return false;
        }
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
            item.serverVersion = q.value(7).toString();
            // The attempts count for the change they tried (an edit drops the record: see Migrations, version 7).
            if (!q.value(2).isNull() && q.value(2).toLongLong() == item.change) {
                item.attempts = q.value(3).toInt();
                item.next = timeOf(q.value(4).toString());
                item.attempted = timeOf(q.value(5).toString());
                item.error = q.value(6).toString();
            }
            items->append(item);
        }
    }
    return true;
}

std::optional<SyncLedger::Item> SyncLedger::item(Kind kind, const QUuid &id) const
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT t.sync_change, t.sync_state, e.tentatives, e.prochain, e.tente, e.erreur, "
                             "e.bloque FROM %1 t LEFT JOIN sync_envoi e ON e.genre = ? AND e.id = t.id WHERE t.id = ?")
                  .arg(QLatin1String(tableOf(kind))));
    q.addBindValue(QLatin1String(kindName(kind)));
    q.addBindValue(idText(id));
    if (!q.exec() || !q.next() || q.value(1).toInt() == int(SyncState::Sent))
        return std::nullopt;
    Item item;
    item.kind = kind;
    item.id = id;
    item.change = q.value(0).toLongLong();
    item.attempts = q.value(2).toInt();
    item.next = timeOf(q.value(3).toString());
    item.attempted = timeOf(q.value(4).toString());
    item.error = q.value(5).toString();
    item.blocked = q.value(6).toInt() != 0 || q.value(1).toInt() == int(SyncState::Conflict);
    return item;
}

QList<SyncLedger::Item> SyncLedger::problems(int limit) const
{
    QList<Item> list;
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT genre, id, changement, tentatives, prochain, tente, erreur, bloque FROM sync_envoi "
                       "WHERE erreur <> '' ORDER BY bloque DESC, tente DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return list;
    while (q.next()) {
        Item item;
        for (const Kind kind : AllKinds) {
            if (q.value(0).toString() == QLatin1String(kindName(kind)))
                item.kind = kind;
        }
        item.id = QUuid::fromString(q.value(1).toString());
        item.change = q.value(2).toLongLong();
        item.attempts = q.value(3).toInt();
        item.next = timeOf(q.value(4).toString());
        item.attempted = timeOf(q.value(5).toString());
        item.error = q.value(6).toString();
        item.blocked = q.value(7).toInt() != 0;
        list << item;
    }
    return list;
}

QString SyncLedger::serverVersion(Kind kind, const QUuid &id) const
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT server_version FROM %1 WHERE id = ?").arg(QLatin1String(tableOf(kind))));
    q.addBindValue(idText(id));
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

qint64 SyncLedger::pendingCount() const
{
    QSqlQuery q(m_store.database());
    return q.exec(QStringLiteral("SELECT (SELECT count(*) FROM lieux WHERE sync_state <> 2) + (SELECT count(*) FROM "
                                 "beneficiaires WHERE sync_state <> 2) + (SELECT count(*) FROM activites WHERE "
                                 "sync_state <> 2)"))
            && q.next()
        ? q.value(0).toLongLong()
        : 0;
}

bool SyncLedger::markAttempted(const QList<Item> &items, const QDateTime &now,
    const std::function<QDateTime(const Item &)> &retryAt, QString *error)
{
    Store::WriteTransaction tx(m_store);
    if (!tx.begin(error))
        return false;
    QSqlQuery attempt(m_store.database());
    QSqlQuery row(m_store.database());
    if (!attempt.prepare(QStringLiteral(
            "INSERT INTO sync_envoi (genre, id, changement, tentatives, tente, prochain) VALUES (?, ?, ?, 1, ?, ?) "
            "ON CONFLICT (genre, id) DO UPDATE SET tentatives = CASE WHEN changement = excluded.changement THEN "
            "tentatives + 1 ELSE 1 END, changement = excluded.changement, tente = excluded.tente, prochain = "
            "excluded.prochain"))) {
        *error = m_store.describe(attempt.lastError());
        return false;
    }
    int preparedFor = -1; // the kind row is prepared for
    for (const Item &item : items) {
        // Shown as being sent, if still at the change read (never state 0 here: that is a local change's).
        if (preparedFor != int(item.kind)) {
            if (!row.prepare(QStringLiteral("UPDATE %1 SET sync_state = 1 WHERE id = ? AND sync_change = ?")
                                 .arg(QLatin1String(tableOf(item.kind))))) {
                *error = m_store.describe(row.lastError());
                return false;
            }
            preparedFor = int(item.kind);
        }
        row.addBindValue(idText(item.id));
        row.addBindValue(item.change);
        if (!row.exec()) {
            *error = m_store.describe(row.lastError());
            return false;
        }
        if (row.numRowsAffected() == 0)
            continue; // changed since it was read: its next send carries the new change
        attempt.addBindValue(QLatin1String(kindName(item.kind)));
        attempt.addBindValue(idText(item.id));
        attempt.addBindValue(item.change);
        attempt.addBindValue(timeText(now));
        attempt.addBindValue(timeText(retryAt(item)));
        if (!attempt.exec()) {
            *error = m_store.describe(attempt.lastError());
            return false;
        }
    }
    return tx.commit(error);
}

bool SyncLedger::markSent(const Item &item, const QString &version, QString *error)
{
    Scope tx(*this);
    if (!tx.begin(error))
        return false;
    QSqlQuery *last = nullptr;
    const auto run = [&](const QString &sql, const QVariantList &values) {
        QSqlQuery *q = prepared(sql, error);
        last = q;
        if (!q)
            return false;
        for (const QVariant &v : values)
            q->addBindValue(v);
        if (!q->exec()) {
            *error = m_store.describe(q->lastError());
            return false;
        }
        return true;
    };
    const QString table = QLatin1String(tableOf(item.kind));
    QVariantList values{version};
    if (item.kind == Kind::Activite)
        values << timeText(m_store.clock().nowUtc());
    values << idText(item.id) << item.change;
    if (!run(QStringLiteral("UPDATE %1 SET sync_state = 2, server_version = ?%2 WHERE id = ? AND sync_change = ?")
                 .arg(table, item.kind == Kind::Activite ? QStringLiteral(", synced_at = ?") : QString()),
            values))
        return false;
    if (last->numRowsAffected() > 0) {
        if (!run(QStringLiteral("DELETE FROM sync_envoi WHERE genre = ? AND id = ?"),
                {QLatin1String(kindName(item.kind)), idText(item.id)}))
            return false;
    } else if (!run(QStringLiteral("UPDATE %1 SET server_version = ? WHERE id = ?").arg(table),
                   {version, idText(item.id)})) {
        // Changed here since it was sent: still to send, on top of the version the server now has.
        return false;
    }
    return tx.commit(error);
}

QSqlQuery *SyncLedger::prepared(const QString &sql, QString *error)
{
    std::unique_ptr<QSqlQuery> &q = m_prepared[sql];
    if (!q) {
        q = std::make_unique<QSqlQuery>(m_store.database());
        if (!q->prepare(sql)) {
            *error = m_store.describe(q->lastError());
            q.reset();
            return nullptr;
        }
    }
    return q.get();
}

bool SyncLedger::forgetServerVersion(const Item &item, QString *error)
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("UPDATE %1 SET server_version = '' WHERE id = ? AND sync_change = ?")
                  .arg(QLatin1String(tableOf(item.kind))));
    q.addBindValue(idText(item.id));
    q.addBindValue(item.change);
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    return true;
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
    Scope tx(*this);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("UPDATE %1 SET sync_state = 4 WHERE id = ? AND sync_change = ?")
                  .arg(QLatin1String(tableOf(item.kind))));
    q.addBindValue(idText(item.id));
    q.addBindValue(item.change);
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    if (q.numRowsAffected() > 0) {
        q.prepare(
            QStringLiteral("INSERT INTO sync_envoi (genre, id, changement, erreur, bloque) VALUES (?, ?, ?, ?, 1) "
                           "ON CONFLICT (genre, id) DO UPDATE SET changement = excluded.changement, erreur = "
                           "excluded.erreur, prochain = '', bloque = 1"));
        q.addBindValue(QLatin1String(kindName(item.kind)));
        q.addBindValue(idText(item.id));
        q.addBindValue(item.change);
        q.addBindValue(message);
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
    Scope tx(*this);
    return tx.begin(error) && recordConflict(item.kind, item.id, item.change, version, serverCopy, now, error)
        && tx.commit(error);
}

bool SyncLedger::retryBlocked(QString *error)
{
    QSqlQuery q(m_store.database());
    if (!q.exec(QStringLiteral("UPDATE sync_envoi SET bloque = 0, tentatives = 0, prochain = '' WHERE bloque = 1"))) {
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
    q.addBindValue(cursor.isNull() ? QStringLiteral("") : cursor); // NOT NULL: a null QString binds NULL
    q.addBindValue(timeText(now));
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    return true;
}
