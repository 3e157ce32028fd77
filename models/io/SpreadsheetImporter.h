#pragma once

#include "models/io/ColumnMapping.h"

#include <QCoreApplication>
#include <QVariantList>

class ImportContext;
class TableReader;

// Reads a mediator's own spreadsheet, one activity a row, through a column mapping (source tableur). Free words are
// mapped to codes by their label, accents and case ignored (FrenchText::folded); an unknown thématique is named with
// the closest label when one is close. Each row's import key is made from its mapped cells (ImportContext::
// contentKey): the file has no ids of its own.
class SpreadsheetImporter
{
    Q_DECLARE_TR_FUNCTIONS(SpreadsheetImporter)

public:
    static void read(
        TableReader &reader, const QStringList &headers, const ColumnMapping &mapping, ImportContext &context);
};
