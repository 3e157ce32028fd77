#include "sync/client/Pusher.h"

#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>

Pusher::Pusher(Store &store, const Clock &clock, RetryPolicy::Schedule &schedule, Post post)
    : m_store(store)
    , m_ledger(store)
    , m_clock(clock)
    , m_schedule(schedule)
    , m_post(std::move(post))
{
}

bool Pusher::operationOf(
    const SyncLedger::Item &item, const QHash<QUuid, Activity> &activities, QJsonObject *operation) const
{
    QJsonObject data;
    switch (item.kind) {
    case SyncLedger::Kind::Lieu: {
        const std::optional<Place> p = m_store.place(item.id);
        if (!p)
            return false;
        data = PlaceWire::toResource(*p);
        break;
    }
    case SyncLedger::Kind::Beneficiaire: {
        const std::optional<Beneficiary> b = m_store.beneficiary(item.id);
        if (!b)
            return false;
        data = BeneficiaryWire::toResource(*b);
        break;
    }
    case SyncLedger::Kind::Activite: {
        const auto a = activities.constFind(item.id);
        if (a == activities.constEnd())
            return false;
        data = ActivityWire::toResource(*a);
        break;
    }
    }
    *operation = QJsonObject{{QStringLiteral("op"), QStringLiteral("put")},
        {QStringLiteral("id"), item.id.toString(QUuid::WithoutBraces)}, {QStringLiteral("data"), data}};
    bool ok = false;
    const qint64 version = item.serverVersion.toLongLong(&ok);
    if (ok && version > 0)
        operation->insert(QStringLiteral("if_match"), version);
    return true;
}

namespace {
// The ledger's writes of a batch, this many items a transaction: each a few milliseconds, so that a save of the
// window (another connection, waiting for the write lock) never waits long behind the sync (save_during_sync_p99_ms).
constexpr qsizetype kItemsPerTransaction = 50;

// A 422 for a place or a person the server does not have yet (ServerStore: sent before the activity, but still
// waiting for its own retry): the activity is tried again later, not refused for good.
bool missingReference(const QJsonObject &result)
{
    const QString pointer = result.value(QLatin1String("errors"))
                                .toArray()
                                .first()
                                .toObject()
                                .value(QLatin1String("source"))
                                .toObject()
                                .value(QLatin1String("pointer"))
                                .toString();
    return pointer.endsWith(QLatin1String("/structure_id"))
        || pointer.contains(QLatin1String("/carnet/beneficiaire_suivi_id"))
        || pointer.contains(QLatin1String("/carnet/participants_suivis"));
}

QString firstDetail(const QJsonObject &object)
{
    return object.value(QLatin1String("errors")).toArray().first().toObject().value(QLatin1String("detail")).toString();
}
} // namespace

Pusher::Summary Pusher::run(int batchSize, const std::function<bool()> &cancelled, bool atOnce)
{
    Summary summary;
    QString error;
    const auto problem = [&](const QString &message) {
        summary.message = message;
        return summary;
    };
    QSet<QUuid> tried; // in this run: an item is tried once, whatever its wait
    for (;;) {
        if (cancelled && cancelled())
            return summary;
        const QDateTime now = m_clock.nowUtc();
        QList<SyncLedger::Item> due;
        if (!m_ledger.due(atOnce ? now.addYears(100) : now, batchSize + int(tried.size()), &due, &error))
            return problem(error);
        QList<SyncLedger::Item> items;
        for (const SyncLedger::Item &item : std::as_const(due)) {
            if (!tried.contains(item.id) && items.size() < batchSize)
                items << item;
        }
        if (items.isEmpty())
            return summary;
        QList<QUuid> activityIds;
        for (const SyncLedger::Item &item : std::as_const(items)) {
            if (item.kind == SyncLedger::Kind::Activite)
                activityIds << item.id;
        }
        const QHash<QUuid, Activity> activities = m_store.activities(activityIds);
        QJsonArray operations;
        QList<SyncLedger::Item> sent;
        for (const SyncLedger::Item &item : std::as_const(items)) {
            tried.insert(item.id);
            QJsonObject operation;
            if (!operationOf(item, activities, &operation)) {
                if (!m_ledger.markFailed(item, tr("Introuvable dans la base locale."), &error))
                    return problem(error);
                ++summary.failed;
                continue;
            }
            operations.append(operation);
            sent << item;
        }
        if (sent.isEmpty())
            continue;
        // Recorded before the request: if no answer ever comes (a crash, a cut), each is tried again after its wait.
        QHash<QUuid, int> waits;
        for (const SyncLedger::Item &item : std::as_const(sent))
            waits.insert(item.id, m_schedule.delaySeconds(item.attempts + 1));
        // In short transactions: a save of the window waits at most one of them.
        for (qsizetype from = 0; from < sent.size(); from += kItemsPerTransaction) {
            if (!m_ledger.markAttempted(
                    sent.mid(from, kItemsPerTransaction), now,
                    [&](const SyncLedger::Item &item) { return now.addSecs(waits.value(item.id)); }, &error))
                return problem(error);
        }

        const Reply reply = m_post(QStringLiteral("/activites/lot"),
            QJsonDocument(QJsonObject{{QStringLiteral("operations"), operations}}).toJson(QJsonDocument::Compact));
        const QDateTime answered = m_clock.nowUtc(); // the waits count from the answer
        const QJsonObject document = QJsonDocument::fromJson(reply.body).object();
        const QString detail = firstDetail(document);
        const QJsonArray results = document.value(QLatin1String("results")).toArray();
        bool readable = reply.status == 200 && results.size() == sent.size();
        for (qsizetype i = 0; readable && i < sent.size(); ++i) {
            const QJsonObject result = results.at(i).toObject();
            readable = result.value(QLatin1String("id")).toString() == sent.at(i).id.toString(QUuid::WithoutBraces)
                && result.value(QLatin1String("status")).isDouble();
        }
        const std::optional<int> after = RetryPolicy::retryAfter(reply.retryAfter, answered);
        const auto retryLater = [&](const SyncLedger::Item &item, const QString &message) {
            return m_ledger.markRetry(
                item, message, answered.addSecs(m_schedule.delaySeconds(item.attempts + 1, after)), &error);
        };
        // The answers of this request in one transaction; dropped on a failure (then tried again after their wait).
        if (!m_ledger.beginAnswers(&error))
            return problem(error);
        auto dropAnswers = qScopeGuard([this] { m_ledger.rollbackAnswers(); });
        const auto recorded = [&]() -> bool {
            dropAnswers.dismiss();
            return m_ledger.commitAnswers(&error);
        };
        if (RetryPolicy::outcomeOf(reply.status) == RetryPolicy::Outcome::PauseForToken) {
            // Due again as soon as a token is given.
            for (const SyncLedger::Item &item : std::as_const(sent)) {
                if (!m_ledger.markRetry(item, tr("Jeton refusé par le serveur."), now, &error))
                    return problem(error);
            }
            summary.tokenRefused = true;
            if (!recorded())
                return problem(error);
            return problem(detail.isEmpty() ? tr("Le serveur refuse le jeton : saisissez un nouveau jeton.") : detail);
        }
        if (!readable) {
            // The whole request: no answer, an error of the server or of what stands before it (a proxy's limit,
            // a wrong address), or an answer that does not follow the contract. Tried again later, never refused
            // for good from here: only an operation's own answer refuses it.
            const QString message = reply.status == 0 ? tr("Pas de réponse du serveur (%1).").arg(reply.error)
                : reply.status == 200 ? tr("Réponse du serveur illisible : elle ne répond pas à chacun des %n envois.",
                      nullptr, int(sent.size()))
                : detail.isEmpty()    ? tr("Erreur du serveur (HTTP %1).").arg(reply.status)
                                      : detail;
            for (const SyncLedger::Item &item : std::as_const(sent)) {
                if (!retryLater(item, message))
                    return problem(error);
            }
            summary.retried += int(sent.size());
            if (!recorded())
                return problem(error);
            return problem(message); // the server is unwell: the next sync tries again
        }
        int retriedHere = 0;
        for (qsizetype i = 0; i < sent.size(); ++i) {
            // Recorded in short transactions (see markAttempted above); a failure after some keeps those.
            if (i > 0 && i % kItemsPerTransaction == 0
                && (!m_ledger.commitAnswers(&error) || !m_ledger.beginAnswers(&error)))
                return problem(error);
            const SyncLedger::Item &item = sent.at(i);
            const QJsonObject result = results.at(i).toObject();
            const int status = result.value(QLatin1String("status")).toInt();
            const QString message = firstDetail(result);
            bool ok = true;
            RetryPolicy::Outcome outcome = RetryPolicy::outcomeOf(status);
            if (outcome == RetryPolicy::Outcome::Failed && status == 422 && missingReference(result))
                outcome = RetryPolicy::Outcome::Retry;
            const QJsonObject copy = result.value(QLatin1String("data")).toObject();
            if (outcome == RetryPolicy::Outcome::Sent && !result.value(QLatin1String("version")).isDouble())
                outcome = RetryPolicy::Outcome::Retry; // no version to keep: sent again, answered as a resend
            switch (outcome) {
            case RetryPolicy::Outcome::Sent:
                ok = m_ledger.markSent(
                    item, QString::number(result.value(QLatin1String("version")).toInteger()), &error);
                ++summary.sent;
                break;
            case RetryPolicy::Outcome::Conflict:
                if (copy.isEmpty()) {
                    // No copy: the server lacks the version we named (restored from an older backup). Created
                    // again by the next send.
                    ok = m_ledger.forgetServerVersion(item, &error)
                        && m_ledger.markRetry(item, message, answered, &error);
                    ++summary.retried;
                    ++retriedHere;
                    break;
                }
                ok = m_ledger.markConflict(item,
                    QString::number(
                        copy.value(QLatin1String("meta")).toObject().value(QLatin1String("version")).toInteger()),
                    QJsonDocument(copy).toJson(QJsonDocument::Compact), answered, &error);
                ++summary.conflicts;
                break;
            case RetryPolicy::Outcome::Retry:
            case RetryPolicy::Outcome::PauseForToken:
                ok = retryLater(item, message.isEmpty() ? tr("Erreur du serveur (HTTP %1).").arg(status) : message);
                ++summary.retried;
                ++retriedHere;
                break;
            case RetryPolicy::Outcome::Failed:
                ok = m_ledger.markFailed(
                    item, message.isEmpty() ? tr("Refusé par le serveur (HTTP %1).").arg(status) : message, &error);
                ++summary.failed;
                summary.message = message;
                break;
            }
            if (!ok)
                return problem(error);
        }
        if (!recorded())
            return problem(error);
        if (retriedHere == sent.size())
            return summary; // every operation to try again (the server's base is failing): later
    }
}
