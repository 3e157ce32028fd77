#pragma once

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

class Store;

// One object of the schema (table, index, trigger) that differs from what Migrations makes.
struct SchemaDifference
{
    enum Kind {
        Missing, // absent from the base
        Altered, // present under its name with other SQL (whitespace aside)
        Extra, // an index or a trigger that Carnet does not make
    };
    Kind kind = Missing;
    QString type; // "table", "index" or "trigger"
    QString name;
    QString expectedSql; // empty for Extra
};

// `carnet check`'s look at the schema: the base's sqlite_schema compared with a fresh base of the same version built
// by Migrations in memory (SQL compared after normalising whitespace), and `--reparer`'s way back.
class SchemaCheck
{
    Q_DECLARE_TR_FUNCTIONS(SchemaCheck)

public:
    // The differences of the base open on db with schema `version`; false (French *error) when either schema cannot
    // be read.
    static bool compare(const QSqlDatabase &db, int version, QList<SchemaDifference> *differences, QString *error);

    // A French sentence for a difference.
    static QString describe(const SchemaDifference &difference);

    // What `--reparer` can restore: every index and trigger, and the tables that only hold what the activities make
    // (the running counts, the statistics' copy). A missing table of records cannot be made again.
    static bool isRepairable(const SchemaDifference &difference);

    // Restores every repairable difference (DROP and CREATE), then rebuilds the statistics' copy and the running
    // counts, in one write transaction. *restored: one French line per object restored. Nothing changes on failure.
    static bool repair(const Store &store, QStringList *restored, QString *error);
};
