#include "models/store/ActivityListQueries.h"

#include "models/store/Connection.h"

#include "models/store/StatsCopySchema.h"
#include "models/text/FrenchText.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace {
QString keyColumn(ActivityOrder::Key key)
{
    switch (key) {
    case ActivityOrder::Date:
        return QStringLiteral("date");
    case ActivityOrder::Type:
        return QStringLiteral("type");
    case ActivityOrder::Duree:
        return QStringLiteral("duree");
    case ActivityOrder::Participants:
        return QStringLiteral("accompagnements");
    }
    return QStringLiteral("date");
}

// The letters that may carry an accent, by their base letter, in both cases.
const QHash<QChar, QString> &accentVariants()
{
    static const QHash<QChar, QString> variants = {
        {QLatin1Char('a'), QStringLiteral("aAàÀâÂäÄáÁãÃåÅ")},
        {QLatin1Char('c'), QStringLiteral("cCçÇ")},
        {QLatin1Char('e'), QStringLiteral("eEéÉèÈêÊëË")},
        {QLatin1Char('i'), QStringLiteral("iIîÎïÏíÍìÌ")},
        {QLatin1Char('n'), QStringLiteral("nNñÑ")},
        {QLatin1Char('o'), QStringLiteral("oOôÔöÖóÓòÒõÕ")},
        {QLatin1Char('u'), QStringLiteral("uUùÙûÛüÜúÚ")},
        {QLatin1Char('y'), QStringLiteral("yYÿŸýÝ")},
    };
    return variants;
}

// A character's base letter, lower case ("É" gives "e"); the character itself otherwise.
QChar baseLetter(QChar c)
{
    if (c.unicode() >= 0x80) {
        const QString decomposed = QString(c).normalized(QString::NormalizationForm_D);
        if (!decomposed.isEmpty() && decomposed.at(0).unicode() < 0x80)
            c = decomposed.at(0);
    }
    return c.toLower();
}

// Case and accents aside, a text is searched in two steps that SQLite runs natively: a LIKE pattern that lets any
// character stand for a letter that may carry an accent (and for any non-ASCII character: LIKE ignores the case of
// ASCII letters only), fast and a little too wide, then, on the rows it keeps, a GLOB pattern where each letter is the
// class of its cases and accents ("é" and "e" both give [eEéÉèÈêÊëË]).
QString loosePattern(const QString &text)
{
    QString pattern = QStringLiteral("%");
    for (const QChar c : text) {
        if (c.unicode() >= 0x80 || accentVariants().contains(c.toLower()))
            pattern += QLatin1Char('_');
        else if (c == QLatin1Char('%') || c == QLatin1Char('_') || c == QLatin1Char('\\'))
            pattern += QLatin1Char('\\') + c;
        else
            pattern += c;
    }
    return pattern + QLatin1Char('%');
}

QString containsPattern(const QString &text)
{
    const QHash<QChar, QString> &variants = accentVariants();
    QString pattern = QStringLiteral("*");
    for (const QChar c : text) {
        const QChar base = baseLetter(c);
        if (const auto it = variants.constFind(base); it != variants.constEnd())
            pattern += QLatin1Char('[') + *it + QLatin1Char(']');
        else if (c.isLetter() && c.toLower() != c.toUpper())
            pattern += QLatin1Char('[') + c.toLower() + c.toUpper() + QLatin1Char(']');
        else if (c == QLatin1Char('*') || c == QLatin1Char('?') || c == QLatin1Char('['))
            pattern += QLatin1Char('[') + c + QLatin1Char(']');
        else
            pattern += c;
    }
    return pattern + QLatin1Char('*');
}

QString selectColumns()
{
    return QStringLiteral("rowid, id, date, type, duree, type_lieu, lieu_id, lieu_commune, thematiques, "
                          "accompagnements, sync_state, suppression IS NOT NULL");
}

ActivityListRow readRow(const QSqlQuery &q)
{
    ActivityListRow r;
    r.rowid = q.value(0).toLongLong();
    r.id = QUuid::fromString(q.value(1).toString());
    r.date = q.value(2).toString();
    r.type = q.value(3).toString();
    r.dureeMinutes = q.value(4).toInt();
    r.typeLieu = q.value(5).toString();
    r.lieuId = QUuid::fromString(q.value(6).toString());
    r.lieuCommune = q.value(7).toString();
    r.thematiques = q.value(8).toString();
    r.participants = q.value(9).toInt();
    r.syncState = static_cast<SyncState>(q.value(10).toInt());
    r.deleted = q.value(11).toBool();
    return r;
}

// What a search finds besides titles and notes: the places, communes and followed beneficiaries whose names hold the
// text (case and accents aside), as JSON arrays of ids for json_each; empty when none does.
struct SearchTargets
{
    QString lieux;
    QString communes;
    QString beneficiaires;
};

QString jsonArray(const QStringList &values)
{
    if (values.isEmpty())
        return QString();
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

SearchTargets searchTargets(const QSqlDatabase &db, const ActivityFilter &filter)
{
    SearchTargets targets;
    const QString text = filter.text.trimmed();
    const QString needle = FrenchText::folded(text);
    if (needle.isEmpty())
        return targets;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    QStringList ids;
    // A place by its name or its commune's (an activity at a place keeps no commune of its own).
    if (q.exec(QStringLiteral("SELECT id, nom, commune FROM lieux"))) {
        while (q.next()) {
            if (FrenchText::folded(q.value(1).toString()).contains(needle)
                || FrenchText::folded(q.value(2).toString()).contains(needle))
                ids << q.value(0).toString();
        }
    }
    targets.lieux = jsonArray(ids);
    ids.clear();
    if (q.exec(QStringLiteral("SELECT id, prenom, nom FROM beneficiaires WHERE suppression IS NULL"))) {
        while (q.next()) {
            const QString prenom = q.value(1).toString();
            const QString nom = q.value(2).toString();
            if (FrenchText::folded(prenom + QLatin1Char(' ') + nom).contains(needle)
                || FrenchText::folded(nom + QLatin1Char(' ') + prenom).contains(needle))
                ids << q.value(0).toString();
        }
    }
    targets.beneficiaires = jsonArray(ids);
    ids.clear();
    // Communes by their name: the distinct places of the activities, as the statistics' copy keeps them (a few hundred
    // rows rather than a scan of the activities).
    q.prepare(QStringLiteral("SELECT texte FROM stats_valeurs WHERE sorte = ?"));
    q.addBindValue(int(StatsCopySchema::Lieu));
    if (q.exec()) {
        while (q.next()) {
            // type_lieu, lieu_id, lieu_code_insee, lieu_commune
            const QStringList parts = q.value(0).toString().split(QLatin1Char(StatsCopySchema::Separator));
            if (parts.size() >= 4 && !parts.at(2).isEmpty() && FrenchText::folded(parts.at(3)).contains(needle))
                ids << parts.at(2);
        }
    }
    ids.removeDuplicates();
    targets.communes = jsonArray(ids);
    return targets;
}

QString whereClause(const ActivityFilter &filter, const SearchTargets &targets)
{
    const auto placeholders = [](const QString &name, qsizetype count) {
        QStringList list;
        for (qsizetype i = 0; i < count; ++i)
            list << QStringLiteral(":%1%2").arg(name).arg(i);
        return list;
    };
    QStringList parts;
    if (!filter.includeDeleted)
        parts << QStringLiteral("suppression IS NULL");
    if (filter.from.isValid())
        parts << QStringLiteral("date >= :from");
    if (filter.to.isValid())
        parts << QStringLiteral("date <= :to");
    if (!filter.types.isEmpty())
        parts
            << QStringLiteral("type IN (%1)").arg(placeholders(QStringLiteral("type"), filter.types.size()).join(u','));
    if (!filter.lieux.isEmpty())
        parts << QStringLiteral("lieu_id IN (%1)")
                     .arg(placeholders(QStringLiteral("lieu"), filter.lieux.size()).join(u','));
    if (!filter.thematiques.isEmpty()) {
        QStringList any;
        for (const QString &p : placeholders(QStringLiteral("thematique"), filter.thematiques.size()))
            any << QStringLiteral("instr(',' || thematiques || ',', %1) > 0").arg(p);
        parts << QLatin1Char('(') + any.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    if (!filter.text.trimmed().isEmpty()) {
        QStringList any = {QStringLiteral("(titre_atelier LIKE :text ESCAPE '\\' AND titre_atelier GLOB :glob)"),
            QStringLiteral("(notes LIKE :text2 ESCAPE '\\' AND notes GLOB :glob2)")};
        if (!targets.lieux.isEmpty())
            any << QStringLiteral("lieu_id IN (SELECT value FROM json_each(:searchLieux))");
        if (!targets.communes.isEmpty())
            any << QStringLiteral("lieu_code_insee IN (SELECT value FROM json_each(:searchCommunes))");
        if (!targets.beneficiaires.isEmpty()) {
            any << QStringLiteral("beneficiaire_id IN (SELECT value FROM json_each(:searchBeneficiaires))")
                << QStringLiteral("id IN (SELECT activite_id FROM activite_participants WHERE beneficiaire_id IN "
                                  "(SELECT value FROM json_each(:searchParticipants)))");
        }
        parts << QLatin1Char('(') + any.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    if (!filter.ids.isEmpty())
        parts << QStringLiteral("id IN (SELECT value FROM json_each(:ids))");
    if (!filter.syncStates.isEmpty()) {
        // Values of an enum, not the user's text: written in the statement.
        QStringList states;
        for (const int state : filter.syncStates)
            states << QString::number(state);
        parts << QStringLiteral("sync_state IN (%1)").arg(states.join(u','));
    }
    return parts.isEmpty() ? QStringLiteral("1") : parts.join(QLatin1String(" AND "));
}

void bindFilter(QSqlQuery &q, const ActivityFilter &filter, const SearchTargets &targets)
{
    if (filter.from.isValid())
        q.bindValue(QStringLiteral(":from"), filter.from.toString(Qt::ISODate));
    if (filter.to.isValid())
        q.bindValue(QStringLiteral(":to"), filter.to.toString(Qt::ISODate));
    for (qsizetype i = 0; i < filter.types.size(); ++i)
        q.bindValue(QStringLiteral(":type%1").arg(i), filter.types.at(i));
    for (qsizetype i = 0; i < filter.lieux.size(); ++i)
        q.bindValue(QStringLiteral(":lieu%1").arg(i), filter.lieux.at(i).toString(QUuid::WithoutBraces));
    for (qsizetype i = 0; i < filter.thematiques.size(); ++i)
        q.bindValue(QStringLiteral(":thematique%1").arg(i),
            QString(QLatin1Char(',') + filter.thematiques.at(i) + QLatin1Char(',')));
    if (!filter.text.trimmed().isEmpty()) {
        const QString loose = loosePattern(filter.text.trimmed());
        const QString exact = containsPattern(filter.text.trimmed());
        q.bindValue(QStringLiteral(":text"), loose);
        q.bindValue(QStringLiteral(":text2"), loose);
        q.bindValue(QStringLiteral(":glob"), exact);
        q.bindValue(QStringLiteral(":glob2"), exact);
        if (!targets.lieux.isEmpty())
            q.bindValue(QStringLiteral(":searchLieux"), targets.lieux);
        if (!targets.communes.isEmpty())
            q.bindValue(QStringLiteral(":searchCommunes"), targets.communes);
        if (!targets.beneficiaires.isEmpty()) {
            q.bindValue(QStringLiteral(":searchBeneficiaires"), targets.beneficiaires);
            q.bindValue(QStringLiteral(":searchParticipants"), targets.beneficiaires);
        }
    }
    if (!filter.ids.isEmpty()) {
        QJsonArray ids;
        for (const QUuid &id : std::as_const(filter.ids))
            ids.append(id.toString(QUuid::WithoutBraces));
        q.bindValue(QStringLiteral(":ids"), QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact)));
    }
}
} // namespace

bool ActivityListQueries::usesDateIndex(const ActivityFilter &filter, const ActivityOrder &order)
{
    return order.key == ActivityOrder::Date && filter.lieux.isEmpty() && filter.thematiques.isEmpty()
        && filter.text.trimmed().isEmpty() && filter.ids.isEmpty() && filter.syncStates.isEmpty();
}

bool ActivityListQueries::count(const QSqlDatabase &db, const ActivityFilter &filter, qint64 *count, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const SearchTargets targets = searchTargets(db, filter);
    q.prepare(QStringLiteral("SELECT count(*) FROM activites WHERE ") + whereClause(filter, targets));
    bindFilter(q, filter, targets);
    if (!q.exec() || !q.next()) {
        *error = tr("Impossible de compter les activités : %1").arg(Connection::readError(q.lastError()));
        return false;
    }
    *count = q.value(0).toLongLong();
    return true;
}

bool ActivityListQueries::keysetPage(const QSqlDatabase &db, const ActivityFilter &filter, Qt::SortOrder order,
    const KeysetCursor *after, int rows, QVector<ActivityListRow> *page, QString *error)
{
    const bool ascending = order == Qt::AscendingOrder;
    const SearchTargets targets = searchTargets(db, filter);
    QString sql = QStringLiteral("SELECT ") + selectColumns() + QStringLiteral(" FROM activites WHERE ")
        + whereClause(filter, targets);
    if (after)
        sql += ascending ? QStringLiteral(" AND (date, rowid) > (:lastDate, :lastRowid)")
                         : QStringLiteral(" AND (date, rowid) < (:lastDate, :lastRowid)");
    sql += ascending ? QStringLiteral(" ORDER BY date ASC, rowid ASC")
                     : QStringLiteral(" ORDER BY date DESC, rowid DESC");
    sql += QStringLiteral(" LIMIT %1").arg(rows);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    bindFilter(q, filter, targets);
    if (after) {
        q.bindValue(QStringLiteral(":lastDate"), after->date);
        q.bindValue(QStringLiteral(":lastRowid"), after->rowid);
    }
    if (!q.exec()) {
        *error = tr("Impossible de lire la liste des activités : %1").arg(Connection::readError(q.lastError()));
        return false;
    }
    page->clear();
    page->reserve(rows);
    while (q.next())
        page->append(readRow(q));
    return true;
}

bool ActivityListQueries::orderedRowids(const QSqlDatabase &db, const ActivityFilter &filter,
    const ActivityOrder &order, QVector<qint64> *rowids, QString *error)
{
    const QString dir = order.order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    // "+date" keeps SQLite from walking the date index with a random row read per entry: for a selective filter, one
    // sequential scan and a sort are several times faster.
    const QString date = QStringLiteral("+date");
    QString orderBy = keyColumn(order.key) + dir;
    if (order.key == ActivityOrder::Date)
        orderBy = date + dir;
    else
        orderBy += QStringLiteral(", ") + date + dir;
    orderBy += QStringLiteral(", rowid") + dir;
    const SearchTargets targets = searchTargets(db, filter);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT rowid FROM activites WHERE ") + whereClause(filter, targets)
        + QStringLiteral(" ORDER BY ") + orderBy);
    bindFilter(q, filter, targets);
    if (!q.exec()) {
        *error = tr("Impossible de lire la liste des activités : %1").arg(Connection::readError(q.lastError()));
        return false;
    }
    rowids->clear();
    while (q.next())
        rowids->append(q.value(0).toLongLong());
    q.finish();
    return true;
}

bool ActivityListQueries::rowsByRowid(const QSqlDatabase &db, const QVector<qint64> &rowids, int from, int to,
    QVector<ActivityListRow> *rows, QString *error)
{
    rows->clear();
    if (to <= from)
        return true;
    QStringList list;
    QHash<qint64, int> slot;
    for (int i = from; i < to; ++i) {
        list << QString::number(rowids.at(i));
        slot.insert(rowids.at(i), i - from);
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT ") + selectColumns() + QStringLiteral(" FROM activites WHERE rowid IN (")
            + list.join(QLatin1Char(',')) + QLatin1Char(')'))) {
        *error = tr("Impossible de lire la liste des activités : %1").arg(Connection::readError(q.lastError()));
        return false;
    }
    QVector<ActivityListRow> read(to - from);
    QVector<bool> present(to - from, false);
    while (q.next()) {
        ActivityListRow row = readRow(q);
        const int at = slot.value(row.rowid, -1);
        if (at >= 0) {
            present[at] = true;
            read[at] = std::move(row);
        }
    }
    // A row removed since the scan (a purge) is skipped rather than shown empty.
    rows->reserve(read.size());
    for (int i = 0; i < read.size(); ++i) {
        if (present.at(i))
            rows->append(std::move(read[i]));
    }
    return true;
}
