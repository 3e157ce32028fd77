#include "ui/MainWindow.h"

#include "models/store/Backups.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "sync/SyncStatus.h"
#include "sync/client/SyncEngine.h"
#include "ui/BusyWait.h"
#include "ui/activities/ActivitiesView.h"
#include "ui/beneficiaries/BeneficiariesView.h"
#include "ui/cra/CraForm.h"
#include "ui/export/ReviewDialog.h"
#include "ui/export/StructureReviewDialog.h"
#include "ui/import/ImportDialog.h"
#include "ui/places/PlacesView.h"
#include "ui/settings/SettingsView.h"
#include "ui/statistics/StatisticsView.h"
#include "ui/sync/SyncView.h"
#include "ui/widgets/BackgroundTask.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTextEdit>
#include <QUndoStack>
#include <QVBoxLayout>

#include <memory>

#include <utility>

namespace {
// Before they were kept per data folder: adopted by the first folder opened since (see settingsKey).
const QString kLegacyGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kLegacyViewKey = QStringLiteral("mainWindow/view");
constexpr int kViewCount = 7;
} // namespace

QString MainWindow::settingsKey(const QString &filePath, const QString &name)
{
    const QString folder = QDir::cleanPath(QFileInfo(filePath).absolutePath());
    const QByteArray hash = QCryptographicHash::hash(folder.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    return QStringLiteral("mainWindow/%1/%2").arg(QString::fromLatin1(hash), name);
}

MainWindow::MainWindow(Store &store, QWidget *parent)
    : QMainWindow(parent)
    , m_store(store)
{
    setWindowTitle(tr("Carnet"));
    setObjectName(QStringLiteral("mainWindow"));
    m_undo = new QUndoStack(this);

    m_form = new CraForm(m_store, m_undo, this);
    m_activities = new ActivitiesView(m_store, m_undo, this);
    m_statistics = new StatisticsView(m_store, this);
    m_beneficiaries = new BeneficiariesView(m_store, this);
    m_places = new PlacesView(m_store, this);
    // The sync on its own thread and connection (SyncEngine), never on a read-only or damaged base.
    m_engine = new SyncEngine(m_store.filePath(), Clock::system(), SyncEngine::Options(), this);
    m_engine->setPaused(m_store.isReadOnly());
    m_sync = new SyncView(m_store, *m_engine, QFileInfo(m_store.filePath()).absolutePath(), this);
    m_settings = new SettingsView(m_store, this);

    buildNavigation();
    buildMenus();
    connectViews();
    qApp->installEventFilter(this); // Ctrl+Z for the undo stack from any field (see eventFilter)

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("statusCount"));
    m_syncLabel = new QLabel(this);
    m_syncLabel->setObjectName(QStringLiteral("statusSync"));
    statusBar()->addWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_syncLabel);
    // A write that waits for another program's lock says so and keeps the window alive (BusyWait).
    m_busy = new BusyWait(statusBar(), this);
    m_store.setBusyWait(m_busy->hook());
    connect(m_busy, &BusyWait::waitOver, this, [this] {
        if (!m_closeWhenWaitOver)
            return;
        m_closeWhenWaitOver = false;
        close();
    });
    m_dailyBackup = new BackgroundTask(this);

    QSettings settings;
    const QString geometryKey = settingsKey(m_store.filePath(), QStringLiteral("geometry"));
    const QString viewKey = settingsKey(m_store.filePath(), QStringLiteral("view"));
    for (const auto &[legacy, key] : {std::pair(kLegacyGeometryKey, geometryKey), std::pair(kLegacyViewKey, viewKey)}) {
        if (!settings.contains(legacy))
            continue;
        if (!settings.contains(key))
            settings.setValue(key, settings.value(legacy));
        settings.remove(legacy);
    }
    if (!restoreGeometry(settings.value(geometryKey).toByteArray())) {
        // 1280 × 720, or the whole screen when it is smaller (1366 × 768 at 150 % is 910 × 512).
        const QSize available = screen() ? screen()->availableGeometry().size() : QSize(1280, 720);
        resize(QSize(1280, 720).boundedTo(available));
    }
    // The first time, a base that already holds activities (an import, a demo) opens on their list.
    const View firstView = m_store.counts().activites() > 0 ? View::Activites : View::NouveauCra;
    const int view = settings.value(viewKey, static_cast<int>(firstView)).toInt();
    if (!m_store.privacyNotice().isEmpty())
        statusBar()->showMessage(m_store.privacyNotice(), 30000);
    refresh(); // before the first view: statistics are computed once, when shown
    showView(view >= 0 && view < kViewCount ? static_cast<View>(view) : View::NouveauCra);
}

MainWindow::~MainWindow()
{
    m_store.setBusyWait({});
    qApp->removeEventFilter(this);
}

namespace {
// Whether the focused field has an edit of its own that Ctrl+Z (or Ctrl+Maj+Z) would undo (or redo).
bool fieldHasOwnHistory(QObject *field, bool redo)
{
    QLineEdit *line = qobject_cast<QLineEdit *>(field);
    if (auto *spin = qobject_cast<QAbstractSpinBox *>(field))
        line = spin->findChild<QLineEdit *>();
    else if (auto *combo = qobject_cast<QComboBox *>(field))
        line = combo->lineEdit();
    if (line)
        return redo ? line->isRedoAvailable() : line->isUndoAvailable();
    if (auto *plain = qobject_cast<QPlainTextEdit *>(field))
        return redo ? plain->document()->isRedoAvailable() : plain->document()->isUndoAvailable();
    if (auto *text = qobject_cast<QTextEdit *>(field))
        return redo ? text->document()->isRedoAvailable() : text->document()->isUndoAvailable();
    return false;
}
} // namespace

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // A text field claims Ctrl+Z even with nothing to undo. When it has nothing, the key goes to the window's undo
    // stack, so that "Ctrl+Z" undoes a deletion wherever the focus is.
    if (event->type() == QEvent::ShortcutOverride) {
        auto *widget = qobject_cast<QWidget *>(watched);
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool undo = key->matches(QKeySequence::Undo);
        const bool redo = key->matches(QKeySequence::Redo);
        if ((undo || redo) && widget && widget->window() == this && !fieldHasOwnHistory(watched, redo))
            return true; // not accepted as an override: the window's shortcut runs
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::buildNavigation()
{
    struct Entry
    {
        QString label;
        QStyle::StandardPixmap icon;
        QWidget *page;
    };
    const Entry entries[] = {
        {tr("Nouveau CRA"), QStyle::SP_FileDialogNewFolder, m_form},
        {tr("Mes activités"), QStyle::SP_FileDialogDetailedView, m_activities},
        {tr("Statistiques"), QStyle::SP_FileDialogInfoView, m_statistics},
        {tr("Bénéficiaires"), QStyle::SP_DirHomeIcon, m_beneficiaries},
        {tr("Lieux"), QStyle::SP_DriveNetIcon, m_places},
        {tr("Synchronisation"), QStyle::SP_BrowserReload, m_sync},
        {tr("Paramètres"), QStyle::SP_FileDialogContentsView, m_settings},
    };
    static_assert(sizeof(entries) / sizeof(entries[0]) == kViewCount);

    auto *central = new QWidget(this);
    auto *column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    if (m_store.isReadOnly())
        column->addWidget(buildReadOnlyBanner());
    auto *layout = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    column->addLayout(layout, 1);
    m_navigation = new QListWidget(central);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Navigation"));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setSpacing(2);
    m_navigation->setBackgroundRole(QPalette::Window);
    m_pages = new QStackedWidget(central);
    m_pages->setObjectName(QStringLiteral("pages"));
    int index = 0;
    int widest = 0;
    for (const Entry &e : entries) {
        auto *item = new QListWidgetItem(style()->standardIcon(e.icon), e.label, m_navigation);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(e.label).arg(index + 1));
        item->setSizeHint(QSize(0, 34));
        widest = std::max(widest, m_navigation->fontMetrics().horizontalAdvance(e.label));
        m_pages->addWidget(e.page);
        ++index;
    }
    m_navigation->setFixedWidth(widest + 20 + 48);
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            navigate(static_cast<View>(row));
    });
    // While a CRA is modified "Mes activités" is highlighted over the form: a click on it still goes to the list.
    connect(m_navigation, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        const int row = m_navigation->row(item);
        if (row >= 0 && row != m_pages->currentIndex())
            navigate(static_cast<View>(row));
    });
    layout->addWidget(m_navigation);
    auto *line = new QFrame(central);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);
}

QWidget *MainWindow::buildReadOnlyBanner()
{
    auto *banner = new QFrame(this);
    banner->setObjectName(QStringLiteral("readOnlyBanner"));
    banner->setFrameShape(QFrame::StyledPanel);
    banner->setAutoFillBackground(true);
    QPalette palette = banner->palette();
    palette.setColor(QPalette::Window, QColor(0xfd, 0xf1, 0xc7));
    palette.setColor(QPalette::WindowText, QColor(0x4a, 0x3b, 0x00));
    banner->setPalette(palette);
    auto *layout = new QHBoxLayout(banner);
    layout->setContentsMargins(12, 8, 12, 8);
    auto *icon = new QLabel(banner);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(24, 24));
    layout->addWidget(icon);
    auto *text = new QLabel(banner);
    text->setObjectName(QStringLiteral("readOnlyReason"));
    text->setWordWrap(true);
    text->setText(tr("<b>Lecture seule</b> : %1 Vous pouvez consulter et exporter vos données ; rien ne peut être "
                     "enregistré ni supprimé.")
                      .arg(m_store.readOnlyReason().toHtmlEscaped()));
    text->setAccessibleName(tr("Lecture seule"));
    text->setAccessibleDescription(m_store.readOnlyReason());
    layout->addWidget(text, 1);
    if (m_store.isDamaged()) {
        // The ways out, here too: a restore goes through Paramètres (the file checked and confirmed there).
        auto *restore = new QPushButton(tr("Restaurer une sauvegarde…"), banner);
        restore->setObjectName(QStringLiteral("bannerRestore"));
        auto *salvage = new QPushButton(tr("Récupérer ce qui est lisible"), banner);
        salvage->setObjectName(QStringLiteral("bannerSalvage"));
        salvage->setToolTip(tr("Recopie ce qui est lisible dans une nouvelle base ; le fichier endommagé est gardé "
                               "dans le dossier des sauvegardes."));
        layout->addWidget(restore);
        layout->addWidget(salvage);
        connect(restore, &QPushButton::clicked, this, [this] {
            showView(View::Parametres);
            m_settings->restoreBackup();
        });
        connect(salvage, &QPushButton::clicked, this, [this] {
            if (!m_form->confirmLeave()) {
                showView(View::NouveauCra);
                return;
            }
            emit salvageRequested();
        });
    }
    return banner;
}

void MainWindow::openReview()
{
    ReviewDialog dialog(m_store, m_statistics->filter(), this);
    connect(&dialog, &ReviewDialog::written, this, [this](const QString &path) {
        statusBar()->showMessage(
            tr("Bilan d'activité enregistré dans « %1 ».").arg(QDir::toNativeSeparators(path)), 15000);
    });
    dialog.exec();
}

void MainWindow::buildMenus()
{
    // The menus have no Alt+letter of their own: every letter serves the CRA form's fields (Alt+D date, Alt+A
    // autonomie...). F10 opens the menu bar, as in GNOME applications.
    QMenu *file = menuBar()->addMenu(tr("Fichier"));
    QAction *newCra = file->addAction(tr("&Nouveau CRA"), this, [this] {
        m_form->startNew();
        showView(View::NouveauCra);
    });
    newCra->setShortcut(QKeySequence::New);
    QAction *importAction = file->addAction(tr("&Importer…"), this, &MainWindow::openImport);
    importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    importAction->setEnabled(!m_store.isReadOnly());
    // Reads other mediators' files into temporary bases: the user's base is not touched (read-only is fine).
    file->addAction(tr("&Bilan de structure…"), this, [this] {
        auto *dialog = new StructureReviewDialog(m_store.clock(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    file->addSeparator();
    QAction *exportActivities
        = file->addAction(tr("Exporter les &activités…"), this, [this] { openExport(ExportDialog::Kind::Activities); });
    exportActivities->setObjectName(QStringLiteral("exportActivitiesAction"));
    exportActivities->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction *exportStatistics = file->addAction(
        tr("Exporter les &statistiques…"), this, [this] { openExport(ExportDialog::Kind::Statistics); });
    exportStatistics->setObjectName(QStringLiteral("exportStatisticsAction"));
    exportStatistics->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    QAction *exportBeneficiaries = file->addAction(tr("Exporter les &bénéficiaires suivis (modèle La Coop)…"), this,
        [this] { openExport(ExportDialog::Kind::Beneficiaries); });
    exportBeneficiaries->setObjectName(QStringLiteral("exportBeneficiariesAction"));
    file->addSeparator();
    QAction *review = file->addAction(tr("&Bilan d'activité PDF…"), this, &MainWindow::openReview);
    review->setObjectName(QStringLiteral("actionReview"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quitter"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q)); // QKeySequence::Quit is empty on some platforms

    QMenu *edit = menuBar()->addMenu(tr("Édition"));
    QAction *undo = m_undo->createUndoAction(this, tr("Annuler"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this, tr("Rétablir"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    QMenu *view = menuBar()->addMenu(tr("Affichage"));
    for (int i = 0; i < m_navigation->count(); ++i) {
        QAction *go
            = view->addAction(m_navigation->item(i)->text(), this, [this, i] { navigate(static_cast<View>(i)); });
        go->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }

    auto *openMenus = new QAction(this);
    openMenus->setShortcut(Qt::Key_F10);
    connect(openMenus, &QAction::triggered, this, [this, file] { menuBar()->setActiveAction(file->menuAction()); });
    addAction(openMenus);

    QMenu *help = menuBar()->addMenu(tr("Aide"));
    help->addAction(tr("À &propos de Carnet"), this, [this] {
        QMessageBox::about(this, tr("À propos de Carnet"),
            tr("<p><b>Carnet %1</b></p><p>Comptes-rendus d'activité des médiateurs numériques, hors "
               "ligne.</p><p>Logiciel libre sous licence GNU GPL version 3 ou ultérieure.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

ExportDialog *MainWindow::openExport(ExportDialog::Kind kind)
{
    ExportFilter filter;
    if (kind == ExportDialog::Kind::Activities)
        filter = ExportFilter::fromList(m_activities->filter());
    else if (kind == ExportDialog::Kind::Statistics)
        filter = ExportFilter::fromStats(m_statistics->filter());
    auto *dialog = new ExportDialog(m_store, kind, filter, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportDialog::exported, this,
        [this](const QString &, const QString &message) { statusBar()->showMessage(message, 30000); });
    dialog->open();
    return dialog;
}

void MainWindow::connectViews()
{
    connect(
        m_activities, &ActivitiesView::exportRequested, this, [this] { openExport(ExportDialog::Kind::Activities); });
    connect(
        m_statistics, &StatisticsView::exportRequested, this, [this] { openExport(ExportDialog::Kind::Statistics); });
    connect(m_beneficiaries, &BeneficiariesView::exportRequested, this,
        [this] { openExport(ExportDialog::Kind::Beneficiaries); });
    connect(m_activities, &ActivitiesView::editRequested, this, [this](const QUuid &id) {
        if (m_form->editActivity(id))
            showView(View::NouveauCra);
    });
    connect(m_activities, &ActivitiesView::duplicateRequested, this, [this](const QUuid &id) {
        m_form->startDuplicate(id);
        showView(View::NouveauCra);
    });
    connect(m_activities, &ActivitiesView::importRequested, this, &MainWindow::openImport);
    connect(m_activities, &ActivitiesView::newRequested, this, [this] {
        m_form->startNew();
        showView(View::NouveauCra);
    });
    // After any change of activities, the views that count them follow (the hidden ones when next shown).
    const auto activitiesChanged = [this] {
        m_beneficiaries->reloadWhenShown();
        m_places->reloadWhenShown();
        refresh();
    };
    connect(m_form, &CraForm::saved, this, [this, activitiesChanged] {
        m_activities->reload();
        activitiesChanged();
        m_engine->noteSaved();
    });
    // Every deletion (from the list or the form) and its undo or redo goes through the undo stack: one place to
    // follow them, instead of also the views' own activitiesChanged / deleted signals, which reloaded everything twice.
    connect(m_undo, &QUndoStack::indexChanged, this, [this, activitiesChanged] {
        m_activities->reload();
        activitiesChanged();
        m_engine->noteSaved();
    });
    connect(m_beneficiaries, &BeneficiariesView::beneficiariesChanged, this, [this] {
        m_form->refreshChoices();
        m_activities->reload(); // a merge or a deletion changes activities
        refresh();
        m_engine->noteSaved();
    });
    connect(m_places, &PlacesView::placesChanged, this, [this] {
        m_form->refreshChoices();
        m_activities->reload();
        refresh();
        m_engine->noteSaved();
    });
    // What a sync brought from elsewhere, or a conflict resolved: the lists follow (the form keeps what is typed).
    const auto syncChanged = [this] {
        m_form->refreshChoices();
        m_activities->reload();
        m_beneficiaries->reloadWhenShown();
        m_places->reloadWhenShown();
        refresh();
    };
    connect(m_sync, &SyncView::changed, this, syncChanged);
    connect(m_sync, &SyncView::stateChanged, this, &MainWindow::refresh);
    connect(m_engine, &SyncEngine::started, this, &MainWindow::refresh);
    connect(m_engine, &SyncEngine::finished, this, [this, syncChanged](const SyncSession::Result &r) {
        if (r.pull.received > 0 || r.pull.conflicts > 0 || r.push.conflicts > 0)
            syncChanged();
        else
            refresh();
        if (!r.ok() && !r.message.isEmpty() && r.reachable)
            statusBar()->showMessage(tr("Synchronisation : %1").arg(r.message), 30000);
    });
    connect(m_statistics, &StatisticsView::reviewRequested, this, &MainWindow::openReview);
    connect(m_statistics, &StatisticsView::activitiesRequested, this,
        [this](const ActivityFilter &filter, const QString &selection) {
            m_activities->setFilter(filter, selection);
            showView(View::Activites);
        });
    connect(m_settings, &SettingsView::managePlacesRequested, this, [this] { showView(View::Lieux); });
    connect(m_settings, &SettingsView::restoreRequested, this, [this](const QString &file) {
        // What the form holds is settled first: the window is about to close.
        if (!m_form->confirmLeave()) {
            showView(View::NouveauCra);
            return;
        }
        emit restoreRequested(file);
    });
    connect(m_form, &CraForm::listRequested, this, [this] { showView(View::Activites); });
    connect(m_form, &CraForm::editingChanged, this, [this] {
        if (currentView() == View::NouveauCra)
            showView(View::NouveauCra); // the highlight follows: "Mes activités" while a stored CRA is modified
    });
}

void MainWindow::navigate(View view)
{
    // "Nouveau CRA" always starts a new CRA: leaving a modified one asks first when its changes are not saved (a new
    // CRA being typed is already the new one and stays).
    if (view == View::NouveauCra && m_form->isEditing())
        m_form->startNew();
    showView(view);
}

MainWindow::View MainWindow::currentView() const
{
    return static_cast<View>(m_pages->currentIndex());
}

void MainWindow::showView(View view)
{
    const int index = static_cast<int>(view);
    {
        const QSignalBlocker blocker(m_navigation);
        const bool modifying = view == View::NouveauCra && m_form->isEditing();
        m_navigation->setCurrentRow(modifying ? static_cast<int>(View::Activites) : index);
    }
    m_pages->setCurrentIndex(index);
    if (view == View::Statistiques && m_statisticsStale) {
        m_statisticsStale = false;
        m_statistics->refresh();
    } else if (view == View::Synchronisation)
        m_sync->refresh();
}

void MainWindow::openImport()
{
    if (m_store.isReadOnly())
        return;
    auto *dialog = new ImportDialog(m_store, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::imported, this, [this] {
        m_form->refreshChoices();
        reloadAll();
        refresh();
    });
    dialog->open();
}

void MainWindow::reloadAll()
{
    m_form->startNew();
    m_settings->reload();
    m_places->reloadWhenShown();
    m_beneficiaries->reloadWhenShown();
    m_activities->reload();
    refresh();
}

void MainWindow::startSession()
{
    // A draft left by a crash or a closed window is offered on the form: show it, whatever the last view was.
    if (m_form->restoreDraftIfAny())
        showView(View::NouveauCra);
    startDailyBackup();
}

void MainWindow::startDailyBackup()
{
    if (m_store.isReadOnly() || m_dailyBackup->isRunning())
        return;
    const QString path = m_store.filePath();
    const int days = QSettings().value(SettingsView::backupDaysKey(), Backups::DefaultKeepDays).toInt();
    auto error = std::make_shared<QString>();
    auto ok = std::make_shared<bool>(true);
    const QDate today = m_store.clock().today();
    m_dailyBackup->start([path, days, today, error, ok] { *ok = Backups::daily(path, days, today, error.get()); },
        [this, error, ok] {
            if (!*ok)
                statusBar()->showMessage(
                    tr("La sauvegarde automatique du jour n'a pas pu être faite : %1").arg(*error));
        });
}

void MainWindow::bringForward()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
    if (QWidget *modal = QApplication::activeModalWidget()) {
        modal->raise();
        modal->activateWindow();
    }
}

void MainWindow::refresh()
{
    using FrenchText::count;
    const StoreCounts c = m_store.counts();
    m_countLabel->setText(tr("%1 (%2, %3)")
                              .arg(count(c.activites(), tr("activité"), tr("activités")),
                                  count(c.individuels, tr("individuel"), tr("individuels")),
                                  count(c.collectifs, tr("atelier"), tr("ateliers"))));
    m_syncLabel->setText(m_sync->indicator());
    // Statistics follow the activities: at once when shown, else when next shown.
    m_statisticsStale = true;
    if (currentView() == View::Statistiques) {
        m_statisticsStale = false;
        m_statistics->refresh();
    }
    if (currentView() == View::Synchronisation)
        m_sync->refresh();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // A close that arrives while a write waits for the base (the window manager's close is delivered then) is put
    // off until the write is over: asking about the CRA now would open a dialog inside the wait, and a window closed
    // meanwhile would leave the write retrying behind it.
    if (m_busy && m_busy->isWaiting()) {
        m_closeWhenWaitOver = true;
        event->ignore();
        return;
    }
    // Nothing typed is lost: unsaved work is asked about first (as Ctrl+N does); a crash leaves its draft on disk,
    // offered back at the next start.
    if (!m_form->confirmLeave()) {
        showView(View::NouveauCra);
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(settingsKey(m_store.filePath(), QStringLiteral("geometry")), saveGeometry());
    settings.setValue(settingsKey(m_store.filePath(), QStringLiteral("view")), static_cast<int>(currentView()));
    event->accept();
}
