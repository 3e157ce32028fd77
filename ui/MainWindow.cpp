#include "MainWindow.h"

#include "FrenchText.h"
#include "Store.h"
#include "SyncStatus.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(Store &store, QWidget *parent) : QMainWindow(parent), m_store(store)
{
    setWindowTitle(tr("Carnet"));
    setObjectName(QStringLiteral("mainWindow"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    auto *title = new QLabel(tr("<h1>Carnet</h1><p>Vos comptes-rendus d'activité, même sans connexion.</p>"), central);
    m_summary = new QLabel(central);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(m_summary);
    layout->addStretch();
    setCentralWidget(central);

    QMenu *file = menuBar()->addMenu(tr("&Fichier"));
    QAction *quit = file->addAction(tr("&Quitter"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu *help = menuBar()->addMenu(tr("&Aide"));
    help->addAction(tr("À &propos de Carnet"), this, [this] {
        QMessageBox::about(this, tr("À propos de Carnet"),
                           tr("<p><b>Carnet %1</b></p><p>Comptes-rendus d'activité des médiateurs numériques, hors "
                              "ligne.</p><p>Logiciel libre sous licence GNU GPL version 3 ou ultérieure.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1100, 700);
    refresh();
}

void MainWindow::refresh()
{
    using FrenchText::count;
    const StoreCounts c = m_store.counts();
    const QString empty = c.activites() == 0
        ? tr("<p>Aucune activité pour l'instant. Pour découvrir Carnet avec des données fictives, lancez "
             "<code>carnet --data-dir /tmp/essai demo --count 5000</code> puis <code>carnet --data-dir "
             "/tmp/essai</code>.</p>")
        : QString();
    m_summary->setText(tr("<p>Données : <code>%1</code></p><p>%2 (%3, %4), %5, %6.</p>%7")
                           .arg(m_store.filePath().toHtmlEscaped(),
                                count(c.activites(), tr("activité"), tr("activités")),
                                count(c.individuels, tr("accompagnement individuel"), tr("accompagnements individuels")),
                                count(c.collectifs, tr("atelier collectif"), tr("ateliers collectifs")),
                                count(c.beneficiaires, tr("bénéficiaire suivi"), tr("bénéficiaires suivis")),
                                count(c.lieux, tr("lieu d'activité"), tr("lieux d'activité")), empty));
    statusBar()->showMessage(tr("%1 · %2").arg(count(c.activites(), tr("activité"), tr("activités")),
                                               SyncStatus::describe(SyncStatus::summarize(m_store))));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    event->accept();
}
