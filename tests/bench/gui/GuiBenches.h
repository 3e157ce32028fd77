#pragma once

#include <QList>
#include <QString>

struct GuiFigure
{
    QString name;
    double value;
    QString unit;
};
QList<GuiFigure> runKeysBench(QString *error);

// window_open_1m_ms, window_open_1m_rss_mb: starts the `carnet` executable on a base of `count` demo activities
// (made in a temporary folder, or the existing base of existingDataDir) until its window answers.
QList<GuiFigure> runWindowOpenBench(
    const QString &carnet, const QString &existingDataDir, qint64 count, QString *error);

// pdf_review_5k_s: the PDF review of a year of about 5,000 activities (statistics and every page), ReviewPdfBench.cpp.
QList<GuiFigure> runReviewPdfBench(QString *error);
