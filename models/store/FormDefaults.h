#pragma once

#include "models/domain/Activity.h"

#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

class Store;

// What the CRA form proposes before anything is typed, read from the store's recent history: the place and type of
// the last saved CRA, the CRA to repeat, the durations the mediator types most often. Only the most recent
// RecentWindow activities are read (by insertion order, edits ranked by their modification time), so the answers
// stay instant on a base of a million activities.
class FormDefaults
{
public:
    static constexpr int RecentWindow = 500;

    explicit FormDefaults(const Store &store);

    // The last saved non-deleted activity, or nullopt on an empty base.
    std::optional<Activity> lastSavedActivity() const;
    QString lastUsedType() const; // "individuel", "collectif", or empty
    QString lastUsedTypeLieu() const; // a type_lieu code, or empty
    QUuid lastUsedPlaceId() const; // the place of the last activity held at a place of activity, or null
    // Up to count durations (minutes) that are not presets, most used first (ties: shorter first).
    QList<int> mostUsedCustomDurations(int count) const;

private:
    QString lastValue(const QString &column, const QString &condition) const;

    const Store &m_store;
};
