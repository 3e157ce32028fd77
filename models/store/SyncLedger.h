#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Place.h"
#include "models/store/Store.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlQuery>
#include <QString>
#include <QUuid>

#include <functional>
#include <map>
#include <memory>
#include <optional>

// The sync engine's narrow view of the local base: the outbox (the rows of places, people and activities not in state
// sent; each counts its local changes, by a trigger in the transaction of every local change: Migrations, version 7),
// the attempts of the rows tried (sync_envoi), the cursors of the incremental reads and the conflicts. Each call is one
// transaction on the store's connection (the engine's own Store, Store::openAnother, on the engine's thread): the local
// base is the commit point, so a crash between any two calls loses nothing, and an item sent twice is answered by the
// server as an identical resend.
class SyncLedger
{
    Q_DECLARE_TR_FUNCTIONS(SyncLedger)

public:
    // In the order the server needs them: what activities name first.
    enum class Kind { Lieu, Beneficiaire, Activite };
    static const char *kindName(Kind kind); // the outbox's genre: "lieu", "beneficiaire", "activite"

    struct Item
    {
        Kind kind = Kind::Activite;
        QUuid id;
        qint64 change = 0; // the local change this item carries
        int attempts = 0; // since its last local change
        QDateTime next; // not to be tried before (null: at once)
        QDateTime attempted; // the last attempt's start (null: never tried)
        QString error; // the last answer's message
        bool blocked = false; // refused for good or in conflict: waits for an edit or retryBlocked()
        QString serverVersion; // the version the server last gave (empty: never sent), for If-Match
    };

    explicit SyncLedger(Store &store);
    ~SyncLedger();
    SyncLedger(const SyncLedger &) = delete;
    SyncLedger &operator=(const SyncLedger &) = delete;

    // The answers of one request recorded in one transaction (one sync of the disk for a batch of 500, not 500):
    // the mark*() calls between these are part of it. rollbackAnswers() (or the ledger's end) drops them; the items
    // then stay attempted, tried again after their wait.
    bool beginAnswers(QString *error);
    bool commitAnswers(QString *error);
    void rollbackAnswers();

    // The items due at `now`, not blocked: places, then people, then activities, at most `limit`.
    bool due(const QDateTime &now, int limit, QList<Item> *items, QString *error) const;
    std::optional<Item> item(Kind kind, const QUuid &id) const; // nullopt when sent (or unknown)
    // The version the server last gave the row (empty: never sent), for If-Match.
    QString serverVersion(Kind kind, const QUuid &id) const;
    qint64 pendingCount() const; // every row not sent, blocked ones and conflicts included

    // Before its request: one attempt more, started now, and not to be tried again before retryAt(item) if no answer
    // ever comes (a crash, a lost connection). A row still at its change is shown as being sent.
    bool markAttempted(const QList<Item> &items, const QDateTime &now,
        const std::function<QDateTime(const Item &)> &retryAt, QString *error);
    // The server confirmed this change at `version`: out of the outbox and shown as sent, unless the row changed
    // since (then only the version is kept, for the next If-Match).
    bool markSent(const Item &item, const QString &version, QString *error);
    // The server does not have the version it last gave (a server restored from an older backup): the next send
    // creates it again, without If-Match.
    bool forgetServerVersion(const Item &item, QString *error);
    // An answer to try again later (5xx, a time-out, 429): its message kept, tried at `next`.
    bool markRetry(const Item &item, const QString &message, const QDateTime &next, QString *error);
    // Refused for good (a 4xx other than 401, 412, 429): shown in error with the server's message, not tried again
    // until edited or retried by the user.
    bool markFailed(const Item &item, const QString &message, QString *error);
    // Changed on both sides: the server's copy (its JSON) and version kept beside the local row, shown as a conflict.
    bool markConflict(
        const Item &item, const QString &version, const QByteArray &serverCopy, const QDateTime &now, QString *error);
    // The items whose last answer was a problem (refused for good, or to try again later), those refused first, at
    // most `limit`: the Synchronisation view's errors.
    QList<Item> problems(int limit = 200) const;
    // "Réessayer": every blocked item that is not a conflict is due again.
    bool retryBlocked(QString *error);

    struct Conflict
    {
        Kind kind = Kind::Activite;
        QUuid id;
        QString version;
        QByteArray serverCopy;
        QDateTime detected;
    };
    QList<Conflict> conflicts() const;

    // The cursor of the incremental read of a kind (empty: read from the start).
    QString cursor(Kind kind) const;
    bool setCursor(Kind kind, const QString &cursor, const QDateTime &now, QString *error);

    // The pull: a page of the server's records of one kind, written in one transaction with the cursor that follows
    // it (the cursor moves only with what it covers: a crash re-reads the page, which changes nothing twice). For each
    // record, by where the local row stands:
    // - absent, or sent at an older version: written as the server has it, shown as sent;
    // - changed here (pending, being sent, refused) on an older version, or in conflict: if both sides now say the
    //   same (the same fields, both deleted or neither), written as the server has it; otherwise a conflict, the
    //   server's copy kept beside the local row (never an overwrite);
    // - already at this version or a newer one (what this base sent, read back): left as it is.
    template <typename T> struct Remote
    {
        T record;
        qint64 version = 0; // meta.version
        QJsonObject resource; // the resource as the server gave it, kept for a conflict
    };
    struct PullCounts
    {
        int written = 0; // created or replaced here
        int unchanged = 0; // already here at this version, or newer
        int conflicts = 0; // new conflicts (and conflicts whose server copy changed)
    };
    bool applyPlaces(const QList<Remote<Place>> &rows, const QString &cursor, const QDateTime &now, PullCounts *counts,
        QString *error);
    bool applyBeneficiaries(const QList<Remote<Beneficiary>> &rows, const QString &cursor, const QDateTime &now,
        PullCounts *counts, QString *error);
    // Refuses the page, writing nothing, when an activity names a place or a person the base lacks
    // (missingReferences(): the caller reads those first).
    bool applyActivities(const QList<Remote<Activity>> &rows, const QString &cursor, const QDateTime &now,
        PullCounts *counts, QString *error);
    struct References
    {
        QSet<QUuid> places;
        QSet<QUuid> people;
        bool isEmpty() const { return places.isEmpty() && people.isEmpty(); }
    };
    // The places and followed beneficiaries the activities name that the base does not hold.
    References missingReferences(const QList<Remote<Activity>> &rows) const;

    // A conflict resolved by the server's copy (its record as the wire reads Conflict::serverCopy, at the conflict's
    // version): written as the server has it, shown as sent, the conflict forgotten. Nothing is written when the row
    // is no longer in conflict (*written false).
    bool acceptServerCopy(const Remote<Place> &row, const QDateTime &now, bool *written, QString *error);
    bool acceptServerCopy(const Remote<Beneficiary> &row, const QDateTime &now, bool *written, QString *error);
    bool acceptServerCopy(const Remote<Activity> &row, const QDateTime &now, bool *written, QString *error);
    // A conflict resolved by the local row (as it is, or a merge the caller saved through the Store just before):
    // pending again, its next send naming the conflict's version (If-Match) so that it replaces the server's copy;
    // the conflict forgotten. False with *error when the row has no conflict.
    // `version`: the server's copy the mediator saw; refused when another has been kept since (read meanwhile).
    bool keepLocal(Kind kind, const QUuid &id, qint64 version, QString *error);
    // The version of the server's copy kept for a conflict (0: no conflict).
    qint64 conflictVersion(Kind kind, const QUuid &id) const;

    // Where a local row stands, for the pull's choice.
    struct LocalState
    {
        int state = 0; // SyncState
        qint64 version = 0; // the server's version the row is on (0: never sent)
        qint64 change = 0;
        qint64 conflictVersion = 0; // the server's copy kept in conflict
    };

private:
    class Scope;
    // The local rows of these ids: state, server version and conflict version.
    bool localStates(Kind kind, const QList<QUuid> &ids, QHash<QUuid, LocalState> *states, QString *error) const;
    // The conflict's record and the row's state 3, inside the caller's transaction.
    bool recordConflict(Kind kind, const QUuid &id, qint64 change, const QString &version, const QByteArray &serverCopy,
        const QDateTime &now, QString *error);
    // After a row is written as the server has it: its attempts and any conflict forgotten.
    bool forgetRecords(Kind kind, const QUuid &id, QString *error);
    // A statement prepared once for the ledger's life (the answers of a batch run the same few hundreds of times).
    QSqlQuery *prepared(const QString &sql, QString *error);
    Store &m_store;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_prepared;
    std::unique_ptr<Store::WriteTransaction> m_answers;
    bool m_accepting = false; // acceptServerCopy(): a row in conflict takes the server's copy
};
