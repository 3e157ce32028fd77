#include "sync/client/SyncEngine.h"

#include "sync/client/HttpTransport.h"

#include <QNetworkInformation>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>

SyncEngine::SyncEngine(const QString &basePath, const Clock &clock, const Options &options, QObject *parent)
    : QObject(parent)
    , m_basePath(basePath)
    , m_clock(clock)
    , m_options(options)
    , m_schedule(std::make_shared<RetryPolicy::Schedule>(QRandomGenerator::global()->generate64()))
{
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(m_options.debounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] { request(Trigger::Saved); });
    m_period = new QTimer(this);
    m_period->setInterval(m_options.periodMs);
    connect(m_period, &QTimer::timeout, this, [this] { request(Trigger::Periodic); });
    m_period->start();
    if (m_options.watchNetwork)
        watchNetwork();
}

SyncEngine::~SyncEngine()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
    }
}

void SyncEngine::watchNetwork()
{
    // architecture.md: on Linux the default backend is NetworkManager's only; any backend telling reachability will
    // do, and without one (Unknown) the periodic syncs and each sync's probe decide.
    if (!QNetworkInformation::instance() && !QNetworkInformation::loadDefaultBackend())
        QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    QNetworkInformation *info = QNetworkInformation::instance();
    if (!info)
        return;
    connect(info, &QNetworkInformation::reachabilityChanged, this, [this](QNetworkInformation::Reachability r) {
        if (r == QNetworkInformation::Reachability::Online || r == QNetworkInformation::Reachability::Site)
            request(Trigger::Network);
    });
    connect(info, &QNetworkInformation::isMeteredChanged, this, [this](bool metered) {
        if (!metered && m_unmeteredOnly)
            request(Trigger::Network);
    });
}

void SyncEngine::setServer(const QUrl &base, const QString &token)
{
    const bool changed = base != m_base || token != m_token;
    m_base = base;
    m_token = token;
    if (changed)
        m_tokenRefused = false; // a new token: the automatic syncs go on
}

bool SyncEngine::isConfigured() const
{
    QString error;
    return !m_token.isEmpty() && HttpTransport::acceptable(m_base, &error);
}

void SyncEngine::setUnmeteredOnly(bool on)
{
    m_unmeteredOnly = on;
}

void SyncEngine::setPaused(bool paused)
{
    m_paused = paused;
}

void SyncEngine::syncNow()
{
    request(Trigger::Manual);
}

void SyncEngine::noteSaved()
{
    if (isConfigured())
        m_debounce->start();
}

void SyncEngine::cancel()
{
    m_again = false;
    m_debounce->stop();
    if (m_cancel)
        m_cancel->store(true);
}

bool SyncEngine::automaticAllowed() const
{
    if (m_tokenRefused)
        return false;
    if (m_unmeteredOnly) {
        const QNetworkInformation *info = QNetworkInformation::instance();
        if (info && info->isMetered())
            return false;
    }
    return true;
}

void SyncEngine::request(Trigger trigger)
{
    if (m_paused || !isConfigured())
        return;
    if (trigger != Trigger::Manual && !automaticAllowed())
        return;
    if (m_thread) {
        m_again = true; // one more after this one: the change may have come after its push
        m_againManual = m_againManual || trigger == Trigger::Manual;
        return;
    }
    launch(trigger == Trigger::Manual);
}

void SyncEngine::launch(bool manual)
{
    m_debounce->stop();
    m_again = false;
    m_againManual = false;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto result = std::make_shared<SyncSession::Result>();
    const QString basePath = m_basePath;
    const QUrl base = m_base;
    const QString token = m_token;
    const Options options = m_options;
    const Clock *clock = &m_clock; // outlives the thread: the engine waits for it
    const std::shared_ptr<std::atomic<bool>> cancelFlag = m_cancel;
    const std::shared_ptr<RetryPolicy::Schedule> schedule = m_schedule;
    m_thread = QThread::create([=] {
        Store store(*clock);
        QString error;
        if (!store.openAnother(basePath, &error)) {
            result->reachable = true;
            result->message = error;
            return;
        }
        store.setRedoableCommits();
        // The transports live on this thread (their QNetworkAccessManager is its own).
        // A cancel (the window closing) aborts the request out, instead of waiting for its time-out.
        const auto stop = [cancelFlag] { return cancelFlag->load(); };
        HttpTransport transport({base, token, options.timeoutMs, stop});
        HttpTransport probe({base, token, options.probeTimeoutMs, stop});
        SyncSession session(store, *clock, *schedule, {transport.get(), transport.post(), probe.get()});
        *result = session.run([cancelFlag] { return cancelFlag->load(); },
            [this](const QString &text) {
                QMetaObject::invokeMethod(
                    this, [this, text] { emit progress(text); }, Qt::QueuedConnection);
            },
            manual);
    });
    connect(m_thread, &QThread::finished, this, [this, result, token] {
        m_thread->deleteLater();
        m_thread = nullptr;
        m_last = *result;
        m_offline = !result->reachable;
        // Refused, for the token this run used: a new one given meanwhile is not.
        if (result->tokenRefused && token == m_token)
            m_tokenRefused = true;
        if (result->ok())
            m_tokenRefused = false;
        if (result->ok())
            m_lastSuccess = m_clock.nowUtc();
        emit finished(*result);
        if (m_again && !m_cancel->load())
            request(m_againManual ? Trigger::Manual : Trigger::Saved);
    });
    m_thread->setParent(this);
    emit started();
    m_thread->start();
}
