#include "ui/settings/SettingsView.h"

#include "models/store/Backups.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "ui/settings/ProfileEditor.h"
#include "ui/widgets/BackgroundTask.h"
#include "ui/widgets/FrenchDialogs.h"

#include <QCoreApplication>
#include <QDate>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <memory>

SettingsView::SettingsView(Store &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    m_chooseFile = [this](FileRequest request, const QString &suggested) {
        const QString filter = tr("Sauvegardes de Carnet (*.sqlite);;Tous les fichiers (*)");
        if (request == FileRequest::SaveBackup)
            return QFileDialog::getSaveFileName(this, tr("Sauvegarder vos données"), suggested, filter);
        return QFileDialog::getOpenFileName(this, tr("Restaurer une sauvegarde"), suggested, filter);
    };
    m_confirm = [this](const QString &question) {
        return FrenchDialogs::confirm(this, tr("Restaurer une sauvegarde"), question, tr("&Restaurer"));
    };
    m_backupTask = new BackgroundTask(this);
    setObjectName(QStringLiteral("settingsView"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Paramètres</h2>"), this));
    auto *columns = new QHBoxLayout;
    layout->addLayout(columns);

    auto *profileBox = new QGroupBox(tr("Votre profil"), this);
    auto *profileLayout = new QVBoxLayout(profileBox);
    auto *profileIntro = new QLabel(tr("Qui vous êtes et la structure qui vous emploie."), profileBox);
    profileIntro->setWordWrap(true);
    profileLayout->addWidget(profileIntro);
    m_profile = new ProfileEditor(profileBox);
    profileLayout->addWidget(m_profile);
    auto *saveRow = new QHBoxLayout;
    m_profileStatus = new QLabel(profileBox);
    m_profileStatus->setObjectName(QStringLiteral("profileStatus"));
    m_profileStatus->setWordWrap(true);
    saveRow->addWidget(m_profileStatus, 1);
    auto *save = new QPushButton(tr("Enre&gistrer le profil"), profileBox);
    save->setObjectName(QStringLiteral("saveProfileButton"));
    saveRow->addWidget(save);
    profileLayout->addLayout(saveRow);
    columns->addWidget(profileBox, 3);

    auto *right = new QVBoxLayout;
    columns->addLayout(right, 2);
    auto *dataBox = new QGroupBox(tr("Vos données"), this);
    auto *dataLayout = new QVBoxLayout(dataBox);
    m_folder = new QLabel(dataBox);
    m_folder->setObjectName(QStringLiteral("dataFolder"));
    m_folder->setWordWrap(true);
    m_folder->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    dataLayout->addWidget(m_folder);
    auto *openRow = new QHBoxLayout;
    m_openStatus = new QLabel(dataBox);
    m_openStatus->setObjectName(QStringLiteral("openFolderStatus"));
    m_openStatus->setWordWrap(true);
    openRow->addWidget(m_openStatus, 1);
    auto *open = new QPushButton(tr("Ouvrir le &dossier"), dataBox);
    open->setObjectName(QStringLiteral("openDataFolderButton"));
    open->setAccessibleName(tr("Ouvrir le dossier des données"));
    openRow->addWidget(open);
    dataLayout->addLayout(openRow);
    // What only support asks for (the schema of the base, the versions) stays folded under a button.
    auto *technicalRow = new QHBoxLayout;
    auto *technical = new QPushButton(tr("&Informations techniques"), dataBox);
    technical->setObjectName(QStringLiteral("technicalInfoButton"));
    technical->setCheckable(true);
    technical->setFlat(true);
    technical->setToolTip(tr("Versions de Carnet et de sa base de données, utiles en cas de demande d'assistance."));
    technicalRow->addWidget(technical);
    technicalRow->addStretch();
    dataLayout->addLayout(technicalRow);
    m_schema = new QLabel(dataBox);
    m_schema->setObjectName(QStringLiteral("schemaVersion"));
    m_schema->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_schema->setVisible(false);
    dataLayout->addWidget(m_schema);
    connect(technical, &QPushButton::toggled, m_schema, &QLabel::setVisible);
    right->addWidget(dataBox);

    auto *backupBox = new QGroupBox(tr("Sauvegardes"), this);
    auto *backupLayout = new QVBoxLayout(backupBox);
    auto *backupIntro = new QLabel(tr("Carnet copie vos données chaque jour dans le dossier « sauvegardes ». Gardez "
                                      "aussi une copie ailleurs, sur une clé USB par exemple."),
        backupBox);
    backupIntro->setWordWrap(true);
    backupLayout->addWidget(backupIntro);
    auto *daysForm = new QFormLayout;
    daysForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_backupDays = new QSpinBox(backupBox);
    m_backupDays->setObjectName(QStringLiteral("backupDays"));
    m_backupDays->setRange(0, 365);
    m_backupDays->setSuffix(tr(" jours"));
    m_backupDays->setSpecialValueText(tr("aucune"));
    m_backupDays->setValue(QSettings().value(backupDaysKey(), Backups::DefaultKeepDays).toInt());
    daysForm->addRow(tr("Copies du jour gardées :"), m_backupDays);
    backupLayout->addLayout(daysForm);
    auto *backupRow = new QVBoxLayout;
    m_backupNow = new QPushButton(tr("Sauvegarder main&tenant…"), backupBox);
    m_backupNow->setObjectName(QStringLiteral("backupNowButton"));
    m_restore = new QPushButton(tr("&Restaurer une sauvegarde…"), backupBox);
    m_restore->setObjectName(QStringLiteral("restoreBackupButton"));
    backupRow->addWidget(m_backupNow, 0, Qt::AlignLeft);
    backupRow->addWidget(m_restore, 0, Qt::AlignLeft);
    backupLayout->addLayout(backupRow);
    m_backupProgress = new QProgressBar(backupBox);
    m_backupProgress->setObjectName(QStringLiteral("backupProgress"));
    m_backupProgress->setRange(0, 0); // busy: a copy has no steps to count
    m_backupProgress->setTextVisible(false);
    m_backupProgress->setMaximumHeight(8);
    m_backupProgress->setVisible(false);
    backupLayout->addWidget(m_backupProgress);
    m_backupStatus = new QLabel(backupBox);
    m_backupStatus->setObjectName(QStringLiteral("backupStatus"));
    m_backupStatus->setWordWrap(true);
    m_backupStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    backupLayout->addWidget(m_backupStatus);
    right->addWidget(backupBox);

    auto *placesBox = new QGroupBox(tr("Lieux d'activité"), this);
    auto *placesLayout = new QVBoxLayout(placesBox);
    m_placesSummary = new QLabel(placesBox);
    m_placesSummary->setObjectName(QStringLiteral("placesSummary"));
    m_placesSummary->setWordWrap(true);
    placesLayout->addWidget(m_placesSummary);
    auto *manageRow = new QHBoxLayout;
    manageRow->addStretch();
    auto *manage = new QPushButton(tr("Gérer les &lieux…"), placesBox);
    manage->setObjectName(QStringLiteral("managePlacesButton"));
    manageRow->addWidget(manage);
    placesLayout->addLayout(manageRow);
    right->addWidget(placesBox);
    right->addStretch();
    for (QGroupBox *box : {profileBox, dataBox, backupBox, placesBox})
        box->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    columns->setAlignment(profileBox, Qt::AlignTop);
    layout->addStretch();

    connect(save, &QPushButton::clicked, this, &SettingsView::saveProfile);
    connect(m_backupNow, &QPushButton::clicked, this, &SettingsView::backupNow);
    connect(m_restore, &QPushButton::clicked, this, &SettingsView::restoreBackup);
    connect(m_backupDays, qOverload<int>(&QSpinBox::valueChanged), this,
        [](int days) { QSettings().setValue(backupDaysKey(), days); });
    if (m_store.isReadOnly()) {
        save->setEnabled(false);
        save->setToolTip(m_store.readOnlyReason());
    }
    connect(m_profile, &ProfileEditor::edited, m_profileStatus, &QLabel::clear);
    connect(manage, &QPushButton::clicked, this, &SettingsView::managePlacesRequested);
    connect(open, &QPushButton::clicked, this, [this] {
        const QString folder = QFileInfo(m_store.filePath()).absolutePath();
        if (m_openUrl(QUrl::fromLocalFile(folder)))
            m_openStatus->clear();
        else
            m_openStatus->setText(tr("⚠ Le dossier n'a pas pu être ouvert : ouvrez-le depuis votre gestionnaire de "
                                     "fichiers."));
    });
    setTabOrder(m_profile->lastField(), save);
    setTabOrder(save, open);
    setTabOrder(open, technical);
    setTabOrder(technical, m_backupDays);
    setTabOrder(m_backupDays, m_backupNow);
    setTabOrder(m_backupNow, m_restore);
    setTabOrder(m_restore, manage);
    reload();
}

void SettingsView::reload()
{
    m_profile->setProfile(m_store.profile());
    m_profileStatus->clear();
    const QFileInfo file(m_store.filePath());
    m_folder->setText(
        tr("Vos activités, bénéficiaires et lieux sont enregistrés sur cet ordinateur, dans le dossier "
           ":<br><b>%1</b><br>Fichier : %2")
            .arg(QDir::toNativeSeparators(file.absolutePath()).toHtmlEscaped(), file.fileName().toHtmlEscaped()));
    const QString schema = tr("Version du schéma de la base : %1").arg(m_store.schemaVersion());
    const QString version = QCoreApplication::applicationVersion();
    m_schema->setText(version.isEmpty() ? schema : tr("Carnet %1 — %2").arg(version, schema));
    const StoreCounts c = m_store.counts();
    QString summary = FrenchText::count(c.lieux, tr("lieu d'activité en service"), tr("lieux d'activité en service"));
    if (c.lieuxArchives > 0)
        summary = tr("%1, %2").arg(summary, FrenchText::count(c.lieuxArchives, tr("archivé"), tr("archivés")));
    m_placesSummary->setText(summary + QLatin1Char('.'));
}

bool SettingsView::saveProfile()
{
    if (!m_profile->validate()) {
        m_profileStatus->setText(tr("⚠ Le profil n'est pas enregistré : corrigez les champs signalés."));
        return false;
    }
    QString error;
    if (!m_store.saveProfile(m_profile->profile(), &error)) {
        m_profileStatus->setText(QStringLiteral("⚠ ") + error);
        return false;
    }
    m_profileStatus->setText(tr("Profil enregistré."));
    emit profileSaved();
    return true;
}

QString SettingsView::backupDaysKey()
{
    return QStringLiteral("sauvegardes/jours");
}

QString SettingsView::suggestedBackupName() const
{
    return QStringLiteral("carnet-sauvegarde-%1.sqlite")
        .arg(m_store.clock().today().toString(QStringLiteral("yyyy-MM-dd")));
}

bool SettingsView::backupNow()
{
    if (m_backupTask->isRunning())
        return false;
    const QString suggested = QDir(QDir::homePath()).filePath(suggestedBackupName());
    const QString target = m_chooseFile(FileRequest::SaveBackup, suggested);
    if (target.isEmpty())
        return false;
    const QString source = m_store.filePath();
    auto error = std::make_shared<QString>();
    auto ok = std::make_shared<bool>(false);
    m_backupNow->setEnabled(false);
    m_restore->setEnabled(false);
    m_backupProgress->setVisible(true);
    m_backupStatus->setText(tr("Sauvegarde en cours…"));
    m_backupTask->start([source, target, error, ok] { *ok = Backups::write(source, target, error.get()); },
        [this, target, error, ok] {
            m_backupNow->setEnabled(true);
            m_restore->setEnabled(true);
            m_backupProgress->setVisible(false);
            if (*ok)
                m_backupStatus->setText(
                    tr("Vos données sont sauvegardées dans « %1 ».").arg(QDir::toNativeSeparators(target)));
            else
                m_backupStatus->setText(tr("⚠ La sauvegarde n'a pas été faite : %1").arg(*error));
        });
    return true;
}

bool SettingsView::restoreBackup()
{
    if (m_backupTask->isRunning())
        return false;
    const QString file = m_chooseFile(FileRequest::OpenBackup, Backups::folderOf(m_store.filePath()));
    if (file.isEmpty())
        return false;
    // What the file holds, read without checking it: the full check (integrity_check, which takes long on a large
    // copy) is made once, by the restore itself, which refuses a damaged or foreign file with the base untouched.
    // A file that is not even a readable Carnet base is refused here.
    const Backups::Info info = Backups::describe(file);
    if (info.schemaVersion <= 0) {
        m_backupStatus->setText(tr("⚠ Cette sauvegarde ne peut pas être restaurée : « %1 » n'est pas une sauvegarde "
                                   "Carnet lisible.")
                                    .arg(QDir::toNativeSeparators(file)));
        return false;
    }
    const QLocale french(QLocale::French, QLocale::France);
    const QString question
        = tr("Restaurer la sauvegarde « %1 » ?\n\nElle date du %2 et contient %3.\n\nVos données actuelles seront "
             "remplacées par celles de la sauvegarde ; elles sont d'abord gardées de côté dans le dossier des "
             "sauvegardes.")
              .arg(QDir::toNativeSeparators(file),
                  french.toString(info.created, QStringLiteral("d MMMM yyyy 'à' HH:mm")),
                  FrenchText::count(info.activities, tr("activité"), tr("activités")));
    if (!m_confirm(question))
        return false;
    m_backupStatus->clear();
    emit restoreRequested(file);
    return true;
}
