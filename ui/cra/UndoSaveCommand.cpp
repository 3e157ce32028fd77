#include "ui/cra/UndoSaveCommand.h"

#include "models/store/Store.h"

UndoSaveCommand::UndoSaveCommand(Store &store, const QUuid &id, const QDate &date,
    std::function<void(bool stored)> onChanged, std::function<void(const QString &)> onError)
    : m_store(store)
    , m_id(id)
    , m_onChanged(std::move(onChanged))
    , m_onError(std::move(onError))
{
    // Shown in the Édition menu after "Annuler" / "Rétablir".
    setText(tr("l'enregistrement du CRA du %1").arg(date.toString(QStringLiteral("dd/MM/yyyy"))));
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
    if (m_onChanged)
        m_onChanged(true);
}

void UndoSaveCommand::undo()
{
    QString error;
    if (!m_store.deleteActivity(m_id, &error)) {
        if (m_onError)
            m_onError(error);
        return;
    }
    if (m_onChanged)
        m_onChanged(false);
}
