#pragma once

#include "models/domain/Nomenclature.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariant>

// Reading the cells of an imported file: dates, durations, numbers, lists, and nomenclature labels mapped back to
// codes (a label or a code, accents, case and punctuation ignored: FrenchText::folded). Each parser answers false
// with a French message saying what the cell holds and what was expected ("« -5 » n'est pas une durée").
class ImportCells
{
    Q_DECLARE_TR_FUNCTIONS(ImportCells)

public:
    static const ImportCells &instance();

    static QString text(const QVariant &cell); // trimmed; a number without ".0"
    static bool isEmpty(const QVariant &cell) { return text(cell).isEmpty(); }
    // jj/mm/aaaa, aaaa-mm-jj, a real date or an Excel serial number. 31/02/2025 is refused.
    static bool date(const QVariant &cell, QDate *date, QString *error);
    // "jj/mm/aaaa à hh:mm" (the platform's "Enregistré le"), ISO 8601, a real date-time; Paris time unless the text
    // says otherwise. Answers UTC.
    static bool dateTime(const QVariant &cell, QDateTime *dateTime, QString *error);
    // Minutes: "45", "1h30", "1 h 30", "1:30", "90 min"; > 0.
    static bool duration(const QVariant &cell, int *minutes, QString *error);
    static bool integer(const QVariant &cell, int *value, QString *error);
    // oui/non (true/false, 1/0); empty: nullopt.
    static bool yesNo(const QVariant &cell, std::optional<bool> *value, QString *error);
    // The values of a multi-valued cell: one per line (the platform's intra-cell line break), or separated by ";".
    static QStringList list(const QVariant &cell);
    // "2/3" or "2": the number of stars.
    static bool stars(const QVariant &cell, int *stars, QString *error);

    // The code for a label or a code of a list; empty when unknown.
    QString code(Nomenclature::List list, const QString &text) const;
    // The code of a thématique, médiation numérique or démarche.
    QString thematique(const QString &text) const;
    // The code of the list whose item has this many stars (autonomie, niveau_atelier); empty when none.
    static QString codeForStars(Nomenclature::List list, int stars);
    // "valeur inconnue pour la thématique : « X » (vouliez-vous dire « Y » ?)": the closest label when one is close.
    QString unknown(const QList<Nomenclature::List> &lists, const QString &text, const QString &what) const;

    // Header cells compare folded: "Canaux d’accompagnement" matches "Canaux d'accompagnement".
    static QString key(const QString &header);

private:
    ImportCells();
    QHash<int, QHash<QString, QString>> m_codes; // list -> folded label or code -> code
};
