#include "ui/import/ImportDialog.h"

#include "models/domain/Nomenclature.h"
#include "models/io/TableReader.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "ui/widgets/TaskProgress.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
using List = Nomenclature::List;

QTableWidget *table(const QStringList &headers, const QString &objectName)
{
    auto *t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

QString thematiqueLabels(const QStringList &codes)
{
    const Nomenclature &n = Nomenclature::instance();
    QStringList labels;
    for (const QString &c : codes)
        labels << n.label(
            n.contains(List::ThematiqueMediation, c) ? List::ThematiqueMediation : List::ThematiqueDemarche, c);
    return labels.join(QStringLiteral(", "));
}
} // namespace

ImportDialog::ImportDialog(Store &store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Importer des activités"));
    auto *layout = new QVBoxLayout(this);
    m_pages = new QStackedWidget;
    layout->addWidget(m_pages, 1);

    // The file.
    auto *filePage = new QWidget;
    auto *fileForm = new QFormLayout(filePage);
    auto *intro = new QLabel(tr("Importez votre historique : le fichier d'activités de Carnet (CSV ou XLSX), l'export "
                                "des activités de La Coop de la médiation numérique, des pages de son API (JSON), un "
                                "tableur à vous ou les archives de l'Espace Coop. Importer deux fois le même fichier "
                                "n'ajoute rien la seconde fois."));
    intro->setWordWrap(true);
    fileForm->addRow(intro);
    m_file = new QLineEdit;
    m_file->setObjectName(QStringLiteral("importFile"));
    auto *choose = new QPushButton(tr("&Choisir…"));
    choose->setObjectName(QStringLiteral("importChoose"));
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(choose);
    fileForm->addRow(tr("&Fichier :"), fileRow);
    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("importFormat"));
    for (ImportFormat f : {ImportFormat::Auto, ImportFormat::Carnet, ImportFormat::Coop, ImportFormat::Api,
             ImportFormat::Tableur, ImportFormat::V1})
        m_format->addItem(ImportPlan::formatLabel(f), int(f));
    fileForm->addRow(tr("F&ormat :"), m_format);
    m_encoding = new QComboBox;
    m_encoding->setObjectName(QStringLiteral("importEncoding"));
    m_encoding->addItem(tr("UTF-8 (le plus courant)"), QString());
    m_encoding->addItem(tr("Windows-1252 (CSV enregistré par Excel sous Windows)"), QStringLiteral("windows-1252"));
    fileForm->addRow(tr("&Encodage d'un CSV :"), m_encoding);
    m_pages->addWidget(filePage);
    connect(choose, &QPushButton::clicked, this, &ImportDialog::chooseFile);

    // The column mapping of a generic spreadsheet.
    auto *mappingPage = new QWidget;
    mappingPage->setObjectName(QStringLiteral("importMappingPage"));
    auto *mappingForm = new QFormLayout(mappingPage);
    auto *mappingIntro = new QLabel(tr("Indiquez quelle colonne de votre tableur contient chaque information. Les "
                                       "colonnes devinées d'après leur titre sont déjà choisies ; ce choix est retenu "
                                       "pour les prochains fichiers qui ont les mêmes colonnes."));
    mappingIntro->setWordWrap(true);
    mappingForm->addRow(mappingIntro);
    for (int f = 0; f < ColumnMapping::FieldCount; ++f) {
        auto *combo = new QComboBox;
        combo->setObjectName(QStringLiteral("importColumn_") + ColumnMapping::key(ColumnMapping::Field(f)));
        m_columns << combo;
        const QString label = ColumnMapping::label(ColumnMapping::Field(f))
            + (ColumnMapping::isRequired(ColumnMapping::Field(f)) ? tr(" (obligatoire)") : QString());
        mappingForm->addRow(label + QLatin1Char(' ') + QLatin1Char(':'), combo);
    }
    m_pages->addWidget(mappingPage);

    // The preview and the problems.
    auto *previewPage = new QWidget;
    auto *previewLayout = new QVBoxLayout(previewPage);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setWordWrap(true);
    previewLayout->addWidget(m_summary);
    m_preview = table({tr("Date"), tr("Type"), tr("Durée"), tr("Thématiques"), tr("Lieu ou commune"), tr("Personnes")},
        QStringLiteral("importPreview"));
    previewLayout->addWidget(m_preview, 2);
    m_problemsLabel = new QLabel;
    m_problemsLabel->setObjectName(QStringLiteral("importProblemsLabel"));
    previewLayout->addWidget(m_problemsLabel);
    m_problems = table({tr("Ligne"), tr("Colonne"), tr("Problème")}, QStringLiteral("importProblems"));
    previewLayout->addWidget(m_problems, 1);
    m_ignoreProblems = new QCheckBox(tr("Importer seulement les activités &valides (laisser de côté celles qui ont un "
                                        "problème)"));
    m_ignoreProblems->setObjectName(QStringLiteral("importIgnoreProblems"));
    previewLayout->addWidget(m_ignoreProblems);
    m_pages->addWidget(previewPage);

    // Progress and buttons.
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->hide();
    layout->addWidget(m_progress);
    m_work = new TaskProgress(m_progress, this);
    auto *buttons = new QDialogButtonBox;
    m_back = buttons->addButton(tr("< &Précédent"), QDialogButtonBox::ActionRole);
    m_back->setObjectName(QStringLiteral("importBack"));
    m_next = buttons->addButton(tr("&Suivant >"), QDialogButtonBox::ActionRole);
    m_next->setObjectName(QStringLiteral("importNext"));
    m_import = buttons->addButton(tr("&Importer"), QDialogButtonBox::AcceptRole);
    m_import->setObjectName(QStringLiteral("importApply"));
    m_cancel = buttons->addButton(tr("Annuler"), QDialogButtonBox::RejectRole);
    m_cancel->setObjectName(QStringLiteral("importCancel"));
    layout->addWidget(buttons);
    m_back->hide();
    m_import->hide();
    m_next->setDefault(true);
    connect(m_next, &QPushButton::clicked, this, &ImportDialog::next);
    connect(m_back, &QPushButton::clicked, this, [this] {
        m_pages->setCurrentIndex(FilePage);
        m_back->hide();
        m_import->hide();
        m_next->show();
        m_status->clear();
    });
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::import);
    connect(m_cancel, &QPushButton::clicked, this, &ImportDialog::cancel);
    connect(m_ignoreProblems, &QCheckBox::toggled, this, [this](bool on) {
        m_import->setEnabled(m_plan.ok() && (!m_plan.hasProblems() || on) && m_plan.activityCount() > 0);
    });
    resize(900, 600);
}

ImportDialog::~ImportDialog()
{
    m_work->cancelAndWait();
}

BackgroundTask *ImportDialog::task() const
{
    return m_work->task();
}

void ImportDialog::setFile(const QString &path)
{
    m_file->setText(path);
}

ImportDialog::Page ImportDialog::page() const
{
    return Page(m_pages->currentIndex());
}

void ImportDialog::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Fichier à importer"), QString(),
        tr("Fichiers d'activités (*.csv *.xlsx *.json);;Tous les fichiers (*)"));
    if (!path.isEmpty())
        setFile(path);
}

ImportOptions ImportDialog::options() const
{
    ImportOptions o;
    o.format = ImportFormat(m_format->currentData().toInt());
    o.encoding = m_encoding->currentData().toString();
    o.today = m_store.clock().today();
    o.dataDir = QFileInfo(m_store.filePath()).absolutePath();
    if (m_mapping) {
        ColumnMapping mapping;
        for (int f = 0; f < m_columns.size(); ++f)
            mapping.setColumn(ColumnMapping::Field(f), m_columns.at(f)->currentData().toInt());
        o.format = ImportFormat::Tableur;
        o.columns = mapping.toString();
        if (o.columns.isEmpty())
            o.columns = QStringLiteral(",");
    }
    return o;
}

void ImportDialog::next()
{
    const QString path = m_file->text().trimmed();
    if (path.isEmpty()) {
        m_status->setText(tr("Choisissez d'abord le fichier à importer."));
        return;
    }
    if (m_pages->currentIndex() == MappingPage) {
        read();
        return;
    }
    m_mapping = false;
    // A generic spreadsheet (chosen, or recognised as one) first goes through the mapping step.
    const ImportFormat format = ImportFormat(m_format->currentData().toInt());
    if (format == ImportFormat::Tableur || format == ImportFormat::Auto) {
        const ImportOptions o = options();
        QString error;
        const ImportFormat recognised = Importer::recognise(path, o, &error);
        if (recognised == ImportFormat::Auto) {
            m_status->setText(error);
            return;
        }
        if (format == ImportFormat::Tableur || recognised == ImportFormat::Tableur) {
            QStringList headers;
            ColumnMapping mapping;
            if (!Importer::spreadsheetHeader(path, o, &headers, &mapping, &error)) {
                m_status->setText(error);
                return;
            }
            m_headers = headers;
            for (int f = 0; f < m_columns.size(); ++f) {
                QComboBox *combo = m_columns.at(f);
                combo->clear();
                combo->addItem(tr("(aucune)"), -1);
                for (int c = 0; c < headers.size(); ++c)
                    combo->addItem(QStringLiteral("%1 — %2").arg(TableReader::columnName(c), headers.at(c)), c);
                combo->setCurrentIndex(combo->findData(mapping.column(ColumnMapping::Field(f))));
            }
            m_mapping = true;
            m_pages->setCurrentIndex(MappingPage);
            m_back->show();
            m_status->clear();
            return;
        }
    }
    read();
}

void ImportDialog::setBusy(const QString &what, bool cancellable)
{
    m_status->setText(what);
    m_next->setEnabled(false);
    m_back->setEnabled(false);
    m_import->setEnabled(false);
    m_cancel->setEnabled(cancellable);
}

void ImportDialog::read()
{
    ImportOptions o = options();
    const QString path = m_file->text().trimmed();
    const QString base = m_store.filePath();
    o.progress = m_work->ticket().progress();
    setBusy(tr("Lecture de %1…").arg(QFileInfo(path).fileName()), true);
    auto result = std::make_shared<ImportPlan>();
    const Clock &clock = m_store.clock();
    m_work->start(
        [result, o, path, base, &clock] {
            // A store of the worker's own on the same base: a Store is used by the thread that opened it.
            Store store(clock);
            QString error;
            if (!store.openAnother(base, &error)) {
                result->fatal = error;
                return;
            }
            *result = Importer::readFile(path, o, &store);
        },
        [this, result] {
            m_plan = *result;
            showPlan();
        });
}

void ImportDialog::showPlan()
{
    m_cancel->setEnabled(true);
    m_next->setEnabled(true);
    m_back->setEnabled(true);
    if (!m_plan.ok()) {
        m_status->setText(m_plan.fatal);
        return;
    }
    m_status->clear();
    m_pages->setCurrentIndex(PreviewPage);
    m_next->hide();
    m_back->show();
    m_import->show();
    m_summary->setText(
        tr("%1 — %2.\n%3.").arg(m_plan.fileName, ImportPlan::formatLabel(m_plan.format), m_plan.summary()));
    const Nomenclature &n = Nomenclature::instance();
    QHash<QUuid, QString> placeNames;
    for (const Place &p : m_store.places(true))
        placeNames.insert(p.id, p.nom);
    for (const Place &p : m_plan.places)
        placeNames.insert(p.id, p.nom);
    const int rows = int(std::min<qsizetype>(PreviewRows, m_plan.firstActivities().size()));
    m_preview->setRowCount(rows);
    for (int r = 0; r < rows; ++r) {
        const Activity &a = m_plan.firstActivities().at(r);
        const QStringList cells = {a.date.toString(QStringLiteral("dd/MM/yyyy")), n.label(List::TypeActivite, a.type),
            QStringLiteral("%1 min").arg(a.dureeMinutes), thematiqueLabels(a.thematiques),
            a.lieuId.isNull() ? (a.lieuCommune.nom.isEmpty() ? n.label(List::TypeLieu, a.typeLieu) : a.lieuCommune.nom)
                              : placeNames.value(a.lieuId),
            QString::number(a.accompagnements())};
        for (int c = 0; c < cells.size(); ++c)
            m_preview->setItem(r, c, new QTableWidgetItem(cells.at(c)));
    }
    m_preview->resizeColumnsToContents();
    m_problemsLabel->setText(m_plan.hasProblems()
            ? tr("%1, par ligne et colonne du fichier :")
                  .arg(FrenchText::count(m_plan.problemCount, tr("problème"), tr("problèmes")))
            : tr("Aucun problème."));
    m_problems->setRowCount(int(m_plan.problems.size()));
    for (int r = 0; r < m_plan.problems.size(); ++r) {
        const ImportProblem &p = m_plan.problems.at(r);
        const QString column = p.column >= 0
            ? (p.header.isEmpty() ? TableReader::columnName(p.column)
                                  : QStringLiteral("%1 (%2)").arg(p.header, TableReader::columnName(p.column)))
            : p.header;
        const QStringList cells = {p.row > 0 ? QString::number(p.row) : QString(), column, p.message};
        for (int c = 0; c < cells.size(); ++c)
            m_problems->setItem(r, c, new QTableWidgetItem(cells.at(c)));
    }
    m_problems->resizeColumnsToContents();
    m_problems->horizontalHeader()->setStretchLastSection(true);
    m_ignoreProblems->setVisible(m_plan.hasProblems());
    m_ignoreProblems->setChecked(false);
    m_import->setEnabled(!m_plan.hasProblems() && m_plan.activityCount() > 0);
    if (m_plan.hasProblems())
        m_status->setText(tr("L'import est refusé tant que le fichier a des problèmes : corrigez-les dans le fichier, "
                             "ou cochez « Importer seulement les activités valides »."));
    else if (m_plan.activityCount() == 0)
        m_status->setText(tr("Rien à importer : toutes les activités du fichier sont déjà dans Carnet."));
}

void ImportDialog::import()
{
    const bool ignore = m_ignoreProblems->isChecked();
    const QString base = m_store.filePath();
    const Clock &clock = m_store.clock();
    setBusy(tr("Écriture de %1 en une seule fois…")
                .arg(FrenchText::count(m_plan.activityCount(), tr("activité"), tr("activités"))),
        true);
    auto error = std::make_shared<QString>();
    auto ok = std::make_shared<bool>(false);
    auto added = std::make_shared<qint64>(0);
    const ImportPlan plan = m_plan;
    const TaskProgress::Ticket ticket = m_work->ticket();
    m_work->start(
        [plan, ignore, base, &clock, error, ok, added, ticket] {
            Store store(clock);
            if (!store.openAnother(base, error.get()))
                return;
            // Cancelled between two steps of the bulk path: rolled back, nothing written.
            *ok = plan.apply(store, ignore, error.get(), ticket.progress(), added.get());
        },
        [this, error, ok, added] {
            m_cancel->setEnabled(true);
            m_back->setEnabled(true);
            if (!*ok) {
                m_status->setText(*error);
                m_import->setEnabled(true);
                return;
            }
            // What was written, not what the plan held (an activity the base got meanwhile is left out).
            const int count = int(*added);
            m_status->setText(
                tr("%1.").arg(FrenchText::count(count, tr("activité importée"), tr("activités importées"))));
            emit imported(count);
            accept();
        });
}

void ImportDialog::cancel()
{
    if (m_work->isRunning()) {
        m_work->cancel();
        return;
    }
    reject();
}
