#include "sync/client/Pusher.h"

#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

Pusher::Pusher(Store &store, const Clock &clock, RetryPolicy::Schedule &schedule, Post post)
    : m_store(store)
    , m_ledger(store)
    , m_clock(clock)
    , m_schedule(schedule)
    , m_post(std::move(post))
{
}

bool Pusher::operationOf(const SyncLedger::Item &item, QJsonObject *operation) const
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
        const std::optional<Activity> a = m_store.activity(item.id);
        if (!a)
            return false;
        data = ActivityWire::toResource(*a);
        break;
    }
    }
    *operation = QJsonObject{{QStringLiteral("op"), QStringLiteral("put")},
        {QStringLiteral("id"), item.id.toString(QUuid::WithoutBraces)}, {QStringLiteral("data"), data}};
    bool ok = false;
    const qint64 version = m_ledger.serverVersion(item.kind, item.id).toLongLong(&ok);
    if (ok && version > 0)
        operation->insert(QStringLiteral("if_match"), version);
    return true;
}

Pusher::Summary Pusher::run(int batchSize, const std::function<bool()> &cancelled)
{
    Summary summary;
    QString error;
    const auto problem = [&](const QString &message) {
        summary.message = message;
        return summary;
    };
    for (;;) {
        if (cancelled && cancelled())
            return summary;
        const QDateTime now = m_clock.nowUtc();
        QList<SyncLedger::Item> items;
        if (!m_ledger.due(now, batchSize, &items, &error))
            return problem(error);
        if (items.isEmpty())
            return summary;
        QJsonArray operations;
        QList<SyncLedger::Item> sent;
        for (const SyncLedger::Item &item : std::as_const(items)) {
            QJsonObject operation;
            if (!operationOf(item, &operation)) {
                if (!m_ledger.markFailed(item, tr("introuvable dans la base locale"), &error))
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
        QHash<QString, int> waits;
        for (const SyncLedger::Item &item : std::as_const(sent))
            waits.insert(item.id.toString(), m_schedule.delaySeconds(item.attempts + 1));
        if (!m_ledger.markAttempted(
                sent, now, [&](const SyncLedger::Item &item) { return now.addSecs(waits.value(item.id.toString())); },
                &error))
            return problem(error);

        const Reply reply = m_post(QStringLiteral("/activites/lot"),
            QJsonDocument(QJsonObject{{QStringLiteral("operations"), operations}}).toJson(QJsonDocument::Compact));
        const QJsonObject document = QJsonDocument::fromJson(reply.body).object();
        const QString detail = document.value(QLatin1String("errors"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QLatin1String("detail"))
                                   .toString();
        const QJsonArray results = document.value(QLatin1String("results")).toArray();
        const RetryPolicy::Outcome whole = RetryPolicy::outcomeOf(reply.status);
        if (whole == RetryPolicy::Outcome::PauseForToken) {
            // Due again as soon as a token is given.
            for (const SyncLedger::Item &item : std::as_const(sent)) {
                if (!m_ledger.markRetry(item, tr("Jeton refusé par le serveur"), now, &error))
                    return problem(error);
            }
            summary.tokenRefused = true;
            return problem(detail.isEmpty() ? tr("Le serveur refuse le jeton : saisissez un nouveau jeton.") : detail);
        }
        if (reply.status != 200 || results.size() != sent.size()) {
            // The whole batch: no answer, a server error, or an answer that does not follow the contract.
            const bool retry = whole == RetryPolicy::Outcome::Retry || reply.status == 200;
            const QString message = reply.status == 0 ? tr("Pas de réponse du serveur (%1)").arg(reply.error)
                : reply.status == 200 ? tr("Réponse du serveur illisible (lot de %1 réponses pour %2 envois)")
                                            .arg(results.size())
                                            .arg(sent.size())
                : detail.isEmpty() ? tr("Erreur du serveur (HTTP %1)").arg(reply.status)
                                   : detail;
            const std::optional<int> after = RetryPolicy::retryAfter(reply.retryAfter, now);
            for (const SyncLedger::Item &item : std::as_const(sent)) {
                const bool ok = retry ? m_ledger.markRetry(item, message,
                                    now.addSecs(m_schedule.delaySeconds(item.attempts + 1, after)), &error)
                                      : m_ledger.markFailed(item, message, &error);
                if (!ok)
                    return problem(error);
            }
            (retry ? summary.retried : summary.failed) += int(sent.size());
            summary.message = message;
            if (retry)
                return summary; // the server is unwell: the next sync tries again
            continue;
        }
        const std::optional<int> after = RetryPolicy::retryAfter(reply.retryAfter, now);
        for (qsizetype i = 0; i < sent.size(); ++i) {
            const SyncLedger::Item &item = sent.at(i);
            const QJsonObject result = results.at(i).toObject();
            const int status = result.value(QLatin1String("status")).toInt();
            const QString message = result.value(QLatin1String("errors"))
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value(QLatin1String("detail"))
                                        .toString();
            bool ok = true;
            switch (RetryPolicy::outcomeOf(status)) {
            case RetryPolicy::Outcome::Sent:
                ok = m_ledger.markSent(
                    item, QString::number(result.value(QLatin1String("version")).toInteger()), &error);
                ++summary.sent;
                break;
            case RetryPolicy::Outcome::Conflict: {
                const QJsonObject copy = result.value(QLatin1String("data")).toObject();
                const qint64 version
                    = copy.value(QLatin1String("meta")).toObject().value(QLatin1String("version")).toInteger();
                ok = m_ledger.markConflict(
                    item, QString::number(version), QJsonDocument(copy).toJson(QJsonDocument::Compact), now, &error);
                ++summary.conflicts;
                break;
            }
            case RetryPolicy::Outcome::Retry:
            case RetryPolicy::Outcome::PauseForToken:
                ok = m_ledger.markRetry(item, message.isEmpty() ? tr("Erreur du serveur (%1)").arg(status) : message,
                    now.addSecs(m_schedule.delaySeconds(item.attempts + 1, after)), &error);
                ++summary.retried;
                break;
            case RetryPolicy::Outcome::Failed:
                ok = m_ledger.markFailed(
                    item, message.isEmpty() ? tr("Refusé par le serveur (%1)").arg(status) : message, &error);
                ++summary.failed;
                summary.message = message;
                break;
            }
            if (!ok)
                return problem(error);
        }
    }
}
