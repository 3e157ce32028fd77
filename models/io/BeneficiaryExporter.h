#pragma once

#include <QCoreApplication>
#include <QDate>
#include <QString>

#include <functional>

class Store;

// The followed beneficiaries in the platform's own import template (apps/web/public/modeles/
// coop-numerique_import-beneficiaires.xlsx), so that a mediator loads them into La Coop without typing them again.
// Same sheet ("Bénéficiaires"), the same instruction row and two header rows (merged as there), then one person a row
// from row 4, in the columns and forms its reader parses (apps/web/src/features/beneficiaire/abilities/
// importer-beneficiaires/analyse/analyseImportBeneficiairesExcel.ts): Nom, Prénom, Année de naissance (a number),
// Commune (Nom, Code INSEE, Code postal as text), N° de téléphone (text, its leading 0 kept), E-mail, Genre (the
// label: parseGenre reads its first letter), Notes supplémentaires. Deleted (anonymised) beneficiaries are left out;
// the reader stops at the first empty row, so none is written empty.
class BeneficiaryExporter
{
    Q_DECLARE_TR_FUNCTIONS(BeneficiaryExporter)

public:
    // The template's header cells, row by row (row 1: the instructions; rows 2 and 3: the headers).
    static QString instructions();
    static QStringList headerRow();
    static QStringList subHeaderRow();

    // Writes the XLSX at path (temporary name, then renamed). False with a French message, nothing at path.
    static bool write(const Store &store, const QString &path, int *count, QString *error,
        const std::function<bool()> &cancelled = {});

    // "carnet_beneficiaires_AAAA-MM-JJ.xlsx".
    static QString fileName(const QDate &day);
};
