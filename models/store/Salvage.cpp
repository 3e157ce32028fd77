#include "models/store/Salvage.h"

#include "models/store/Backups.h"
#include "models/store/Connection.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/Store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryFile>

#include <algorithm>
#include <functional>
#include <limits>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Salvage", text);
}

// The columns of `table` in the base open on db, by name; empty when the table is absent or unreadable.
QStringList columnsOf(const QSqlDatabase &db, const QString &table)
{
    QStringList columns;
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("PRAGMA table_info(\"%1\")").arg(table))) {
        while (q.next())
            columns << q.value(1).toString();
    }
    return columns;
}

bool isError(const QSqlQuery &q)
{
    return q.lastError().type() != QSqlError::NoError;
}

// Reads the rows of a rowid table in rowid order, as far as they can be read: when a page cannot be read, the reading
// starts again after it (first the next rowid, then farther and farther, up to the largest rowid), and the start of
// the readable rows after the gap is then found by halving. Each gap is one unreadable range.
class RowReader
{
public:
    RowReader(const QSqlDatabase &db, const QString &table, const QStringList &columns)
        : m_query(db)
    {
        m_query.setForwardOnly(true);
        m_sql = QStringLiteral("SELECT rowid, %1 FROM \"%2\" WHERE rowid > ? ORDER BY rowid")
                    .arg(columns.isEmpty() ? QStringLiteral("NULL") : columns.join(QStringLiteral(", ")), table);
        QSqlQuery max(db);
        if (max.exec(QStringLiteral("SELECT max(rowid) FROM \"%1\"").arg(table)) && max.next()
            && !max.value(0).isNull())
            m_maxRowid = max.value(0).toLongLong();
    }

    // visit(values) for each readable row (values without the rowid); returns the unreadable ranges.
    qint64 run(const std::function<void(const QSqlRecord &)> &visit)
    {
        qint64 unreadable = 0;
        qint64 after = std::numeric_limits<qint64>::min();
        for (;;) {
            if (!start(after)) {
                // The first rows after `after` cannot be read: skip ahead.
                ++unreadable;
                if (!skip(&after))
                    return unreadable;
                continue;
            }
            bool failed = false;
            while (m_query.next()) {
                const qint64 rowid = m_query.value(0).toLongLong();
                if (rowid <= after)
                    continue; // a damaged page may send the reading back
                after = rowid;
                QSqlRecord record = m_query.record();
                record.remove(0);
                visit(record);
            }
            failed = isError(m_query);
            m_query.finish();
            if (!failed)
                return unreadable;
            ++unreadable;
            if (!skip(&after))
                return unreadable;
        }
    }

private:
    // Runs the query from `after`; true when it runs and its first row (or its end) can be read; then positioned
    // before its first row.
    bool start(qint64 after)
    {
        m_query.finish();
        if (!m_query.prepare(m_sql))
            return false;
        m_query.addBindValue(after);
        return m_query.exec() && !isError(m_query);
    }

    // Whether the rows after `after` can be read from the start (the first one at least).
    bool readableAfter(qint64 after)
    {
        if (!start(after))
            return false;
        const bool ok = m_query.next() || !isError(m_query);
        m_query.finish();
        return ok;
    }

    // From a failing `*after`, the smallest point after which reading works again; false when none is left.
    bool skip(qint64 *after)
    {
        qint64 failing = *after == std::numeric_limits<qint64>::min() ? 0 : *after;
        const qint64 limit = m_maxRowid > 0 ? m_maxRowid : failing + (qint64(1) << 40);
        qint64 step = 1;
        qint64 working = -1;
        while (failing + step <= limit) {
            if (readableAfter(failing + step)) {
                working = failing + step;
                break;
            }
            failing += step;
            step *= 2;
        }
        if (working < 0)
            return false;
        while (working - failing > 1) {
            const qint64 middle = failing + (working - failing) / 2;
            if (readableAfter(middle))
                working = middle;
            else
                failing = middle;
        }
        *after = working;
        return true;
    }

    QSqlQuery m_query;
    QString m_sql;
    qint64 m_maxRowid = 0;
};

// Copies what can be read of the damaged base into the new one.
class Copier
{
public:
    Copier(const QSqlDatabase &from, const QSqlDatabase &to, SalvageReport *report)
        : m_from(from)
        , m_to(to)
        , m_report(report)
    {
    }

    bool run(QString *error)
    {
        QSqlQuery q(m_to);
        if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            *error = q.lastError().text();
            return false;
        }
        const bool ok = copy(QStringLiteral("profil"), nullptr, &m_report->profile)
            && copy(QStringLiteral("lieux"), &m_places, nullptr)
            && copy(QStringLiteral("beneficiaires"), &m_people, nullptr) && copyActivities();
        if (!ok) {
            *error = m_error;
            q.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        if (!q.exec(QStringLiteral("COMMIT"))) {
            *error = q.lastError().text();
            q.exec(QStringLiteral("ROLLBACK"));
            return false;
        }
        m_report->places = m_places.size();
        m_report->beneficiaries = m_people.size();
        return true;
    }

private:
    // The columns both bases have, by name (an older schema has fewer).
    QStringList commonColumns(const QString &table)
    {
        const QStringList target = columnsOf(m_to, table);
        QStringList common;
        for (const QString &c : columnsOf(m_from, table)) {
            if (target.contains(c))
                common << c;
        }
        return common;
    }

    bool prepareInsert(QSqlQuery &insert, const QString &table, const QStringList &columns)
    {
        const QString sql = QStringLiteral("INSERT INTO \"%1\" (%2) VALUES (%3)")
                                .arg(table, columns.join(QStringLiteral(", ")),
                                    QStringList(columns.size(), QStringLiteral("?")).join(QStringLiteral(", ")));
        if (insert.prepare(sql))
            return true;
        m_error = insert.lastError().text();
        return false;
    }

    // A whole table, row by row; ids: the ids copied (column "id"); any: set when a row was copied.
    bool copy(const QString &table, QSet<QString> *ids, bool *any)
    {
        const QStringList columns = commonColumns(table);
        if (columns.isEmpty())
            return true; // the table is absent or unreadable: nothing of it comes back
        QSqlQuery insert(m_to);
        if (!prepareInsert(insert, table, columns))
            return false;
        const int idColumn = static_cast<int>(columns.indexOf(QStringLiteral("id")));
        RowReader reader(m_from, table, columns);
        m_report->unreadable += reader.run([&](const QSqlRecord &row) {
            for (int i = 0; i < row.count(); ++i)
                insert.bindValue(i, row.value(i));
            if (!insert.exec()) {
                ++m_report->unreadable; // a row whose values do not hold together
                return;
            }
            if (ids && idColumn >= 0)
                ids->insert(row.value(idColumn).toString());
            if (any)
                *any = true;
        });
        return true;
    }

    bool copyActivities()
    {
        const QString table = QStringLiteral("activites");
        const QStringList columns = commonColumns(table);
        if (columns.isEmpty())
            return true;
        QSqlQuery insert(m_to);
        QSqlQuery participant(m_to);
        QSqlQuery participants(m_from);
        participants.setForwardOnly(true);
        if (!prepareInsert(insert, table, columns)
            || !prepareInsert(participant, QStringLiteral("activite_participants"),
                {QStringLiteral("activite_id"), QStringLiteral("beneficiaire_id"), QStringLiteral("position")}))
            return false;
        const bool withParticipants = !columnsOf(m_from, QStringLiteral("activite_participants")).isEmpty()
            && participants.prepare(QStringLiteral("SELECT beneficiaire_id, position FROM activite_participants "
                                                   "WHERE activite_id = ? ORDER BY position"));
        const int id = static_cast<int>(columns.indexOf(QStringLiteral("id")));
        const int type = static_cast<int>(columns.indexOf(QStringLiteral("type")));
        const int place = static_cast<int>(columns.indexOf(QStringLiteral("lieu_id")));
        const int person = static_cast<int>(columns.indexOf(QStringLiteral("beneficiaire_id")));
        const int anonymous = static_cast<int>(columns.indexOf(QStringLiteral("participants_anonymes")));
        const int accompagnements = static_cast<int>(columns.indexOf(QStringLiteral("accompagnements")));
        const int deletion = static_cast<int>(columns.indexOf(QStringLiteral("suppression")));
        RowReader reader(m_from, table, columns);
        m_report->unreadable += reader.run([&](const QSqlRecord &row) {
            const QString activityId = row.value(id).toString();
            QVariantList values;
            for (int i = 0; i < row.count(); ++i)
                values << row.value(i);
            // A reference to a place or a person that was lost is dropped, the activity kept.
            bool placeLost = false;
            bool personLost = false;
            if (place >= 0 && !values.at(place).isNull() && !m_places.contains(values.at(place).toString())) {
                values[place] = QVariant(QMetaType(QMetaType::QString));
                placeLost = true;
            }
            if (person >= 0 && !values.at(person).isNull() && !m_people.contains(values.at(person).toString())) {
                values[person] = QVariant(QMetaType(QMetaType::QString));
                personLost = true;
            }

            // A workshop's followed participants, those whose record came back.
            QList<QPair<QString, QVariant>> kept;
            bool lost = false;
            if (withParticipants && type >= 0 && row.value(type).toString() == QLatin1String("collectif")) {
                participants.bindValue(0, activityId);
                if (participants.exec()) {
                    while (participants.next()) {
                        const QString who = participants.value(0).toString();
                        if (m_people.contains(who))
                            kept.append({who, participants.value(1)});
                        else
                            lost = true;
                    }
                }
                const bool unreadable = isError(participants);
                participants.finish();
                if (unreadable) {
                    // Their page is lost: the index by beneficiary still says who took part (not in which order).
                    lost = true;
                    const QStringList more = participantsFromIndex(activityId);
                    for (const QString &who : more) {
                        const bool known = std::any_of(kept.cbegin(), kept.cend(),
                            [&](const QPair<QString, QVariant> &p) { return p.first == who; });
                        if (!known)
                            kept.append({who, QVariant(static_cast<int>(kept.size()))});
                    }
                    if (!m_indexComplete)
                        ++m_report->workshopsWithoutParticipants;
                }
                // The stored number of accompagnements follows the participants that are left (as the store keeps
                // it), when that still makes a workshop.
                if (lost && anonymous >= 0 && accompagnements >= 0) {
                    const qint64 count = values.at(anonymous).toLongLong() + kept.size();
                    if (count >= 1)
                        values[accompagnements] = count;
                }
            }
            for (int i = 0; i < values.size(); ++i)
                insert.bindValue(i, values.at(i));
            if (!insert.exec()) {
                ++m_report->unreadable;
                return;
            }
            if (deletion >= 0 && !row.value(deletion).isNull()) {
                ++m_report->deletedActivities;
            } else {
                ++m_report->activities;
                if (personLost)
                    ++m_report->activitiesWithoutBeneficiary;
                if (placeLost)
                    ++m_report->activitiesWithoutPlace;
            }
            for (const auto &[who, position] : std::as_const(kept)) {
                participant.bindValue(0, activityId);
                participant.bindValue(1, who);
                participant.bindValue(2, position);
                if (participant.exec())
                    ++m_report->participants;
            }
        });
        return true;
    }

    // The followed participants of a workshop, read from the index of activite_participants by beneficiary (built
    // once, on the first workshop whose own rows cannot be read: one look-up per beneficiary that came back).
    QStringList participantsFromIndex(const QString &activityId)
    {
        if (!m_indexRead) {
            m_indexRead = true;
            m_indexComplete = true;
            QSqlQuery q(m_from);
            q.setForwardOnly(true);
            if (!q.prepare(QStringLiteral("SELECT activite_id FROM activite_participants INDEXED BY "
                                          "activite_participants_beneficiaire WHERE beneficiaire_id = ?"))) {
                m_indexComplete = false;
                return {};
            }
            for (const QString &who : std::as_const(m_people)) {
                q.bindValue(0, who);
                if (q.exec()) {
                    while (q.next())
                        m_byActivity[q.value(0).toString()].append(who);
                }
                if (isError(q))
                    m_indexComplete = false;
                q.finish();
            }
        }
        return m_byActivity.value(activityId);
    }

    QSqlDatabase m_from;
    QSqlDatabase m_to;
    bool m_indexRead = false;
    bool m_indexComplete = false;
    QHash<QString, QStringList> m_byActivity;
    SalvageReport *m_report;
    QSet<QString> m_places;
    QSet<QString> m_people;
    QString m_error;
};

} // namespace

namespace Salvage {

bool run(const QString &dbFilePath, SalvageReport *report, QString *error)
{
    *report = SalvageReport();
    const QString base = QFileInfo(dbFilePath).absoluteFilePath();
    const QString shown = QDir::toNativeSeparators(base);
    // Opening an empty or missing base would delete the journal beside it.
    if (const QString orphan = Store::orphanJournal(base); !orphan.isEmpty()) {
        *error = orphan;
        return false;
    }
    if (!QFileInfo::exists(base)) {
        *error = tr("La base « %1 » n'existe pas : rien à récupérer.").arg(shown);
        return false;
    }
    if (!Backups::checkNotInUse(base, error))
        return false;
    Backups::removeStaleReplacements(base, QDateTime::currentDateTime());
    const QString folder = QFileInfo(base).absolutePath();

    // The new base, of the current schema, beside the damaged one.
    QTemporaryFile temporary(QDir(folder).filePath(QStringLiteral(".carnet-recuperation.XXXXXX.sqlite")));
    if (!temporary.open()) {
        *error = tr("Le dossier des données « %1 » n'accepte pas l'écriture : rien n'a été récupéré.")
                     .arg(QDir::toNativeSeparators(folder));
        return false;
    }
    const QString temporaryPath = temporary.fileName();
    temporary.close();
    const auto removeJournals = [&]() {
        for (const char *suffix : {"-wal", "-shm", "-journal"})
            QFile::remove(temporaryPath + QLatin1String(suffix));
    };

    {
        Store store;
        Store::OpenOptions options;
        options.quickCheckMs = 0;
        QString message;
        if (!store.open(temporaryPath, &message, options)) {
            removeJournals();
            *error = tr("La nouvelle base n'a pas pu être créée : rien n'a été récupéré. %1").arg(message);
            return false;
        }
        // The new base is this process's alone until it takes the damaged one's place: one file, no journal to
        // keep beside it.
        QSqlQuery pragma(store.database());
        pragma.exec(QStringLiteral("PRAGMA journal_mode = DELETE"));
        pragma.finish();

        const QString name = Connection::uniqueName(QStringLiteral("carnet-salvage"));
        bool copied = false;
        {
            QSqlDatabase from = Connection::open(name, base, Connection::Mode::ReadOnly, &message);
            if (!from.isOpen()) {
                message = tr("la base endommagée « %1 » n'a pas pu être ouverte (détail technique : %2).")
                              .arg(shown, message);
            } else if (columnsOf(from, QStringLiteral("activites")).isEmpty()
                && columnsOf(from, QStringLiteral("beneficiaires")).isEmpty()) {
                message = tr("le schéma de la base endommagée « %1 » est illisible : aucune table n'a pu être lue.")
                              .arg(shown);
            } else {
                Copier copier(from, store.database(), report);
                copied = copier.run(&message);
                if (!copied)
                    message = tr("la copie a échoué (détail technique : %1).").arg(message);
            }
        }
        Connection::remove(name);
        if (!copied) {
            store.close();
            removeJournals();
            *error = tr("Rien n'a été récupéré : %1").arg(message);
            return false;
        }
        // What was copied must make a sound base before it replaces anything.
        QSqlQuery check(store.database());
        const bool sound = check.exec(QStringLiteral("PRAGMA quick_check")) && check.next()
            && check.value(0).toString() == QLatin1String("ok");
        const QString problem = IntegrityChecker::describeSqliteProblems(check.value(0).toString()).value(0);
        check.finish();
        if (!sound) {
            store.close();
            removeJournals();
            *error = tr("La base récupérée n'est pas saine, rien n'a été remplacé. %1").arg(problem);
            return false;
        }
        store.close();
    }
    removeJournals();
    QFile::setPermissions(temporaryPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!Backups::replaceBase(base, temporaryPath, QStringLiteral("carnet-endommagee"), &report->keptAside, error))
        return false;
    temporary.setAutoRemove(false);
    return true;
}

} // namespace Salvage
