#include "models/store/IntegrityChecker.h"

#include "models/domain/Validator.h"
#include "models/store/SchemaCheck.h"
#include "models/store/StatsCopySchema.h"
#include "models/store/Store.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace {
void addProblem(IntegrityReport &report, const QString &problem)
{
    ++report.problemCount;
    if (report.problems.size() < IntegrityReport::MaxListed)
        report.problems.append(problem);
}
} // namespace

IntegrityReport IntegrityChecker::run(const Store &store, const std::function<void(qint64)> &progress)
{
    IntegrityReport report;
    QSqlQuery q(store.database());
    q.setForwardOnly(true);

    if (!q.exec(QStringLiteral("PRAGMA integrity_check"))) {
        ++report.fileProblems;
        addProblem(report,
            tr("La vérification de SQLite n'a pas pu aller au bout : le fichier de la base est endommagé (détail "
               "technique : %1).")
                .arg(q.lastError().text()));
    } else {
        while (q.next()) {
            for (const QString &problem : describeSqliteProblems(q.value(0).toString())) {
                ++report.fileProblems;
                addProblem(report, problem);
            }
        }
    }
    bool tablesMissing = false;
    QList<SchemaDifference> differences;
    QString schemaError;
    if (SchemaCheck::compare(store.database(), store.schemaVersion(), &differences, &schemaError)) {
        for (const SchemaDifference &d : std::as_const(differences)) {
            ++report.schemaProblems;
            report.schemaRepairable = report.schemaRepairable && SchemaCheck::isRepairable(d);
            tablesMissing = tablesMissing || d.type == QLatin1String("table");
            addProblem(report, SchemaCheck::describe(d));
        }
    } else if (report.fileProblems == 0) {
        ++report.fileProblems;
        addProblem(report, schemaError);
    }
    if (report.fileProblems > 0 || tablesMissing)
        return report; // a damaged file: the checks below would only repeat the damage
    if (q.exec(QStringLiteral("PRAGMA foreign_key_check"))) {
        while (q.next())
            addProblem(report,
                tr("La table « %1 » (ligne %2) fait référence à une ligne absente de « %3 ».")
                    .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString()));
    }
    if (report.problemCount > report.schemaProblems)
        return report; // dangling references: the domain checks below would only repeat them

    // The stored number of accompagnements must be what the activity's participants make.
    if (q.exec(QStringLiteral(
            "SELECT a.id, a.date, a.accompagnements, CASE a.type WHEN 'individuel' THEN 1 ELSE "
            "a.participants_anonymes + (SELECT count(*) FROM activite_participants p WHERE p.activite_id = a.id) END "
            "AS expected FROM activites a WHERE a.accompagnements <> expected"))) {
        while (q.next())
            addProblem(report,
                tr("Activité %1 du %2 : %3 accompagnements enregistrés au lieu de %4.")
                    .arg(q.value(0).toString(),
                        QDate::fromString(q.value(1).toString(), Qt::ISODate).toString(QStringLiteral("dd/MM/yyyy")),
                        q.value(2).toString(), q.value(3).toString()));
    }

    // The running counts (kept by triggers) must be what the table holds.
    if (q.exec(QStringLiteral(
            "SELECT a.type, a.supprime, a.sync_state, a.n, coalesce(c.n, 0) FROM "
            "(SELECT type, suppression IS NOT NULL AS supprime, sync_state, count(*) AS n FROM activites "
            "GROUP BY 1, 2, 3) a LEFT JOIN activites_compteurs c USING (type, supprime, sync_state) "
            "WHERE a.n <> coalesce(c.n, 0) "
            "UNION ALL SELECT c.type, c.supprime, c.sync_state, 0, c.n FROM activites_compteurs c WHERE c.n <> 0 "
            "AND NOT EXISTS (SELECT 1 FROM activites a WHERE a.type = c.type AND (a.suppression IS NOT NULL) = "
            "c.supprime AND a.sync_state = c.sync_state)"))) {
        while (q.next())
            addProblem(report,
                tr("Compteur des activités « %1 »%2 (état de synchronisation %3) : %4 dans la base, "
                   "%5 au compteur.")
                    .arg(q.value(0).toString(), q.value(1).toBool() ? tr(" supprimées") : QString(),
                        q.value(2).toString(), q.value(3).toString(), q.value(4).toString()));
    }

    // The statistics' copy of the activities (kept by triggers) must be what the table holds.
    if (q.exec(StatsCopySchema::checkSql())) {
        while (q.next()) {
            const QDate day = QDate::fromJulianDay(q.value(1).toLongLong());
            addProblem(report,
                q.value(2).toString() == QLatin1String("manquante")
                    ? tr("Activité %1 du %2 : absente ou différente dans la copie des statistiques "
                         "(« carnet check --reparer » la reconstruit).")
                          .arg(q.value(0).toString(), day.toString(QStringLiteral("dd/MM/yyyy")))
                    : tr("Activité %1 du %2 : en trop ou périmée dans la copie des statistiques "
                         "(« carnet check --reparer » la reconstruit).")
                          .arg(q.value(0).toString(), day.toString(QStringLiteral("dd/MM/yyyy"))));
        }
    } else {
        addProblem(report, store.describe(q.lastError()));
    }

    const QDate today = store.clock().today();
    for (const Place &place : store.places()) {
        const ValidationErrors errors = Validator::validate(place);
        if (!errors.isEmpty())
            addProblem(report, tr("Lieu « %1 » : %2").arg(place.nom, Validator::describe(errors)));
    }
    for (const Beneficiary &b : store.beneficiaries(true)) {
        const ValidationErrors errors = Validator::validate(b, today);
        if (!errors.isEmpty())
            addProblem(report, tr("Bénéficiaire « %1 » : %2").arg(b.displayName(), Validator::describe(errors)));
    }

    QString error;
    const bool visited = store.forEachActivity(
        [&](const Activity &a) {
            // An activity may have been saved on a machine whose clock ran ahead: tolerate one day.
            const ValidationErrors errors = Validator::validate(a, today.addDays(1));
            if (!errors.isEmpty())
                addProblem(report,
                    tr("Activité %1 du %2 : %3")
                        .arg(a.id.toString(QUuid::WithoutBraces), a.date.toString(QStringLiteral("dd/MM/yyyy")),
                            Validator::describe(errors)));
            // Where it comes from: one of the codes the statistics' source filter knows (schema 6).
            static const QStringList sources{QLatin1String(ActivitySource::Carnet), QLatin1String(ActivitySource::Coop),
                QLatin1String(ActivitySource::V1), QLatin1String(ActivitySource::Tableur)};
            if (!sources.contains(a.source))
                addProblem(report,
                    tr("Activité %1 du %2 : origine inconnue « %3 ».")
                        .arg(a.id.toString(QUuid::WithoutBraces), a.date.toString(QStringLiteral("dd/MM/yyyy")),
                            a.source));
            if (!a.creation.isValid() || !a.modification.isValid() || a.modification < a.creation)
                addProblem(report,
                    tr("Activité %1 : dates de création et de modification incohérentes.")
                        .arg(a.id.toString(QUuid::WithoutBraces)));
            ++report.activitiesChecked;
            if (progress && report.activitiesChecked % 10000 == 0)
                progress(report.activitiesChecked);
            return true;
        },
        &error);
    if (!visited)
        addProblem(report, error);
    return report;
}

QString IntegrityChecker::describeSqliteProblem(const QString &line)
{
    // The first problem of a database comes after "*** in database main ***" and a line break, in the same row.
    static const QRegularExpression header(QStringLiteral("^\\*\\*\\* in database \\S+ \\*\\*\\*\\s*"));
    const QString text = QString(line).remove(header).trimmed();
    if (text.isEmpty() || text == QLatin1String("ok"))
        return QString();
    struct Rule
    {
        const char *pattern;
        const char *sentence; // %1, %2: the pattern's captures; %3 SQLite's text
    };
    static const Rule rules[] = {
        {"^Page (\\d+): btreeInitPage\\(\\) returns error code \\d+$", QT_TR_NOOP("Page %1 de la base illisible.")},
        {"^row (\\d+) missing from index (\\S+)$",
            QT_TR_NOOP("L'index « %2 » ne correspond pas à la table (ligne %1 absente).")},
        {"^wrong # of entries in index (\\S+)$",
            QT_TR_NOOP("L'index « %1 » ne correspond pas à la table (nombre d'entrées différent).")},
        {"^non-unique entry in index (\\S+)$", QT_TR_NOOP("L'index « %1 » contient une entrée en double.")},
        {"^NULL value in (\\w+)\\.(\\w+)$", QT_TR_NOOP("La table « %1 » a une valeur vide dans la colonne « %2 ».")},
        {"^CHECK constraint failed in (\\w+)$",
            QT_TR_NOOP("La table « %1 » a une ligne qui enfreint une règle du schéma.")},
        {"^Page (\\d+):? (?:is )?never used$", QT_TR_NOOP("Page %1 de la base perdue (ni utilisée ni libre).")},
        {"2nd reference to page (\\d+)",
            QT_TR_NOOP("Page %1 de la base utilisée deux fois (détail technique de SQLite : %3).")},
        {"(?:^|\\b)(?:[Pp]age|tree page) (\\d+)",
            QT_TR_NOOP("Page %1 de la base incohérente (détail technique de SQLite : %3).")},
    };
    for (const Rule &rule : rules) {
        const QRegularExpression re(QLatin1String(rule.pattern));
        const QRegularExpressionMatch m = re.match(text);
        if (!m.hasMatch())
            continue;
        QString sentence = tr(rule.sentence);
        sentence.replace(QLatin1String("%1"), m.captured(1));
        if (m.lastCapturedIndex() >= 2)
            sentence.replace(QLatin1String("%2"), m.captured(2));
        return sentence.replace(QLatin1String("%3"), text);
    }
    return tr("Partie de la base incohérente (détail technique de SQLite : %1).").arg(text);
}

QStringList IntegrityChecker::describeSqliteProblems(const QString &row)
{
    QStringList problems;
    static const QRegularExpression header(QStringLiteral("^\\*\\*\\* in database \\S+ \\*\\*\\*\\s*"));
    const QStringList lines = QString(row).remove(header).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QString problem = describeSqliteProblem(line);
        if (!problem.isEmpty())
            problems.append(problem);
    }
    return problems;
}
