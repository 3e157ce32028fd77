#include "ui/export/ExportDialog.h"

#include "models/domain/Clock.h"
#include "models/io/ActivityExporter.h"
#include "models/io/BeneficiaryExporter.h"
#include "models/io/CsvWriter.h"
#include "models/io/ExportHeader.h"
#include "models/io/StatsExporter.h"
#include "models/io/XlsxWriter.h"
#include "models/stats/StatsEngine.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "ui/widgets/BackgroundTask.h"
#include "ui/widgets/TaskProgress.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <QVBoxLayout>

namespace {
const char *const kFolderKey = "export/dossier";
} // namespace

QString ExportDialog::defaultFileName(Kind kind, const QString &format, const QDate &day)
{
    switch (kind) {
    case Kind::Activities:
        return ActivityExporter::fileName(day, format);
    case Kind::Statistics:
        return StatsExporter::fileName(day, format);
    case Kind::Beneficiaries:
        return BeneficiaryExporter::fileName(day);
    }
    return QString();
}

ExportDialog::ExportDialog(Store &store, Kind kind, const ExportFilter &filter, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_kind(kind)
    , m_filter(filter)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(kind == Kind::Activities ? tr("Exporter les activités")
            : kind == Kind::Statistics      ? tr("Exporter les statistiques")
                                            : tr("Exporter les bénéficiaires suivis"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    layout->addLayout(form);

    QHash<QUuid, Place> places;
    for (const Place &p : store.places(true))
        places.insert(p.id, p);
    auto *what = new QLabel(this);
    what->setObjectName(QStringLiteral("exportFilters"));
    what->setWordWrap(true);
    if (kind == Kind::Beneficiaries)
        what->setText(tr("Tous les bénéficiaires suivis, dans le modèle d'import de La Coop de la médiation "
                         "numérique (à importer dans « Mes bénéficiaires »)."));
    else
        what->setText(ExportHeader::describe(filter, places));
    form->addRow(kind == Kind::Beneficiaries ? tr("Contenu :") : tr("Période et filtres :"), what);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    if (kind != Kind::Beneficiaries)
        m_format->addItem(tr("CSV (tableur, texte)"), QStringLiteral("csv"));
    m_format->addItem(tr("XLSX (Excel, LibreOffice)"), QStringLiteral("xlsx"));
    form->addRow(tr("&Format :"), m_format);
    m_separator = new QComboBox(this);
    m_separator->setObjectName(QStringLiteral("exportSeparator"));
    m_separator->addItem(tr("Point-virgule (Excel et LibreOffice en français)"), QStringLiteral("point-virgule"));
    m_separator->addItem(tr("Virgule"), QStringLiteral("virgule"));
    form->addRow(tr("&Séparateur :"), m_separator);

    auto *fileRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_choose = new QPushButton(tr("&Choisir…"), this);
    m_choose->setObjectName(QStringLiteral("exportChoose"));
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(m_choose);
    // A row holding a layout gets no buddy of its own: the label names the line edit.
    auto *fileLabel = new QLabel(tr("F&ichier :"), this);
    fileLabel->setBuddy(m_path);
    form->addRow(fileLabel, fileRow);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setVisible(false);
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto *buttons = new QHBoxLayout;
    m_openFolder = new QPushButton(tr("&Ouvrir le dossier"), this);
    m_openFolder->setObjectName(QStringLiteral("exportOpenFolder"));
    m_openFolder->setVisible(false);
    m_export = new QPushButton(tr("&Exporter"), this);
    m_export->setObjectName(QStringLiteral("exportStart"));
    m_export->setDefault(true);
    m_cancel = new QPushButton(tr("Annuler"), this);
    m_cancel->setObjectName(QStringLiteral("exportCancel"));
    buttons->addWidget(m_openFolder);
    buttons->addStretch(1);
    buttons->addWidget(m_export);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);

    const QString folder
        = QSettings()
              .value(QLatin1String(kFolderKey), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
              .toString();
    m_path->setText(
        QDir(folder).filePath(defaultFileName(kind, m_format->currentData().toString(), Clock::system().today())));

    m_work = new TaskProgress(m_progress, this);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateFormat);
    connect(m_choose, &QPushButton::clicked, this, &ExportDialog::chooseFile);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::reject);
    connect(m_openFolder, &QPushButton::clicked, this,
        [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(filePath()).absolutePath())); });
    updateFormat();
    resize(560, sizeHint().height());
}

ExportDialog::~ExportDialog()
{
    m_work->cancelAndWait();
}

void ExportDialog::setFilePath(const QString &path)
{
    m_path->setText(path);
}

QString ExportDialog::filePath() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setFormat(const QString &format)
{
    const int index = m_format->findData(format);
    if (index >= 0)
        m_format->setCurrentIndex(index);
}

bool ExportDialog::isRunning() const
{
    return m_work->isRunning();
}

void ExportDialog::wait()
{
    m_work->wait();
    QCoreApplication::sendPostedEvents(m_work->task());
    QCoreApplication::processEvents();
}

void ExportDialog::updateFormat()
{
    const QString format = m_format->currentData().toString();
    m_separator->setEnabled(format == QLatin1String("csv"));
    // The file's extension follows the format.
    const QFileInfo info(filePath());
    if (!filePath().isEmpty() && info.suffix() != format)
        m_path->setText(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + format));
}

void ExportDialog::chooseFile()
{
    const QString format = m_format->currentData().toString();
    const QString filter = format == QLatin1String("csv") ? tr("Fichiers CSV (*.csv)") : tr("Classeurs XLSX (*.xlsx)");
    const QString chosen = QFileDialog::getSaveFileName(this, windowTitle(), filePath(), filter);
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

void ExportDialog::startExport()
{
    if (isRunning())
        return;
    const QString path = filePath();
    const QFileInfo info(path);
    if (path.isEmpty() || info.isDir() || !info.absoluteDir().exists()) {
        m_status->setText(tr("Choisissez un fichier dans un dossier existant."));
        return;
    }
    QSettings().setValue(QLatin1String(kFolderKey), info.absolutePath());
    const QString format = m_format->currentData().toString();
    const CsvWriter::Separator separator = m_separator->currentData().toString() == QLatin1String("virgule")
        ? CsvWriter::Separator::Comma
        : CsvWriter::Separator::Semicolon;

    m_shared = std::make_shared<Shared>();
    m_message.clear();
    m_failed = false;
    m_openFolder->setVisible(false);
    m_status->setText(tr("Export en cours…"));
    m_export->setEnabled(false);
    m_format->setEnabled(false);
    m_separator->setEnabled(false);
    m_path->setEnabled(false);
    m_choose->setEnabled(false);

    const std::shared_ptr<Shared> shared = m_shared;
    const QString basePath = m_store.filePath();
    const Kind kind = m_kind;
    const ExportFilter filter = m_filter;
    const QString absolute = info.absoluteFilePath();
    const TaskProgress::Ticket ticket = m_work->ticket();
    m_work->start(
        [shared, ticket, basePath, kind, filter, absolute, format, separator] {
            // A connection of this thread's own (a QSqlDatabase serves the thread that opened it).
            Store store(Clock::system());
            if (!store.openAnother(basePath, &shared->error))
                return;
            if (kind == Kind::Beneficiaries) {
                int count = 0;
                shared->ok = BeneficiaryExporter::write(
                    store, absolute, &count, &shared->error, [ticket] { return ticket.cancelled(); });
                shared->summary = FrenchText::count(
                    count, ExportDialog::tr("bénéficiaire suivi"), ExportDialog::tr("bénéficiaires suivis"));
                return;
            }
            std::unique_ptr<TableWriter> writer;
            if (format == QLatin1String("xlsx")) {
                auto xlsx = std::make_unique<XlsxWriter>(
                    absolute, kind == Kind::Activities ? QStringLiteral("Activités") : QStringLiteral("Statistiques"));
                if (!xlsx->open()) {
                    shared->error = xlsx->error();
                    return;
                }
                writer = std::move(xlsx);
            } else {
                auto csv = std::make_unique<CsvWriter>(absolute, separator);
                if (!csv->open()) {
                    shared->error = csv->error();
                    return;
                }
                writer = std::move(csv);
            }
            if (kind == Kind::Statistics) {
                const StatsFilter statsFilter = filter.toStats();
                const StatsResult result = StatsEngine::compute(
                    store.database(), statsFilter, store.clock().today(), [ticket] { return ticket.cancelled(); });
                if (result.cancelled) {
                    shared->error = ActivityExporter::cancelledMessage();
                    return;
                }
                if (!result.error.isEmpty()) {
                    shared->error = result.error;
                    return;
                }
                QHash<QUuid, Place> places;
                for (const Place &p : store.places(true))
                    places.insert(p.id, p);
                shared->ok = StatsExporter::write(*writer, result, filter, store.profile(), places,
                                 store.clock().nowUtc(), &shared->error)
                    && writer->commit(&shared->error);
                shared->summary = ExportDialog::tr("les statistiques du %1 au %2")
                                      .arg(filter.from.toString(QStringLiteral("dd/MM/yyyy")),
                                          filter.to.toString(QStringLiteral("dd/MM/yyyy")));
                return;
            }
            ActivityExporter::Options options2;
            options2.filter = filter;
            options2.exportedAt = store.clock().nowUtc();
            options2.progress = ticket.progress();
            ActivityExporter::Result result;
            shared->ok = ActivityExporter::write(store, *writer, options2, &result, &shared->error)
                && writer->commit(&shared->error);
            shared->summary = FrenchText::count(
                result.rows, ExportDialog::tr("accompagnement"), ExportDialog::tr("accompagnements"));
        },
        [this] { finish(); });
}

void ExportDialog::finish()
{
    m_export->setEnabled(true);
    m_format->setEnabled(true);
    m_path->setEnabled(true);
    m_choose->setEnabled(true);
    updateFormat();
    const bool cancelled = m_work->isCancelled();
    m_failed = !m_shared->ok;
    if (m_shared->ok) {
        m_message = tr("Export terminé : %1 dans %2.").arg(m_shared->summary, QFileInfo(filePath()).fileName());
        m_openFolder->setVisible(true);
        m_cancel->setText(tr("Fermer"));
        emit exported(filePath(), m_message);
    } else {
        m_message = cancelled ? ActivityExporter::cancelledMessage() : m_shared->error;
    }
    m_status->setText(m_message);
    m_shared.reset();
}

void ExportDialog::reject()
{
    if (isRunning()) {
        // Annuler during the export: the worker stops at its next check; nothing reaches the file.
        m_work->cancel();
        m_status->setText(tr("Annulation…"));
        return;
    }
    QDialog::reject();
}
