#pragma once

#include "models/io/ImportPlan.h"

#include <QCoreApplication>
#include <QVariantList>

class ImportContext;
class TableReader;

// Reads a file of one row per accompagnement, the platform's activities export (buildAccompagnementsWorksheet.ts in
// its repository: its columns, labels and "ID CRA") or Carnet's own activities file (the same columns, then "ID
// bénéficiaire suivi", "ID lieu", "Année de naissance", "Déjà accompagné", "Source", "Clé d'import"). The rows are
// grouped back into activities by "ID CRA"; a workshop's anonymous rows are counted back into its counters (the
// inverse of createBeneficiairesForParticipantsAnonymes.ts), its followed ones into its participants.
class AccompagnementImporter
{
    Q_DECLARE_TR_FUNCTIONS(AccompagnementImporter)

public:
    // True when the row is the header of such a file (its first cells are "Date", "Enregistré le").
    static bool isHeader(const QVariantList &cells);
    // True when the header carries Carnet's own columns.
    static bool isCarnetHeader(const QVariantList &cells);

    // The rows of one activity ("ID CRA") are grouped back when at most this many rows lie between two of them
    // (only the activities of the last rows are held); beyond, the file is refused.
    static constexpr int GroupWindowRows = 5000;

    // Reads the rows after the header into the plan. coop: the platform's export (source coop, already on the
    // platform); otherwise Carnet's file.
    static void read(TableReader &reader, const QVariantList &header, bool coop, ImportContext &context);
};
