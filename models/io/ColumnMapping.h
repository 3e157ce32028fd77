#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QStringList>

// Which column of a mediator's own spreadsheet holds which field of an activity: what the mapping step of the import
// dialog shows (one combo per field, the guesses preselected) and `carnet import --colonnes date=A,duree=C,...` says.
// Remembered per data folder, keyed by the header row: the next file with the same columns is mapped alike.
class ColumnMapping
{
    Q_DECLARE_TR_FUNCTIONS(ColumnMapping)

public:
    enum Field {
        Date,
        Duree,
        Type,
        Thematiques,
        Lieu, // the name of one of the mediator's places
        Canal, // type_lieu: lieu d'activité, à domicile, à distance, autre
        Commune, // of the place, or of the activity when not at a place
        Materiel,
        Tags,
        Notes,
        Atelier, // the workshop's title
        Participants, // a workshop's number of (anonymous) participants
        Genre,
        TrancheAge,
        Statut,
        Autonomie,
        FieldCount
    };

    // "date", "duree"...: the names --colonnes takes.
    static QString key(Field field);
    // "Date", "Durée"...: French, for the dialog.
    static QString label(Field field);
    static bool isRequired(Field field) { return field == Date || field == Duree || field == Thematiques; }

    int column(Field field) const { return m_columns.value(field, -1); } // 0-based, -1 when none
    void setColumn(Field field, int column);
    bool isEmpty() const { return m_columns.isEmpty(); }

    // The fields a header row suggests, from its words ("Date", "Durée (min)", "Thèmes"...).
    static ColumnMapping guess(const QStringList &headers);
    // "date=A,duree=C,thematiques=D" (letters or header names); false with a French message on a wrong one.
    static bool parse(const QString &text, const QStringList &headers, ColumnMapping *mapping, QString *error);
    QString toString() const;
    // The required fields without a column, named in French; empty when complete.
    QStringList missing() const;

    // The mapping remembered in this data folder for this header row; empty when none.
    static ColumnMapping remembered(const QString &dataDir, const QStringList &headers);
    void remember(const QString &dataDir, const QStringList &headers) const;

private:
    static QString settingsKey(const QStringList &headers);
    QHash<int, int> m_columns;
};
