#pragma once

#include "models/store/DraftStore.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

class Store;

// The draft of the CRA form on disk (DraftStore). A change is written at once, or, when the last write is less than
// DelayMs old, DelayMs after that write: whatever the typing pace, every change is on disk within DelayMs (a later
// change never postpones an earlier one), also while a draft of an earlier session is offered (then to the second
// file, DraftStore::NextFileName, until the offer is answered). flush() writes what waits at once; the form's own draft
// is removed when its CRA is saved or abandoned. A draft left by an earlier session can be offered: until it is
// answered (taken or abandoned) it stays on disk and nothing is written over it.
class DraftController : public QObject
{
    Q_OBJECT

public:
    static constexpr int DelayMs = 200;
    // The draft to write (its savedAt is filled in), or nullopt when the form holds no unsaved change.
    using Snapshot = std::function<std::optional<Draft>()>;

    DraftController(Store &store, Snapshot snapshot, QObject *parent = nullptr);

    // A change of the form: written now or within DelayMs.
    void schedule();
    // Writes now what schedule() would write later, if anything.
    void flush();
    // Stops what is scheduled and removes the draft on disk when this form wrote it.
    void removeOwn();
    // The form's CRA is saved: its draft is removed, unless the one on disk is an offered draft.
    void removeAfterSave();

    // Reads the draft on disk and offers it; false when there is none, or when it cannot be read (*error says why).
    bool offer(QString *error);
    bool isOffering() const { return m_offered.has_value(); }
    const std::optional<Draft> &offered() const { return m_offered; }
    // The offered draft, now the form's own: the form holds it and the draft on disk is its.
    Draft takeOffered();
    // Removes the offered draft from disk; it is no longer offered even when that fails (*error). What the form
    // wrote meanwhile becomes the draft.
    bool abandonOffered(QString *error);

signals:
    void writeFailed(const QString &error);

private:
    void write();
    void discardNext();

    Store &m_store;
    DraftStore m_drafts;
    DraftStore m_next; // the form's draft while an offered one is unanswered
    Snapshot m_snapshot;
    QTimer m_timer;
    QElapsedTimer m_sinceWrite;
    std::optional<Draft> m_offered; // a draft from an earlier session, not yet answered
    bool m_own = false; // this form wrote the draft on disk
    bool m_ownNext = false; // this form wrote the second file (while offering)
};
