#pragma once

#include "sync/client/Transport.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QUrl>

#include <functional>

// The sync's HTTP, on QNetworkAccessManager, for the engine's thread (it owns its manager): each request waited for
// in a local event loop, bounded by a time-out, with the bearer token and the system's proxy. A TLS error is never
// ignored (the request fails with Qt's message); plain HTTP is accepted only to this machine (acceptable()).
class HttpTransport
{
    Q_DECLARE_TR_FUNCTIONS(HttpTransport)

public:
    struct Options
    {
        QUrl base; // the API's root: https://serveur.example/api/v1
        QString token;
        int timeoutMs = 30000;
        std::function<bool()> cancelled = {}; // checked every 100 ms: true aborts the request (status 0)
    };

    // https, or http to localhost, 127.0.0.1 or ::1; false with a French *error otherwise.
    static bool acceptable(const QUrl &base, QString *error);

    explicit HttpTransport(const Options &options);

    // method on base + path (path starts with "/"); status 0 with the network's message when no answer came.
    SyncReply request(const QByteArray &method, const QString &path, const QByteArray &body = {});
    SyncPost post();
    SyncGet get();

private:
    Options m_options;
    QNetworkAccessManager m_network;
};
