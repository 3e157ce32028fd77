#include "models/communes/Departements.h"

#include "models/communes/CommuneIndex.h"

#include <QHash>

namespace {
const QHash<QString, QString> &names()
{
    static const QHash<QString, QString> table = {
        {QStringLiteral("01"), QStringLiteral("Ain")},
        {QStringLiteral("02"), QStringLiteral("Aisne")},
        {QStringLiteral("03"), QStringLiteral("Allier")},
        {QStringLiteral("04"), QStringLiteral("Alpes-de-Haute-Provence")},
        {QStringLiteral("05"), QStringLiteral("Hautes-Alpes")},
        {QStringLiteral("06"), QStringLiteral("Alpes-Maritimes")},
        {QStringLiteral("07"), QStringLiteral("Ardèche")},
        {QStringLiteral("08"), QStringLiteral("Ardennes")},
        {QStringLiteral("09"), QStringLiteral("Ariège")},
        {QStringLiteral("10"), QStringLiteral("Aube")},
        {QStringLiteral("11"), QStringLiteral("Aude")},
        {QStringLiteral("12"), QStringLiteral("Aveyron")},
        {QStringLiteral("13"), QStringLiteral("Bouches-du-Rhône")},
        {QStringLiteral("14"), QStringLiteral("Calvados")},
        {QStringLiteral("15"), QStringLiteral("Cantal")},
        {QStringLiteral("16"), QStringLiteral("Charente")},
        {QStringLiteral("17"), QStringLiteral("Charente-Maritime")},
        {QStringLiteral("18"), QStringLiteral("Cher")},
        {QStringLiteral("19"), QStringLiteral("Corrèze")},
        {QStringLiteral("2A"), QStringLiteral("Corse-du-Sud")},
        {QStringLiteral("2B"), QStringLiteral("Haute-Corse")},
        {QStringLiteral("21"), QStringLiteral("Côte-d'Or")},
        {QStringLiteral("22"), QStringLiteral("Côtes-d'Armor")},
        {QStringLiteral("23"), QStringLiteral("Creuse")},
        {QStringLiteral("24"), QStringLiteral("Dordogne")},
        {QStringLiteral("25"), QStringLiteral("Doubs")},
        {QStringLiteral("26"), QStringLiteral("Drôme")},
        {QStringLiteral("27"), QStringLiteral("Eure")},
        {QStringLiteral("28"), QStringLiteral("Eure-et-Loir")},
        {QStringLiteral("29"), QStringLiteral("Finistère")},
        {QStringLiteral("30"), QStringLiteral("Gard")},
        {QStringLiteral("31"), QStringLiteral("Haute-Garonne")},
        {QStringLiteral("32"), QStringLiteral("Gers")},
        {QStringLiteral("33"), QStringLiteral("Gironde")},
        {QStringLiteral("34"), QStringLiteral("Hérault")},
        {QStringLiteral("35"), QStringLiteral("Ille-et-Vilaine")},
        {QStringLiteral("36"), QStringLiteral("Indre")},
        {QStringLiteral("37"), QStringLiteral("Indre-et-Loire")},
        {QStringLiteral("38"), QStringLiteral("Isère")},
        {QStringLiteral("39"), QStringLiteral("Jura")},
        {QStringLiteral("40"), QStringLiteral("Landes")},
        {QStringLiteral("41"), QStringLiteral("Loir-et-Cher")},
        {QStringLiteral("42"), QStringLiteral("Loire")},
        {QStringLiteral("43"), QStringLiteral("Haute-Loire")},
        {QStringLiteral("44"), QStringLiteral("Loire-Atlantique")},
        {QStringLiteral("45"), QStringLiteral("Loiret")},
        {QStringLiteral("46"), QStringLiteral("Lot")},
        {QStringLiteral("47"), QStringLiteral("Lot-et-Garonne")},
        {QStringLiteral("48"), QStringLiteral("Lozère")},
        {QStringLiteral("49"), QStringLiteral("Maine-et-Loire")},
        {QStringLiteral("50"), QStringLiteral("Manche")},
        {QStringLiteral("51"), QStringLiteral("Marne")},
        {QStringLiteral("52"), QStringLiteral("Haute-Marne")},
        {QStringLiteral("53"), QStringLiteral("Mayenne")},
        {QStringLiteral("54"), QStringLiteral("Meurthe-et-Moselle")},
        {QStringLiteral("55"), QStringLiteral("Meuse")},
        {QStringLiteral("56"), QStringLiteral("Morbihan")},
        {QStringLiteral("57"), QStringLiteral("Moselle")},
        {QStringLiteral("58"), QStringLiteral("Nièvre")},
        {QStringLiteral("59"), QStringLiteral("Nord")},
        {QStringLiteral("60"), QStringLiteral("Oise")},
        {QStringLiteral("61"), QStringLiteral("Orne")},
        {QStringLiteral("62"), QStringLiteral("Pas-de-Calais")},
        {QStringLiteral("63"), QStringLiteral("Puy-de-Dôme")},
        {QStringLiteral("64"), QStringLiteral("Pyrénées-Atlantiques")},
        {QStringLiteral("65"), QStringLiteral("Hautes-Pyrénées")},
        {QStringLiteral("66"), QStringLiteral("Pyrénées-Orientales")},
        {QStringLiteral("67"), QStringLiteral("Bas-Rhin")},
        {QStringLiteral("68"), QStringLiteral("Haut-Rhin")},
        {QStringLiteral("69"), QStringLiteral("Rhône")},
        {QStringLiteral("70"), QStringLiteral("Haute-Saône")},
        {QStringLiteral("71"), QStringLiteral("Saône-et-Loire")},
        {QStringLiteral("72"), QStringLiteral("Sarthe")},
        {QStringLiteral("73"), QStringLiteral("Savoie")},
        {QStringLiteral("74"), QStringLiteral("Haute-Savoie")},
        {QStringLiteral("75"), QStringLiteral("Paris")},
        {QStringLiteral("76"), QStringLiteral("Seine-Maritime")},
        {QStringLiteral("77"), QStringLiteral("Seine-et-Marne")},
        {QStringLiteral("78"), QStringLiteral("Yvelines")},
        {QStringLiteral("79"), QStringLiteral("Deux-Sèvres")},
        {QStringLiteral("80"), QStringLiteral("Somme")},
        {QStringLiteral("81"), QStringLiteral("Tarn")},
        {QStringLiteral("82"), QStringLiteral("Tarn-et-Garonne")},
        {QStringLiteral("83"), QStringLiteral("Var")},
        {QStringLiteral("84"), QStringLiteral("Vaucluse")},
        {QStringLiteral("85"), QStringLiteral("Vendée")},
        {QStringLiteral("86"), QStringLiteral("Vienne")},
        {QStringLiteral("87"), QStringLiteral("Haute-Vienne")},
        {QStringLiteral("88"), QStringLiteral("Vosges")},
        {QStringLiteral("89"), QStringLiteral("Yonne")},
        {QStringLiteral("90"), QStringLiteral("Territoire de Belfort")},
        {QStringLiteral("91"), QStringLiteral("Essonne")},
        {QStringLiteral("92"), QStringLiteral("Hauts-de-Seine")},
        {QStringLiteral("93"), QStringLiteral("Seine-Saint-Denis")},
        {QStringLiteral("94"), QStringLiteral("Val-de-Marne")},
        {QStringLiteral("95"), QStringLiteral("Val-d'Oise")},
        {QStringLiteral("971"), QStringLiteral("Guadeloupe")},
        {QStringLiteral("972"), QStringLiteral("Martinique")},
        {QStringLiteral("973"), QStringLiteral("Guyane")},
        {QStringLiteral("974"), QStringLiteral("La Réunion")},
        {QStringLiteral("975"), QStringLiteral("Saint-Pierre-et-Miquelon")},
        {QStringLiteral("976"), QStringLiteral("Mayotte")},
        {QStringLiteral("977"), QStringLiteral("Saint-Barthélemy")},
        {QStringLiteral("978"), QStringLiteral("Saint-Martin")},
        {QStringLiteral("984"), QStringLiteral("Terres australes et antarctiques françaises")},
        {QStringLiteral("986"), QStringLiteral("Wallis-et-Futuna")},
        {QStringLiteral("987"), QStringLiteral("Polynésie française")},
        {QStringLiteral("988"), QStringLiteral("Nouvelle-Calédonie")},
        {QStringLiteral("989"), QStringLiteral("Île de Clipperton")},
    };
    return table;
}
} // namespace

namespace Departements {

QString name(const QString &code)
{
    return names().value(code);
}

QString label(const QString &code)
{
    const QString n = name(code);
    return n.isEmpty() ? code : QStringLiteral("%1 (%2)").arg(n, code);
}

QString ofCommune(const QString &codeInsee)
{
    if (codeInsee.isEmpty())
        return QString();
    if (const std::optional<CommuneMatch> commune = CommuneIndex::instance().byInsee(codeInsee))
        return commune->departement;
    return codeInsee.startsWith(QLatin1String("97")) ? codeInsee.left(3) : codeInsee.left(2);
}

} // namespace Departements
