// Store: the places of activity (see Store.h).
#include "models/store/Store.h"

#include "models/domain/Validator.h"
#include "models/store/StoreRows.h"
#include "models/store/WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace StoreRows;

bool Store::savePlace(Place &p, QString *error)
{
    if (p.id.isNull())
        p.id = QUuid::createUuid();
    if (!StoreRows::valid(Validator::validate(p), error))
        return false;
    WriteTransaction tx(*this);
    QSqlQuery q(database());
    if (!tx.begin(error)
        || !prepare(q,
            QStringLiteral("INSERT INTO lieux (id, nom, adresse, code_insee, code_postal, commune, archive, "
                           "creation, modification) VALUES (:id, :nom, :adresse, :insee, :cp, :commune, "
                           ":archive, :now, :now) ON CONFLICT (id) DO UPDATE SET nom = excluded.nom, "
                           "adresse = excluded.adresse, code_insee = excluded.code_insee, "
                           "code_postal = excluded.code_postal, commune = excluded.commune, "
                           "archive = excluded.archive, modification = excluded.modification, sync_state = 0"),
            error))
        return false;
    q.bindValue(QStringLiteral(":id"), p.id.toString(QUuid::WithoutBraces));
    q.bindValue(QStringLiteral(":nom"), text(p.nom.trimmed()));
    q.bindValue(QStringLiteral(":adresse"), text(p.adresse));
    q.bindValue(QStringLiteral(":insee"), text(p.commune.codeInsee));
    q.bindValue(QStringLiteral(":cp"), text(p.commune.codePostal));
    q.bindValue(QStringLiteral(":commune"), text(p.commune.nom));
    q.bindValue(QStringLiteral(":archive"), p.archive ? 1 : 0);
    q.bindValue(QStringLiteral(":now"), timestamp(m_clock.nowUtc()));
    if (!q.exec()) {
        *error = describe(q.lastError());
        return false;
    }
    if (!tx.commit(error))
        return false;
    if (const auto saved = place(p.id))
        p = *saved;
    return true;
}

std::optional<Place> Store::place(const QUuid &id) const
{
    QSqlQuery q(database());
    q.prepare(QString::fromLatin1(kSelectPlace) + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id.toString(QUuid::WithoutBraces));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readPlace(q);
}

QList<Place> Store::places(bool includeArchived) const
{
    QList<Place> result;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.exec(QString::fromLatin1(kSelectPlace) + (includeArchived ? QString() : QStringLiteral(" WHERE archive = 0"))
        + QStringLiteral(" ORDER BY nom COLLATE NOCASE"));
    while (q.next())
        result.append(readPlace(q));
    return result;
}

bool Store::archivePlace(const QUuid &id, bool archived, QString *error)
{
    WriteTransaction tx(*this);
    QSqlQuery q(database());
    if (!tx.begin(error)
        || !prepare(
            q, QStringLiteral("UPDATE lieux SET archive = ?, modification = max(creation, ?), sync_state = 0 WHERE id = ?"), error))
        return false;
    q.addBindValue(archived ? 1 : 0);
    q.addBindValue(timestamp(m_clock.nowUtc()));
    q.addBindValue(id.toString(QUuid::WithoutBraces));
    if (!exec(q, error))
        return false;
    if (q.numRowsAffected() != 1) {
        *error = tr("Ce lieu n'existe pas.");
        return false;
    }
    return tx.commit(error);
}

int Store::activityCountForPlace(const QUuid &id) const
{
    QSqlQuery q(database());
    q.prepare(QStringLiteral("SELECT count(*) FROM activites WHERE lieu_id = ? AND suppression IS NULL"));
    q.addBindValue(id.toString(QUuid::WithoutBraces));
    return q.exec() && q.next() ? q.value(0).toInt() : 0;
}

QHash<QUuid, int> Store::activityCountsByPlace() const
{
    QHash<QUuid, int> result;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT lieu_id, count(*) FROM activites WHERE lieu_id IS NOT NULL "
                               "AND suppression IS NULL GROUP BY lieu_id")))
        return result;
    while (q.next())
        result.insert(QUuid::fromString(q.value(0).toString()), q.value(1).toInt());
    return result;
}
