#pragma once

#include "models/store/Store.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>

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
        // With a busy wait (the window), the connection waits in short steps and the wait is told between them.
        QElapsedTimer waited;
        waited.start();
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
    const Store &m_store;
    QSqlQuery m_query;
    bool m_open = false;
};
