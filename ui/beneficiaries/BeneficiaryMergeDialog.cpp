#include "ui/beneficiaries/BeneficiaryMergeDialog.h"

#include "models/text/FrenchText.h"
#include "ui/widgets/CommuneEdit.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

BeneficiaryMergeDialog::BeneficiaryMergeDialog(
    const Beneficiary &first, int firstActivities, const Beneficiary &second, int secondActivities, QWidget *parent)
    : QDialog(parent)
    , m_first(first)
    , m_second(second)
{
    setObjectName(QStringLiteral("beneficiaryMergeDialog"));
    setWindowTitle(tr("Fusionner deux fiches"));
    auto *layout = new QVBoxLayout(this);
    auto *question
        = new QLabel(tr("Ces deux fiches désignent la même personne ? Choisissez la fiche à garder :"), this);
    question->setWordWrap(true);
    layout->addWidget(question);

    m_keepFirst = new QRadioButton(describe(first, firstActivities), this);
    m_keepFirst->setObjectName(QStringLiteral("keepFirst"));
    m_keepFirst->setAccessibleName(tr("Garder la fiche %1").arg(first.displayName()));
    m_keepSecond = new QRadioButton(describe(second, secondActivities), this);
    m_keepSecond->setObjectName(QStringLiteral("keepSecond"));
    m_keepSecond->setAccessibleName(tr("Garder la fiche %1").arg(second.displayName()));
    (secondActivities > firstActivities ? m_keepSecond : m_keepFirst)->setChecked(true);
    layout->addWidget(m_keepFirst);
    layout->addWidget(m_keepSecond);

    auto *explanation = new QLabel(
        tr("<p>Ce qui va se passer :</p><ul><li>toutes les activités des deux fiches seront rattachées à la fiche "
           "gardée ;</li><li>les champs vides de la fiche gardée seront complétés par ceux de l'autre fiche (les "
           "notes sont mises bout à bout) ;</li><li>un atelier où figurent les deux fiches ne comptera plus cette "
           "personne qu'une fois ;</li><li>l'autre fiche sera supprimée.</li></ul><p>La fusion ne peut pas être "
           "annulée.</p>"),
        this);
    explanation->setObjectName(QStringLiteral("mergeExplanation"));
    explanation->setWordWrap(true);
    layout->addWidget(explanation);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *merge = buttons->addButton(tr("&Fusionner"), QDialogButtonBox::AcceptRole);
    merge->setObjectName(QStringLiteral("mergeButton"));
    QPushButton *cancel = buttons->addButton(tr("Annuler"), QDialogButtonBox::RejectRole);
    cancel->setObjectName(QStringLiteral("mergeCancel"));
    cancel->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

QString BeneficiaryMergeDialog::describe(const Beneficiary &b, int activities)
{
    QStringList parts;
    if (b.anneeNaissance > 0)
        parts.append(tr("né(e) en %1").arg(b.anneeNaissance));
    if (!b.communeResidence.isEmpty())
        parts.append(CommuneEdit::display(b.communeResidence));
    if (!b.telephone.isEmpty())
        parts.append(b.telephone);
    if (!b.email.isEmpty())
        parts.append(b.email);
    parts.append(FrenchText::count(activities, tr("activité"), tr("activités")));
    return tr("%1 — %2").arg(b.displayName(), parts.join(QStringLiteral(", ")));
}

QUuid BeneficiaryMergeDialog::keep() const
{
    return m_keepFirst->isChecked() ? m_first.id : m_second.id;
}

QUuid BeneficiaryMergeDialog::duplicate() const
{
    return m_keepFirst->isChecked() ? m_second.id : m_first.id;
}
