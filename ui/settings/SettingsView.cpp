#include "ui/settings/SettingsView.h"

#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "ui/settings/ProfileEditor.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

SettingsView::SettingsView(Store &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
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
    for (QGroupBox *box : {profileBox, dataBox, placesBox})
        box->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    columns->setAlignment(profileBox, Qt::AlignTop);
    layout->addStretch();

    connect(save, &QPushButton::clicked, this, &SettingsView::saveProfile);
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
    setTabOrder(technical, manage);
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
