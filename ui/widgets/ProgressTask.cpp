#include "ui/widgets/ProgressTask.h"

#include "ui/widgets/BackgroundTask.h"

#include <QEvent>
#include <QEventLoop>
#include <QKeyEvent>
#include <QProgressDialog>

namespace {
// The dialog stays until the work is over: neither Escape nor the window's close button hides it.
class KeepOpen : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Close) {
            event->ignore();
            return true;
        }
        if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape)
            return true;
        return QObject::eventFilter(watched, event);
    }
};
} // namespace

void ProgressTask::run(const QString &label, std::function<void()> work, QWidget *parent)
{
    QProgressDialog dialog(label, QString(), 0, 0, parent);
    dialog.setObjectName(QLatin1String(DialogName));
    dialog.setWindowTitle(QStringLiteral("Carnet"));
    dialog.setWindowModality(Qt::ApplicationModal);
    dialog.setCancelButton(nullptr);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    dialog.setMinimumDuration(0);
    dialog.setMinimumWidth(380);
    KeepOpen keepOpen;
    dialog.installEventFilter(&keepOpen);

    QEventLoop loop;
    BackgroundTask task;
    // The continuation is queued from the worker: it runs inside loop.exec() below, however soon the work ends.
    task.start(std::move(work), [&loop] { loop.quit(); });
    dialog.show();
    loop.exec();
    dialog.hide();
}
