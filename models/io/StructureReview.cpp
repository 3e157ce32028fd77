#include "models/io/StructureReview.h"

#include "models/io/AccompagnementImporter.h"
#include "models/io/CsvWriter.h"
#include "models/io/ExportFilter.h"
#include "models/io/ExportHeader.h"
#include "models/io/ImportCells.h"
#include "models/io/Importer.h"
#include "models/io/StatsExporter.h"
#include "models/io/TableReader.h"
#include "models/io/XlsxWriter.h"
#include "models/stats/StatsEngine.h"
#include "models/store/Store.h"
#include "models/text/Durations.h"
#include "models/text/FrenchText.h"

#include <QFileInfo>
#include <QTemporaryDir>

#include <memory>
#include <vector>

namespace {
// One temporary base: a mediator's, or the team's.
struct Base
{
    QTemporaryDir dir;
    Store store;
};

QString folded(const QString &name)
{
    return FrenchText::folded(name).simplified();
}
} // namespace

QString StructureReview::cancelledMessage()
{
    return tr("Bilan annulé : aucun fichier n'a été écrit.");
}

QString StructureReview::fileName(const QDate &from, const QDate &to, const QString &extension)
{
    return QStringLiteral("carnet_bilan_structure_%1_%2.%3")
        .arg(from.toString(Qt::ISODate), to.toString(Qt::ISODate), extension);
}

QString StructureReview::sheetName(const QString &name, const QStringList &used)
{
    QString clean;
    for (const QChar c : name) {
        if (QStringLiteral("[]:*?/\\").contains(c) || c.category() == QChar::Other_Control)
            clean += QLatin1Char(' ');
        else
            clean += c;
    }
    clean = clean.simplified();
    if (clean.isEmpty())
        clean = tr("Médiateur");
    // Names are compared without case by spreadsheets.
    const auto taken = [&](const QString &candidate) {
        for (const QString &u : used) {
            if (u.compare(candidate, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };
    QString candidate = clean.left(31);
    for (int n = 2; taken(candidate); ++n) {
        const QString suffix = QStringLiteral(" (%1)").arg(n);
        candidate = clean.left(31 - suffix.size()) + suffix;
    }
    return candidate;
}

StructureReview::File StructureReview::readFile(const QString &path, const QDate &today, const QString &encoding)
{
    File file;
    file.path = path;
    const QString name = QFileInfo(path).fileName();
    file.mediator = QFileInfo(path).completeBaseName();

    ImportOptions options;
    options.encoding = encoding;
    options.today = today;

    // The mediator: the "Prénom" and "Nom" rows of the header block above the header row (ExportHeader::write, after
    // the platform's addExportMetadata.ts), "-" when the profile had none.
    QString error;
    std::unique_ptr<TableReader> reader = Importer::openTable(path, options, &error);
    if (!reader) {
        file.error = error.contains(name) ? error : tr("%1 : %2").arg(name, error);
        return file;
    }
    QVariantList cells;
    for (int row = 0; row < Importer::HeaderSearchRows && reader->readRow(&cells); ++row) {
        if (AccompagnementImporter::isHeader(cells))
            break;
        if (cells.size() < 2)
            continue;
        const QString label = ImportCells::text(cells.at(0));
        QString value = ImportCells::text(cells.at(1));
        if (value == QLatin1String("-"))
            value.clear();
        if (label == QLatin1String("Nom"))
            file.profile.nom = value;
        else if (label == QStringLiteral("Prénom"))
            file.profile.prenom = value;
        else if (label == QLatin1String("Structure"))
            file.profile.structure.nom = value;
        else if (label == QStringLiteral("Rôle") && value == ExportHeader::tr("Conseiller Numérique"))
            file.profile.role = QLatin1String(Profile::ConseillerNumerique);
        else if (label == QStringLiteral("Rôle") && value == ExportHeader::tr("Médiateur"))
            file.profile.role = QLatin1String(Profile::Mediateur);
    }
    reader.reset();
    const QString person = QStringList({file.profile.prenom, file.profile.nom}).join(QLatin1Char(' ')).simplified();
    if (!person.isEmpty()) {
        file.mediator = person;
        file.mediatorFromHeader = true;
    }

    // Only activities files: a spreadsheet of another kind is named as such, not read through a column mapping.
    const ImportFormat format = Importer::recognise(path, options, &error);
    if (format == ImportFormat::Auto) {
        file.error = error.contains(name) ? error : tr("%1 : %2").arg(name, error);
        return file;
    }
    if (format != ImportFormat::Carnet && format != ImportFormat::Coop) {
        file.format = format;
        file.error = tr("%1 : ce n'est pas un fichier d'activités de Carnet ni un export des activités de La Coop (il "
                        "ressemble à : %2).")
                         .arg(name, ImportPlan::formatLabel(format));
        return file;
    }
    file.plan = Importer::readFile(path, options, nullptr);
    file.format = file.plan.format;
    if (!file.plan.ok()) {
        file.error = file.plan.fatal;
        file.plan = ImportPlan();
        return file;
    }
    if (file.format != ImportFormat::Carnet && file.format != ImportFormat::Coop) {
        file.error = tr("%1 : ce n'est pas un fichier d'activités de Carnet ni un export des activités de La Coop (il "
                        "ressemble à : %2).")
                         .arg(name, ImportPlan::formatLabel(file.format));
        file.plan = ImportPlan();
        return file;
    }
    file.activities = file.plan.activityCount();
    file.problems = file.plan.problemCount;
    return file;
}

bool StructureReview::anyFileFailed() const
{
    for (const File &f : m_files) {
        if (!f.error.isEmpty())
            return true;
    }
    return false;
}

bool StructureReview::compute(const Options &options, QString *error)
{
    m_mediators.clear();
    m_team = Figures();
    m_team.name = tr("Équipe");
    const QDate today = options.today.isValid() ? options.today : QDate::currentDate();

    // Groups the files by mediator, in the order they were given.
    QHash<QString, int> byName;
    QList<QList<int>> groups;
    qint64 total = 0;
    for (int i = 0; i < m_files.size(); ++i) {
        File &f = m_files[i];
        f.duplicates = 0;
        if (!f.error.isEmpty())
            continue;
        const QString key = folded(f.mediator);
        if (!byName.contains(key)) {
            byName.insert(key, int(m_mediators.size()));
            Figures figures;
            figures.name = f.mediator;
            figures.profile = f.profile;
            m_mediators.append(figures);
            groups.append(QList<int>());
        }
        const int m = byName.value(key);
        groups[m].append(i);
        m_mediators[m].files << QFileInfo(f.path).fileName();
        m_team.files << QFileInfo(f.path).fileName();
        total += 2 * f.plan.activityCount();
    }

    const auto openBase = [&](Base &base) {
        if (!base.dir.isValid()) {
            *error = tr("Le dossier temporaire du bilan n'a pas pu être créé : %1.").arg(base.dir.errorString());
            return false;
        }
        return base.store.open(base.dir.filePath(QLatin1String(Store::FileName)), error);
    };
    Base team;
    if (!openBase(team))
        return false;

    qint64 done = 0;
    bool cancelled = false;
    const auto applyTo = [&](const ImportPlan &plan, Store &store) {
        const qint64 start = done;
        const qint64 size = plan.activityCount();
        const auto progress = [&](qint64 stepDone, qint64 stepTotal) {
            const qint64 now = start + (stepTotal > 0 ? size * stepDone / stepTotal : 0);
            if (options.progress && !options.progress(now, total)) {
                cancelled = true;
                return false;
            }
            return true;
        };
        if (!progress(0, 1)) {
            *error = cancelledMessage();
            return false;
        }
        QString applyError;
        if (!plan.apply(store, true, &applyError, progress)) {
            *error = cancelled ? cancelledMessage() : applyError;
            return false;
        }
        done = start + size;
        return true;
    };

    // The mediators' bases stay open until the period is known (since the team's first activity by default).
    std::vector<std::unique_ptr<Base>> bases;
    for (int m = 0; m < m_mediators.size(); ++m) {
        bases.push_back(std::make_unique<Base>());
        Base &base = *bases.back();
        if (!openBase(base))
            return false;
        Figures &figures = m_mediators[m];
        for (const int i : groups.at(m)) {
            File &f = m_files[i];
            // Already given by an earlier file of this mediator (the same file twice, overlapping periods). A copy:
            // the file's plan stays whole for another compute() (the activities are shared, not copied).
            ImportPlan plan = f.plan;
            plan.dropExisting(base.store);
            f.duplicates = plan.alreadyPresent;
            figures.duplicates += f.duplicates;
            done += 2 * f.duplicates; // neither imported here nor into the team's base
            if (!applyTo(plan, base.store))
                return false;
            // Then into the team's base: what is still dropped there came from another mediator's files.
            const qint64 before = plan.alreadyPresent;
            const qint64 kept = plan.activityCount();
            plan.dropExisting(team.store);
            figures.crossDuplicates += plan.alreadyPresent - before;
            m_team.crossDuplicates += plan.alreadyPresent - before;
            done += kept - plan.activityCount();
            if (!applyTo(plan, team.store))
                return false;
        }
        m_team.duplicates += figures.duplicates;
        figures.activities = base.store.counts().activites();
        for (const Place &p : base.store.places(true))
            figures.places.insert(p.id, p);
    }

    m_filter = options.filter;
    if (!m_filter.to.isValid())
        m_filter.to = today;
    if (!m_filter.from.isValid()) {
        const QDate first = team.store.firstActivityDate();
        m_filter.from = first.isValid() && first <= m_filter.to ? first : m_filter.to;
    }
    for (int m = 0; m < m_mediators.size(); ++m) {
        Figures &figures = m_mediators[m];
        figures.stats = StatsEngine::compute(bases.at(m)->store.database(), m_filter, today);
        if (!figures.stats.error.isEmpty()) {
            *error = figures.stats.error;
            return false;
        }
    }
    m_team.activities = team.store.counts().activites();
    // The header block of the team's sheets: "Équipe", and the structure the mediators' files name.
    m_team.profile.nom = tr("Équipe");
    for (const Figures &f : std::as_const(m_mediators)) {
        if (!f.profile.structure.nom.isEmpty()) {
            m_team.profile.structure.nom = f.profile.structure.nom;
            break;
        }
    }
    for (const Place &p : team.store.places(true))
        m_team.places.insert(p.id, p);
    m_team.stats = StatsEngine::compute(team.store.database(), m_filter, today);
    if (!m_team.stats.error.isEmpty()) {
        *error = m_team.stats.error;
        return false;
    }
    if (options.progress && !options.progress(total, total)) {
        *error = cancelledMessage();
        return false;
    }
    return true;
}

void StructureReview::writeSummary(TableWriter &writer, const QDateTime &exportedAt) const
{
    const ExportFilter filter = ExportFilter::fromStats(m_filter);
    // The header block of the exports (title, informations, filters), for the structure.
    ExportHeader::write(writer, tr("Carnet – Bilan de structure"), m_team.profile, exportedAt, filter, m_team.places);
    writer.setBold(true);
    writer.textRow({tr("Médiateur"), tr("Fichiers"), tr("Activités"), tr("Accompagnements"), tr("Bénéficiaires suivis"),
        tr("Bénéficiaires anonymes"), tr("Temps passé"), tr("Temps passé (minutes)"), tr("Doublons écartés"),
        tr("Doublons entre médiateurs")});
    writer.setBold(false);
    const auto figuresRow = [&](const Figures &f, qint64 duplicates) {
        const Headline &h = f.stats.headline;
        writer.text(f.name);
        writer.number(f.files.size());
        writer.number(h.activites);
        writer.number(h.accompagnements);
        writer.number(h.suivis);
        writer.number(h.anonymes);
        writer.text(Durations::total(h.minutes));
        writer.number(h.minutes);
        writer.number(duplicates);
        writer.number(f.crossDuplicates);
        writer.endRow();
    };
    for (const Figures &f : m_mediators)
        figuresRow(f, f.duplicates);
    writer.setBold(true);
    figuresRow(m_team, m_team.duplicates + m_team.crossDuplicates);
    writer.setBold(false);
    writer.endRow();

    // The files, with what was found in each, or why it was not taken.
    writer.setBold(true);
    writer.text(tr("Fichiers lus"));
    writer.endRow();
    writer.text(tr("Fichier"));
    writer.text(tr("Médiateur"));
    writer.text(tr("Médiateur trouvé dans"));
    writer.text(tr("Activités lues"));
    writer.text(tr("Doublons écartés"));
    writer.text(tr("Lignes écartées"));
    writer.text(tr("Problème"));
    writer.setBold(false);
    writer.endRow();
    for (const File &f : m_files) {
        writer.text(QFileInfo(f.path).fileName());
        if (f.error.isEmpty()) {
            writer.text(f.mediator);
            writer.text(f.mediatorFromHeader ? tr("l'en-tête du fichier") : tr("le nom du fichier"));
            writer.number(f.activities);
            writer.number(f.duplicates);
            writer.number(f.problems);
            writer.empty();
        } else {
            for (int i = 0; i < 5; ++i)
                writer.empty();
            writer.text(f.error);
        }
        writer.endRow();
    }
}

bool StructureReview::write(const QString &path, const QDateTime &exportedAt, QString *error) const
{
    const bool csv = path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
    std::unique_ptr<TableWriter> writer;
    XlsxWriter *xlsx = nullptr;
    if (csv) {
        auto c = std::make_unique<CsvWriter>(path);
        if (!c->open()) {
            *error = c->error();
            return false;
        }
        writer = std::move(c);
    } else {
        auto x = std::make_unique<XlsxWriter>(path, tr("Synthèse"));
        if (!x->open()) {
            *error = x->error();
            return false;
        }
        xlsx = x.get();
        writer = std::move(x);
    }
    QStringList used = {tr("Synthèse")};
    // In XLSX a sheet of its own; in CSV the sheet's name as a title row, under an empty row.
    const auto newSheet = [&](const QString &name) {
        const QString sheet = sheetName(name, used);
        used << sheet;
        if (xlsx)
            return xlsx->addSheet(sheet);
        writer->endRow();
        writer->text(tr("Feuille « %1 »").arg(sheet));
        return writer->endRow();
    };
    if (csv) {
        writer->text(tr("Feuille « %1 »").arg(tr("Synthèse")));
        writer->endRow();
    }
    writeSummary(*writer, exportedAt);
    const ExportFilter filter = ExportFilter::fromStats(m_filter);
    const auto statsSheet = [&](const Figures &f, const QString &name) {
        // The sections as the statistics export writes them, under the mediator's (or the structure's) header block.
        return newSheet(name) && StatsExporter::write(*writer, f.stats, filter, f.profile, f.places, exportedAt, error);
    };
    if (!statsSheet(m_team, tr("Équipe"))) {
        if (error->isEmpty())
            *error = writer->error();
        return false;
    }
    for (const Figures &f : m_mediators) {
        if (!statsSheet(f, f.name)) {
            if (error->isEmpty())
                *error = writer->error();
            return false;
        }
    }
    return writer->commit(error);
}
