#pragma once

#include "models/domain/Place.h"
#include "models/domain/Profile.h"
#include "models/io/ExportFilter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

class TableWriter;

// The block above an export's table, as the platform writes it (apps/web/src/libs/worksheet/addExportMetadata.ts and
// apps/web/src/worksheet/buildWorksheetHelpers.ts, addFilters): a bold title, then "label; value" rows, in two parts,
// "Informations export" (the mediator, the export's date and time) and "Filtres" (period, source, places, communes,
// départements, types, thématiques, tags, "-" for a filter not set), then an empty row.
class ExportHeader
{
    Q_DECLARE_TR_FUNCTIONS(ExportHeader)

public:
    // The "label; value" rows of the filters, in the platform's order (also what the window's dialog shows).
    static QList<QPair<QString, QString>> filterRows(const ExportFilter &filter, const QHash<QUuid, Place> &places);
    // One sentence for the window: "Du 01/01/2026 au 31/12/2026, ateliers collectifs, thématique Courriels".
    static QString describe(const ExportFilter &filter, const QHash<QUuid, Place> &places);

    // Writes the whole block: title (e.g. "Carnet – Activités"), informations, filters, then an empty row. total:
    // the "Total" row of the platform's activities export, left out when negative.
    static bool write(TableWriter &writer, const QString &title, const Profile &profile, const QDateTime &exportedAt,
        const ExportFilter &filter, const QHash<QUuid, Place> &places, qint64 total = -1);

    static QString roleLabel(const Profile &profile);
    // An ActivitySource code as the Statistics view's "Source" filter shows it ("La Coop"); the code itself when
    // unknown.
    static QString sourceLabel(const QString &code);
    // The ActivitySource codes in the order the Statistics view lists them.
    static QStringList sourceCodes();
    static QString periodLabel(const QDate &from, const QDate &to);
};
