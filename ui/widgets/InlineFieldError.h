#pragma once

#include <QLabel>
#include <QPointer>
#include <QStringList>

// The validation messages of one field, shown right under it (hidden when there are none). The message starts with a
// warning sign so colour is not its only mark, and it is also given to the field as its accessible description, so a
// screen reader reads it with the field.
class InlineFieldError : public QLabel
{
    Q_OBJECT

public:
    InlineFieldError(QWidget *field, const QString &objectName, QWidget *parent = nullptr);

    void setMessages(const QStringList &messages);
    void clear();
    QWidget *field() const { return m_field; }

    // The field with its message under it, for a form layout row.
    QWidget *wrap(QWidget *parent);

private:
    QPointer<QWidget> m_field;
};
