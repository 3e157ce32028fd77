#pragma once

// The nomenclature codes that Carnet's logic names (a rule of the platform, a default of the form, the demo data),
// each written once, here. Every one is required of nomenclature.json: Nomenclature::load refuses a document whose
// list lacks one, so a code renamed there stops Carnet at start-up and fails the tests instead of
// silently matching nothing. Compare with `value == QLatin1String(Codes::TypeLieu::ADistance)`.
namespace Codes {
namespace TypeActivite {
inline constexpr char Individuel[] = "individuel";
inline constexpr char Collectif[] = "collectif";
} // namespace TypeActivite

namespace TypeLieu {
inline constexpr char LieuActivite[] = "lieu_activite"; // at one of the mediator's places: a place is required
inline constexpr char Autre[] = "autre";
inline constexpr char Domicile[] = "domicile";
inline constexpr char ADistance[] = "a_distance"; // without a commune, the structure's commune stands for it
} // namespace TypeLieu

namespace Materiel {
inline constexpr char Ordinateur[] = "ordinateur";
inline constexpr char Telephone[] = "telephone";
inline constexpr char Tablette[] = "tablette";
inline constexpr char Aucun[] = "aucun"; // excludes any other matériel
} // namespace Materiel

namespace Thematique {
// Opens the démarche thématiques and "Nom de la démarche administrative".
inline constexpr char AideDemarches[] = "aide_aux_demarches_administratives";
inline constexpr char NavigationSurInternet[] = "navigation_sur_internet";
inline constexpr char Email[] = "email";
inline constexpr char PrendreEnMainDuMateriel[] = "prendre_en_main_du_materiel";
inline constexpr char GereSesContenusNumeriques[] = "gere_ses_contenus_numeriques";
inline constexpr char SecuriteNumerique[] = "securite_numerique";
inline constexpr char Bureautique[] = "bureautique";
} // namespace Thematique

namespace Oriente {
inline constexpr char Oui[] = "oui";
inline constexpr char Non[] = "non";
} // namespace Oriente

namespace Genre {
inline constexpr char Masculin[] = "masculin";
inline constexpr char Feminin[] = "feminin";
} // namespace Genre

namespace TrancheAge {
inline constexpr char SoixanteDixPlus[] = "soixante_dix_plus";
inline constexpr char SoixanteSoixanteNeuf[] = "soixante_soixante_neuf";
inline constexpr char QuaranteCinquanteNeuf[] = "quarante_cinquante_neuf";
inline constexpr char VingtCinqTrenteNeuf[] = "vingt_cinq_trente_neuf";
} // namespace TrancheAge

namespace StatutSocial {
inline constexpr char Retraite[] = "retraite";
inline constexpr char SansEmploi[] = "sans_emploi";
} // namespace StatutSocial

// What is not known, in the genre, tranche d'âge and statut social lists and in every breakdown of the statistics.
inline constexpr char NonCommunique[] = "non_communique";

} // namespace Codes
