#include "models/store/SchemaCheck.h"

#include "models/store/Connection.h"
#include "models/store/Migrations.h"
#include "models/store/StatsCopySchema.h"
#include "models/store/Store.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>

namespace {

struct SchemaObject
{
    QString type;
    QString name;
    QString sql;
};

// The schema's objects in the order SQLite made them (tables before their indexes and triggers), SQLite's own
// automatic indexes aside.
bool readSchema(const QSqlDatabase &db, QList<SchemaObject> *objects, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE "
                               "'\\' AND type IN ('table', 'index', 'trigger', 'view') ORDER BY rowid"))) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next())
        objects->append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return true;
}

QString normalised(const QString &sql)
{
    return sql.simplified();
}

// What Migrations makes for schema `version`, from an empty base in memory.
bool referenceSchema(int version, QList<SchemaObject> *objects, QString *error)
{
    const QString name = Connection::uniqueName(QStringLiteral("carnet-schema-reference"));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (!db.open()) {
            *error = db.lastError().text();
        } else if (Migrations::migrate(db, 0, error, version)) {
            ok = readSchema(db, objects, error);
        }
    }
    Connection::remove(name);
    return ok;
}

// Tables that hold only what the activities make: made again empty, then rebuilt.
bool isDerivedTable(const QString &name)
{
    return name == QLatin1String("activites_compteurs") || name == QLatin1String("activites_stats")
        || name == QLatin1String("stats_valeurs");
}

} // namespace

bool SchemaCheck::compare(const QSqlDatabase &db, int version, QList<SchemaDifference> *differences, QString *error)
{
    differences->clear();
    QList<SchemaObject> expected;
    QList<SchemaObject> actual;
    QString message;
    if (!referenceSchema(version, &expected, &message)) {
        *error = tr("Le schéma de référence n'a pas pu être construit (détail technique : %1).").arg(message);
        return false;
    }
    if (!readSchema(db, &actual, &message)) {
        *error = tr("Le schéma de la base n'a pas pu être lu (détail technique : %1).").arg(message);
        return false;
    }
    QHash<QString, SchemaObject> present;
    for (const SchemaObject &o : std::as_const(actual))
        present.insert(o.type + QLatin1Char(':') + o.name, o);
    QHash<QString, bool> known;
    for (const SchemaObject &o : std::as_const(expected)) {
        const QString key = o.type + QLatin1Char(':') + o.name;
        known.insert(key, true);
        const auto it = present.constFind(key);
        if (it == present.constEnd())
            differences->append({SchemaDifference::Missing, o.type, o.name, o.sql});
        else if (o.type != QLatin1String("table") && normalised(it->sql) != normalised(o.sql))
            differences->append({SchemaDifference::Altered, o.type, o.name, o.sql});
    }
    for (const SchemaObject &o : std::as_const(actual)) {
        if ((o.type == QLatin1String("index") || o.type == QLatin1String("trigger"))
            && !known.contains(o.type + QLatin1Char(':') + o.name))
            differences->append({SchemaDifference::Extra, o.type, o.name, QString()});
    }
    return true;
}

QString SchemaCheck::describe(const SchemaDifference &d)
{
    const bool trigger = d.type == QLatin1String("trigger");
    const bool table = d.type == QLatin1String("table");
    switch (d.kind) {
    case SchemaDifference::Missing:
        if (table)
            return isDerivedTable(d.name)
                ? tr("La table « %1 » manque au schéma (« carnet check --reparer » la reconstruit).").arg(d.name)
                : tr("La table « %1 » manque au schéma : ses données sont perdues (restaurez une sauvegarde).")
                      .arg(d.name);
        return trigger
            ? tr("Le déclencheur « %1 » manque au schéma (« carnet check --reparer » le rétablit).").arg(d.name)
            : tr("L'index « %1 » manque au schéma (« carnet check --reparer » le rétablit).").arg(d.name);
    case SchemaDifference::Altered:
        return trigger ? tr("Le déclencheur « %1 » a été modifié (« carnet check --reparer » le rétablit).").arg(d.name)
                       : tr("L'index « %1 » a été modifié (« carnet check --reparer » le rétablit).").arg(d.name);
    case SchemaDifference::Extra:
        return trigger
            ? tr("Le déclencheur « %1 » n'est pas de Carnet (« carnet check --reparer » le retire).").arg(d.name)
            : tr("L'index « %1 » n'est pas de Carnet (« carnet check --reparer » le retire).").arg(d.name);
    }
    return QString();
}

bool SchemaCheck::isRepairable(const SchemaDifference &d)
{
    return d.type != QLatin1String("table") || isDerivedTable(d.name);
}

bool SchemaCheck::repair(const Store &store, QStringList *restored, QString *error)
{
    restored->clear();
    QSqlDatabase db = store.database();
    QList<SchemaDifference> differences;
    if (!compare(db, store.schemaVersion(), &differences, error))
        return false;
    // Tables first, then the indexes and triggers that stand on them.
    QStringList statements;
    QStringList said;
    for (const char *type : {"table", "index", "trigger"}) {
        for (const SchemaDifference &d : std::as_const(differences)) {
            if (d.type != QLatin1String(type) || !isRepairable(d))
                continue;
            const QString drop = d.type == QLatin1String("index") ? QStringLiteral("DROP INDEX IF EXISTS \"%1\"")
                                                                  : QStringLiteral("DROP TRIGGER IF EXISTS \"%1\"");
            if (d.type != QLatin1String("table"))
                statements << drop.arg(d.name);
            if (d.kind != SchemaDifference::Extra)
                statements << d.expectedSql;
            const bool trigger = d.type == QLatin1String("trigger");
            if (d.kind == SchemaDifference::Extra)
                said << (trigger ? tr("Déclencheur « %1 » retiré.") : tr("Index « %1 » retiré.")).arg(d.name);
            else if (d.type == QLatin1String("table"))
                said << tr("Table « %1 » reconstruite.").arg(d.name);
            else
                said << (trigger ? tr("Déclencheur « %1 » rétabli.") : tr("Index « %1 » rétabli.")).arg(d.name);
        }
    }
    // What the triggers keep, made again from the activities.
    statements << QStringLiteral("DELETE FROM activites_compteurs")
               << QStringLiteral("INSERT INTO activites_compteurs (type, supprime, sync_state, n) SELECT type, "
                                 "suppression IS NOT NULL, sync_state, count(*) FROM activites GROUP BY 1, 2, 3")
               << StatsCopySchema::rebuildStatements();

    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        *error = store.describe(q.lastError());
        return false;
    }
    for (const QString &sql : std::as_const(statements)) {
        if (!q.exec(sql)) {
            *error = tr("La réparation a échoué, rien n'a été modifié : %1").arg(store.describe(q.lastError()));
            q.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        *error = tr("La réparation n'a pas pu être enregistrée : %1").arg(store.describe(q.lastError()));
        q.exec(QStringLiteral("ROLLBACK"));
        return false;
    }
    *restored = said;
    return true;
}
