#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Place.h"
#include "models/domain/Validator.h"

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

class QSqlQuery;

// Inside the store's implementation files only: how records map to the columns of the tables (values as bound,
// rows as read), and the statements that read whole records.
namespace StoreRows {
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
    CSource,
    CImportKey,
    CColumnCount
};

extern const char *const kSelectBeneficiary;
extern const char *const kSelectPlace;
extern const char *const kInsertParticipant;

QString columnList();
const QString &selectActivitySql();
const QString &upsertActivitySql();
// The same, for a record written as the server has it (the pull): every column replaced, the server's version too.
const QString &remoteUpsertActivitySql();
QVariant text(const QString &s);
QVariant uuidOrNull(const QUuid &id);
QVariant timestamp(const QDateTime &t);
QDateTime parseTimestamp(const QVariant &v);
QVariant optionalBool(const std::optional<bool> &b);
std::optional<bool> parseOptionalBool(const QVariant &v);
QString joinCodes(const QStringList &codes);
QStringList splitCodes(const QString &s);
QString joinTags(const QStringList &tags);
QStringList splitTags(const QString &s);
QString joinCounters(const QMap<QString, int> &counters);
QMap<QString, int> splitCounters(const QString &s);
Activity readActivity(const QSqlQuery &q);
void dropZeroCounters(QMap<QString, int> &counters);
Beneficiary readBeneficiary(const QSqlQuery &q);
Place readPlace(const QSqlQuery &q);

// True when there is no validation error; otherwise *error has them all, in French.
bool valid(const ValidationErrors &errors, QString *error);
} // namespace StoreRows
