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

void ImportPlan::dropExisting(const Store &store)
{
    const StoreCounts counts = store.counts();
    if (counts.activites() + counts.individuelsSupprimes + counts.collectifsSupprimes > 0) {
        QSet<QUuid> ids;
        QSet<QString> keys;
        QString error;
        store.forEachActivity(
            [&](const Activity &a) {
                ids.insert(a.id);
                if (!a.importKey.isEmpty())
                    keys.insert(a.importKey);
                return true;
            },
            &error);
        QList<Activity> fresh;
        fresh.reserve(activities.size());
        for (Activity &a : activities) {
            if (ids.contains(a.id) || (!a.importKey.isEmpty() && keys.contains(a.importKey)))
                ++alreadyPresent;
            else
                fresh.append(std::move(a));
        }
        activities = std::move(fresh);
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

bool ImportPlan::apply(Store &store, bool ignoreProblems, QString *error,
    const std::function<bool(qint64, qint64)> &progress, qint64 *added) const
{
    if (added)
        *added = 0;
    if (!fatal.isEmpty()) {
        *error = fatal;
        return false;
    }
    if (hasProblems() && !ignoreProblems) {
        *error = tr("%1 : l'import est refusé tant que le fichier a des problèmes (%2) ; rien n'a été enregistré.")
                     .arg(fileName, FrenchText::count(problemCount, tr("problème"), tr("problèmes")));
        return false;
    }
    // Everything in one transaction of the bulk path (BulkWriter): places and followed beneficiaries first, then the
    // activities set-wise. An activity the base got meanwhile (by id or import key) is skipped, not doubled.
    BulkWriter writer(store);
    if (!writer.begin(error))
        return false;
    QList<Place> newPlaces = places;
    QList<Beneficiary> newBeneficiaries = beneficiaries;
    QList<Activity> batch = activities;
    BulkWriter::Options options;
    options.validate = false; // every activity of the plan passed the Validator when it was read (ImportContext)
    options.skipExisting = true;
    options.progress = progress;
    BulkWriter::Result result;
    if (!writer.insertPlaces(newPlaces, nullptr, error) || !writer.insertBeneficiaries(newBeneficiaries, nullptr, error)
        || !writer.insertActivities(batch, options, &result, error))
        return false;
    if (!writer.commit(error))
        return false;
    if (added)
        *added = result.inserted;
    return true;
}

QString ImportPlan::summary() const
{
    QStringList parts;
    parts << FrenchText::count(activities.size(), tr("activité à ajouter"), tr("activités à ajouter"));
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
