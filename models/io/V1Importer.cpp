#include "models/io/V1Importer.h"

#include "models/domain/Codes.h"
#include "models/io/ImportCells.h"
#include "models/io/ImportContext.h"
#include "models/io/TableReader.h"
#include "models/text/FrenchText.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

namespace {
// v1_espace_coop_mapping, read once from the nomenclature the application ships.
const QJsonObject &mapping()
{
    static const QJsonObject m = [] {
        QFile file(QStringLiteral(":/carnet/nomenclature.json"));
        file.open(QIODevice::ReadOnly);
        return QJsonDocument::fromJson(file.readAll())
            .object()
            .value(QLatin1String("v1_espace_coop_mapping"))
            .toObject();
    }();
    return m;
}

QJsonObject section(const char *name)
{
    return mapping().value(QLatin1String(name)).toObject();
}

QVariant field(const QVariantMap &record, const char *name)
{
    return record.value(FrenchText::folded(QLatin1String(name)));
}

int number(const QVariantMap &record, const char *name)
{
    return ImportCells::text(field(record, name)).toInt();
}

// A JSON array, or a spreadsheet cell listing values ("internet, courriel" or one a line, or "{a,b}").
QStringList values(const QVariant &v)
{
    if (v.typeId() == QMetaType::QVariantList || v.typeId() == QMetaType::QStringList)
        return v.toStringList();
    static const QRegularExpression separators(QStringLiteral("[\\n;,{}\"]"));
    QStringList list;
    for (const QString &s : ImportCells::text(v).split(separators, Qt::SkipEmptyParts)) {
        if (!s.trimmed().isEmpty())
            list << s.trimmed();
    }
    return list;
}

// Splits n between the two codes the mapping names for the 18-35 and 60+ bands ("18-35: split between a and b"): the
// first gets half, rounded down.
void split(QMap<QString, int> &counts, const QString &rule, int n)
{
    static const QRegularExpression re(QStringLiteral("split between (\\w+) and (\\w+)"));
    const QRegularExpressionMatch m = re.match(rule);
    const QString a = m.captured(1), b = m.captured(2);
    if (n / 2 > 0)
        counts[a] += n / 2;
    if (n - n / 2 > 0)
        counts[b] += n - n / 2;
}
} // namespace

bool V1Importer::isHeader(const QVariantList &cells)
{
    QStringList keys;
    for (const QVariant &c : cells)
        keys << FrenchText::folded(ImportCells::text(c));
    return keys.contains(QLatin1String("canal")) && keys.contains(QLatin1String("activite"))
        && keys.contains(QLatin1String("date accompagnement"));
}

bool V1Importer::isApiPage(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    const QJsonArray data = doc.isArray() ? doc.array() : doc.object().value(QLatin1String("data")).toArray();
    return !data.isEmpty() && data.first().toObject().value(QLatin1String("type")).toString() == QLatin1String("craV1");
}

void V1Importer::read(TableReader &reader, const QVariantList &header, ImportContext &context)
{
    QStringList keys;
    for (const QVariant &c : header)
        keys << FrenchText::folded(ImportCells::text(c));
    QVariantList cells;
    while (reader.readRow(&cells)) {
        ++context.plan().rowsRead;
        if (!context.progress(reader))
            return;
        QVariantMap record;
        bool blank = true;
        for (int i = 0; i < cells.size() && i < keys.size(); ++i) {
            record.insert(keys.at(i), cells.at(i));
            blank = blank && ImportCells::isEmpty(cells.at(i));
        }
        if (!blank)
            readRecord(record, reader.rowNumber(), QString(), context);
    }
    if (!reader.error().isEmpty())
        context.plan().fatal = reader.error();
}

void V1Importer::read(const QByteArray &json, const QString &pageName, ImportContext &context)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull()) {
        context.plan().fatal = tr("%1 : ce n'est pas un document JSON valide (octet %2 : %3).")
                                   .arg(pageName)
                                   .arg(parseError.offset)
                                   .arg(parseError.errorString());
        return;
    }
    const QJsonArray data = doc.isArray() ? doc.array() : doc.object().value(QLatin1String("data")).toArray();
    qint64 index = 0;
    for (const QJsonValue &value : data) {
        ++index;
        ++context.plan().rowsRead;
        if (!context.progress(index, data.size()))
            return;
        const QJsonObject resource = value.toObject();
        QVariantMap record;
        const QVariantMap attributes = resource.value(QLatin1String("attributes")).toObject().toVariantMap();
        for (auto it = attributes.begin(); it != attributes.end(); ++it)
            record.insert(FrenchText::folded(it.key()), it.value());
        record.insert(QStringLiteral("id"), resource.value(QLatin1String("id")).toString());
        readRecord(record, 0,
            tr("%1, enregistrement n° %2 (%3) : ")
                .arg(pageName)
                .arg(index)
                .arg(resource.value(QLatin1String("id")).toString()),
            context);
    }
}

void V1Importer::readRecord(const QVariantMap &record, qint64 row, const QString &where, ImportContext &context)
{
    ImportPlan &plan = context.plan();
    bool broken = false;
    const auto problem = [&](const QString &message) {
        plan.addProblem(row, -1, QString(), where + message);
        broken = true;
    };
    Activity a;
    a.source = QLatin1String(ActivitySource::V1);
    a.syncState = SyncState::Sent;
    const QString id = ImportCells::text(field(record, "id"));
    QStringList content;
    for (auto it = record.begin(); it != record.end(); ++it)
        content << it.key() + QLatin1Char('=') + ImportCells::text(it.value());

    const QString activite = FrenchText::folded(ImportCells::text(field(record, "activite")));
    a.type = section("activite").value(activite).toString();
    if (a.type.isEmpty())
        problem(tr("activité « %1 » inconnue (collectif, individuel ou ponctuel)").arg(activite));

    QDateTime created;
    QString createdError;
    const QVariant createdCell = field(record, "created_at");
    if (!ImportCells::isEmpty(createdCell) && !ImportCells::dateTime(createdCell, &created, &createdError))
        problem(tr("created_at : %1").arg(createdError));
    if (created.isValid()) {
        a.creation = created;
        a.modification = created;
    }

    // The date: a calendar day in Paris (the archive stores midnight, Paris time, in UTC).
    const QVariant dateCell = field(record, "date_accompagnement");
    const QDateTime dt = QDateTime::fromString(ImportCells::text(dateCell), Qt::ISODateWithMs);
    QString error;
    if (dt.isValid() && dt.timeSpec() != Qt::LocalTime)
        a.date = dt.toTimeZone(QTimeZone("Europe/Paris")).date();
    else if (!ImportCells::date(dateCell, &a.date, &error))
        problem(tr("date_accompagnement : %1").arg(error));

    // The key: the CRA's creation time, type and date (ImportContext::v1Key), which the platform's activities export
    // and API give its migrated copy too, so that the CRA comes in once whichever way; without created_at, its archive
    // id, else its content. With its archive id, the activity's id stays the one earlier imports gave it (v1:<id>).
    if (created.isValid() && !a.type.isEmpty() && a.date.isValid())
        a.importKey = context.v1Key(created, a.type, a.date, id);
    else
        a.importKey = id.isEmpty() ? context.contentKey(QStringLiteral("v1"), content) : QStringLiteral("v1:") + id;
    a.id = ImportContext::idForKey(id.isEmpty() ? a.importKey : QStringLiteral("v1:") + id);

    const QString duree = ImportCells::text(field(record, "duree"));
    const QJsonValue preset = section("duree").value(duree);
    if (preset.isDouble())
        a.dureeMinutes = preset.toInt();
    else if (number(record, "duree_minutes") > 0)
        a.dureeMinutes = number(record, "duree_minutes");
    else if (!ImportCells::duration(duree, &a.dureeMinutes, &error))
        problem(tr("duree : %1").arg(error));

    a.typeLieu = section("canal").value(FrenchText::folded(ImportCells::text(field(record, "canal")))).toString();
    const CommuneRef commune = {ImportCells::text(field(record, "code_commune")),
        ImportCells::text(field(record, "code_postal")), ImportCells::text(field(record, "nom_commune"))};
    if (a.typeLieu.isEmpty()) {
        problem(tr("canal « %1 » inconnu").arg(ImportCells::text(field(record, "canal"))));
    } else if (a.typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite)) {
        // "rattachement": the structure the conseiller was attached to, a place of activity here.
        const CommuneRef structure = {ImportCells::text(field(record, "structure_code_commune")),
            ImportCells::text(field(record, "structure_code_postal")),
            ImportCells::text(field(record, "structure_nom_commune"))};
        QString nom = ImportCells::text(field(record, "structure_nom"));
        if (nom.isEmpty())
            nom = tr("Structure de rattachement (Espace Coop)");
        a.lieuId = context.place(QUuid(), nom, QString(), structure.isEmpty() ? commune : structure, row);
        if (a.lieuId.isNull())
            broken = true;
    } else if (a.typeLieu != QLatin1String(Codes::TypeLieu::ADistance) || !commune.codeInsee.isEmpty()) {
        a.lieuCommune = commune;
    }

    const QJsonObject themes = section("themes");
    QStringList all = values(field(record, "themes"));
    for (const QString &t : std::as_const(all)) {
        const QString key = FrenchText::folded(t);
        QJsonValue codes = themes.value(key);
        if (codes.isUndefined()) {
            // The mapping's keys are written with their spaces ("equipement informatique"); the archive's are
            // camelCase or snake_case ("equipementInformatique").
            for (auto it = themes.begin(); it != themes.end(); ++it) {
                if (QString(it.key()).remove(QLatin1Char(' ')).remove(QLatin1Char('/'))
                    == QString(key).remove(QLatin1Char(' ')).remove(QLatin1Char('/')))
                    codes = it.value();
            }
        }
        if (codes.isUndefined()) {
            problem(tr("thème « %1 » inconnu de v1_espace_coop_mapping").arg(t));
            continue;
        }
        for (const QJsonValue &c : codes.toArray()) {
            if (!a.thematiques.contains(c.toString()))
                a.thematiques << c.toString();
        }
    }
    bool demarche = false;
    for (const QString &t : std::as_const(a.thematiques))
        demarche = demarche || Nomenclature::instance().contains(Nomenclature::List::ThematiqueDemarche, t);
    if (demarche && !a.thematiques.contains(QLatin1String(Codes::Thematique::AideDemarches)))
        a.thematiques.prepend(QLatin1String(Codes::Thematique::AideDemarches));
    a.notes = ImportCells::text(field(record, "annotation"));

    // The people: the age and statut counters, the 18-35 and 60+ bands split between today's two.
    QMap<QString, int> ages, statuts;
    const QJsonObject age = section("age");
    ages[age.value(QLatin1String("moins12ans")).toString()] += number(record, "age_moins_12_ans");
    ages[age.value(QLatin1String("de12a18ans")).toString()] += number(record, "age_de_12_a_18_ans");
    split(ages, age.value(QLatin1String("de18a35ans")).toString(), number(record, "age_de_18_a_35_ans"));
    ages[age.value(QLatin1String("de35a60ans")).toString()] += number(record, "age_de_35_a_60_ans");
    split(ages, age.value(QLatin1String("plus60ans")).toString(), number(record, "age_plus_60_ans"));
    const QJsonObject statut = section("statut");
    statuts[statut.value(QLatin1String("etudiant")).toString()] += number(record, "statut_etudiant");
    statuts[statut.value(QLatin1String("sansEmploi")).toString()] += number(record, "statut_sans_emploi");
    statuts[statut.value(QLatin1String("enEmploi")).toString()] += number(record, "statut_en_emploi");
    statuts[statut.value(QLatin1String("retraite")).toString()] += number(record, "statut_retraite");
    for (QMap<QString, int> *m : {&ages, &statuts}) {
        m->remove(QLatin1String(Codes::NonCommunique));
        m->remove(QString());
        for (auto it = m->begin(); it != m->end();)
            it = it.value() > 0 ? std::next(it) : m->erase(it);
    }
    const int participants = std::max(1, number(record, "nb_participants"));
    const int recurrents = number(record, "nb_participants_recurrents");
    if (a.isCollectif()) {
        a.participantsAnonymes.total = participants;
        a.participantsAnonymes.dejaAccompagne = std::min(recurrents, participants);
        a.participantsAnonymes.trancheAge = ages;
        a.participantsAnonymes.statutSocial = statuts;
    } else {
        a.anonyme.trancheAge = ages.isEmpty() ? QString() : ages.firstKey();
        a.anonyme.statutSocial = statuts.isEmpty() ? QString() : statuts.firstKey();
        if (recurrents > 0)
            a.anonyme.dejaAccompagne = true;
        if (number(record, "accompagnement_redirection") > 0) {
            a.orienteVersStructure = true;
            // organismes_to_structure_de_redirection: the first pattern an organism's name matches.
            const QVariant organismesCell = field(record, "organismes");
            const QString organismes = organismesCell.typeId() == QMetaType::QVariantMap
                ? organismesCell.toMap().keys().join(QLatin1Char(' '))
                : ImportCells::text(organismesCell);
            for (const QJsonValue &pair :
                mapping().value(QLatin1String("organismes_to_structure_de_redirection")).toArray()) {
                const QRegularExpression re(pair.toArray().at(0).toString(), QRegularExpression::CaseInsensitiveOption);
                if (re.match(organismes).hasMatch()) {
                    a.structureDeRedirection = pair.toArray().at(1).toString();
                    break;
                }
            }
            const QString autre = QStringLiteral("autre");
            if (a.structureDeRedirection.isEmpty()
                && Nomenclature::instance().contains(Nomenclature::List::StructureDeRedirection, autre))
                a.structureDeRedirection = autre;
        }
    }
    if (broken) {
        ++plan.invalidActivities;
        return;
    }
    context.finish(a, row, {}, {}, where);
}
