#include "ui/cra/BeneficiaryPicker.h"

#include "models/domain/Beneficiary.h"
#include "models/domain/Validator.h"
#include "models/store/Store.h"
#include "ui/widgets/FieldError.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QIntValidator>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
constexpr int IdRole = Qt::UserRole;
}

BeneficiaryPicker::BeneficiaryPicker(Store &store, Mode mode, const QString &accessibleName, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_mode(mode)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto *searchRow = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("beneficiarySearch"));
    m_search->setPlaceholderText(tr("Tapez une partie du nom"));
    m_search->setAccessibleName(accessibleName);
    m_search->setClearButtonEnabled(true);
    for (QToolButton *button : m_search->findChildren<QToolButton *>())
        button->setAccessibleName(tr("Effacer la recherche"));
    m_model = new QStandardItemModel(this);
    m_completer = new QCompleter(m_model, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->popup()->setAccessibleName(tr("Bénéficiaires correspondants"));
    m_search->setCompleter(m_completer);
    searchRow->addWidget(m_search, 1);
    m_showCreate = new QPushButton(tr("Nouveau…"), this);
    m_showCreate->setObjectName(QStringLiteral("showCreateBeneficiary"));
    m_showCreate->setAccessibleName(tr("Créer un bénéficiaire suivi"));
    m_showCreate->setCheckable(true);
    searchRow->addWidget(m_showCreate);
    layout->addLayout(searchRow);

    auto *chosenRow = new QHBoxLayout;
    if (mode == Mode::Multiple) {
        m_list = new QListWidget(this);
        m_list->setObjectName(QStringLiteral("participantsList"));
        m_list->setAccessibleName(tr("Bénéficiaires inscrits"));
        m_list->setMaximumHeight(fontMetrics().height() * 4 + 8);
        chosenRow->addWidget(m_list, 1);
    } else {
        m_chosen = new QLabel(this);
        m_chosen->setObjectName(QStringLiteral("chosenBeneficiary"));
        m_chosen->setWordWrap(true);
        chosenRow->addWidget(m_chosen, 1);
    }
    m_remove = new QPushButton(tr("Retirer"), this);
    m_remove->setObjectName(QStringLiteral("removeBeneficiary"));
    m_remove->setAccessibleName(
        mode == Mode::Multiple ? tr("Retirer le bénéficiaire choisi de la liste") : tr("Retirer le bénéficiaire"));
    chosenRow->addWidget(m_remove, 0, Qt::AlignTop);
    layout->addLayout(chosenRow);

    m_createBox = new QWidget(this);
    auto *grid = new QGridLayout(m_createBox);
    grid->setContentsMargins(0, 0, 0, 0);
    m_prenom = new QLineEdit(m_createBox);
    m_prenom->setObjectName(QStringLiteral("newPrenom"));
    m_prenom->setAccessibleName(tr("Prénom du nouveau bénéficiaire"));
    m_prenom->setPlaceholderText(tr("Prénom"));
    m_nom = new QLineEdit(m_createBox);
    m_nom->setObjectName(QStringLiteral("newNom"));
    m_nom->setAccessibleName(tr("Nom du nouveau bénéficiaire"));
    m_nom->setPlaceholderText(tr("Nom"));
    m_annee = new QLineEdit(m_createBox);
    m_annee->setObjectName(QStringLiteral("newAnnee"));
    m_annee->setAccessibleName(tr("Année de naissance du nouveau bénéficiaire"));
    m_annee->setPlaceholderText(tr("Année de naissance"));
    m_annee->setValidator(new QIntValidator(1900, 2100, m_annee));
    m_annee->setMaxLength(4);
    m_create = new QPushButton(tr("Créer"), m_createBox);
    m_create->setObjectName(QStringLiteral("createBeneficiary"));
    m_create->setAccessibleName(tr("Créer ce bénéficiaire suivi"));
    m_createError = new FieldError(nullptr, QStringLiteral("newBeneficiaryError"), m_createBox);
    grid->addWidget(m_prenom, 0, 0);
    grid->addWidget(m_nom, 0, 1);
    grid->addWidget(m_annee, 0, 2);
    grid->addWidget(m_create, 0, 3);
    grid->addWidget(m_createError, 1, 0, 1, 4);
    m_createBox->setVisible(false);
    layout->addWidget(m_createBox);

    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this, [this](const QModelIndex &i) {
        add(i.data(IdRole).toUuid());
        QMetaObject::invokeMethod(m_search, &QLineEdit::clear, Qt::QueuedConnection);
    });
    connect(m_remove, &QPushButton::clicked, this, &BeneficiaryPicker::removeCurrent);
    connect(m_showCreate, &QPushButton::toggled, this, [this](bool on) {
        m_createBox->setVisible(on);
        if (on)
            m_prenom->setFocus(Qt::OtherFocusReason);
    });
    connect(m_create, &QPushButton::clicked, this, &BeneficiaryPicker::createBeneficiary);
    for (QLineEdit *edit : {m_prenom, m_nom, m_annee})
        connect(edit, &QLineEdit::returnPressed, this, &BeneficiaryPicker::createBeneficiary);

    reload();
    refreshSelection();
}

QList<QWidget *> BeneficiaryPicker::focusChain() const
{
    QList<QWidget *> chain{m_search, m_showCreate};
    if (m_list)
        chain.append(m_list);
    chain << m_remove << m_prenom << m_nom << m_annee << m_create;
    return chain;
}

void BeneficiaryPicker::reload()
{
    m_model->clear();
    const QList<Beneficiary> all = m_store.beneficiaries(false);
    for (const Beneficiary &b : all) {
        QString text = b.displayName();
        if (b.anneeNaissance > 0)
            text += QStringLiteral(" (%1)").arg(b.anneeNaissance);
        auto *item = new QStandardItem(text);
        item->setData(b.id, IdRole);
        m_model->appendRow(item);
    }
    m_model->sort(0);
}

QString BeneficiaryPicker::nameOf(const QUuid &id) const
{
    const std::optional<Beneficiary> b = m_store.beneficiary(id);
    if (!b)
        return tr("Bénéficiaire introuvable");
    // A deleted beneficiary is anonymised (Store::deleteBeneficiary): no name is left to show.
    if (b->isDeleted())
        return b->displayName().isEmpty() ? tr("Bénéficiaire supprimé (anonyme)")
                                          : tr("%1 (supprimé)").arg(b->displayName());
    return b->displayName();
}

void BeneficiaryPicker::setSelected(const QList<QUuid> &ids)
{
    m_selected = ids;
    if (m_mode == Mode::Single && m_selected.size() > 1)
        m_selected = m_selected.mid(0, 1);
    refreshSelection();
    emit changed();
}

void BeneficiaryPicker::add(const QUuid &id)
{
    if (id.isNull())
        return;
    if (m_mode == Mode::Single)
        m_selected = {id};
    else if (!m_selected.contains(id))
        m_selected.append(id);
    refreshSelection();
    emit changed();
}

void BeneficiaryPicker::removeCurrent()
{
    if (m_mode == Mode::Single) {
        m_selected.clear();
    } else {
        const int row = m_list->currentRow();
        if (row < 0 || row >= m_selected.size())
            return;
        m_selected.removeAt(row);
    }
    refreshSelection();
    emit changed();
    m_search->setFocus(Qt::OtherFocusReason);
}

void BeneficiaryPicker::refreshSelection()
{
    if (m_mode == Mode::Single) {
        m_chosen->setText(m_selected.isEmpty() ? tr("Aucun bénéficiaire choisi.")
                                               : tr("Bénéficiaire : %1").arg(nameOf(m_selected.first())));
        m_remove->setEnabled(!m_selected.isEmpty());
    } else {
        m_list->clear();
        for (const QUuid &id : std::as_const(m_selected))
            m_list->addItem(nameOf(id));
        if (!m_selected.isEmpty())
            m_list->setCurrentRow(0);
        m_remove->setEnabled(!m_selected.isEmpty());
    }
}

void BeneficiaryPicker::createBeneficiary()
{
    Beneficiary b;
    b.id = QUuid::createUuid();
    b.prenom = m_prenom->text().trimmed();
    b.nom = m_nom->text().trimmed();
    b.anneeNaissance = m_annee->text().toInt();
    QString error;
    if (!m_store.saveBeneficiary(b, &error)) {
        m_createError->setMessages({error});
        return;
    }
    m_createError->setMessages({});
    m_prenom->clear();
    m_nom->clear();
    m_annee->clear();
    reload();
    add(b.id);
    m_showCreate->setChecked(false);
    m_search->setFocus(Qt::OtherFocusReason);
}
