#include "ui/activities/DeleteActivitiesCommand.h"

#include "models/store/Store.h"
#include "models/text/FrenchText.h"

DeleteActivitiesCommand::DeleteActivitiesCommand(Store &store, const QList<QUuid> &ids, std::function<void()> onChanged,
    std::function<void(const QString &)> onError)
    : m_store(store)
    , m_ids(ids)
    , m_onChanged(std::move(onChanged))
    , m_onError(std::move(onError))
{
    // Shown in the Édition menu after "Annuler" / "Rétablir".
    setText(ids.size() == 1
            ? tr("la suppression d'une activité")
            : tr("la suppression de %1").arg(FrenchText::count(ids.size(), tr("activité"), tr("activités"))));
}

void DeleteActivitiesCommand::redo()
{
    m_ok = apply(true);
    if (!m_ok)
        setObsolete(true);
}

void DeleteActivitiesCommand::undo()
{
    apply(false);
}

// True when the activities are all changed, or when some stayed changed after a failure and could not be put back
// (a redo then keeps the command, for those alone, so that Ctrl+Z can still restore them).
bool DeleteActivitiesCommand::apply(bool deleted)
{
    using FrenchText::count;
    QString error;
    QList<QUuid> done;
    for (const QUuid &id : std::as_const(m_ids)) {
        const bool ok = deleted ? m_store.deleteActivity(id, &error) : m_store.restoreActivity(id, &error);
        if (!ok) {
            // The store's sentence says "rien n'a été enregistré" of its own write: what the command did before it is
            // told here, with the cause alone.
            const QString cause
                = error.contains(QStringLiteral("rien n'a été enregistré")) ? m_store.lastCause() : error;
            // Put back the ones already changed, so that the command is all or nothing when the base lets it.
            QList<QUuid> stuck;
            QString ignored;
            for (const QUuid &back : std::as_const(done)) {
                const bool putBack
                    = deleted ? m_store.restoreActivity(back, &ignored) : m_store.deleteActivity(back, &ignored);
                if (!putBack)
                    stuck.append(back);
            }
            const int total = static_cast<int>(m_ids.size());
            QString message;
            if (stuck.isEmpty()) {
                message = total == 1
                    ? error
                    : (deleted ? tr("Aucune des %1 n'a été supprimée : %2") : tr("Aucune des %1 n'a été rétablie : %2"))
                          .arg(count(total, tr("activité"), tr("activités")), error);
            } else if (deleted) {
                const bool one = stuck.size() == 1;
                message = (one ? tr("La suppression s'est arrêtée en cours : %1 sur %2 a été supprimée et n'a pas pu "
                                    "être rétablie, les autres ne sont pas supprimées. Ctrl+Z (Édition > Annuler) la "
                                    "rétablit. Cause : %3")
                               : tr("La suppression s'est arrêtée en cours : %1 sur %2 ont été supprimées et n'ont pas "
                                    "pu être rétablies, les autres ne sont pas supprimées. Ctrl+Z (Édition > Annuler) "
                                    "les rétablit. Cause : %3"))
                              .arg(count(static_cast<int>(stuck.size()), tr("activité"), tr("activités")))
                              .arg(total)
                              .arg(cause);
            } else {
                message = tr("L'annulation s'est arrêtée en cours : %1 sur %2 sont de nouveau là, les autres restent "
                             "supprimées. Cause : %3")
                              .arg(count(static_cast<int>(stuck.size()), tr("activité"), tr("activités")))
                              .arg(total)
                              .arg(cause);
            }
            if (m_onError)
                m_onError(message);
            if (m_onChanged)
                m_onChanged();
            if (deleted && !stuck.isEmpty()) {
                // Kept on the undo stack with what was done: undo restores these, a redo deletes these again.
                m_ids = stuck;
                setText(stuck.size() == 1
                        ? tr("la suppression d'une activité")
                        : tr("la suppression de %1")
                              .arg(count(static_cast<int>(stuck.size()), tr("activité"), tr("activités"))));
                return true;
            }
            return false;
        }
        done.append(id);
    }
    if (m_onChanged)
        m_onChanged();
    return true;
}
