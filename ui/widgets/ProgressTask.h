#pragma once

#include <QCoreApplication>
#include <QString>

#include <functional>

class QWidget;

// Runs one long piece of work (a restore, a salvage) on a worker thread (BackgroundTask) behind a modal progress
// dialog with a busy bar and no cancel button, the event loop turning meanwhile: the window is told, and the
// SingleInstance server keeps answering a second start. Returns once the work is over.
class ProgressTask
{
    Q_DECLARE_TR_FUNCTIONS(ProgressTask)

public:
    static constexpr const char *DialogName = "progressTask"; // the dialog's objectName (tests)
    static void run(const QString &label, std::function<void()> work, QWidget *parent = nullptr);
};
