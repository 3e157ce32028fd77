#pragma once

#include "models/store/Store.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

// Inside the store's implementation files only.
// A write transaction taken at once (BEGIN IMMEDIATE): a second connection waits on the busy timeout instead of
// failing on a lock upgrade. Rolls back unless committed.
class Store::WriteTransaction
{
public:
    explicit WriteTransaction(const Store &store)
        : m_store(store)
        , m_query(store.database())
    {
    }
    ~WriteTransaction()
    {
        if (m_open)
            m_query.exec(QStringLiteral("ROLLBACK"));
    }
    bool begin(QString *error)
    {
        QElapsedTimer waited;
        waited.start();
        if (m_store.m_redoable) {
            // The sync's connection lets a save that waits go first (at most a second: then the lock decides).
            while (waitingWriters().load() > 0 && waited.elapsed() < 1000)
                QThread::usleep(300);
        }
        // Told to a redoable connection that would begin meanwhile.
        struct Waiting
        {
            explicit Waiting(bool counted)
                : m_counted(counted)
            {
                if (m_counted)
                    ++waitingWriters();
            }
            ~Waiting()
            {
                if (m_counted)
                    --waitingWriters();
            }
            bool m_counted;
        } waiting(!m_store.m_redoable);
        // With a busy wait (the window), the connection waits in short steps and the wait is told between them.
        while (!m_query.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            const int code = m_query.lastError().nativeErrorCode().toInt() & 0xff;
            const bool busy = code == 5 || code == 6; // SQLITE_BUSY, SQLITE_LOCKED
            if (!busy || !m_store.m_busyWait || !m_store.m_busyWait(static_cast<int>(waited.elapsed()))) {
                *error = m_store.describe(m_query.lastError());
                return false;
            }
        }
        m_open = true;
        return true;
    }
    bool commit(QString *error)
    {
        if (!m_query.exec(QStringLiteral("COMMIT"))) {
            *error = m_store.describe(m_query.lastError());
            return false;
        }
        m_open = false;
        return true;
    }

private:
    // The connections of this process about to begin a write (or waiting for the lock), but the redoable ones.
    static std::atomic<int> &waitingWriters()
    {
        static std::atomic<int> count{0};
        return count;
    }
    const Store &m_store;
    QSqlQuery m_query;
    bool m_open = false;
};
