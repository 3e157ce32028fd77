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

    for (const NomenclatureItem &preset : Nomenclature::instance().items(Nomenclature::List::DureePreset)) {
        QPushButton *button = addButton(QStringLiteral("preset_") + preset.value);
        button->setText(preset.label);
        button->setProperty("minutes", preset.value.toInt());
        button->setAccessibleName(tr("Durée %1").arg(preset.label));
        m_presetButtons.append(button);
    }
    for (int i = 0; i < UsualButtons; ++i) {
        QPushButton *button = addButton(QStringLiteral("custom_%1").arg(i));
        button->setAccessibleName(tr("Durée habituelle"));
        button->setVisible(false);
        m_usualButtons.append(button);
    }
    row->addStretch(1);
    connect(m_edit, &QLineEdit::textChanged, this, [this] {
        updateButtons();
        emit changed();
    });
}

QPushButton *DurationEdit::addButton(const QString &objectName)
{
    auto *button = new QPushButton(this);
    button->setObjectName(objectName);
    button->setCheckable(true);
    button->setAutoDefault(false);
    button->setMinimumWidth(button->fontMetrics().horizontalAdvance(QStringLiteral("0h00")) + 14);
    layout()->addWidget(button);
    connect(button, &QPushButton::clicked, this, [this, button] {
        m_edit->setText(Durations::clock(button->property("minutes").toInt()));
        updateButtons();
    });
    return button;
}

QList<QWidget *> DurationEdit::tabChain() const
{
    QList<QWidget *> chain{m_edit};
    for (QPushButton *button : m_presetButtons)
        chain.append(button);
    for (QPushButton *button : m_usualButtons)
        chain.append(button);
    return chain;
}

int DurationEdit::minutes() const
{
    return std::max(0, Durations::parse(m_edit->text()));
}

void DurationEdit::setMinutes(int minutes)
{
    m_edit->setText(Durations::clock(minutes));
    updateButtons();
}

void DurationEdit::setUsualDurations(const QList<int> &minutes)
{
    for (int i = 0; i < m_usualButtons.size(); ++i) {
        QPushButton *button = m_usualButtons.at(i);
        const bool used = i < minutes.size();
        button->setVisible(used);
        if (used) {
            button->setText(Durations::presetLabel(minutes.at(i)));
            button->setProperty("minutes", minutes.at(i));
            button->setAccessibleName(tr("Durée habituelle %1").arg(Durations::presetLabel(minutes.at(i))));
        }
    }
    updateButtons();
}

void DurationEdit::updateButtons()
{
    const int minutes = Durations::parse(m_edit->text());
    for (QPushButton *button : std::as_const(m_presetButtons))
        button->setChecked(button->property("minutes").toInt() == minutes);
    for (QPushButton *button : std::as_const(m_usualButtons))
        button->setChecked(button->isVisible() && button->property("minutes").toInt() == minutes);
}
