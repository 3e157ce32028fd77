#pragma once

#include "models/io/ImportPlan.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QString>

#include <functional>

class Store;
class TableReader;

// What every format's importer shares while it reads a file into a plan: today's date for validation, the places of
// the base (a file naming a place by its name finds it again), the places and followed beneficiaries the file adds,
// and the last step of every activity (validation, problems, the import key).
class ImportContext
{
    Q_DECLARE_TR_FUNCTIONS(ImportContext)

public:
    ImportContext(
        ImportPlan &plan, const Store *store, const QDate &today, std::function<bool(qint64, qint64)> progress = {});

    ImportPlan &plan() { return m_plan; }
    QDate today() const { return m_today; }
    const Store *store() const { return m_store; }

    // The place of this id, or (null id) the base's place of this name and commune, or a new one added to the plan
    // with an id made from its name and commune (the same file gives the same id again).
    QUuid place(const QUuid &id, const QString &nom, const QString &adresse, const CommuneRef &commune, qint64 row);
    // A followed beneficiary named by the file: added to the plan unless the base or the plan has it. False when it
    // cannot be created (a problem of the row, added): the activity naming it is left out, since the base would not
    // have the person it refers to.
    bool beneficiary(const Beneficiary &b, qint64 row);

    // Validates the activity (Carnet's Validator) and adds it to the plan, or adds its problems (each in the column
    // fieldColumn gives for the validator's field, -1 when none) and leaves it out.
    // where, when not empty, starts every message instead of the row (a JSON record has no row).
    void finish(Activity &activity, qint64 row, const std::function<int(const QString &field)> &fieldColumn,
        const QStringList &headers, const QString &where = QString());

    // An id for a row without one of its own: a name-based UUID (version 5) of its import key, so that importing the
    // same file again gives the same ids, and the store's check by id recognises the rows already imported.
    static QUuid idForKey(const QString &importKey);
    // The import key of a row without an id of its own, from its content: the folded text of its cells, hashed,
    // then "#n" for the n-th row of the file with the very same content (two identical sessions on one day are two
    // activities). The file's name is left out on purpose: the same rows imported again add nothing, whatever the file
    // is called now ("suivi (1).xlsx" downloaded again, saved as CSV instead of XLSX, or a later copy of the same
    // sheet with rows added, whose new rows alone come in). The price: a row equal in every cell to one already
    // imported from another file is taken for that activity; the preview counts it as "déjà présente", so nothing is
    // dropped without the mediator seeing it. prefix: the format ("tableur", "v1"...).
    QString contentKey(const QString &prefix, const QStringList &cells);
    // The id of a named person of La Coop's export, which has no id of a person. The first person of that name in the
    // file gets the id of the name alone (as every earlier import, and the next export, where their statut or commune
    // may have changed since: the same person); another person of the same name in the same file, who differs in what
    // the export says of them (identity: commune, genre, tranche d'âge, statut), gets an id of the name with it.
    QUuid coopBeneficiaryId(const QString &foldedName, const QString &identity);
    // The import key of one Espace Coop (V1) CRA, the same however it comes in: its creation time (to the minute, in
    // UTC), type and date of accompagnement, then "#n" for the n-th such CRA of the import. The platform keeps a V1 CRA
    // under its archive's id (CraConseillerNumeriqueV1.id, the "id" of GET /api/v1/archives-v1/cras) and migrated it
    // into an activity with a new random id, its creation and modification set to the CRA's createdAt
    // (transformCraV1.ts, removed from the platform's repository since, in its history) and its v1CraId, which neither
    // its activities export nor its API give. What the three share is that creation time: the archive's created_at, the
    // export's "Enregistré le" (to the minute, with "Source de la donnée" saying "Espace coop (V1)"), the API's
    // creation. recordId: the record's id in what is read (archive id, activity id), so that a record given twice
    // (overlapping pages) gets the same key again rather than the next n.
    QString v1Key(const QDateTime &creation, const QString &type, const QDate &date, const QString &recordId);

    // Called every so many rows; false when the user cancelled (the plan then says so in fatal).
    bool progress(const TableReader &reader);
    bool progress(qint64 position, qint64 size);

private:
    ImportPlan &m_plan;
    const Store *m_store;
    QDate m_today;
    std::function<bool(qint64, qint64)> m_progress;
    QHash<QUuid, int> m_placeIds; // known places -> 1 when in the base, 2 when added by the plan
    QHash<QString, QUuid> m_placesByName; // folded "name|insee" -> id
    QSet<QUuid> m_beneficiaryIds;
    QSet<QUuid> m_activityIds; // read so far: an activity given twice (two overlapping pages) is added once
    QHash<QByteArray, int> m_contentKeys;
    QHash<QString, int> m_v1Keys; // "v1cra:time:type:date" -> how many so far
    QHash<QString, QString> m_v1KeysById; // record id -> its key
    QHash<QString, QString> m_coopIdentities; // folded name -> the identity of the first person of that name
    qint64 m_sinceProgress = 0;
};
