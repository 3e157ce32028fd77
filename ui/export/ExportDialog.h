#pragma once

#include "models/io/ExportFilter.h"

#include <QDialog>
#include <QString>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class Store;
class TaskProgress;

// "Exporter…": the activities (the filters of Mes activités), the statistics (the period and filters of
// Statistiques) or the followed beneficiaries (La Coop's import template) to a file. Format CSV or XLSX, the
// separator for CSV, the period and filters said in words, the file with a sensible name (carnet_activites_AAAA-MM-
// JJ.xlsx in the last folder used). The export runs on a worker thread with its own connection to the base, behind a
// progress bar and Annuler; a cancelled or failed export leaves nothing at the destination. At the end the dialog
// says what was written, with "Ouvrir le dossier".
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Kind { Activities, Statistics, Beneficiaries };

    ExportDialog(Store &store, Kind kind, const ExportFilter &filter, QWidget *parent = nullptr);
    ~ExportDialog() override;

    // Tests: the file to write (skips the file chooser), then export() as the Exporter button does.
    void setFilePath(const QString &path);
    QString filePath() const;
    void setFormat(const QString &format); // "csv" or "xlsx"
    bool isRunning() const;
    // Blocks until a running export is over (tests, closing).
    void wait();
    // The last export's outcome: empty message while none; error true when it failed or was cancelled.
    QString message() const { return m_message; }
    bool failed() const { return m_failed; }

    // The sensible file name of a kind and format for a day.
    static QString defaultFileName(Kind kind, const QString &format, const QDate &day);

public slots:
    void startExport();

signals:
    // A file was written (the window says it in its status bar).
    void exported(const QString &path, const QString &message);

protected:
    void reject() override;

private:
    void chooseFile();
    void updateFormat();
    void finish();

    Store &m_store;
    Kind m_kind;
    ExportFilter m_filter;
    QComboBox *m_format = nullptr;
    QComboBox *m_separator = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_choose = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_openFolder = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    TaskProgress *m_work = nullptr; // the worker, its progress on m_progress and Annuler

    // Shared with the worker.
    struct Shared
    {
        QString error; // written by the worker, read after it ends
        QString summary;
        bool ok = false;
    };
    std::shared_ptr<Shared> m_shared;
    QString m_message;
    bool m_failed = false;
};
