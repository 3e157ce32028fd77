#include "models/store/BulkWriter.h"

#include "models/domain/Validator.h"
#include "models/store/Connection.h"
#include "models/store/StatsCopySchema.h"
#include "models/store/StoreRows.h"
#include "models/store/WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>

#include <limits>

using namespace StoreRows;

namespace {

// A new row's rowid is one more than the largest one (the table has no AUTOINCREMENT), so the batch is the rows above
// the largest rowid before it; only when that reaches the end of the range would SQLite pick rowids at random. Below
// this limit the set-wise path holds; above it (never reached by Carnet's own inserts) the triggers stay in place.
constexpr qint64 kRowidLimit = std::numeric_limits<qint64>::max() / 2;

QString activityName(const Activity &a)
{
    return QCoreApplication::translate("BulkWriter", "Activité du %1 (%2)")
        .arg(a.date.toString(QStringLiteral("dd/MM/yyyy")), a.id.toString(QUuid::WithoutBraces));
}

} // namespace

// The prepared statements of a writer: through SQLite's C interface when the driver runs the SQLite Carnet links
// (Connection::handle), else through QSqlQuery.
class BulkWriter::Statements
{
public:
    explicit Statements(const QSqlDatabase &db)
        : m_db(db)
        , m_handle(Connection::handle(db))
        , m_queryInsert(db)
        , m_queryParticipant(db)
    {
    }
    ~Statements() { finalize(); }

    void finalize()
    {
        for (sqlite3_stmt *s : {m_insert, m_participant})
            sqlite3_finalize(s);
        m_insert = m_participant = nullptr;
    }

    bool prepare(bool skipExisting, QSqlError *error)
    {
        const QString insert
            = Store::activityInsertSql() + (skipExisting ? QStringLiteral(" ON CONFLICT DO NOTHING") : QString());
        if (m_prepared && skipExisting == m_skipExisting)
            return true;
        finalize();
        m_prepared = false;
        m_skipExisting = skipExisting;
        if (m_handle) {
            const QByteArray a = insert.toUtf8();
            const QByteArray p = Store::participantInsertSql().toUtf8();
            if (sqlite3_prepare_v3(m_handle, a.constData(), -1, SQLITE_PREPARE_PERSISTENT, &m_insert, nullptr)
                    != SQLITE_OK
                || sqlite3_prepare_v3(m_handle, p.constData(), -1, SQLITE_PREPARE_PERSISTENT, &m_participant, nullptr)
                    != SQLITE_OK) {
                *error = lastError();
                return false;
            }
        } else {
            m_queryInsert = QSqlQuery(m_db);
            m_queryParticipant = QSqlQuery(m_db);
            if (!m_queryInsert.prepare(insert)) {
                *error = m_queryInsert.lastError();
                return false;
            }
            if (!m_queryParticipant.prepare(Store::participantInsertSql())) {
                *error = m_queryParticipant.lastError();
                return false;
            }
        }
        m_prepared = true;
        return true;
    }

    // Inserts the row; *inserted is false when it was left out (ON CONFLICT DO NOTHING).
    bool insertActivity(const Activity &a, bool *inserted, QSqlError *error)
    {
        const QVariantList values = Store::activityRow(a);
        if (!m_handle) {
            for (int c = 0; c < CColumnCount; ++c)
                m_queryInsert.bindValue(c, values.at(c));
            if (!m_queryInsert.exec()) {
                *error = m_queryInsert.lastError();
                return false;
            }
            *inserted = m_queryInsert.numRowsAffected() == 1;
            return true;
        }
        for (int c = 0; c < CColumnCount; ++c)
            bind(m_insert, c + 1, values.at(c));
        const int rc = sqlite3_step(m_insert);
        sqlite3_reset(m_insert);
        if (rc != SQLITE_DONE) {
            *error = lastError();
            return false;
        }
        *inserted = sqlite3_changes(m_handle) == 1;
        return true;
    }

    bool insertParticipant(const QString &activity, const QUuid &person, int position, QSqlError *error)
    {
        const QString who = person.toString(QUuid::WithoutBraces);
        if (!m_handle) {
            m_queryParticipant.bindValue(0, activity);
            m_queryParticipant.bindValue(1, who);
            m_queryParticipant.bindValue(2, position);
            if (!m_queryParticipant.exec()) {
                *error = m_queryParticipant.lastError();
                return false;
            }
            return true;
        }
        sqlite3_bind_text16(m_participant, 1, activity.utf16(), static_cast<int>(activity.size() * 2), SQLITE_STATIC);
        sqlite3_bind_text16(m_participant, 2, who.utf16(), static_cast<int>(who.size() * 2), SQLITE_STATIC);
        sqlite3_bind_int(m_participant, 3, position);
        const int rc = sqlite3_step(m_participant);
        sqlite3_reset(m_participant);
        if (rc != SQLITE_DONE) {
            *error = lastError();
            return false;
        }
        return true;
    }

private:
    static void bind(sqlite3_stmt *s, int i, const QVariant &v)
    {
        switch (v.typeId()) {
        case QMetaType::Int:
        case QMetaType::LongLong:
            sqlite3_bind_int64(s, i, v.toLongLong());
            return;
        case QMetaType::QString: {
            if (v.isNull()) {
                sqlite3_bind_null(s, i);
                return;
            }
            // The QVariant holds its string until the step: SQLite reads it in place.
            const QString *text = static_cast<const QString *>(v.constData());
            sqlite3_bind_text16(s, i, text->utf16(), static_cast<int>(text->size() * 2), SQLITE_STATIC);
            return;
        }
        default:
            if (v.isNull())
                sqlite3_bind_null(s, i);
            else
                sqlite3_bind_int64(s, i, v.toLongLong());
        }
    }

    QSqlError lastError() const
    {
        const int code = sqlite3_extended_errcode(m_handle);
        return QSqlError(
            QString(), QString::fromUtf8(sqlite3_errmsg(m_handle)), QSqlError::StatementError, QString::number(code));
    }

    QSqlDatabase m_db;
    sqlite3 *m_handle = nullptr;
    QSqlQuery m_queryInsert;
    QSqlQuery m_queryParticipant;
    sqlite3_stmt *m_insert = nullptr;
    sqlite3_stmt *m_participant = nullptr;
    bool m_prepared = false;
    bool m_skipExisting = false;
};

BulkWriter::BulkWriter(Store &store)
    : m_store(store)
{
}

BulkWriter::~BulkWriter()
{
    rollback();
}

bool BulkWriter::isOpen() const
{
    return m_transaction != nullptr;
}

bool BulkWriter::begin(QString *error)
{
    if (m_transaction) {
        *error = tr("Écriture groupée déjà commencée.");
        return false;
    }
    auto transaction = std::make_unique<Store::WriteTransaction>(m_store);
    if (!transaction->begin(error))
        return false;
    m_transaction = std::move(transaction);
    m_statements = std::make_unique<Statements>(m_store.database());
    QSqlQuery q(m_store.database());
    if (q.exec(QStringLiteral("PRAGMA cache_size")) && q.next())
        m_formerCacheSize = q.value(0).toLongLong();
    q.exec(QStringLiteral("PRAGMA cache_size = -%1").arg(CacheKiB));
    return true;
}

void BulkWriter::rollback()
{
    m_statements.reset(); // finalized before the rollback, so that no statement of ours holds it
    const bool wasOpen = m_transaction != nullptr;
    m_transaction.reset();
    if (wasOpen && m_formerCacheSize != 0)
        QSqlQuery(m_store.database()).exec(QStringLiteral("PRAGMA cache_size = %1").arg(m_formerCacheSize));
    m_triggers.clear();
    m_triggersRead = false;
}

bool BulkWriter::fail(QString *error, const QString &message)
{
    *error = message;
    rollback();
    return false;
}

bool BulkWriter::commit(QString *error)
{
    if (!m_transaction) {
        *error = tr("Aucune écriture groupée en cours : rien n'a été enregistré.");
        return false;
    }
    m_statements.reset();
    const bool ok = m_transaction->commit(error);
    rollback(); // after a failed COMMIT, the transaction is rolled back
    return ok;
}

bool BulkWriter::exec(const QString &sql, QString *error)
{
    QSqlQuery q(m_store.database());
    if (!q.exec(sql))
        return fail(error, m_store.describe(q.lastError()));
    return true;
}

bool BulkWriter::setTriggersAside(QString *error)
{
    if (!m_triggersRead) {
        QSqlQuery q(m_store.database());
        const QStringList names = StatsCopySchema::bulkTriggers();
        if (!q.exec(QStringLiteral("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN ('%1')")
                        .arg(names.join(QLatin1String("', '")))))
            return fail(error, m_store.describe(q.lastError()));
        while (q.next())
            m_triggers.append({q.value(0).toString(), q.value(1).toString()});
        m_triggersRead = true;
    }
    for (const auto &trigger : std::as_const(m_triggers)) {
        if (!exec(QStringLiteral("DROP TRIGGER \"%1\"").arg(trigger.first), error))
            return false;
    }
    return true;
}

bool BulkWriter::restoreTriggers(QString *error)
{
    for (const auto &trigger : std::as_const(m_triggers)) {
        if (!exec(trigger.second, error))
            return false;
    }
    return true;
}

bool BulkWriter::insertActivities(QList<Activity> &activities, const Options &options, Result *result, QString *error)
{
    if (!m_transaction)
        return fail(error, tr("Aucune écriture groupée en cours : rien n'a été enregistré."));
    const QDateTime now = m_store.clock().nowUtc();
    const QDate today = m_store.clock().today();
    for (Activity &a : activities) {
        if (a.id.isNull())
            a.id = QUuid::createUuid();
        if (!a.creation.isValid())
            a.creation = now;
        if (!a.modification.isValid())
            a.modification = a.creation;
        if (a.source.isEmpty())
            a.source = QLatin1String(ActivitySource::Carnet);
        if (options.validate) {
            const ValidationErrors errors = Validator::validate(a, today);
            if (!errors.isEmpty())
                return fail(error, tr("%1 : %2").arg(activityName(a), Validator::describe(errors)));
        }
    }
    const int step = std::max(1, options.batchSize);
    const qsizetype total = activities.size();
    for (qsizetype from = 0; from < total; from += step) {
        const qsizetype to = std::min<qsizetype>(total, from + step);
        if (!insertStep(activities, from, to, options, result, error))
            return false;
        if (options.progress && !options.progress(to, total))
            return fail(error, tr("Écriture interrompue : rien n'a été enregistré."));
    }
    return true;
}

bool BulkWriter::insertStep(const QList<Activity> &activities, qsizetype from, qsizetype to, const Options &options,
    Result *result, QString *error)
{
    QSqlDatabase db = m_store.database();
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT ifnull(max(rowid), 0) FROM activites")) || !q.next())
        return fail(error, m_store.describe(q.lastError()));
    const qint64 before = q.value(0).toLongLong();
    q.finish();
    const bool setWise = before < kRowidLimit;
    if (setWise && !setTriggersAside(error))
        return false;

    QSqlError sqlError;
    if (!m_statements->prepare(options.skipExisting, &sqlError))
        return fail(error, m_store.describe(sqlError));
    qint64 inserted = 0;
    qint64 existing = 0;
    for (qsizetype i = from; i < to; ++i) {
        const Activity &a = activities.at(i);
        bool added = false;
        if (!m_statements->insertActivity(a, &added, &sqlError)) {
            const int code = sqlError.nativeErrorCode().toInt();
            const QString why = code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE
                ? tr("elle est déjà dans la base (même identifiant ou même clé d'import) ; rien n'a été enregistré.")
                : code == SQLITE_CONSTRAINT_FOREIGNKEY
                ? tr("son lieu ou un de ses bénéficiaires n'existe pas dans la base ; rien n'a été enregistré.")
                : m_store.describe(sqlError);
            return fail(error, tr("%1 : %2").arg(activityName(a), why));
        }
        if (!added) {
            ++existing;
            continue;
        }
        ++inserted;
        const QString id = a.id.toString(QUuid::WithoutBraces);
        for (int p = 0; p < a.participants.size(); ++p) {
            if (!m_statements->insertParticipant(id, a.participants.at(p), p, &sqlError)) {
                const int code = sqlError.nativeErrorCode().toInt();
                return fail(error,
                    tr("%1 : %2").arg(activityName(a),
                        code == SQLITE_CONSTRAINT_FOREIGNKEY
                            ? tr("un de ses participants n'existe pas dans la base ; rien n'a été enregistré.")
                            : code == SQLITE_CONSTRAINT_PRIMARYKEY
                            ? tr("un participant y figure deux fois ; rien n'a été enregistré.")
                            : m_store.describe(sqlError)));
            }
        }
    }

    if (setWise) {
        for (const QString &sql : StatsCopySchema::bulkStatements()) {
            if (!q.prepare(sql))
                return fail(error, m_store.describe(q.lastError()));
            q.bindValue(QStringLiteral(":avant"), before);
            if (!q.exec())
                return fail(error, m_store.describe(q.lastError()));
        }
        q.finish();
        if (!restoreTriggers(error))
            return false;
    }
    if (result) {
        result->inserted += inserted;
        result->existing += existing;
    }
    return true;
}

bool BulkWriter::insertPlaces(QList<Place> &places, Result *result, QString *error)
{
    if (!m_transaction)
        return fail(error, tr("Aucune écriture groupée en cours : rien n'a été enregistré."));
    QSqlQuery q(m_store.database());
    if (!q.prepare(QStringLiteral("INSERT INTO lieux (id, nom, adresse, code_insee, code_postal, commune, archive, "
                                  "creation, modification) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO "
                                  "NOTHING")))
        return fail(error, m_store.describe(q.lastError()));
    const QVariant now = timestamp(m_store.clock().nowUtc());
    for (Place &p : places) {
        if (p.id.isNull())
            p.id = QUuid::createUuid();
        const ValidationErrors errors = Validator::validate(p);
        if (!errors.isEmpty())
            return fail(error, tr("Lieu « %1 » : %2").arg(p.nom, Validator::describe(errors)));
        const QVariantList values{p.id.toString(QUuid::WithoutBraces), text(p.nom.trimmed()), text(p.adresse),
            text(p.commune.codeInsee), text(p.commune.codePostal), text(p.commune.nom), p.archive ? 1 : 0,
            p.creation.isValid() ? timestamp(p.creation) : now,
            p.modification.isValid() ? timestamp(p.modification) : now};
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values.at(i));
        if (!q.exec())
            return fail(error, tr("Lieu « %1 » : %2").arg(p.nom, m_store.describe(q.lastError())));
        if (result)
            ++(q.numRowsAffected() == 1 ? result->inserted : result->existing);
    }
    return true;
}

bool BulkWriter::insertBeneficiaries(QList<Beneficiary> &people, Result *result, QString *error)
{
    if (!m_transaction)
        return fail(error, tr("Aucune écriture groupée en cours : rien n'a été enregistré."));
    QSqlQuery q(m_store.database());
    if (!q.prepare(QStringLiteral("INSERT INTO beneficiaires (id, prenom, nom, telephone, email, annee_naissance, "
                                  "genre, tranche_age, statut_social, code_insee, code_postal, commune, notes, "
                                  "creation, modification, suppression) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                  "ON CONFLICT (id) DO NOTHING")))
        return fail(error, m_store.describe(q.lastError()));
    const QDate today = m_store.clock().today();
    const QVariant now = timestamp(m_store.clock().nowUtc());
    for (Beneficiary &b : people) {
        if (b.id.isNull())
            b.id = QUuid::createUuid();
        const ValidationErrors errors = Validator::validate(b, today);
        if (!errors.isEmpty())
            return fail(error, tr("Bénéficiaire « %1 » : %2").arg(b.displayName(), Validator::describe(errors)));
        const QVariantList values{b.id.toString(QUuid::WithoutBraces), text(b.prenom), text(b.nom), text(b.telephone),
            text(b.email), b.anneeNaissance, text(b.genre), text(b.trancheAge), text(b.statutSocial),
            text(b.communeResidence.codeInsee), text(b.communeResidence.codePostal), text(b.communeResidence.nom),
            text(b.notes), b.creation.isValid() ? timestamp(b.creation) : now,
            b.modification.isValid() ? timestamp(b.modification) : now,
            b.isDeleted() ? timestamp(b.suppression) : QVariant()}; // an anonymised one (a Carnet file's)
        for (int i = 0; i < values.size(); ++i)
            q.bindValue(i, values.at(i));
        if (!q.exec())
            return fail(error, tr("Bénéficiaire « %1 » : %2").arg(b.displayName(), m_store.describe(q.lastError())));
        if (result)
            ++(q.numRowsAffected() == 1 ? result->inserted : result->existing);
    }
    return true;
}
