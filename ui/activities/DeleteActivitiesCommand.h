#pragma once

#include <QCoreApplication>
#include <QList>
#include <QUndoCommand>
#include <QUuid>

#include <functional>

class Store;

// Soft-deletes activities; undo restores them. Pushed on the window's QUndoStack (Ctrl+Z) by the list and the form.
// When a store call fails, the error is reported through onError in French, saying what was done. Each activity is
// deleted or restored in its own atomic write; on a failure the ones already done are put back. When some cannot be
// put back (the base became busy), a redo keeps the command on the stack for those alone, so Ctrl+Z restores them.
class DeleteActivitiesCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(DeleteActivitiesCommand)

public:
    DeleteActivitiesCommand(Store &store, const QList<QUuid> &ids, std::function<void()> onChanged,
        std::function<void(const QString &)> onError);
    void redo() override;
    void undo() override;
    // False when the first redo() failed and changed nothing; the caller should then not keep the command
    // (QUndoCommand::setObsolete).
    bool succeeded() const { return m_ok; }

private:
    bool apply(bool deleted);

    Store &m_store;
    QList<QUuid> m_ids;
    std::function<void()> m_onChanged;
    std::function<void(const QString &)> m_onError;
    bool m_ok = true;
};
