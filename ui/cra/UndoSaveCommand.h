#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QUndoCommand>
#include <QUuid>

#include <functional>

class Store;

// The save of a new CRA, pushed on the window's QUndoStack once the CRA is stored: undo soft-deletes it, redo restores
// it. onChanged(stored) tells the form which of the two happened; onError reports a store call that failed (the
// command is then left as it was).
class UndoSaveCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(UndoSaveCommand)

public:
    UndoSaveCommand(Store &store, const QUuid &id, const QDate &date, std::function<void(bool stored)> onChanged,
        std::function<void(const QString &)> onError);
    void redo() override;
    void undo() override;

private:
    Store &m_store;
    QUuid m_id;
    std::function<void(bool)> m_onChanged;
    std::function<void(const QString &)> m_onError;
    bool m_first = true;
};
