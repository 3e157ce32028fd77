#include "ui/cra/TagsNotesSection.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

TagsNotesSection::TagsNotesSection(QWidget *parent)
    : CraSection(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_tags = new QLineEdit(this);
    m_tags->setObjectName(QStringLiteral("tags"));
    m_tags->setPlaceholderText(tr("Séparés par des virgules"));
    layout->addSpacing(4);
    layout->addWidget(fieldLabel(tr("Ta&gs"), m_tags, this));
    layout->addWidget(m_tags);
    connect(m_tags, &QLineEdit::textChanged, this, &CraSection::changed);
    appendTabChain({m_tags});
    addMessage(layout, {QStringLiteral("tags")}, m_tags);

    m_notes = new QPlainTextEdit(this);
    m_notes->setObjectName(QStringLiteral("notes"));
    m_notes->setTabChangesFocus(true);
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 3 + 14);
    layout->addWidget(fieldLabel(tr("&Notes supplémentaires"), m_notes, this));
    layout->addWidget(m_notes);
    connect(m_notes, &QPlainTextEdit::textChanged, this, &CraSection::changed);
    appendTabChain({m_notes});
    addMessage(layout, {QStringLiteral("notes")}, m_notes);
}

void TagsNotesSection::load(const Activity &a)
{
    m_tags->setText(a.tags.join(QStringLiteral(", ")));
    m_notes->setPlainText(a.notes);
}

void TagsNotesSection::apply(Activity &a) const
{
    const QStringList tags = m_tags->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &tag : tags) {
        if (!tag.trimmed().isEmpty())
            a.tags.append(tag.trimmed());
    }
    a.notes = m_notes->toPlainText().trimmed();
}
