#pragma once

#include <QDate>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUuid>

// What the list of activities shows. Every criterion is optional; the ones that are set all apply (AND). Several
// values in one list are alternatives (an activity matches when it carries one of them).
struct ActivityFilter
{
    QDate from; // first day included; invalid: no lower bound
    QDate to; // last day included; invalid: no upper bound
    QStringList types; // "individuel", "collectif"; empty: both
    QList<QUuid> lieux; // places of activity; empty: any place
    QStringList thematiques; // thématique codes (médiation or démarche); empty: any
    // Searched, case and accents aside, in the workshop title and the notes, and in the name of the activity's place,
    // of its commune and of its followed beneficiaries (first and last name); empty: no search.
    QString text;
    QList<QUuid> ids; // an explicit set of activities (e.g. a bar of a chart); empty: no restriction
    QList<int> syncStates; // SyncState values; empty: any
    bool includeDeleted = false;

    // True when nothing restricts the list (deleted activities aside).
    bool isEmpty() const
    {
        return !from.isValid() && !to.isValid() && types.isEmpty() && lieux.isEmpty() && thematiques.isEmpty()
            && text.trimmed().isEmpty() && ids.isEmpty() && syncStates.isEmpty();
    }

    bool operator==(const ActivityFilter &o) const
    {
        return from == o.from && to == o.to && types == o.types && lieux == o.lieux && thematiques == o.thematiques
            && text == o.text && ids == o.ids && syncStates == o.syncStates && includeDeleted == o.includeDeleted;
    }
    bool operator!=(const ActivityFilter &o) const { return !(*this == o); }
};

Q_DECLARE_METATYPE(ActivityFilter)
