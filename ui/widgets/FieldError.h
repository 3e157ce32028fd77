#pragma once

#include <QLabel>
#include <QPointer>
#include <QStringList>

// The validation messages of one field, shown right under it and hidden when there are none. The text starts with a
// warning sign so colour is not its only mark. When a field is given, the messages are also its accessible
// description, so a screen reader reads them with the field.
class FieldError : public QLabel
{
    Q_OBJECT

public:
    FieldError(QWidget *field, const QString &objectName, QWidget *parent = nullptr);

    // Shows the messages, one a line; none hides the widget and clears the field's description.
    void setMessages(const QStringList &messages);
    // The messages shown, one a line, without the warning sign.
    QString message() const { return m_message; }
    QWidget *field() const { return m_field; }

    // The field with its message under it, for a form layout row.
    QWidget *wrap(QWidget *parent);

private:
    QPointer<QWidget> m_field;
    QString m_message;
};
