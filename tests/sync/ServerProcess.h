#pragma once

// What the server's tests share: a real carnet-serveur process on a base (SQLite folder or PostgreSQL URL) and HTTP
// requests to it through QNetworkAccessManager. Header-only, for the tests in tests/sync.
#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"
#include "tests/support/TestData.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTimer>

#include <csignal>

namespace ServerTest {

inline const QString &executable()
{
    static const QString path = QStringLiteral(CARNET_BINARY_DIR "/app/carnet-serveur");
    return path;
}

// The base of the tests: PostgreSQL when CARNET_TEST_DATABASE_URL_FILE names the fixture's URL file, else SQLite in
// folder. Empty (with *error) when that file cannot be read.
inline QStringList backend(const QString &folder, QString *error)
{
    const QString urlFile = qEnvironmentVariable("CARNET_TEST_DATABASE_URL_FILE");
    if (urlFile.isEmpty())
        return {QStringLiteral("--data"), folder};
    QFile file(urlFile);
    const QString url = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
    if (!url.startsWith(QLatin1String("postgresql://"))) {
        *error = QStringLiteral("no PostgreSQL URL in ") + urlFile;
        return {};
    }
    return {QStringLiteral("--database"), url};
}

struct Reply
{
    int status = 0;
    QJsonObject body;
    QByteArray raw;
    QHash<QByteArray, QByteArray> headers;
    QString detail() const
    {
        return body.value(QLatin1String("errors"))
            .toArray()
            .first()
            .toObject()
            .value(QLatin1String("detail"))
            .toString();
    }
};

// An activity the server accepts (at home, in Guéret: no place of the server's needed).
inline Activity activity()
{
    Activity a = TestData::individuel(QUuid());
    a.typeLieu = QStringLiteral("domicile");
    a.lieuCommune = TestData::gueret();
    a.creation = QDateTime(QDate(2026, 6, 29), QTime(16, 0), Qt::UTC);
    a.modification = a.creation;
    return a;
}

inline QByteArray document(const Activity &a)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("data"), ActivityWire::toResource(a)}})
        .toJson(QJsonDocument::Compact);
}

// A POST /activites/lot body putting these activities.
inline QByteArray batchBody(const QList<Activity> &activities)
{
    QJsonArray operations;
    for (const Activity &a : activities)
        operations.append(QJsonObject{{QStringLiteral("op"), QStringLiteral("put")},
            {QStringLiteral("id"), a.id.toString(QUuid::WithoutBraces)},
            {QStringLiteral("data"), ActivityWire::toResource(a)}});
    return QJsonDocument(QJsonObject{{QStringLiteral("operations"), operations}}).toJson(QJsonDocument::Compact);
}

// A POST /activites/lot body putting these places and followed beneficiaries (what activities name, sent first).
inline QByteArray referencesBody(const QList<Place> &places, const QList<Beneficiary> &people)
{
    QJsonArray operations;
    const auto put = [&](const QJsonObject &resource) {
        operations.append(QJsonObject{{QStringLiteral("op"), QStringLiteral("put")},
            {QStringLiteral("id"), resource.value(QLatin1String("id"))}, {QStringLiteral("data"), resource}});
    };
    for (const Place &p : places)
        put(PlaceWire::toResource(p));
    for (const Beneficiary &b : people)
        put(BeneficiaryWire::toResource(b));
    return QJsonDocument(QJsonObject{{QStringLiteral("operations"), operations}}).toJson(QJsonDocument::Compact);
}

// The path and query of a page's links.next (empty at the end), to ask the same or another instance.
inline std::string nextPath(const QJsonObject &page)
{
    const QString next = page.value(QLatin1String("links")).toObject().value(QLatin1String("next")).toString();
    return next.isEmpty() ? std::string()
                          : QUrl(next).toString(QUrl::RemoveScheme | QUrl::RemoveAuthority).toStdString();
}

class Server
{
public:
    explicit Server(QStringList backend)
        : m_backend(std::move(backend))
    {
    }
    ~Server() { stop(); }

    // carnet-serveur on the base with these arguments, to its end: its exit code and standard output.
    int command(const QStringList &args, QString *out = nullptr) const
    {
        QProcess p;
        p.start(executable(), m_backend + args);
        if (!p.waitForFinished(30000))
            return -1;
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput());
        return p.exitCode();
    }

    // A new account's token: the last line of `compte ajouter`; its id in *id. extra: --structure, --role.
    QString addAccount(const QString &name, QString *id = nullptr, const QStringList &extra = {}) const
    {
        QString out;
        if (command(
                QStringList{QStringLiteral("compte"), QStringLiteral("ajouter"), QStringLiteral("--nom"), name} + extra,
                &out)
            != 0)
            return QString();
        const QStringList lines = out.trimmed().split(QLatin1Char('\n'));
        if (id)
            *id = lines.first().section(QLatin1Char(' '), 1, 1);
        return lines.last().trimmed();
    }

    // A new token for the account `id` (`compte renouveler`): the old one refused from then on.
    QString renewToken(const QString &id) const
    {
        QString out;
        if (command(QStringList{QStringLiteral("compte"), QStringLiteral("renouveler"), id}, &out) != 0)
            return QString();
        return out.trimmed().split(QLatin1Char('\n')).last().trimmed();
    }

    // Started on a free port (with these options besides); its log (a line per request) left out, or appended to
    // the file CARNET_TEST_SERVER_LOG names.
    bool start(const QStringList &extra = {})
    {
        const QString log = qEnvironmentVariable("CARNET_TEST_SERVER_LOG");
        m_process.setStandardErrorFile(log.isEmpty() ? QProcess::nullDevice() : log, QIODevice::Append);
        m_process.start(executable(), m_backend + QStringList{QStringLiteral("--port"), QStringLiteral("0")} + extra);
        if (!m_process.waitForStarted(10000) || !m_process.waitForReadyRead(10000))
            return false;
        // "carnet-serveur écoute sur http://127.0.0.1:PORT/api/v1 (...)"
        const QString line = QString::fromUtf8(m_process.readLine());
        m_port = line.section(QLatin1Char(':'), 2, 2).section(QLatin1Char('/'), 0, 0).toInt();
        return m_port > 0;
    }
    // SIGTERM, then its end: true when it stopped cleanly (exit 0).
    bool stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        ::kill(pid_t(m_process.processId()), SIGTERM);
        return m_process.waitForFinished(10000) && m_process.exitStatus() == QProcess::NormalExit
            && m_process.exitCode() == 0;
    }
    void killHard()
    {
        ::kill(pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(10000);
    }
    int port() const { return m_port; }

private:
    QStringList m_backend;
    QProcess m_process;
    int m_port = 0;
};

// carnet_fault_proxy (tests/sync/FaultProxy.cpp) in front of a server, on a free port.
class Proxy
{
public:
    ~Proxy() { stop(); }
    bool start(int upstreamPort, const QStringList &faults)
    {
        m_process.setStandardErrorFile(QProcess::nullDevice());
        m_process.start(QStringLiteral(CARNET_BINARY_DIR "/tests/sync/carnet_fault_proxy"),
            QStringList{QStringLiteral("--amont"), QString::number(upstreamPort)} + faults);
        if (!m_process.waitForStarted(10000) || !m_process.waitForReadyRead(10000))
            return false;
        // "carnet_fault_proxy écoute sur http://127.0.0.1:PORT (amont ...)"
        const QString line = QString::fromUtf8(m_process.readLine());
        m_port = line.section(QLatin1Char(':'), 2, 2).section(QLatin1Char(' '), 0, 0).toInt();
        return m_port > 0;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(10000);
    }
    int port() const { return m_port; }

private:
    QProcess m_process;
    int m_port = 0;
};

// Requests to a server, waited for (an event loop of their own, at most 30 s).
class Client
{
public:
    Reply request(int port, const QByteArray &method, const QString &path, const QByteArray &body, const QString &token,
        const QByteArray &ifMatch = {})
    {
        QNetworkRequest r(QUrl(path.startsWith(QLatin1String("http"))
                ? path
                : QStringLiteral("http://127.0.0.1:%1/api/v1%2").arg(port).arg(path)));
        if (!token.isEmpty())
            r.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        if (!ifMatch.isEmpty())
            r.setRawHeader("If-Match", ifMatch);
        if (!body.isEmpty())
            r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/vnd.api+json"));
        QNetworkReply *reply = m_network.sendCustomRequest(r, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        Reply out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.raw = reply->readAll();
        out.body = QJsonDocument::fromJson(out.raw).object();
        for (const auto &pair : reply->rawHeaderPairs())
            out.headers.insert(pair.first.toLower(), pair.second);
        reply->deleteLater();
        return out;
    }

private:
    QNetworkAccessManager m_network;
};

} // namespace ServerTest
