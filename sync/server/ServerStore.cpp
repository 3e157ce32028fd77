#include "sync/server/ServerStore.h"

#include "models/domain/Validator.h"
#include "models/io/JsonFields.h"
#include "sync/wire/ActivityWire.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonDocument>
#include <QRandomGenerator>
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

// The stored body of an activity: its canonical resource without what the server adds on the way out.
QString canonical(const Activity &a)
{
    return QString::fromUtf8(QJsonDocument(ActivityWire::toResource(a)).toJson(QJsonDocument::Compact));
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

QJsonObject ServerStore::served(const QString &body, const QString &accountId, qint64 version)
{
    QJsonObject resource = QJsonDocument::fromJson(body.toUtf8()).object();
    QJsonObject attributes = resource.value(QLatin1String("attributes")).toObject();
    // The platform's order: mediateur_id after type (JSON objects have none, but it is read that way).
    attributes.insert(QStringLiteral("mediateur_id"), accountId);
    resource.insert(QStringLiteral("attributes"), attributes);
    resource.insert(QStringLiteral("meta"), QJsonObject{{QStringLiteral("version"), version}});
    return resource;
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
    return writeBatch(account, {Operation{Operation::Put, activity.id, ifMatch, activity}}).value(0);
}

ServerStore::Answer ServerStore::deleteActivity(const Account &account, const QUuid &id, std::optional<qint64> ifMatch)
{
    return writeBatch(account, {Operation{Operation::Delete, id, ifMatch, Activity()}}).value(0);
}

QList<ServerStore::Answer> ServerStore::writeBatch(const Account &account, const QList<Operation> &operations)
{
    const QString accountId = JsonFields::uuidText(account.id);
    QList<Answer> answers(operations.size());
    const auto allFailed = [&](const QString &detail) {
        for (Answer &a : answers)
            a = Answer{503, 0, detail, {}, {}, {}};
        return answers;
    };

    // What can be decided without the base: the times, which the client writes (the server's own would make a resend
    // differ from the first send), then Carnet's rules (422).
    QList<Activity> incoming(operations.size());
    QList<bool> pending(operations.size(), true);
    for (qsizetype i = 0; i < operations.size(); ++i) {
        if (operations.at(i).kind != Operation::Put)
            continue;
        Activity &a = incoming[i];
        a = operations.at(i).activity;
        for (const char *key : {"creation", "modification"}) {
            if (qstrcmp(key, "creation") == 0 ? a.creation.isValid() : a.modification.isValid())
                continue;
            answers[i] = Answer{400, 0,
                tr("« attributes.%1 » : la date et heure manque (le client l'écrit, en UTC)").arg(QLatin1String(key)),
                QStringLiteral("/data/attributes/") + QLatin1String(key), {}, {}};
            pending[i] = false;
            break;
        }
        if (!pending.at(i))
            continue;
        const ValidationErrors errors = Validator::validate(a, today());
        if (!errors.isEmpty()) {
            answers[i] = Answer{422, 0, Validator::describe(errors), QStringLiteral("/data/attributes"), {}, {}};
            pending[i] = false;
        }
    }
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

    // The stored rows of the batch's ids, in one statement (locked on PostgreSQL), then every operation decided in
    // order against them, as they change.
    struct Row
    {
        bool exists = false; // in the base before the batch
        bool written = false; // changed by the batch
        QString owner;
        qint64 version = 0;
        qint64 seq = 0;
        QString body;
        Activity activity;
    };
    QHash<QString, Row> rows;
    QStringList ids; // sorted: two batches lock the rows they share in the same order (no deadlock)
    for (qsizetype i = 0; i < operations.size(); ++i) {
        const QString id = JsonFields::uuidText(operations.at(i).id);
        if (pending.at(i) && !rows.contains(id)) {
            rows.insert(id, Row());
            ids << id;
        }
    }
    std::sort(ids.begin(), ids.end());
    // Many rows per statement on PostgreSQL (a round trip each); one on SQLite, in the same process, whose Qt driver
    // binds a statement's parameters in a time that grows with the square of their number.
    const qsizetype perStatement = m_database.kind() == ServerDatabase::Kind::Postgresql ? 100 : 1;
    for (qsizetype from = 0; from < ids.size(); from += perStatement) {
        const qsizetype to = std::min(ids.size(), from + perStatement);
        if (from == 0 || to - from != perStatement) {
            const QStringList marks(to - from, QStringLiteral("?"));
            if (!q.prepare(QStringLiteral("SELECT id, compte_id, version, corps FROM activites WHERE id IN (%1)")
                               .arg(marks.join(QLatin1Char(',')))
                    + (m_database.kind() == ServerDatabase::Kind::Postgresql ? QStringLiteral(" FOR UPDATE")
                                                                             : QString())))
                return failed();
        }
        for (qsizetype k = from; k < to; ++k)
            q.addBindValue(ids.at(k));
        if (!q.exec())
            return failed();
        while (q.next()) {
            Row &row = rows[q.value(0).toString()];
            row.exists = true;
            row.owner = q.value(1).toString();
            row.version = q.value(2).toLongLong();
            row.body = q.value(3).toString();
        }
    }
    q.finish();

    for (qsizetype i = 0; i < operations.size(); ++i) {
        if (!pending.at(i))
            continue;
        const Operation &operation = operations.at(i);
        const QString id = JsonFields::uuidText(operation.id);
        Row &row = rows[id];
        Answer &answer = answers[i];
        const bool present = row.exists || row.written;
        ++seq;
        if (present && row.owner != accountId) {
            answer = Answer{403, 0, tr("L'activité %1 appartient à un autre compte.").arg(id), {}, {}, {}};
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
                ? tr("L'activité %1 a changé sur le serveur depuis la version %2 (elle en est à la version %3) : voici "
                     "la copie du serveur.")
                      .arg(id)
                      .arg(*operation.ifMatch)
                      .arg(row.version)
                : tr("L'activité %1 existe déjà sur le serveur (version %2) : envoyez sa version dans If-Match pour la "
                     "remplacer.")
                      .arg(id)
                      .arg(row.version);
        };
        Activity next;
        if (operation.kind == Operation::Delete) {
            if (!present) {
                answer = Answer{404, 0, tr("Aucune activité %1 sur le serveur.").arg(id), {}, {}, {}};
                continue;
            }
            if (!ActivityWire::fromResource(QJsonDocument::fromJson(row.body.toUtf8()).object(), &next, &error)) {
                answer.status = 500;
                answer.detail = error;
                continue;
            }
            if (next.isDeleted()) {
                answer.status = 200; // deleted already: the same answer again
                continue;
            }
            if (operation.ifMatch && *operation.ifMatch != row.version) {
                stale();
                continue;
            }
            const QDateTime now = m_clock.nowUtc();
            next.suppression = now;
            next.modification = now;
        } else {
            next = incoming.at(i);
            if (!present && operation.ifMatch) {
                answer.status = 412;
                answer.detail = tr("L'activité %1 n'est pas sur le serveur (If-Match donne la version %2) : envoyez-la "
                                   "sans If-Match pour la créer.")
                                    .arg(id)
                                    .arg(*operation.ifMatch);
                continue;
            }
        }
        const QString body = canonical(next);
        if (operation.kind == Operation::Put && present) {
            if (row.body == body) {
                answer.status = 200; // the same body again: a resend after a lost reply
                continue;
            }
            if (!operation.ifMatch || *operation.ifMatch != row.version) {
                stale();
                continue;
            }
        }
        answer.status = present ? 200 : 201;
        row.written = true;
        row.owner = accountId;
        row.version += 1;
        row.seq = seq;
        row.body = body;
        row.activity = next;
        answer.version = row.version;
        answer.body = body;
        answer.owner = accountId;
        answer.detail.clear();
    }

    // The rows the batch changed, each once in its last state: the new ones by INSERTs of perStatement rows, the
    // others by one prepared UPDATE.
    QList<const Row *> inserted;
    QStringList insertedIds;
    QSqlQuery update(db);
    bool updateReady = false;
    const auto bindRow = [&](QSqlQuery &w, const Row &row, const QString &id) {
        w.addBindValue(row.version);
        w.addBindValue(row.seq);
        w.addBindValue(row.activity.date.toString(Qt::ISODate));
        w.addBindValue(timestampText(row.activity.modification));
        w.addBindValue(nullableText(timestampText(row.activity.suppression)));
        w.addBindValue(row.body);
        w.addBindValue(id);
    };
    for (const QString &id : std::as_const(ids)) {
        const Row &row = rows[id];
        if (!row.written)
            continue;
        if (!row.exists) {
            inserted << &row;
            insertedIds << id;
            continue;
        }
        if (!updateReady
            && !(updateReady
                = update.prepare(QStringLiteral("UPDATE activites SET version = ?, seq = ?, date = ?, "
                                                "modification = ?, suppression = ?, corps = ? WHERE id = ?"))))
            return failedWith(update.lastError());
        bindRow(update, row, id);
        if (!update.exec())
            return failedWith(update.lastError());
    }
    QSqlQuery insert(db);
    for (qsizetype from = 0; from < inserted.size(); from += perStatement) {
        const qsizetype to = std::min(inserted.size(), from + perStatement);
        const QStringList values(to - from, QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?)"));
        if ((from == 0 || to - from != perStatement)
            && !insert.prepare(QStringLiteral("INSERT INTO activites (version, seq, date, modification, suppression, "
                                              "corps, id, compte_id) VALUES ")
                + values.join(QStringLiteral(", "))))
            return failedWith(insert.lastError());
        for (qsizetype k = from; k < to; ++k) {
            bindRow(insert, *inserted.at(k), insertedIds.at(k));
            insert.addBindValue(accountId);
        }
        if (!insert.exec())
            return failedWith(insert.lastError());
    }
    if (inserted.isEmpty() && !updateReady) {
        db.rollback(); // nothing changed (the sequence taken included)
        return answers;
    }
    if (!db.commit())
        return failedWith(db.lastError());
    return answers;
}

ServerStore::Answer ServerStore::activity(const Account &account, const QUuid &activityId) const
{
    Answer answer;
    const QString accountId = JsonFields::uuidText(account.id);
    QSqlDatabase db = m_database.connection(&answer.detail);
    if (!db.isOpen()) {
        answer.status = 503;
        m_database.dropConnection();
        return answer;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT version, corps FROM activites WHERE id = ? AND compte_id = ?"));
    q.addBindValue(JsonFields::uuidText(activityId));
    q.addBindValue(accountId);
    if (!q.exec()) {
        answer.status = 503;
        answer.detail = m_database.describe(q.lastError());
        m_database.dropConnection();
        return answer;
    }
    if (!q.next()) {
        answer.status = 404;
        answer.detail = tr("Aucune activité %1 sur le serveur.").arg(JsonFields::uuidText(activityId));
        return answer;
    }
    answer.status = 200;
    answer.version = q.value(0).toLongLong();
    answer.body = q.value(1).toString();
    answer.owner = accountId;
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
        m_database.dropConnection();
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
