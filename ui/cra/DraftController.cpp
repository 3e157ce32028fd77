#include "ui/cra/DraftController.h"

#include "models/store/Store.h"

DraftController::DraftController(Store &store, Snapshot snapshot, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_drafts(DraftStore::besideStore(store))
    , m_next(DraftStore::besideStore(store, QLatin1String(DraftStore::NextFileName)))
    , m_snapshot(std::move(snapshot))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DraftController::write);
}

void DraftController::schedule()
{
    if (m_timer.isActive())
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
    m_sinceWrite.start();
    std::optional<Draft> draft = m_snapshot();
    if (!draft) {
        removeOwn();
        return;
    }
    draft->savedAt = m_store.clock().nowUtc();
    QString error;
    // An offered draft is not written over: the form's goes beside it until the offer is answered.
    if (!(m_offered ? m_next : m_drafts).save(*draft, &error))
        emit writeFailed(error);
    else if (m_offered)
        m_ownNext = true;
    else
        m_own = true;
}

void DraftController::discardNext()
{
    if (!m_ownNext)
        return;
    QString error;
    if (!m_next.discard(&error))
        qWarning("%s", qPrintable(error));
    m_ownNext = false;
}

void DraftController::removeOwn()
{
    m_timer.stop();
    discardNext();
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
    discardNext();
    if (!m_offered) {
        QString error;
        if (!m_drafts.discard(&error))
            qWarning("%s", qPrintable(error));
    }
    m_own = false;
}

bool DraftController::offer(QString *error)
{
    if (!m_drafts.exists() && !m_next.moveTo(m_drafts, error))
        return false; // a crash while an offer was unanswered left only the second file: offered as the draft
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
    discardNext(); // what the form held was saved or abandoned before (CraForm asks)
    return draft;
}

bool DraftController::abandonOffered(QString *error)
{
    bool removed = m_drafts.discard(error);
    m_offered.reset();
    if (removed && m_ownNext) {
        removed = m_next.moveTo(m_drafts, error);
        m_own = removed;
        m_ownNext = !removed;
    }
    return removed;
}
