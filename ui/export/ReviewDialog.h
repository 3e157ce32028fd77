#pragma once

#include "models/stats/StatsFilter.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class Store;

// "Bilan PDF…": the PDF "Bilan d'activité" (ReviewPdf) of a period, a year by default (the last full calendar year
// when the base has activities in it, else this year), with the sections to include, the programme of the year
// (remembered per data folder, as the logo), an optional logo and PDF/A. Saving asks for the file
// (carnet_bilan_<prénom-nom>_<du>_<au>.pdf), computes the statistics on a worker thread, then paints the pages on the
// GUI thread (Qt Charts), behind a progress dialog with "Annuler"; the file is written under a temporary name and
// renamed, so a failure or a cancel leaves nothing at the destination.
class ReviewDialog : public QDialog
{
    Q_OBJECT

public:
    // viewFilter: the statistics view's filters, offered for the review (its period is not used).
    ReviewDialog(Store &store, const StatsFilter &viewFilter, QWidget *parent = nullptr);

    enum PeriodChoice { LastYear, ThisYear, Custom };
    void setPeriod(PeriodChoice choice, const QDate &from = {}, const QDate &to = {});
    QDate from() const;
    QDate to() const;
    // The file to write, instead of asking (tests, or a name chosen before).
    void setOutputPath(const QString &path) { m_outputPath = path; }
    QString writtenPath() const { return m_written; } // after a successful save
    // The QSettings keys of this data folder's remembered programme and logo.
    static QString settingsKey(const Store &store, const char *name);

signals:
    void written(const QString &path);

private:
    void save();
    bool generate(const QString &path, QString *error, bool *cancelled);
    void remember() const;

    Store &m_store;
    StatsFilter m_viewFilter;
    QComboBox *m_period = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QCheckBox *m_keepFilters = nullptr;
    QHash<int, QCheckBox *> m_sections; // by ReviewPdf::Section
    QPlainTextEdit *m_programme = nullptr;
    QLineEdit *m_logo = nullptr;
    QCheckBox *m_pdfA = nullptr;
    QLabel *m_message = nullptr;
    QString m_outputPath;
    QString m_written;
};
