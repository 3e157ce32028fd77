#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

class ImportContext;
class TableReader;

// Reads the former Espace Coop's CRA records (conseillers numériques, 2020-2024), as the platform keeps and serves
// them (GET /api/v1/archives-v1/cras, apps/web/src/app/api/v1/archives-v1/cras/route.ts, CraV1Attributes: canal,
// activite, nb_participants, age_*, statut_*, themes, duree, date_accompagnement...), either as JSON pages of that
// route or as a spreadsheet whose header row holds those names. Translated to today's codes through
// v1_espace_coop_mapping of resources/nomenclature.json; source v1, already on the platform (sync state sent).
class V1Importer
{
    Q_DECLARE_TR_FUNCTIONS(V1Importer)

public:
    static bool isHeader(const QVariantList &cells);
    static bool isApiPage(const QByteArray &json);
    static void read(TableReader &reader, const QVariantList &header, ImportContext &context);
    static void read(const QByteArray &json, const QString &pageName, ImportContext &context);

private:
    // One record, its attribute names folded (FrenchText::folded: "date_accompagnement" -> "date accompagnement").
    static void readRecord(const QVariantMap &record, qint64 row, const QString &where, ImportContext &context);
};
