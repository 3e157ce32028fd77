#include "ui/settings/WelcomeDialog.h"

#include "models/domain/Validator.h"
#include "models/store/Store.h"
#include "ui/settings/ProfileEditor.h"
#include "ui/widgets/CommuneEdit.h"
#include "ui/widgets/FieldError.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

WelcomeDialog::WelcomeDialog(Store &store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("welcomeDialog"));
    setWindowTitle(tr("Bienvenue dans Carnet"));
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<h2>Bienvenue dans Carnet</h2>"), this);
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Deux informations pour commencer : qui vous êtes, et où vous accompagnez du public. "
                                "Vos lieux vous seront proposés dans chaque CRA. Tout reste modifiable ensuite dans "
                                "Paramètres ; vous pouvez aussi passer cette étape."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *columns = new QHBoxLayout;
    layout->addLayout(columns, 1);

    auto *profileBox = new QGroupBox(tr("Votre profil"), this);
    auto *profileLayout = new QVBoxLayout(profileBox);
    m_profile = new ProfileEditor(profileBox);
    m_profile->setProfile(store.profile());
    profileLayout->addWidget(m_profile);
    profileLayout->addStretch();
    columns->addWidget(profileBox, 1);

    auto *placesBox = new QGroupBox(tr("Vos lieux d'activité"), this);
    auto *placesLayout = new QVBoxLayout(placesBox);
    auto *placeForm = new QFormLayout;
    placeForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_placeName = new QLineEdit(placesBox);
    m_placeName->setObjectName(QStringLiteral("welcomePlaceName"));
    m_placeName->setAccessibleName(tr("Nom du lieu d'activité à ajouter"));
    m_placeName->setPlaceholderText(tr("Ex. : Médiathèque, France Services…"));
    m_placeName->setMaxLength(Validator::MaxShortTextLength);
    auto *nameLabel = new QLabel(tr("Nom du &lieu :"), placesBox);
    nameLabel->setBuddy(m_placeName);
    placeForm->addRow(nameLabel, m_placeName);
    m_placeCommune = new CommuneEdit(placesBox);
    m_placeCommune->setObjectName(QStringLiteral("welcomePlaceCommune"));
    m_placeCommune->setClearButtonEnabled(true);
    m_placeCommune->setAccessibleName(tr("Commune du lieu d'activité à ajouter"));
    auto *communeLabel = new QLabel(tr("Comm&une du lieu :"), placesBox);
    communeLabel->setBuddy(m_placeCommune);
    placeForm->addRow(communeLabel, m_placeCommune);
    placesLayout->addLayout(placeForm);
    m_placeError = new FieldError(m_placeName, QStringLiteral("welcomePlaceError"), placesBox);
    placesLayout->addWidget(m_placeError);
    m_addPlace = new QPushButton(tr("&Ajouter ce lieu"), placesBox);
    m_addPlace->setObjectName(QStringLiteral("welcomeAddPlace"));
    m_addPlace->setAutoDefault(true); // Entrée on the focused button presses it, not "Commencer"
    auto *addRow = new QHBoxLayout;
    addRow->addStretch();
    addRow->addWidget(m_addPlace);
    placesLayout->addLayout(addRow);
    m_placeList = new QListWidget(placesBox);
    m_placeList->setObjectName(QStringLiteral("welcomePlaceList"));
    m_placeList->setAccessibleName(tr("Lieux d'activité ajoutés"));
    placesLayout->addWidget(m_placeList, 1);
    m_removePlace = new QPushButton(tr("Ret&irer le lieu choisi"), placesBox);
    m_removePlace->setObjectName(QStringLiteral("welcomeRemovePlace"));
    m_removePlace->setAutoDefault(true); // Entrée on the focused button presses it, not "Commencer"
    auto *removeRow = new QHBoxLayout;
    removeRow->addStretch();
    removeRow->addWidget(m_removePlace);
    placesLayout->addLayout(removeRow);
    columns->addWidget(placesBox, 1);

    const QString folder = QDir::toNativeSeparators(QFileInfo(store.filePath()).absolutePath());
    auto *where = new QLabel(
        tr("Vos données restent sur cet ordinateur, dans le dossier :<br><b>%1</b>").arg(folder.toHtmlEscaped()), this);
    where->setObjectName(QStringLiteral("welcomeDataFolder"));
    where->setWordWrap(true);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(where);

    m_storeError = new QLabel(this);
    m_storeError->setObjectName(QStringLiteral("welcomeStoreError"));
    m_storeError->setWordWrap(true);
    m_storeError->hide();
    layout->addWidget(m_storeError);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *skip = buttons->addButton(tr("Passer cette é&tape"), QDialogButtonBox::RejectRole);
    skip->setObjectName(QStringLiteral("welcomeSkip"));
    skip->setAutoDefault(true);
    QPushButton *start = buttons->addButton(tr("Commence&r"), QDialogButtonBox::AcceptRole);
    start->setObjectName(QStringLiteral("welcomeStart"));
    start->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &WelcomeDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &WelcomeDialog::reject);
    layout->addWidget(buttons);

    connect(m_addPlace, &QPushButton::clicked, this, [this] { addTypedPlace(false); });
    connect(m_removePlace, &QPushButton::clicked, this, &WelcomeDialog::removeSelectedPlace);
    connect(m_placeList, &QListWidget::currentRowChanged, this, &WelcomeDialog::refreshPlaces);
    m_placeName->installEventFilter(this);
    m_placeCommune->installEventFilter(this);

    setTabOrder(m_profile->lastField(), m_placeName);
    setTabOrder(m_placeName, m_placeCommune);
    setTabOrder(m_placeCommune, m_addPlace);
    setTabOrder(m_addPlace, m_placeList);
    setTabOrder(m_placeList, m_removePlace);
    setTabOrder(m_removePlace, skip);
    setTabOrder(skip, start);
    refreshPlaces();
    resize(960, 560);
    m_profile->firstField()->setFocus();
}

bool WelcomeDialog::isNeeded(const Store &store)
{
    if (QSettings().value(QLatin1String(SkippedKey), false).toBool())
        return false;
    return store.profile().isEmpty() && store.places(true).isEmpty() && store.counts().activites() == 0;
}

bool WelcomeDialog::eventFilter(QObject *watched, QEvent *event)
{
    // Entrée in the place fields adds the place instead of closing the dialog.
    if ((watched == m_placeName || watched == m_placeCommune) && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && key->modifiers() == Qt::NoModifier) {
            if (addTypedPlace(false))
                m_placeName->setFocus();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

bool WelcomeDialog::addTypedPlace(bool quietWhenEmpty)
{
    if (quietWhenEmpty && m_placeName->text().trimmed().isEmpty() && m_placeCommune->text().trimmed().isEmpty())
        return true;
    Place p;
    p.id = QUuid::createUuid();
    p.nom = m_placeName->text().trimmed();
    p.commune = m_placeCommune->commune();
    QStringList messages;
    for (const ValidationError &e : Validator::validate(p)) {
        if (e.field == QLatin1String("commune") && m_placeCommune->hasUnresolvedText())
            continue;
        messages.append(e.message);
    }
    if (m_placeCommune->hasUnresolvedText())
        messages.append(m_placeCommune->unresolvedMessage());
    for (const Place &other : std::as_const(m_places)) {
        if (other.nom.compare(p.nom, Qt::CaseInsensitive) == 0 && other.commune == p.commune)
            messages.append(tr("Le lieu « %1 » est déjà dans la liste.").arg(p.nom));
    }
    m_placeError->setMessages(messages);
    if (!messages.isEmpty()) {
        (p.nom.isEmpty() ? static_cast<QWidget *>(m_placeName) : m_placeCommune)->setFocus();
        return false;
    }
    m_places.append(p);
    m_placeName->clear();
    m_placeCommune->setCommune(CommuneRef());
    refreshPlaces();
    return true;
}

void WelcomeDialog::removeSelectedPlace()
{
    const int row = m_placeList->currentRow();
    if (row < 0 || row >= m_places.size())
        return;
    m_places.removeAt(row);
    refreshPlaces();
}

void WelcomeDialog::refreshPlaces()
{
    if (m_placeList->count() != m_places.size()) {
        const QSignalBlocker blocker(m_placeList);
        m_placeList->clear();
        for (const Place &p : std::as_const(m_places))
            m_placeList->addItem(tr("%1 — %2").arg(p.nom, CommuneEdit::display(p.commune)));
        if (m_placeList->count() > 0)
            m_placeList->setCurrentRow(m_placeList->count() - 1);
    }
    m_removePlace->setEnabled(m_placeList->currentRow() >= 0);
    if (m_places.isEmpty()) {
        m_placeList->setToolTip(tr("Aucun lieu ajouté pour l'instant."));
        m_placeList->setAccessibleDescription(tr("Aucun lieu ajouté pour l'instant."));
    } else {
        m_placeList->setToolTip(QString());
        m_placeList->setAccessibleDescription(QString());
    }
}

void WelcomeDialog::accept()
{
    if (!addTypedPlace(true))
        return;
    const bool saveProfile = !m_profile->isBlank();
    if (!saveProfile && m_places.isEmpty()) {
        // "Commencer" with nothing filled would skip everything without a word: it says what to do instead.
        m_storeError->setText(tr("⚠ Rien n'est renseigné : indiquez votre profil ou ajoutez un lieu d'activité, ou "
                                 "choisissez « Passer cette étape »."));
        m_storeError->setAccessibleName(m_storeError->text());
        m_storeError->show();
        m_profile->firstField()->setFocus();
        return;
    }
    if (saveProfile && !m_profile->validate())
        return;
    QString error;
    if (saveProfile && !m_store.saveProfile(m_profile->profile(), &error)) {
        m_storeError->setText(QStringLiteral("⚠ ") + error);
        m_storeError->show();
        return;
    }
    while (!m_places.isEmpty()) {
        Place p = m_places.first();
        if (!m_store.savePlace(p, &error)) {
            m_storeError->setText(QStringLiteral("⚠ ") + error);
            m_storeError->show();
            refreshPlaces();
            return;
        }
        m_places.removeFirst();
    }
    if (!saveProfile)
        QSettings().setValue(QLatin1String(SkippedKey), true); // nothing to ask again: the user went through it
    QDialog::accept();
}

void WelcomeDialog::reject()
{
    QSettings().setValue(QLatin1String(SkippedKey), true);
    QDialog::reject();
}
