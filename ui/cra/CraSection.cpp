#include "ui/cra/CraSection.h"

#include "ui/widgets/FieldError.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QRadioButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace {

QString withoutMnemonic(QString text)
{
    return text.remove(QRegularExpression(QStringLiteral("&(?=[^&])")));
}

} // namespace

CraSection::CraSection(QWidget *parent)
    : QWidget(parent)
{
}

QString CraSection::mnemonic(const QString &label, QChar letter)
{
    const int at = label.indexOf(letter, 0, Qt::CaseInsensitive);
    if (at < 0)
        return label;
    QString result = label;
    result.insert(at, QLatin1Char('&'));
    return result;
}

QLabel *CraSection::fieldLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    if (buddy) {
        label->setBuddy(buddy);
        if (buddy->accessibleName().isEmpty())
            buddy->setAccessibleName(withoutMnemonic(text));
        if (qobject_cast<QRadioButton *>(buddy))
            label->installEventFilter(this); // its mnemonic goes to the question without answering it (eventFilter)
    }
    return label;
}

void CraSection::answerWithOneKey(QButtonGroup *group)
{
    const QList<QAbstractButton *> buttons = group->buttons();
    const QString hint = tr("Touches 1 à %1, ou les flèches, pour répondre").arg(buttons.size());
    for (QAbstractButton *button : buttons) {
        button->setProperty("oneKeyAnswer", true);
        button->setToolTip(hint);
        button->installEventFilter(this);
    }
}

bool CraSection::answerKey(QAbstractButton *button, int key)
{
    QButtonGroup *group = button->group();
    if (!group)
        return false;
    QList<QAbstractButton *> choices;
    for (QAbstractButton *b : group->buttons()) {
        if (b->isVisibleTo(this) && b->isEnabled())
            choices.append(b);
    }
    const int at = choices.indexOf(button);
    if (at < 0 || choices.isEmpty())
        return false;
    QAbstractButton *answer = nullptr;
    if (key >= Qt::Key_1 && key <= Qt::Key_9) {
        answer = choices.value(key - Qt::Key_1);
        if (!answer)
            return true; // no such choice: nothing answered, and the key types nothing
    } else if (key == Qt::Key_Right || key == Qt::Key_Down) {
        answer = choices.at((at + 1) % choices.size());
    } else if (key == Qt::Key_Left || key == Qt::Key_Up) {
        answer = choices.at((at - 1 + choices.size()) % choices.size());
    } else {
        return false;
    }
    answer->setFocus(Qt::OtherFocusReason);
    if (!answer->isChecked())
        answer->click();
    return true;
}

bool CraSection::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && watched->property("oneKeyAnswer").toBool()) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers mods = key->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
        // The digit of a choice, also as a French AZERTY keyboard types the top row without Maj (& é " ' ( - è _ ç
        // for 1 to 9): a radio button takes no text, so those keys can only mean the digit under them.
        static const QString azerty = QStringLiteral("&\u00E9\"'(-\u00E8_\u00E7");
        int code = key->key();
        if (key->text().size() == 1) {
            const QChar c = key->text().at(0);
            if (c.isDigit())
                code = Qt::Key_0 + c.digitValue();
            else if (const qsizetype at = azerty.indexOf(c); at >= 0)
                code = Qt::Key_1 + static_cast<int>(at);
        }
        if (mods == Qt::NoModifier && answerKey(static_cast<QAbstractButton *>(watched), code))
            return true;
    }
    // A label's mnemonic "clicks" a radio button buddy 100 ms later (QLabel::event), which would answer the question
    // after the fact. It only brings the focus to the question, on the answer already given if any, as Tab does.
    if (event->type() == QEvent::Shortcut) {
        const auto *label = qobject_cast<QLabel *>(watched);
        auto *radio = label ? qobject_cast<QRadioButton *>(label->buddy()) : nullptr;
        if (radio) {
            QAbstractButton *checked = radio->group() ? radio->group()->checkedButton() : nullptr;
            QWidget *target = checked && checked->isVisible() ? checked : radio;
            if (target->isEnabled() && target->isVisible()) {
                target->setFocus(Qt::ShortcutFocusReason);
                window()->setAttribute(Qt::WA_KeyboardFocusChange);
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

FieldError *CraSection::addMessage(QVBoxLayout *layout, const QStringList &keys, QWidget *focus)
{
    auto *error = new FieldError(nullptr, QStringLiteral("error_") + keys.first(), layout->parentWidget());
    layout->addWidget(error);
    for (const QString &key : keys)
        m_messages.append(Message{key, error, focus});
    return error;
}

void CraSection::setMessageFocus(const QString &key, QWidget *focus)
{
    for (Message &message : m_messages) {
        if (message.key == key)
            message.focus = focus;
    }
}

QList<QRadioButton *> CraSection::codeRadios(Nomenclature::List list, QButtonGroup *group, QWidget *parent)
{
    QList<QRadioButton *> radios;
    for (const NomenclatureItem &item : Nomenclature::instance().items(list)) {
        auto *radio = new QRadioButton(item.label, parent);
        radio->setObjectName(item.value);
        radio->setProperty("code", item.value);
        radio->setAccessibleName(item.label);
        group->addButton(radio);
        radios.append(radio);
    }
    return radios;
}

QString CraSection::checkedCode(const QButtonGroup *group)
{
    const QAbstractButton *button = group->checkedButton();
    return button ? button->property("code").toString() : QString();
}

void CraSection::setCheckedCode(QButtonGroup *group, const QString &code)
{
    group->setExclusive(false);
    const QList<QAbstractButton *> buttons = group->buttons();
    for (QAbstractButton *button : buttons)
        button->setChecked(!code.isEmpty() && button->property("code").toString() == code);
    group->setExclusive(true);
}
