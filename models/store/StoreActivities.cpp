// Store: the activities (see Store.h).
#include "models/store/Store.h"

#include "models/domain/Validator.h"
#include "models/store/BulkWriter.h"
#include "models/store/StoreRows.h"
#include "models/store/WriteTransaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace StoreRows;

bool Store::checkReferences(const Activity &a, QString *error) const
{
    QSqlQuery q(database());
    if (!a.lieuId.isNull()) {
        q.prepare(QStringLiteral("SELECT 1 FROM lieux WHERE id = ?"));
        q.addBindValue(a.lieuId.toString(QUuid::WithoutBraces));
        if (!q.exec() || !q.next()) {
            *error = tr("Le lieu d'activité choisi n'existe pas (ou plus) dans vos lieux.");
            return false;
        }
    }
    QList<QUuid> people = a.participants;
    if (!a.beneficiaireId.isNull())
        people.append(a.beneficiaireId);
    q.prepare(QStringLiteral("SELECT 1 FROM beneficiaires WHERE id = ?"));
    for (const QUuid &id : people) {
        q.addBindValue(id.toString(QUuid::WithoutBraces));
        if (!q.exec() || !q.next()) {
            *error = tr("Un bénéficiaire de cette activité n'existe pas (ou plus) dans vos bénéficiaires.");
            return false;
        }
    }
    return true;
}

bool Store::writeActivity(
    QSqlQuery &row, QSqlQuery &participants, QSqlQuery *clearParticipants, const Activity &a, QString *error)
{
    const QString id = a.id.toString(QUuid::WithoutBraces);
    const QVariantList values = activityRow(a);
    for (int c = 0; c < CColumnCount; ++c)
        row.bindValue(c, values.at(c));
    if (!row.exec()) {
        *error = describe(row.lastError());
        return false;
    }
    if (clearParticipants) {
        clearParticipants->bindValue(0, id);
        if (!clearParticipants->exec()) {
            *error = describe(clearParticipants->lastError());
            return false;
        }
    }
    for (int i = 0; i < a.participants.size(); ++i) {
        participants.bindValue(0, id);
        participants.bindValue(1, a.participants.at(i).toString(QUuid::WithoutBraces));
        participants.bindValue(2, i);
        if (!participants.exec()) {
            *error = describe(participants.lastError());
            return false;
        }
    }
    return true;
}

bool Store::saveActivity(Activity &activity, QString *error)
{
    if (activity.id.isNull())
        activity.id = QUuid::createUuid();
    if (!StoreRows::valid(Validator::validate(activity, m_clock.today()), error))
        return false;
    if (!checkReferences(activity, error))
        return false;

    Activity stored = activity;
    dropZeroCounters(stored.participantsAnonymes.genre);
    dropZeroCounters(stored.participantsAnonymes.trancheAge);
    dropZeroCounters(stored.participantsAnonymes.statutSocial);
    const QDateTime now = m_clock.nowUtc();
    stored.syncState = SyncState::Pending;

    WriteTransaction tx(*this);
    if (!tx.begin(error))
        return false;
    // Read the creation time inside the write transaction: no other connection can change the row in between.
    QSqlQuery existing(database());
    if (!prepare(existing, QStringLiteral("SELECT creation FROM activites WHERE id = ?"), error))
        return false;
    existing.addBindValue(stored.id.toString(QUuid::WithoutBraces));
    if (!existing.exec()) {
        *error = describe(existing.lastError());
        return false;
    }
    stored.creation = existing.next() ? parseTimestamp(existing.value(0)) : now;
    existing.finish();
    stored.modification = std::max(now, stored.creation); // a clock set back never makes a change older than creation

    QSqlQuery upsert(database());
    QSqlQuery participants(database());
    QSqlQuery clear(database());
    if (!prepare(upsert, upsertActivitySql(), error) || !prepare(participants, QLatin1String(kInsertParticipant), error)
        || !prepare(clear, QStringLiteral("DELETE FROM activite_participants WHERE activite_id = ?"), error)
        || !writeActivity(upsert, participants, &clear, stored, error) || !tx.commit(error))
        return false;
    activity = stored;
    return true;
}

bool Store::insertActivities(QList<Activity> &batch, bool validate, QString *error)
{
    BulkWriter writer(*this);
    BulkWriter::Options options;
    options.validate = validate;
    options.batchSize = std::max<int>(1, static_cast<int>(batch.size()));
    return writer.begin(error) && writer.insertActivities(batch, options, nullptr, error) && writer.commit(error);
}

QDate Store::firstActivityDate() const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT date FROM activites WHERE suppression IS NULL ORDER BY date LIMIT 1"))
        || !q.next())
        return QDate();
    return QDate::fromString(q.value(0).toString(), Qt::ISODate);
}

std::optional<Activity> Store::activity(const QUuid &id) const
{
    QSqlQuery q(database());
    q.prepare(selectActivitySql() + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id.toString(QUuid::WithoutBraces));
    if (!q.exec() || !q.next())
        return std::nullopt;
    Activity a = readActivity(q);
    q.prepare(
        QStringLiteral("SELECT beneficiaire_id FROM activite_participants WHERE activite_id = ? ORDER BY position"));
    q.addBindValue(id.toString(QUuid::WithoutBraces));
    if (q.exec()) {
        while (q.next())
            a.participants.append(QUuid::fromString(q.value(0).toString()));
    }
    return a;
}

QHash<QUuid, Activity> Store::activities(const QList<QUuid> &ids) const
{
    QHash<QUuid, Activity> out;
    if (ids.isEmpty())
        return out;
    QJsonArray list;
    for (const QUuid &id : ids)
        list.append(id.toString(QUuid::WithoutBraces));
    const QString json = QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(selectActivitySql() + QStringLiteral(" WHERE id IN (SELECT value FROM json_each(?))"));
    q.addBindValue(json);
    if (!q.exec())
        return out;
    while (q.next()) {
        Activity a = readActivity(q);
        out.insert(a.id, a);
    }
    q.prepare(QStringLiteral("SELECT activite_id, beneficiaire_id FROM activite_participants WHERE activite_id IN "
                             "(SELECT value FROM json_each(?)) ORDER BY activite_id, position"));
    q.addBindValue(json);
    if (q.exec()) {
        while (q.next()) {
            const auto found = out.find(QUuid::fromString(q.value(0).toString()));
            if (found != out.end())
                found->participants.append(QUuid::fromString(q.value(1).toString()));
        }
    }
    return out;
}

bool Store::forEachActivity(const std::function<bool(const Activity &)> &visit, QString *error) const
{
    QHash<QString, QList<QUuid>> participants;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT activite_id, beneficiaire_id FROM activite_participants "
                               "ORDER BY activite_id, position"))) {
        *error = describe(q.lastError());
        return false;
    }
    while (q.next())
        participants[q.value(0).toString()].append(QUuid::fromString(q.value(1).toString()));
    if (!q.exec(selectActivitySql() + QStringLiteral(" ORDER BY date, id"))) {
        *error = describe(q.lastError());
        return false;
    }
    while (q.next()) {
        Activity a = readActivity(q);
        a.participants = participants.value(q.value(CId).toString());
        if (!visit(a))
            break;
    }
    return true;
}

bool Store::setDeleted(const QUuid &id, bool deleted, QString *error)
{
    WriteTransaction tx(*this);
    QSqlQuery q(database());
    if (!tx.begin(error))
        return false;
    q.prepare(QStringLiteral("UPDATE activites SET suppression = ?, modification = ?, sync_state = 0 WHERE id = ?"));
    const QDateTime now = m_clock.nowUtc();
    q.addBindValue(deleted ? timestamp(now) : QVariant());
    q.addBindValue(timestamp(now));
    q.addBindValue(id.toString(QUuid::WithoutBraces));
    if (!q.exec()) {
        *error = describe(q.lastError());
        return false;
    }
    if (q.numRowsAffected() != 1) {
        *error = tr("Cette activité n'existe pas.");
        return false;
    }
    return tx.commit(error);
}

bool Store::deleteActivity(const QUuid &id, QString *error)
{
    return setDeleted(id, true, error);
}

bool Store::restoreActivity(const QUuid &id, QString *error)
{
    return setDeleted(id, false, error);
}
