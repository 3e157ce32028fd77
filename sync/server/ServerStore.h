#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Clock.h"
#include "models/domain/Place.h"
#include "sync/server/ServerDatabase.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

// carnet-serveur's data: accounts and their activities, followed beneficiaries and places, through ServerDatabase (any
// thread: each uses its own connection). Every write is one transaction; a resource is stored as its canonical wire
// form (ActivityWire, BeneficiaryWire, PlaceWire: compact JSON) with its version and its place in the account's change
// sequence (one sequence for the three kinds).
class ServerStore
{
    Q_DECLARE_TR_FUNCTIONS(ServerStore)

public:
    // The three kinds of resource, in the order their rows are locked.
    enum class Kind { Lieu, Beneficiaire, Activite };
    static const char *typeName(Kind kind); // "lieu", "beneficiaire", "activite"
    static bool kindOf(const QString &type, Kind *kind);

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
        Kind kind = Kind::Activite;
    };

    struct Page
    {
        QList<QByteArray> resources; // each as served, JSON text
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
    // A new token for the account (its old one expired, lost or leaked): the old one refused from now, the new one
    // returned once in *token; a revoked account is active again. The account's data stays as it is.
    bool renewToken(const QString &id, Account *account, QString *token, QString *error);
    // The account of a token, unless unknown or revoked (nullopt; *error set only when the base failed).
    std::optional<Account> authenticate(const QString &token, QString *error) const;

    // One write of a batch (POST /activites/lot), or of PUT and DELETE.
    struct Operation
    {
        enum Verb { Put, Delete } verb = Put;
        Kind kind = Kind::Activite;
        QUuid id;
        std::optional<qint64> ifMatch;
        // Put's, the one of its kind.
        Activity activity;
        Beneficiary beneficiary;
        Place place;
    };

    // PUT /{kind}/{id}: 201 created, 200 identical resend or replaced (ifMatch the current version), 412 with the
    // server's copy (or ifMatch on a resource the server lacks), 403 another account's, 400 without its times, 422
    // refused by Carnet's rules or (an activity) naming a place or a followed beneficiary the server lacks, 503 the
    // base failed.
    Answer put(const Account &account, const Operation &operation);
    // DELETE: a soft delete (suppression set, version + 1); 200 (again for a deleted one), 404, 403, 412; a place is
    // archived instead (400).
    Answer remove(const Account &account, Kind kind, const QUuid &id, std::optional<qint64> ifMatch);
    // POST /activites/lot: every operation answered as PUT or DELETE would, in order (two operations on one id see
    // each other: a place or a person put before the activities naming them), in one transaction: the stored rows
    // read first (several per statement on PostgreSQL), the operations decided against them, the rows changed written
    // once each. A refused operation writes nothing and leaves the others. When the base fails, every answer is a 503
    // and nothing is written.
    QList<Answer> writeBatch(const Account &account, const QList<Operation> &operations);
    Answer get(const Account &account, Kind kind, const QUuid &id) const;
    // The account's resources of a kind after the sequence `after`, in sequence order, at most size of them;
    // modifiedSince (when valid) keeps those modified then or later.
    bool list(const Account &account, Kind kind, qint64 after, int size, const QDateTime &modifiedSince, Page *page,
        QString *error) const;

    // Whom `reader` may read: themselves, or (a responsable) an account of their structure. 403 otherwise, 404 when
    // unknown, 503 when the base failed (the account in *target on 200).
    int readable(const Account &reader, const QUuid &target, Account *account, QString *error) const;
    // The accounts of the reader's structure (a responsable's team), or the reader alone.
    bool team(const Account &reader, QList<Account> *list, QString *error) const;

    // A stored resource as served: with its owner (attributes.mediateur_id, an activity's) and its version
    // (meta.version); an activity's "beneficiaires" aggregates counted from its owner's followed beneficiaries as
    // stored now (the platform counts them when read, too).
    QJsonObject resource(const Answer &answer) const;

    // "today" for the rules (no activity in the future): the date at the furthest French time zone (UTC+12, Wallis et
    // Futuna), so that no mediator's today is refused wherever they are.
    QDate today() const;

    static QString tokenHash(const QString &token);
    static QString newToken();
    // The account whose id is `id` or starts with it (only one); false with a French *error.
    bool findAccount(const QString &id, Account *account, QString *error) const;

private:
    struct Stored
    {
        QString body;
        qint64 version = 0;
    };
    // Stored resources of one owner as served (see resource()), the people they count read once.
    bool served(
        Kind kind, const QString &owner, const QList<Stored> &rows, QList<QByteArray> *out, QString *error) const;
    // One stored body with its owner and version, its aggregates as stored.
    static QByteArray servedText(Kind kind, const QString &owner, const QByteArray &body, qint64 version);
    ServerDatabase &m_database;
    const Clock &m_clock;
};
