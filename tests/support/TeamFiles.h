#pragma once

// The files a structure's manager gathers for the structure review (models/io/StructureReview): each mediator's
// activities export, written by the exporter from a base whose profile names the mediator, and a file that is not a
// workbook. Shared by the review's tests in models/, app/ and ui/.

#include "models/io/ActivityExporter.h"
#include "models/io/CsvWriter.h"
#include "models/io/ExportFilter.h"
#include "models/io/XlsxWriter.h"
#include "models/store/Store.h"
#include "tests/support/TestData.h"

#include <QFile>
#include <QTemporaryDir>

#include <memory>

namespace TeamFiles {

// The base's mediator, whom the header block of its exports names.
inline bool setName(Store &store, const QString &prenom, const QString &nom)
{
    Profile p = store.profile();
    p.prenom = prenom;
    p.nom = nom;
    QString error;
    if (!store.saveProfile(p, &error)) {
        qWarning() << error;
        return false;
    }
    return true;
}

// The activities export of a base, as a mediator sends it (exported at TestData::fixedNow()): CSV when the path ends
// in .csv, else XLSX.
inline bool exportActivities(const Store &store, const QString &path, const ExportFilter &filter = ExportFilter())
{
    std::unique_ptr<TableWriter> writer;
    if (path.endsWith(QLatin1String(".csv"))) {
        auto csv = std::make_unique<CsvWriter>(path);
        if (!csv->open()) {
            qWarning() << csv->error();
            return false;
        }
        writer = std::move(csv);
    } else {
        auto xlsx = std::make_unique<XlsxWriter>(path, QStringLiteral("Activités"));
        if (!xlsx->open()) {
            qWarning() << xlsx->error();
            return false;
        }
        writer = std::move(xlsx);
    }
    ActivityExporter::Options options;
    options.filter = filter;
    options.exportedAt = TestData::fixedNow();
    ActivityExporter::Result result;
    QString error;
    if (!ActivityExporter::write(store, *writer, options, &result, &error) || !writer->commit(&error)) {
        qWarning() << error;
        return false;
    }
    return true;
}

// The mediator named, then the export.
inline bool exportActivities(Store &store, const QString &path, const QString &prenom, const QString &nom)
{
    return setName(store, prenom, nom) && exportActivities(store, path);
}

// A file named like a workbook that is not one.
inline bool writeBroken(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write("pas un classeur") > 0;
}

// Two mediators' demo bases and their exports in one folder: camille.xlsx (Camille Martin), dominique.xlsx
// (Dominique Petit), and abime.xlsx, not a workbook.
struct Team
{
    TestData::Fixture camille;
    TestData::Fixture dominique;
    QTemporaryDir files;
    QString camilleFile;
    QString dominiqueFile;
    QString brokenFile;
    qint64 camilleActivities = 0; // as Store::counts() says, once exported
    qint64 dominiqueActivities = 0;

    bool make(qint64 camilleCount, quint64 camilleSeed, qint64 dominiqueCount, quint64 dominiqueSeed)
    {
        camilleFile = files.filePath(QStringLiteral("camille.xlsx"));
        dominiqueFile = files.filePath(QStringLiteral("dominique.xlsx"));
        brokenFile = files.filePath(QStringLiteral("abime.xlsx"));
        if (!camille.openWithDemo(camilleCount, camilleSeed) || !dominique.openWithDemo(dominiqueCount, dominiqueSeed)
            || !exportActivities(camille.store, camilleFile, QStringLiteral("Camille"), QStringLiteral("Martin"))
            || !exportActivities(dominique.store, dominiqueFile, QStringLiteral("Dominique"), QStringLiteral("Petit"))
            || !writeBroken(brokenFile))
            return false;
        camilleActivities = camille.store.counts().activites();
        dominiqueActivities = dominique.store.counts().activites();
        return true;
    }
};

} // namespace TeamFiles
