#include "ui/widgets/FieldError.h"

#include <QVBoxLayout>

FieldError::FieldError(QWidget *field, const QString &objectName, QWidget *parent)
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

void FieldError::setMessages(const QStringList &messages)
{
    m_message = messages.join(QLatin1Char('\n'));
    if (m_field)
        m_field->setAccessibleDescription(m_message);
    if (messages.isEmpty()) {
        clear();
        setAccessibleName(QString());
        hide();
        return;
    }
    setText(QStringLiteral("⚠ ") + m_message);
    setAccessibleName(m_message);
    show();
}

QWidget *FieldError::wrap(QWidget *parent)
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
