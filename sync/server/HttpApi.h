#pragma once

#include "sync/server/ServerStore.h"

#include <QCoreApplication>
#include <QString>

#include <QHash>
#include <QUuid>

#include <functional>
#include <memory>
#include <mutex>

namespace httplib {
class Server;
struct Response;
} // namespace httplib

// carnet-serveur's HTTP side (sync/openapi.yaml), on cpp-httplib: a pool of threads answers requests at the same
// time, each with its own database connection (ServerDatabase); request bodies and times are bounded. Plain HTTP:
// served on localhost by default, TLS is a reverse proxy's (README).
class HttpApi
{
    Q_DECLARE_TR_FUNCTIONS(HttpApi)

public:
    struct Options
    {
        int threads = 8;
        qint64 maxBodyBytes = qint64(16) << 20; // 413 beyond, unread
        int readTimeoutSeconds = 30;
        int writeTimeoutSeconds = 30;
        // Requests of one account a minute (a burst of as many, then as many a minute): 429 with Retry-After beyond.
        // 0: no limit.
        int requestsPerMinute = 1200;
        // One line per request (method, route, status, milliseconds; never a token nor a query's values).
        std::function<void(const QString &line)> log;
    };

    HttpApi(ServerStore &store, ServerDatabase &database, const Options &options);
    ~HttpApi();
    HttpApi(const HttpApi &) = delete;
    HttpApi &operator=(const HttpApi &) = delete;

    // Binds address:port (port 0: any free port, see port()). False with a French message.
    bool bind(const QString &address, int port, QString *error);
    int port() const { return m_port; }
    // Answers requests until stop() (from any thread): each request in flight is answered first.
    bool run();
    void stop();
    bool isRunning() const;

    static constexpr int MaxPageSize = 500;
    static constexpr int MaxBatch = 500; // operations of one POST /activites/lot
    static constexpr char Prefix[] = "/api/v1";

    static QString unavailableText();

private:
    void routes();
    // A 503 with a French text; the base's own message (its driver's) goes to the log only.
    void unavailable(httplib::Response &res, const QString &detail) const;
    void sendAnswer(httplib::Response &res, const ServerStore::Answer &answer) const;
    // 0 when the account may make one more request now, else the seconds to wait.
    int retryAfter(const QUuid &account);

    struct Bucket
    {
        double tokens = 0;
        double last = 0;
    };
    std::mutex m_limitMutex;
    QHash<QUuid, Bucket> m_buckets;

    ServerStore &m_store;
    ServerDatabase &m_database;
    Options m_options;
    std::unique_ptr<httplib::Server> m_server;
    int m_port = 0;
};
