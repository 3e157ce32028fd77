#include "models/io/ColumnMapping.h"

#include "models/io/TableReader.h"
#include "models/text/FrenchText.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSettings>

namespace {
struct FieldInfo
{
    const char *key;
    const char *label;
    QStringList words; // folded words of a header that suggest the field
    QStringList not_; // folded words that rule it out
};

const FieldInfo &info(ColumnMapping::Field field)
{
    static const FieldInfo infos[ColumnMapping::FieldCount] = {
        {"date", QT_TRANSLATE_NOOP("ColumnMapping", "Date"), {QStringLiteral("date"), QStringLiteral("jour")},
            {QStringLiteral("enregistre"), QStringLiteral("modification"), QStringLiteral("naissance")}},
        {"duree", QT_TRANSLATE_NOOP("ColumnMapping", "Durée"),
            {QStringLiteral("duree"), QStringLiteral("temps"), QStringLiteral("minutes")}, {}},
        {"type", QT_TRANSLATE_NOOP("ColumnMapping", "Type d'activité"), {QStringLiteral("type")},
            {QStringLiteral("lieu")}},
        {"thematiques", QT_TRANSLATE_NOOP("ColumnMapping", "Thématique(s)"),
            {QStringLiteral("thematique"), QStringLiteral("thematiques"), QStringLiteral("theme"),
                QStringLiteral("themes"), QStringLiteral("sujet")},
            {}},
        {"lieu", QT_TRANSLATE_NOOP("ColumnMapping", "Lieu d'activité"), {QStringLiteral("lieu")},
            {QStringLiteral("type")}},
        {"canal", QT_TRANSLATE_NOOP("ColumnMapping", "Canal (lieu, domicile, à distance, autre)"),
            {QStringLiteral("canal"), QStringLiteral("canaux")}, {}},
        {"commune", QT_TRANSLATE_NOOP("ColumnMapping", "Commune"), {QStringLiteral("commune"), QStringLiteral("ville")},
            {}},
        {"materiel", QT_TRANSLATE_NOOP("ColumnMapping", "Matériel"),
            {QStringLiteral("materiel"), QStringLiteral("support"), QStringLiteral("equipement")}, {}},
        {"tags", QT_TRANSLATE_NOOP("ColumnMapping", "Tags"), {QStringLiteral("tag"), QStringLiteral("tags")}, {}},
        {"notes", QT_TRANSLATE_NOOP("ColumnMapping", "Notes"),
            {QStringLiteral("note"), QStringLiteral("notes"), QStringLiteral("commentaire"),
                QStringLiteral("commentaires"), QStringLiteral("remarques")},
            {}},
        {"atelier", QT_TRANSLATE_NOOP("ColumnMapping", "Titre de l'atelier"),
            {QStringLiteral("atelier"), QStringLiteral("titre")}, {}},
        {"participants", QT_TRANSLATE_NOOP("ColumnMapping", "Nombre de participants"),
            {QStringLiteral("participants"), QStringLiteral("nombre")}, {}},
        {"genre", QT_TRANSLATE_NOOP("ColumnMapping", "Genre"), {QStringLiteral("genre"), QStringLiteral("sexe")}, {}},
        {"age", QT_TRANSLATE_NOOP("ColumnMapping", "Tranche d'âge"), {QStringLiteral("age"), QStringLiteral("tranche")},
            {}},
        {"statut", QT_TRANSLATE_NOOP("ColumnMapping", "Statut"), {QStringLiteral("statut")}, {}},
        {"autonomie", QT_TRANSLATE_NOOP("ColumnMapping", "Niveau d'autonomie"), {QStringLiteral("autonomie")}, {}},
    };
    return infos[field];
}

// "A" -> 0, "AB" -> 27; -1 when not letters.
int columnOfLetters(const QString &text)
{
    if (text.isEmpty() || text.size() > 3)
        return -1;
    int n = 0;
    for (QChar c : text) {
        if (c < u'A' || c > u'Z')
            return -1;
        n = n * 26 + (c.unicode() - u'A' + 1);
    }
    return n - 1;
}
} // namespace

QString ColumnMapping::key(Field field)
{
    return QString::fromLatin1(info(field).key);
}

QString ColumnMapping::label(Field field)
{
    return tr(info(field).label);
}

void ColumnMapping::setColumn(Field field, int column)
{
    if (column < 0)
        m_columns.remove(field);
    else
        m_columns.insert(field, column);
}

ColumnMapping ColumnMapping::guess(const QStringList &headers)
{
    ColumnMapping mapping;
    for (int f = 0; f < FieldCount; ++f) {
        const FieldInfo &fi = info(Field(f));
        for (int c = 0; c < headers.size(); ++c) {
            const QStringList words = FrenchText::folded(headers.at(c)).split(QLatin1Char(' '), Qt::SkipEmptyParts);
            bool match = false;
            for (const QString &w : words)
                match = match || fi.words.contains(w);
            for (const QString &w : words)
                match = match && !fi.not_.contains(w);
            bool taken = false;
            for (auto it = mapping.m_columns.cbegin(); it != mapping.m_columns.cend(); ++it)
                taken = taken || it.value() == c;
            if (match && !taken) {
                mapping.m_columns.insert(f, c);
                break;
            }
        }
    }
    return mapping;
}

bool ColumnMapping::parse(const QString &text, const QStringList &headers, ColumnMapping *mapping, QString *error)
{
    ColumnMapping result;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const int eq = part.indexOf(QLatin1Char('='));
        const QString name = FrenchText::folded(part.left(eq));
        const QString value = part.mid(eq + 1).trimmed();
        int field = -1;
        for (int f = 0; f < FieldCount; ++f) {
            if (name == key(Field(f)) || (name == QLatin1String("thematique") && f == Thematiques))
                field = f;
        }
        if (eq < 0 || field < 0) {
            QStringList keys;
            for (int f = 0; f < FieldCount; ++f)
                keys << key(Field(f));
            *error = tr("--colonnes : « %1 » n'est pas un champ (champs : %2).")
                         .arg(part.left(eq < 0 ? part.size() : eq), keys.join(QStringLiteral(", ")));
            return false;
        }
        int column = columnOfLetters(value.toUpper());
        if (column < 0 || value != value.toUpper()) {
            column = -1;
            for (int c = 0; c < headers.size(); ++c) {
                if (FrenchText::folded(headers.at(c)) == FrenchText::folded(value))
                    column = c;
            }
            if (column < 0)
                column = columnOfLetters(value.toUpper());
        }
        if (column < 0 || (!headers.isEmpty() && column >= headers.size())) {
            *error = tr("--colonnes : la colonne « %1 » de « %2 » n'existe pas dans le fichier.")
                         .arg(value, key(Field(field)));
            return false;
        }
        result.m_columns.insert(field, column);
    }
    *mapping = result;
    return true;
}

QString ColumnMapping::toString() const
{
    QStringList parts;
    for (int f = 0; f < FieldCount; ++f) {
        if (m_columns.contains(f))
            parts << key(Field(f)) + QLatin1Char('=') + TableReader::columnName(m_columns.value(f));
    }
    return parts.join(QLatin1Char(','));
}

QStringList ColumnMapping::missing() const
{
    QStringList names;
    for (int f = 0; f < FieldCount; ++f) {
        if (isRequired(Field(f)) && !m_columns.contains(f))
            names << QStringLiteral("« %1 »").arg(label(Field(f)));
    }
    return names;
}

QString ColumnMapping::settingsKey(const QStringList &headers)
{
    QStringList folded;
    for (const QString &h : headers)
        folded << FrenchText::folded(h);
    return QStringLiteral("colonnes/")
        + QString::fromLatin1(
            QCryptographicHash::hash(folded.join(QLatin1Char('\x1f')).toUtf8(), QCryptographicHash::Sha1).toHex());
}

ColumnMapping ColumnMapping::remembered(const QString &dataDir, const QStringList &headers)
{
    ColumnMapping mapping;
    if (dataDir.isEmpty())
        return mapping;
    const QSettings settings(QDir(dataDir).filePath(QStringLiteral("import.ini")), QSettings::IniFormat);
    const QString text = settings.value(settingsKey(headers)).toString();
    QString error;
    if (!text.isEmpty() && !parse(text, headers, &mapping, &error))
        return ColumnMapping();
    return mapping;
}

void ColumnMapping::remember(const QString &dataDir, const QStringList &headers) const
{
    if (dataDir.isEmpty())
        return;
    QSettings settings(QDir(dataDir).filePath(QStringLiteral("import.ini")), QSettings::IniFormat);
    settings.setValue(settingsKey(headers), toString());
}
