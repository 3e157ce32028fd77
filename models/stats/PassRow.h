#pragma once

#include <QByteArray>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#ifdef Q_OS_LINUX
#include <sqlite3.h>
#endif

// Inside the statistics engine (StatsPass.cpp): the readers of one activity of the pass.
namespace StatsInternal {

// The arguments of one activity in the pass, read from activites_stats.
enum Arg { AJour, AMesures, ACodesLieu, ACodesUsage, APersonne, AAtelier, AId };

// The id is read only to list the activities behind an item.
inline QString passColumns(bool withId)
{
    return QStringLiteral("jour, mesures, codes_lieu, codes_usage, personne, atelier")
        + (withId ? QStringLiteral(", id") : QString());
}

// One activity of the pass. Text comes as UTF-8 bytes that stay valid until the next activity (not to be kept).
class Row
{
public:
    virtual ~Row() = default;
    virtual QByteArray text(int arg) const = 0;
    virtual qint64 integer(int arg) const = 0;
};

// The portable reader: QtSql values, converted.
class QtRow : public Row
{
public:
    explicit QtRow(const QSqlQuery &q)
        : m_q(q)
    {
    }
    QByteArray text(int arg) const override
    {
        m_buffers[arg] = m_q.value(arg).toString().toUtf8();
        return m_buffers[arg];
    }
    qint64 integer(int arg) const override { return m_q.value(arg).toLongLong(); }

private:
    const QSqlQuery &m_q;
    mutable QByteArray m_buffers[8]; // the engine's queries read at most 8 columns
};

#ifdef Q_OS_LINUX
// A result row of SQLite's C interface, read in place (QtSql would convert every value to a QVariant and every text to
// UTF-16).
class StatementRow : public Row
{
public:
    explicit StatementRow(sqlite3_stmt *statement)
        : m_statement(statement)
    {
    }
    QByteArray text(int arg) const override
    {
        // As a blob: the bytes in place, where a text would first be copied to be given a terminating zero.
        const auto *data = static_cast<const char *>(sqlite3_column_blob(m_statement, arg));
        return data ? QByteArray::fromRawData(data, sqlite3_column_bytes(m_statement, arg)) : QByteArray();
    }
    qint64 integer(int arg) const override { return sqlite3_column_int64(m_statement, arg); }

private:
    sqlite3_stmt *m_statement;
};

// The arguments of an SQL function that SQLite calls on every activity of the pass (see Engine::scan): read in place,
// with none of the per-column calls of a result row nor QtSql's conversion of every value to a QVariant.
class ValueRow : public Row
{
public:
    explicit ValueRow(sqlite3_value **values)
        : m_values(values)
    {
    }
    QByteArray text(int arg) const override
    {
        const auto *data = static_cast<const char *>(sqlite3_value_blob(m_values[arg]));
        return data ? QByteArray::fromRawData(data, sqlite3_value_bytes(m_values[arg])) : QByteArray();
    }
    qint64 integer(int arg) const override { return sqlite3_value_int64(m_values[arg]); }

private:
    sqlite3_value **m_values;
};
#endif

// A deep copy of a row's bytes, for a hash key that outlives the row.
inline QByteArray owned(const QByteArray &raw)
{
    return QByteArray(raw.constData(), raw.size());
}

} // namespace StatsInternal
