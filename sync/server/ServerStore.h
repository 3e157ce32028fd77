#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Clock.h"
#include "sync/server/ServerDatabase.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

// carnet-serveur's data: accounts and their activities, through ServerDatabase (any thread: each uses its own
// connection). Every write is one transaction; an activity is stored as its canonical wire resource
// (ActivityWire::toResource, compact JSON) with its version and its place in the account's change sequence.
class ServerStore
{
    Q_DECLARE_TR_FUNCTIONS(ServerStore)

public:
    struct Account
    {
        QUuid id;
        QString nom;
        QString structure;
        QString role; // "mediateur" or "responsable"
        QDateTime cree;
        QDateTime revoque; // null unless revoked
    };

    // What a write or a read answers: an HTTP status, the version and body as stored (the server's copy, for 412 too),
    // and for an error its French detail and the JSON pointer of its place.
    struct Answer
    {
        int status = 500;
        qint64 version = 0;
        QString detail;
        QString pointer;
        QString body; // the stored body (canonical JSON), empty when none
        QString owner; // its account's id

        // The resource as served (built only when asked: a batch answers most operations with their version).
        QJsonObject resource() const { return body.isEmpty() ? QJsonObject() : served(body, owner, version); }
    };

    struct Page
    {
        QList<QJsonObject> resources;
        qint64 last = 0; // the sequence of the last resource given (the cursor to go on from)
        bool more = false;
    };

    ServerStore(ServerDatabase &database, const Clock &clock);

    // Accounts. add() makes a random token, returned once in *token and stored hashed (SHA-256).
    bool addAccount(const QString &nom, const QString &structure, const QString &role, Account *account, QString *token,
        QString *error);
    bool accounts(QList<Account> *list, QString *error) const;
    // By id, or by the start of its id when only one account has it. Revoked at once: the token is refused from now.
    bool revokeAccount(const QString &id, Account *account, QString *error);
    // The account of a token, unless unknown or revoked (nullopt; *error set only when the base failed).
    std::optional<Account> authenticate(const QString &token, QString *error) const;

    // One write of a batch (POST /activites/lot), or of PUT and DELETE.
    struct Operation
    {
        enum Kind { Put, Delete } kind = Put;
        QUuid id;
        std::optional<qint64> ifMatch;
        Activity activity; // Put's
    };

    // PUT /activites/{id}: 201 created, 200 identical resend or replaced (ifMatch the current version), 412 with the
    // server's copy (or ifMatch on an activity the server lacks), 403 another account's, 400 without its times, 422
    // refused by Carnet's rules, 503 the base failed.
    Answer putActivity(const Account &account, const Activity &activity, std::optional<qint64> ifMatch);
    // DELETE: a soft delete (suppression set, version + 1); 200 (again for a deleted one), 404, 403, 412.
    Answer deleteActivity(const Account &account, const QUuid &id, std::optional<qint64> ifMatch);
    // POST /activites/lot: every operation answered as PUT or DELETE would, in order (two operations on one id see
    // each other), in one transaction: the stored rows read first (several per statement on PostgreSQL), the
    // operations decided against them, the rows changed written once each. A refused operation writes nothing and
    // leaves the others. When the base fails, every answer is a 503 and nothing is written.
    QList<Answer> writeBatch(const Account &account, const QList<Operation> &operations);
    Answer activity(const Account &account, const QUuid &id) const;
    // The account's activities after the sequence `after`, in sequence order, at most size of them; modifiedSince
    // (when valid) keeps those modified then or later.
    bool activities(const Account &account, qint64 after, int size, const QDateTime &modifiedSince, Page *page,
        QString *error) const;

    // "today" for the rules (no activity in the future): the date at the furthest French time zone (UTC+12, Wallis et
    // Futuna), so that no mediator's today is refused wherever they are.
    QDate today() const;

    static QString tokenHash(const QString &token);
    // A stored body as served: with its owner (attributes.mediateur_id) and its version (meta.version).
    static QJsonObject served(const QString &body, const QString &owner, qint64 version);

private:
    ServerDatabase &m_database;
    const Clock &m_clock;
};
