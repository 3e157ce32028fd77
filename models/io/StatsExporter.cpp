#include "models/io/StatsExporter.h"

#include "models/domain/Place.h"
#include "models/io/ExportHeader.h"
#include "models/io/TableWriter.h"

QString StatsExporter::fileName(const QDate &day, const QString &extension)
{
    return QStringLiteral("carnet_statistiques_%1.%2").arg(day.toString(Qt::ISODate), extension);
}

bool StatsExporter::write(TableWriter &writer, const StatsResult &result, const ExportFilter &filter,
    const Profile &profile, const QHash<QUuid, Place> &places, const QDateTime &exportedAt, QString *error)
{
    const auto title = [&](const QString &text) {
        writer.setBold(true);
        writer.text(text);
        writer.setBold(false);
        writer.endRow();
    };
    const auto countRow = [&](const QString &label, qint64 count) {
        writer.text(label);
        writer.number(count);
        writer.endRow();
    };
    const auto shareRow = [&](const QString &label, qint64 count, double percent) {
        writer.text(label);
        writer.number(count);
        writer.percent(percent);
        writer.endRow();
    };
    const auto section = [&](const QString &text, const char *key) {
        title(text);
        if (const Breakdown *b = result.breakdown(QLatin1String(key))) {
            for (const BreakdownItem &item : b->items)
                shareRow(item.label, item.count, item.percent);
        }
        writer.endRow();
    };

    ExportHeader::write(writer, tr("Carnet – Statistiques"), profile, exportedAt, filter, places);
    const Headline &h = result.headline;

    // addStatistiquesGenerales
    title(tr("Statistiques générales"));
    countRow(tr("Accompagnements au total"), h.accompagnements);
    countRow(tr("Bénéficiaires accompagnés"), h.beneficiaires);
    if (h.nouveaux > 0)
        countRow(tr("Nouveaux bénéficiaires"), h.nouveaux);
    countRow(tr("Bénéficiaires suivis"), h.suivis);
    countRow(tr("Bénéficiaires anonymes"), h.anonymes);
    // The platform shows the last 12 months; so does this row, from the period's months.
    const QList<SeriesPoint> &months = result.months.points;
    const qsizetype first = std::max<qsizetype>(0, months.size() - 12);
    writer.text(tr("Accompagnements sur les 12 derniers mois"));
    for (qsizetype i = first; i < months.size(); ++i)
        writer.text(months.at(i).label);
    writer.endRow();
    writer.empty();
    for (qsizetype i = first; i < months.size(); ++i)
        writer.number(months.at(i).accompagnements);
    writer.endRow();
    writer.endRow();

    // addStatistiquesActivites: shares of the activities.
    title(tr("Statistiques sur vos accompagnements"));
    shareRow(tr("Accompagnements individuels"), h.individuels, proportion(h.individuels, h.activites));
    shareRow(tr("Ateliers collectifs"), h.collectifs, proportion(h.collectifs, h.activites));
    countRow(tr("Nombre total de participants aux ateliers"), h.participantsAteliers);
    countRow(tr("Nombre total d’activités"), h.activites);
    writer.endRow();

    section(tr("Thématiques Médiation numérique"), "thematique_mediation");
    section(tr("Thématiques Démarches administratives"), "thematique_demarche");
    section(tr("Tags"), "tags");
    section(tr("Matériel utilisés"), "materiel");
    section(tr("Canaux des activités"), "type_lieu");
    section(tr("Durées des activités"), "duree");
    section(tr("Nombre d’activités par lieux"), "lieux");
    title(tr("Statistiques sur vos bénéficiaires"));
    section(tr("Genre"), "genre");
    section(tr("Tranches d’âge"), "tranche_age");
    section(tr("Statuts"), "statut_social");
    section(tr("Commune de résidence des bénéficiaires"), "commune_residence");
    if (!writer.error().isEmpty()) {
        *error = writer.error();
        return false;
    }
    return true;
}
