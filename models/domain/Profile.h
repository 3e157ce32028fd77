#pragma once

#include "models/domain/CommuneRef.h"

#include <QString>

// The employing structure of the mediator.
struct Structure
{
    QString nom;
    QString siret;
    QString adresse;
    CommuneRef commune;

    bool operator==(const Structure &o) const
    {
        return nom == o.nom && siret == o.siret && adresse == o.adresse && commune == o.commune;
    }
};

// The mediator using this copy of Carnet.
struct Profile
{
    static constexpr const char *ConseillerNumerique = "conseiller_numerique";
    static constexpr const char *Mediateur = "mediateur";

    QString prenom;
    QString nom;
    QString email;
    QString role; // ConseillerNumerique or Mediateur
    Structure structure;

    bool isEmpty() const { return prenom.isEmpty() && nom.isEmpty() && email.isEmpty() && structure.nom.isEmpty(); }
    bool operator==(const Profile &o) const
    {
        return prenom == o.prenom && nom == o.nom && email == o.email && role == o.role && structure == o.structure;
    }
};
