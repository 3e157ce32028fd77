// SyncLedger: the pull's writes (see SyncLedger.h).
#include "models/store/SyncLedger.h"

#include "models/store/BulkWriter.h"
#include "models/store/StoreRows.h"
#include "models/store/WriteTransaction.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

using namespace StoreRows;

namespace {
constexpr int kIdsPerStatement = 500;

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

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

enum class Action { Write, Keep, Conflict };
} // namespace

// What a record of the server at `version` does to the local row (see SyncLedger.h); `same` tells whether both sides
// say the same.
template <typename Same>
static Action decideFor(const SyncLedger::LocalState *local, qint64 version, bool accepting, Same same)
{
    if (accepting) // a resolution: only the row in conflict, with the copy kept beside it
        return local && local->state == int(SyncState::Conflict) && version == local->conflictVersion ? Action::Write
                                                                                                      : Action::Keep;
    if (!local)
        return Action::Write;
    if (local->state == int(SyncState::Sent))
        return version > local->version ? Action::Write : Action::Keep;
    if (version <= local->version)
        return Action::Keep; // what this base is on (or sent, read back): its own change still to send
    if (local->state == int(SyncState::Conflict) && version <= local->conflictVersion)
        return Action::Keep; // the copy already kept beside it
    return same() ? Action::Write : Action::Conflict;
}

bool SyncLedger::localStates(Kind kind, const QList<QUuid> &ids, QHash<QUuid, LocalState> *states, QString *error) const
{
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    for (qsizetype from = 0; from < ids.size(); from += kIdsPerStatement) {
        const qsizetype n = std::min<qsizetype>(kIdsPerStatement, ids.size() - from);
        QStringList marks;
        for (qsizetype i = 0; i < n; ++i)
            marks << QStringLiteral("?");
        if (!q.prepare(QStringLiteral("SELECT t.id, t.sync_state, t.server_version, t.sync_change, c.version FROM %1 t "
                                      "LEFT JOIN sync_conflits c ON c.genre = ? AND c.id = t.id WHERE t.id IN (%2)")
                           .arg(QLatin1String(tableOf(kind)), marks.join(QLatin1Char(','))))) {
            *error = m_store.describe(q.lastError());
            return false;
        }
        q.addBindValue(QLatin1String(kindName(kind)));
        for (qsizetype i = 0; i < n; ++i)
            q.addBindValue(idText(ids.at(from + i)));
        if (!q.exec()) {
            *error = m_store.describe(q.lastError());
            return false;
        }
        while (q.next()) {
            LocalState s;
            s.state = q.value(1).toInt();
            s.version = q.value(2).toLongLong();
            s.change = q.value(3).toLongLong();
            s.conflictVersion = q.value(4).toLongLong();
            states->insert(QUuid::fromString(q.value(0).toString()), s);
        }
    }
    return true;
}

bool SyncLedger::recordConflict(Kind kind, const QUuid &id, qint64 change, const QString &version,
    const QByteArray &serverCopy, const QDateTime &now, QString *error)
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("INSERT INTO sync_conflits (genre, id, version, serveur, detecte) VALUES (?, ?, ?, ?, ?) "
                             "ON CONFLICT (genre, id) DO UPDATE SET version = excluded.version, serveur = "
                             "excluded.serveur, detecte = excluded.detecte"));
    q.addBindValue(QLatin1String(kindName(kind)));
    q.addBindValue(idText(id));
    q.addBindValue(version);
    q.addBindValue(QString::fromUtf8(serverCopy));
    q.addBindValue(now.toUTC().toString(Qt::ISODateWithMs));
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    q.prepare(QStringLiteral("UPDATE %1 SET sync_state = 3 WHERE id = ? AND sync_change = ?")
                  .arg(QLatin1String(tableOf(kind))));
    q.addBindValue(idText(id));
    q.addBindValue(change);
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    return true;
}

bool SyncLedger::forgetRecords(Kind kind, const QUuid &id, QString *error)
{
    QSqlQuery q(m_store.database());
    for (const char *table : {"sync_envoi", "sync_conflits"}) {
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE genre = ? AND id = ?").arg(QLatin1String(table)));
        q.addBindValue(QLatin1String(kindName(kind)));
        q.addBindValue(idText(id));
        if (!q.exec()) {
            *error = m_store.describe(q.lastError());
            return false;
        }
    }
    return true;
}

namespace {
// The rows of one page, by what they do, for a kind whose records are read and written by the caller.
template <typename T> struct Sorted
{
    QList<const SyncLedger::Remote<T> *> write;
    QList<const SyncLedger::Remote<T> *> conflict;
};
} // namespace

template <typename T, typename Local>
static bool sortPage(const QList<SyncLedger::Remote<T>> &rows, const QHash<QUuid, SyncLedger::LocalState> &states,
    Local local, Sorted<T> *sorted, SyncLedger::PullCounts *counts, bool sameDeletion(const T &, const T &),
    bool accepting)
{
    for (const SyncLedger::Remote<T> &row : rows) {
        const auto found = states.constFind(row.record.id);
        const SyncLedger::LocalState *state = found == states.constEnd() ? nullptr : &found.value();
        const Action action = decideFor(state, row.version, accepting, [&] {
            const std::optional<T> mine = local(row.record.id);
            return mine && mine->sameContent(row.record) && sameDeletion(*mine, row.record);
        });
        if (action == Action::Write)
            sorted->write << &row;
        else if (action == Action::Conflict)
            sorted->conflict << &row;
        else if (counts)
            ++counts->unchanged;
    }
    return true;
}

bool SyncLedger::applyPlaces(
    const QList<Remote<Place>> &rows, const QString &cursor, const QDateTime &now, PullCounts *counts, QString *error)
{
    Store::WriteTransaction tx(m_store);
    if (!tx.begin(error))
        return false;
    QList<QUuid> ids;
    for (const Remote<Place> &row : rows)
        ids << row.record.id;
    QHash<QUuid, LocalState> states;
    Sorted<Place> sorted;
    if (!localStates(Kind::Lieu, ids, &states, error)
        || !sortPage<Place>(
            rows, states, [this](const QUuid &id) { return m_store.place(id); }, &sorted, counts,
            [](const Place &, const Place &) { return true; }, m_accepting))
        return false;
    QSqlQuery q(m_store.database());
    if (!q.prepare(QStringLiteral("INSERT INTO lieux (id, nom, adresse, code_insee, code_postal, commune, archive, "
                                  "creation, modification, sync_state, server_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                  "?, 2, ?) ON CONFLICT (id) DO UPDATE SET nom = excluded.nom, adresse = "
                                  "excluded.adresse, code_insee = excluded.code_insee, code_postal = "
                                  "excluded.code_postal, commune = excluded.commune, archive = excluded.archive, "
                                  "creation = excluded.creation, modification = excluded.modification, sync_state = 2, "
                                  "server_version = excluded.server_version"))) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    for (const Remote<Place> *row : std::as_const(sorted.write)) {
        const Place &p = row->record;
        const QVariantList values{idText(p.id), text(p.nom.trimmed()), text(p.adresse), text(p.commune.codeInsee),
            text(p.commune.codePostal), text(p.commune.nom), p.archive ? 1 : 0, timestamp(p.creation),
            timestamp(p.modification), QString::number(row->version)};
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values.at(i));
        if (!q.exec()) {
            *error = tr("Lieu « %1 » reçu du serveur : %2").arg(p.nom, m_store.describe(q.lastError()));
            return false;
        }
        if (states.contains(p.id) && states.value(p.id).state != int(SyncState::Sent)
            && !forgetRecords(Kind::Lieu, p.id, error))
            return false;
    }
    for (const Remote<Place> *row : std::as_const(sorted.conflict)) {
        if (!recordConflict(Kind::Lieu, row->record.id, states.value(row->record.id).change,
                QString::number(row->version), QJsonDocument(row->resource).toJson(QJsonDocument::Compact), now, error))
            return false;
    }
    if (counts) {
        counts->written += int(sorted.write.size());
        counts->conflicts += int(sorted.conflict.size());
    }
    return (m_accepting || setCursor(Kind::Lieu, cursor, now, error)) && tx.commit(error);
}

bool SyncLedger::applyBeneficiaries(const QList<Remote<Beneficiary>> &rows, const QString &cursor, const QDateTime &now,
    PullCounts *counts, QString *error)
{
    Store::WriteTransaction tx(m_store);
    if (!tx.begin(error))
        return false;
    QList<QUuid> ids;
    for (const Remote<Beneficiary> &row : rows)
        ids << row.record.id;
    QHash<QUuid, LocalState> states;
    Sorted<Beneficiary> sorted;
    if (!localStates(Kind::Beneficiaire, ids, &states, error)
        || !sortPage<Beneficiary>(
            rows, states, [this](const QUuid &id) { return m_store.beneficiary(id); }, &sorted, counts,
            [](const Beneficiary &a, const Beneficiary &b) { return a.isDeleted() == b.isDeleted(); }, m_accepting))
        return false;
    QSqlQuery q(m_store.database());
    if (!q.prepare(QStringLiteral(
            "INSERT INTO beneficiaires (id, prenom, nom, telephone, email, annee_naissance, genre, tranche_age, "
            "statut_social, code_insee, code_postal, commune, notes, creation, modification, suppression, sync_state, "
            "server_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2, ?) ON CONFLICT (id) DO UPDATE "
            "SET prenom = excluded.prenom, nom = excluded.nom, telephone = excluded.telephone, email = excluded.email, "
            "annee_naissance = excluded.annee_naissance, genre = excluded.genre, tranche_age = excluded.tranche_age, "
            "statut_social = excluded.statut_social, code_insee = excluded.code_insee, code_postal = "
            "excluded.code_postal, commune = excluded.commune, notes = excluded.notes, creation = excluded.creation, "
            "modification = excluded.modification, suppression = excluded.suppression, sync_state = 2, "
            "server_version = excluded.server_version"))) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    for (const Remote<Beneficiary> *row : std::as_const(sorted.write)) {
        const Beneficiary &b = row->record;
        const QVariantList values{idText(b.id), text(b.prenom), text(b.nom), text(b.telephone), text(b.email),
            b.anneeNaissance, text(b.genre), text(b.trancheAge), text(b.statutSocial),
            text(b.communeResidence.codeInsee), text(b.communeResidence.codePostal), text(b.communeResidence.nom),
            text(b.notes), timestamp(b.creation), timestamp(b.modification), timestamp(b.suppression),
            QString::number(row->version)};
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values.at(i));
        if (!q.exec()) {
            *error
                = tr("Bénéficiaire « %1 » reçu du serveur : %2")
                      .arg(b.displayName().isEmpty() ? idText(b.id) : b.displayName(), m_store.describe(q.lastError()));
            return false;
        }
        if (states.contains(b.id) && states.value(b.id).state != int(SyncState::Sent)
            && !forgetRecords(Kind::Beneficiaire, b.id, error))
            return false;
    }
    for (const Remote<Beneficiary> *row : std::as_const(sorted.conflict)) {
        if (!recordConflict(Kind::Beneficiaire, row->record.id, states.value(row->record.id).change,
                QString::number(row->version), QJsonDocument(row->resource).toJson(QJsonDocument::Compact), now, error))
            return false;
    }
    if (counts) {
        counts->written += int(sorted.write.size());
        counts->conflicts += int(sorted.conflict.size());
    }
    return (m_accepting || setCursor(Kind::Beneficiaire, cursor, now, error)) && tx.commit(error);
}

SyncLedger::References SyncLedger::missingReferences(const QList<Remote<Activity>> &rows) const
{
    QSet<QUuid> places;
    QSet<QUuid> people;
    for (const Remote<Activity> &row : rows) {
        if (!row.record.lieuId.isNull())
            places.insert(row.record.lieuId);
        if (!row.record.beneficiaireId.isNull())
            people.insert(row.record.beneficiaireId);
        for (const QUuid &p : row.record.participants)
            people.insert(p);
    }
    References missing;
    QSqlQuery q(m_store.database());
    const auto absent = [&](const char *table, const QSet<QUuid> &ids, QSet<QUuid> *out) {
        q.prepare(QStringLiteral("SELECT 1 FROM %1 WHERE id = ?").arg(QLatin1String(table)));
        for (const QUuid &id : ids) {
            q.addBindValue(idText(id));
            if (!q.exec() || !q.next())
                out->insert(id);
        }
    };
    absent("lieux", places, &missing.places);
    absent("beneficiaires", people, &missing.people);
    return missing;
}

bool SyncLedger::applyActivities(const QList<Remote<Activity>> &rows, const QString &cursor, const QDateTime &now,
    PullCounts *counts, QString *error)
{
    // The bulk path for the new ones (most of a first pull); the others row by row, in the same transaction.
    BulkWriter writer(m_store);
    if (!writer.begin(error))
        return false;
    if (const References missing = missingReferences(rows); !missing.isEmpty()) {
        const qsizetype n = missing.places.size() + missing.people.size();
        *error = tr("Des activités reçues du serveur nomment %1 absents de cette base : rien de ces activités n'a été "
                    "enregistré.")
                     .arg(n == 1 ? tr("un lieu ou bénéficiaire") : tr("%1 lieux ou bénéficiaires").arg(n));
        return false;
    }
    QList<QUuid> ids;
    for (const Remote<Activity> &row : rows)
        ids << row.record.id;
    QHash<QUuid, LocalState> states;
    Sorted<Activity> sorted;
    if (!localStates(Kind::Activite, ids, &states, error)
        || !sortPage<Activity>(
            rows, states, [this](const QUuid &id) { return m_store.activity(id); }, &sorted, counts,
            [](const Activity &a, const Activity &b) { return a.isDeleted() == b.isDeleted(); }, m_accepting))
        return false;

    // An import key another activity of this base holds (the same file imported on two computers, rows without an
    // id of their own): the server's copy is kept without it, the key staying with the one imported here.
    QSqlQuery keyHolder(m_store.database());
    keyHolder.prepare(QStringLiteral("SELECT id FROM activites WHERE cle_import = ? AND id <> ?"));
    const auto withoutTakenKey = [&](Activity a) {
        if (!a.importKey.isEmpty()) {
            keyHolder.addBindValue(a.importKey);
            keyHolder.addBindValue(idText(a.id));
            if (keyHolder.exec() && keyHolder.next())
                a.importKey.clear();
            keyHolder.finish();
        }
        return a;
    };

    QList<Activity> inserts;
    QSqlQuery upsert(m_store.database());
    QSqlQuery participants(m_store.database());
    QSqlQuery clear(m_store.database());
    bool prepared = false;
    for (const Remote<Activity> *row : std::as_const(sorted.write)) {
        Activity a = withoutTakenKey(row->record);
        a.syncState = SyncState::Sent;
        a.serverVersion = QString::number(row->version);
        const auto found = states.constFind(a.id);
        if (found == states.constEnd()) {
            inserts << a;
            continue;
        }
        if (!prepared) {
            if (!upsert.prepare(remoteUpsertActivitySql()) || !participants.prepare(QLatin1String(kInsertParticipant))
                || !clear.prepare(QStringLiteral("DELETE FROM activite_participants WHERE activite_id = ?"))) {
                *error = m_store.describe(upsert.lastError());
                return false;
            }
            prepared = true;
        }
        if (!m_store.writeActivity(upsert, participants, &clear, a, error))
            return false;
        if (found->state != int(SyncState::Sent) && !forgetRecords(Kind::Activite, a.id, error))
            return false;
    }
    if (!inserts.isEmpty()) {
        BulkWriter::Options options;
        options.validate = false; // the server checked Carnet's rules; the wire checked every value's type
        options.batchSize = std::max<int>(1, int(inserts.size()));
        if (!writer.insertActivities(inserts, options, nullptr, error))
            return false;
    }
    for (const Remote<Activity> *row : std::as_const(sorted.conflict)) {
        if (!recordConflict(Kind::Activite, row->record.id, states.value(row->record.id).change,
                QString::number(row->version), QJsonDocument(row->resource).toJson(QJsonDocument::Compact), now, error))
            return false;
    }
    if (counts) {
        counts->written += int(sorted.write.size());
        counts->conflicts += int(sorted.conflict.size());
    }
    return (m_accepting || setCursor(Kind::Activite, cursor, now, error)) && writer.commit(error);
}

namespace {
// Sets a flag for the length of a scope.
struct Raised
{
    explicit Raised(bool &flag)
        : m_flag(flag)
    {
        m_flag = true;
    }
    ~Raised() { m_flag = false; }
    bool &m_flag;
};
} // namespace

bool SyncLedger::acceptServerCopy(const Remote<Place> &row, const QDateTime &now, bool *written, QString *error)
{
    const Raised accepting(m_accepting);
    PullCounts counts;
    const bool ok = applyPlaces({row}, {}, now, &counts, error);
    *written = ok && counts.written == 1;
    return ok;
}

bool SyncLedger::acceptServerCopy(const Remote<Beneficiary> &row, const QDateTime &now, bool *written, QString *error)
{
    const Raised accepting(m_accepting);
    PullCounts counts;
    const bool ok = applyBeneficiaries({row}, {}, now, &counts, error);
    *written = ok && counts.written == 1;
    return ok;
}

bool SyncLedger::acceptServerCopy(const Remote<Activity> &row, const QDateTime &now, bool *written, QString *error)
{
    const Raised accepting(m_accepting);
    PullCounts counts;
    const bool ok = applyActivities({row}, {}, now, &counts, error);
    *written = ok && counts.written == 1;
    return ok;
}

qint64 SyncLedger::conflictVersion(Kind kind, const QUuid &id) const
{
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT version FROM sync_conflits WHERE genre = ? AND id = ?"));
    q.addBindValue(QLatin1String(kindName(kind)));
    q.addBindValue(idText(id));
    return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

bool SyncLedger::keepLocal(Kind kind, const QUuid &id, qint64 expected, QString *error)
{
    Store::WriteTransaction tx(m_store);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT version FROM sync_conflits WHERE genre = ? AND id = ?"));
    q.addBindValue(QLatin1String(kindName(kind)));
    q.addBindValue(idText(id));
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    if (!q.next()) {
        *error = tr("Ce conflit a déjà été résolu.");
        return false;
    }
    const QString version = q.value(0).toString();
    q.finish();
    if (version.toLongLong() != expected) {
        *error = tr("Une autre version est arrivée du serveur pendant que ce conflit était ouvert : rouvrez-le pour "
                    "la voir.");
        return false;
    }
    // State 0: the change trigger counts a new local change and drops the attempts (due at once).
    q.prepare(QStringLiteral("UPDATE %1 SET sync_state = 0, server_version = ? WHERE id = ?")
                  .arg(QLatin1String(tableOf(kind))));
    q.addBindValue(version);
    q.addBindValue(idText(id));
    if (!q.exec()) {
        *error = m_store.describe(q.lastError());
        return false;
    }
    return forgetRecords(kind, id, error) && tx.commit(error);
}
