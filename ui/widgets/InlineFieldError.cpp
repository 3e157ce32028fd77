#include "ui/widgets/InlineFieldError.h"

#include <QVBoxLayout>

InlineFieldError::InlineFieldError(QWidget *field, const QString &objectName, QWidget *parent)
    : QLabel(parent)
    , m_field(field)
{
    setObjectName(objectName);
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setForegroundRole(QPalette::Text);
    QFont f = font();
    f.setBold(true);
    setFont(f);
    hide();
}

void InlineFieldError::setMessages(const QStringList &messages)
{
    if (messages.isEmpty()) {
        clear();
        return;
    }
    const QString joined = messages.join(QLatin1Char('\n'));
    setText(QStringLiteral("⚠ ") + joined);
    setAccessibleName(joined);
    if (m_field)
        m_field->setAccessibleDescription(joined);
    show();
}

void InlineFieldError::clear()
{
    QLabel::clear();
    if (m_field)
        m_field->setAccessibleDescription(QString());
    hide();
}

QWidget *InlineFieldError::wrap(QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_field->setParent(box);
    layout->addWidget(m_field);
    setParent(box);
    layout->addWidget(this);
    hide();
    return box;
}
