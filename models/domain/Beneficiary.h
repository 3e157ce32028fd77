#pragma once

#include "models/domain/CommuneRef.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

// A followed beneficiary: a person the mediator sees again and chooses to name. Only what helps the follow-up is kept.
struct Beneficiary
{
    QUuid id;
    QString prenom;
    QString nom;
    QString telephone;
    QString email;
    int anneeNaissance = 0; // 0 when unknown
    QString genre;
    QString trancheAge;
    QString statutSocial;
    CommuneRef communeResidence;
    QString notes;

    QDateTime creation;
    QDateTime modification;
    QDateTime suppression;

    bool isDeleted() const { return suppression.isValid(); }
    QString displayName() const { return QString(prenom + QLatin1Char(' ') + nom).trimmed(); }
    bool sameContent(const Beneficiary &o) const
    {
        return id == o.id && prenom == o.prenom && nom == o.nom && telephone == o.telephone && email == o.email
            && anneeNaissance == o.anneeNaissance && genre == o.genre && trancheAge == o.trancheAge
            && statutSocial == o.statutSocial && communeResidence == o.communeResidence && notes == o.notes;
    }
};
