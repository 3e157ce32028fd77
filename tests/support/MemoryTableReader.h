#pragma once

#include "models/io/TableReader.h"

#include <QList>
#include <QStringList>
#include <QVariantList>

// A sheet held in memory, for the importers' tests: rows of cells (text, numbers, dates), numbered from 1, and
// optionally an error after the last row (what a reader says of a broken file).
class MemoryTableReader : public TableReader
{
public:
    explicit MemoryTableReader(QList<QVariantList> rows, QString errorAtEnd = QString())
        : m_rows(std::move(rows))
        , m_errorAtEnd(std::move(errorAtEnd))
    {
    }
    // Rows of text, as a CSV gives them: each line split on ';' (no quoting: the tests' cells hold none).
    static MemoryTableReader fromText(const QString &text)
    {
        QList<QVariantList> rows;
        for (const QString &line : text.split(QLatin1Char('\n'))) {
            QVariantList cells;
            for (const QString &cell : line.split(QLatin1Char(';')))
                cells << (cell.isEmpty() ? QVariant() : QVariant(cell));
            rows << cells;
        }
        return MemoryTableReader(rows);
    }

    bool readRow(QVariantList *cells) override
    {
        if (m_next >= m_rows.size()) {
            m_error = m_errorAtEnd;
            return false;
        }
        *cells = m_rows.at(m_next++);
        return true;
    }
    qint64 rowNumber() const override { return m_next; }
    QString error() const override { return m_error; }
    qint64 position() const override { return m_next; }
    qint64 size() const override { return m_rows.size(); }

private:
    QList<QVariantList> m_rows;
    QString m_errorAtEnd;
    QString m_error;
    int m_next = 0;
};
