#include "models/store/ActivityStream.h"

#include "models/store/Connection.h"
#include "models/store/Store.h"
#include "models/store/StoreRows.h"

#include <QHash>
#include <QSqlQuery>

#include <sqlite3.h>

using namespace StoreRows;

namespace {

class Statement
{
public:
    explicit Statement(sqlite3_stmt *statement)
        : m_statement(statement)
    {
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    QString text(int column) const
    {
        const auto *s = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return s ? QString::fromUtf8(s, sqlite3_column_bytes(m_statement, column)) : QString();
    }
    QByteArray bytes(int column) const
    {
        const auto *s = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return s ? QByteArray(s, sqlite3_column_bytes(m_statement, column)) : QByteArray();
    }
    QUuid uuid(int column) const
    {
        const auto *s = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return s ? QUuid::fromString(QLatin1String(s, sqlite3_column_bytes(m_statement, column))) : QUuid();
    }
    int integer(int column) const { return sqlite3_column_int(m_statement, column); }
    bool isNull(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }
    std::optional<bool> optionalBool(int column) const
    {
        return isNull(column) ? std::nullopt : std::optional<bool>(integer(column) != 0);
    }
    // "2026-06-30" without going through QDate::fromString; anything else as QDate reads ISO dates.
    QDate date(int column) const
    {
        const auto *s = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        const int size = s ? sqlite3_column_bytes(m_statement, column) : 0;
        const auto digit = [&](int i) { return s[i] >= '0' && s[i] <= '9'; };
        if (size == 10 && s[4] == '-' && s[7] == '-' && digit(0) && digit(1) && digit(2) && digit(3) && digit(5)
            && digit(6) && digit(8) && digit(9)) {
            const auto n = [&](int i, int count) {
                int v = 0;
                for (int k = i; k < i + count; ++k)
                    v = v * 10 + (s[k] - '0');
                return v;
            };
            return QDate(n(0, 4), n(5, 2), n(8, 2));
        }
        return QDate::fromString(text(column), Qt::ISODate);
    }
    sqlite3_stmt *get() const { return m_statement; }

private:
    sqlite3_stmt *m_statement;
};

bool prepare(sqlite3 *db, const QString &sql, sqlite3_stmt **statement, QString *error)
{
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v2(db, text.constData(), int(text.size()), statement, nullptr) != SQLITE_OK) {
        *error = Connection::readError(sqlite3_errcode(db), QString::fromUtf8(sqlite3_errmsg(db)));
        return false;
    }
    return true;
}

QString stepError(sqlite3 *db)
{
    return Connection::readError(sqlite3_errcode(db), QString::fromUtf8(sqlite3_errmsg(db)));
}

} // namespace

bool ActivityStream::forEach(const Store &store, const std::function<bool(const Row &)> &visit, QString *error)
{
    sqlite3 *db = Connection::handle(store.database());
    if (!db) {
        // Another SQLite under Qt's driver: the store's own read, the times written back as stored.
        Row row;
        return store.forEachActivity(
            [&](const Activity &a) {
                if (a.isDeleted())
                    return true;
                row.activity = a;
                row.creation = timestamp(a.creation).toString().toLatin1();
                row.modification = timestamp(a.modification).toString().toLatin1();
                row.activity.creation = row.activity.modification = QDateTime();
                return visit(row);
            },
            error);
    }

    QHash<QUuid, QList<QUuid>> participants;
    {
        sqlite3_stmt *raw = nullptr;
        if (!prepare(db,
                QStringLiteral("SELECT activite_id, beneficiaire_id FROM activite_participants "
                               "ORDER BY activite_id, position"),
                &raw, error))
            return false;
        const Statement q(raw);
        QUuid current;
        QList<QUuid> *list = nullptr;
        int rc;
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
            const QUuid activity = q.uuid(0);
            if (!list || activity != current) {
                current = activity;
                list = &participants[activity];
            }
            list->append(q.uuid(1));
        }
        if (rc != SQLITE_DONE) {
            *error = stepError(db);
            return false;
        }
    }

    sqlite3_stmt *raw = nullptr;
    if (!prepare(db, selectActivitySql() + QStringLiteral(" WHERE suppression IS NULL ORDER BY date, id"), &raw, error))
        return false;
    const Statement q(raw);
    Row row;
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        // As StoreRows::readActivity, column by column.
        Activity &a = row.activity;
        a = Activity();
        a.id = q.uuid(CId);
        a.type = q.text(CType);
        a.date = q.date(CDate);
        a.dureeMinutes = q.integer(CDuree);
        a.typeLieu = q.text(CTypeLieu);
        a.lieuId = q.uuid(CLieuId);
        a.lieuCommune = {q.text(CLieuInsee), q.text(CLieuPostal), q.text(CLieuCommune)};
        a.thematiques = splitCodes(q.text(CThematiques));
        a.materiel = splitCodes(q.text(CMateriel));
        a.tags = splitTags(q.text(CTags));
        a.precisionsDemarche = q.text(CPrecisions);
        a.notes = q.text(CNotes);
        a.autonomie = q.text(CAutonomie);
        a.orienteVersStructure = q.optionalBool(COriente);
        a.structureDeRedirection = q.text(CStructure);
        a.beneficiaireId = q.uuid(CBeneficiaire);
        a.anonyme.genre = q.text(CAnonGenre);
        a.anonyme.trancheAge = q.text(CAnonTranche);
        a.anonyme.anneeNaissance = q.integer(CAnonAnnee);
        a.anonyme.statutSocial = q.text(CAnonStatut);
        a.anonyme.communeResidence = {q.text(CAnonInsee), q.text(CAnonPostal), q.text(CAnonCommune)};
        a.anonyme.dejaAccompagne = q.optionalBool(CAnonDeja);
        a.titreAtelier = q.text(CTitre);
        a.niveauAtelier = q.text(CNiveau);
        a.participantsAnonymes.total = q.integer(CPartAnonymes);
        a.participantsAnonymes.dejaAccompagne = q.integer(CPartDeja);
        a.participantsAnonymes.genre = splitCounters(q.text(CPartGenre));
        a.participantsAnonymes.trancheAge = splitCounters(q.text(CPartTranche));
        a.participantsAnonymes.statutSocial = splitCounters(q.text(CPartStatut));
        a.syncState = static_cast<SyncState>(q.integer(CSyncState));
        a.serverVersion = q.text(CServerVersion);
        a.source = q.text(CSource);
        a.importKey = q.text(CImportKey);
        a.participants = participants.value(a.id);
        row.creation = q.bytes(CCreation);
        row.modification = q.bytes(CModification);
        if (!visit(row))
            return true;
    }
    if (rc != SQLITE_DONE) {
        *error = stepError(db);
        return false;
    }
    return true;
}
