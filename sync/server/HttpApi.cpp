#include "sync/server/HttpApi.h"

#include "models/io/JsonFields.h"
#include "sync/server/ParallelFor.h"
#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cmath>

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
    case 409:
        return "Type de ressource inattendu";
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

QJsonObject accountResource(const ServerStore::Account &a)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("compte")},
        {QStringLiteral("id"), JsonFields::uuidText(a.id)},
        {QStringLiteral("attributes"),
            QJsonObject{{QStringLiteral("nom"), a.nom},
                {QStringLiteral("structure"), a.structure.isEmpty() ? QJsonValue() : QJsonValue(a.structure)},
                {QStringLiteral("role"), a.role}, {QStringLiteral("revoque"), a.revoque.isValid()}}}};
}

QString collectionOf(ServerStore::Kind kind)
{
    switch (kind) {
    case ServerStore::Kind::Lieu:
        return QStringLiteral("lieux");
    case ServerStore::Kind::Beneficiaire:
        return QStringLiteral("beneficiaires");
    case ServerStore::Kind::Activite:
        break;
    }
    return QStringLiteral("activites");
}

// A resource of the kind its "type" says, or of operation->kind when the operation has one already (PUT /{kind}/{id}:
// its type must be that one); its id into operation->id. False with a French *error naming the place.
bool readResource(const QJsonObject &data, ServerStore::Operation *operation, QString *error)
{
    ServerStore::Kind kind = operation->kind;
    const QString type = data.value(QLatin1String("type")).toString();
    if (!ServerStore::kindOf(type, &kind)) {
        *error = HttpApi::tr("« type » : « activite », « beneficiaire » ou « lieu » est attendu");
        return false;
    }
    operation->kind = kind;
    switch (kind) {
    case ServerStore::Kind::Lieu:
        if (!PlaceWire::fromResource(data, &operation->place, error))
            return false;
        operation->id = operation->place.id;
        return true;
    case ServerStore::Kind::Beneficiaire:
        if (!BeneficiaryWire::fromResource(data, &operation->beneficiary, error))
            return false;
        operation->id = operation->beneficiary.id;
        return true;
    case ServerStore::Kind::Activite:
        break;
    }
    if (!ActivityWire::fromResource(data, &operation->activity, error))
        return false;
    operation->id = operation->activity.id;
    return true;
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
    // A reply is written in two parts (headers, then body): without TCP_NODELAY, Nagle holds the second until the
    // client acknowledges the first, which it delays (~40 ms a request).
    m_server->set_tcp_nodelay(true);
    routes();
}

HttpApi::~HttpApi() = default;

namespace {
// cpp-httplib 0.11 (Debian's compiled library) listens with a backlog of 5: twenty clients connecting at once overflow
// it, and the kernel drops connections. listen() again on the listening socket (found by its port) raises it.
void raiseBacklog(int port)
{
    for (int fd = 3; fd < 1024; ++fd) {
        int listening = 0;
        socklen_t size = sizeof listening;
        if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0 || !listening)
            continue;
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            continue;
        const int bound = address.ss_family == AF_INET
            ? ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port)
            : address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port)
                                            : 0;
        if (bound == port)
            ::listen(fd, SOMAXCONN);
    }
}
} // namespace

bool HttpApi::bind(const QString &address, int port, QString *error)
{
    const std::string host = address.toStdString();
    if (port == 0) {
        m_port = m_server->bind_to_any_port(host);
        if (m_port > 0) {
            raiseBacklog(m_port);
            return true;
        }
    } else if (m_server->bind_to_port(host, port)) {
        m_port = port;
        raiseBacklog(m_port);
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
            unavailable(res, error.isEmpty() ? m_database.describe(q.lastError()) : error);
            m_database.dropConnection();
            return;
        }
        res.set_content(bytes(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                            {QStringLiteral("version"), QStringLiteral(CARNET_VERSION)},
                            {QStringLiteral("database"), m_database.kindName()}}),
            "application/json");
    });

    // The account of the request's bearer token, or a 401 (503 when the base fails, 429 beyond its share).
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
                unavailable(res, error);
            else
                sendError(res, 401, tr("jeton inconnu ou révoqué : demandez un nouveau jeton."));
            return a;
        }
        if (const int wait = retryAfter(a->id); wait > 0) {
            sendError(res, 429,
                tr("trop de requêtes pour ce compte (au plus %1 par minute) ; réessayez dans %2 s.")
                    .arg(m_options.requestsPerMinute)
                    .arg(wait));
            res.set_header("Retry-After", std::to_string(wait));
            return std::nullopt;
        }
        return a;
    };

    s.Get(prefix + "/compte", [account](const httplib::Request &req, httplib::Response &res) {
        const std::optional<ServerStore::Account> a = account(req, res);
        if (a)
            res.set_content(bytes(QJsonObject{{QStringLiteral("data"), accountResource(*a)}}), kJsonApi);
    });

    // The accounts the token may read: a responsable's structure, or the account alone.
    s.Get(prefix + "/mediateurs", [this, account](const httplib::Request &req, httplib::Response &res) {
        const std::optional<ServerStore::Account> a = account(req, res);
        if (!a)
            return;
        QList<ServerStore::Account> team;
        QString error;
        if (!m_store.team(*a, &team, &error)) {
            unavailable(res, error);
            return;
        }
        QJsonArray data;
        for (const ServerStore::Account &member : std::as_const(team))
            data.append(accountResource(member));
        res.set_content(bytes(QJsonObject{{QStringLiteral("data"), data}}), kJsonApi);
    });

    for (const ServerStore::Kind kind :
        {ServerStore::Kind::Activite, ServerStore::Kind::Beneficiaire, ServerStore::Kind::Lieu}) {
        const QString collection = collectionOf(kind);
        const std::string path = prefix + '/' + collection.toStdString();

        s.Get(path, [this, account, kind, collection, prefix](const httplib::Request &req, httplib::Response &res) {
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
                since = QDateTime::fromString(
                    text(req.get_param_value("filter[modification][depuis]")), Qt::ISODateWithMs);
                if (!since.isValid()) {
                    sendError(res, 400,
                        tr("« filter[modification][depuis] » : une date et heure ISO 8601 est attendue "
                           "(2025-09-01T00:00:00Z)."));
                    return;
                }
            }
            // Another mediator's, for a responsable of their structure.
            ServerStore::Account owner = *a;
            QString error;
            if (req.has_param("filter[mediateur]")) {
                const QUuid target = QUuid::fromString(text(req.get_param_value("filter[mediateur]")));
                if (target.isNull()) {
                    sendError(res, 400, tr("« filter[mediateur] » : l'identifiant (UUID) d'un compte est attendu."));
                    return;
                }
                const int status = m_store.readable(*a, target, &owner, &error);
                if (status == 503) {
                    unavailable(res, error);
                    return;
                }
                if (status != 200) {
                    // An unknown account answers as another structure's would: account ids are not probed.
                    sendError(res, 403,
                        tr("ce compte ne lit que ses propres données ; un compte « responsable » lit aussi celles des "
                           "comptes de sa structure."));
                    return;
                }
            }
            ServerStore::Page page;
            if (!m_store.list(owner, kind, after, size, since, &page, &error)) {
                unavailable(res, error);
                return;
            }
            QJsonValue next;
            if (page.more) {
                // On the host the request came to; a reverse proxy says its scheme (the first of a chain's).
                const QString host = text(req.get_header_value("Host"));
                const QString scheme = req.has_header("X-Forwarded-Proto")
                    ? text(req.get_header_value("X-Forwarded-Proto")).section(QLatin1Char(','), 0, 0).trimmed()
                    : QStringLiteral("http");
                static const QRegularExpression hostPattern(
                    QStringLiteral("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?$"));
                if (!hostPattern.match(host).hasMatch()
                    || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
                    sendError(res, 400,
                        tr("en-tête « Host » absent ou invalide, ou « X-Forwarded-Proto » autre que http ou https : "
                           "le lien de la page suivante ne peut pas être écrit."));
                    return;
                }
                QUrl url;
                url.setScheme(scheme);
                url.setAuthority(host);
                url.setPath(QString::fromStdString(prefix) + QLatin1Char('/') + collection);
                QUrlQuery query;
                query.addQueryItem(QStringLiteral("page[size]"), QString::number(size));
                query.addQueryItem(QStringLiteral("page[after]"), cursorText(page.last));
                if (since.isValid())
                    query.addQueryItem(
                        QStringLiteral("filter[modification][depuis]"), since.toUTC().toString(Qt::ISODateWithMs));
                if (owner.id != a->id)
                    query.addQueryItem(QStringLiteral("filter[mediateur]"), JsonFields::uuidText(owner.id));
                url.setQuery(query);
                next = url.toString(QUrl::FullyEncoded);
            }
            // The resources' texts as they are, between the document's other members.
            const std::string tail
                = bytes(QJsonObject{{QStringLiteral("links"), QJsonObject{{QStringLiteral("next"), next}}},
                    {QStringLiteral("meta"), QJsonObject{{QStringLiteral("curseur"), cursorText(page.last)}}}});
            std::string document = "{\"data\":[";
            qsizetype total = 0;
            for (const QByteArray &r : std::as_const(page.resources))
                total += r.size() + 1;
            document.reserve(size_t(total) + tail.size() + 16);
            for (qsizetype i = 0; i < page.resources.size(); ++i) {
                if (i > 0)
                    document += ',';
                document.append(page.resources.at(i).constData(), size_t(page.resources.at(i).size()));
            }
            document += "],";
            document.append(tail, 1, std::string::npos); // without its opening brace
            res.set_content(document, kJsonApi);
        });

        // /{collection}/{id}: the id checked by the route (400 otherwise: no route), then the token.
        const std::string one = path + R"(/([0-9A-Fa-f-]{36}))";
        const auto idOf = [](const httplib::Request &req) { return QUuid::fromString(text(req.matches[1])); };

        s.Get(one, [this, account, idOf, kind](const httplib::Request &req, httplib::Response &res) {
            const std::optional<ServerStore::Account> a = account(req, res);
            if (a)
                sendAnswer(res, m_store.get(*a, kind, idOf(req)));
        });

        s.Put(one, [this, account, idOf, kind](const httplib::Request &req, httplib::Response &res) {
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
            ServerStore::Operation operation;
            operation.kind = kind;
            operation.ifMatch = version;
            QString error;
            if (!data.isObject()) {
                sendError(res, 400,
                    tr("« data » : la ressource %1 est attendue ; rien n'a été écrit.")
                        .arg(QLatin1String(ServerStore::typeName(kind))),
                    QStringLiteral("/data"));
                return;
            }
            if (!readResource(data.toObject(), &operation, &error)) {
                sendError(res, 400, error + tr(" ; rien n'a été écrit."), QStringLiteral("/data"));
                return;
            }
            if (operation.kind != kind) {
                // JSON:API: a type that is not the collection's is a conflict.
                sendError(res, 409,
                    tr("« data.type » : « %1 » attendu à cette adresse, « %2 » reçu ; rien n'a été écrit.")
                        .arg(QLatin1String(ServerStore::typeName(kind)),
                            QLatin1String(ServerStore::typeName(operation.kind))),
                    QStringLiteral("/data/type"));
                return;
            }
            if (operation.id != idOf(req)) {
                sendError(res, 400,
                    tr("l'identifiant du corps (%1) n'est pas celui de l'adresse ; rien n'a été écrit.")
                        .arg(JsonFields::uuidText(operation.id)),
                    QStringLiteral("/data/id"));
                return;
            }
            sendAnswer(res, m_store.put(*a, operation));
        });

        s.Delete(one, [this, account, idOf, kind](const httplib::Request &req, httplib::Response &res) {
            const std::optional<ServerStore::Account> a = account(req, res);
            if (!a)
                return;
            std::optional<qint64> version;
            if (versionOf(req, res, &version))
                sendAnswer(res, m_store.remove(*a, kind, idOf(req), version));
        });
    }

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
        // Each operation read on its own (on every core): one unreadable is answered 400, the others go on.
        QList<ServerStore::Operation> parsed(items.size());
        QList<QString> problems(items.size());
        ServerStore::Operation *const parsedAt = parsed.data();
        QString *const problemAt = problems.data();
        parallelFor(int(items.size()), [&](int i) {
            const QJsonObject item = items.at(i).toObject();
            const QString where = QStringLiteral("operations[%1]").arg(i);
            QString &error = problemAt[i];
            JsonFields fields(item, where + QLatin1Char('.'), &error);
            ServerStore::Operation &operation = parsedAt[i];
            const QString op = fields.string("op");
            operation.id = fields.uuid("id");
            const int version = fields.integer("if_match");
            if (fields.has("if_match") && version < 1)
                fields.fail("if_match", tr("un nombre entier positif est attendu"));
            if (fields.has("if_match"))
                operation.ifMatch = version;
            if (error.isEmpty() && op == QLatin1String("delete")) {
                operation.verb = ServerStore::Operation::Delete;
                const QString type = fields.string("type");
                if (!type.isEmpty() && !ServerStore::kindOf(type, &operation.kind))
                    fields.fail("type", tr("« activite », « beneficiaire » ou « lieu » est attendu"));
            } else if (error.isEmpty() && op == QLatin1String("put")) {
                const QUuid id = operation.id;
                if (!item.value(QLatin1String("data")).isObject())
                    fields.fail("data", tr("la ressource (activite, beneficiaire ou lieu) est attendue"));
                else if (!readResource(item.value(QLatin1String("data")).toObject(), &operation, &error))
                    error = where + QStringLiteral(".data : ") + error;
                else if (operation.id != id)
                    fields.fail("data", tr("son identifiant n'est pas celui de l'opération"));
                operation.id = id;
            } else {
                fields.fail("op", tr("« put » ou « delete » est attendu"));
            }
            if (operation.id.isNull())
                fields.fail("id", tr("l'identifiant (UUID) manque"));
        });
        QList<ServerStore::Operation> operations;
        QList<ServerStore::Answer> answers(items.size());
        QList<int> written; // the index in items of each operation in operations
        for (int i = 0; i < items.size(); ++i) {
            if (!problems.at(i).isEmpty()) {
                answers[i].status = 400;
                answers[i].detail = problems.at(i) + tr(" ; cette opération n'a rien écrit.");
                continue;
            }
            operations << std::move(parsed[i]);
            written << i;
        }
        const QList<ServerStore::Answer> done = m_store.writeBatch(*a, operations);
        for (int k = 0; k < written.size(); ++k)
            answers[written.at(k)] = done.value(k);
        QJsonArray results;
        bool unreachable = false;
        for (int i = 0; i < items.size(); ++i) {
            ServerStore::Answer answer = answers.at(i);
            if (answer.status == 503) {
                if (!unreachable && m_options.log)
                    m_options.log(QStringLiteral("base : ") + answer.detail);
                unreachable = true;
                answer.detail = unavailableText();
            }
            QJsonObject result{{QStringLiteral("id"), items.at(i).toObject().value(QLatin1String("id"))},
                {QStringLiteral("status"), answer.status}};
            // A write done or an identical resend: its version (the client has the body it sent); otherwise the
            // server's copy when there is one (412).
            if (answer.status == 200 || answer.status == 201)
                result.insert(QStringLiteral("version"), answer.version);
            else if (!answer.body.isEmpty())
                result.insert(QStringLiteral("data"), m_store.resource(answer));
            if (answer.status >= 400) {
                // The place within the batch: /operations/3/data/attributes rather than /data/attributes.
                const QString pointer = answer.pointer.startsWith(QLatin1String("/data"))
                    ? QStringLiteral("/operations/%1").arg(i) + answer.pointer
                    : answer.pointer;
                result.insert(QStringLiteral("errors"), QJsonArray{errorObject(answer.status, answer.detail, pointer)});
            }
            results.append(result);
        }
        if (unreachable)
            res.set_header("Retry-After", "2");
        res.set_content(bytes(QJsonObject{{QStringLiteral("results"), results}}), kJsonApi);
    });
}

QString HttpApi::unavailableText()
{
    return tr("la base de données du serveur ne répond pas ; rien n'a été écrit, réessayez dans un moment.");
}

void HttpApi::unavailable(httplib::Response &res, const QString &detail) const
{
    // The base's own words (its driver's, its schema's) stay in the server's log.
    if (m_options.log)
        m_options.log(QStringLiteral("base : ") + detail);
    sendError(res, 503, unavailableText());
}

void HttpApi::sendAnswer(httplib::Response &res, const ServerStore::Answer &answer) const
{
    if (answer.status == 503) {
        unavailable(res, answer.detail);
        return;
    }
    if (answer.status >= 400 && answer.status != 412) {
        sendError(res, answer.status, answer.detail, answer.pointer);
        return;
    }
    if (answer.status == 412) {
        sendError(res, 412, answer.detail, QString(), m_store.resource(answer));
        return;
    }
    res.status = answer.status;
    res.set_header("ETag", QStringLiteral("\"%1\"").arg(answer.version).toStdString());
    res.set_content(bytes(QJsonObject{{QStringLiteral("data"), m_store.resource(answer)}}), kJsonApi);
}

int HttpApi::retryAfter(const QUuid &account)
{
    if (m_options.requestsPerMinute <= 0)
        return 0;
    // A token bucket per account: requestsPerMinute at most in a burst, refilled at requestsPerMinute a minute.
    const double rate = m_options.requestsPerMinute / 60.0;
    const double now = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    std::lock_guard<std::mutex> lock(m_limitMutex);
    Bucket &b = m_buckets[account];
    if (b.last == 0) {
        b.tokens = m_options.requestsPerMinute;
    } else {
        b.tokens = std::min<double>(m_options.requestsPerMinute, b.tokens + (now - b.last) * rate);
    }
    b.last = now;
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
    }
    return std::max(1, int(std::ceil((1 - b.tokens) / rate)));
}
