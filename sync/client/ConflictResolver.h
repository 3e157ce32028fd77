#pragma once

#include "models/store/Store.h"
#include "models/store/SyncLedger.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

// A conflict of the sync (a record changed here and on another computer since the last sync), shown field by field
// and resolved by the mediator: this computer's version, the server's, or a merge of the two chosen field by field.
// Never an overwrite without a choice: the server's copy stays beside the local row (SyncLedger) until resolved.
// Works on the resources of the wire (sync/wire), the same for activities, followed beneficiaries and places.
class ConflictResolver
{
    Q_DECLARE_TR_FUNCTIONS(ConflictResolver)

public:
    enum class Side { Mine, Theirs };

    // A field as the mediator reads it: some attributes go together (the place of an activity: its type, the
    // place's id or the commune), chosen as one.
    struct Field
    {
        QString key; // the group's key, for the choices
        QString label; // "Durée"
        QString mine; // the value here, as read ("1 h 30")
        QString theirs; // the value on the server
        bool differs = false;
    };

    struct Sides
    {
        SyncLedger::Kind kind = SyncLedger::Kind::Activite;
        QUuid id;
        QJsonObject mine; // the local row, as the wire writes it
        QJsonObject theirs; // the server's copy
        qint64 version = 0; // the server's version of its copy
        QString title; // "Activité du 12/03/2026", "Lieu « Médiathèque »"
    };

    explicit ConflictResolver(Store &store);

    // Both sides of a conflict; false with a French *error when the local row is gone or the copy is unreadable.
    bool sides(const SyncLedger::Conflict &conflict, Sides *sides, QString *error) const;
    // The fields of both sides, those that differ first.
    QList<Field> fields(const Sides &sides) const;

    // Resolves with, for each field that differs, the side chosen (Mine when not named). All Theirs: the server's
    // copy written here as it is; otherwise the record made of the choices saved here (checked as a form is) and sent
    // next as the one that replaces the server's copy. False with a French *error (the merge breaks a rule of the
    // form, the conflict is gone): nothing is changed then.
    bool resolve(const Sides &sides, const QHash<QString, Side> &choices, const QDateTime &now, QString *error);

private:
    Store &m_store;
};
