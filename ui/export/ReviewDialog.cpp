#include "ui/export/ReviewDialog.h"

#include "models/stats/StatsEngine.h"
#include "models/stats/StatsWorker.h"
#include "models/store/Store.h"
#include "ui/export/ReviewPdf.h"
#include "ui/widgets/FrenchDialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>
#include <QVBoxLayout>

#include <atomic>
#include <memory>

namespace {
bool hasFilters(const StatsFilter &f)
{
    return !f.types.isEmpty() || !f.lieux.isEmpty() || !f.communes.isEmpty() || !f.departements.isEmpty()
        || !f.thematiques.isEmpty() || !f.tags.isEmpty() || !f.sources.isEmpty();
}
} // namespace

QString ReviewDialog::settingsKey(const Store &store, const char *name)
{
    // One entry per data folder (a mediator with two folders has two programmes).
    const QString folder = QFileInfo(store.filePath()).absolutePath();
    const QByteArray hash = QCryptographicHash::hash(folder.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    return QStringLiteral("bilan/%1/%2").arg(QString::fromLatin1(hash), QLatin1String(name));
}

ReviewDialog::ReviewDialog(Store &store, const StatsFilter &viewFilter, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_viewFilter(viewFilter)
{
    setObjectName(QStringLiteral("reviewDialog"));
    setWindowTitle(tr("Bilan d'activité en PDF"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Un document à remettre à votre structure ou à vos financeurs : les chiffres clés de "
                                "la période, les graphiques des statistiques avec leurs tableaux, les définitions "
                                "des chiffres et votre programme."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("reviewPeriod"));
    const QDate today = m_store.clock().today();
    m_period->addItem(tr("L'année %1").arg(today.year() - 1), LastYear);
    m_period->addItem(tr("Cette année (%1, jusqu'à aujourd'hui)").arg(today.year()), ThisYear);
    m_period->addItem(tr("Autre période"), Custom);
    form->addRow(tr("&Période :"), m_period);
    auto *days = new QHBoxLayout;
    m_from = new QDateEdit(this);
    m_from->setObjectName(QStringLiteral("reviewFrom"));
    m_to = new QDateEdit(this);
    m_to->setObjectName(QStringLiteral("reviewTo"));
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("dd/MM/yyyy"));
    }
    m_from->setAccessibleName(tr("Premier jour"));
    m_to->setAccessibleName(tr("Dernier jour"));
    auto *du = new QLabel(tr("&du"), this);
    du->setBuddy(m_from);
    auto *au = new QLabel(tr("au"), this);
    au->setBuddy(m_to);
    days->addWidget(du);
    days->addWidget(m_from);
    days->addWidget(au);
    days->addWidget(m_to);
    days->addStretch();
    form->addRow(QString(), days);
    m_keepFilters = new QCheckBox(tr("Garder les &filtres de la vue Statistiques"), this);
    m_keepFilters->setObjectName(QStringLiteral("reviewKeepFilters"));
    m_keepFilters->setChecked(hasFilters(viewFilter));
    m_keepFilters->setVisible(hasFilters(viewFilter));
    form->addRow(QString(), m_keepFilters);
    layout->addLayout(form);

    auto *sections = new QGroupBox(tr("Parties du bilan"), this);
    auto *sectionsLayout = new QVBoxLayout(sections);
    for (const ReviewPdf::Section section : ReviewPdf::sections()) {
        auto *box = new QCheckBox(ReviewPdf::sectionName(section), sections);
        box->setObjectName(QStringLiteral("section_") + ReviewPdf::sectionKey(section));
        box->setChecked(true);
        sectionsLayout->addWidget(box);
        m_sections.insert(section, box);
    }
    layout->addWidget(sections);

    auto *programmeLabel = new QLabel(tr("P&rogramme de l'année (texte libre, gardé pour le prochain bilan) :"), this);
    m_programme = new QPlainTextEdit(this);
    m_programme->setObjectName(QStringLiteral("reviewProgramme"));
    m_programme->setTabChangesFocus(true);
    m_programme->setPlaceholderText(tr("Vos actions prévues, vos objectifs, vos partenariats…"));
    programmeLabel->setBuddy(m_programme);
    layout->addWidget(programmeLabel);
    layout->addWidget(m_programme, 1);

    auto *logoRow = new QHBoxLayout;
    m_logo = new QLineEdit(this);
    m_logo->setObjectName(QStringLiteral("reviewLogo"));
    m_logo->setPlaceholderText(tr("Aucun logo"));
    auto *logoLabel = new QLabel(tr("&Logo :"), this);
    logoLabel->setBuddy(m_logo);
    auto *choose = new QPushButton(tr("C&hoisir…"), this);
    connect(choose, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choisir un logo"), m_logo->text(),
            tr("Images (*.png *.jpg *.jpeg *.bmp *.gif *.svg);;Tous les fichiers (*)"));
        if (!file.isEmpty())
            m_logo->setText(QDir::toNativeSeparators(file));
    });
    logoRow->addWidget(logoLabel);
    logoRow->addWidget(m_logo, 1);
    logoRow->addWidget(choose);
    layout->addLayout(logoRow);

    m_pdfA = new QCheckBox(tr("Au format PDF/&A, pour l'archivage"), this);
    m_pdfA->setObjectName(QStringLiteral("reviewPdfA"));
    layout->addWidget(m_pdfA);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("reviewMessage"));
    m_message->setWordWrap(true);
    m_message->setVisible(false);
    layout->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    FrenchDialogs::translate(buttons);
    buttons->button(QDialogButtonBox::Save)->setText(tr("&Enregistrer le PDF…"));
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("reviewSave"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ReviewDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    const QSettings settings;
    m_programme->setPlainText(settings.value(settingsKey(m_store, "programme")).toString());
    m_logo->setText(settings.value(settingsKey(m_store, "logo")).toString());

    connect(m_period, &QComboBox::activated, this,
        [this](int index) { setPeriod(static_cast<PeriodChoice>(m_period->itemData(index).toInt())); });
    // The last full year when the base has activities in it, else this year.
    const QDate first = m_store.firstActivityDate();
    setPeriod(first.isValid() && first.year() < today.year() ? LastYear : ThisYear);
    resize(560, 620);
}

void ReviewDialog::setPeriod(PeriodChoice choice, const QDate &from, const QDate &to)
{
    const QDate today = m_store.clock().today();
    m_period->setCurrentIndex(m_period->findData(choice));
    if (choice == LastYear) {
        m_from->setDate(QDate(today.year() - 1, 1, 1));
        m_to->setDate(QDate(today.year() - 1, 12, 31));
    } else if (choice == ThisYear) {
        m_from->setDate(QDate(today.year(), 1, 1));
        m_to->setDate(today);
    } else if (from.isValid() && to.isValid()) {
        m_from->setDate(from);
        m_to->setDate(to);
    }
    m_from->setEnabled(choice == Custom);
    m_to->setEnabled(choice == Custom);
}

QDate ReviewDialog::from() const
{
    return m_from->date();
}

QDate ReviewDialog::to() const
{
    return m_to->date();
}

void ReviewDialog::remember() const
{
    QSettings settings;
    settings.setValue(settingsKey(m_store, "programme"), m_programme->toPlainText());
    settings.setValue(settingsKey(m_store, "logo"), m_logo->text());
}

void ReviewDialog::save()
{
    m_message->setVisible(false);
    if (from() > to()) {
        m_message->setText(tr("Le premier jour de la période est après le dernier."));
        m_message->setVisible(true);
        return;
    }
    remember();
    QString path = m_outputPath;
    if (path.isEmpty()) {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        path = QFileDialog::getSaveFileName(this, tr("Enregistrer le bilan"),
            folder + QLatin1Char('/') + ReviewPdf::fileName(m_store.profile(), from(), to()),
            tr("Document PDF (*.pdf)"));
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += QStringLiteral(".pdf");
    }
    QString error;
    bool cancelled = false;
    if (generate(path, &error, &cancelled)) {
        m_written = path;
        emit written(path);
        accept();
        return;
    }
    if (cancelled) {
        m_message->setText(tr("Bilan annulé : aucun fichier n'a été écrit."));
        m_message->setVisible(true);
        return;
    }
    FrenchDialogs::warning(this, tr("Bilan non enregistré"), error);
}

bool ReviewDialog::generate(const QString &path, QString *error, bool *cancelled)
{
    ReviewPdf::Content content;
    content.profile = m_store.profile();
    content.documentDate = m_store.clock().today();
    content.programme = m_programme->toPlainText();
    content.pdfA = m_pdfA->isChecked();
    content.sections = {};
    for (auto it = m_sections.cbegin(); it != m_sections.cend(); ++it) {
        if (it.value()->isChecked())
            content.sections |= static_cast<ReviewPdf::Section>(it.key());
    }
    if (!content.sections) {
        *error = tr("Choisissez au moins une partie du bilan.");
        return false;
    }
    const QString logo = m_logo->text().trimmed();
    if (!logo.isEmpty()) {
        QImageReader reader(logo);
        content.logo = reader.read();
        if (content.logo.isNull()) {
            *error = tr("Le logo « %1 » n'est pas une image lisible (%2).").arg(logo, reader.errorString());
            return false;
        }
    }
    StatsFilter filter = m_keepFilters->isChecked() ? m_viewFilter : StatsFilter();
    filter.from = from();
    filter.to = to();
    content.filter = filter;

    QProgressDialog progress(tr("Calcul des statistiques…"), tr("Annuler"), 0, 0, this);
    progress.setObjectName(QStringLiteral("reviewProgress"));
    progress.setWindowTitle(tr("Bilan d'activité"));
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(0);
    progress.setAutoReset(false);
    progress.setAutoClose(false);
    progress.show();

    // The statistics on a worker with its own connection; the pages afterwards here (Qt Charts wants this thread).
    const auto stop = std::make_shared<std::atomic<bool>>(false);
    const auto result = std::make_shared<StatsResult>();
    const QDate today = m_store.clock().today();
    QEventLoop loop;
    QThread *worker = StatsWorker::create(
        m_store.filePath(), [stop, result, filter, today](const QSqlDatabase &db, const QString &openError) {
            if (!openError.isEmpty()) {
                result->error = openError;
                return;
            }
            *result = StatsEngine::compute(db, filter, today, [stop] { return stop->load(); });
        });
    connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
    connect(&progress, &QProgressDialog::canceled, &loop, [stop] { stop->store(true); });
    worker->start();
    loop.exec();
    worker->wait();
    delete worker;
    if (stop->load() || result->cancelled) {
        *cancelled = true;
        return false;
    }
    if (!result->error.isEmpty()) {
        *error = result->error;
        return false;
    }
    content.result = *result;

    progress.setLabelText(tr("Écriture du bilan…"));
    const bool ok = ReviewPdf::writeFile(content, path, error, [&progress](int done, int total) {
        progress.setMaximum(total);
        progress.setValue(done);
        QCoreApplication::processEvents();
        return !progress.wasCanceled();
    });
    if (!ok && progress.wasCanceled())
        *cancelled = true;
    return ok;
}
