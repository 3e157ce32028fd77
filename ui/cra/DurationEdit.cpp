#include "ui/cra/DurationEdit.h"

#include "models/domain/Nomenclature.h"
#include "models/text/Durations.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

#include <algorithm>

DurationEdit::DurationEdit(QWidget *parent)
    : QWidget(parent)
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(3);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("duree"));
    m_edit->setPlaceholderText(tr("h:mm"));
    m_edit->setToolTip(tr("En minutes (45) ou en heures et minutes (1:30, 1h30)"));
    m_edit->setAccessibleName(tr("Durée"));
    m_edit->setAccessibleDescription(m_edit->toolTip());
    m_edit->setMaxLength(8);
    m_edit->setFixedWidth(m_edit->fontMetrics().horizontalAdvance(QStringLiteral("00h00mn")) + 16);
    row->addWidget(m_edit);

    for (const NomenclatureItem &preset : Nomenclature::instance().items(Nomenclature::List::DureePreset))
        m_presets.append(preset.value.toInt());
    for (int i = 0; i < m_presets.size() + UsualButtons; ++i) {
        auto *button = new QPushButton(this);
        button->setCheckable(true);
        button->setAutoDefault(false);
        row->addWidget(button);
        connect(button, &QPushButton::clicked, this, [this, button] {
            m_edit->setText(Durations::clock(button->property("minutes").toInt()));
            updateButtons();
        });
        m_buttons.append(button);
    }
    row->addStretch(1);
    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        updateButtons();
        emit changed();
    });
    setUsualDurations({});
}

QList<QWidget *> DurationEdit::tabChain() const
{
    QList<QWidget *> chain{m_edit};
    for (QPushButton *button : m_buttons)
        chain.append(button);
    return chain;
}

int DurationEdit::minutes() const
{
    return std::max(0, Durations::parse(m_edit->text()));
}

bool DurationEdit::isUnreadable() const
{
    return !m_edit->text().trimmed().isEmpty() && Durations::parse(m_edit->text()) < 0;
}

void DurationEdit::setMinutes(int minutes)
{
    m_edit->setText(Durations::clock(minutes));
    updateButtons();
}

void DurationEdit::setUsualDurations(const QList<int> &minutes)
{
    struct Choice
    {
        int minutes;
        int usualRank; // -1 for a preset
    };
    QList<Choice> choices;
    for (const int preset : std::as_const(m_presets))
        choices.append({preset, -1});
    for (int i = 0; i < std::min<int>(UsualButtons, minutes.size()); ++i) {
        if (!m_presets.contains(minutes.at(i)))
            choices.append({minutes.at(i), i});
    }
    std::stable_sort(
        choices.begin(), choices.end(), [](const Choice &a, const Choice &b) { return a.minutes < b.minutes; });
    for (int i = 0; i < m_buttons.size(); ++i) {
        QPushButton *button = m_buttons.at(i);
        const bool used = i < choices.size();
        button->setVisible(used);
        if (!used) {
            button->setObjectName(QStringLiteral("unused_%1").arg(i));
            button->setAccessibleName(tr("Durée habituelle"));
            button->setProperty("minutes", 0);
            continue;
        }
        const Choice &c = choices.at(i);
        const QString label = Durations::text(c.minutes);
        button->setText(label);
        button->setMinimumWidth(button->fontMetrics().horizontalAdvance(label) + 14);
        button->setProperty("minutes", c.minutes);
        if (c.usualRank < 0) {
            button->setObjectName(QStringLiteral("preset_%1").arg(c.minutes));
            button->setAccessibleName(tr("Durée %1").arg(label));
        } else {
            button->setObjectName(QStringLiteral("custom_%1").arg(c.usualRank));
            button->setAccessibleName(tr("Durée habituelle %1").arg(label));
        }
    }
    updateButtons();
}

void DurationEdit::updateButtons()
{
    const int minutes = Durations::parse(m_edit->text());
    for (QPushButton *button : std::as_const(m_buttons))
        button->setChecked(!button->isHidden() && button->property("minutes").toInt() == minutes);
}
