#include "sync/client/Puller.h"

#include "sync/client/RetryPolicy.h"
#include "sync/wire/ActivityWire.h"
#include "sync/wire/ReferenceWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace {
QString collectionOf(SyncLedger::Kind kind)
{
    switch (kind) {
    case SyncLedger::Kind::Lieu:
        return QStringLiteral("lieux");
    case SyncLedger::Kind::Beneficiaire:
        return QStringLiteral("beneficiaires");
    case SyncLedger::Kind::Activite:
        break;
    }
    return QStringLiteral("activites");
}

// "des activités", for the messages.
QString pluralOf(SyncLedger::Kind kind)
{
    switch (kind) {
    case SyncLedger::Kind::Lieu:
        return Puller::tr("des lieux");
    case SyncLedger::Kind::Beneficiaire:
        return Puller::tr("des bénéficiaires");
    case SyncLedger::Kind::Activite:
        break;
    }
    return Puller::tr("des activités");
}

QString firstDetail(const QByteArray &body)
{
    return QJsonDocument::fromJson(body)
        .object()
        .value(QLatin1String("errors"))
        .toArray()
        .first()
        .toObject()
        .value(QLatin1String("detail"))
        .toString();
}

// The records of a page, read whole as the wire reads them; false with a French *error naming the first wrong one.
bool readPlaces(const QJsonArray &data, QList<SyncLedger::Remote<Place>> *rows, QString *error)
{
    for (qsizetype i = 0; i < data.size(); ++i) {
        SyncLedger::Remote<Place> row;
        row.resource = data.at(i).toObject();
        if (!PlaceWire::fromResource(row.resource, &row.record, error, &row.version))
            return false;
        rows->append(row);
    }
    return true;
}

bool readPeople(const QJsonArray &data, QList<SyncLedger::Remote<Beneficiary>> *rows, QString *error)
{
    for (qsizetype i = 0; i < data.size(); ++i) {
        SyncLedger::Remote<Beneficiary> row;
        row.resource = data.at(i).toObject();
        if (!BeneficiaryWire::fromResource(row.resource, &row.record, error, &row.version))
            return false;
        rows->append(row);
    }
    return true;
}

bool readActivities(const QJsonArray &data, QList<SyncLedger::Remote<Activity>> *rows, QString *error)
{
    for (qsizetype i = 0; i < data.size(); ++i) {
        SyncLedger::Remote<Activity> row;
        row.resource = data.at(i).toObject();
        ActivityWire::Meta meta;
        if (!ActivityWire::fromResource(row.resource, &row.record, error, &meta))
            return false;
        row.version = meta.version;
        rows->append(row);
    }
    return true;
}

// A page written this many records a transaction, the cursor with the last (a crash in between reads the page again:
// the records already written are at their version, left as they are), so that a save of the window never waits
// long behind the sync (save_during_sync_p99_ms).
constexpr qsizetype kRowsPerTransaction = 100;

// apply(slice, cursor) on each slice of rows, the page's cursor with the last one, the counts added up.
template <typename T, typename Apply>
bool inSlices(const QList<SyncLedger::Remote<T>> &rows, const QString &before, const QString &after, Apply apply)
{
    for (qsizetype from = 0; from < rows.size() || from == 0; from += kRowsPerTransaction) {
        const bool last = from + kRowsPerTransaction >= rows.size();
        if (!apply(rows.mid(from, kRowsPerTransaction), last ? after : before))
            return false;
        if (last)
            break;
    }
    return true;
}

template <typename T> bool versioned(const QList<SyncLedger::Remote<T>> &rows, QString *error)
{
    for (const SyncLedger::Remote<T> &row : rows) {
        if (row.version <= 0) {
            *error = Puller::tr("« %1 » : sans « meta.version ».").arg(row.record.id.toString(QUuid::WithoutBraces));
            return false;
        }
    }
    return true;
}
} // namespace

Puller::Puller(Store &store, const Clock &clock, SyncGet get, int pageSize)
    : m_ledger(store)
    , m_clock(clock)
    , m_get(std::move(get))
    , m_pageSize(pageSize)
{
}

Puller::Summary Puller::run(const std::function<bool()> &cancelled)
{
    Summary summary;
    for (const SyncLedger::Kind kind :
        {SyncLedger::Kind::Lieu, SyncLedger::Kind::Beneficiaire, SyncLedger::Kind::Activite}) {
        if (!pullKind(kind, &summary, cancelled))
            return summary;
    }
    summary.complete = true;
    return summary;
}

bool Puller::pullKind(SyncLedger::Kind kind, Summary *summary, const std::function<bool()> &cancelled)
{
    QString cursor = m_ledger.cursor(kind);
    const auto stop = [&](const QString &message) {
        summary->message = message;
        return false;
    };
    for (;;) {
        if (cancelled && cancelled())
            return false;
        QString path
            = QLatin1Char('/') + collectionOf(kind) + QStringLiteral("?page[size]=") + QString::number(m_pageSize);
        if (!cursor.isEmpty())
            path += QStringLiteral("&page[after]=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor));
        const SyncReply reply = m_get(path);
        if (RetryPolicy::outcomeOf(reply.status) == RetryPolicy::Outcome::PauseForToken) {
            summary->tokenRefused = true;
            const QString detail = firstDetail(reply.body);
            return stop(detail.isEmpty() ? tr("Le serveur refuse le jeton : saisissez un nouveau jeton.") : detail);
        }
        if (reply.status != 200) {
            const QString detail = firstDetail(reply.body);
            return stop(reply.status == 0 ? tr("Pas de réponse du serveur (%1).").arg(reply.error)
                    : detail.isEmpty()
                    ? tr("Erreur du serveur (HTTP %1) à la lecture %2.").arg(reply.status).arg(pluralOf(kind))
                    : detail);
        }
        QJsonParseError parse;
        const QJsonDocument document = QJsonDocument::fromJson(reply.body, &parse);
        const QJsonObject root = document.object();
        const QJsonValue data = root.value(QLatin1String("data"));
        const QJsonValue next = root.value(QLatin1String("links")).toObject().value(QLatin1String("next"));
        const QJsonValue nextCursor = root.value(QLatin1String("meta")).toObject().value(QLatin1String("curseur"));
        if (parse.error != QJsonParseError::NoError || !document.isObject() || !data.isArray()
            || !(next.isNull() || next.isString()) || !nextCursor.isString() || nextCursor.toString().isEmpty())
            return stop(
                tr("Réponse du serveur illisible à la lecture %1 : rien n'en a été enregistré.").arg(pluralOf(kind)));
        const QJsonArray records = data.toArray();
        const bool more = next.isString();
        if (more && (records.isEmpty() || nextCursor.toString() == cursor))
            return stop(
                tr("Le serveur annonce une page suivante %1 sans avancer : lecture arrêtée.").arg(pluralOf(kind)));

        QString error;
        const QDateTime now = m_clock.nowUtc();
        SyncLedger::PullCounts counts;
        bool ok = false;
        const auto unreadable = [&] {
            return stop(tr("Réponse du serveur illisible à la lecture %1 : %2 Rien de cette page n'a été enregistré.")
                            .arg(pluralOf(kind), error));
        };
        switch (kind) {
        case SyncLedger::Kind::Lieu: {
            QList<SyncLedger::Remote<Place>> rows;
            if (!readPlaces(records, &rows, &error) || !versioned(rows, &error))
                return unreadable();
            ok = inSlices(rows, cursor, nextCursor.toString(),
                [&](const QList<SyncLedger::Remote<Place>> &slice, const QString &c) {
                    return m_ledger.applyPlaces(slice, c, now, &counts, &error);
                });
            break;
        }
        case SyncLedger::Kind::Beneficiaire: {
            QList<SyncLedger::Remote<Beneficiary>> rows;
            if (!readPeople(records, &rows, &error) || !versioned(rows, &error))
                return unreadable();
            ok = inSlices(rows, cursor, nextCursor.toString(),
                [&](const QList<SyncLedger::Remote<Beneficiary>> &slice, const QString &c) {
                    return m_ledger.applyBeneficiaries(slice, c, now, &counts, &error);
                });
            break;
        }
        case SyncLedger::Kind::Activite: {
            QList<SyncLedger::Remote<Activity>> rows;
            if (!readActivities(records, &rows, &error) || !versioned(rows, &error))
                return unreadable();
            // Made elsewhere since the places and people were read: those read again first (applyActivities
            // refuses the page if some are still missing).
            if (!m_ledger.missingReferences(rows).isEmpty()
                && (!pullKind(SyncLedger::Kind::Lieu, summary, cancelled)
                    || !pullKind(SyncLedger::Kind::Beneficiaire, summary, cancelled)))
                return false;
            ok = inSlices(rows, cursor, nextCursor.toString(),
                [&](const QList<SyncLedger::Remote<Activity>> &slice, const QString &c) {
                    return m_ledger.applyActivities(slice, c, now, &counts, &error);
                });
            break;
        }
        }
        // Counted even when a later slice failed: the ones before it are written (the window reloads its lists).
        summary->received += counts.written;
        summary->unchanged += counts.unchanged;
        summary->conflicts += counts.conflicts;
        if (!ok)
            return stop(error);
        ++summary->pages;
        if (!more)
            return true;
        cursor = nextCursor.toString();
    }
}
