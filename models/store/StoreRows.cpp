#include "models/store/StoreRows.h"

#include "models/store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace StoreRows {

const char *const kActivityColumns[] = {"id", "type", "date", "duree", "type_lieu", "lieu_id", "lieu_code_insee",
    "lieu_code_postal", "lieu_commune", "thematiques", "materiel", "tags", "precisions_demarche", "notes", "autonomie",
    "oriente", "structure_redirection", "beneficiaire_id", "anon_genre", "anon_tranche_age", "anon_annee_naissance",
    "anon_statut_social", "anon_code_insee", "anon_code_postal", "anon_commune", "anon_deja_accompagne",
    "titre_atelier", "niveau_atelier", "participants_anonymes", "participants_deja_accompagnes", "participants_genre",
    "participants_tranche_age", "participants_statut_social", "accompagnements", "creation", "modification",
    "suppression", "sync_state", "server_version", "source", "cle_import"};
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

static QString upsertSql(const QStringList &kept)
{
    QStringList placeholders;
    QStringList updates;
    for (const char *c : kActivityColumns) {
        placeholders.append(QStringLiteral("?"));
        const QString name = QString::fromLatin1(c);
        if (!kept.contains(name))
            updates.append(name + QStringLiteral(" = excluded.") + name);
    }
    return QStringLiteral("INSERT INTO activites (") + columnList() + QStringLiteral(") VALUES (")
        + placeholders.join(QLatin1String(", ")) + QStringLiteral(") ON CONFLICT (id) DO UPDATE SET ")
        + updates.join(QLatin1String(", "));
}

const QString &upsertActivitySql()
{
    // The server's version is the sync engine's to write (SyncLedger): a form or a draft loaded before a push must not
    // put back an older one.
    static const QString sql
        = upsertSql({QStringLiteral("id"), QStringLiteral("creation"), QStringLiteral("server_version")});
    return sql;
}

const QString &remoteUpsertActivitySql()
{
    static const QString sql = upsertSql({QStringLiteral("id")});
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
    if (!t.isValid())
        return QVariant();
    // What QDateTime::toString(Qt::ISODateWithMs) writes for UTC, "2025-03-14T09:30:00.000Z", without its formatting
    // machinery (every save and every row of a bulk write makes three); other years through Qt.
    const QDateTime utc = t.toUTC();
    const QDate d = utc.date();
    if (d.year() < 0 || d.year() > 9999)
        return QVariant(utc.toString(Qt::ISODateWithMs));
    const QTime h = utc.time();
    char16_t out[24];
    const auto put = [&out](int at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            out[at + i] = char16_t(u'0' + value % 10);
    };
    put(0, d.year(), 4);
    out[4] = u'-';
    put(5, d.month(), 2);
    out[7] = u'-';
    put(8, d.day(), 2);
    out[10] = u'T';
    put(11, h.hour(), 2);
    out[13] = u':';
    put(14, h.minute(), 2);
    out[16] = u':';
    put(17, h.second(), 2);
    out[19] = u'.';
    put(20, h.msec(), 3);
    out[23] = u'Z';
    return QVariant(QString(reinterpret_cast<const QChar *>(out), 24));
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
    a.source = q.value(CSource).toString();
    a.importKey = q.value(CImportKey).toString();
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

bool valid(const ValidationErrors &errors, QString *error)
{
    if (errors.isEmpty())
        return true;
    *error = Validator::describe(errors);
    return false;
}

} // namespace StoreRows

using namespace StoreRows;

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
      << timestamp(a.modification) << timestamp(a.suppression) << static_cast<int>(a.syncState) << text(a.serverVersion)
      << (a.source.isEmpty() ? QVariant(QLatin1String(ActivitySource::Carnet)) : QVariant(a.source))
      << text(a.importKey);
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
