#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Nomenclature.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class FieldError;
class QAbstractButton;
class QButtonGroup;
class QLabel;
class QRadioButton;
class QVBoxLayout;

// A part of the CRA form: its fields, read from an Activity (load) and written to one (apply), the validation messages
// under them, and the order Tab follows through them. changed() is emitted for every change of a field, loads
// included; the form decides when a change counts.
class CraSection : public QWidget
{
    Q_OBJECT

public:
    // A validation message of the section: the Validator field it shows, where it is shown, and the widget to focus
    // for it.
    struct Message
    {
        QString key;
        FieldError *error = nullptr;
        QWidget *focus = nullptr;
    };

    explicit CraSection(QWidget *parent = nullptr);

    virtual void load(const Activity &activity) = 0;
    virtual void apply(Activity &activity) const = 0;
    // Places or followed beneficiaries changed elsewhere: the lists follow, what is typed stays.
    virtual void refreshChoices() { }
    // Shows what the fields call for (the fields that apply, the counters' checks).
    virtual void updateDisplay() { }

    const QList<QWidget *> &tabChain() const { return m_tabChain; }
    // In the order of the fields, the first one shown gets the focus after a refused save.
    const QList<Message> &messages() const { return m_messages; }

signals:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

    // A bold label for buddy, which gets the label's text (without '&') as its accessible name when it has none.
    QLabel *fieldLabel(const QString &text, QWidget *buddy, QWidget *parent);
    // A validation message added to layout for the Validator fields keys, all focusing focus (see setMessageFocus).
    FieldError *addMessage(QVBoxLayout *layout, const QStringList &keys, QWidget *focus);
    void setMessageFocus(const QString &key, QWidget *focus);
    void appendTabChain(const QList<QWidget *> &widgets) { m_tabChain += widgets; }
    // A question answered with one key once it has the focus (after its mnemonic or Tab): the digit of a choice (1 for
    // the first) or an arrow, which moves to the next or previous choice and answers it.
    void answerWithOneKey(QButtonGroup *group);
    // One radio button per item of list, in group, each with its code in the "code" property.
    QList<QRadioButton *> codeRadios(Nomenclature::List list, QButtonGroup *group, QWidget *parent);

    // The label with a mnemonic on the first occurrence of letter (any case): "Thématiques", 't' -> "&Thématiques".
    static QString mnemonic(const QString &label, QChar letter);
    static QString checkedCode(const QButtonGroup *group);
    static void setCheckedCode(QButtonGroup *group, const QString &code);

private:
    bool answerKey(QAbstractButton *button, int key);

    QList<QWidget *> m_tabChain;
    QList<Message> m_messages;
};
