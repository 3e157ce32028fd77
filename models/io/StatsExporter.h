#pragma once

#include "models/domain/Profile.h"
#include "models/io/ExportFilter.h"
#include "models/stats/StatsResult.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>

class TableWriter;
struct Place;

// The statistics export, in the platform's sections and labels (apps/web/src/worksheet/statistiques/
// buildStatistiquesWorksheet.ts): the header block (ExportHeader), Statistiques générales, Statistiques sur vos
// accompagnements, Thématiques Médiation numérique, Thématiques Démarches administratives, Tags, Matériel utilisés,
// Canaux des activités, Durées des activités, Nombre d’activités par lieux, then Statistiques sur vos bénéficiaires:
// Genre, Tranches d’âge, Statuts, Commune de résidence des bénéficiaires. Each breakdown is label / count /
// percentage rows, from the same StatsResult and Breakdowns the screen shows; percentages are proportion()'s
// (allocatePercentages.ts), shown with at most one decimal (numberToPercentage), a real percentage in XLSX.
class StatsExporter
{
    Q_DECLARE_TR_FUNCTIONS(StatsExporter)

public:
    // Writes everything into writer (not committed). False with a French message when writing fails.
    static bool write(TableWriter &writer, const StatsResult &result, const ExportFilter &filter,
        const Profile &profile, const QHash<QUuid, Place> &places, const QDateTime &exportedAt, QString *error);

    // "carnet_statistiques_AAAA-MM-JJ.csv".
    static QString fileName(const QDate &day, const QString &extension);
};
