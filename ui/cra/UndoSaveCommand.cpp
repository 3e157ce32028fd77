#include "ui/cra/UndoSaveCommand.h"

#include "models/store/Store.h"

UndoSaveCommand::UndoSaveCommand(Store &store, const QUuid &id, const QDate &date, const QDateTime &savedModification,
    std::function<void(bool stored)> onChanged, std::function<void(const QString &)> onError,
    std::function<QString()> refusal)
    : m_store(store)
    , m_id(id)
    , m_onChanged(std::move(onChanged))
    , m_onError(std::move(onError))
    , m_refusal(std::move(refusal))
    , m_savedModification(savedModification)
    , m_date(date.toString(QStringLiteral("dd/MM/yyyy")))
{
    // Shown in the Édition menu after "Annuler" / "Rétablir".
    setText(tr("l'enregistrement du CRA du %1").arg(m_date));
}

void UndoSaveCommand::redo()
{
    if (m_first) {
        m_first = false; // pushed after the save: nothing to do
        return;
    }
    QString error;
    if (!m_store.restoreActivity(m_id, &error)) {
        if (m_onError)
            m_onError(error);
        return;
    }
    // The restore is a change of its own: the next undo compares with it.
    if (const std::optional<Activity> restored = m_store.activity(m_id))
        m_savedModification = restored->modification;
    if (m_onChanged)
        m_onChanged(true);
}

void UndoSaveCommand::undo()
{
    QString refused = m_refusal ? m_refusal() : QString();
    const std::optional<Activity> now = m_store.activity(m_id);
    if (refused.isEmpty() && now && now->modification != m_savedModification)
        refused = tr("le CRA du %1 a été modifié depuis son enregistrement, il est gardé.").arg(m_date);
    if (!refused.isEmpty()) {
        setObsolete(true); // out of the stack: a later Ctrl+Z goes to the command before it
        if (m_onError)
            m_onError(refused);
        return;
    }
    QString error;
    if (!m_store.deleteActivity(m_id, &error)) {
        if (m_onError)
            m_onError(error);
        return;
    }
    if (m_onChanged)
        m_onChanged(false);
}
