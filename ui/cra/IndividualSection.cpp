#include "ui/cra/IndividualSection.h"

#include "models/domain/Codes.h"

#include "ui/cra/BeneficiaryPicker.h"
#include "ui/widgets/CodeCombo.h"
#include "ui/widgets/CommuneEdit.h"

#include <QAbstractItemView>
#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace {
using List = Nomenclature::List;

const Nomenclature &nomenclature()
{
    return Nomenclature::instance();
}

} // namespace

IndividualSection::IndividualSection(Store &store, QWidget *parent)
    : CraSection(parent)
{
    setObjectName(QStringLiteral("individualBox"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    const auto codeCombo = [this](List list, const QString &accessibleName, const QString &objectName, QWidget *box) {
        auto *combo = new CodeCombo(list, tr("—"), box);
        combo->setObjectName(objectName);
        combo->setAccessibleName(accessibleName);
        combo->view()->setAccessibleName(accessibleName);
        connect(combo, &QComboBox::currentIndexChanged, this, &CraSection::changed);
        return combo;
    };

    // Autonomie
    m_autonomie = new QButtonGroup(this);
    const QList<QRadioButton *> autonomie = codeRadios(List::Autonomie, m_autonomie, this);
    connect(m_autonomie, &QButtonGroup::buttonToggled, this, &CraSection::changed);
    answerWithOneKey(m_autonomie);
    const QString autonomieLegend = nomenclature().legend(List::Autonomie);
    layout->addWidget(fieldLabel(mnemonic(autonomieLegend, QLatin1Char('a')), autonomie.value(0), this));
    auto *autonomieRow = new QHBoxLayout;
    for (QRadioButton *radio : autonomie) {
        radio->setAccessibleName(autonomieLegend + QStringLiteral(" : ") + radio->text());
        autonomieRow->addWidget(radio);
        appendTabChain({radio});
    }
    autonomieRow->addStretch(1);
    layout->addLayout(autonomieRow);
    addMessage(layout, {QStringLiteral("autonomie")}, autonomie.value(0));

    // Orientation
    const QString question = nomenclature().orienteQuestion();
    m_oriente = new QButtonGroup(this);
    m_orienteOui = new QRadioButton(
        nomenclature().label(List::OrienteVersStructure, QString::fromLatin1(Codes::Oriente::Oui)), this);
    m_orienteOui->setObjectName(QStringLiteral("orienteOui"));
    m_orienteNon = new QRadioButton(
        nomenclature().label(List::OrienteVersStructure, QString::fromLatin1(Codes::Oriente::Non)), this);
    m_orienteNon->setObjectName(QStringLiteral("orienteNon"));
    m_orienteOui->setAccessibleName(question + QLatin1Char(' ') + m_orienteOui->text());
    m_orienteNon->setAccessibleName(question + QLatin1Char(' ') + m_orienteNon->text());
    m_orienteOui->setProperty("code", QString::fromLatin1(Codes::Oriente::Oui));
    m_orienteNon->setProperty("code", QString::fromLatin1(Codes::Oriente::Non));
    m_oriente->addButton(m_orienteOui);
    m_oriente->addButton(m_orienteNon);
    answerWithOneKey(m_oriente);
    connect(m_oriente, &QButtonGroup::buttonToggled, this, &CraSection::changed);
    auto *questionLabel = fieldLabel(mnemonic(question, QLatin1Char('f')), m_orienteOui, this);
    questionLabel->setWordWrap(true);
    layout->addWidget(questionLabel);
    auto *orienteRow = new QHBoxLayout;
    orienteRow->addWidget(m_orienteOui);
    orienteRow->addWidget(m_orienteNon);
    m_structureBox = new QWidget(this);
    auto *structureLayout = new QHBoxLayout(m_structureBox);
    structureLayout->setContentsMargins(12, 0, 0, 0);
    m_structure = codeCombo(
        List::StructureDeRedirection, tr("Structure de redirection"), QStringLiteral("structure"), m_structureBox);
    m_structure->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_structure->setMinimumContentsLength(20);
    structureLayout->addWidget(fieldLabel(tr("&Structure de redirection"), m_structure, m_structureBox));
    structureLayout->addWidget(m_structure, 1);
    orienteRow->addWidget(m_structureBox, 1);
    orienteRow->addStretch(0);
    layout->addLayout(orienteRow);
    appendTabChain({m_orienteOui, m_orienteNon, m_structure});
    addMessage(layout, {QStringLiteral("structureDeRedirection")}, m_structure);

    // Bénéficiaire
    m_anonyme = new QRadioButton(tr("Anonyme"), this);
    m_anonyme->setObjectName(QStringLiteral("personAnonyme"));
    m_anonyme->setAccessibleName(tr("Bénéficiaire anonyme"));
    m_suivi = new QRadioButton(tr("Bénéficiaire suivi"), this);
    m_suivi->setObjectName(QStringLiteral("personSuivi"));
    m_suivi->setAccessibleName(tr("Bénéficiaire suivi"));
    auto *personGroup = new QButtonGroup(this);
    personGroup->addButton(m_anonyme);
    personGroup->addButton(m_suivi);
    connect(personGroup, &QButtonGroup::buttonToggled, this, &CraSection::changed);
    answerWithOneKey(personGroup);
    auto *personRow = new QHBoxLayout;
    personRow->addWidget(fieldLabel(tr("&Bénéficiaire"), m_anonyme, this));
    personRow->addWidget(m_anonyme);
    personRow->addWidget(m_suivi);
    personRow->addStretch(1);
    layout->addSpacing(4);
    layout->addLayout(personRow);
    appendTabChain({m_anonyme, m_suivi});

    m_anonBox = new QWidget(this);
    m_anonBox->setObjectName(QStringLiteral("anonBox"));
    auto *anon = new QGridLayout(m_anonBox);
    anon->setContentsMargins(0, 0, 0, 0);
    anon->setHorizontalSpacing(8);
    anon->setVerticalSpacing(2);
    m_genre = codeCombo(List::Genre, tr("Genre"), QStringLiteral("genre"), m_anonBox);
    m_tranche = codeCombo(List::TrancheAge, tr("Tranche d'âge"), QStringLiteral("trancheAge"), m_anonBox);
    m_annee = new QLineEdit(m_anonBox);
    m_annee->setObjectName(QStringLiteral("anneeNaissance"));
    m_annee->setAccessibleName(tr("Année de naissance"));
    m_annee->setMaxLength(4);
    m_annee->setValidator(new QIntValidator(0, 9999, m_annee));
    m_annee->setPlaceholderText(tr("aaaa"));
    m_statut = codeCombo(List::StatutSocial, tr("Statut"), QStringLiteral("statut"), m_anonBox);
    m_residence = new CommuneEdit(m_anonBox);
    m_residence->setObjectName(QStringLiteral("communeResidence"));
    m_residence->setAccessibleName(tr("Commune de résidence"));
    m_deja = new CodeCombo(m_anonBox);
    m_deja->setObjectName(QStringLiteral("dejaAccompagne"));
    m_deja->setAccessibleName(tr("Déjà accompagné"));
    m_deja->addItem(tr("—"), QString());
    m_deja->addItem(tr("Oui"), QString::fromLatin1(Codes::Oriente::Oui));
    m_deja->addItem(tr("Non"), QString::fromLatin1(Codes::Oriente::Non));
    m_deja->view()->setAccessibleName(tr("Déjà accompagné"));
    connect(m_deja, &QComboBox::currentIndexChanged, this, &CraSection::changed);
    connect(m_residence, &CommuneEdit::communeChanged, this, &CraSection::changed);
    connect(m_annee, &QLineEdit::textEdited, this, [this](const QString &text) {
        const int year = text.toInt();
        if (text.size() == 4 && year >= 1900 && year <= m_activityDate.year())
            m_tranche->setCode(Nomenclature::trancheAgeForBirthYear(year, m_activityDate.year()));
        emit changed();
    });
    // Genre, Tranche d'âge, année de naissance, Statut and Commune de résidence have no mnemonic of their own: every
    // letter of their labels already serves another field (only K, W, X, Z are free). Alt+B (Bénéficiaire: Anonyme)
    // then Tab reaches them in reading order, row by row.
    anon->addWidget(fieldLabel(tr("Genre"), m_genre, m_anonBox), 0, 0);
    anon->addWidget(fieldLabel(tr("Tranche d'âge"), m_tranche, m_anonBox), 0, 1);
    anon->addWidget(fieldLabel(tr("ou année de naissance"), m_annee, m_anonBox), 0, 2);
    anon->addWidget(m_genre, 1, 0);
    anon->addWidget(m_tranche, 1, 1);
    anon->addWidget(m_annee, 1, 2);
    anon->addWidget(fieldLabel(tr("Statut"), m_statut, m_anonBox), 2, 0);
    anon->addWidget(fieldLabel(tr("Commune de résidence"), m_residence, m_anonBox), 2, 1);
    anon->addWidget(fieldLabel(tr("Dé&jà accompagné"), m_deja, m_anonBox), 2, 2);
    anon->addWidget(m_statut, 3, 0);
    anon->addWidget(m_residence, 3, 1);
    anon->addWidget(m_deja, 3, 2);
    anon->setColumnStretch(0, 1);
    anon->setColumnStretch(1, 2);
    anon->setColumnStretch(2, 1);
    layout->addWidget(m_anonBox);
    appendTabChain({m_genre, m_tranche, m_annee, m_statut, m_residence, m_deja});

    m_beneficiaire
        = new BeneficiaryPicker(store, BeneficiaryPicker::Mode::Single, tr("Rechercher un bénéficiaire suivi"), this);
    m_beneficiaire->setObjectName(QStringLiteral("beneficiaire"));
    connect(m_beneficiaire, &BeneficiaryPicker::changed, this, &CraSection::changed);
    layout->addWidget(m_beneficiaire);
    appendTabChain(m_beneficiaire->focusChain());
    addMessage(layout,
        {QStringLiteral("beneficiaire"), QStringLiteral("anonyme.genre"), QStringLiteral("anonyme.trancheAge"),
            QStringLiteral("anonyme.anneeNaissance"), QStringLiteral("anonyme.statutSocial"),
            QStringLiteral("anonyme.communeResidence")},
        m_anonyme);
    setMessageFocus(QStringLiteral("beneficiaire"), m_beneficiaire->searchEdit());
    setMessageFocus(QStringLiteral("anonyme.genre"), m_genre);
    setMessageFocus(QStringLiteral("anonyme.trancheAge"), m_tranche);
    setMessageFocus(QStringLiteral("anonyme.anneeNaissance"), m_annee);
    setMessageFocus(QStringLiteral("anonyme.statutSocial"), m_statut);
    setMessageFocus(QStringLiteral("anonyme.communeResidence"), m_residence);
}

bool IndividualSection::isFollowed() const
{
    return m_suivi->isChecked();
}

void IndividualSection::load(const Activity &a)
{
    setCheckedCode(m_autonomie, a.autonomie);
    setCheckedCode(m_oriente,
        a.orienteVersStructure.has_value()
            ? QString::fromLatin1(*a.orienteVersStructure ? Codes::Oriente::Oui : Codes::Oriente::Non)
            : QString());
    m_structure->setCode(a.structureDeRedirection);
    m_beneficiaire->reload();
    (a.beneficiaireId.isNull() ? m_anonyme : m_suivi)->setChecked(true);
    m_beneficiaire->setSelected(a.beneficiaireId.isNull() ? QList<QUuid>() : QList<QUuid>{a.beneficiaireId});
    m_genre->setCode(a.anonyme.genre);
    m_tranche->setCode(a.anonyme.trancheAge);
    m_annee->setText(a.anonyme.anneeNaissance > 0 ? QString::number(a.anonyme.anneeNaissance) : QString());
    m_statut->setCode(a.anonyme.statutSocial);
    m_residence->setCommune(a.anonyme.communeResidence);
    m_deja->setCode(a.anonyme.dejaAccompagne.has_value()
            ? QString::fromLatin1(*a.anonyme.dejaAccompagne ? Codes::Oriente::Oui : Codes::Oriente::Non)
            : QString());
}

void IndividualSection::apply(Activity &a) const
{
    if (!a.isIndividuel())
        return;
    a.autonomie = checkedCode(m_autonomie);
    if (m_orienteOui->isChecked())
        a.orienteVersStructure = true;
    else if (m_orienteNon->isChecked())
        a.orienteVersStructure = false;
    if (a.orienteVersStructure.value_or(false))
        a.structureDeRedirection = m_structure->code();
    if (m_suivi->isChecked()) {
        a.beneficiaireId = m_beneficiaire->selected().value(0);
    } else {
        a.anonyme.genre = m_genre->code();
        a.anonyme.trancheAge = m_tranche->code();
        a.anonyme.anneeNaissance = m_annee->text().toInt();
        a.anonyme.statutSocial = m_statut->code();
        a.anonyme.communeResidence = m_residence->communeOrTypedName();
        const QString deja = m_deja->code();
        if (!deja.isEmpty())
            a.anonyme.dejaAccompagne = deja == QLatin1String(Codes::Oriente::Oui);
    }
}

void IndividualSection::refreshChoices()
{
    m_beneficiaire->reload();
}

void IndividualSection::updateDisplay()
{
    m_structureBox->setVisible(m_orienteOui->isChecked());
    m_anonBox->setVisible(!m_suivi->isChecked());
    m_beneficiaire->setVisible(m_suivi->isChecked());
}
