#pragma once

#include "models/io/ColumnMapping.h"
#include "models/io/Importer.h"

#include <QDialog>
#include <QStringList>

class BackgroundTask;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class Store;
class TaskProgress;

// "Importer…": choose the file (and, if need be, its format and encoding), map the columns of a generic spreadsheet
// (a combo per field, the guesses preselected), then a preview (the format recognised, the counts, the first
// activities as they will be imported) and the problems by row and column, then "Importer" writes everything in one
// transaction. Reading and writing run on a worker thread with a store of its own on the same base, behind a
// progress bar; "Annuler" stops the reading and nothing is written.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    enum Page { FilePage, MappingPage, PreviewPage };

    explicit ImportDialog(Store &store, QWidget *parent = nullptr);
    ~ImportDialog() override;

    // What "Choisir…" would set (tests pre-answer the file dialog this way).
    void setFile(const QString &path);
    Page page() const;
    const ImportPlan &plan() const { return m_plan; }
    // The worker's task, so that tests can wait for it.
    BackgroundTask *task() const;
    static constexpr int PreviewRows = 50;

signals:
    // Activities were written: the window reloads its views.
    void imported(int activities);

private:
    void chooseFile();
    void next(); // from the file page: the mapping page for a generic spreadsheet, else the reading
    void read();
    void showPlan();
    void import();
    void cancel();
    void setBusy(const QString &what, bool cancellable);
    ImportOptions options() const;

    Store &m_store;
    QStackedWidget *m_pages = nullptr;
    QLineEdit *m_file = nullptr;
    QComboBox *m_format = nullptr;
    QComboBox *m_encoding = nullptr;
    QList<QComboBox *> m_columns; // one per ColumnMapping::Field
    QStringList m_headers;
    QLabel *m_summary = nullptr;
    QTableWidget *m_preview = nullptr;
    QLabel *m_problemsLabel = nullptr;
    QTableWidget *m_problems = nullptr;
    QCheckBox *m_ignoreProblems = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_back = nullptr;
    QPushButton *m_next = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_cancel = nullptr;
    TaskProgress *m_work = nullptr; // the worker, its progress on m_progress and Annuler
    ImportPlan m_plan;
    bool m_mapping = false; // the mapping page was shown: its columns are used
};
