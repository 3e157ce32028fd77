#include "ui/beneficiaries/BeneficiaryDialog.h"

#include "models/domain/Nomenclature.h"
#include "models/domain/Validator.h"
#include "models/store/Store.h"
#include "ui/widgets/CodeCombo.h"
#include "ui/widgets/CommuneEdit.h"
#include "ui/widgets/FieldError.h"
#include "ui/widgets/FrenchDialogs.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

BeneficiaryDialog::BeneficiaryDialog(Store &store, const Beneficiary &beneficiary, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_beneficiary(beneficiary)
{
    setObjectName(QStringLiteral("beneficiaryDialog"));
    setWindowTitle(beneficiary.id.isNull() ? tr("Nouveau bénéficiaire") : tr("Modifier la fiche du bénéficiaire"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Ne notez que ce qui sert au suivi de la personne. Tous les champs sont facultatifs, "
                                "sauf le nom ou le prénom."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(form);

    const auto addRow = [this, form](const QString &label, QWidget *field, const QString &errorName) {
        auto *text = new QLabel(label, this);
        text->setBuddy(field);
        auto *error = new FieldError(field, QStringLiteral("beneficiaryError_") + errorName, this);
        error->setProperty("validatorField", errorName);
        m_errors.append(error);
        form->addRow(text, error->wrap(this));
    };
    const auto line = [this](const QString &name, const QString &accessible, const QString &value) {
        auto *edit = new QLineEdit(value, this);
        edit->setObjectName(name);
        edit->setAccessibleName(accessible);
        edit->setMaxLength(Validator::MaxShortTextLength);
        return edit;
    };

    m_prenom = line(QStringLiteral("beneficiaryPrenom"), tr("Prénom du bénéficiaire"), beneficiary.prenom);
    addRow(tr("&Prénom :"), m_prenom, QStringLiteral("prenom"));
    m_nom = line(QStringLiteral("beneficiaryNom"), tr("Nom du bénéficiaire"), beneficiary.nom);
    addRow(tr("&Nom :"), m_nom, QStringLiteral("nom"));
    m_telephone = line(QStringLiteral("beneficiaryTelephone"), tr("Téléphone du bénéficiaire"), beneficiary.telephone);
    addRow(tr("&Téléphone :"), m_telephone, QStringLiteral("telephone"));
    m_email = line(QStringLiteral("beneficiaryEmail"), tr("E-mail du bénéficiaire"), beneficiary.email);
    addRow(tr("&E-mail :"), m_email, QStringLiteral("email"));

    m_annee = line(QStringLiteral("beneficiaryAnnee"), tr("Année de naissance du bénéficiaire"),
        beneficiary.anneeNaissance > 0 ? QString::number(beneficiary.anneeNaissance) : QString());
    m_annee->setMaxLength(4);
    m_annee->setValidator(new QIntValidator(0, 9999, m_annee));
    m_annee->setPlaceholderText(tr("aaaa"));
    addRow(tr("&Année de naissance :"), m_annee, QStringLiteral("anneeNaissance"));

    const auto codeCombo
        = [this](Nomenclature::List list, const QString &name, const QString &accessible, const QString &current) {
              auto *combo = new CodeCombo(list, tr("Non renseigné"), this);
              combo->setObjectName(name);
              combo->setAccessibleName(accessible);
              combo->setCode(current);
              return combo;
          };
    m_genre = codeCombo(
        Nomenclature::List::Genre, QStringLiteral("beneficiaryGenre"), tr("Genre du bénéficiaire"), beneficiary.genre);
    addRow(tr("&Genre :"), m_genre, QStringLiteral("genre"));
    m_tranche = codeCombo(Nomenclature::List::TrancheAge, QStringLiteral("beneficiaryTranche"),
        tr("Tranche d'âge du bénéficiaire"), beneficiary.trancheAge);
    addRow(tr("Tranche d'â&ge :"), m_tranche, QStringLiteral("trancheAge"));
    m_statut = codeCombo(Nomenclature::List::StatutSocial, QStringLiteral("beneficiaryStatut"),
        tr("Statut du bénéficiaire"), beneficiary.statutSocial);
    addRow(tr("&Statut :"), m_statut, QStringLiteral("statutSocial"));

    m_commune = new CommuneEdit(this);
    m_commune->setObjectName(QStringLiteral("beneficiaryCommune"));
    m_commune->setClearButtonEnabled(true);
    m_commune->setAccessibleName(tr("Commune de résidence du bénéficiaire"));
    m_commune->setCommune(beneficiary.communeResidence);
    addRow(tr("&Commune de résidence :"), m_commune, QStringLiteral("communeResidence"));

    m_notes = new QPlainTextEdit(beneficiary.notes, this);
    m_notes->setObjectName(QStringLiteral("beneficiaryNotes"));
    m_notes->setAccessibleName(tr("Notes sur le bénéficiaire"));
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 4 + 12);
    addRow(tr("N&otes :"), m_notes, QStringLiteral("notes"));

    connect(m_annee, &QLineEdit::textEdited, this, [this](const QString &text) {
        const int year = text.toInt();
        const int thisYear = m_store.clock().today().year();
        if (text.size() == 4 && year >= 1900 && year <= thisYear) {
            const QString code = Nomenclature::trancheAgeForBirthYear(year, thisYear);
            const int index = m_tranche->findData(code);
            if (index >= 0)
                m_tranche->setCurrentIndex(index);
        }
    });

    m_storeError = new QLabel(this);
    m_storeError->setObjectName(QStringLiteral("beneficiaryStoreError"));
    m_storeError->setWordWrap(true);
    m_storeError->hide();
    layout->addWidget(m_storeError);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *save = buttons->addButton(tr("En&registrer"), QDialogButtonBox::AcceptRole);
    save->setObjectName(QStringLiteral("beneficiarySave"));
    save->setDefault(true);
    QPushButton *cancel = buttons->addButton(tr("Annuler"), QDialogButtonBox::RejectRole);
    cancel->setObjectName(QStringLiteral("beneficiaryCancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &BeneficiaryDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &BeneficiaryDialog::reject);
    layout->addWidget(buttons);

    QWidget *order[]
        = {m_prenom, m_nom, m_telephone, m_email, m_annee, m_genre, m_tranche, m_statut, m_commune, m_notes};
    for (std::size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);
    setMinimumWidth(520);
}

Beneficiary BeneficiaryDialog::edited() const
{
    Beneficiary b = m_beneficiary;
    b.prenom = m_prenom->text().trimmed();
    b.nom = m_nom->text().trimmed();
    b.telephone = m_telephone->text().trimmed();
    b.email = m_email->text().trimmed();
    b.anneeNaissance = m_annee->text().toInt();
    b.genre = m_genre->code();
    b.trancheAge = m_tranche->code();
    b.statutSocial = m_statut->code();
    b.communeResidence = m_commune->commune();
    b.notes = m_notes->toPlainText().trimmed();
    return b;
}

void BeneficiaryDialog::accept()
{
    Beneficiary b = edited();
    if (b.id.isNull())
        b.id = QUuid::createUuid();
    const ValidationErrors errors = Validator::validate(b, m_store.clock().today());
    bool ok = errors.isEmpty();
    FieldError *first = nullptr;
    for (FieldError *e : std::as_const(m_errors)) {
        QStringList messages = Validator::messagesFor(errors, e->property("validatorField").toString());
        if (e->field() == m_commune && m_commune->hasUnresolvedText()) {
            messages = {m_commune->unresolvedMessage()};
            ok = false;
        }
        e->setMessages(messages);
        if (!messages.isEmpty() && !first)
            first = e;
    }
    if (!ok) {
        if (first && first->field())
            first->field()->setFocus(Qt::OtherFocusReason);
        return;
    }
    // Changed meanwhile (a sync brought another computer's version): said, never replaced in silence.
    if (!m_beneficiary.id.isNull()) {
        const auto now = m_store.beneficiary(m_beneficiary.id);
        if (now && now->modification != m_beneficiary.modification && !now->sameContent(m_beneficiary)
            && !FrenchDialogs::confirm(this, tr("Modifiée ailleurs"),
                tr("Cette fiche a été modifiée sur un autre ordinateur pendant que vous l'aviez ouverte (la "
                   "synchronisation vient d'apporter cette version). Enregistrer la vôtre remplacera l'autre version."),
                tr("&Enregistrer la mienne")))
            return;
    }
    QString error;
    if (!m_store.saveBeneficiary(b, &error)) {
        m_storeError->setText(QStringLiteral("⚠ ") + error);
        m_storeError->show();
        return;
    }
    m_beneficiary = b;
    QDialog::accept();
}
