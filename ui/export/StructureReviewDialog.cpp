#include "ui/export/StructureReviewDialog.h"

#include "models/domain/Clock.h"
#include "models/stats/StatsEngine.h"
#include "models/text/FrenchText.h"
#include "ui/widgets/TaskProgress.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace {
enum Column { FileColumn, MediatorColumn, CountColumn, ColumnCount };
} // namespace

StructureReviewDialog::StructureReviewDialog(const Clock &clock, QWidget *parent)
    : QDialog(parent)
    , m_clock(clock)
{
    setObjectName(QStringLiteral("structureReviewDialog"));
    setWindowTitle(tr("Bilan de structure"));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(tr("Choisissez les exports d'activités de vos médiateurs (fichiers d'activités de Carnet "
                                "ou exports de La Coop, xlsx ou csv). Chaque activité compte une fois, même si elle "
                                "figure dans plusieurs fichiers."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *fileButtons = new QHBoxLayout;
    m_add = new QPushButton(tr("Ajouter des fichiers…"));
    m_add->setObjectName(QStringLiteral("reviewAdd"));
    m_remove = new QPushButton(tr("Retirer"));
    m_remove->setObjectName(QStringLiteral("reviewRemove"));
    m_remove->setEnabled(false);
    fileButtons->addWidget(m_add);
    fileButtons->addWidget(m_remove);
    fileButtons->addStretch(1);
    layout->addLayout(fileButtons);

    m_files = new QTableWidget(0, ColumnCount);
    m_files->setObjectName(QStringLiteral("reviewFiles"));
    m_files->setHorizontalHeaderLabels({tr("Fichier"), tr("Médiateur"), tr("Activités ou problème")});
    m_files->horizontalHeader()->setSectionResizeMode(FileColumn, QHeaderView::ResizeToContents);
    m_files->horizontalHeader()->setSectionResizeMode(MediatorColumn, QHeaderView::ResizeToContents);
    m_files->horizontalHeader()->setStretchLastSection(true);
    m_files->verticalHeader()->hide();
    m_files->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_files->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_files->setWordWrap(true);
    layout->addWidget(m_files, 1);

    auto *period = new QHBoxLayout;
    const QDate today = m_clock.today();
    const StatsFilter defaults = StatsEngine::defaultFilter(today);
    m_from = new QDateEdit(defaults.from);
    m_from->setObjectName(QStringLiteral("reviewFrom"));
    m_to = new QDateEdit(defaults.to);
    m_to->setObjectName(QStringLiteral("reviewTo"));
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("dd/MM/yyyy"));
    }
    m_sinceStart = new QCheckBox(tr("Depuis la première activité"));
    m_sinceStart->setObjectName(QStringLiteral("reviewSinceStart"));
    auto *fromLabel = new QLabel(tr("&Du"));
    fromLabel->setBuddy(m_from);
    auto *toLabel = new QLabel(tr("a&u"));
    toLabel->setBuddy(m_to);
    period->addWidget(new QLabel(tr("Période :")));
    period->addWidget(fromLabel);
    period->addWidget(m_from);
    period->addWidget(toLabel);
    period->addWidget(m_to);
    period->addWidget(m_sinceStart);
    period->addStretch(1);
    layout->addLayout(period);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("reviewProgress"));
    m_progress->hide();
    layout->addWidget(m_progress);
    m_work = new TaskProgress(m_progress, this);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("reviewStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_save = new QPushButton(tr("Enregistrer…"));
    m_save->setObjectName(QStringLiteral("reviewSave"));
    m_save->setEnabled(false);
    m_save->setDefault(true);
    m_cancel = new QPushButton(tr("Fermer"));
    m_cancel->setObjectName(QStringLiteral("reviewCancel"));
    buttons->addWidget(m_save);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &StructureReviewDialog::chooseFiles);
    connect(m_remove, &QPushButton::clicked, this, &StructureReviewDialog::removeSelected);
    connect(m_files, &QTableWidget::itemSelectionChanged, this,
        [this] { m_remove->setEnabled(!m_work->isRunning() && !m_files->selectedItems().isEmpty()); });
    connect(m_save, &QPushButton::clicked, this, &StructureReviewDialog::save);
    connect(m_cancel, &QPushButton::clicked, this, &StructureReviewDialog::cancel);
    connect(m_sinceStart, &QCheckBox::toggled, m_from, &QWidget::setDisabled);
    resize(900, 560);
}

StructureReviewDialog::~StructureReviewDialog()
{
    m_work->cancelAndWait();
}

BackgroundTask *StructureReviewDialog::task() const
{
    return m_work->task();
}

void StructureReviewDialog::setPeriod(const QDate &from, const QDate &to)
{
    m_sinceStart->setChecked(!from.isValid());
    if (from.isValid())
        m_from->setDate(from);
    m_to->setDate(to);
}

StatsFilter StructureReviewDialog::filter() const
{
    StatsFilter f;
    f.to = m_to->date();
    if (!m_sinceStart->isChecked())
        f.from = m_from->date();
    return f;
}

QString StructureReviewDialog::suggestedFileName() const
{
    const StatsFilter f = filter();
    // Since the start: the first activity of the files is known once computed; the file says "debut".
    if (!f.from.isValid())
        return QStringLiteral("carnet_bilan_structure_debut_%1.xlsx").arg(f.to.toString(Qt::ISODate));
    return StructureReview::fileName(f.from, f.to);
}

void StructureReviewDialog::chooseFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Exports d'activités des médiateurs"), QString(),
        tr("Exports d'activités (*.xlsx *.csv);;Tous les fichiers (*)"));
    if (!paths.isEmpty())
        addFiles(paths);
}

void StructureReviewDialog::setBusy(const QString &what)
{
    m_status->setText(what);
    m_add->setEnabled(false);
    m_remove->setEnabled(false);
    m_save->setEnabled(false);
    m_from->setEnabled(false);
    m_to->setEnabled(false);
    m_sinceStart->setEnabled(false);
    m_cancel->setText(tr("Annuler"));
}

void StructureReviewDialog::setIdle()
{
    m_add->setEnabled(true);
    m_remove->setEnabled(!m_files->selectedItems().isEmpty());
    m_to->setEnabled(true);
    m_from->setEnabled(!m_sinceStart->isChecked());
    m_sinceStart->setEnabled(true);
    m_cancel->setText(tr("Fermer"));
    bool any = false;
    for (const StructureReview::File &f : m_review.files())
        any = any || f.error.isEmpty();
    m_save->setEnabled(any);
}

void StructureReviewDialog::addFiles(const QStringList &paths)
{
    if (m_work->isRunning() || paths.isEmpty())
        return;
    setBusy(paths.size() == 1
            ? tr("Lecture de %1…").arg(QFileInfo(paths.first()).fileName())
            : tr("Lecture de %1…").arg(FrenchText::count(paths.size(), tr("fichier"), tr("fichiers"))));
    auto read = std::make_shared<QList<StructureReview::File>>();
    const QDate today = m_clock.today();
    const TaskProgress::Ticket ticket = m_work->ticket();
    m_work->start(
        [read, paths, today, ticket] {
            ticket.setTotal(paths.size());
            for (const QString &path : paths) {
                if (ticket.cancelled())
                    return;
                read->append(StructureReview::readFile(path, today));
                ticket.advance();
            }
        },
        [this, read] {
            for (StructureReview::File &f : *read)
                m_review.addFile(std::move(f));
            const bool stopped = m_work->isCancelled();
            setIdle();
            showFiles();
            m_status->setText(stopped ? tr("Lecture annulée.") : QString());
        });
}

void StructureReviewDialog::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_files->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    StructureReview kept;
    for (int i = 0; i < m_review.files().size(); ++i) {
        if (!rows.contains(i))
            kept.addFile(m_review.files().at(i));
    }
    m_review = kept;
    showFiles();
    setIdle();
}

void StructureReviewDialog::showFiles()
{
    const QList<StructureReview::File> &files = m_review.files();
    m_files->setRowCount(int(files.size()));
    for (int row = 0; row < files.size(); ++row) {
        const StructureReview::File &f = files.at(row);
        auto *file = new QTableWidgetItem(QFileInfo(f.path).fileName());
        file->setToolTip(QDir::toNativeSeparators(f.path));
        m_files->setItem(row, FileColumn, file);
        QString mediator;
        QString count;
        if (f.error.isEmpty()) {
            mediator = f.mediatorFromHeader ? f.mediator : tr("%1 (d'après le nom du fichier)").arg(f.mediator);
            count = FrenchText::count(f.activities, tr("activité"), tr("activités"));
            if (f.duplicates > 0)
                count += tr(", %1 déjà dans un fichier précédent").arg(FrenchText::number(f.duplicates));
            if (f.problems > 0)
                count += tr(", %1 écartée(s)").arg(FrenchText::count(f.problems, tr("ligne"), tr("lignes")));
        } else {
            count = f.error;
        }
        auto *mediatorItem = new QTableWidgetItem(mediator);
        m_files->setItem(row, MediatorColumn, mediatorItem);
        auto *countItem = new QTableWidgetItem(count);
        if (!f.error.isEmpty())
            countItem->setForeground(m_files->palette().color(QPalette::Base).lightness() < 128
                    ? QColor(0xff, 0x8a, 0x80)
                    : QColor(0xb0, 0x00, 0x20));
        countItem->setToolTip(count);
        m_files->setItem(row, CountColumn, countItem);
    }
    m_files->resizeRowsToContents();
}

void StructureReviewDialog::save()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Enregistrer le bilan de structure"),
        QDir::home().filePath(suggestedFileName()), tr("Classeur (*.xlsx);;CSV (*.csv)"));
    if (!path.isEmpty())
        saveTo(path);
}

void StructureReviewDialog::saveTo(const QString &path)
{
    if (m_work->isRunning())
        return;
    setBusy(tr("Calcul du bilan…"));
    StructureReview::Options options;
    options.filter = filter();
    options.today = m_clock.today();
    const TaskProgress::Ticket ticket = m_work->ticket();
    options.progress = ticket.progress();
    // The worker works on a copy (the activities are shared, not copied): the list stays for another period.
    auto review = std::make_shared<StructureReview>(m_review);
    auto error = std::make_shared<QString>();
    auto ok = std::make_shared<bool>(false);
    const QDateTime now = m_clock.nowUtc();
    m_work->start(
        [review, options, path, now, error, ok, ticket] {
            if (!review->compute(options, error.get()))
                return;
            if (ticket.cancelled()) {
                *error = StructureReview::cancelledMessage();
                return;
            }
            *ok = review->write(path, now, error.get());
        },
        [this, review, error, ok, path] {
            setIdle();
            if (!*ok) {
                m_status->setText(error->isEmpty() ? StructureReview::cancelledMessage() : *error);
                return;
            }
            // The list shows the duplicates found in each file now.
            m_review = *review;
            showFiles();
            qint64 failed = 0;
            for (const StructureReview::File &f : review->files())
                failed += f.error.isEmpty() ? 0 : 1;
            QString text
                = tr("Bilan enregistré dans %1 : %2, %3 pour l'équipe.")
                      .arg(QFileInfo(path).fileName(),
                          FrenchText::count(review->mediators().size(), tr("médiateur"), tr("médiateurs")),
                          FrenchText::count(review->team().stats.headline.activites, tr("activité"), tr("activités")));
            const qint64 duplicates = review->team().duplicates + review->team().crossDuplicates;
            if (duplicates > 0)
                text += QLatin1Char(' ')
                    + tr("%1 (comptés une seule fois).")
                          .arg(FrenchText::count(duplicates, tr("doublon écarté"), tr("doublons écartés")));
            if (failed > 0)
                text += QLatin1Char(' ')
                    + tr("%1 non lu(s), voir la liste.").arg(FrenchText::count(failed, tr("fichier"), tr("fichiers")));
            m_status->setText(text);
            emit saved(path);
        });
}

void StructureReviewDialog::cancel()
{
    if (m_work->isRunning()) {
        m_work->cancel();
        return;
    }
    reject();
}
