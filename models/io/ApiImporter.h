#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

class ImportContext;

// Reads JSON pages of the platform's GET /api/v1/activites (its JSON:API shape: {"data": [{"type": "activite", "id",
// "attributes": {...}}], "links", "meta"}; apps/web/src/app/api/v1/activites/route.ts), with the "beneficiaires"
// aggregates the live API adds (total, genres, tranches_age, statuts), which give an individual activity's person
// and a workshop's anonymous counters. Source coop; already on the platform (sync state sent).
class ApiImporter
{
    Q_DECLARE_TR_FUNCTIONS(ApiImporter)

public:
    // True when the document looks like such a page.
    static bool isApiPage(const QByteArray &json);
    // Reads one page (pageName names it in messages: the file).
    static void read(const QByteArray &json, const QString &pageName, ImportContext &context);
};
