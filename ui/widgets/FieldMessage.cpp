#include "ui/widgets/FieldMessage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

FieldMessage::FieldMessage(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_icon = new QLabel(this);
    const int size = fontMetrics().height();
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(size, size));
    m_icon->setAccessibleName(tr("Erreur"));
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    QFont bold = m_text->font();
    bold.setBold(true);
    m_text->setFont(bold);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    setVisible(false);
}

void FieldMessage::setMessages(const QStringList &messages)
{
    m_text->setText(messages.join(QLatin1Char('\n')));
    m_text->setAccessibleName(m_text->text());
    setVisible(!messages.isEmpty());
}

QString FieldMessage::text() const
{
    return m_text->text();
}
