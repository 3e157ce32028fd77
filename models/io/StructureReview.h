#pragma once

#include "models/domain/Place.h"
#include "models/domain/Profile.h"
#include "models/io/ImportPlan.h"
#include "models/stats/StatsFilter.h"
#include "models/stats/StatsResult.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class TableWriter;

// The structure's review ("Bilan de structure"): a team manager gathers the activities files of several mediators
// (Carnet's activities file, or the platform's export: XLSX or CSV) and gets the figures per mediator and for the
// team, offline, each activity counted once.
//
// Each file is read with the importers (Importer, format recognised; only activities files are taken). Its mediator is
// read from its header block (ExportHeader: the rows "Prénom" and "Nom" of "Informations export", the platform's
// addExportMetadata.ts), else from the file's name; files are grouped by mediator (names compared folded: case and
// accents aside). Each mediator's files are imported into a temporary base of their own (a QTemporaryDir), and all of
// them into one more for the team: an activity already in a base by its id ("ID CRA") or import key is skipped
// (ImportPlan::dropExisting), which is what counts it once when a file is given twice or two exports overlap. The
// statistics (StatsEngine) of each base for the period and filters are then written as the statistics export writes
// them (StatsExporter), after a "Synthèse" sheet.
class StructureReview
{
    Q_DECLARE_TR_FUNCTIONS(StructureReview)

public:
    struct File
    {
        QString path;
        QString mediator; // as shown: "Camille Martin", or the file's name
        bool mediatorFromHeader = false; // false: from the file's name
        Profile profile; // nom, prénom, structure of the header block
        ImportFormat format = ImportFormat::Auto;
        qint64 activities = 0; // valid activities read
        qint64 problems = 0; // rows left out (ImportPlan::problemCount)
        qint64 duplicates = 0; // activities already given by an earlier file of the same mediator (after run())
        QString error; // French, naming the file: the file was not taken
        ImportPlan plan; // what was read
    };

    struct Figures
    {
        QString name; // the mediator, or "Équipe"
        Profile profile;
        QStringList files;
        qint64 activities = 0; // activities in the base (all periods), each once
        qint64 duplicates = 0; // activities dropped because an earlier file gave them (within the mediator)
        qint64 crossDuplicates = 0; // team: dropped because another mediator's file gave them
        StatsResult stats; // for the period and filters
        QHash<QUuid, Place> places;
    };

    struct Options
    {
        StatsFilter filter; // an invalid from: since the first activity of the team
        QDate today;
        QString encoding; // of CSV files that are not UTF-8 ("windows-1252")
        // Called with the work done and the work to do (activities); false cancels.
        std::function<bool(qint64 done, qint64 total)> progress;
    };

    // Reads one file: its mediator, format and activities (nothing written). On a problem, File::error.
    static File readFile(const QString &path, const QDate &today, const QString &encoding = QString());

    void addFile(File file) { m_files.append(std::move(file)); }
    const QList<File> &files() const { return m_files; }
    bool anyFileFailed() const;

    // Imports each mediator's files into temporary bases and computes the statistics. False with a French message
    // on a cancellation ("Bilan annulé") or when a temporary base fails; a file that failed to read is only reported.
    bool compute(const Options &options, QString *error);
    const QList<Figures> &mediators() const { return m_mediators; }
    const Figures &team() const { return m_team; }
    const StatsFilter &filter() const { return m_filter; }

    // The workbook: "Synthèse", "Équipe", then one sheet per mediator; temporary name then rename. A path ending in
    // .csv gives one CSV with the same sheets one under the other, each under its name.
    bool write(const QString &path, const QDateTime &exportedAt, QString *error) const;

    // "carnet_bilan_structure_AAAA-MM-JJ_AAAA-MM-JJ.xlsx"
    static QString fileName(const QDate &from, const QDate &to, const QString &extension = QStringLiteral("xlsx"));
    static QString cancelledMessage();
    // A sheet name a spreadsheet accepts: at most 31 characters, none of []:*?/\, not already used.
    static QString sheetName(const QString &name, const QStringList &used);

private:
    void writeSummary(TableWriter &writer, const QDateTime &exportedAt) const;

    QList<File> m_files;
    QList<Figures> m_mediators;
    Figures m_team;
    StatsFilter m_filter;
};
