#include "ui/cra/DraftController.h"

#include "models/store/Store.h"

DraftController::DraftController(Store &store, Snapshot snapshot, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_drafts(DraftStore::besideStore(store))
    , m_snapshot(std::move(snapshot))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DraftController::write);
}

void DraftController::schedule()
{
    if (m_offered || m_timer.isActive())
        return; // the write already planned will take this change too
    const qint64 since = m_sinceWrite.isValid() ? m_sinceWrite.elapsed() : DelayMs;
    if (since >= DelayMs)
        write();
    else
        m_timer.start(static_cast<int>(DelayMs - since));
}

void DraftController::flush()
{
    if (m_timer.isActive())
        write();
}

void DraftController::write()
{
    m_timer.stop();
    if (m_offered)
        return;
    m_sinceWrite.start();
    std::optional<Draft> draft = m_snapshot();
    if (!draft) {
        removeOwn();
        return;
    }
    draft->savedAt = m_store.clock().nowUtc();
    QString error;
    if (m_drafts.save(*draft, &error))
        m_own = true;
    else
        emit writeFailed(error);
}

void DraftController::removeOwn()
{
    m_timer.stop();
    if (!m_own)
        return;
    QString error;
    if (!m_drafts.discard(&error))
        qWarning("%s", qPrintable(error));
    m_own = false;
}

void DraftController::removeAfterSave()
{
    m_timer.stop();
    if (!m_offered) {
        QString error;
        if (!m_drafts.discard(&error))
            qWarning("%s", qPrintable(error));
    }
    m_own = false;
}

bool DraftController::offer(QString *error)
{
    std::optional<Draft> draft = m_drafts.load(error);
    if (!draft)
        return false;
    m_offered = std::move(draft);
    m_own = false; // the draft on disk is the one offered, kept until answered
    m_timer.stop();
    return true;
}

Draft DraftController::takeOffered()
{
    Draft draft = *m_offered;
    m_offered.reset();
    m_own = true;
    return draft;
}

bool DraftController::abandonOffered(QString *error)
{
    const bool removed = m_drafts.discard(error);
    m_offered.reset();
    return removed;
}
