#include "models/domain/Activity.h"

bool Activity::hasDemarche() const
{
    return thematiques.contains(QLatin1String(Codes::Thematique::AideDemarches));
}

int Activity::accompagnements() const
{
    if (isIndividuel())
        return 1;
    return static_cast<int>(participants.size()) + participantsAnonymes.total;
}

bool Activity::sameContent(const Activity &o) const
{
    return id == o.id && type == o.type && date == o.date && dureeMinutes == o.dureeMinutes && typeLieu == o.typeLieu
        && lieuId == o.lieuId && lieuCommune == o.lieuCommune && thematiques == o.thematiques && materiel == o.materiel
        && tags == o.tags && precisionsDemarche == o.precisionsDemarche && notes == o.notes && autonomie == o.autonomie
        && orienteVersStructure == o.orienteVersStructure && structureDeRedirection == o.structureDeRedirection
        && beneficiaireId == o.beneficiaireId && anonyme == o.anonyme && titreAtelier == o.titreAtelier
        && niveauAtelier == o.niveauAtelier && participants == o.participants
        && participantsAnonymes == o.participantsAnonymes;
}
