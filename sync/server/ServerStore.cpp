#include "sync/server/ServerStore.h"

#include "models/domain/Validator.h"
#include "models/io/JsonFields.h"
#include "sync/wire/ActivityWire.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace {
QString timestampText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QVariant nullableText(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

// The stored body of an activity: its canonical resource without what the server adds on the way out.
QString canonical(const Activity &a)
{
    return QString::fromUtf8(QJsonDocument(ActivityWire::toResource(a)).toJson(QJsonDocument::Compact));
}

// The resource as served: the stored body, its owner and its version.
QJsonObject served(const QString &body, const QString &accountId, qint64 version)
{
    QJsonObject resource = QJsonDocument::fromJson(body.toUtf8()).object();
    QJsonObject attributes = resource.value(QLatin1String("attributes")).toObject();
    // The platform's order: mediateur_id after type (JSON objects have none, but it is read that way).
    attributes.insert(QStringLiteral("mediateur_id"), accountId);
    resource.insert(QStringLiteral("attributes"), attributes);
    resource.insert(QStringLiteral("meta"), QJsonObject{{QStringLiteral("version"), version}});
    return resource;
}

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
    // 32 random bytes from the system's generator, in base64url: what a client sends as "Bearer carnet_...".
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    const QString secret = QStringLiteral("carnet_")
        + QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
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

bool ServerStore::revokeAccount(const QString &id, Account *account, QString *error)
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
    Account a = matching.first();
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

ServerStore::Answer ServerStore::putActivity(
    const Account &account, const Activity &activity, std::optional<qint64> ifMatch)
{
    return write(account, Operation{Operation::Put, activity.id, ifMatch, activity});
}

ServerStore::Answer ServerStore::deleteActivity(const Account &account, const QUuid &id, std::optional<qint64> ifMatch)
{
    return write(account, Operation{Operation::Delete, id, ifMatch, Activity()});
}

ServerStore::Answer ServerStore::write(const Account &account, const Operation &operation)
{
    Answer answer;
    QSqlDatabase db = m_database.connection(&answer.detail);
    if (!db.isOpen() || !m_database.beginWrite(db, &answer.detail))
        return answer;
    bool changed = false;
    answer = writeIn(db, account, operation, &changed);
    if (!changed) {
        db.rollback(); // nothing to keep (the sequence taken included)
        return answer;
    }
    if (!db.commit()) {
        answer = Answer();
        answer.detail = m_database.describe(db.lastError());
        db.rollback();
    }
    return answer;
}

QList<ServerStore::Answer> ServerStore::writeBatch(const Account &account, const QList<Operation> &operations)
{
    QList<Answer> answers;
    QString error;
    QSqlDatabase db = m_database.connection(&error);
    const auto allFailed = [&](const QString &detail) {
        answers.clear();
        for (qsizetype i = 0; i < operations.size(); ++i) {
            Answer a;
            a.detail = detail;
            answers << a;
        }
        return answers;
    };
    if (!db.isOpen() || !m_database.beginWrite(db, &error))
        return allFailed(error);
    // One transaction for the whole batch (one commit, one sync of the disk), each operation in a savepoint of its
    // own: one refused or failed leaves the others as they are.
    QSqlQuery q(db);
    for (const Operation &operation : operations) {
        if (!q.exec(QStringLiteral("SAVEPOINT operation"))) {
            db.rollback();
            return allFailed(m_database.describe(q.lastError()));
        }
        bool changed = false;
        answers << writeIn(db, account, operation, &changed);
        if (!q.exec(changed ? QStringLiteral("RELEASE SAVEPOINT operation")
                            : QStringLiteral("ROLLBACK TO SAVEPOINT operation"))
            || (!changed && !q.exec(QStringLiteral("RELEASE SAVEPOINT operation")))) {
            db.rollback();
            return allFailed(m_database.describe(q.lastError()));
        }
    }
    if (!db.commit()) {
        const QString detail = m_database.describe(db.lastError());
        db.rollback();
        return allFailed(detail);
    }
    return answers;
}

ServerStore::Answer ServerStore::writeIn(
    QSqlDatabase &db, const Account &account, const Operation &operation, bool *changed)
{
    *changed = false;
    Answer answer;
    const QString accountId = JsonFields::uuidText(account.id);
    const QString id = JsonFields::uuidText(operation.id);
    const std::optional<qint64> &ifMatch = operation.ifMatch;
    // Times the client left out are the server's (a client writes them; the platform's are never null).
    Activity incoming = operation.activity;
    if (operation.kind == Operation::Put) {
        if (!incoming.creation.isValid())
            incoming.creation = m_clock.nowUtc();
        if (!incoming.modification.isValid())
            incoming.modification = incoming.creation;
        const ValidationErrors errors = Validator::validate(incoming, today());
        if (!errors.isEmpty()) {
            answer.status = 422;
            answer.detail = Validator::describe(errors);
            answer.pointer = QStringLiteral("/data/attributes");
            return answer;
        }
    }
    QSqlQuery q(db);
    const auto failed = [&] {
        answer = Answer();
        answer.detail = m_database.describe(q.lastError());
        return answer;
    };
    // The account's next change, under its row's lock: its writes are committed in the order of their sequence.
    q.prepare(QStringLiteral("UPDATE sequences SET valeur = valeur + 1 WHERE compte_id = ? RETURNING valeur"));
    q.addBindValue(accountId);
    if (!q.exec() || !q.next())
        return failed();
    const qint64 seq = q.value(0).toLongLong();
    q.finish();
    q.prepare(QStringLiteral("SELECT compte_id, version, corps FROM activites WHERE id = ?")
        + (m_database.kind() == ServerDatabase::Kind::Postgresql ? QStringLiteral(" FOR UPDATE") : QString()));
    q.addBindValue(id);
    if (!q.exec())
        return failed();
    const bool exists = q.next();
    const QString owner = exists ? q.value(0).toString() : QString();
    const qint64 version = exists ? q.value(1).toLongLong() : 0;
    const QString stored = exists ? q.value(2).toString() : QString();
    q.finish();
    if (exists && owner != accountId) {
        answer.status = 403;
        answer.detail = tr("L'activité %1 appartient à un autre compte.").arg(id);
        return answer;
    }
    if (exists) {
        answer.resource = served(stored, accountId, version);
        answer.version = version;
    }
    const auto stale = [&] {
        answer.status = 412;
        answer.detail = ifMatch ? tr("L'activité %1 a changé sur le serveur depuis la version %2 (elle en est à la "
                                     "version %3) : voici la copie du serveur.")
                                      .arg(id)
                                      .arg(*ifMatch)
                                      .arg(version)
                                : tr("L'activité %1 existe déjà sur le serveur (version %2) : envoyez sa version dans "
                                     "If-Match pour la remplacer.")
                                      .arg(id)
                                      .arg(version);
        return answer;
    };

    QString body;
    if (operation.kind == Operation::Delete) {
        if (!exists) {
            answer.status = 404;
            answer.detail = tr("Aucune activité %1 sur le serveur.").arg(id);
            return answer;
        }
        QString error;
        if (!ActivityWire::fromResource(QJsonDocument::fromJson(stored.toUtf8()).object(), &incoming, &error)) {
            answer.status = 500;
            answer.detail = error;
            return answer;
        }
        if (incoming.isDeleted()) {
            answer.status = 200; // deleted already: the same answer again
            return answer;
        }
        if (ifMatch && *ifMatch != version)
            return stale();
        const QDateTime now = m_clock.nowUtc();
        incoming.suppression = now;
        incoming.modification = now;
        body = canonical(incoming);
    } else {
        body = canonical(incoming);
        if (exists && stored == body) {
            answer.status = 200; // the same body again: a resend after a lost reply
            return answer;
        }
        if (exists && (!ifMatch || *ifMatch != version))
            return stale();
    }
    if (exists) {
        q.prepare(QStringLiteral("UPDATE activites SET version = ?, seq = ?, date = ?, modification = ?, "
                                 "suppression = ?, corps = ? WHERE id = ?"));
        q.addBindValue(version + 1);
    } else {
        q.prepare(QStringLiteral("INSERT INTO activites (version, seq, date, modification, suppression, corps, id, "
                                 "compte_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(1);
    }
    q.addBindValue(seq);
    q.addBindValue(incoming.date.toString(Qt::ISODate));
    q.addBindValue(timestampText(incoming.modification));
    q.addBindValue(nullableText(timestampText(incoming.suppression)));
    q.addBindValue(body);
    q.addBindValue(id);
    if (!exists)
        q.addBindValue(accountId);
    if (!q.exec())
        return failed();
    *changed = true;
    answer.status = exists ? 200 : 201;
    answer.version = version + 1;
    answer.resource = served(body, accountId, answer.version);
    return answer;
}

ServerStore::Answer ServerStore::activity(const Account &account, const QUuid &activityId) const
{
    Answer answer;
    const QString accountId = JsonFields::uuidText(account.id);
    QSqlDatabase db = m_database.connection(&answer.detail);
    if (!db.isOpen())
        return answer;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT version, corps FROM activites WHERE id = ? AND compte_id = ?"));
    q.addBindValue(JsonFields::uuidText(activityId));
    q.addBindValue(accountId);
    if (!q.exec()) {
        answer.detail = m_database.describe(q.lastError());
        return answer;
    }
    if (!q.next()) {
        answer.status = 404;
        answer.detail = tr("Aucune activité %1 sur le serveur.").arg(JsonFields::uuidText(activityId));
        return answer;
    }
    answer.status = 200;
    answer.version = q.value(0).toLongLong();
    answer.resource = served(q.value(1).toString(), accountId, answer.version);
    return answer;
}

bool ServerStore::activities(
    const Account &account, qint64 after, int size, const QDateTime &modifiedSince, Page *page, QString *error) const
{
    const QString accountId = JsonFields::uuidText(account.id);
    QSqlDatabase db = m_database.connection(error);
    if (!db.isOpen())
        return false;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT seq, version, corps FROM activites WHERE compte_id = ? AND seq > ?")
        + (modifiedSince.isValid() ? QStringLiteral(" AND modification >= ?") : QString())
        + QStringLiteral(" ORDER BY seq LIMIT %1").arg(size + 1));
    q.addBindValue(accountId);
    q.addBindValue(after);
    if (modifiedSince.isValid())
        q.addBindValue(timestampText(modifiedSince));
    if (!q.exec()) {
        *error = m_database.describe(q.lastError());
        return false;
    }
    *page = Page();
    page->last = after;
    while (q.next()) {
        if (page->resources.size() == size) {
            page->more = true;
            break;
        }
        page->last = q.value(0).toLongLong();
        page->resources.append(served(q.value(2).toString(), accountId, q.value(1).toLongLong()));
    }
    return true;
}
