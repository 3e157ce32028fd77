#include "SyncStatus.h"

#include "FrenchText.h"
#include "Store.h"

#include <QSqlQuery>

QString SyncStatus::label(SyncState state)
{
    switch (state) {
    case SyncState::Pending:
        return tr("À envoyer");
    case SyncState::Sending:
        return tr("Envoi en cours");
    case SyncState::Sent:
        return tr("Envoyée");
    case SyncState::Conflict:
        return tr("Conflit à résoudre");
    case SyncState::Failed:
        return tr("Échec de l'envoi");
    }
    return QString();
}

SyncStatus::Summary SyncStatus::summarize(const Store &store)
{
    Summary s;
    QSqlQuery q(store.database());
    if (!q.exec(QStringLiteral("SELECT sync_state, total(n) FROM activites_compteurs GROUP BY sync_state")))
        return s;
    while (q.next()) {
        const qint64 n = q.value(1).toLongLong();
        switch (static_cast<SyncState>(q.value(0).toInt())) {
        case SyncState::Pending:
        case SyncState::Sending:
            s.pending += n;
            break;
        case SyncState::Sent:
            s.sent += n;
            break;
        case SyncState::Conflict:
            s.conflicts += n;
            break;
        case SyncState::Failed:
            s.failed += n;
            break;
        }
    }
    return s;
}

QString SyncStatus::describe(const Summary &s)
{
    using FrenchText::count;
    if (s.conflicts > 0)
        return tr("%1 à résoudre").arg(count(s.conflicts, tr("conflit"), tr("conflits")));
    if (s.failed > 0)
        return tr("%1 en échec").arg(count(s.failed, tr("envoi"), tr("envois")));
    if (s.pending > 0)
        return tr("%1 à envoyer").arg(count(s.pending, tr("activité"), tr("activités")));
    return s.sent > 0 ? tr("Tout est envoyé") : tr("Rien à envoyer");
}
