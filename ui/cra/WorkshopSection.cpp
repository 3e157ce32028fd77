#include "ui/cra/WorkshopSection.h"

#include "models/domain/Validator.h"
#include "models/text/FrenchText.h"
#include "ui/cra/BeneficiaryPicker.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
using List = Nomenclature::List;

const Nomenclature &nomenclature()
{
    return Nomenclature::instance();
}

QSpinBox *counterSpin(const QString &accessibleName, const QString &objectName, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(0, nomenclature().maxParticipants());
    spin->setAccessibleName(accessibleName);
    spin->setButtonSymbols(QAbstractSpinBox::NoButtons);
    spin->setAlignment(Qt::AlignRight);
    spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(QStringLiteral("00000")) + 12);
    return spin;
}

QMap<QString, int> nonZero(const QMap<QString, QSpinBox *> &spins)
{
    QMap<QString, int> counts;
    for (auto it = spins.cbegin(); it != spins.cend(); ++it) {
        if (it.value()->value() != 0)
            counts.insert(it.key(), it.value()->value());
    }
    return counts;
}

int sum(const QMap<QString, QSpinBox *> &spins)
{
    int total = 0;
    for (const QSpinBox *spin : spins)
        total += spin->value();
    return total;
}

} // namespace

WorkshopSection::WorkshopSection(Store &store, QWidget *parent)
    : CraSection(parent)
{
    setObjectName(QStringLiteral("collectiveBox"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_titre = new QLineEdit(this);
    m_titre->setObjectName(QStringLiteral("titreAtelier"));
    m_titre->setMaxLength(Validator::MaxShortTextLength);
    layout->addWidget(fieldLabel(tr("N&om de l'atelier"), m_titre, this));
    layout->addWidget(m_titre);
    connect(m_titre, &QLineEdit::textChanged, this, &CraSection::changed);
    appendTabChain({m_titre});
    addMessage(layout, {QStringLiteral("titreAtelier")}, m_titre);

    m_niveau = new QButtonGroup(this);
    const QList<QRadioButton *> niveaux = codeRadios(List::NiveauAtelier, m_niveau, this);
    answerWithOneKey(m_niveau);
    connect(m_niveau, &QButtonGroup::buttonToggled, this, &CraSection::changed);
    const QString niveauLegend = nomenclature().legend(List::NiveauAtelier);
    layout->addWidget(fieldLabel(mnemonic(niveauLegend, QLatin1Char('a')), niveaux.value(0), this));
    auto *niveauRow = new QHBoxLayout;
    for (QRadioButton *radio : niveaux) {
        radio->setObjectName(QStringLiteral("niveau_") + radio->property("code").toString());
        radio->setAccessibleName(niveauLegend + QStringLiteral(" : ") + radio->text());
        niveauRow->addWidget(radio);
        appendTabChain({radio});
    }
    niveauRow->addStretch(1);
    layout->addLayout(niveauRow);
    addMessage(layout, {QStringLiteral("niveauAtelier")}, niveaux.value(0));

    m_participants = new BeneficiaryPicker(
        store, BeneficiaryPicker::Mode::Multiple, tr("Ajouter un bénéficiaire suivi à l'atelier"), this);
    m_participants->setObjectName(QStringLiteral("participants"));
    layout->addWidget(fieldLabel(tr("Participants suivis (&bénéficiaires)"), m_participants->searchEdit(), this));
    layout->addWidget(m_participants);
    connect(m_participants, &BeneficiaryPicker::changed, this, &CraSection::changed);
    appendTabChain(m_participants->focusChain());
    addMessage(layout, {QStringLiteral("participants")}, m_participants->searchEdit());

    auto *totals = new QGridLayout;
    totals->setHorizontalSpacing(8);
    m_total = counterSpin(tr("Nombre de participants anonymes"), QStringLiteral("total"), this);
    m_dejaTotal = counterSpin(tr("Participants anonymes déjà accompagnés"), QStringLiteral("dejaTotal"), this);
    m_dejaCheck = new QLabel(this);
    m_dejaCheck->setObjectName(QStringLiteral("dejaCheck"));
    // The live checks change as counts are typed: their text never widens a column (the form would reflow).
    m_dejaCheck->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    totals->addWidget(fieldLabel(tr("Participant&s anonymes"), m_total, this), 0, 0);
    totals->addWidget(m_total, 0, 1);
    auto *dejaLabel = new QLabel(tr("dont dé&jà accompagnés"), this);
    dejaLabel->setBuddy(m_dejaTotal);
    totals->addWidget(dejaLabel, 0, 2);
    totals->addWidget(m_dejaTotal, 0, 3);
    totals->addWidget(m_dejaCheck, 0, 4);
    totals->setColumnStretch(4, 1);
    layout->addSpacing(4);
    layout->addLayout(totals);
    appendTabChain({m_total, m_dejaTotal});

    auto *groups = new QGridLayout;
    groups->setHorizontalSpacing(6);
    groups->setVerticalSpacing(2);
    struct GroupSpec
    {
        List list;
        QString title;
        QString key;
        QMap<QString, QSpinBox *> *spins;
        QLabel **check;
    };
    const GroupSpec specs[] = {
        {List::Genre, tr("Genre"), QStringLiteral("genre"), &m_genreCounts, &m_genreCheck},
        {List::TrancheAge, tr("Tranche d'âge"), QStringLiteral("trancheAge"), &m_trancheCounts, &m_trancheCheck},
        {List::StatutSocial, tr("Statut"), QStringLiteral("statutSocial"), &m_statutCounts, &m_statutCheck},
    };
    // The group titles have no mnemonic: no letter of theirs is free (only K, W, X, Z are). Alt+S (Participants
    // anonymes) then Tab goes through the total, the déjà accompagnés, then each group top to bottom, left to right.
    int column = 0;
    for (const GroupSpec &spec : specs) {
        auto *title = fieldLabel(spec.title, nullptr, this);
        groups->addWidget(title, 0, column, 1, 2);
        *spec.check = new QLabel(this);
        (*spec.check)->setObjectName(spec.key + QStringLiteral("Check"));
        (*spec.check)->setWordWrap(true);
        (*spec.check)->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        (*spec.check)->setFixedHeight(2 * (*spec.check)->fontMetrics().lineSpacing()); // two lines, always
        groups->addWidget(*spec.check, 1, column, 1, 2);
        int row = 2;
        for (const NomenclatureItem &item : nomenclature().items(spec.list)) {
            QSpinBox *spin = counterSpin(tr("Participants anonymes, %1 : %2").arg(spec.title, item.label),
                QStringLiteral("count_") + spec.key + QLatin1Char('_') + item.value, this);
            auto *label = new QLabel(item.label, this);
            label->setBuddy(spin);
            label->setWordWrap(true);
            groups->addWidget(label, row, column);
            groups->addWidget(spin, row, column + 1);
            spec.spins->insert(item.value, spin);
            if (!title->buddy())
                title->setBuddy(spin);
            appendTabChain({spin});
            connect(spin, &QSpinBox::valueChanged, this, &CraSection::changed);
            ++row;
        }
        column += 2;
    }
    for (int c = 0; c < column; c += 2)
        groups->setColumnStretch(c, 1);
    layout->addLayout(groups);
    connect(m_total, &QSpinBox::valueChanged, this, &CraSection::changed);
    connect(m_dejaTotal, &QSpinBox::valueChanged, this, &CraSection::changed);
    addMessage(layout,
        {QStringLiteral("participantsAnonymes.total"), QStringLiteral("participantsAnonymes.dejaAccompagne"),
            QStringLiteral("participantsAnonymes.genre"), QStringLiteral("participantsAnonymes.trancheAge"),
            QStringLiteral("participantsAnonymes.statutSocial")},
        m_total);
    setMessageFocus(QStringLiteral("participantsAnonymes.dejaAccompagne"), m_dejaTotal);
}

void WorkshopSection::load(const Activity &a)
{
    m_participants->reload();
    m_titre->setText(a.titreAtelier);
    setCheckedCode(m_niveau, a.niveauAtelier);
    m_participants->setSelected(a.participants);
    m_total->setValue(a.participantsAnonymes.total);
    m_dejaTotal->setValue(a.participantsAnonymes.dejaAccompagne);
    for (auto [spins, counts] : {std::pair{&m_genreCounts, &a.participantsAnonymes.genre},
             std::pair{&m_trancheCounts, &a.participantsAnonymes.trancheAge},
             std::pair{&m_statutCounts, &a.participantsAnonymes.statutSocial}}) {
        for (auto it = spins->cbegin(); it != spins->cend(); ++it)
            it.value()->setValue(counts->value(it.key()));
    }
}

void WorkshopSection::apply(Activity &a) const
{
    if (a.isIndividuel())
        return;
    a.titreAtelier = m_titre->text().trimmed();
    a.niveauAtelier = checkedCode(m_niveau);
    a.participants = m_participants->selected();
    a.participantsAnonymes.total = m_total->value();
    a.participantsAnonymes.dejaAccompagne = m_dejaTotal->value();
    a.participantsAnonymes.genre = nonZero(m_genreCounts);
    a.participantsAnonymes.trancheAge = nonZero(m_trancheCounts);
    a.participantsAnonymes.statutSocial = nonZero(m_statutCounts);
}

void WorkshopSection::refreshChoices()
{
    m_participants->reload();
}

void WorkshopSection::updateDisplay()
{
    const int total = m_total->value();
    auto describe = [total](int value) -> QString {
        if (total == 0 && value == 0)
            return {};
        if (value > total)
            return tr("⚠ %1 sur %2 : dépasse le total").arg(value).arg(total);
        if (value == total)
            return tr("✓ %1 sur %2").arg(value).arg(total);
        return tr("%1 sur %2 (%3)")
            .arg(value)
            .arg(total)
            .arg(FrenchText::count(total - value, tr("non communiqué"), tr("non communiqués")));
    };
    // Beside the total, on one line: only an excess is worth a mark (the message at save says the rest).
    const int deja = m_dejaTotal->value();
    m_dejaCheck->setText(deja > total ? tr("⚠ %1 > %2").arg(deja).arg(total) : QString());
    m_genreCheck->setText(describe(sum(m_genreCounts)));
    m_trancheCheck->setText(describe(sum(m_trancheCounts)));
    m_statutCheck->setText(describe(sum(m_statutCounts)));
}
