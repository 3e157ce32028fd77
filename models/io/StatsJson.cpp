#include "models/io/StatsJson.h"

#include <QJsonArray>

namespace StatsJson {

QJsonObject headline(const Headline &h)
{
    return QJsonObject{
        {QStringLiteral("du"), h.from.toString(Qt::ISODate)},
        {QStringLiteral("au"), h.to.toString(Qt::ISODate)},
        {QStringLiteral("activites"), h.activites},
        {QStringLiteral("individuels"), h.individuels},
        {QStringLiteral("collectifs"), h.collectifs},
        {QStringLiteral("accompagnements"), h.accompagnements},
        {QStringLiteral("participants_ateliers"), h.participantsAteliers},
        {QStringLiteral("beneficiaires"), h.beneficiaires},
        {QStringLiteral("suivis"), h.suivis},
        {QStringLiteral("anonymes"), h.anonymes},
        {QStringLiteral("nouveaux"), h.nouveaux},
        {QStringLiteral("minutes"), h.minutes},
    };
}

namespace {

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject breakdown(const Breakdown &b)
{
    QJsonArray order;
    QJsonObject values;
    for (const BreakdownItem &item : b.items) {
        order.append(item.code);
        QJsonObject value{{QStringLiteral("libelle"), item.label}, {QStringLiteral("nombre"), item.count},
            {QStringLiteral("pourcentage"), item.percent}};
        if (item.accompagnementsPercent >= 0)
            value.insert(QStringLiteral("pourcentage_accompagnements"), item.accompagnementsPercent);
        values.insert(item.code, value);
    }
    return QJsonObject{
        {QStringLiteral("total"), b.total}, {QStringLiteral("ordre"), order}, {QStringLiteral("valeurs"), values}};
}

QJsonArray series(const Series &s)
{
    QJsonArray points;
    for (const SeriesPoint &p : s.points)
        points.append(QJsonObject{{QStringLiteral("cle"), p.key}, {QStringLiteral("libelle"), p.label},
            {QStringLiteral("accompagnements"), p.accompagnements}});
    return points;
}

} // namespace

QJsonObject toJson(const StatsResult &result, const StatsFilter &filter)
{
    QStringList lieux;
    for (const QUuid &id : filter.lieux)
        lieux.append(id.toString(QUuid::WithoutBraces));
    QJsonObject breakdowns;
    for (const Breakdown &b : result.breakdowns)
        breakdowns.insert(b.key, breakdown(b));
    QJsonObject comparison{{QStringLiteral("periode_precedente"), headline(result.previous)}};
    if (result.yearBefore)
        comparison.insert(QStringLiteral("annee_precedente"), headline(*result.yearBefore));
    return QJsonObject{
        {QStringLiteral("periode"),
            QJsonObject{{QStringLiteral("du"), result.headline.from.toString(Qt::ISODate)},
                {QStringLiteral("au"), result.headline.to.toString(Qt::ISODate)}}},
        {QStringLiteral("filtres"),
            QJsonObject{{QStringLiteral("types"), strings(filter.types)}, {QStringLiteral("lieux"), strings(lieux)},
                {QStringLiteral("communes"), strings(filter.communes)},
                {QStringLiteral("departements"), strings(filter.departements)},
                {QStringLiteral("thematiques"), strings(filter.thematiques)},
                {QStringLiteral("tags"), strings(filter.tags)}, {QStringLiteral("sources"), strings(filter.sources)}}},
        {QStringLiteral("chiffres"), headline(result.headline)},
        {QStringLiteral("comparaison"), comparison},
        {QStringLiteral("repartitions"), breakdowns},
        {QStringLiteral("evolution"),
            QJsonObject{
                {QStringLiteral("mois"), series(result.months)}, {QStringLiteral("jours"), series(result.days)}}},
    };
}

} // namespace StatsJson
