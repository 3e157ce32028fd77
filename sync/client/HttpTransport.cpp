#include "sync/client/HttpTransport.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

bool HttpTransport::acceptable(const QUrl &base, QString *error)
{
    if (!base.isValid() || base.host().isEmpty()) {
        *error = tr("« %1 » n'est pas une adresse de serveur (https://serveur.exemple/api/v1).")
                     .arg(base.toString(QUrl::RemoveUserInfo));
        return false;
    }
    if (base.scheme() == QLatin1String("https"))
        return true;
    const QHostAddress address(base.host());
    const bool local
        = base.host().compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 || address.isLoopback();
    if (base.scheme() == QLatin1String("http") && local)
        return true;
    *error = tr("« %1 » : seule une adresse https:// est acceptée (http:// seulement vers cet ordinateur), pour que "
                "le jeton et les données ne circulent pas en clair.")
                 .arg(base.toString(QUrl::RemoveUserInfo));
    return false;
}

HttpTransport::HttpTransport(const Options &options)
    : m_options(options)
{
    QNetworkProxyFactory::setUseSystemConfiguration(true); // a library's or a company's proxy
}

SyncReply HttpTransport::request(const QByteArray &method, const QString &path, const QByteArray &body)
{
    SyncReply out;
    QString error;
    if (!acceptable(m_options.base, &error)) {
        out.error = error;
        return out;
    }
    QUrl url = m_options.base;
    url.setPath(url.path() + path.section(QLatin1Char('?'), 0, 0));
    if (path.contains(QLatin1Char('?')))
        url.setQuery(path.section(QLatin1Char('?'), 1), QUrl::StrictMode);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_options.token.toUtf8());
    request.setRawHeader("Accept", "application/vnd.api+json");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/vnd.api+json"));
    request.setTransferTimeout(m_options.timeoutMs);
    // Never redirected elsewhere with the token.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer watch;
    if (m_options.cancelled) {
        QObject::connect(&watch, &QTimer::timeout, reply, [this, reply] {
            if (m_options.cancelled())
                reply->abort();
        });
        watch.start(100);
    }
    loop.exec();
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen()) // closed when the time-out aborted it
        out.body = reply->readAll();
    out.retryAfter = reply->rawHeader("Retry-After");
    if (out.status == 0)
        out.error = reply->errorString();
    reply->deleteLater();
    return out;
}

SyncPost HttpTransport::post()
{
    return [this](const QString &path, const QByteArray &body) { return request("POST", path, body); };
}

SyncGet HttpTransport::get()
{
    return [this](const QString &path) { return request("GET", path); };
}
