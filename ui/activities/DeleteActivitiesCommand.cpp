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

bool DeleteActivitiesCommand::apply(bool deleted)
{
    QString error;
    QList<QUuid> done;
    for (const QUuid &id : std::as_const(m_ids)) {
        const bool ok = deleted ? m_store.deleteActivity(id, &error) : m_store.restoreActivity(id, &error);
        if (!ok) {
            // Put back the ones already changed, so that the command is all or nothing.
            QString ignored;
            for (const QUuid &back : std::as_const(done)) {
                if (deleted)
                    m_store.restoreActivity(back, &ignored);
                else
                    m_store.deleteActivity(back, &ignored);
            }
            if (m_onError)
                m_onError(error);
            if (m_onChanged)
                m_onChanged();
            return false;
        }
        done.append(id);
    }
    if (m_onChanged)
        m_onChanged();
    return true;
}
