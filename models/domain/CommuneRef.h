#pragma once

#include <QString>

// A French commune as stored on an activity, a place or a person: the INSEE code identifies it, the postal code and
// the name are kept as typed so a record stays readable even if the reference data changes.
struct CommuneRef
{
    QString codeInsee;
    QString codePostal;
    QString nom;

    bool isEmpty() const { return codeInsee.isEmpty() && codePostal.isEmpty() && nom.isEmpty(); }
    bool operator==(const CommuneRef &o) const
    {
        return codeInsee == o.codeInsee && codePostal == o.codePostal && nom == o.nom;
    }
    bool operator!=(const CommuneRef &o) const { return !(*this == o); }
};
