#include "sync/client/SyncSession.h"

#include "models/text/FrenchText.h"

SyncSession::SyncSession(Store &store, const Clock &clock, RetryPolicy::Schedule &schedule, Parts parts)
    : m_store(store)
    , m_clock(clock)
    , m_schedule(schedule)
    , m_parts(std::move(parts))
{
}

SyncSession::Result SyncSession::run(
    const std::function<bool()> &cancelled, const std::function<void(const QString &)> &progress, bool manual)
{
    Result result;
    const auto tell = [&](const QString &text) {
        if (progress)
            progress(text);
    };
    tell(tr("Connexion au serveur…"));
    const SyncReply probe = (m_parts.probe ? m_parts.probe : m_parts.get)(QStringLiteral("/health"));
    if (probe.status == 0) {
        result.message = tr("Serveur injoignable (%1) : rien n'a été envoyé, nouvel essai plus tard.").arg(probe.error);
        return result;
    }
    result.reachable = true;
    if (cancelled && cancelled()) {
        result.cancelled = true;
        return result;
    }
    tell(tr("Envoi des changements…"));
    Pusher pusher(m_store, m_clock, m_schedule, m_parts.post);
    result.push = pusher.run(500, cancelled, manual);
    if (result.push.tokenRefused) {
        result.tokenRefused = true;
        result.message = result.push.message;
        return result;
    }
    if (cancelled && cancelled()) {
        result.cancelled = true;
        return result;
    }
    tell(tr("Réception des changements…"));
    Puller puller(m_store, m_clock, m_parts.get);
    result.pull = puller.run(cancelled);
    result.tokenRefused = result.pull.tokenRefused;
    result.cancelled = cancelled && cancelled() && !result.pull.complete;
    // The push's problem first (what the mediator's own changes met), then the pull's.
    result.message = !result.push.message.isEmpty() ? result.push.message : result.pull.message;
    return result;
}

QString SyncSession::describe(const Result &r)
{
    using FrenchText::count;
    if (!r.reachable)
        return tr("Hors ligne : %1").arg(r.message);
    QStringList parts;
    parts << count(r.push.sent, tr("envoyé"), tr("envoyés"));
    parts << count(r.pull.received, tr("reçu"), tr("reçus"));
    const int conflicts = r.push.conflicts + r.pull.conflicts;
    if (conflicts > 0)
        parts << count(conflicts, tr("conflit à résoudre"), tr("conflits à résoudre"));
    if (r.push.failed > 0)
        parts << count(r.push.failed, tr("refusé par le serveur"), tr("refusés par le serveur"));
    if (r.push.retried > 0)
        parts << count(r.push.retried, tr("à renvoyer plus tard"), tr("à renvoyer plus tard"));
    QString text = parts.join(QStringLiteral(", ")) + QLatin1Char('.');
    if (r.cancelled)
        text += QLatin1Char(' ') + tr("Synchronisation interrompue.");
    if (!r.message.isEmpty())
        text += QLatin1Char(' ') + r.message;
    return text;
}
