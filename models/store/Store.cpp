#include "models/store/Store.h"

#include "models/store/StatsCopySchema.h"

#include "models/domain/Nomenclature.h"
#include "models/domain/Validator.h"
#include "models/store/Connection.h"
#include "models/store/Migrations.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {

// Columns of the activites table, in the order of kActivityColumns; reading and binding use these indices.
enum Col {
    CId,
    CType,
    CDate,
    CDuree,
    CTypeLieu,
    CLieuId,
    CLieuInsee,
    CLieuPostal,
    CLieuCommune,
    CThematiques,
    CMateriel,
    CTags,
    CPrecisions,
    CNotes,
    CAutonomie,
    COriente,
    CStructure,
    CBeneficiaire,
    CAnonGenre,
    CAnonTranche,
    CAnonAnnee,
    CAnonStatut,
    CAnonInsee,
    CAnonPostal,
    CAnonCommune,
    CAnonDeja,
    CTitre,
    CNiveau,
    CPartAnonymes,
    CPartDeja,
    CPartGenre,
    CPartTranche,
    CPartStatut,
    CAccompagnements,
    CCreation,
    CModification,
    CSuppression,
    CSyncState,
    CServerVersion,
    CColumnCount
};

const char *const kActivityColumns[] = {"id", "type", "date", "duree", "type_lieu", "lieu_id", "lieu_code_insee",
    "lieu_code_postal", "lieu_commune", "thematiques", "materiel", "tags", "precisions_demarche", "notes", "autonomie",
    "oriente", "structure_redirection", "beneficiaire_id", "anon_genre", "anon_tranche_age", "anon_annee_naissance",
    "anon_statut_social", "anon_code_insee", "anon_code_postal", "anon_commune", "anon_deja_accompagne",
    "titre_atelier", "niveau_atelier", "participants_anonymes", "participants_deja_accompagnes", "participants_genre",
    "participants_tranche_age", "participants_statut_social", "accompagnements", "creation", "modification",
    "suppression", "sync_state", "server_version"};
static_assert(sizeof(kActivityColumns) / sizeof(kActivityColumns[0]) == CColumnCount);

QString columnList()
{
    QStringList names;
    for (const char *c : kActivityColumns)
        names.append(QString::fromLatin1(c));
    return names.join(QLatin1String(", "));
}

const QString &selectActivitySql()
{
    static const QString sql = QStringLiteral("SELECT ") + columnList() + QStringLiteral(" FROM activites");
    return sql;
}

const QString &upsertActivitySql()
{
    static const QString sql = []() -> QString {
        QStringList placeholders;
        QStringList updates;
        for (const char *c : kActivityColumns) {
            placeholders.append(QStringLiteral("?"));
            const QString name = QString::fromLatin1(c);
            if (name != QLatin1String("id") && name != QLatin1String("creation"))
                updates.append(name + QStringLiteral(" = excluded.") + name);
        }
        return QStringLiteral("INSERT INTO activites (") + columnList() + QStringLiteral(") VALUES (")
            + placeholders.join(QLatin1String(", ")) + QStringLiteral(") ON CONFLICT (id) DO UPDATE SET ")
            + updates.join(QLatin1String(", "));
    }();
    return sql;
}

QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

QVariant uuidOrNull(const QUuid &id)
{
    return id.isNull() ? QVariant() : QVariant(id.toString(QUuid::WithoutBraces));
}

QVariant timestamp(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs)) : QVariant();
}

QDateTime parseTimestamp(const QVariant &v)
{
    if (v.isNull())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.toUTC();
}

QVariant optionalBool(const std::optional<bool> &b)
{
    return b.has_value() ? QVariant(b.value() ? 1 : 0) : QVariant();
}

std::optional<bool> parseOptionalBool(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toInt() != 0;
}

QString joinCodes(const QStringList &codes)
{
    return codes.join(QLatin1Char(','));
}

QStringList splitCodes(const QString &s)
{
    return s.isEmpty() ? QStringList() : s.split(QLatin1Char(','));
}

QString joinTags(const QStringList &tags)
{
    return tags.isEmpty()
        ? QString()
        : QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
}

QStringList splitTags(const QString &s)
{
    QStringList tags;
    if (s.isEmpty())
        return tags;
    const QJsonArray array = QJsonDocument::fromJson(s.toUtf8()).array();
    for (const QJsonValue &v : array)
        tags.append(v.toString());
    return tags;
}

QString joinCounters(const QMap<QString, int> &counters)
{
    QStringList parts;
    for (auto it = counters.cbegin(); it != counters.cend(); ++it) {
        if (it.value() != 0)
            parts.append(it.key() + QLatin1Char(':') + QString::number(it.value()));
    }
    return parts.join(QLatin1Char(','));
}

QMap<QString, int> splitCounters(const QString &s)
{
    QMap<QString, int> counters;
    for (const QString &part : splitCodes(s)) {
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        if (colon > 0)
            counters.insert(part.left(colon), part.mid(colon + 1).toInt());
    }
    return counters;
}

Activity readActivity(const QSqlQuery &q)
{
    Activity a;
    a.id = QUuid::fromString(q.value(CId).toString());
    a.type = q.value(CType).toString();
    a.date = QDate::fromString(q.value(CDate).toString(), Qt::ISODate);
    a.dureeMinutes = q.value(CDuree).toInt();
    a.typeLieu = q.value(CTypeLieu).toString();
    a.lieuId = QUuid::fromString(q.value(CLieuId).toString());
    a.lieuCommune = {q.value(CLieuInsee).toString(), q.value(CLieuPostal).toString(), q.value(CLieuCommune).toString()};
    a.thematiques = splitCodes(q.value(CThematiques).toString());
    a.materiel = splitCodes(q.value(CMateriel).toString());
    a.tags = splitTags(q.value(CTags).toString());
    a.precisionsDemarche = q.value(CPrecisions).toString();
    a.notes = q.value(CNotes).toString();
    a.autonomie = q.value(CAutonomie).toString();
    a.orienteVersStructure = parseOptionalBool(q.value(COriente));
    a.structureDeRedirection = q.value(CStructure).toString();
    a.beneficiaireId = QUuid::fromString(q.value(CBeneficiaire).toString());
    a.anonyme.genre = q.value(CAnonGenre).toString();
    a.anonyme.trancheAge = q.value(CAnonTranche).toString();
    a.anonyme.anneeNaissance = q.value(CAnonAnnee).toInt();
    a.anonyme.statutSocial = q.value(CAnonStatut).toString();
    a.anonyme.communeResidence
        = {q.value(CAnonInsee).toString(), q.value(CAnonPostal).toString(), q.value(CAnonCommune).toString()};
    a.anonyme.dejaAccompagne = parseOptionalBool(q.value(CAnonDeja));
    a.titreAtelier = q.value(CTitre).toString();
    a.niveauAtelier = q.value(CNiveau).toString();
    a.participantsAnonymes.total = q.value(CPartAnonymes).toInt();
    a.participantsAnonymes.dejaAccompagne = q.value(CPartDeja).toInt();
    a.participantsAnonymes.genre = splitCounters(q.value(CPartGenre).toString());
    a.participantsAnonymes.trancheAge = splitCounters(q.value(CPartTranche).toString());
    a.participantsAnonymes.statutSocial = splitCounters(q.value(CPartStatut).toString());
    a.creation = parseTimestamp(q.value(CCreation));
    a.modification = parseTimestamp(q.value(CModification));
    a.suppression = parseTimestamp(q.value(CSuppression));
    a.syncState = static_cast<SyncState>(q.value(CSyncState).toInt());
    a.serverVersion = q.value(CServerVersion).toString();
    return a;
}

// Counter maps hold only non-zero entries once stored; compare what was given the same way.
void dropZeroCounters(QMap<QString, int> &counters)
{
    for (auto it = counters.begin(); it != counters.end();) {
        if (it.value() == 0)
            it = counters.erase(it);
        else
            ++it;
    }
}

Beneficiary readBeneficiary(const QSqlQuery &q)
{
    Beneficiary b;
    b.id = QUuid::fromString(q.value(0).toString());
    b.prenom = q.value(1).toString();
    b.nom = q.value(2).toString();
    b.telephone = q.value(3).toString();
    b.email = q.value(4).toString();
    b.anneeNaissance = q.value(5).toInt();
    b.genre = q.value(6).toString();
    b.trancheAge = q.value(7).toString();
    b.statutSocial = q.value(8).toString();
    b.communeResidence = {q.value(9).toString(), q.value(10).toString(), q.value(11).toString()};
    b.notes = q.value(12).toString();
    b.creation = parseTimestamp(q.value(13));
    b.modification = parseTimestamp(q.value(14));
    b.suppression = parseTimestamp(q.value(15));
    return b;
}

const char *const kSelectBeneficiary
    = "SELECT id, prenom, nom, telephone, email, annee_naissance, genre, tranche_age, statut_social, code_insee, "
      "code_postal, commune, notes, creation, modification, suppression FROM beneficiaires";

Place readPlace(const QSqlQuery &q)
{
    Place p;
    p.id = QUuid::fromString(q.value(0).toString());
    p.nom = q.value(1).toString();
    p.adresse = q.value(2).toString();
    p.commune = {q.value(3).toString(), q.value(4).toString(), q.value(5).toString()};
    p.archive = q.value(6).toInt() != 0;
    p.creation = parseTimestamp(q.value(7));
    p.modification = parseTimestamp(q.value(8));
    return p;
}

const char *const kSelectPlace
    = "SELECT id, nom, adresse, code_insee, code_postal, commune, archive, creation, modification FROM lieux";

const char *const kInsertParticipant
    = "INSERT INTO activite_participants (activite_id, beneficiaire_id, position) VALUES (?, ?, ?)";

} // namespace

QVariantList Store::activityRow(const Activity &a)
{
    QVariantList v;
    v.reserve(CColumnCount);
    v << a.id.toString(QUuid::WithoutBraces) << a.type << a.date.toString(Qt::ISODate) << a.dureeMinutes << a.typeLieu
      << uuidOrNull(a.lieuId) << text(a.lieuCommune.codeInsee) << text(a.lieuCommune.codePostal)
      << text(a.lieuCommune.nom) << text(joinCodes(a.thematiques)) << text(joinCodes(a.materiel))
      << text(joinTags(a.tags)) << text(a.precisionsDemarche) << text(a.notes) << text(a.autonomie)
      << optionalBool(a.orienteVersStructure) << text(a.structureDeRedirection) << uuidOrNull(a.beneficiaireId)
      << text(a.anonyme.genre) << text(a.anonyme.trancheAge) << a.anonyme.anneeNaissance << text(a.anonyme.statutSocial)
      << text(a.anonyme.communeResidence.codeInsee) << text(a.anonyme.communeResidence.codePostal)
      << text(a.anonyme.communeResidence.nom) << optionalBool(a.anonyme.dejaAccompagne) << text(a.titreAtelier)
      << text(a.niveauAtelier) << a.participantsAnonymes.total << a.participantsAnonymes.dejaAccompagne
      << text(joinCounters(a.participantsAnonymes.genre)) << text(joinCounters(a.participantsAnonymes.trancheAge))
      << text(joinCounters(a.participantsAnonymes.statutSocial)) << a.accompagnements() << timestamp(a.creation)
      << timestamp(a.modification) << timestamp(a.suppression) << static_cast<int>(a.syncState)
      << text(a.serverVersion);
    Q_ASSERT(v.size() == CColumnCount);
    return v;
}

const QString &Store::activityInsertSql()
{
    static const QString sql = QStringLiteral("INSERT INTO activites (") + columnList() + QStringLiteral(") VALUES (")
        + QStringLiteral("?, ").repeated(CColumnCount - 1) + QStringLiteral("?)");
    return sql;
}

QString Store::participantInsertSql()
{
    return QLatin1String(kInsertParticipant);
}

// A write transaction taken at once (BEGIN IMMEDIATE): a second connection waits on the busy timeout instead of
// failing on a lock upgrade. Rolls back unless committed.
class Store::WriteTransaction
{
public:
    explicit WriteTransaction(const Store &store)
        : m_store(store)
        , m_query(store.database())
    {
    }
    ~WriteTransaction()
    {
        if (m_open)
            m_query.exec(QStringLiteral("ROLLBACK"));
    }
    bool begin(QString *error)
    {
        if (!m_query.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            *error = m_store.describe(m_query.lastError());
            return false;
        }
        m_open = true;
        return true;
    }
    bool commit(QString *error)
    {
        if (!m_query.exec(QStringLiteral("COMMIT"))) {
            *error = m_store.describe(m_query.lastError());
            return false;
        }
        m_open = false;
        return true;
    }

private:
    const Store &m_store;
    QSqlQuery m_query;
    bool m_open = false;
};

Store::Store(const Clock &clock)
    : m_clock(clock)
{
    m_connectionName = Connection::uniqueName(QStringLiteral("carnet-store"));
}

Store::~Store()
{
    close();
}

QSqlDatabase Store::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool Store::isOpen() const
{
    return database().isOpen();
}

void Store::close()
{
    Connection::remove(m_connectionName);
}

bool Store::open(const QString &filePath, QString *error)
{
    close();
    m_filePath = QFileInfo(filePath).absoluteFilePath();
    const QFileInfo info(m_filePath);
    if (!QDir().mkpath(info.absolutePath())) {
        *error = tr("Impossible de créer le dossier des données « %1 ».").arg(info.absolutePath());
        return false;
    }
    if (info.exists() && !info.isWritable()) {
        *error = tr("Le fichier « %1 » est en lecture seule : Carnet ne pourrait pas y enregistrer vos activités.")
                     .arg(m_filePath);
        return false;
    }

    bool ok = false;
    {
        QString message;
        QSqlDatabase db = Connection::open(m_connectionName, m_filePath, Connection::Mode::ReadWrite, &message);
        if (!db.isOpen()) {
            *error = tr("Impossible d'ouvrir « %1 » : %2").arg(m_filePath, message);
        } else {
            ok = true;
            QSqlQuery q(db);
            const auto pragma = [&](const QString &sql) -> QVariant {
                if (!q.exec(sql) || !q.next())
                    return {};
                return q.value(0);
            };
            // Look before changing anything: a file that is not ours, or is from a newer Carnet, stays untouched.
            const QVariant appId = pragma(QStringLiteral("PRAGMA application_id"));
            const int version = pragma(QStringLiteral("PRAGMA user_version")).toInt();
            const int tables = pragma(QStringLiteral("SELECT count(*) FROM sqlite_schema")).toInt();
            if (!appId.isValid()) {
                *error = q.lastError().nativeErrorCode() == QLatin1String("26")
                    ? tr("Le fichier « %1 » n'est pas une base de données Carnet.").arg(m_filePath)
                    : describe(q.lastError());
                ok = false;
            } else if (appId.toInt() != Migrations::ApplicationId && (appId.toInt() != 0 || tables > 0)) {
                *error = tr("Le fichier « %1 » est une base SQLite qui n'a pas été créée par Carnet.").arg(m_filePath);
                ok = false;
            } else if (version > Migrations::LatestVersion) {
                *error = tr("Cette base de données a été créée par une version plus récente de Carnet "
                            "(schéma %1, cette version connaît le schéma %2 au plus). Installez la dernière "
                            "version de Carnet pour l'ouvrir ; vos données n'ont pas été modifiées.")
                             .arg(version)
                             .arg(Migrations::LatestVersion);
                ok = false;
            }
            if (ok) {
                const QString mode = pragma(QStringLiteral("PRAGMA journal_mode = WAL")).toString();
                if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
                    *error = tr("La base « %1 » n'a pas pu passer en journal WAL (mode obtenu : « %2 »).")
                                 .arg(m_filePath, mode);
                    ok = false;
                } else if (pragma(QStringLiteral("PRAGMA foreign_keys")).toInt() != 1) {
                    *error = tr("Les clés étrangères de SQLite n'ont pas pu être activées.");
                    ok = false;
                }
                q.finish();
            }
            if (ok && version < Migrations::LatestVersion)
                ok = Migrations::migrate(db, version, error);
        }
    }
    if (!ok)
        close();
    return ok;
}

int Store::schemaVersion() const
{
    QSqlQuery q(database());
    return q.exec(QStringLiteral("PRAGMA user_version")) && q.next() ? q.value(0).toInt() : -1;
}

QString Store::describe(const QSqlError &error) const
{
    const int code = error.nativeErrorCode().toInt() & 0xff; // primary result code of an extended one
    switch (code) {
    case 13: // SQLITE_FULL
        return tr("Le disque est plein : rien n'a été enregistré dans « %1 ». Libérez de la place puis réessayez.")
            .arg(m_filePath);
    case 8: // SQLITE_READONLY
    case 3: // SQLITE_PERM
        return tr("La base « %1 » est en lecture seule : rien n'a été enregistré.").arg(m_filePath);
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
        return tr("La base « %1 » est occupée par un autre programme : réessayez dans un instant.").arg(m_filePath);
    case 10: // SQLITE_IOERR
        return tr("Erreur d'écriture sur le disque pour « %1 » : rien n'a été enregistré.").arg(m_filePath);
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return tr("La base « %1 » est endommagée. Lancez « carnet check » et restaurez une sauvegarde.")
            .arg(m_filePath);
    case 19: // SQLITE_CONSTRAINT
        return tr("Enregistrement refusé par la base « %1 » (donnée incohérente) : %2")
            .arg(m_filePath, error.databaseText());
    default:
        return tr("Erreur de la base « %1 » : %2").arg(m_filePath, error.text());
    }
}

bool Store::prepare(QSqlQuery &query, const QString &sql, QString *error) const
{
    if (query.prepare(sql))
        return true;
    *error = describe(query.lastError());
    return false;
}

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
    const ValidationErrors errors = Validator::validate(activity, m_clock.today());
    if (!errors.isEmpty()) {
        *error = Validator::describe(errors);
        return false;
    }
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
    const QDateTime now = m_clock.nowUtc();
    const QDate today = m_clock.today();
    for (Activity &a : batch) {
        if (a.id.isNull())
            a.id = QUuid::createUuid();
        if (!a.creation.isValid())
            a.creation = now;
        if (!a.modification.isValid())
            a.modification = a.creation;
        if (validate) {
            const ValidationErrors errors = Validator::validate(a, today);
            if (!errors.isEmpty()) {
                *error = tr("Activité du %1 (%2) : %3")
                             .arg(a.date.toString(QStringLiteral("dd/MM/yyyy")), a.id.toString(QUuid::WithoutBraces),
                                 Validator::describe(errors));
                return false;
            }
        }
    }
    WriteTransaction tx(*this);
    QSqlQuery insert(database());
    QSqlQuery participants(database());
    if (!tx.begin(error)
        || !prepare(insert,
            QStringLiteral("INSERT INTO activites (") + columnList() + QStringLiteral(") VALUES (")
                + QStringLiteral("?, ").repeated(CColumnCount - 1) + QStringLiteral("?)"),
            error)
        || !prepare(participants, QLatin1String(kInsertParticipant), error))
        return false;
    for (const Activity &a : std::as_const(batch)) {
        if (!writeActivity(insert, participants, nullptr, a, error))
            return false;
    }
    return tx.commit(error);
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

bool Store::saveBeneficiary(Beneficiary &b, QString *error)
{
    if (b.id.isNull())
        b.id = QUuid::createUuid();
    const ValidationErrors errors = Validator::validate(b, m_clock.today());
    if (!errors.isEmpty()) {
        *error = Validator::describe(errors);
        return false;
    }
    const QDateTime now = m_clock.nowUtc();
    WriteTransaction tx(*this);
    QSqlQuery q(database());
    if (!tx.begin(error)
        || !prepare(q,
            QStringLiteral(
                "INSERT INTO beneficiaires (id, prenom, nom, telephone, email, annee_naissance, genre, "
                "tranche_age, statut_social, code_insee, code_postal, commune, notes, creation, modification) "
                "VALUES (:id, :prenom, :nom, :telephone, :email, :annee, :genre, :tranche, :statut, :insee, "
                ":cp, :commune, :notes, :now, :now) ON CONFLICT (id) DO UPDATE SET prenom = excluded.prenom, "
                "nom = excluded.nom, telephone = excluded.telephone, email = excluded.email, "
                "annee_naissance = excluded.annee_naissance, genre = excluded.genre, "
                "tranche_age = excluded.tranche_age, statut_social = excluded.statut_social, "
                "code_insee = excluded.code_insee, code_postal = excluded.code_postal, "
                "commune = excluded.commune, notes = excluded.notes, modification = excluded.modification"),
            error))
        return false;
    q.bindValue(QStringLiteral(":id"), b.id.toString(QUuid::WithoutBraces));
    q.bindValue(QStringLiteral(":prenom"), text(b.prenom));
    q.bindValue(QStringLiteral(":nom"), text(b.nom));
    q.bindValue(QStringLiteral(":telephone"), text(b.telephone));
    q.bindValue(QStringLiteral(":email"), text(b.email));
    q.bindValue(QStringLiteral(":annee"), b.anneeNaissance);
    q.bindValue(QStringLiteral(":genre"), text(b.genre));
    q.bindValue(QStringLiteral(":tranche"), text(b.trancheAge));
    q.bindValue(QStringLiteral(":statut"), text(b.statutSocial));
    q.bindValue(QStringLiteral(":insee"), text(b.communeResidence.codeInsee));
    q.bindValue(QStringLiteral(":cp"), text(b.communeResidence.codePostal));
    q.bindValue(QStringLiteral(":commune"), text(b.communeResidence.nom));
    q.bindValue(QStringLiteral(":notes"), text(b.notes));
    q.bindValue(QStringLiteral(":now"), timestamp(now));
    if (!q.exec()) {
        *error = describe(q.lastError());
        return false;
    }
    if (!tx.commit(error))
        return false;
    if (const auto saved = beneficiary(b.id))
        b = *saved;
    return true;
}

std::optional<Beneficiary> Store::beneficiary(const QUuid &id) const
{
    QSqlQuery q(database());
    q.prepare(QString::fromLatin1(kSelectBeneficiary) + QStringLiteral(" WHERE id = ?"));
    q.addBindValue(id.toString(QUuid::WithoutBraces));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readBeneficiary(q);
}

QList<Beneficiary> Store::beneficiaries(bool includeDeleted) const
{
    QList<Beneficiary> result;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.exec(QString::fromLatin1(kSelectBeneficiary)
        + (includeDeleted ? QString() : QStringLiteral(" WHERE suppression IS NULL"))
        + QStringLiteral(" ORDER BY nom COLLATE NOCASE, prenom COLLATE NOCASE"));
    while (q.next())
        result.append(readBeneficiary(q));
    return result;
}

bool Store::exec(QSqlQuery &query, QString *error) const
{
    if (query.exec())
        return true;
    *error = describe(query.lastError());
    return false;
}

bool Store::deleteBeneficiary(const QUuid &id, QString *error)
{
    const std::optional<Beneficiary> person = beneficiary(id);
    if (!person || person->isDeleted()) {
        *error = tr("Ce bénéficiaire n'existe pas.");
        return false;
    }
    WriteTransaction tx(*this);
    return tx.begin(error) && anonymizeActivitiesOf(*person, error) && eraseBeneficiary(id, error) && tx.commit(error);
}

bool Store::anonymizeActivitiesOf(const Beneficiary &person, QString *error)
{
    const QString id = person.id.toString(QUuid::WithoutBraces);
    const QVariant now = timestamp(m_clock.nowUtc());

    // Every activity of the person, individual or workshop, in date order: the first one is not "déjà accompagné".
    struct Row
    {
        QString id;
        QDate date;
        bool individuel = false;
    };
    QList<Row> rows;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!prepare(q,
            QStringLiteral("SELECT id, date, type = 'individuel' FROM activites WHERE beneficiaire_id = :id "
                           "OR id IN (SELECT activite_id FROM activite_participants WHERE beneficiaire_id = :id) "
                           "ORDER BY date, creation, id"),
            error))
        return false;
    q.bindValue(QStringLiteral(":id"), id);
    if (!exec(q, error))
        return false;
    while (q.next())
        rows.append(
            {q.value(0).toString(), QDate::fromString(q.value(1).toString(), Qt::ISODate), q.value(2).toBool()});
    q.finish();

    const auto trancheAt = [&person](const QDate &date) -> QString {
        if (!person.trancheAge.isEmpty() || person.anneeNaissance <= 0)
            return person.trancheAge;
        return Nomenclature::trancheAgeForBirthYear(person.anneeNaissance, date.year());
    };

    QSqlQuery individual(database());
    QSqlQuery readWorkshop(database());
    QSqlQuery workshop(database());
    QSqlQuery leave(database());
    if (!prepare(individual,
            QStringLiteral("UPDATE activites SET beneficiaire_id = NULL, anon_genre = ?, anon_tranche_age = ?, "
                           "anon_annee_naissance = ?, anon_statut_social = ?, anon_code_insee = ?, "
                           "anon_code_postal = ?, anon_commune = ?, anon_deja_accompagne = ?, "
                           "modification = max(creation, ?), sync_state = 0 WHERE id = ?"),
            error)
        || !prepare(readWorkshop,
            QStringLiteral("SELECT participants_anonymes, participants_deja_accompagnes, participants_genre, "
                           "participants_tranche_age, participants_statut_social FROM activites WHERE id = ?"),
            error)
        || !prepare(workshop,
            QStringLiteral("UPDATE activites SET participants_anonymes = ?, participants_deja_accompagnes = ?, "
                           "participants_genre = ?, participants_tranche_age = ?, "
                           "participants_statut_social = ?, modification = max(creation, ?), sync_state = 0 "
                           "WHERE id = ?"),
            error)
        || !prepare(leave,
            QStringLiteral("DELETE FROM activite_participants WHERE activite_id = ? AND beneficiaire_id = ?"), error))
        return false;

    for (int i = 0; i < rows.size(); ++i) {
        const Row &row = rows.at(i);
        const bool dejaAccompagne = i > 0;
        const QString tranche = trancheAt(row.date);
        if (row.individuel) {
            individual.addBindValue(text(person.genre));
            individual.addBindValue(text(tranche));
            individual.addBindValue(person.anneeNaissance);
            individual.addBindValue(text(person.statutSocial));
            individual.addBindValue(text(person.communeResidence.codeInsee));
            individual.addBindValue(text(person.communeResidence.codePostal));
            individual.addBindValue(text(person.communeResidence.nom));
            // Unknown for their first activity (they may have been helped before being recorded), yes after it.
            individual.addBindValue(dejaAccompagne ? QVariant(1) : QVariant());
            individual.addBindValue(now);
            individual.addBindValue(row.id);
            if (!exec(individual, error))
                return false;
            continue;
        }
        readWorkshop.addBindValue(row.id);
        if (!exec(readWorkshop, error) || !readWorkshop.next()) {
            *error = tr("L'atelier %1 n'a pas pu être relu.").arg(row.id);
            return false;
        }
        const int total = readWorkshop.value(0).toInt() + 1;
        const int deja = readWorkshop.value(1).toInt() + (dejaAccompagne ? 1 : 0);
        QMap<QString, int> genre = splitCounters(readWorkshop.value(2).toString());
        QMap<QString, int> trancheAge = splitCounters(readWorkshop.value(3).toString());
        QMap<QString, int> statut = splitCounters(readWorkshop.value(4).toString());
        readWorkshop.finish();
        if (!person.genre.isEmpty())
            ++genre[person.genre];
        if (!tranche.isEmpty())
            ++trancheAge[tranche];
        if (!person.statutSocial.isEmpty())
            ++statut[person.statutSocial];
        workshop.addBindValue(total);
        workshop.addBindValue(deja);
        workshop.addBindValue(text(joinCounters(genre)));
        workshop.addBindValue(text(joinCounters(trancheAge)));
        workshop.addBindValue(text(joinCounters(statut)));
        workshop.addBindValue(now);
        workshop.addBindValue(row.id);
        leave.addBindValue(row.id);
        leave.addBindValue(id);
        if (!exec(workshop, error) || !exec(leave, error))
            return false;
    }
    return true;
}

bool Store::eraseBeneficiary(const QUuid &id, QString *error)
{
    QSqlQuery q(database());
    if (!prepare(q,
            QStringLiteral("UPDATE beneficiaires SET prenom = '', nom = '', telephone = '', email = '', "
                           "annee_naissance = 0, genre = '', tranche_age = '', statut_social = '', "
                           "code_insee = '', code_postal = '', commune = '', notes = '', suppression = :now, "
                           "modification = :now WHERE id = :id AND suppression IS NULL"),
            error))
        return false;
    q.bindValue(QStringLiteral(":now"), timestamp(m_clock.nowUtc()));
    q.bindValue(QStringLiteral(":id"), id.toString(QUuid::WithoutBraces));
    if (!exec(q, error))
        return false;
    if (q.numRowsAffected() != 1) {
        *error = tr("Ce bénéficiaire n'existe pas.");
        return false;
    }
    return true;
}

bool Store::mergeBeneficiaries(const QUuid &keep, const QUuid &duplicate, QString *error)
{
    if (keep == duplicate) {
        *error = tr("Choisissez deux fiches différentes à fusionner.");
        return false;
    }
    std::optional<Beneficiary> kept = beneficiary(keep);
    const std::optional<Beneficiary> other = beneficiary(duplicate);
    if (!kept || kept->isDeleted() || !other || other->isDeleted()) {
        *error = tr("Une des deux fiches à fusionner n'existe pas (ou plus).");
        return false;
    }

    // Empty fields of the kept record are filled from the duplicate; notes are joined.
    Beneficiary merged = *kept;
    const auto fill = [](QString &target, const QString &source) {
        if (target.trimmed().isEmpty())
            target = source;
    };
    fill(merged.prenom, other->prenom);
    fill(merged.nom, other->nom);
    fill(merged.telephone, other->telephone);
    fill(merged.email, other->email);
    fill(merged.genre, other->genre);
    fill(merged.trancheAge, other->trancheAge);
    fill(merged.statutSocial, other->statutSocial);
    if (merged.anneeNaissance <= 0)
        merged.anneeNaissance = other->anneeNaissance;
    if (merged.communeResidence.isEmpty())
        merged.communeResidence = other->communeResidence;
    if (merged.notes.trimmed().isEmpty())
        merged.notes = other->notes;
    else if (!other->notes.trimmed().isEmpty() && !merged.notes.contains(other->notes.trimmed()))
        merged.notes = QString(merged.notes.trimmed() + QLatin1Char('\n') + other->notes.trimmed())
                           .left(Validator::MaxTextLength);
    const ValidationErrors errors = Validator::validate(merged, m_clock.today());
    if (!errors.isEmpty()) {
        *error = Validator::describe(errors);
        return false;
    }

    const QString keepId = keep.toString(QUuid::WithoutBraces);
    const QString duplicateId = duplicate.toString(QUuid::WithoutBraces);
    const QVariant now = timestamp(m_clock.nowUtc());
    WriteTransaction tx(*this);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(database());
    const auto run = [&](const QString &sql) {
        if (!prepare(q, sql, error))
            return false;
        const std::pair<const char *, QVariant> values[] = {{":keep", keepId}, {":dup", duplicateId}, {":now", now}};
        for (const auto &[name, value] : values) {
            if (sql.contains(QLatin1String(name)))
                q.bindValue(QLatin1String(name), value);
        }
        return exec(q, error);
    };
    // Every activity of the duplicate changes: marked pending first, while it still names the duplicate.
    if (!run(QStringLiteral("UPDATE activites SET modification = max(creation, :now), sync_state = 0 "
                            "WHERE beneficiaire_id = :dup OR id IN (SELECT activite_id FROM activite_participants "
                            "WHERE beneficiaire_id = :dup)"))
        || !run(QStringLiteral("UPDATE activites SET beneficiaire_id = :keep WHERE beneficiaire_id = :dup"))
        // A workshop listing both keeps one: the same person was counted twice.
        || !run(QStringLiteral("DELETE FROM activite_participants WHERE beneficiaire_id = :dup AND activite_id IN "
                               "(SELECT activite_id FROM activite_participants WHERE beneficiaire_id = :keep)"))
        || !run(QStringLiteral("UPDATE activite_participants SET beneficiaire_id = :keep WHERE beneficiaire_id = :dup"))
        || !run(QStringLiteral("UPDATE activites SET accompagnements = participants_anonymes + (SELECT count(*) "
                               "FROM activite_participants p WHERE p.activite_id = activites.id) "
                               "WHERE type = 'collectif' AND id IN (SELECT activite_id FROM activite_participants "
                               "WHERE beneficiaire_id = :keep)")))
        return false;

    QSqlQuery update(database());
    if (!prepare(update,
            QStringLiteral("UPDATE beneficiaires SET prenom = ?, nom = ?, telephone = ?, email = ?, "
                           "annee_naissance = ?, genre = ?, tranche_age = ?, statut_social = ?, code_insee = ?, "
                           "code_postal = ?, commune = ?, notes = ?, modification = ? WHERE id = ?"),
            error))
        return false;
    for (const QString &value : {merged.prenom, merged.nom, merged.telephone, merged.email})
        update.addBindValue(text(value));
    update.addBindValue(merged.anneeNaissance);
    for (const QString &value :
        {merged.genre, merged.trancheAge, merged.statutSocial, merged.communeResidence.codeInsee,
            merged.communeResidence.codePostal, merged.communeResidence.nom, merged.notes})
        update.addBindValue(text(value));
    update.addBindValue(now);
    update.addBindValue(keepId);
    return exec(update, error) && eraseBeneficiary(duplicate, error) && tx.commit(error);
}

QList<BeneficiaryActivity> Store::activitiesOfBeneficiary(const QUuid &id) const
{
    QList<BeneficiaryActivity> result;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, date, type, duree, titre_atelier, thematiques, type_lieu, lieu_id, "
                             "lieu_code_insee, lieu_code_postal, lieu_commune FROM activites "
                             "WHERE suppression IS NULL AND (beneficiaire_id = :id OR id IN (SELECT activite_id FROM "
                             "activite_participants WHERE beneficiaire_id = :id)) ORDER BY date DESC, creation DESC"));
    q.bindValue(QStringLiteral(":id"), id.toString(QUuid::WithoutBraces));
    if (!q.exec())
        return result;
    while (q.next()) {
        BeneficiaryActivity a;
        a.id = QUuid::fromString(q.value(0).toString());
        a.date = QDate::fromString(q.value(1).toString(), Qt::ISODate);
        a.type = q.value(2).toString();
        a.dureeMinutes = q.value(3).toInt();
        a.titreAtelier = q.value(4).toString();
        a.thematiques = splitCodes(q.value(5).toString());
        a.typeLieu = q.value(6).toString();
        a.lieuId = QUuid::fromString(q.value(7).toString());
        a.lieuCommune = {q.value(8).toString(), q.value(9).toString(), q.value(10).toString()};
        result.append(a);
    }
    return result;
}

QHash<QUuid, int> Store::activityCountsByBeneficiary() const
{
    QHash<QUuid, int> result;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT person, count(*) FROM (SELECT beneficiaire_id AS person FROM activites "
                               "WHERE beneficiaire_id IS NOT NULL AND suppression IS NULL UNION ALL "
                               "SELECT p.beneficiaire_id FROM activite_participants p JOIN activites a "
                               "ON a.id = p.activite_id WHERE a.suppression IS NULL) GROUP BY person")))
        return result;
    while (q.next())
        result.insert(QUuid::fromString(q.value(0).toString()), q.value(1).toInt());
    return result;
}

bool Store::savePlace(Place &p, QString *error)
{
    if (p.id.isNull())
        p.id = QUuid::createUuid();
    const ValidationErrors errors = Validator::validate(p);
    if (!errors.isEmpty()) {
        *error = Validator::describe(errors);
        return false;
    }
    WriteTransaction tx(*this);
    QSqlQuery q(database());
    if (!tx.begin(error)
        || !prepare(q,
            QStringLiteral("INSERT INTO lieux (id, nom, adresse, code_insee, code_postal, commune, archive, "
                           "creation, modification) VALUES (:id, :nom, :adresse, :insee, :cp, :commune, "
                           ":archive, :now, :now) ON CONFLICT (id) DO UPDATE SET nom = excluded.nom, "
                           "adresse = excluded.adresse, code_insee = excluded.code_insee, "
                           "code_postal = excluded.code_postal, commune = excluded.commune, "
                           "archive = excluded.archive, modification = excluded.modification"),
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

bool Store::rebuildStatistics(QString *error)
{
    WriteTransaction tx(*this);
    if (!tx.begin(error))
        return false;
    QSqlQuery q(database());
    const QStringList statements = StatsCopySchema::rebuildStatements();
    for (const QString &sql : statements) {
        if (!q.exec(sql)) {
            *error = describe(q.lastError());
            return false;
        }
    }
    return tx.commit(error);
}

bool Store::archivePlace(const QUuid &id, bool archived, QString *error)
{
    WriteTransaction tx(*this);
    QSqlQuery q(database());
    if (!tx.begin(error)
        || !prepare(
            q, QStringLiteral("UPDATE lieux SET archive = ?, modification = max(creation, ?) WHERE id = ?"), error))
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

Profile Store::profile() const
{
    Profile p;
    QSqlQuery q(database());
    if (q.exec(
            QStringLiteral("SELECT prenom, nom, email, role, structure_nom, structure_siret, structure_adresse, "
                           "structure_code_insee, structure_code_postal, structure_commune FROM profil WHERE id = 1"))
        && q.next()) {
        p.prenom = q.value(0).toString();
        p.nom = q.value(1).toString();
        p.email = q.value(2).toString();
        p.role = q.value(3).toString();
        p.structure.nom = q.value(4).toString();
        p.structure.siret = q.value(5).toString();
        p.structure.adresse = q.value(6).toString();
        p.structure.commune = {q.value(7).toString(), q.value(8).toString(), q.value(9).toString()};
    }
    return p;
}

bool Store::saveProfile(const Profile &p, QString *error)
{
    const ValidationErrors errors = Validator::validate(p);
    if (!errors.isEmpty()) {
        *error = Validator::describe(errors);
        return false;
    }
    WriteTransaction tx(*this);
    QSqlQuery q(database());
    if (!tx.begin(error)
        || !prepare(q,
            QStringLiteral("INSERT OR REPLACE INTO profil (id, prenom, nom, email, role, structure_nom, "
                           "structure_siret, structure_adresse, structure_code_insee, structure_code_postal, "
                           "structure_commune, modification) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            error))
        return false;
    for (const QString &value :
        {p.prenom, p.nom, p.email, p.role, p.structure.nom, p.structure.siret, p.structure.adresse,
            p.structure.commune.codeInsee, p.structure.commune.codePostal, p.structure.commune.nom})
        q.addBindValue(text(value));
    q.addBindValue(timestamp(m_clock.nowUtc()));
    if (!q.exec()) {
        *error = describe(q.lastError());
        return false;
    }
    return tx.commit(error);
}

StoreCounts Store::counts() const
{
    StoreCounts c;
    QSqlQuery q(database());
    q.setForwardOnly(true);
    // Running counts kept by triggers (schema version 3): instant on a million activities.
    if (q.exec(QStringLiteral("SELECT type, supprime, total(n) FROM activites_compteurs GROUP BY 1, 2"))) {
        while (q.next()) {
            const bool individuel = q.value(0).toString() == QLatin1String(Activity::Individuel);
            const bool deleted = q.value(1).toBool();
            qint64 &slot = individuel ? (deleted ? c.individuelsSupprimes : c.individuels)
                                      : (deleted ? c.collectifsSupprimes : c.collectifs);
            slot += q.value(2).toLongLong();
        }
    }
    if (q.exec(QStringLiteral("SELECT count(*) FILTER (WHERE suppression IS NULL), "
                              "count(*) FILTER (WHERE suppression IS NOT NULL) FROM beneficiaires"))
        && q.next()) {
        c.beneficiaires = q.value(0).toLongLong();
        c.beneficiairesSupprimes = q.value(1).toLongLong();
    }
    if (q.exec(QStringLiteral("SELECT count(*) FILTER (WHERE archive = 0), count(*) FILTER (WHERE archive = 1) "
                              "FROM lieux"))
        && q.next()) {
        c.lieux = q.value(0).toLongLong();
        c.lieuxArchives = q.value(1).toLongLong();
    }
    return c;
}

SyncCounts Store::syncCounts() const
{
    SyncCounts s;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT sync_state, total(n) FROM activites_compteurs GROUP BY sync_state")))
        return s;
    while (q.next()) {
        const qint64 n = q.value(1).toLongLong();
        switch (static_cast<SyncState>(q.value(0).toInt())) {
        case SyncState::Pending:
        case SyncState::Sending:
            s.pending += n;
            break;
        case SyncState::Sent:
            s.sent += n;
            break;
        case SyncState::Conflict:
            s.conflicts += n;
            break;
        case SyncState::Failed:
            s.failed += n;
            break;
        }
    }
    return s;
}

bool Store::hasActivities() const
{
    QSqlQuery q(database());
    return q.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM activites WHERE suppression IS NULL)")) && q.next()
        && q.value(0).toBool();
}
