#include "models/stats/Breakdowns.h"

namespace {
constexpr int TopPlaces = 8; // places and communes: the first ones, then "Autres"
}

const QList<BreakdownSpec> &Breakdowns::all()
{
    using L = Nomenclature::List;
    using O = BreakdownSpec::Order;
    using C = BreakdownSpec::Chart;
    using S = BreakdownSpec::Source;
    // key, title, list, order, source, chart, multi-valued, shows zeros, top, statistics labels
    static const QList<BreakdownSpec> specs = {
        {QStringLiteral("type_activite"), QT_TR_NOOP("Types d'activité"), L::TypeActivite, O::Nomenclature, S::Activity,
            C::Pie, false, true, 0, true},
        {QStringLiteral("thematique_mediation"), QT_TR_NOOP("Thématiques de médiation numérique"),
            L::ThematiqueMediation, O::ListByCount, S::Activity, C::HorizontalBars, true, false, 0, false},
        {QStringLiteral("thematique_demarche"), QT_TR_NOOP("Thématiques des démarches administratives"),
            L::ThematiqueDemarche, O::ListByCount, S::Activity, C::HorizontalBars, true, false, 0, false},
        {QStringLiteral("materiel"), QT_TR_NOOP("Matériel utilisé"), L::Materiel, O::Nomenclature, S::Activity,
            C::HorizontalBars, true, false, 0, false},
        {QStringLiteral("tags"), QT_TR_NOOP("Étiquettes"), std::nullopt, O::ByCount, S::Activity, C::HorizontalBars,
            true, false, 0, false},
        {QStringLiteral("type_lieu"), QT_TR_NOOP("Canaux d'accompagnement"), L::TypeLieu, O::Nomenclature, S::Activity,
            C::Pie, false, true, 0, false},
        {QStringLiteral("duree"), QT_TR_NOOP("Durées"), std::nullopt, O::Nomenclature, S::Activity, C::VerticalBars,
            false, true, 0, false},
        {QStringLiteral("lieux"), QT_TR_NOOP("Lieux d'activité"), std::nullopt, O::ByCount, S::Activity,
            C::HorizontalBars, false, false, TopPlaces, false},
        {QStringLiteral("communes"), QT_TR_NOOP("Communes des activités"), std::nullopt, O::ByCount, S::Activity,
            C::HorizontalBars, false, false, TopPlaces, false},
        {QStringLiteral("genre"), QT_TR_NOOP("Genre"), L::Genre, O::Nomenclature, S::Public, C::Pie, false, true, 0,
            false},
        {QStringLiteral("tranche_age"), QT_TR_NOOP("Tranches d'âge"), L::TrancheAge, O::Nomenclature, S::Public,
            C::VerticalBars, false, true, 0, false},
        {QStringLiteral("statut_social"), QT_TR_NOOP("Statuts"), L::StatutSocial, O::Nomenclature, S::Public,
            C::HorizontalBars, false, false, 0, false},
        {QStringLiteral("commune_residence"), QT_TR_NOOP("Communes de résidence"), std::nullopt, O::ByCount, S::Public,
            C::HorizontalBars, false, false, TopPlaces, false},
    };
    return specs;
}

const BreakdownSpec *Breakdowns::find(const QString &key)
{
    for (const BreakdownSpec &spec : all()) {
        if (spec.key == key)
            return &spec;
    }
    return nullptr;
}

const BreakdownSpec &Breakdowns::spec(const char *key)
{
    const BreakdownSpec *found = find(QLatin1String(key));
    Q_ASSERT(found);
    return found ? *found : all().constFirst();
}

QStringList Breakdowns::keys()
{
    QStringList result;
    for (const BreakdownSpec &spec : all())
        result.append(spec.key);
    return result;
}

QString Breakdowns::title(const QString &key)
{
    const BreakdownSpec *spec = find(key);
    return spec ? tr(spec->title) : key;
}
