#include "models/store/StatsCopySchema.h"

namespace StatsCopySchema {
namespace {

// The derived values of one activity, each written once: "$" stands for the row ("NEW." or "OLD." in a trigger, ""
// in a SELECT over activites).
const char *const kJour = "ifnull(CAST(julianday($date) + 0.5 AS INTEGER), 0)";
const char *const kCollectif = "($type = 'collectif')";

// source: the form of schema 6, where the text of a place ends with the activity's source (what the statistics' source
// filter reads, decoded once per distinct text); the steps of schemas 4 and 5 run before that column exists.
const char *kindText(Kind kind, bool source)
{
    switch (kind) {
    case Lieu:
        return source ? "$type_lieu || char(31) || ifnull($lieu_id, '') || char(31) || $lieu_code_insee || char(31) || "
                        "$lieu_commune || char(31) || $lieu_code_postal || char(31) || $source"
                      : "$type_lieu || char(31) || ifnull($lieu_id, '') || char(31) || $lieu_code_insee || char(31) || "
                        "$lieu_commune || char(31) || $lieu_code_postal";
    case Thematiques:
        return "$thematiques";
    case Materiel:
        return "$materiel";
    case Tags:
        return "$tags";
    case Personne:
        return "CASE WHEN $type = 'individuel' THEN $beneficiaire_id END";
    case Anonyme:
        return "CASE WHEN $type = 'individuel' AND $beneficiaire_id IS NULL THEN $anon_genre || char(31) || "
               "$anon_tranche_age || char(31) || $anon_annee_naissance || char(31) || $anon_statut_social || "
               "char(31) || $anon_code_insee || char(31) || $anon_commune || char(31) || "
               "ifnull($anon_deja_accompagne, '') || char(31) || $anon_code_postal END";
    }
    return "NULL";
}

const Kind kKinds[] = {Lieu, Thematiques, Materiel, Tags, Personne, Anonyme};

// A workshop's participants: the three anonymous counters as stored, then the ids in stats_valeurs of the followed
// participants (comma-joined, in order; 0 for one missing there), joined by Separator.
const char *const kAtelier
    = "CASE WHEN $type = 'collectif' THEN $participants_genre || char(31) || $participants_tranche_age || char(31) || "
      "$participants_statut_social || char(31) || ifnull((SELECT group_concat(n) FROM (SELECT ifnull(v.id, 0) AS n "
      "FROM activite_participants p LEFT JOIN stats_valeurs v ON v.sorte = 5 AND v.texte = p.beneficiaire_id "
      "WHERE p.activite_id = $id ORDER BY n)), '') END";

QString at(const char *expression, const QString &row)
{
    return QString::fromLatin1(expression).replace(QLatin1Char('$'), row);
}

QString textOf(Kind kind, const QString &row, bool source = true)
{
    return at(kindText(kind, source), row);
}

QString idOf(Kind kind, const QString &row, bool source)
{
    return QStringLiteral("(SELECT id FROM stats_valeurs WHERE sorte = %1 AND texte = %2)")
        .arg(kind)
        .arg(textOf(kind, row, source));
}

// The packed figures (see StatsCopySchema.h).
QString mesures(const QString &row)
{
    return QStringLiteral(
        "(%1 | ((%1 AND %2accompagnements > %2participants_anonymes) << %3) | (%2duree << %4) | "
        "(CASE WHEN %1 THEN min(%2participants_deja_accompagnes, %5) WHEN %2beneficiaire_id IS NULL THEN "
        "ifnull(%2anon_deja_accompagne, 0) ELSE 0 END << %6) | "
        "(%2accompagnements << %7))")
        .arg(at(kCollectif, row), row)
        .arg(SuivisShift)
        .arg(DureeShift)
        .arg(DejaMask)
        .arg(DejaShift)
        .arg(AccompagnementsShift);
}

// Adds the texts of a row to stats_valeurs (known ones keep their id). NOT EXISTS rather than INSERT OR IGNORE: in a
// trigger, the conflict clause of the statement that fires it (the store's upsert) would override the IGNORE.
// `rows`: empty in a trigger, else a FROM clause that ends with its WHERE condition.
QString addText(Kind kind, const QString &text, const QString &rows, const QString &condition)
{
    return QStringLiteral("INSERT INTO stats_valeurs (sorte, texte) SELECT DISTINCT %1, %2%3 %4 %2 IS NOT NULL "
                          "AND NOT EXISTS (SELECT 1 FROM stats_valeurs v WHERE v.sorte = %1 AND v.texte = %2)%5")
        .arg(kind)
        .arg(text, rows, rows.isEmpty() ? QStringLiteral("WHERE") : QStringLiteral("AND"), condition);
}

// In a trigger, one statement per kind: a row has one text of each.
QString addTexts(const QString &row, const QString &condition, bool source)
{
    QStringList statements;
    for (Kind kind : kKinds)
        statements << addText(kind, textOf(kind, row, source), QString(), condition);
    return statements.join(QStringLiteral("; "));
}

QString insertRow(const QString &row, const QString &tail, bool source)
{
    const QStringList values{at(kJour, row), row + QStringLiteral("id"), mesures(row),
        QStringLiteral("(%1 | (%2 << %3))").arg(idOf(Lieu, row, source), idOf(Thematiques, row, source)).arg(HighShift),
        QStringLiteral("(%1 | (%2 << %3))").arg(idOf(Materiel, row, source), idOf(Tags, row, source)).arg(HighShift),
        QStringLiteral("CASE WHEN %1type = 'individuel' THEN ifnull(%2, -%3) END")
            .arg(row, idOf(Personne, row, source), idOf(Anonyme, row, source)),
        at(kAtelier, row)};
    return QStringLiteral("INSERT INTO activites_stats (jour, id, mesures, codes_lieu, codes_usage, personne, "
                          "atelier) SELECT ")
        + values.join(QStringLiteral(", ")) + tail;
}

QString deleteRow(const QString &row)
{
    return QStringLiteral("DELETE FROM activites_stats WHERE jour = ") + at(kJour, row) + QStringLiteral(" AND id = ")
        + row + QStringLiteral("id");
}

QStringList tableStatements()
{
    QStringList s;
    s << QStringLiteral(R"(CREATE TABLE stats_valeurs (
        id INTEGER PRIMARY KEY,
        sorte INTEGER NOT NULL,
        texte TEXT NOT NULL,
        UNIQUE (sorte, texte)))");
    s << QStringLiteral(R"(CREATE TABLE activites_stats (
        jour INTEGER NOT NULL,
        id TEXT NOT NULL,
        mesures INTEGER NOT NULL,
        codes_lieu INTEGER NOT NULL,
        codes_usage INTEGER NOT NULL,
        personne INTEGER,
        atelier TEXT,
        PRIMARY KEY (jour, id)) WITHOUT ROWID)");
    return s;
}

const char *const kTriggers[] = {"activites_stats_insert", "activites_stats_delete", "activites_stats_update",
    "activite_participants_stats_insert", "activite_participants_stats_delete", "activite_participants_stats_update"};

QStringList triggerStatements(bool source)
{
    QStringList s;
    const QString neu = QStringLiteral("NEW.");
    s << QStringLiteral("CREATE TRIGGER activites_stats_insert AFTER INSERT ON activites WHEN NEW.suppression IS NULL "
                        "BEGIN ")
            + addTexts(neu, QString(), source) + QStringLiteral("; ") + insertRow(neu, QString(), source)
            + QStringLiteral("; END");
    s << QStringLiteral("CREATE TRIGGER activites_stats_delete AFTER DELETE ON activites WHEN OLD.suppression IS NULL "
                        "BEGIN ")
            + deleteRow(QStringLiteral("OLD.")) + QStringLiteral("; END");
    // Every column the copy derives from, and the deletion mark; a change of sync state leaves the copy alone.
    s << QStringLiteral(
             "CREATE TRIGGER activites_stats_update AFTER UPDATE OF id, type, date, duree, type_lieu, "
             "lieu_id, lieu_code_insee, lieu_commune, lieu_code_postal, thematiques, materiel, tags, beneficiaire_id, "
             "anon_genre, anon_tranche_age, anon_annee_naissance, anon_statut_social, anon_code_insee, "
             "anon_commune, anon_code_postal, anon_deja_accompagne, participants_anonymes, "
             "participants_deja_accompagnes, "
             "participants_genre, participants_tranche_age, participants_statut_social, accompagnements, "
             "suppression")
            + QLatin1String(source ? ", source" : "") + QStringLiteral(" ON activites BEGIN ")
            + deleteRow(QStringLiteral("OLD.")) + QStringLiteral("; ")
            + addTexts(neu, QStringLiteral(" AND NEW.suppression IS NULL"), source) + QStringLiteral("; ")
            + insertRow(neu, QStringLiteral(" WHERE NEW.suppression IS NULL"), source) + QStringLiteral("; END");
    // A workshop's followed participants: their id in stats_valeurs, then the workshop's row of the copy.
    const auto refreshWorkshop = [](const QString &activity) -> QString {
        return QStringLiteral("UPDATE activites_stats SET atelier = (SELECT %1 FROM activites a WHERE a.id = %2) "
                              "WHERE jour = (SELECT %3 FROM activites a WHERE a.id = %2) AND id = %2")
            .arg(at(kAtelier, QStringLiteral("a.")), activity, at(kJour, QStringLiteral("a.")));
    };
    const QString addPerson
        = QStringLiteral("INSERT INTO stats_valeurs (sorte, texte) SELECT %1, NEW.beneficiaire_id WHERE NOT EXISTS "
                         "(SELECT 1 FROM stats_valeurs WHERE sorte = %1 AND texte = NEW.beneficiaire_id)")
              .arg(Personne);
    s << QStringLiteral("CREATE TRIGGER activite_participants_stats_insert AFTER INSERT ON activite_participants "
                        "BEGIN ")
            + addPerson + QStringLiteral("; ") + refreshWorkshop(QStringLiteral("NEW.activite_id"))
            + QStringLiteral("; END");
    s << QStringLiteral("CREATE TRIGGER activite_participants_stats_delete AFTER DELETE ON activite_participants "
                        "BEGIN ")
            + refreshWorkshop(QStringLiteral("OLD.activite_id")) + QStringLiteral("; END");
    s << QStringLiteral("CREATE TRIGGER activite_participants_stats_update AFTER UPDATE ON activite_participants "
                        "BEGIN ")
            + addPerson + QStringLiteral("; ") + refreshWorkshop(QStringLiteral("OLD.activite_id"))
            + QStringLiteral("; ") + refreshWorkshop(QStringLiteral("NEW.activite_id")) + QStringLiteral("; END");
    return s;
}

// The copy of the activities that `rows` selects (a FROM clause over `activites a` ending with its WHERE condition),
// added to what it holds: their texts, their workshops' participants, their rows.
QStringList copyStatements(const QString &rows, const QString &participantRows, bool source)
{
    const QString a = QStringLiteral("a.");
    QStringList statements;
    for (Kind kind : kKinds)
        statements << addText(kind, textOf(kind, a, source), rows, QString());
    return statements
        + QStringList{QStringLiteral("INSERT INTO stats_valeurs (sorte, texte) SELECT DISTINCT %1, p.beneficiaire_id "
                                     "%2 NOT EXISTS (SELECT 1 FROM stats_valeurs v WHERE v.sorte = %1 AND v.texte = "
                                     "p.beneficiaire_id)")
                          .arg(Personne)
                          .arg(participantRows),
            insertRow(a, rows + QStringLiteral(" ORDER BY 1, 2"), source)};
}

QStringList rebuildCopy(bool source)
{
    return QStringList{QStringLiteral("DELETE FROM activites_stats")}
    + copyStatements(QStringLiteral(" FROM activites a WHERE a.suppression IS NULL"),
        QStringLiteral("FROM activite_participants p WHERE"), source);
}

QStringList upgradeCopy(bool source)
{
    QStringList s;
    for (const char *trigger : kTriggers)
        s << QStringLiteral("DROP TRIGGER IF EXISTS ") + QLatin1String(trigger);
    // The texts are made afresh: a text of the former form would never match again.
    s << QStringLiteral("DELETE FROM stats_valeurs");
    return s + triggerStatements(source) + rebuildCopy(source);
}

} // namespace

QStringList schemaStatements(int version)
{
    const bool source = version >= 6;
    return tableStatements() + triggerStatements(source) + rebuildCopy(source);
}

QStringList upgradeStatements(int version)
{
    return upgradeCopy(version >= 6);
}

QStringList rebuildStatements()
{
    return rebuildCopy(true);
}

QStringList bulkTriggers()
{
    QStringList names{QStringLiteral("activites_compteurs_insert")};
    for (const char *trigger : kTriggers) {
        if (QByteArray(trigger).endsWith("_insert"))
            names << QLatin1String(trigger);
    }
    return names;
}

QStringList bulkStatements()
{
    // The batch: the activities of rowid above :avant (a new row's rowid is above every rowid before it, see Store.h).
    const QString rows = QStringLiteral(" FROM activites a WHERE a.rowid > :avant AND a.suppression IS NULL");
    QStringList s{QStringLiteral("INSERT INTO activites_compteurs (type, supprime, sync_state, n) SELECT type, "
                                 "suppression IS NOT NULL, sync_state, count(*) FROM activites WHERE rowid > :avant "
                                 "GROUP BY 1, 2, 3 ON CONFLICT (type, supprime, sync_state) DO UPDATE SET n = n + "
                                 "excluded.n")};
    return s
        + copyStatements(rows,
            QStringLiteral(
                "FROM activites a CROSS JOIN activite_participants p ON p.activite_id = a.id WHERE a.rowid > "
                ":avant AND"),
            true);
}

QString checkSql()
{
    const QString a = QStringLiteral("a.");
    QStringList derived{at(kJour, a) + QStringLiteral(" AS jour"), QStringLiteral("a.id AS id"), mesures(a)};
    for (Kind kind : kKinds)
        derived << textOf(kind, a);
    derived << at(kAtelier, a);
    const auto text = [](Kind kind, const QString &id) -> QString {
        return QStringLiteral("(SELECT texte FROM stats_valeurs v WHERE v.id = %1 AND v.sorte = %2)").arg(id).arg(kind);
    };
    const QStringList copy{QStringLiteral("s.jour"), QStringLiteral("s.id"), QStringLiteral("s.mesures"),
        text(Lieu, QStringLiteral("s.codes_lieu & %1").arg(LowMask)),
        text(Thematiques, QStringLiteral("s.codes_lieu >> %1").arg(HighShift)),
        text(Materiel, QStringLiteral("s.codes_usage & %1").arg(LowMask)),
        text(Tags, QStringLiteral("s.codes_usage >> %1").arg(HighShift)), text(Personne, QStringLiteral("s.personne")),
        text(Anonyme, QStringLiteral("-s.personne")), QStringLiteral("s.atelier")};
    const QString fromActivities = QStringLiteral("SELECT ") + derived.join(QStringLiteral(", "))
        + QStringLiteral(" FROM activites a WHERE a.suppression IS NULL");
    const QString fromCopy
        = QStringLiteral("SELECT ") + copy.join(QStringLiteral(", ")) + QStringLiteral(" FROM activites_stats s");
    return QStringLiteral("SELECT id, jour, 'manquante' FROM (") + fromActivities + QStringLiteral(" EXCEPT ")
        + fromCopy + QStringLiteral(") UNION ALL SELECT id, jour, 'en trop' FROM (") + fromCopy
        + QStringLiteral(" EXCEPT ") + fromActivities + QStringLiteral(")");
}

} // namespace StatsCopySchema
