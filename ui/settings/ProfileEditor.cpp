#include "ui/settings/ProfileEditor.h"

#include "models/domain/Validator.h"
#include "ui/widgets/CommuneEdit.h"
#include "ui/widgets/FieldError.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>

ProfileEditor::ProfileEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("profileEditor"));
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);

    const auto line = [this](const QString &name, const QString &accessible, int maxLength) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(name);
        edit->setAccessibleName(accessible);
        edit->setMaxLength(maxLength);
        connect(edit, &QLineEdit::textEdited, this, &ProfileEditor::edited);
        return edit;
    };
    const auto addRow = [this, form](const QString &label, QWidget *field, FieldError *error) {
        auto *text = new QLabel(label, this);
        text->setBuddy(field);
        form->addRow(text, error ? error->wrap(this) : field);
    };

    m_prenom = line(QStringLiteral("profilePrenom"), tr("Votre prénom"), Validator::MaxShortTextLength);
    m_prenomError = new FieldError(m_prenom, QStringLiteral("profilePrenomError"), this);
    addRow(tr("&Prénom :"), m_prenom, m_prenomError);

    m_nom = line(QStringLiteral("profileNom"), tr("Votre nom"), Validator::MaxShortTextLength);
    m_nomError = new FieldError(m_nom, QStringLiteral("profileNomError"), this);
    addRow(tr("&Nom :"), m_nom, m_nomError);

    m_email = line(
        QStringLiteral("profileEmail"), tr("Votre adresse e-mail professionnelle"), Validator::MaxShortTextLength);
    m_email->setPlaceholderText(tr("prenom.nom@exemple.fr"));
    m_emailError = new FieldError(m_email, QStringLiteral("profileEmailError"), this);
    addRow(tr("&E-mail :"), m_email, m_emailError);

    auto *roleBox = new QWidget(this);
    roleBox->setObjectName(QStringLiteral("profileRole"));
    roleBox->setAccessibleName(tr("Votre rôle"));
    auto *roleLayout = new QHBoxLayout(roleBox);
    roleLayout->setContentsMargins(0, 0, 0, 0);
    m_conseiller = new QRadioButton(tr("&Conseiller numérique"), roleBox);
    m_conseiller->setObjectName(QStringLiteral("profileRoleConseiller"));
    m_conseiller->setAccessibleName(tr("Rôle : conseiller numérique"));
    m_mediateur = new QRadioButton(tr("&Médiateur numérique"), roleBox);
    m_mediateur->setObjectName(QStringLiteral("profileRoleMediateur"));
    m_mediateur->setAccessibleName(tr("Rôle : médiateur numérique"));
    m_role = new QButtonGroup(this);
    m_role->addButton(m_conseiller);
    m_role->addButton(m_mediateur);
    roleLayout->addWidget(m_conseiller);
    roleLayout->addWidget(m_mediateur);
    roleLayout->addStretch();
    connect(m_role, &QButtonGroup::buttonClicked, this, &ProfileEditor::edited);
    m_roleError = new FieldError(roleBox, QStringLiteral("profileRoleError"), this);
    auto *roleLabel = new QLabel(tr("Rôle :"), this);
    roleLabel->setBuddy(m_conseiller);
    form->addRow(roleLabel, m_roleError->wrap(this));

    m_structure = line(
        QStringLiteral("profileStructure"), tr("Nom de votre structure employeuse"), Validator::MaxShortTextLength);
    addRow(tr("&Structure employeuse :"), m_structure, nullptr);

    m_commune = new CommuneEdit(this);
    m_commune->setObjectName(QStringLiteral("profileCommune"));
    m_commune->setClearButtonEnabled(true);
    m_commune->setAccessibleName(tr("Commune de votre structure employeuse"));
    connect(m_commune, &QLineEdit::textEdited, this, &ProfileEditor::edited);
    m_communeError = new FieldError(m_commune, QStringLiteral("profileCommuneError"), this);
    addRow(tr("C&ommune de la structure :"), m_commune, m_communeError);

    setTabOrder(m_prenom, m_nom);
    setTabOrder(m_nom, m_email);
    setTabOrder(m_email, m_conseiller);
    setTabOrder(m_conseiller, m_mediateur);
    setTabOrder(m_mediateur, m_structure);
    setTabOrder(m_structure, m_commune);
}

Profile ProfileEditor::profile() const
{
    Profile p = m_loaded;
    p.prenom = m_prenom->text().trimmed();
    p.nom = m_nom->text().trimmed();
    p.email = m_email->text().trimmed();
    if (m_conseiller->isChecked())
        p.role = QLatin1String(Profile::ConseillerNumerique);
    else if (m_mediateur->isChecked())
        p.role = QLatin1String(Profile::Mediateur);
    else
        p.role.clear();
    p.structure.nom = m_structure->text().trimmed();
    p.structure.commune = m_commune->commune();
    return p;
}

void ProfileEditor::setProfile(const Profile &profile)
{
    m_loaded = profile;
    m_prenom->setText(profile.prenom);
    m_nom->setText(profile.nom);
    m_email->setText(profile.email);
    m_role->setExclusive(false);
    m_conseiller->setChecked(profile.role == QLatin1String(Profile::ConseillerNumerique));
    m_mediateur->setChecked(profile.role == QLatin1String(Profile::Mediateur));
    m_role->setExclusive(true);
    m_structure->setText(profile.structure.nom);
    m_commune->setCommune(profile.structure.commune);
    clearMessages();
}

bool ProfileEditor::isBlank() const
{
    return m_prenom->text().trimmed().isEmpty() && m_nom->text().trimmed().isEmpty()
        && m_email->text().trimmed().isEmpty() && !m_role->checkedButton() && m_structure->text().trimmed().isEmpty()
        && m_commune->text().trimmed().isEmpty();
}

bool ProfileEditor::validate()
{
    const ValidationErrors errors = Validator::validate(profile());
    m_prenomError->setMessages(Validator::messagesFor(errors, QStringLiteral("prenom")));
    m_nomError->setMessages(Validator::messagesFor(errors, QStringLiteral("nom")));
    m_emailError->setMessages(Validator::messagesFor(errors, QStringLiteral("email")));
    m_roleError->setMessages(Validator::messagesFor(errors, QStringLiteral("role")));
    QStringList commune = Validator::messagesFor(errors, QStringLiteral("structure.commune"));
    if (m_commune->hasUnresolvedText())
        commune.append(m_commune->unresolvedMessage());
    m_communeError->setMessages(commune);
    const bool ok = errors.isEmpty() && commune.isEmpty();
    if (!ok) {
        for (FieldError *e : {m_prenomError, m_nomError, m_emailError, m_roleError, m_communeError}) {
            if (!e->isHidden() && e->field()) {
                QWidget *field = e->field() == m_commune || e->field()->focusPolicy() != Qt::NoFocus
                    ? e->field()
                    : static_cast<QWidget *>(m_conseiller);
                field->setFocus(Qt::OtherFocusReason);
                break;
            }
        }
    }
    return ok;
}

void ProfileEditor::clearMessages()
{
    for (FieldError *e : {m_prenomError, m_nomError, m_emailError, m_roleError, m_communeError})
        e->setMessages({});
}

QWidget *ProfileEditor::firstField() const
{
    return m_prenom;
}

QWidget *ProfileEditor::lastField() const
{
    return m_commune;
}
