#include "sync/server/HttpApi.h"

#include "models/io/JsonFields.h"
#include "sync/wire/ActivityWire.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

#include <httplib.h>

namespace {
const char *const kJsonApi = "application/vnd.api+json";

QString text(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string bytes(const QJsonObject &o)
{
    const QByteArray json = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return std::string(json.constData(), size_t(json.size()));
}

const char *titleOf(int status)
{
    switch (status) {
    case 400:
        return "Requête illisible";
    case 401:
        return "Authentification requise";
    case 403:
        return "Interdit";
    case 404:
        return "Introuvable";
    case 405:
        return "Méthode non permise";
    case 412:
        return "Version dépassée";
    case 411:
        return "Longueur requise";
    case 413:
        return "Requête trop grande";
    case 422:
        return "Refusé par les règles de Carnet";
    case 429:
        return "Trop de requêtes";
    default:
        return status >= 500 ? "Erreur du serveur" : "Erreur";
    }
}

QJsonObject errorObject(int status, const QString &detail, const QString &pointer = QString())
{
    QJsonObject e{{QStringLiteral("status"), QString::number(status)},
        {QStringLiteral("title"), QCoreApplication::translate("HttpApi", titleOf(status))},
        {QStringLiteral("detail"), detail}};
    if (!pointer.isEmpty())
        e.insert(QStringLiteral("source"), QJsonObject{{QStringLiteral("pointer"), pointer}});
    return e;
}

void sendError(httplib::Response &res, int status, const QString &detail, const QString &pointer = QString(),
    const QJsonObject &data = {})
{
    QJsonObject document{{QStringLiteral("errors"), QJsonArray{errorObject(status, detail, pointer)}}};
    if (!data.isEmpty())
        document.insert(QStringLiteral("data"), data);
    res.status = status;
    if (status == 401)
        res.set_header("WWW-Authenticate", "Bearer");
    if (status == 503)
        res.set_header("Retry-After", "2"); // the base was busy or unreachable: a moment later
    res.set_content(bytes(document), kJsonApi);
}

void sendResource(httplib::Response &res, const ServerStore::Answer &answer)
{
    if (answer.status >= 400 && answer.status != 412) {
        sendError(res, answer.status, answer.detail, answer.pointer);
        return;
    }
    if (answer.status == 412) {
        sendError(res, 412, answer.detail, QString(), answer.resource());
        return;
    }
    res.status = answer.status;
    res.set_header("ETag", QStringLiteral("\"%1\"").arg(answer.version).toStdString());
    res.set_content(bytes(QJsonObject{{QStringLiteral("data"), answer.resource()}}), kJsonApi);
}

// If-Match: "3", W/"3" or 3; nullopt when absent; false when unreadable.
bool ifMatch(const httplib::Request &req, std::optional<qint64> *version)
{
    if (!req.has_header("If-Match")) {
        *version = std::nullopt;
        return true;
    }
    QString v = text(req.get_header_value("If-Match")).trimmed();
    if (v.startsWith(QLatin1String("W/")))
        v = v.mid(2);
    if (v.size() >= 2 && v.startsWith(QLatin1Char('"')) && v.endsWith(QLatin1Char('"')))
        v = v.mid(1, v.size() - 2);
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    if (!ok || n < 1)
        return false;
    *version = n;
    return true;
}

// If-Match read into *version, or a 400 sent (false).
bool versionOf(const httplib::Request &req, httplib::Response &res, std::optional<qint64> *version)
{
    if (ifMatch(req, version))
        return true;
    sendError(res, 400, HttpApi::tr("« If-Match » : la version de la ressource est attendue (\"3\")."));
    return false;
}

// The body as a JSON object, or a 400 naming what was expected (shape) sent (nullopt).
std::optional<QJsonObject> bodyOf(const httplib::Request &req, httplib::Response &res, const QString &shape)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(req.body), &parseError);
    if (doc.isObject())
        return doc.object();
    sendError(res, 400,
        doc.isNull() ? HttpApi::tr("le corps n'est pas un document JSON valide (octet %1 : %2) ; rien n'a été écrit.")
                           .arg(parseError.offset)
                           .arg(parseError.errorString())
                     : HttpApi::tr("le corps doit être un objet JSON %1 ; rien n'a été écrit.").arg(shape));
    return std::nullopt;
}

// The page cursor: opaque to clients, the account's change sequence inside.
QString cursorText(qint64 seq)
{
    return QString::fromLatin1(QByteArray("s" + QByteArray::number(seq))
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool cursorValue(const QString &cursor, qint64 *seq)
{
    const QByteArray raw = QByteArray::fromBase64(cursor.toLatin1(), QByteArray::Base64UrlEncoding);
    bool ok = false;
    *seq = raw.startsWith('s') ? raw.mid(1).toLongLong(&ok) : 0;
    return ok && *seq >= 0;
}
} // namespace

HttpApi::HttpApi(ServerStore &store, ServerDatabase &database, const Options &options)
    : m_store(store)
    , m_database(database)
    , m_options(options)
    , m_server(std::make_unique<httplib::Server>())
{
    const int threads = std::max(1, m_options.threads);
    m_server->new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
    m_server->set_payload_max_length(size_t(std::max<qint64>(1024, m_options.maxBodyBytes)));
    m_server->set_read_timeout(m_options.readTimeoutSeconds, 0);
    m_server->set_write_timeout(m_options.writeTimeoutSeconds, 0);
    m_server->set_keep_alive_timeout(5);
    routes();
}

HttpApi::~HttpApi() = default;

bool HttpApi::bind(const QString &address, int port, QString *error)
{
    const std::string host = address.toStdString();
    if (port == 0) {
        m_port = m_server->bind_to_any_port(host);
        if (m_port > 0)
            return true;
    } else if (m_server->bind_to_port(host, port)) {
        m_port = port;
        return true;
    }
    *error = tr("Impossible d'écouter sur %1:%2 (adresse invalide, port déjà pris ou réservé).").arg(address).arg(port);
    return false;
}

bool HttpApi::run()
{
    return m_server->listen_after_bind();
}

void HttpApi::stop()
{
    m_server->stop();
}

bool HttpApi::isRunning() const
{
    return m_server->is_running();
}

void HttpApi::routes()
{
    httplib::Server &s = *m_server;
    const std::string prefix = Prefix;

    // What every answer shares: the log line, a JSON error document for the library's own errors (404 of an
    // unknown route, 413 of a body too large...).
    s.set_logger([this](const httplib::Request &req, const httplib::Response &res) {
        if (m_options.log)
            m_options.log(QStringLiteral("%1 %2 %3").arg(text(req.method), text(req.path)).arg(res.status));
    });
    s.set_error_handler([](const httplib::Request &, httplib::Response &res) {
        if (res.body.empty())
            sendError(res, res.status,
                res.status == 413       ? HttpApi::tr("le corps de la requête est trop grand ; rien n'a été écrit.")
                    : res.status == 404 ? HttpApi::tr("aucune ressource à cette adresse.")
                                        : HttpApi::tr("la requête n'a pas pu être traitée."));
    });
    // A body must say its length, so that a too large one is refused (413) before it is read: chunked bodies are
    // refused unread (411), as a client of this contract always knows the length of what it sends.
    s.set_pre_routing_handler([](const httplib::Request &req, httplib::Response &res) {
        if ((req.method == "POST" || req.method == "PUT" || req.method == "PATCH")
            && !req.has_header("Content-Length")) {
            sendError(res, 411, HttpApi::tr("la longueur du corps (Content-Length) manque ; rien n'a été écrit."));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    s.set_exception_handler([](const httplib::Request &, httplib::Response &res, std::exception_ptr) {
        sendError(res, 500, HttpApi::tr("erreur interne du serveur ; rien n'a été écrit."));
    });

    s.Get(prefix + "/health", [this](const httplib::Request &, httplib::Response &res) {
        QString error;
        QSqlDatabase db = m_database.connection(&error);
        QSqlQuery q(db);
        if (!db.isOpen() || !q.exec(QStringLiteral("SELECT 1"))) {
            sendError(res, 503, error.isEmpty() ? m_database.describe(q.lastError()) : error);
            return;
        }
        res.set_content(bytes(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                            {QStringLiteral("version"), QStringLiteral(CARNET_VERSION)},
                            {QStringLiteral("database"), m_database.kindName()}}),
            "application/json");
    });

    // The account of the request's bearer token, or a 401 (503 when the base fails).
    const auto account
        = [this](const httplib::Request &req, httplib::Response &res) -> std::optional<ServerStore::Account> {
        const QString header = text(req.get_header_value("Authorization"));
        if (!header.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive)) {
            sendError(res, 401, tr("jeton manquant : envoyez l'en-tête « Authorization: Bearer JETON »."));
            return std::nullopt;
        }
        QString error;
        std::optional<ServerStore::Account> a = m_store.authenticate(header.mid(7).trimmed(), &error);
        if (!a) {
            if (!error.isEmpty())
                sendError(res, 503, error);
            else
                sendError(res, 401, tr("jeton inconnu ou révoqué : demandez un nouveau jeton."));
        }
        return a;
    };

    s.Get(prefix + "/compte", [account](const httplib::Request &req, httplib::Response &res) {
        const std::optional<ServerStore::Account> a = account(req, res);
        if (!a)
            return;
        res.set_content(bytes(QJsonObject{{QStringLiteral("data"),
                            QJsonObject{{QStringLiteral("type"), QStringLiteral("compte")},
                                {QStringLiteral("id"), JsonFields::uuidText(a->id)},
                                {QStringLiteral("attributes"),
                                    QJsonObject{{QStringLiteral("nom"), a->nom},
                                        {QStringLiteral("structure"),
                                            a->structure.isEmpty() ? QJsonValue() : QJsonValue(a->structure)},
                                        {QStringLiteral("role"), a->role}}}}}}),
            kJsonApi);
    });

    s.Get(prefix + "/activites", [this, account, prefix](const httplib::Request &req, httplib::Response &res) {
        const std::optional<ServerStore::Account> a = account(req, res);
        if (!a)
            return;
        int size = MaxPageSize;
        if (req.has_param("page[size]")) {
            bool ok = false;
            size = text(req.get_param_value("page[size]")).toInt(&ok);
            if (!ok || size < 1 || size > MaxPageSize) {
                sendError(res, 400, tr("« page[size] » : un nombre de 1 à %1 est attendu.").arg(MaxPageSize));
                return;
            }
        }
        qint64 after = 0;
        if (req.has_param("page[after]") && !cursorValue(text(req.get_param_value("page[after]")), &after)) {
            sendError(res, 400, tr("« page[after] » : curseur illisible (reprenez celui de « links.next »)."));
            return;
        }
        QDateTime since;
        if (req.has_param("filter[modification][depuis]")) {
            since = QDateTime::fromString(text(req.get_param_value("filter[modification][depuis]")), Qt::ISODateWithMs);
            if (!since.isValid()) {
                sendError(res, 400,
                    tr("« filter[modification][depuis] » : une date et heure ISO 8601 est attendue "
                       "(2025-09-01T00:00:00Z)."));
                return;
            }
        }
        ServerStore::Page page;
        QString error;
        if (!m_store.activities(*a, after, size, since, &page, &error)) {
            sendError(res, 503, error);
            return;
        }
        QJsonArray data;
        for (const QJsonObject &r : std::as_const(page.resources))
            data.append(r);
        QJsonValue next;
        if (page.more) {
            // On the host the request came to (a reverse proxy says its scheme).
            QUrl url;
            url.setScheme(req.has_header("X-Forwarded-Proto") ? text(req.get_header_value("X-Forwarded-Proto"))
                                                              : QStringLiteral("http"));
            url.setAuthority(text(req.get_header_value("Host")));
            url.setPath(QString::fromStdString(prefix) + QStringLiteral("/activites"));
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("page[size]"), QString::number(size));
            query.addQueryItem(QStringLiteral("page[after]"), cursorText(page.last));
            if (since.isValid())
                query.addQueryItem(
                    QStringLiteral("filter[modification][depuis]"), since.toUTC().toString(Qt::ISODateWithMs));
            url.setQuery(query);
            next = url.toString(QUrl::FullyEncoded);
        }
        res.set_content(bytes(QJsonObject{{QStringLiteral("data"), data},
                            {QStringLiteral("links"), QJsonObject{{QStringLiteral("next"), next}}},
                            {QStringLiteral("meta"), QJsonObject{{QStringLiteral("curseur"), cursorText(page.last)}}}}),
            kJsonApi);
    });

    s.Post(prefix + "/activites/lot", [this, account](const httplib::Request &req, httplib::Response &res) {
        const std::optional<ServerStore::Account> a = account(req, res);
        if (!a)
            return;
        const std::optional<QJsonObject> doc = bodyOf(req, res, QStringLiteral("{ \"operations\": [...] }"));
        if (!doc)
            return;
        const QJsonValue list = doc->value(QLatin1String("operations"));
        if (!list.isArray()) {
            sendError(res, 400, tr("« operations » : une liste d'opérations est attendue ; rien n'a été écrit."),
                QStringLiteral("/operations"));
            return;
        }
        const QJsonArray items = list.toArray();
        if (items.size() > MaxBatch) {
            sendError(res, 413,
                tr("le lot compte %1 opérations, au plus %2 sont permises ; rien n'a été écrit.")
                    .arg(items.size())
                    .arg(MaxBatch),
                QStringLiteral("/operations"));
            return;
        }
        // Each operation read on its own: one unreadable is answered 400, the others go on.
        QList<ServerStore::Operation> operations;
        QList<ServerStore::Answer> answers(items.size());
        QList<int> written; // the index in items of each operation in operations
        for (int i = 0; i < items.size(); ++i) {
            const QJsonObject item = items.at(i).toObject();
            const QString where = QStringLiteral("operations[%1]").arg(i);
            QString error;
            JsonFields fields(item, where + QLatin1Char('.'), &error);
            ServerStore::Operation operation;
            const QString op = fields.string("op");
            operation.id = fields.uuid("id");
            const int version = fields.integer("if_match");
            if (fields.has("if_match") && version < 1 && error.isEmpty())
                fields.fail("if_match", tr("un nombre entier positif est attendu"));
            if (fields.has("if_match"))
                operation.ifMatch = version;
            if (error.isEmpty() && op == QLatin1String("delete")) {
                operation.kind = ServerStore::Operation::Delete;
            } else if (error.isEmpty() && op == QLatin1String("put")) {
                if (!item.value(QLatin1String("data")).isObject())
                    fields.fail("data", tr("la ressource activite est attendue"));
                else if (ActivityWire::fromResource(
                             item.value(QLatin1String("data")).toObject(), &operation.activity, &error)) {
                    if (operation.activity.id != operation.id)
                        fields.fail("data", tr("son identifiant n'est pas celui de l'opération"));
                } else {
                    error = where + QStringLiteral(".data : ") + error;
                }
            } else if (error.isEmpty()) {
                fields.fail("op", tr("« put » ou « delete » est attendu"));
            }
            if (error.isEmpty() && operation.id.isNull())
                fields.fail("id", tr("l'identifiant (UUID) manque"));
            if (!error.isEmpty()) {
                answers[i].status = 400;
                answers[i].detail = error + tr(" ; cette opération n'a rien écrit.");
                continue;
            }
            operations << operation;
            written << i;
        }
        const QList<ServerStore::Answer> done = m_store.writeBatch(*a, operations);
        for (int k = 0; k < written.size(); ++k)
            answers[written.at(k)] = done.value(k);
        QJsonArray results;
        for (int i = 0; i < items.size(); ++i) {
            const ServerStore::Answer &answer = answers.at(i);
            QJsonObject result{{QStringLiteral("id"), items.at(i).toObject().value(QLatin1String("id"))},
                {QStringLiteral("status"), answer.status}};
            // A write done or an identical resend: its version (the client has the body it sent); otherwise the
            // server's copy when there is one (412).
            if (answer.status == 200 || answer.status == 201)
                result.insert(QStringLiteral("version"), answer.version);
            else if (!answer.body.isEmpty())
                result.insert(QStringLiteral("data"), answer.resource());
            if (answer.status >= 400) {
                // The place within the batch: /operations/3/data/attributes rather than /data/attributes.
                const QString pointer = answer.pointer.startsWith(QLatin1String("/data"))
                    ? QStringLiteral("/operations/%1").arg(i) + answer.pointer
                    : answer.pointer;
                result.insert(QStringLiteral("errors"), QJsonArray{errorObject(answer.status, answer.detail, pointer)});
            }
            results.append(result);
        }
        res.set_content(bytes(QJsonObject{{QStringLiteral("results"), results}}), kJsonApi);
    });

    // /activites/{id}: the id checked first (400), then the token.
    const std::string one = prefix + R"(/activites/([0-9A-Fa-f-]{36}))";
    const auto idOf = [](const httplib::Request &req) { return QUuid::fromString(text(req.matches[1])); };

    s.Get(one, [this, account, idOf](const httplib::Request &req, httplib::Response &res) {
        const std::optional<ServerStore::Account> a = account(req, res);
        if (a)
            sendResource(res, m_store.activity(*a, idOf(req)));
    });

    s.Put(one, [this, account, idOf](const httplib::Request &req, httplib::Response &res) {
        const std::optional<ServerStore::Account> a = account(req, res);
        if (!a)
            return;
        std::optional<qint64> version;
        if (!versionOf(req, res, &version))
            return;
        const std::optional<QJsonObject> doc = bodyOf(req, res, QStringLiteral("{ \"data\": ... }"));
        if (!doc)
            return;
        const QJsonValue data = doc->value(QLatin1String("data"));
        if (!data.isObject()) {
            sendError(res, 400, tr("« data » : la ressource activite est attendue ; rien n'a été écrit."),
                QStringLiteral("/data"));
            return;
        }
        Activity activity;
        QString error;
        if (!ActivityWire::fromResource(data.toObject(), &activity, &error)) {
            sendError(res, 400, error + tr(" ; rien n'a été écrit."), QStringLiteral("/data"));
            return;
        }
        if (activity.id != idOf(req)) {
            sendError(res, 400,
                tr("l'identifiant du corps (%1) n'est pas celui de l'adresse ; rien n'a été écrit.")
                    .arg(JsonFields::uuidText(activity.id)),
                QStringLiteral("/data/id"));
            return;
        }
        sendResource(res, m_store.putActivity(*a, activity, version));
    });

    s.Delete(one, [this, account, idOf](const httplib::Request &req, httplib::Response &res) {
        const std::optional<ServerStore::Account> a = account(req, res);
        if (!a)
            return;
        std::optional<qint64> version;
        if (versionOf(req, res, &version))
            sendResource(res, m_store.deleteActivity(*a, idOf(req), version));
    });
}
