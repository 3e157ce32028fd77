#include "models/io/ExportHeader.h"

#include "models/communes/Departements.h"
#include "models/domain/Activity.h"
#include "models/domain/Nomenclature.h"
#include "models/io/TableWriter.h"

namespace {
QString frenchDate(const QDate &date)
{
    return date.toString(QStringLiteral("dd/MM/yyyy"));
}

QString joined(const QStringList &labels)
{
    return labels.isEmpty() ? QStringLiteral("-") : labels.join(QLatin1String(", "));
}
} // namespace

QString ExportHeader::roleLabel(const Profile &profile)
{
    // getUserRoleLabel.ts
    if (profile.role == QLatin1String(Profile::ConseillerNumerique))
        return tr("Conseiller Numérique");
    if (profile.role == QLatin1String(Profile::Mediateur))
        return tr("Médiateur");
    return tr("Rôle non défini");
}

QStringList ExportHeader::sourceCodes()
{
    return {QLatin1String(ActivitySource::Carnet), QLatin1String(ActivitySource::Coop),
        QLatin1String(ActivitySource::V1), QLatin1String(ActivitySource::Tableur)};
}

QString ExportHeader::sourceLabel(const QString &code)
{
    if (code == QLatin1String(ActivitySource::Carnet))
        return tr("Saisie Carnet");
    if (code == QLatin1String(ActivitySource::Coop))
        return tr("La Coop");
    if (code == QLatin1String(ActivitySource::V1))
        return tr("Espace Coop (V1)");
    if (code == QLatin1String(ActivitySource::Tableur))
        return tr("Tableur");
    return code;
}

QString ExportHeader::periodLabel(const QDate &from, const QDate &to)
{
    if (from.isValid() && to.isValid())
        return tr("Du %1 au %2").arg(frenchDate(from), frenchDate(to));
    if (from.isValid())
        return tr("Depuis le %1").arg(frenchDate(from));
    if (to.isValid())
        return tr("Jusqu'au %1").arg(frenchDate(to));
    return QStringLiteral("-");
}

QList<QPair<QString, QString>> ExportHeader::filterRows(const ExportFilter &filter, const QHash<QUuid, Place> &places)
{
    const Nomenclature &n = Nomenclature::instance();
    QStringList lieux;
    for (const QUuid &id : filter.lieux)
        lieux << (places.contains(id) ? places.value(id).nom : id.toString(QUuid::WithoutBraces));
    QStringList departements;
    for (const QString &code : filter.departements)
        departements << QStringLiteral("%1 · %2").arg(code, Departements::name(code));
    QStringList types;
    for (const QString &type : filter.types)
        types << n.label(Nomenclature::List::TypeActivite, type);
    QStringList sources;
    for (const QString &code : filter.sources)
        sources << sourceLabel(code);
    QStringList mediation;
    QStringList demarches;
    for (const QString &code : filter.thematiques) {
        if (n.contains(Nomenclature::List::ThematiqueDemarche, code))
            demarches << n.label(Nomenclature::List::ThematiqueDemarche, code);
        else
            mediation << n.label(Nomenclature::List::ThematiqueMediation, code);
    }
    QList<QPair<QString, QString>> rows = {
        {tr("Période"), periodLabel(filter.from, filter.to)},
        {tr("Source"), joined(sources)}, // after the period, as addFilters puts it
        {tr("Lieux d’accompagnement"), joined(lieux)},
        {tr("Communes"), joined(filter.communes)},
        {tr("Départements"), joined(departements)},
        {tr("Type d’accompagnement"), joined(types)},
        {tr("Thématiques non administratives"), joined(mediation)},
        {tr("Thématiques administratives"), joined(demarches)},
        {tr("Tags"), joined(filter.tags)},
    };
    // Carnet's own filters, shown only when set (as the platform shows "Bénéficiaires").
    if (!filter.text.trimmed().isEmpty())
        rows.append({tr("Recherche"), filter.text.trimmed()});
    if (!filter.ids.isEmpty())
        rows.append({tr("Sélection"), tr("%n activité(s) choisie(s)", nullptr, int(filter.ids.size()))});
    return rows;
}

QString ExportHeader::describe(const ExportFilter &filter, const QHash<QUuid, Place> &places)
{
    QStringList parts;
    for (const auto &row : filterRows(filter, places)) {
        if (row.second == QLatin1String("-"))
            continue;
        parts << (row.first == tr("Période") ? row.second : row.first + QStringLiteral(" : ") + row.second);
    }
    return parts.isEmpty() ? tr("Toutes les activités") : parts.join(QLatin1String(" ; "));
}

bool ExportHeader::write(TableWriter &writer, const QString &title, const Profile &profile, const QDateTime &exportedAt,
    const ExportFilter &filter, const QHash<QUuid, Place> &places, qint64 total)
{
    const auto labelRow = [&](const QString &label, const QString &value) {
        writer.text(label);
        writer.text(value);
        return writer.endRow();
    };
    writer.setBold(true);
    writer.text(title);
    writer.endRow();
    writer.text(tr("Informations export"));
    writer.setBold(false);
    writer.endRow();
    labelRow(tr("Nom"), profile.nom.isEmpty() ? QStringLiteral("-") : profile.nom);
    labelRow(tr("Prénom"), profile.prenom.isEmpty() ? QStringLiteral("-") : profile.prenom);
    labelRow(tr("Rôle"), roleLabel(profile));
    if (!profile.structure.nom.isEmpty())
        labelRow(tr("Structure"), profile.structure.nom);
    if (total >= 0) {
        writer.text(tr("Total"));
        writer.number(total);
        writer.endRow();
    }
    const QDateTime local = exportedAt.toLocalTime();
    writer.text(tr("Date d'export"));
    writer.date(local.date());
    writer.endRow();
    labelRow(tr("Heure d'export"), local.time().toString(QStringLiteral("HH:mm")));
    writer.endRow();
    writer.setBold(true);
    writer.text(tr("Filtres"));
    writer.setBold(false);
    writer.endRow();
    for (const auto &row : filterRows(filter, places))
        labelRow(row.first, row.second);
    return writer.endRow();
}
