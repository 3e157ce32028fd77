#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <functional>

class Store;

struct IntegrityReport
{
    QStringList problems; // French, one per problem, at most MaxListed (problemCount has them all)
    qint64 problemCount = 0;
    qint64 activitiesChecked = 0;
    // SQLite found the file itself damaged (integrity_check): the way out is a restore or a salvage, not --reparer.
    qint64 fileProblems = 0;
    // Indexes, triggers or tables of the schema missing, altered or foreign (SchemaCheck).
    qint64 schemaProblems = 0;
    // Every schema problem is one that `carnet check --reparer` restores.
    bool schemaRepairable = true;
    bool ok() const { return problemCount == 0; }
    bool damaged() const { return fileProblems > 0; }

    static constexpr int MaxListed = 200;
};

// `carnet check`: SQLite's own integrity and foreign-key checks (in French), the schema's indexes and triggers
// (SchemaCheck), then the domain's invariants on every record (the validation rules, the stored number of
// accompagnements, references to places and beneficiaries).
class IntegrityChecker
{
    Q_DECLARE_TR_FUNCTIONS(IntegrityChecker)

public:
    static IntegrityReport run(const Store &store, const std::function<void(qint64 done)> &progress = {});

    // A line of PRAGMA integrity_check or quick_check as a French sentence ("Page 402 de la base illisible."); SQLite's
    // own text follows in parentheses when the sentence does not say it all. Empty for "ok" (and for the
    // "*** in database main ***" header, which SQLite puts before the first problem, in the same line).
    static QString describeSqliteProblem(const QString &line);
    // A row of PRAGMA integrity_check or quick_check, which may hold several problems, one a line: their sentences.
    static QStringList describeSqliteProblems(const QString &row);
};
