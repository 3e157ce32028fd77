#include "sync/server/ServerStore.h"

#include "models/domain/Codes.h"
#include "models/domain/Validator.h"
#include "models/io/JsonFields.h"
#include "sync/server/ParallelFor.h"
#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>

namespace {
QString timestampText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QVariant nullableText(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

const char *tableOf(ServerStore::Kind kind)
{
    switch (kind) {
    case ServerStore::Kind::Lieu:
        return "lieux";
    case ServerStore::Kind::Beneficiaire:
        return "beneficiaires";
    case ServerStore::Kind::Activite:
        break;
    }
    return "activites";
}

// "L'activité 0f3c…", for messages.
QString nounOf(ServerStore::Kind kind, const QString &id)
{
    switch (kind) {
    case ServerStore::Kind::Lieu:
        return ServerStore::tr("Le lieu d'activité %1").arg(id);
    case ServerStore::Kind::Beneficiaire:
        return ServerStore::tr("Le bénéficiaire suivi %1").arg(id);
    case ServerStore::Kind::Activite:
        break;
    }
    return ServerStore::tr("L'activité %1").arg(id);
}

constexpr ServerStore::Kind AllKinds[]
    = {ServerStore::Kind::Lieu, ServerStore::Kind::Beneficiaire, ServerStore::Kind::Activite};

ServerStore::Account accountOf(const QSqlQuery &q)
{
    ServerStore::Account a;
    a.id = QUuid::fromString(q.value(0).toString());
    a.nom = q.value(1).toString();
    a.structure = q.value(2).toString();
    a.role = q.value(3).toString();
    a.cree = QDateTime::fromString(q.value(4).toString(), Qt::ISODateWithMs);
    a.revoque = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
    return a;
}
} // namespace

ServerStore::ServerStore(ServerDatabase &database, const Clock &clock)
    : m_database(database)
    , m_clock(clock)
{
}

QDate ServerStore::today() const
{
    return m_clock.nowUtc().addSecs(12 * 3600).date();
}

QString ServerStore::tokenHash(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

bool ServerStore::addAccount(
    const QString &nom, const QString &structure, const QString &role, Account *account, QString *token, QString *error)
{
    if (nom.trimmed().isEmpty()) {
        *error = tr("--nom : le nom du compte manque (--nom \"Prénom Nom\").");
        return false;
    }
    if (role != QLatin1String("mediateur") && role != QLatin1String("responsable")) {
        *error = tr("--role : « %1 » n'est pas un rôle (mediateur ou responsable).").arg(role);
        return false;
    }
    const QString secret = newToken();
    Account a;
    a.id = QUuid::createUuid();
    a.nom = nom.trimmed();
    a.structure = structure.trimmed();
    a.role = role;
    a.cree = m_clock.nowUtc();
    QSqlDatabase db = m_database.connection(error);
    if (!db.isOpen() || !m_database.beginWrite(db, error))
        return false;
    QSqlQuery q(db);
    const auto fail = [&] {
        *error = m_database.describe(q.lastError());
        db.rollback();
        return false;
    };
    q.prepare(QStringLiteral("INSERT INTO comptes (id, nom, structure, role, jeton_empreinte, cree) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(JsonFields::uuidText(a.id));
    q.addBindValue(a.nom);
    q.addBindValue(a.structure.isNull() ? QStringLiteral("") : a.structure); // NOT NULL: a null QString binds NULL
    q.addBindValue(a.role);
    q.addBindValue(tokenHash(secret));
    q.addBindValue(timestampText(a.cree));
    if (!q.exec())
        return fail();
    q.prepare(QStringLiteral("INSERT INTO sequences (compte_id, valeur) VALUES (?, 0)"));
    q.addBindValue(JsonFields::uuidText(a.id));
    if (!q.exec())
        return fail();
    if (!db.commit())
        return fail();
    *account = a;
    *token = secret;
    return true;
}

bool ServerStore::accounts(QList<Account> *list, QString *error) const
{
    QSqlDatabase db = m_database.connection(error);
    if (!db.isOpen())
        return false;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT id, nom, structure, role, cree, revoque FROM comptes ORDER BY cree, id"))) {
        *error = m_database.describe(q.lastError());
        return false;
    }
    list->clear();
    while (q.next())
        list->append(accountOf(q));
    return true;
}

QString ServerStore::newToken()
{
    // 32 random bytes from the system's generator, in base64url: what a client sends as "Bearer carnet_...".
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return QStringLiteral("carnet_")
        + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool ServerStore::renewToken(const QString &id, Account *account, QString *token, QString *error)
{
    Account a;
    if (!findAccount(id, &a, error))
        return false;
    const QString secret = newToken();
    QSqlDatabase db = m_database.connection(error);
    if (!db.isOpen())
        return false;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE comptes SET jeton_empreinte = ?, revoque = NULL WHERE id = ?"));
    q.addBindValue(tokenHash(secret));
    q.addBindValue(JsonFields::uuidText(a.id));
    if (!q.exec()) {
        *error = m_database.describe(q.lastError());
        return false;
    }
    a.revoque = QDateTime();
    *account = a;
    *token = secret;
    return true;
}

bool ServerStore::findAccount(const QString &id, Account *account, QString *error) const
{
    QList<Account> all;
    if (!accounts(&all, error))
        return false;
    QList<Account> matching;
    for (const Account &a : std::as_const(all)) {
        if (!id.isEmpty() && JsonFields::uuidText(a.id).startsWith(id.toLower()))
            matching << a;
    }
    if (matching.size() != 1) {
        *error = matching.isEmpty()
            ? tr("Aucun compte n'a l'identifiant « %1 » (carnet-serveur compte lister).").arg(id)
            : tr("Plusieurs comptes ont un identifiant qui commence par « %1 » : donnez-le en "
                 "entier.")
                  .arg(id);
        return false;
    }
    *account = matching.first();
    return true;
}

bool ServerStore::revokeAccount(const QString &id, Account *account, QString *error)
{
    Account a;
    if (!findAccount(id, &a, error))
        return false;
    if (!a.revoque.isValid()) {
        QSqlDatabase db = m_database.connection(error);
        QSqlQuery q(db);
        a.revoque = m_clock.nowUtc();
        q.prepare(QStringLiteral("UPDATE comptes SET revoque = ? WHERE id = ?"));
        q.addBindValue(timestampText(a.revoque));
        q.addBindValue(JsonFields::uuidText(a.id));
        if (!q.exec()) {
            *error = m_database.describe(q.lastError());
            return false;
        }
    }
    *account = a;
    return true;
}

std::optional<ServerStore::Account> ServerStore::authenticate(const QString &token, QString *error) const
{
    if (token.isEmpty())
        return std::nullopt;
    QSqlDatabase db = m_database.connection(error);
    if (!db.isOpen())
        return std::nullopt;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, nom, structure, role, cree, revoque FROM comptes WHERE jeton_empreinte = ?"));
    q.addBindValue(tokenHash(token));
    if (!q.exec()) {
        *error = m_database.describe(q.lastError());
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    const Account a = accountOf(q);
    if (a.revoque.isValid())
        return std::nullopt;
    return a;
}

const char *ServerStore::typeName(Kind kind)
{
    switch (kind) {
    case Kind::Lieu:
        return PlaceWire::Type;
    case Kind::Beneficiaire:
        return BeneficiaryWire::Type;
    case Kind::Activite:
        break;
    }
    return ActivityWire::Type;
}

bool ServerStore::kindOf(const QString &type, Kind *kind)
{
    for (const Kind k : AllKinds) {
        if (type == QLatin1String(typeName(k))) {
            *kind = k;
            return true;
        }
    }
    return false;
}

ServerStore::Answer ServerStore::put(const Account &account, const Operation &operation)
{
    return writeBatch(account, {operation}).value(0);
}

ServerStore::Answer ServerStore::remove(
    const Account &account, Kind kind, const QUuid &id, std::optional<qint64> ifMatch)
{
    Operation operation;
    operation.verb = Operation::Delete;
    operation.kind = kind;
    operation.id = id;
    operation.ifMatch = ifMatch;
    return writeBatch(account, {operation}).value(0);
}

namespace {
// A put's times (the client writes them: the server's own would make a resend differ from the first send) and its
// canonical body, by kind; a stored body soft-deleted at `now` (false with *error when unreadable; *already when it
// was deleted).
struct Incoming
{
    QDateTime creation;
    QDateTime modification;
    QDateTime suppression;
    QString date; // an activity's, for its column
    QString body;
};

Incoming incomingOf(const ServerStore::Operation &o)
{
    switch (o.kind) {
    case ServerStore::Kind::Lieu:
        return {o.place.creation, o.place.modification, {}, {}, compact(PlaceWire::toResource(o.place))};
    case ServerStore::Kind::Beneficiaire:
        return {o.beneficiary.creation, o.beneficiary.modification, o.beneficiary.suppression, {},
            compact(BeneficiaryWire::toResource(o.beneficiary))};
    case ServerStore::Kind::Activite:
        break;
    }
    return {o.activity.creation, o.activity.modification, o.activity.suppression, o.activity.date.toString(Qt::ISODate),
        compact(ActivityWire::toResource(o.activity))};
}

bool deletedBody(
    ServerStore::Kind kind, const QString &body, const QDateTime &now, Incoming *next, bool *already, QString *error)
{
    const QJsonObject stored = QJsonDocument::fromJson(body.toUtf8()).object();
    if (kind == ServerStore::Kind::Beneficiaire) {
        Beneficiary b;
        if (!BeneficiaryWire::fromResource(stored, &b, error))
            return false;
        *already = b.isDeleted();
        b.suppression = now;
        b.modification = now;
        *next = {b.creation, now, now, {}, compact(BeneficiaryWire::toResource(b))};
        return true;
    }
    Activity a;
    if (!ActivityWire::fromResource(stored, &a, error))
        return false;
    *already = a.isDeleted();
    a.suppression = now;
    a.modification = now;
    *next = {a.creation, now, now, a.date.toString(Qt::ISODate), compact(ActivityWire::toResource(a))};
    return true;
}
} // namespace

QList<ServerStore::Answer> ServerStore::writeBatch(const Account &account, const QList<Operation> &operations)
{
    const QString accountId = JsonFields::uuidText(account.id);
    QList<Answer> answers(operations.size());
    for (qsizetype i = 0; i < operations.size(); ++i)
        answers[i].kind = operations.at(i).kind;
    const auto answerWith = [](Answer &answer, int status, const QString &detail, const QString &pointer = {}) {
        answer.status = status;
        answer.detail = detail;
        answer.pointer = pointer;
    };
    const auto allFailed = [&](const QString &detail) {
        for (Answer &a : answers)
            a = Answer{503, 0, detail, {}, {}, {}, a.kind};
        return answers;
    };

    // What can be decided without the base: the times (400), then Carnet's rules (422); each operation on its own,
    // on every core.
    QList<Incoming> incoming(operations.size());
    QList<bool> pending(operations.size(), true);
    const QDate day = today();
    Answer *const answerAt = answers.data(); // detached once here, not from the threads
    Incoming *const incomingAt = incoming.data();
    bool *const pendingAt = pending.data();
    parallelFor(int(operations.size()), [&](int i) {
        const Operation &o = operations.at(i);
        Answer &answer = answerAt[i];
        if (o.verb == Operation::Delete) {
            if (o.kind == Kind::Lieu) {
                answerWith(answer, 400,
                    tr("un lieu d'activité ne se supprime pas (des activités le nomment) : archivez-le (« archive » : "
                       "true) pour qu'il ne soit plus proposé."));
                pendingAt[i] = false;
            }
            return;
        }
        incomingAt[i] = incomingOf(o);
        const Incoming &in = incomingAt[i];
        for (const char *key : {"creation", "modification"}) {
            if (qstrcmp(key, "creation") == 0 ? in.creation.isValid() : in.modification.isValid())
                continue;
            answerWith(answer, 400,
                tr("« attributes.%1 » : la date et heure manque (le client l'écrit, en UTC)").arg(QLatin1String(key)),
                QStringLiteral("/data/attributes/") + QLatin1String(key));
            pendingAt[i] = false;
            return;
        }
        const ValidationErrors errors = o.kind == Kind::Activite ? Validator::validate(o.activity, day)
            : o.kind == Kind::Beneficiaire                       ? Validator::validate(o.beneficiary, day)
                                                                 : Validator::validate(o.place);
        if (!errors.isEmpty()) {
            answerWith(answer, 422, Validator::describe(errors), QStringLiteral("/data/attributes"));
            pendingAt[i] = false;
        }
    });
    const qsizetype count = std::count(pending.cbegin(), pending.cend(), true);
    if (count == 0)
        return answers;

    QString error;
    QSqlDatabase db = m_database.connection(&error);
    if (!db.isOpen() || !m_database.beginWrite(db, &error)) {
        m_database.dropConnection();
        return allFailed(error);
    }
    QSqlQuery q(db);
    const auto failedWith = [&](const QSqlError &e) {
        const QString detail = m_database.describe(e);
        db.rollback();
        m_database.dropConnection(); // opened again by the next request (a restarted PostgreSQL, a broken link)
        return allFailed(detail);
    };
    const auto failed = [&] { return failedWith(q.lastError()); };
    // The account's next changes, under its row's lock: its writes are committed in the order of their sequence. One
    // number per operation (those that change nothing leave a gap).
    q.prepare(QStringLiteral("UPDATE sequences SET valeur = valeur + ? WHERE compte_id = ? RETURNING valeur"));
    q.addBindValue(count);
    q.addBindValue(accountId);
    if (!q.exec() || !q.next())
        return failed();
    qint64 seq = q.value(0).toLongLong() - count;
    q.finish();

    // The stored rows the batch names (its ids, and the places and people its activities refer to), locked on
    // PostgreSQL, then every operation decided in order against them, as they change.
    struct Row
    {
        bool exists = false; // in the base before the batch
        bool written = false; // changed by the batch
        QString owner;
        qint64 version = 0;
        qint64 seq = 0;
        QString body;
        Incoming next;
    };
    QHash<QString, Row> rows;
    QList<QStringList> ids(std::size(AllKinds)); // by kind, sorted: batches sharing rows lock them in the same order
    const auto keyOf = [](Kind kind, const QUuid &id) -> QString {
        return QString(QLatin1Char(char('0' + int(kind)))) + JsonFields::uuidText(id);
    };
    const auto name = [&](Kind kind, const QUuid &id) {
        const QString key = keyOf(kind, id);
        if (!rows.contains(key)) {
            rows.insert(key, Row());
            ids[int(kind)] << key.mid(1);
        }
    };
    for (qsizetype i = 0; i < operations.size(); ++i) {
        if (!pending.at(i))
            continue;
        const Operation &o = operations.at(i);
        name(o.kind, o.id);
        if (o.kind != Kind::Activite || o.verb != Operation::Put)
            continue;
        if (o.activity.typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite) && !o.activity.lieuId.isNull())
            name(Kind::Lieu, o.activity.lieuId);
        if (!o.activity.beneficiaireId.isNull())
            name(Kind::Beneficiaire, o.activity.beneficiaireId);
        for (const QUuid &person : o.activity.participants)
            name(Kind::Beneficiaire, person);
    }
    // Many rows per statement on PostgreSQL (a round trip each); one on SQLite, in the same process, whose Qt driver
    // binds a statement's parameters in a time that grows with the square of their number.
    const bool postgresql = m_database.kind() == ServerDatabase::Kind::Postgresql;
    const qsizetype perStatement = postgresql ? 100 : 1;
    for (const Kind kind : AllKinds) {
        QStringList &list = ids[int(kind)];
        std::sort(list.begin(), list.end());
        for (qsizetype from = 0; from < list.size(); from += perStatement) {
            const qsizetype to = std::min(list.size(), from + perStatement);
            if (from == 0 || to - from != perStatement) {
                const QStringList marks(to - from, QStringLiteral("?"));
                if (!q.prepare(QStringLiteral("SELECT id, compte_id, version, corps FROM %1 WHERE id IN (%2)")
                                   .arg(QLatin1String(tableOf(kind)), marks.join(QLatin1Char(',')))
                        + (postgresql ? QStringLiteral(" ORDER BY id COLLATE \"C\" FOR UPDATE") : QString())))
                    return failed();
            }
            for (qsizetype k = from; k < to; ++k)
                q.addBindValue(list.at(k));
            if (!q.exec())
                return failed();
            while (q.next()) {
                Row &row = rows[keyOf(kind, QUuid::fromString(q.value(0).toString()))];
                row.exists = true;
                row.owner = q.value(1).toString();
                row.version = q.value(2).toLongLong();
                row.body = q.value(3).toString();
            }
        }
        q.finish();
    }

    // An activity's place and people: the account's, on the server already or put earlier in the batch.
    const auto known = [&](Kind kind, const QUuid &id) {
        const Row &row = rows[keyOf(kind, id)];
        return (row.exists || row.written) && row.owner == accountId;
    };
    const auto missingReference = [&](const Activity &a, Answer &answer) {
        if (a.typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite) && !a.lieuId.isNull()
            && !known(Kind::Lieu, a.lieuId)) {
            answerWith(answer, 422,
                tr("« attributes.structure_id » : le lieu d'activité %1 n'est pas sur le serveur ; envoyez-le avant "
                   "l'activité (PUT /lieux/%1, ou plus tôt dans le même lot).")
                    .arg(JsonFields::uuidText(a.lieuId)),
                QStringLiteral("/data/attributes/structure_id"));
            return true;
        }
        const auto unknownPerson = [&](const QUuid &person, const QString &where, const QString &pointer) {
            answerWith(answer, 422,
                tr("« attributes.carnet.%1 » : le bénéficiaire suivi %2 n'est pas sur le serveur ; envoyez-le avant "
                   "l'activité (PUT /beneficiaires/%2, ou plus tôt dans le même lot).")
                    .arg(where, JsonFields::uuidText(person)),
                QStringLiteral("/data/attributes/carnet/") + pointer);
            return true;
        };
        if (!a.beneficiaireId.isNull() && !known(Kind::Beneficiaire, a.beneficiaireId))
            return unknownPerson(
                a.beneficiaireId, QStringLiteral("beneficiaire_suivi_id"), QStringLiteral("beneficiaire_suivi_id"));
        for (qsizetype k = 0; k < a.participants.size(); ++k) {
            if (!known(Kind::Beneficiaire, a.participants.at(k)))
                return unknownPerson(a.participants.at(k), QStringLiteral("participants_suivis[%1]").arg(k),
                    QStringLiteral("participants_suivis/%1").arg(k));
        }
        return false;
    };

    for (qsizetype i = 0; i < operations.size(); ++i) {
        if (!pending.at(i))
            continue;
        const Operation &operation = operations.at(i);
        const QString id = JsonFields::uuidText(operation.id);
        Row &row = rows[keyOf(operation.kind, operation.id)];
        Answer &answer = answers[i];
        const bool present = row.exists || row.written;
        ++seq;
        if (present && row.owner != accountId) {
            answerWith(answer, 403, tr("%1 appartient à un autre compte.").arg(nounOf(operation.kind, id)));
            continue;
        }
        if (present) {
            answer.body = row.body;
            answer.owner = accountId;
            answer.version = row.version;
        }
        const auto stale = [&] {
            answer.status = 412;
            answer.detail = operation.ifMatch
                ? tr("%1 a changé sur le serveur depuis la version %2 (version actuelle : %3) : voici la copie du "
                     "serveur.")
                      .arg(nounOf(operation.kind, id))
                      .arg(*operation.ifMatch)
                      .arg(row.version)
                : tr("%1 existe déjà sur le serveur (version %2) : envoyez cette version dans If-Match pour "
                     "remplacer la copie du serveur.")
                      .arg(nounOf(operation.kind, id))
                      .arg(row.version);
        };
        Incoming next;
        if (operation.verb == Operation::Delete) {
            if (!present) {
                answerWith(answer, 404, tr("%1 n'est pas sur le serveur.").arg(nounOf(operation.kind, id)));
                continue;
            }
            bool already = false;
            if (!deletedBody(operation.kind, row.body, m_clock.nowUtc(), &next, &already, &error)) {
                answerWith(answer, 500, error);
                continue;
            }
            if (already) {
                answer.status = 200; // deleted already: the same answer again
                continue;
            }
            if (operation.ifMatch && *operation.ifMatch != row.version) {
                stale();
                continue;
            }
        } else {
            next = incoming.at(i);
            if (!present && operation.ifMatch) {
                answerWith(answer, 412,
                    tr("%1 n'est pas sur le serveur (If-Match donne la version %2) : envoyez la ressource sans "
                       "If-Match "
                       "pour la créer.")
                        .arg(nounOf(operation.kind, id))
                        .arg(*operation.ifMatch));
                continue;
            }
            if (present && row.body == next.body) {
                answer.status = 200; // the same body again: a resend after a lost reply
                continue;
            }
            if (present && (!operation.ifMatch || *operation.ifMatch != row.version)) {
                stale();
                continue;
            }
            if (operation.kind == Kind::Activite && missingReference(operation.activity, answer)) {
                answer.body.clear();
                answer.version = 0;
                continue;
            }
        }
        answer.status = present ? 200 : 201;
        row.written = true;
        row.owner = accountId;
        row.version += 1;
        row.seq = seq;
        row.body = next.body;
        row.next = next;
        answer.version = row.version;
        answer.body = next.body;
        answer.owner = accountId;
        answer.detail.clear();
    }

    // The rows the batch changed, each once in its last state: the new ones by INSERTs of perStatement rows, the
    // others by one prepared UPDATE per kind.
    bool changed = false;
    for (const Kind kind : AllKinds) {
        const bool dated = kind == Kind::Activite;
        const QString table = QLatin1String(tableOf(kind));
        const auto bindRow = [&](QSqlQuery &w, const Row &row, const QString &id) {
            w.addBindValue(row.version);
            w.addBindValue(row.seq);
            if (dated)
                w.addBindValue(row.next.date);
            w.addBindValue(timestampText(row.next.modification));
            w.addBindValue(nullableText(timestampText(row.next.suppression)));
            w.addBindValue(row.body);
            w.addBindValue(id);
        };
        QList<const Row *> inserted;
        QStringList insertedIds;
        QSqlQuery update(db);
        bool updateReady = false;
        for (const QString &id : std::as_const(ids.at(int(kind)))) {
            const Row &row = rows[keyOf(kind, QUuid::fromString(id))];
            if (!row.written)
                continue;
            changed = true;
            if (!row.exists) {
                inserted << &row;
                insertedIds << id;
                continue;
            }
            if (!updateReady
                && !(updateReady = update.prepare(QStringLiteral("UPDATE %1 SET version = ?, seq = ?, %2"
                                                                 "modification = ?, suppression = ?, corps = ? "
                                                                 "WHERE id = ?")
                                                      .arg(table, dated ? QStringLiteral("date = ?, ") : QString()))))
                return failedWith(update.lastError());
            bindRow(update, row, id);
            if (!update.exec())
                return failedWith(update.lastError());
        }
        QSqlQuery insert(db);
        const QString marks
            = dated ? QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?)") : QStringLiteral("(?, ?, ?, ?, ?, ?, ?)");
        for (qsizetype from = 0; from < inserted.size(); from += perStatement) {
            const qsizetype to = std::min(inserted.size(), from + perStatement);
            if ((from == 0 || to - from != perStatement)
                && !insert.prepare(QStringLiteral("INSERT INTO %1 (version, seq, %2modification, suppression, corps, "
                                                  "id, compte_id) VALUES ")
                                       .arg(table, dated ? QStringLiteral("date, ") : QString())
                    + QStringList(to - from, marks).join(QStringLiteral(", "))))
                return failedWith(insert.lastError());
            for (qsizetype k = from; k < to; ++k) {
                bindRow(insert, *inserted.at(k), insertedIds.at(k));
                insert.addBindValue(accountId);
            }
            if (!insert.exec())
                return failedWith(insert.lastError());
        }
    }
    if (!changed) {
        db.rollback(); // nothing changed (the sequence taken included)
        return answers;
    }
    if (!db.commit())
        return failedWith(db.lastError());
    return answers;
}

ServerStore::Answer ServerStore::get(const Account &account, Kind kind, const QUuid &id) const
{
    Answer answer;
    answer.kind = kind;
    const QString accountId = JsonFields::uuidText(account.id);
    QSqlDatabase db = m_database.connection(&answer.detail);
    if (!db.isOpen()) {
        answer.status = 503;
        m_database.dropConnection();
        return answer;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT version, corps FROM %1 WHERE id = ? AND compte_id = ?")
                  .arg(QLatin1String(tableOf(kind))));
    q.addBindValue(JsonFields::uuidText(id));
    q.addBindValue(accountId);
    if (!q.exec()) {
        answer.status = 503;
        answer.detail = m_database.describe(q.lastError());
        m_database.dropConnection();
        return answer;
    }
    if (!q.next()) {
        answer.status = 404;
        answer.detail = tr("%1 n'est pas sur le serveur.").arg(nounOf(kind, JsonFields::uuidText(id)));
        return answer;
    }
    answer.status = 200;
    answer.version = q.value(0).toLongLong();
    answer.body = q.value(1).toString();
    answer.owner = accountId;
    return answer;
}

bool ServerStore::list(const Account &account, Kind kind, qint64 after, int size, const QDateTime &modifiedSince,
    Page *page, QString *error) const
{
    const QString accountId = JsonFields::uuidText(account.id);
    QSqlDatabase db = m_database.connection(error);
    if (!db.isOpen())
        return false;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT seq, version, corps FROM %1 WHERE compte_id = ? AND seq > ?")
                  .arg(QLatin1String(tableOf(kind)))
        + (modifiedSince.isValid() ? QStringLiteral(" AND modification >= ?") : QString())
        + QStringLiteral(" ORDER BY seq LIMIT %1").arg(size + 1));
    q.addBindValue(accountId);
    q.addBindValue(after);
    if (modifiedSince.isValid())
        q.addBindValue(timestampText(modifiedSince));
    if (!q.exec()) {
        *error = m_database.describe(q.lastError());
        m_database.dropConnection();
        return false;
    }
    *page = Page();
    page->last = after;
    QList<Stored> stored;
    while (q.next()) {
        if (stored.size() == size) {
            page->more = true;
            break;
        }
        page->last = q.value(0).toLongLong();
        stored.append({q.value(2).toString(), q.value(1).toLongLong()});
    }
    q.finish();
    return served(kind, accountId, stored, &page->resources, error);
}

QJsonObject ServerStore::resource(const Answer &answer) const
{
    if (answer.body.isEmpty())
        return {};
    QList<QByteArray> out;
    QString error;
    if (!served(answer.kind, answer.owner, {{answer.body, answer.version}}, &out, &error)) {
        // The base failed while counting its people: the resource as stored (its aggregates without them).
        out = {servedText(answer.kind, answer.owner, answer.body.toUtf8(), answer.version)};
    }
    return QJsonDocument::fromJson(out.value(0)).object();
}

QByteArray ServerStore::servedText(Kind kind, const QString &owner, const QByteArray &body, qint64 version)
{
    // The canonical body's text is {"attributes":{...},"id":...,"type":...} (QJsonDocument writes keys in order):
    // the owner goes first into attributes, the version last as meta, without reading the rest.
    static const QByteArray head = QByteArrayLiteral("{\"attributes\":{");
    if (body.startsWith(head) && body.size() > head.size() + 1 && body.at(head.size()) != '}' && body.endsWith('}')) {
        QByteArray out;
        out.reserve(body.size() + 96);
        out += head;
        if (kind == Kind::Activite)
            out += "\"mediateur_id\":\"" + owner.toLatin1() + "\",";
        out.append(body.constData() + head.size(), body.size() - head.size() - 1);
        out += ",\"meta\":{\"version\":" + QByteArray::number(version) + "}}";
        return out;
    }
    QJsonObject r = QJsonDocument::fromJson(body).object();
    r.insert(QStringLiteral("meta"), QJsonObject{{QStringLiteral("version"), version}});
    if (kind == Kind::Activite) {
        QJsonObject attributes = r.value(QLatin1String("attributes")).toObject();
        attributes.insert(QStringLiteral("mediateur_id"), owner);
        r.insert(QStringLiteral("attributes"), attributes);
    }
    return QJsonDocument(r).toJson(QJsonDocument::Compact);
}

bool ServerStore::served(
    Kind kind, const QString &owner, const QList<Stored> &rows, QList<QByteArray> *out, QString *error) const
{
    out->clear();
    out->reserve(rows.size());
    // The activities naming followed people are read; the others only spliced (the text of a JSON string escapes
    // its quotes, so these patterns are found only as the keys themselves).
    static const QByteArray single = QByteArrayLiteral("\"beneficiaire_suivi_id\":\"");
    static const QByteArray several = QByteArrayLiteral("\"participants_suivis\":[");
    QList<qsizetype> counting;
    QList<QJsonObject> read;
    QStringList people;
    QSet<QString> seen;
    for (const Stored &row : rows) {
        const QByteArray body = row.body.toUtf8();
        out->append(servedText(kind, owner, body, row.version));
        if (kind != Kind::Activite)
            continue;
        const qsizetype list = body.indexOf(several);
        const bool named = body.contains(single)
            || (list >= 0 && list + several.size() < body.size() && body.at(list + several.size()) != ']');
        if (!named)
            continue;
        const QJsonObject r = QJsonDocument::fromJson(out->last()).object();
        const QJsonObject carnet
            = r.value(QLatin1String("attributes")).toObject().value(QLatin1String("carnet")).toObject();
        QStringList ids;
        if (const QString one = carnet.value(QLatin1String("beneficiaire_suivi_id")).toString(); !one.isEmpty())
            ids << one;
        for (const QJsonValue &v : carnet.value(QLatin1String("participants_suivis")).toArray())
            ids << v.toString();
        for (const QString &id : std::as_const(ids)) {
            if (!seen.contains(id)) {
                seen.insert(id);
                people << id;
            }
        }
        counting << out->size() - 1;
        read << r;
    }
    if (counting.isEmpty())
        return true;

    // The people, several per statement on PostgreSQL (one on SQLite: see writeBatch).
    QSqlDatabase db = m_database.connection(error);
    if (!db.isOpen())
        return false;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const qsizetype perStatement = m_database.kind() == ServerDatabase::Kind::Postgresql ? 100 : 1;
    QHash<QUuid, Beneficiary> stored;
    for (qsizetype from = 0; from < people.size(); from += perStatement) {
        const qsizetype to = std::min(people.size(), from + perStatement);
        if (from == 0 || to - from != perStatement)
            q.prepare(QStringLiteral("SELECT corps FROM beneficiaires WHERE compte_id = ? AND id IN (%1)")
                          .arg(QStringList(to - from, QStringLiteral("?")).join(QLatin1Char(','))));
        q.addBindValue(owner);
        for (qsizetype k = from; k < to; ++k)
            q.addBindValue(people.at(k));
        if (!q.exec()) {
            *error = m_database.describe(q.lastError());
            m_database.dropConnection();
            return false;
        }
        while (q.next()) {
            Beneficiary b;
            if (BeneficiaryWire::fromResource(
                    QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object(), &b, nullptr))
                stored.insert(b.id, b);
        }
    }
    const ActivityWire::People lookup = [&](const QUuid &id) -> std::optional<Beneficiary> {
        const auto it = stored.constFind(id);
        return it == stored.cend() ? std::nullopt : std::optional<Beneficiary>(*it);
    };
    for (qsizetype k = 0; k < counting.size(); ++k) {
        QJsonObject r = read.at(k);
        Activity a;
        if (!ActivityWire::fromResource(r, &a, nullptr))
            continue;
        QJsonObject attributes = r.value(QLatin1String("attributes")).toObject();
        attributes.insert(QStringLiteral("beneficiaires"), ActivityWire::beneficiaires(a, lookup));
        r.insert(QStringLiteral("attributes"), attributes);
        (*out)[counting.at(k)] = QJsonDocument(r).toJson(QJsonDocument::Compact);
    }
    return true;
}

int ServerStore::readable(const Account &reader, const QUuid &target, Account *account, QString *error) const
{
    if (target == reader.id) {
        *account = reader;
        return 200;
    }
    if (reader.role != QLatin1String("responsable"))
        return 403;
    QSqlDatabase db = m_database.connection(error);
    if (!db.isOpen())
        return 503;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, nom, structure, role, cree, revoque FROM comptes WHERE id = ?"));
    q.addBindValue(JsonFields::uuidText(target));
    if (!q.exec()) {
        *error = m_database.describe(q.lastError());
        m_database.dropConnection();
        return 503;
    }
    if (!q.next())
        return 404;
    const Account a = accountOf(q);
    if (reader.structure.isEmpty() || a.structure != reader.structure)
        return 403;
    *account = a;
    return 200;
}

bool ServerStore::team(const Account &reader, QList<Account> *list, QString *error) const
{
    list->clear();
    if (reader.role != QLatin1String("responsable") || reader.structure.isEmpty()) {
        list->append(reader);
        return true;
    }
    QSqlDatabase db = m_database.connection(error);
    if (!db.isOpen())
        return false;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, nom, structure, role, cree, revoque FROM comptes WHERE structure = ? "
                             "ORDER BY nom, id"));
    q.addBindValue(reader.structure);
    if (!q.exec()) {
        *error = m_database.describe(q.lastError());
        m_database.dropConnection();
        return false;
    }
    while (q.next())
        list->append(accountOf(q));
    return true;
}
