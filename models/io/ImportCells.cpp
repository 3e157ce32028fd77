#include "models/io/ImportCells.h"

#include "models/io/CsvWriter.h"
#include "models/text/FrenchText.h"

#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace {
using List = Nomenclature::List;

const QList<List> kLists = {List::TypeActivite, List::TypeLieu, List::Materiel, List::ThematiqueMediation,
    List::ThematiqueDemarche, List::Autonomie, List::NiveauAtelier, List::OrienteVersStructure,
    List::StructureDeRedirection, List::Genre, List::TrancheAge, List::StatutSocial};

int editDistance(const QString &a, const QString &b)
{
    QList<int> previous(b.size() + 1), current(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (int j = 1; j <= b.size(); ++j)
            current[j] = std::min(
                {previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a.at(i - 1) == b.at(j - 1) ? 0 : 1)});
        std::swap(previous, current);
    }
    return previous[b.size()];
}

QString quoted(const QVariant &cell)
{
    return QStringLiteral("« %1 »").arg(ImportCells::text(cell));
}
} // namespace

const ImportCells &ImportCells::instance()
{
    static const ImportCells cells;
    return cells;
}

ImportCells::ImportCells()
{
    const Nomenclature &n = Nomenclature::instance();
    for (List list : kLists) {
        QHash<QString, QString> &codes = m_codes[int(list)];
        for (const NomenclatureItem &item : n.items(list)) {
            codes.insert(FrenchText::folded(item.value), item.value);
            codes.insert(FrenchText::folded(item.label), item.value);
            if (!item.labelStats.isEmpty())
                codes.insert(FrenchText::folded(item.labelStats), item.value);
        }
    }
}

QString ImportCells::text(const QVariant &cell)
{
    if (!cell.isValid() || cell.isNull())
        return QString();
    if (cell.typeId() == QMetaType::Double) {
        const double v = cell.toDouble();
        if (std::floor(v) == v && std::abs(v) < 1e15)
            return QString::number(qint64(v));
        return QString::number(v, 'g', 15);
    }
    if (cell.typeId() == QMetaType::QDate)
        return cell.toDate().toString(QStringLiteral("dd/MM/yyyy"));
    if (cell.typeId() == QMetaType::QDateTime)
        return cell.toDateTime().toString(QStringLiteral("dd/MM/yyyy HH:mm"));
    const QString s = cell.toString().trimmed();
    // A text Carnet's CSV guarded as the formula ="=…" (CsvWriter::guarded): the text itself.
    return s.startsWith(u'=') ? CsvWriter::unguarded(s).trimmed() : s;
}

bool ImportCells::date(const QVariant &cell, QDate *date, QString *error)
{
    if (cell.typeId() == QMetaType::QDate) {
        *date = cell.toDate();
        return true;
    }
    if (cell.typeId() == QMetaType::QDateTime) {
        *date = cell.toDateTime().date();
        return true;
    }
    if (cell.typeId() == QMetaType::Double) {
        // An Excel serial number (days since 30/12/1899) in a cell without a date format.
        const double serial = cell.toDouble();
        if (serial > 1 && serial < 2958466) {
            *date = QDate(1899, 12, 30).addDays(qint64(serial));
            return true;
        }
    }
    const QString t = text(cell);
    static const QRegularExpression fr(QStringLiteral("^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})$"));
    static const QRegularExpression iso(QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ].*)?$"));
    QRegularExpressionMatch m = fr.match(t);
    QDate d;
    if (m.hasMatch())
        d = QDate(m.captured(3).toInt(), m.captured(2).toInt(), m.captured(1).toInt());
    else if ((m = iso.match(t)).hasMatch())
        d = QDate(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    else {
        *error
            = t.isEmpty() ? tr("la date manque") : tr("%1 n'est pas une date (jj/mm/aaaa attendu)").arg(quoted(cell));
        return false;
    }
    if (!d.isValid()) {
        *error = tr("%1 n'est pas une date qui existe").arg(quoted(cell));
        return false;
    }
    *date = d;
    return true;
}

bool ImportCells::dateTime(const QVariant &cell, QDateTime *dateTime, QString *error)
{
    static const QTimeZone paris("Europe/Paris");
    if (cell.typeId() == QMetaType::QDateTime) {
        QDateTime local = cell.toDateTime();
        if (local.timeSpec() == Qt::LocalTime)
            local = QDateTime(local.date(), local.time(), paris);
        *dateTime = local.toUTC();
        return true;
    }
    const QString t = text(cell);
    static const QRegularExpression fr(
        QStringLiteral("^(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:\\s*(?:à|a)?\\s*(\\d{1,2})[:h](\\d{2})(?::(\\d{2}))?)?$"));
    const QRegularExpressionMatch m = fr.match(t);
    if (m.hasMatch()) {
        const QDate d(m.captured(3).toInt(), m.captured(2).toInt(), m.captured(1).toInt());
        const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
        if (d.isValid() && time.isValid()) {
            *dateTime = QDateTime(d, time, paris).toUTC();
            return true;
        }
    } else {
        QDateTime iso = QDateTime::fromString(t, Qt::ISODateWithMs);
        if (iso.isValid()) {
            if (iso.timeSpec() == Qt::LocalTime)
                iso = QDateTime(iso.date(), iso.time(), paris);
            *dateTime = iso.toUTC();
            return true;
        }
    }
    *error = tr("%1 n'est pas une date et une heure (jj/mm/aaaa à hh:mm attendu)").arg(quoted(cell));
    return false;
}

bool ImportCells::duration(const QVariant &cell, int *minutes, QString *error)
{
    const QString t = text(cell).toLower();
    static const QRegularExpression plain(QStringLiteral("^(-?\\d+)(?:[.,]0+)?\\s*(?:min|mn|minutes?)?$"));
    static const QRegularExpression hours(QStringLiteral("^(\\d+)\\s*(?:h|:|heures?)\\s*(\\d{1,2})?\\s*(?:min)?$"));
    QRegularExpressionMatch m = plain.match(t);
    int value = 0;
    if (m.hasMatch())
        value = m.captured(1).toInt();
    else if ((m = hours.match(t)).hasMatch() && m.captured(2).toInt() < 60)
        value = m.captured(1).toInt() * 60 + m.captured(2).toInt();
    else {
        *error = t.isEmpty() ? tr("la durée manque")
                             : tr("%1 n'est pas une durée (en minutes, ou h:mm)").arg(quoted(cell));
        return false;
    }
    if (value <= 0) {
        *error = tr("%1 n'est pas une durée : elle doit être supérieure à 0").arg(quoted(cell));
        return false;
    }
    *minutes = value;
    return true;
}

bool ImportCells::integer(const QVariant &cell, int *value, QString *error)
{
    bool ok = false;
    const int v = text(cell).toInt(&ok);
    if (!ok || v < 0) {
        *error = tr("%1 n'est pas un nombre entier positif").arg(quoted(cell));
        return false;
    }
    *value = v;
    return true;
}

bool ImportCells::yesNo(const QVariant &cell, std::optional<bool> *value, QString *error)
{
    if (cell.typeId() == QMetaType::Bool) {
        *value = cell.toBool();
        return true;
    }
    const QString t = FrenchText::folded(text(cell));
    if (t.isEmpty())
        *value = std::nullopt;
    else if (t == QLatin1String("oui") || t == QLatin1String("true") || t == QLatin1String("1"))
        *value = true;
    else if (t == QLatin1String("non") || t == QLatin1String("false") || t == QLatin1String("0"))
        *value = false;
    else {
        *error = tr("%1 n'est ni « Oui » ni « Non »").arg(quoted(cell));
        return false;
    }
    return true;
}

QStringList ImportCells::list(const QVariant &cell)
{
    QStringList values;
    static const QRegularExpression separators(QStringLiteral("[\\n;]"));
    for (const QString &v : text(cell).split(separators, Qt::SkipEmptyParts)) {
        const QString t = v.trimmed();
        if (!t.isEmpty())
            values << t;
    }
    return values;
}

bool ImportCells::stars(const QVariant &cell, int *stars, QString *error)
{
    static const QRegularExpression re(QStringLiteral("^(\\d)\\s*(?:/\\s*\\d)?$"));
    const QRegularExpressionMatch m = re.match(text(cell));
    if (!m.hasMatch()) {
        *error = tr("%1 n'est pas un niveau (1/3, 2/3 ou 3/3 attendu)").arg(quoted(cell));
        return false;
    }
    *stars = m.captured(1).toInt();
    return true;
}

QString ImportCells::code(Nomenclature::List list, const QString &text) const
{
    return m_codes.value(int(list)).value(FrenchText::folded(text));
}

QString ImportCells::thematique(const QString &text) const
{
    const QString c = code(List::ThematiqueMediation, text);
    return c.isEmpty() ? code(List::ThematiqueDemarche, text) : c;
}

QString ImportCells::codeForStars(Nomenclature::List list, int stars)
{
    for (const NomenclatureItem &item : Nomenclature::instance().items(list)) {
        if (item.stars == stars)
            return item.value;
    }
    return QString();
}

QString ImportCells::unknown(const QList<Nomenclature::List> &lists, const QString &text, const QString &what) const
{
    const QString f = FrenchText::folded(text);
    QString best;
    int bestDistance = std::max(2, int(f.size()) / 3) + 1;
    for (List list : lists) {
        for (const NomenclatureItem &item : Nomenclature::instance().items(list)) {
            // Spaces aside too: "emial" is close to "email" ("E-mail" folds to "e mail").
            const QString l = FrenchText::folded(item.label);
            const int d = std::min(editDistance(f, l),
                editDistance(QString(f).remove(QLatin1Char(' ')), QString(l).remove(QLatin1Char(' '))));
            if (d < bestDistance) {
                bestDistance = d;
                best = item.label;
            }
        }
    }
    if (best.isEmpty())
        return tr("valeur inconnue pour %1 : « %2 »").arg(what, text);
    return tr("valeur inconnue pour %1 : « %2 » (vouliez-vous dire « %3 » ?)").arg(what, text, best);
}

QString ImportCells::key(const QString &header)
{
    return FrenchText::folded(header);
}
