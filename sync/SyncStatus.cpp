#include "sync/SyncStatus.h"

#include "models/io/ActivityColumns.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

QString SyncStatus::label(SyncState state)
{
    // The same labels as the activities file's "État de synchronisation" column, which the import reads back.
    return ActivityColumns::syncStateLabel(state);
}

SyncStatus::Summary SyncStatus::summarize(const Store &store)
{
    return store.syncCounts();
}

QString SyncStatus::describe(const Summary &s)
{
    using FrenchText::count;
    if (s.conflicts > 0)
        return tr("%1 à résoudre").arg(count(s.conflicts, tr("conflit"), tr("conflits")));
    if (s.failed > 0)
        return tr("%1 en échec").arg(count(s.failed, tr("envoi"), tr("envois")));
    if (s.pending > 0 && s.pendingDeletions >= s.pending)
        return tr("%1 à envoyer").arg(count(s.pending, tr("suppression"), tr("suppressions")));
    if (s.pending > 0 && s.pendingDeletions > 0) {
        // Beside the count of activities (deleted ones aside), the deletions explain a larger figure.
        return tr("%1 à envoyer, dont %2")
            .arg(count(s.pending, tr("activité"), tr("activités")),
                count(s.pendingDeletions, tr("suppression"), tr("suppressions")));
    }
    if (s.pending > 0)
        return tr("%1 à envoyer").arg(count(s.pending, tr("activité"), tr("activités")));
    return s.sent > 0 ? tr("Tout est envoyé") : tr("Rien à envoyer");
}
