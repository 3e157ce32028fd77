#include "ui/places/PlaceDialog.h"

#include "models/domain/Validator.h"
#include "models/store/Store.h"
#include "ui/widgets/CommuneEdit.h"
#include "ui/widgets/FieldError.h"
#include "ui/widgets/FrenchDialogs.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

PlaceDialog::PlaceDialog(Store &store, const Place &place, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_place(place)
{
    setObjectName(QStringLiteral("placeDialog"));
    setWindowTitle(place.id.isNull() ? tr("Nouveau lieu d'activité") : tr("Modifier le lieu d'activité"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(form);

    m_nom = new QLineEdit(place.nom, this);
    m_nom->setObjectName(QStringLiteral("placeNom"));
    m_nom->setAccessibleName(tr("Nom du lieu"));
    m_nom->setPlaceholderText(tr("Ex. : Médiathèque de Guéret"));
    m_nom->setMaxLength(Validator::MaxShortTextLength);
    m_nomError = new FieldError(m_nom, QStringLiteral("placeNomError"), this);
    auto *nomLabel = new QLabel(tr("&Nom du lieu :"), this);
    nomLabel->setBuddy(m_nom);
    form->addRow(nomLabel, m_nomError->wrap(this));

    m_adresse = new QLineEdit(place.adresse, this);
    m_adresse->setObjectName(QStringLiteral("placeAdresse"));
    m_adresse->setAccessibleName(tr("Adresse du lieu"));
    m_adresse->setMaxLength(Validator::MaxShortTextLength);
    m_adresseError = new FieldError(m_adresse, QStringLiteral("placeAdresseError"), this);
    auto *adresseLabel = new QLabel(tr("&Adresse :"), this);
    adresseLabel->setBuddy(m_adresse);
    form->addRow(adresseLabel, m_adresseError->wrap(this));

    m_commune = new CommuneEdit(this);
    m_commune->setObjectName(QStringLiteral("placeCommune"));
    m_commune->setClearButtonEnabled(true);
    m_commune->setAccessibleName(tr("Commune du lieu"));
    m_commune->setCommune(place.commune);
    m_communeError = new FieldError(m_commune, QStringLiteral("placeCommuneError"), this);
    auto *communeLabel = new QLabel(tr("&Commune :"), this);
    communeLabel->setBuddy(m_commune);
    form->addRow(communeLabel, m_communeError->wrap(this));

    m_storeError = new QLabel(this);
    m_storeError->setObjectName(QStringLiteral("placeStoreError"));
    m_storeError->setWordWrap(true);
    m_storeError->hide();
    layout->addWidget(m_storeError);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *save = buttons->addButton(tr("&Enregistrer"), QDialogButtonBox::AcceptRole);
    save->setObjectName(QStringLiteral("placeSave"));
    save->setDefault(true);
    QPushButton *cancel = buttons->addButton(tr("Annuler"), QDialogButtonBox::RejectRole);
    cancel->setObjectName(QStringLiteral("placeCancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &PlaceDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PlaceDialog::reject);
    layout->addWidget(buttons);

    setTabOrder(m_nom, m_adresse);
    setTabOrder(m_adresse, m_commune);
    setMinimumWidth(460);
}

Place PlaceDialog::edited() const
{
    Place p = m_place;
    p.nom = m_nom->text().trimmed();
    p.adresse = m_adresse->text().trimmed();
    p.commune = m_commune->commune();
    return p;
}

void PlaceDialog::accept()
{
    Place p = edited();
    if (p.id.isNull())
        p.id = QUuid::createUuid();
    const ValidationErrors errors = Validator::validate(p);
    m_nomError->setMessages(Validator::messagesFor(errors, QStringLiteral("nom")));
    m_adresseError->setMessages(Validator::messagesFor(errors, QStringLiteral("adresse")));
    QStringList commune = Validator::messagesFor(errors, QStringLiteral("commune"));
    if (m_commune->hasUnresolvedText())
        commune = {m_commune->unresolvedMessage()};
    m_communeError->setMessages(commune);
    if (!errors.isEmpty() || !commune.isEmpty()) {
        if (!m_nomError->isHidden())
            m_nom->setFocus();
        else if (!m_adresseError->isHidden())
            m_adresse->setFocus();
        else
            m_commune->setFocus();
        return;
    }
    // Changed meanwhile (a sync brought another computer's version): said, never replaced in silence.
    if (!m_place.id.isNull()) {
        const auto now = m_store.place(m_place.id);
        if (now && now->modification != m_place.modification && !now->sameContent(m_place)
            && !FrenchDialogs::confirm(this, tr("Modifiée ailleurs"),
                tr("Cette fiche a été modifiée sur un autre ordinateur pendant que vous l'aviez ouverte (la "
                   "synchronisation vient d'apporter cette version). Enregistrer la vôtre remplacera l'autre version."),
                tr("&Enregistrer la mienne")))
            return;
    }
    QString error;
    if (!m_store.savePlace(p, &error)) {
        m_storeError->setText(QStringLiteral("⚠ ") + error);
        m_storeError->show();
        return;
    }
    m_place = p;
    QDialog::accept();
}
