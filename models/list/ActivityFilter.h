#pragma once

#include <QDate>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>

// What the list of activities shows. Every criterion is optional; the ones that are set all apply (AND).
struct ActivityFilter
{
    QDate from; // first day included; invalid: no lower bound
    QDate to; // last day included; invalid: no upper bound
    QString type; // "individuel" or "collectif"; empty: both
    QUuid lieuId; // a place of activity; null: any place
    QString thematique; // a thématique code (médiation or démarche); empty: any
    QString text; // searched in the workshop title and the notes, case-insensitive; empty: no search
    QList<QUuid> ids; // an explicit set of activities (e.g. a bar of a chart); empty: no restriction
    bool includeDeleted = false;

    // True when nothing restricts the list (deleted activities aside).
    bool isEmpty() const
    {
        return !from.isValid() && !to.isValid() && type.isEmpty() && lieuId.isNull() && thematique.isEmpty()
            && text.trimmed().isEmpty() && ids.isEmpty();
    }

    bool operator==(const ActivityFilter &o) const
    {
        return from == o.from && to == o.to && type == o.type && lieuId == o.lieuId && thematique == o.thematique
            && text == o.text && ids == o.ids && includeDeleted == o.includeDeleted;
    }
    bool operator!=(const ActivityFilter &o) const { return !(*this == o); }
};

Q_DECLARE_METATYPE(ActivityFilter)
