#pragma once

#include "models/io/StructureReview.h"

#include <QDialog>
#include <QStringList>

class BackgroundTask;
class Clock;
class QCheckBox;
class QDateEdit;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class TaskProgress;

// "Bilan de structure…": the manager chooses several mediators' activities files; each is read on a worker thread
// (StructureReview::readFile) and listed with the mediator found (from its header block, else its name) and its
// activities, or its problem. Then the period, and "Enregistrer…" computes the review (temporary bases, statistics)
// and writes the workbook on a worker thread, behind a progress bar; "Annuler" stops it and nothing is written (the
// workbook is written under a temporary name, then renamed).
class StructureReviewDialog : public QDialog
{
    Q_OBJECT

public:
    explicit StructureReviewDialog(const Clock &clock, QWidget *parent = nullptr);
    ~StructureReviewDialog() override;

    // What "Ajouter des fichiers…" does once the files are chosen (tests pre-answer the file dialog this way).
    void addFiles(const QStringList &paths);
    // What "Enregistrer…" does once the destination is chosen.
    void saveTo(const QString &path);
    void setPeriod(const QDate &from, const QDate &to);
    const StructureReview &review() const { return m_review; }
    QString suggestedFileName() const;
    // The worker's task, so that tests can wait for it.
    BackgroundTask *task() const;

signals:
    void saved(const QString &path);

private:
    void chooseFiles();
    void removeSelected();
    void save();
    void cancel();
    void showFiles();
    void setBusy(const QString &what);
    void setIdle();
    StatsFilter filter() const;

    const Clock &m_clock;
    StructureReview m_review;
    QTableWidget *m_files = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QCheckBox *m_sinceStart = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_cancel = nullptr;
    TaskProgress *m_work = nullptr; // the worker, its progress on m_progress and Annuler
};
