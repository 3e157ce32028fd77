#pragma once

#include <QString>

// The French départements (and overseas collectivities) by their code, as the communes' reference data spells it
// ("01".."95", "2A", "2B", "971".."989").
namespace Departements {

// "Creuse" for "23"; empty for an unknown code.
QString name(const QString &code);
// "Creuse (23)"; the bare code when unknown.
QString label(const QString &code);
// The département of a commune by its INSEE code (the reference data's, else the code's first two or three
// characters); empty for an empty code.
QString ofCommune(const QString &codeInsee);

} // namespace Departements
