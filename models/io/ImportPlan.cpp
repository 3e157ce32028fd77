#include "models/io/ImportPlan.h"

#include "models/domain/Validator.h"
#include "models/io/TableReader.h"
#include "models/store/BulkWriter.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QSet>

QString ImportProblem::describe() const
{
    QString where;
    if (row > 0 && column >= 0 && !header.isEmpty())
        where
            = ImportPlan::tr("Ligne %1, colonne « %2 » (%3) : ").arg(row).arg(header, TableReader::columnName(column));
    else if (row > 0 && column >= 0)
        where = ImportPlan::tr("Ligne %1, colonne %2 : ").arg(row).arg(TableReader::columnName(column));
    else if (row > 0)
        where = ImportPlan::tr("Ligne %1 : ").arg(row);
    else if (!header.isEmpty())
        where = ImportPlan::tr("Colonne « %1 » : ").arg(header);
    return where + message;
}

void ImportPlan::addProblem(qint64 row, int column, const QString &header, const QString &message)
{
    ++problemCount;
    if (problems.size() < MaxProblems)
        problems.append({row, column, header, message});
}

struct ImportPlan::Existing
{
    QSet<QUuid> ids;
    QSet<QString> keys;

    bool contains(const Activity &a) const
    {
        return ids.contains(a.id) || (!a.importKey.isEmpty() && keys.contains(a.importKey));
    }
};

namespace {
// The ids and import keys of the store's activities (deleted ones too: a deleted activity is not imported again);
// null when it has none.
std::shared_ptr<const ImportPlan::Existing> existingIn(const Store &store);
} // namespace

qint64 ImportPlan::activityCount() const
{
    return (m_spool ? m_spool->count() : 0) + m_streamed + m_batch.activities.size();
}

const QList<Activity> &ImportPlan::firstActivities() const
{
    static const QList<Activity> none;
    return m_spool ? m_spool->head() : none;
}

QList<Activity> ImportPlan::activities() const
{
    QList<Activity> all;
    QString error;
    forEachActivity(
        10000,
        [&all](QList<Activity> &batch) {
            all.append(std::move(batch));
            return true;
        },
        &error);
    return all;
}

bool ImportPlan::forEachActivity(
    int batchSize, const std::function<bool(QList<Activity> &batch)> &batch, QString *error) const
{
    return !m_spool || m_spool->forEach(batchSize, batch, error);
}

bool ImportPlan::addActivity(Activity &&activity)
{
    if (m_existing && m_existing->contains(activity)) {
        ++alreadyPresent;
        return true;
    }
    if (m_sink) {
        if (!fatal.isEmpty())
            return false; // the writing stopped: what is left of the file is not handed on
        m_batch.activities.append(std::move(activity));
        return m_batch.activities.size() < m_streamBatch || handOn();
    }
    if (!m_spool)
        m_spool = std::make_shared<ActivitySpool>(m_memoryActivities);
    QString error;
    if (m_spool->append(std::move(activity), &error))
        return true;
    if (fatal.isEmpty())
        fatal = error;
    return false;
}

void ImportPlan::streamTo(int batchSize, Sink sink)
{
    m_sink = std::move(sink);
    m_streamBatch = std::max(1, batchSize);
    m_batch.activities.reserve(m_streamBatch);
}

bool ImportPlan::endStream()
{
    if (!m_sink)
        return true;
    const bool ok = fatal.isEmpty() && handOn();
    m_sink = nullptr; // it may refer to what its caller no longer holds
    m_batch = ImportBatch();
    return ok;
}

bool ImportPlan::handOn()
{
    m_batch.places = places.mid(m_placesGiven);
    m_batch.beneficiaries = beneficiaries.mid(m_beneficiariesGiven);
    m_batch.problems = hasProblems();
    m_placesGiven = places.size();
    m_beneficiariesGiven = beneficiaries.size();
    m_streamed += m_batch.activities.size();
    const bool ok = m_sink(m_batch);
    m_batch = ImportBatch();
    m_batch.activities.reserve(m_streamBatch);
    if (!ok && fatal.isEmpty())
        fatal = tr("Écriture interrompue : rien n'a été enregistré.");
    return ok;
}

void ImportPlan::skipExisting(const Store &store)
{
    m_existing = existingIn(store);
}

void ImportPlan::dropExisting(const Store &store)
{
    const std::shared_ptr<const Existing> existing = existingIn(store);
    if (existing && m_spool) {
        // A new spool: the former one may be shared with a copy of the plan.
        const std::shared_ptr<ActivitySpool> former = std::move(m_spool);
        const std::shared_ptr<const Existing> keep = std::move(m_existing);
        m_existing = existing;
        QString error;
        const bool ok = former->forEach(
            ActivitySpool::DefaultMemoryCount,
            [this](QList<Activity> &batch) {
                for (Activity &a : batch) {
                    if (!addActivity(std::move(a)))
                        return false;
                }
                return true;
            },
            &error);
        if (!ok && fatal.isEmpty())
            fatal = error;
        m_existing = keep;
    }
    QSet<QUuid> placeIds;
    for (const Place &p : store.places(true))
        placeIds.insert(p.id);
    places.erase(std::remove_if(places.begin(), places.end(), [&](const Place &p) { return placeIds.contains(p.id); }),
        places.end());
    QSet<QUuid> beneficiaryIds;
    for (const Beneficiary &b : store.beneficiaries(true))
        beneficiaryIds.insert(b.id);
    beneficiaries.erase(std::remove_if(beneficiaries.begin(), beneficiaries.end(),
                            [&](const Beneficiary &b) { return beneficiaryIds.contains(b.id); }),
        beneficiaries.end());
}

namespace {
std::shared_ptr<const ImportPlan::Existing> existingIn(const Store &store)
{
    const StoreCounts counts = store.counts();
    if (counts.activites() + counts.individuelsSupprimes + counts.collectifsSupprimes == 0)
        return nullptr;
    auto existing = std::make_shared<ImportPlan::Existing>();
    QString error;
    store.forEachActivity(
        [&](const Activity &a) {
            existing->ids.insert(a.id);
            if (!a.importKey.isEmpty())
                existing->keys.insert(a.importKey);
            return true;
        },
        &error);
    return existing;
}
} // namespace

bool ImportPlan::mayApply(bool ignoreProblems, QString *error) const
{
    if (!fatal.isEmpty()) {
        *error = fatal;
        return false;
    }
    if (hasProblems() && !ignoreProblems) {
        *error = tr("%1 : l'import est refusé tant que le fichier a des problèmes (%2) ; rien n'a été enregistré.")
                     .arg(fileName, FrenchText::count(problemCount, tr("problème"), tr("problèmes")));
        return false;
    }
    return true;
}

bool ImportPlan::apply(Store &store, bool ignoreProblems, QString *error,
    const std::function<bool(qint64, qint64)> &progress, qint64 *added) const
{
    if (added)
        *added = 0;
    if (!mayApply(ignoreProblems, error))
        return false;
    // Everything in one transaction of the bulk path (BulkWriter): places and followed beneficiaries first, then the
    // activities set-wise, streamed from the spool batch by batch. A failure or a cancellation rolls the whole
    // transaction back.
    BulkWriter writer(store);
    if (!writer.begin(error))
        return false;
    ImportBatch first;
    first.places = places;
    first.beneficiaries = beneficiaries;
    qint64 inserted = 0;
    if (!writeBatch(writer, first, &inserted, error))
        return false;
    const qint64 total = activityCount();
    qint64 done = 0;
    bool written = true;
    const bool read = forEachActivity(
        BatchSize,
        [&](QList<Activity> &activities) {
            ImportBatch batch;
            batch.activities = std::move(activities);
            written = writeBatch(writer, batch, &inserted, error,
                progress
                    ? std::function<bool(qint64, qint64)>([&](qint64 d, qint64) { return progress(done + d, total); })
                    : std::function<bool(qint64, qint64)>());
            done += batch.activities.size();
            return written;
        },
        error);
    if (!read || !written)
        return false; // rolled back by the writer
    if (!writer.commit(error))
        return false;
    if (added)
        *added = inserted;
    return true;
}

bool ImportPlan::writeBatch(BulkWriter &writer, ImportBatch &batch, qint64 *inserted, QString *error,
    const std::function<bool(qint64, qint64)> &progress)
{
    if (!writer.insertPlaces(batch.places, nullptr, error)
        || !writer.insertBeneficiaries(batch.beneficiaries, nullptr, error))
        return false;
    if (batch.activities.isEmpty())
        return true;
    BulkWriter::Options options;
    options.validate = false; // every activity passed the Validator when it was read (ImportContext)
    options.skipExisting = true;
    options.batchSize = BatchSize;
    options.progress = progress;
    BulkWriter::Result result;
    const bool ok = writer.insertActivities(batch.activities, options, &result, error);
    *inserted += result.inserted;
    return ok;
}

QString ImportPlan::summary() const
{
    QStringList parts;
    parts << FrenchText::count(activityCount(), tr("activité à ajouter"), tr("activités à ajouter"));
    parts << FrenchText::count(alreadyPresent, tr("déjà présente"), tr("déjà présentes"));
    if (!places.isEmpty())
        parts << FrenchText::count(places.size(), tr("lieu à créer"), tr("lieux à créer"));
    if (!beneficiaries.isEmpty())
        parts << FrenchText::count(
            beneficiaries.size(), tr("bénéficiaire suivi à créer"), tr("bénéficiaires suivis à créer"));
    parts << FrenchText::count(problemCount, tr("problème"), tr("problèmes"));
    return parts.join(QStringLiteral(", "));
}

QString ImportPlan::formatName(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Auto:
        return QStringLiteral("auto");
    case ImportFormat::Carnet:
        return QStringLiteral("carnet");
    case ImportFormat::Coop:
        return QStringLiteral("coop");
    case ImportFormat::Api:
        return QStringLiteral("api");
    case ImportFormat::Tableur:
        return QStringLiteral("tableur");
    case ImportFormat::V1:
        return QStringLiteral("v1");
    }
    return QString();
}

QString ImportPlan::formatLabel(ImportFormat format)
{
    switch (format) {
    case ImportFormat::Auto:
        return tr("reconnu d'après le fichier");
    case ImportFormat::Carnet:
        return tr("fichier d'activités de Carnet");
    case ImportFormat::Coop:
        return tr("export des activités de La Coop de la médiation numérique");
    case ImportFormat::Api:
        return tr("pages de l'API de La Coop (/api/v1/activites)");
    case ImportFormat::Tableur:
        return tr("tableur (colonnes à faire correspondre)");
    case ImportFormat::V1:
        return tr("archives de l'Espace Coop (2020-2024)");
    }
    return QString();
}

bool ImportPlan::parseFormat(const QString &name, ImportFormat *format)
{
    for (ImportFormat f : {ImportFormat::Auto, ImportFormat::Carnet, ImportFormat::Coop, ImportFormat::Api,
             ImportFormat::Tableur, ImportFormat::V1}) {
        if (name.compare(formatName(f), Qt::CaseInsensitive) == 0) {
            *format = f;
            return true;
        }
    }
    return false;
}
