#include "models/io/SpreadsheetImporter.h"

#include "models/communes/CommuneIndex.h"
#include "models/domain/Codes.h"
#include "models/io/ImportCells.h"
#include "models/io/ImportContext.h"
#include "models/io/TableReader.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QRegularExpression>

namespace {
using List = Nomenclature::List;

// A mediator's own cell lists its values one a line, or separated by ";" or "," (no label of the nomenclature's
// thématiques or matériel holds either).
QStringList words(const QVariant &cell)
{
    QStringList list;
    for (const QString &item : ImportCells::list(cell)) {
        for (const QString &w : item.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!w.trimmed().isEmpty())
                list << w.trimmed();
        }
    }
    return list;
}
using Field = ColumnMapping::Field;

// A commune from free text: "Guéret", "23000", "Guéret (23000)", "23000 Guéret".
std::optional<CommuneRef> communeOf(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral("\\b(\\d{5}|2[AB]\\d{3})\\b"));
    const QRegularExpressionMatch m = digits.match(text);
    QString name = text;
    const CommuneIndex &index = CommuneIndex::instance();
    if (m.hasMatch()) {
        name.remove(m.capturedStart(), m.capturedLength());
        const QString wanted = CommuneIndex::normalize(name);
        const QList<CommuneMatch> found = index.find(m.captured(1), 50);
        for (const CommuneMatch &c : found) {
            if (wanted.isEmpty() || CommuneIndex::normalize(c.nom) == wanted)
                return c.toRef();
        }
        return std::nullopt;
    }
    const QList<CommuneMatch> found = index.find(text, 5);
    for (const CommuneMatch &c : found) {
        if (CommuneIndex::normalize(c.nom) == CommuneIndex::normalize(text))
            return c.toRef();
    }
    return std::nullopt;
}

int fieldOfValidator(const QString &field)
{
    static const QHash<QString, int> fields = {{QStringLiteral("date"), ColumnMapping::Date},
        {QStringLiteral("duree"), ColumnMapping::Duree}, {QStringLiteral("type"), ColumnMapping::Type},
        {QStringLiteral("thematiques"), ColumnMapping::Thematiques}, {QStringLiteral("lieu"), ColumnMapping::Lieu},
        {QStringLiteral("typeLieu"), ColumnMapping::Canal}, {QStringLiteral("lieuCommune"), ColumnMapping::Commune},
        {QStringLiteral("materiel"), ColumnMapping::Materiel}, {QStringLiteral("tags"), ColumnMapping::Tags},
        {QStringLiteral("notes"), ColumnMapping::Notes}, {QStringLiteral("titreAtelier"), ColumnMapping::Atelier},
        {QStringLiteral("participantsAnonymes.total"), ColumnMapping::Participants},
        {QStringLiteral("anonyme.genre"), ColumnMapping::Genre},
        {QStringLiteral("anonyme.trancheAge"), ColumnMapping::TrancheAge},
        {QStringLiteral("anonyme.statutSocial"), ColumnMapping::Statut},
        {QStringLiteral("autonomie"), ColumnMapping::Autonomie}};
    return fields.value(field, -1);
}
} // namespace

void SpreadsheetImporter::read(
    TableReader &reader, const QStringList &headers, const ColumnMapping &mapping, ImportContext &context)
{
    ImportPlan &plan = context.plan();
    const QStringList missing = mapping.missing();
    if (!missing.isEmpty()) {
        plan.fatal = tr("%1 : indiquez la colonne de %2 (--colonnes date=A,duree=B,thematiques=C...).")
                         .arg(plan.fileName, missing.join(QStringLiteral(", ")));
        return;
    }
    // Without a column for the place, the base's only active place stands for it.
    QHash<QString, Place> placesByName;
    QList<Place> active;
    if (const Store *store = context.store()) {
        for (const Place &p : store->places(true)) {
            placesByName.insert(FrenchText::folded(p.nom), p);
            if (!p.archive)
                active << p;
        }
    }
    if (mapping.column(ColumnMapping::Lieu) < 0 && mapping.column(ColumnMapping::Canal) < 0 && active.size() != 1) {
        plan.fatal
            = tr("%1 : indiquez la colonne du lieu d'activité ou du canal (lieu=..., canal=...) : la base a %2.")
                  .arg(plan.fileName, FrenchText::count(active.size(), tr("lieu d'activité"), tr("lieux d'activité")));
        return;
    }
    const ImportCells &cells = ImportCells::instance();
    const QString collectif = QLatin1String(Codes::TypeActivite::Collectif);
    QVariantList row;
    while (reader.readRow(&row)) {
        const qint64 line = reader.rowNumber();
        ++plan.rowsRead;
        if (!context.progress(reader))
            return;
        bool broken = false;
        const auto cell = [&](Field f) {
            const int c = mapping.column(f);
            return c >= 0 && c < row.size() ? row.at(c) : QVariant();
        };
        const auto text = [&](Field f) { return ImportCells::text(cell(f)); };
        const auto problem = [&](Field f, const QString &message) {
            const int c = mapping.column(f);
            plan.addProblem(line, c, c >= 0 && c < headers.size() ? headers.at(c) : QString(), message);
            broken = true;
        };
        QStringList mapped;
        bool blank = true;
        for (int f = 0; f < ColumnMapping::FieldCount; ++f) {
            mapped << text(Field(f));
            blank = blank && mapped.last().isEmpty();
        }
        if (blank)
            continue;

        Activity a;
        a.source = QLatin1String(ActivitySource::Tableur);
        a.importKey = context.contentKey(QStringLiteral("tableur"), mapped);
        a.id = ImportContext::idForKey(a.importKey);
        QString error;
        const QString type = text(ColumnMapping::Type);
        a.type = cells.code(List::TypeActivite, type);
        if (a.type.isEmpty()) {
            const QString f = FrenchText::folded(type);
            a.type = QLatin1String(f.contains(QLatin1String("atelier")) || f.contains(QLatin1String("collectif"))
                    ? Codes::TypeActivite::Collectif
                    : Codes::TypeActivite::Individuel);
        }
        if (!ImportCells::date(cell(ColumnMapping::Date), &a.date, &error))
            problem(ColumnMapping::Date, error);
        if (!ImportCells::duration(cell(ColumnMapping::Duree), &a.dureeMinutes, &error))
            problem(ColumnMapping::Duree, error);
        for (const QString &t : words(cell(ColumnMapping::Thematiques))) {
            const QString code = cells.thematique(t);
            if (code.isEmpty())
                problem(ColumnMapping::Thematiques,
                    cells.unknown({List::ThematiqueMediation, List::ThematiqueDemarche}, t, tr("la thématique")));
            else if (!a.thematiques.contains(code))
                a.thematiques << code;
        }
        // Démarche thématiques need "aide aux démarches administratives" (the platform's rule): a spreadsheet that
        // names only the démarche implies it.
        bool demarche = false;
        for (const QString &t : std::as_const(a.thematiques))
            demarche = demarche || Nomenclature::instance().contains(List::ThematiqueDemarche, t);
        if (demarche && !a.thematiques.contains(QLatin1String(Codes::Thematique::AideDemarches)))
            a.thematiques.prepend(QLatin1String(Codes::Thematique::AideDemarches));
        for (const QString &m : words(cell(ColumnMapping::Materiel))) {
            const QString code = cells.code(List::Materiel, m);
            if (code.isEmpty())
                problem(ColumnMapping::Materiel, cells.unknown({List::Materiel}, m, tr("le matériel")));
            else if (!a.materiel.contains(code))
                a.materiel << code;
        }
        a.tags = ImportCells::list(cell(ColumnMapping::Tags));
        a.notes = text(ColumnMapping::Notes);

        // Where: a place named in the file (one of the base's), else the canal and the commune.
        const QString lieu = text(ColumnMapping::Lieu);
        const QString canal = text(ColumnMapping::Canal);
        const QString commune = text(ColumnMapping::Commune);
        if (!canal.isEmpty()) {
            a.typeLieu = cells.code(List::TypeLieu, canal);
            if (a.typeLieu.isEmpty())
                problem(ColumnMapping::Canal, cells.unknown({List::TypeLieu}, canal, tr("le canal")));
        }
        if (!lieu.isEmpty() && (a.typeLieu.isEmpty() || a.typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite))) {
            const auto found = placesByName.constFind(FrenchText::folded(lieu));
            if (found != placesByName.constEnd()) {
                a.typeLieu = QLatin1String(Codes::TypeLieu::LieuActivite);
                a.lieuId = found->id;
            } else if (const auto c = communeOf(commune); c && !commune.isEmpty()) {
                a.typeLieu = QLatin1String(Codes::TypeLieu::LieuActivite);
                a.lieuId = context.place(QUuid(), lieu, QString(), *c, line);
            } else {
                QStringList names;
                for (const Place &p : std::as_const(active))
                    names << QStringLiteral("« %1 »").arg(p.nom);
                problem(ColumnMapping::Lieu,
                    names.isEmpty()
                        ? tr(
                            "le lieu « %1 » n'est pas l'un de vos lieux d'activité (indiquez sa commune pour le créer)")
                              .arg(lieu)
                        : tr("le lieu « %1 » n'est pas l'un de vos lieux d'activité (%2), ni créé faute de commune")
                              .arg(lieu, names.join(QStringLiteral(", "))));
            }
        } else if (a.typeLieu.isEmpty() && active.size() == 1) {
            a.typeLieu = QLatin1String(Codes::TypeLieu::LieuActivite);
            a.lieuId = active.first().id;
        }
        if (!commune.isEmpty() && a.typeLieu != QLatin1String(Codes::TypeLieu::LieuActivite)) {
            if (const auto c = communeOf(commune))
                a.lieuCommune = *c;
            else
                problem(ColumnMapping::Commune, tr("commune inconnue : « %1 »").arg(commune));
        }

        if (a.type == collectif) {
            a.titreAtelier = text(ColumnMapping::Atelier);
            int participants = 1;
            if (!text(ColumnMapping::Participants).isEmpty()
                && !ImportCells::integer(cell(ColumnMapping::Participants), &participants, &error))
                problem(ColumnMapping::Participants, error);
            a.participantsAnonymes.total = participants;
        } else {
            const auto code = [&](Field f, List list, const QString &what) {
                const QString t = text(f);
                if (t.isEmpty())
                    return QString();
                const QString c = cells.code(list, t);
                if (c.isEmpty())
                    problem(f, cells.unknown({list}, t, what));
                return c;
            };
            a.anonyme.genre = code(ColumnMapping::Genre, List::Genre, tr("le genre"));
            a.anonyme.trancheAge = code(ColumnMapping::TrancheAge, List::TrancheAge, tr("la tranche d'âge"));
            a.anonyme.statutSocial = code(ColumnMapping::Statut, List::StatutSocial, tr("le statut"));
            const QString autonomie = text(ColumnMapping::Autonomie);
            if (!autonomie.isEmpty()) {
                int stars = 0;
                a.autonomie = cells.code(List::Autonomie, autonomie);
                if (a.autonomie.isEmpty() && ImportCells::stars(cell(ColumnMapping::Autonomie), &stars, &error))
                    a.autonomie = ImportCells::codeForStars(List::Autonomie, stars);
                if (a.autonomie.isEmpty())
                    problem(ColumnMapping::Autonomie,
                        cells.unknown({List::Autonomie}, autonomie, tr("le niveau d'autonomie")));
            }
        }
        if (broken) {
            ++plan.invalidActivities;
            continue;
        }
        context.finish(
            a, line,
            [&mapping](const QString &field) {
                const int f = fieldOfValidator(field);
                return f < 0 ? -1 : mapping.column(Field(f));
            },
            headers);
    }
    if (!reader.error().isEmpty())
        plan.fatal = reader.error();
}
