#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QUndoCommand>
#include <QUuid>

#include <functional>

class Store;

// The save of a new CRA, pushed on the window's QUndoStack once the CRA is stored: undo soft-deletes it, redo restores
// it. onChanged(stored) tells the form which of the two happened; onError reports, in French, a store call that
// failed or an undo refused (the command is then left as it was). An undo is refused, and the command made obsolete,
// once the CRA has been modified since its save or while refusal() gives a reason (the form has it open): undoing a
// save never deletes work done after it.
class UndoSaveCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(UndoSaveCommand)

public:
    UndoSaveCommand(Store &store, const QUuid &id, const QDate &date, const QDateTime &savedModification,
        std::function<void(bool stored)> onChanged, std::function<void(const QString &)> onError,
        std::function<QString()> refusal = {});
    void redo() override;
    void undo() override;

private:
    Store &m_store;
    QUuid m_id;
    std::function<void(bool)> m_onChanged;
    std::function<void(const QString &)> m_onError;
    std::function<QString()> m_refusal;
    QDateTime m_savedModification;
    QString m_date;
    bool m_first = true;
};
