// Store: the followed beneficiaries, their deletion (anonymisation) and merge (see Store.h).
#include "models/store/Store.h"

#include "models/domain/Validator.h"
#include "models/store/StoreRows.h"
#include "models/store/WriteTransaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace StoreRows;

bool Store::saveBeneficiary(Beneficiary &b, QString *error)
{
    if (b.id.isNull())
        b.id = QUuid::createUuid();
    if (!StoreRows::valid(Validator::validate(b, m_clock.today()), error))
        return false;
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
                "commune = excluded.commune, notes = excluded.notes, modification = excluded.modification, "
                "sync_state = 0"),
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

bool Store::deleteBeneficiary(const QUuid &id, QString *error)
{
    const std::optional<Beneficiary> person = beneficiary(id);
    if (!person || person->isDeleted()) {
        *error = tr("Ce bénéficiaire n'existe pas.");
        return false;
    }
    WriteTransaction tx(*this);
    if (!tx.begin(error))
        return false;
    // Their activities now name an anonymous person: pending for sync.
    QSqlQuery q(database());
    if (!prepare(q,
            QStringLiteral("UPDATE activites SET modification = max(creation, :now), sync_state = 0 "
                           "WHERE beneficiaire_id = :id OR id IN (SELECT activite_id FROM activite_participants "
                           "WHERE beneficiaire_id = :id)"),
            error))
        return false;
    q.bindValue(QStringLiteral(":now"), timestamp(m_clock.nowUtc()));
    q.bindValue(QStringLiteral(":id"), id.toString(QUuid::WithoutBraces));
    if (!exec(q, error) || !eraseBeneficiary(id, true, error) || !tx.commit(error))
        return false;
    forgetErasedPages();
    return true;
}

void Store::forgetErasedPages()
{
    // The erased name is overwritten in the base (secure_delete) but still in the WAL's copies of its pages until a
    // checkpoint: written back and the WAL emptied. A reader holding an old snapshot can delay it; the next
    // checkpoint does it then.
    QSqlQuery q(database());
    q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

bool Store::eraseBeneficiary(const QUuid &id, bool keepPublic, QString *error)
{
    QSqlQuery q(database());
    const QString publicFields = keepPublic ? QString()
                                            : QStringLiteral("annee_naissance = 0, genre = '', tranche_age = '', "
                                                             "statut_social = '', code_insee = '', code_postal = '', "
                                                             "commune = '', ");
    if (!prepare(q,
            QStringLiteral("UPDATE beneficiaires SET prenom = '', nom = '', telephone = '', email = '', notes = '', ")
                + publicFields
                + QStringLiteral("suppression = :now, modification = :now, sync_state = 0 WHERE id = :id AND "
                               "suppression IS NULL"),
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
    if (!StoreRows::valid(Validator::validate(merged, m_clock.today()), error))
        return false;

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
                           "code_postal = ?, commune = ?, notes = ?, modification = ?, sync_state = 0 WHERE id = ?"),
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
    if (!exec(update, error) || !eraseBeneficiary(duplicate, false, error) || !tx.commit(error))
        return false;
    forgetErasedPages();
    return true;
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
