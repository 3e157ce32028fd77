#include "models/io/AccompagnementImporter.h"

#include "models/io/ActivityColumns.h"

#include "models/domain/Codes.h"
#include "models/io/ImportCells.h"
#include "models/io/ImportContext.h"
#include "models/io/TableReader.h"
#include "models/text/FrenchText.h"

#include <QHash>

#include <algorithm>
#include <deque>
#include <optional>

namespace {
using List = Nomenclature::List;

using namespace ActivityColumns;

// The columns are ActivityColumns' (the platform's, then Carnet's), matched by their folded label, so that ’ and '
// compare alike; plus the platform's "Source de la donnée", which it inserts before "ID CRA" for a mediator with
// Espace Coop records.
constexpr int SourceDonnee = Count;
constexpr int ColumnCount = Count + 1;

const Column kRequired[] = {Date, Type, Canaux, Duree, Thematiques, IdCra};

QString columnLabel(int c)
{
    return c == SourceDonnee ? platformSourceLabel() : label(c);
}

// Which column a field of the Validator belongs to.
int columnOfField(const QString &field)
{
    static const QHash<QString, int> columns = {{QStringLiteral("date"), Date}, {QStringLiteral("type"), Type},
        {QStringLiteral("duree"), Duree}, {QStringLiteral("typeLieu"), Canaux}, {QStringLiteral("lieu"), NomLieu},
        {QStringLiteral("lieuCommune"), Commune}, {QStringLiteral("thematiques"), Thematiques},
        {QStringLiteral("materiel"), Materiel}, {QStringLiteral("tags"), Tags},
        {QStringLiteral("precisionsDemarche"), NomDemarche}, {QStringLiteral("notes"), Notes},
        {QStringLiteral("autonomie"), Autonomie}, {QStringLiteral("niveauAtelier"), Autonomie},
        {QStringLiteral("titreAtelier"), NomAtelier}, {QStringLiteral("orienteVersStructure"), Reoriente},
        {QStringLiteral("structureDeRedirection"), StructureRedirection},
        {QStringLiteral("beneficiaire"), IdBeneficiaireSuivi}, {QStringLiteral("anonyme.genre"), GenreBeneficiaire},
        {QStringLiteral("anonyme.trancheAge"), TrancheAgeBeneficiaire},
        {QStringLiteral("anonyme.statutSocial"), StatutBeneficiaire},
        {QStringLiteral("anonyme.communeResidence"), CommuneBeneficiaire},
        {QStringLiteral("anonyme.anneeNaissance"), AnneeNaissance}};
    if (field.startsWith(QLatin1String("participants")))
        return Participants;
    return columns.value(field, ColumnCount);
}

struct Building
{
    Activity activity;
    qint64 row = 0; // the first
    qint64 lastRow = 0;
    bool broken = false;
};

class RowReader
{
public:
    RowReader(const QList<int> &index, const QStringList &headers, const QVariantList &cells, qint64 row,
        ImportContext &context, bool *broken)
        : m_index(index)
        , m_headers(headers)
        , m_cells(cells)
        , m_row(row)
        , m_context(context)
        , m_broken(broken)
    {
    }

    int column(int c) const { return m_index.at(c); }
    QVariant cell(int c) const
    {
        const int i = m_index.at(c);
        return i >= 0 && i < m_cells.size() ? m_cells.at(i) : QVariant();
    }
    QString text(int c) const { return ImportCells::text(cell(c)); }
    // The row's activity is left out, for a problem already told.
    void leaveOut() { *m_broken = true; }
    void problem(int c, const QString &message)
    {
        const int i = m_index.at(c);
        m_context.plan().addProblem(m_row, i, i >= 0 ? m_headers.at(i) : columnLabel(c), message);
        *m_broken = true;
    }
    // A code of a list from its label; empty when the cell is.
    QString code(Column c, List list, const QString &what)
    {
        const QString t = text(c);
        if (t.isEmpty())
            return QString();
        const QString code = ImportCells::instance().code(list, t);
        if (code.isEmpty())
            problem(c, ImportCells::instance().unknown({list}, t, what));
        return code;
    }
    QStringList codes(Column c, const QList<List> &lists, const QString &what)
    {
        QStringList codes;
        for (const QString &t : ImportCells::list(cell(c))) {
            QString code;
            for (List list : lists) {
                if (code.isEmpty())
                    code = ImportCells::instance().code(list, t);
            }
            if (code.isEmpty())
                problem(c, ImportCells::instance().unknown(lists, t, what));
            else
                codes << code;
        }
        return codes;
    }
    CommuneRef commune(Column nom, Column postal, Column insee) const { return {text(insee), text(postal), text(nom)}; }
    QUuid uuid(Column c)
    {
        const QString t = text(c);
        if (t.isEmpty())
            return QUuid();
        const QUuid id = QUuid::fromString(t);
        if (id.isNull())
            problem(c, AccompagnementImporter::tr("« %1 » n'est pas un identifiant (UUID)").arg(t));
        return id;
    }

private:
    const QList<int> &m_index;
    const QStringList &m_headers;
    const QVariantList &m_cells;
    qint64 m_row;
    ImportContext &m_context;
    bool *m_broken;
};

// The person of an accompagnement row: a followed beneficiary (the file's id; created from the row when the base
// lacks it) or null for an anonymous one, whose fields go to person.
// In the platform's export, which has no id of the person, a named "Bénéficiaire" is a followed one: its id is made
// from its name (the same name in the same file, or in a later export, is the same person).
QUuid personOfRow(RowReader &r, ImportContext &context, qint64 row, bool coop, AnonymousPerson *person)
{
    person->genre = r.code(GenreBeneficiaire, List::Genre, AccompagnementImporter::tr("le genre"));
    person->trancheAge
        = r.code(TrancheAgeBeneficiaire, List::TrancheAge, AccompagnementImporter::tr("la tranche d'âge"));
    person->statutSocial = r.code(StatutBeneficiaire, List::StatutSocial, AccompagnementImporter::tr("le statut"));
    person->communeResidence = r.commune(CommuneBeneficiaire, CodePostalBeneficiaire, CodeInseeBeneficiaire);
    if (coop) {
        // The platform writes "Non communiqué" for what it does not know (genreLabels[... ?? 'NonCommunique']).
        const QString nonCommunique = QLatin1String(Codes::NonCommunique);
        for (QString *code : {&person->genre, &person->trancheAge, &person->statutSocial}) {
            if (*code == nonCommunique)
                code->clear();
        }
    }
    if (!r.text(AnneeNaissance).isEmpty()) {
        QString error;
        if (!ImportCells::integer(r.cell(AnneeNaissance), &person->anneeNaissance, &error))
            r.problem(AnneeNaissance, error);
    }
    QString error;
    if (!ImportCells::yesNo(r.cell(DejaAccompagne), &person->dejaAccompagne, &error))
        r.problem(DejaAccompagne, error);

    const QString name = r.text(Beneficiaire);
    QUuid id = r.uuid(IdBeneficiaireSuivi);
    if (coop && !name.isEmpty() && FrenchText::folded(name) != FrenchText::folded(anonymousBeneficiaryName())) {
        // The export has no id of the person (ImportContext::coopBeneficiaryId): its name, and within one file what
        // it says of the person, the commune, genre, tranche d'âge and statut (buildAccompagnementsWorksheet.ts writes
        // the beneficiary's current record on each of its rows, so every row of one person in one export gives the
        // same).
        const CommuneRef &c = person->communeResidence;
        const QStringList identity = {c.codeInsee, c.codePostal, FrenchText::folded(c.nom), person->genre,
            person->trancheAge, person->statutSocial};
        id = context.coopBeneficiaryId(FrenchText::folded(name), identity.join(QLatin1Char('|')));
    }
    if (id.isNull())
        return id;
    Beneficiary b;
    b.id = id;
    if (!coop && FrenchText::folded(name) == FrenchText::folded(anonymousBeneficiaryName())) {
        // Carnet's file names a deleted (anonymised) followed beneficiary so (ActivityExporter): one person without a
        // name, deleted, as the statistics counted them; deleted the day of the import (the file has no time for it).
        b.suppression = QDateTime(context.today(), QTime(0, 0), Qt::UTC);
    } else {
        const int space = name.indexOf(QLatin1Char(' '));
        b.prenom = space < 0 ? name : name.left(space);
        b.nom = space < 0 ? QString() : name.mid(space + 1).trimmed();
    }
    b.genre = person->genre;
    b.trancheAge = person->trancheAge;
    b.statutSocial = person->statutSocial;
    b.communeResidence = person->communeResidence;
    b.anneeNaissance = person->anneeNaissance;
    if (!context.beneficiary(b, row))
        r.leaveOut();
    *person = AnonymousPerson();
    return id;
}
} // namespace

bool AccompagnementImporter::isHeader(const QVariantList &cells)
{
    return cells.size() >= 3 && ImportCells::key(ImportCells::text(cells.at(0))) == ImportCells::key(label(Date))
        && ImportCells::key(ImportCells::text(cells.at(1))) == ImportCells::key(label(EnregistreLe));
}

bool AccompagnementImporter::isCarnetHeader(const QVariantList &cells)
{
    for (const QVariant &c : cells) {
        if (ImportCells::key(ImportCells::text(c)) == ImportCells::key(label(IdBeneficiaireSuivi)))
            return true;
    }
    return false;
}

void AccompagnementImporter::read(TableReader &reader, const QVariantList &header, bool coop, ImportContext &context)
{
    ImportPlan &plan = context.plan();
    QStringList headers;
    QHash<QString, int> byKey;
    for (int i = 0; i < header.size(); ++i) {
        headers << ImportCells::text(header.at(i));
        byKey.insert(ImportCells::key(headers.last()), i);
    }
    QList<int> index(ColumnCount, -1);
    for (int c = 0; c < ColumnCount; ++c)
        index[c] = byKey.value(ImportCells::key(columnLabel(c)), -1);
    QStringList missing;
    for (Column c : kRequired) {
        if (index.at(c) < 0)
            missing << QStringLiteral("« %1 »").arg(label(c));
    }
    if (!missing.isEmpty()) {
        plan.fatal = (missing.size() == 1 ? tr("%1 : colonne manquante à la ligne %2 : %3.")
                                          : tr("%1 : colonnes manquantes à la ligne %2 : %3."))
                         .arg(plan.fileName)
                         .arg(reader.rowNumber())
                         .arg(missing.join(QStringLiteral(", ")));
        return;
    }

    const auto fieldColumn = [&index](const QString &field) {
        const int c = columnOfField(field);
        return c == ColumnCount ? -1 : index.at(c);
    };
    // The rows of one activity follow each other in both exports (buildAccompagnementsWorksheet.ts in the platform's
    // repository: activites.flatMap(activite => activite.accompagnements.map(...)); ActivityExporter), or come close
    // to each other in a file sorted again by another column (the date). So an activity stays open while rows of it
    // come, and is finished once GroupWindowRows rows have passed without one: only the activities of the last rows
    // are held, and the memory does not grow with the file. An "ID CRA" that comes back after that is refused,
    // naming both rows, rather than imported as two halves.
    QHash<QString, Building> open; // by "ID CRA"
    std::deque<std::pair<qint64, QString>> touched; // (row, "ID CRA") of each row, in the file's order
    std::optional<Building> single; // the row without an "ID CRA": an activity of its own
    QHash<QUuid, qint64> closedIds; // "ID CRA" (UUIDs) of the finished activities -> their first row
    QHash<QString, qint64> closedOthers; // the same for ids that are not UUIDs
    const auto finishBuilding = [&](Building &b, const QString &idCra) {
        if (!idCra.isEmpty()) {
            const QUuid id = QUuid::fromString(idCra);
            if (id.isNull())
                closedOthers.insert(idCra, b.row);
            else
                closedIds.insert(id, b.row);
        }
        if (b.broken)
            ++plan.invalidActivities;
        else
            context.finish(b.activity, b.row, fieldColumn, headers);
    };
    const auto finishSingle = [&] {
        if (single)
            finishBuilding(*single, QString());
        single.reset();
    };
    // Finishes the open activities without a row since before `row` (all of them when row is -1), oldest first.
    const auto expire = [&](qint64 row) {
        while (!touched.empty() && (row < 0 || touched.front().first <= row - GroupWindowRows)) {
            const auto [last, idCra] = touched.front();
            touched.pop_front();
            const auto it = open.find(idCra);
            if (it != open.end() && it->lastRow == last) {
                finishBuilding(*it, idCra);
                open.erase(it);
            }
        }
    };
    QVariantList cells;
    const QString collectif = QLatin1String(Codes::TypeActivite::Collectif);
    while (reader.readRow(&cells)) {
        const qint64 row = reader.rowNumber();
        ++plan.rowsRead;
        if (!context.progress(reader))
            return;
        // Blank unless a cell has text (the first one usually: the date); the texts of every cell only for a row
        // without an "ID CRA" (its content key).
        const bool blank
            = std::all_of(cells.cbegin(), cells.cend(), [](const QVariant &c) { return ImportCells::isEmpty(c); });
        if (blank)
            continue;
        bool broken = false;
        RowReader r(index, headers, cells, row, context, &broken);
        const QString idCra = r.text(IdCra);
        finishSingle();
        expire(row);
        Building *b = nullptr;
        const auto found = idCra.isEmpty() ? open.end() : open.find(idCra);
        if (found != open.end()) {
            b = &*found;
            b->lastRow = row;
            touched.emplace_back(row, idCra);
        } else {
            if (!idCra.isEmpty()) {
                const QUuid id = QUuid::fromString(idCra);
                const qint64 first = id.isNull() ? closedOthers.value(idCra) : closedIds.value(id);
                if (first > 0) {
                    plan.fatal = tr("ligne %1 : l'activité « %2 » (colonne « %3 ») reprend %4 lignes ou plus après "
                                    "sa ligne précédente (elle commence à la ligne %5). Les lignes d'une même "
                                    "activité doivent se suivre, comme dans l'export : triez le fichier par « %3 », "
                                    "puis importez-le à nouveau.")
                                     .arg(row)
                                     .arg(idCra, label(IdCra), FrenchText::number(GroupWindowRows))
                                     .arg(first);
                    return;
                }
                b = &open[idCra];
                b->lastRow = row;
                touched.emplace_back(row, idCra);
            } else {
                single.emplace();
                b = &*single;
            }
            b->row = row;
            Activity &a = b->activity;
            // The activity's id: the file's "ID CRA" (Carnet's own id, or the platform's, which the platform's
            // activity keeps here too); a row without one gets an id made from its content (ImportContext::idForKey).
            a.id = QUuid::fromString(idCra);
            if (a.id.isNull()) {
                QStringList texts;
                for (const QVariant &c : std::as_const(cells))
                    texts << ImportCells::text(c);
                a.importKey = context.contentKey(coop ? QStringLiteral("coop") : QStringLiteral("carnet"), texts);
                a.id = ImportContext::idForKey(a.importKey);
            } else if (coop) {
                a.importKey = QStringLiteral("coop:") + a.id.toString(QUuid::WithoutBraces);
            }

            QString error;
            if (!ImportCells::date(r.cell(Date), &a.date, &error))
                r.problem(Date, error);
            if (!r.text(EnregistreLe).isEmpty() && !ImportCells::dateTime(r.cell(EnregistreLe), &a.creation, &error))
                r.problem(EnregistreLe, error);
            if (!r.text(DerniereModification).isEmpty()) {
                if (!ImportCells::dateTime(r.cell(DerniereModification), &a.modification, &error))
                    r.problem(DerniereModification, error);
            } else {
                a.modification = a.creation;
            }
            const QString typeText = r.text(Type);
            a.type = ImportCells::instance().code(List::TypeActivite, typeText);
            bool demarche = false;
            if (a.type.isEmpty() && FrenchText::folded(typeText).contains(QLatin1String("demarche"))) {
                // The platform's former type "Aide aux démarches administratives": an individual activity with that
                // thématique (as its API still names it, demarche_administrative).
                a.type = QLatin1String(Codes::TypeActivite::Individuel);
                demarche = true;
            } else if (a.type.isEmpty()) {
                r.problem(Type, ImportCells::instance().unknown({List::TypeActivite}, typeText, tr("le type")));
            }
            if (!ImportCells::duration(r.cell(Duree), &a.dureeMinutes, &error))
                r.problem(Duree, error);
            a.typeLieu = r.code(Canaux, List::TypeLieu, tr("le canal"));
            if (a.typeLieu.isEmpty() && r.text(Canaux).isEmpty())
                r.problem(Canaux, tr("le canal d'accompagnement manque"));
            if (a.typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite)) {
                QUuid lieu = r.uuid(IdLieu);
                a.lieuId = context.place(
                    lieu, r.text(NomLieu), r.text(Adresse), r.commune(Commune, CodePostal, CodeInsee), row);
                if (a.lieuId.isNull())
                    broken = true; // the place could not be made (its problem is said)
            } else {
                a.lieuCommune = r.commune(Commune, CodePostal, CodeInsee);
            }
            a.titreAtelier = r.text(NomAtelier);
            a.materiel = r.codes(Materiel, {List::Materiel}, tr("le matériel"));
            a.thematiques
                = r.codes(Thematiques, {List::ThematiqueMediation, List::ThematiqueDemarche}, tr("la thématique"));
            if (demarche && !a.thematiques.contains(QLatin1String(Codes::Thematique::AideDemarches)))
                a.thematiques.prepend(QLatin1String(Codes::Thematique::AideDemarches));
            a.tags = ImportCells::list(r.cell(Tags));
            a.precisionsDemarche = r.text(NomDemarche);
            if (!r.text(Autonomie).isEmpty()) {
                int stars = 0;
                if (!ImportCells::stars(r.cell(Autonomie), &stars, &error))
                    r.problem(Autonomie, error);
                else if (a.type == collectif)
                    a.niveauAtelier = ImportCells::codeForStars(List::NiveauAtelier, stars);
                else
                    a.autonomie = ImportCells::codeForStars(List::Autonomie, stars);
            }
            if (!ImportCells::yesNo(r.cell(Reoriente), &a.orienteVersStructure, &error))
                r.problem(Reoriente, error);
            a.structureDeRedirection
                = r.code(StructureRedirection, List::StructureDeRedirection, tr("la structure de redirection"));
            a.notes = r.text(Notes);

            if (coop) {
                a.source = FrenchText::folded(r.text(SourceDonnee)).contains(QLatin1String("v1"))
                    ? QLatin1String(ActivitySource::V1)
                    : QLatin1String(ActivitySource::Coop);
                // Already on the platform: never to be sent to it again.
                a.syncState = SyncState::Sent;
                // An Espace Coop CRA the platform migrated: its key is the one the Espace Coop's own records give it
                // (ImportContext::v1Key), so that importing both adds it once.
                if (a.source == QLatin1String(ActivitySource::V1) && a.creation.isValid())
                    a.importKey = context.v1Key(a.creation, a.type, a.date, idCra);
            } else {
                const QString source = r.text(Source);
                if (!source.isEmpty() && !sourceFromText(source, &a.source))
                    r.problem(Source,
                        tr("« %1 » n'est pas une source (carnet, coop, v1 ou tableur ; Saisie Carnet, La Coop, "
                           "Espace Coop (V1) ou Tableur)")
                            .arg(source));
                const QString key = r.text(CleImport);
                if (!key.isEmpty())
                    a.importKey = key;
                // What comes from the platform is on it already; what was typed or read from a spreadsheet is to
                // be sent, unless the file says otherwise (its "État de synchronisation", absent from older files).
                const bool platform
                    = a.source == QLatin1String(ActivitySource::Coop) || a.source == QLatin1String(ActivitySource::V1);
                a.syncState = platform ? SyncState::Sent : SyncState::Pending;
                const QString state = r.text(EtatSynchronisation);
                if (!state.isEmpty() && !syncStateFromLabel(state, &a.syncState)) {
                    QStringList labels;
                    for (SyncState s : {SyncState::Pending, SyncState::Sending, SyncState::Sent, SyncState::Conflict,
                             SyncState::Failed})
                        labels << syncStateLabel(s);
                    r.problem(EtatSynchronisation,
                        tr("« %1 » n'est pas un état de synchronisation (%2)")
                            .arg(state, labels.join(QStringLiteral(", "))));
                }
                // A sending that the file caught half-way is to be made again.
                if (a.syncState == SyncState::Sending)
                    a.syncState = SyncState::Pending;
            }
            if (a.type != collectif)
                a.beneficiaireId = personOfRow(r, context, row, coop, &a.anonyme);
            b->broken = broken;
            if (a.type != collectif)
                continue;
        }
        // One participant of a workshop (its first row included).
        Activity &a = b->activity;
        if (a.type != collectif) {
            r.problem(IdCra,
                tr("l'activité « %1 » (ligne %2) est individuelle : elle n'a qu'une ligne").arg(idCra).arg(b->row));
            b->broken = true;
            continue;
        }
        AnonymousPerson person;
        const QUuid followed = personOfRow(r, context, row, coop, &person);
        if (!followed.isNull()) {
            a.participants.append(followed);
        } else {
            AnonymousCounters &k = a.participantsAnonymes;
            ++k.total;
            if (person.dejaAccompagne.value_or(false))
                ++k.dejaAccompagne;
            // What a counter group leaves unaccounted for: an empty cell in Carnet's file (ActivityExporter deals
            // no code then), so an explicit "Non communiqué" there is a count of its own; the platform writes
            // "Non communiqué" for both (personOfRow makes it empty).
            if (!person.genre.isEmpty())
                ++k.genre[person.genre];
            if (!person.trancheAge.isEmpty())
                ++k.trancheAge[person.trancheAge];
            if (!person.statutSocial.isEmpty())
                ++k.statutSocial[person.statutSocial];
        }
        b->broken = b->broken || broken;
    }
    if (!reader.error().isEmpty()) {
        plan.fatal = reader.error();
        return;
    }
    finishSingle();
    expire(-1);
}
