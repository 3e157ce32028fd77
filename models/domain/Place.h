#pragma once

#include "models/domain/CommuneRef.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

// A place of activity (lieu d'activité) of the mediator. Archived places stay on past activities but are no longer
// proposed for new ones.
struct Place
{
    QUuid id;
    QString nom;
    QString adresse;
    CommuneRef commune;
    bool archive = false;

    QDateTime creation;
    QDateTime modification;

    bool sameContent(const Place &o) const
    {
        return id == o.id && nom == o.nom && adresse == o.adresse && commune == o.commune && archive == o.archive;
    }
};
