#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;

// A validation message under a form field: a warning icon and the French text, hidden when there is nothing to say.
// The text itself carries the meaning (never colour alone); it is also readable by screen readers.
class FieldMessage : public QWidget
{
    Q_OBJECT

public:
    explicit FieldMessage(QWidget *parent = nullptr);
    void setMessages(const QStringList &messages);
    QString text() const;

private:
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
};
