#include "models/store/StatsCopySchema.h"

namespace StatsCopySchema {
namespace {

// The derived values of one activity, each written once: "$" stands for the row ("NEW." or "OLD." in a trigger, ""
// in a SELECT over activites).
const char *const kJour = "ifnull(CAST(julianday($date) + 0.5 AS INTEGER), 0)";
const char *const kCollectif = "($type = 'collectif')";

const char *kindText(Kind kind)
{
    switch (kind) {
    case Lieu:
        return "$type_lieu || char(31) || ifnull($lieu_id, '') || char(31) || $lieu_code_insee || char(31) || "
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

QString textOf(Kind kind, const QString &row)
{
    return at(kindText(kind), row);
}

QString idOf(Kind kind, const QString &row)
{
    return QStringLiteral("(SELECT id FROM stats_valeurs WHERE sorte = %1 AND texte = %2)")
        .arg(kind)
        .arg(textOf(kind, row));
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
QString addTexts(const QString &row, const QString &condition)
{
    QStringList statements;
    for (Kind kind : kKinds)
        statements << addText(kind, textOf(kind, row), QString(), condition);
    return statements.join(QStringLiteral("; "));
}

QString insertRow(const QString &row, const QString &tail)
{
    const QStringList values{at(kJour, row), row + QStringLiteral("id"), mesures(row),
        QStringLiteral("(%1 | (%2 << %3))").arg(idOf(Lieu, row), idOf(Thematiques, row)).arg(HighShift),
        QStringLiteral("(%1 | (%2 << %3))").arg(idOf(Materiel, row), idOf(Tags, row)).arg(HighShift),
        QStringLiteral("CASE WHEN %1type = 'individuel' THEN ifnull(%2, -%3) END")
            .arg(row, idOf(Personne, row), idOf(Anonyme, row)),
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

QStringList triggerStatements()
{
    QStringList s;
    const QString neu = QStringLiteral("NEW.");
    s << QStringLiteral("CREATE TRIGGER activites_stats_insert AFTER INSERT ON activites WHEN NEW.suppression IS NULL "
                        "BEGIN ")
            + addTexts(neu, QString()) + QStringLiteral("; ") + insertRow(neu, QString()) + QStringLiteral("; END");
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
             "suppression ON activites BEGIN ")
            + deleteRow(QStringLiteral("OLD.")) + QStringLiteral("; ")
            + addTexts(neu, QStringLiteral(" AND NEW.suppression IS NULL")) + QStringLiteral("; ")
            + insertRow(neu, QStringLiteral(" WHERE NEW.suppression IS NULL")) + QStringLiteral("; END");
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

} // namespace

QStringList schemaStatements()
{
    return tableStatements() + triggerStatements() + rebuildStatements();
}

QStringList upgradeStatements()
{
    QStringList s;
    for (const char *trigger : kTriggers)
        s << QStringLiteral("DROP TRIGGER IF EXISTS ") + QLatin1String(trigger);
    // The texts are made afresh: a text of the former form would never match again.
    s << QStringLiteral("DELETE FROM stats_valeurs");
    return s + triggerStatements() + rebuildStatements();
}

QStringList rebuildStatements()
{
    const QString a = QStringLiteral("a.");
    const QString rows = QStringLiteral(" FROM activites a WHERE a.suppression IS NULL");
    QStringList statements{QStringLiteral("DELETE FROM activites_stats")};
    for (Kind kind : kKinds)
        statements << addText(kind, textOf(kind, a), rows, QString());
    return statements
        + QStringList{
            QStringLiteral("INSERT INTO stats_valeurs (sorte, texte) SELECT DISTINCT %1, p.beneficiaire_id FROM "
                           "activite_participants p WHERE NOT EXISTS (SELECT 1 FROM stats_valeurs v WHERE v.sorte = %1 "
                           "AND v.texte = p.beneficiaire_id)")
                .arg(Personne),
            insertRow(a, rows + QStringLiteral(" ORDER BY 1, 2"))};
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
