#include "ui/widgets/MultiValueCombo.h"

#include "models/text/FrenchText.h"

#include <QAbstractItemView>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QStandardItemModel>
#include <QStyleOptionComboBox>
#include <QStylePainter>
#include <QStyledItemDelegate>

MultiValueCombo::MultiValueCombo(
    const QString &allLabel, const QString &singular, const QString &plural, QWidget *parent)
    : QComboBox(parent)
    , m_singular(singular)
    , m_plural(plural)
{
    // Check boxes in the list (the style's menu delegate would tick the current item only).
    setItemDelegate(new QStyledItemDelegate(this));
    addItem(allLabel, QVariant());
    if (auto *item = static_cast<QStandardItemModel *>(model())->item(0)) {
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    // Installed after the popup's own filters, so these run first (see eventFilter).
    view()->installEventFilter(this);
    view()->viewport()->installEventFilter(this);
    connect(this, &QComboBox::activated, this, [this](int row) {
        if (!m_popupOpen)
            chooseOnly(row); // the arrows, the wheel or typing on the closed drop-down, or Enter without a tick
    });
    showState();
}

void MultiValueCombo::addValue(const QString &label, const QVariant &value)
{
    addItem(label, value);
    QStandardItem *item = static_cast<QStandardItemModel *>(model())->item(count() - 1);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Unchecked);
}

void MultiValueCombo::addSeparatorLine()
{
    insertSeparator(count());
}

void MultiValueCombo::clearValues()
{
    while (count() > 1)
        removeItem(count() - 1);
    showState();
}

bool MultiValueCombo::hasValue(const QVariant &value) const
{
    for (int row = 1; row < count(); ++row) {
        if (isValueRow(row) && itemData(row) == value)
            return true;
    }
    return false;
}

QVariantList MultiValueCombo::values() const
{
    QVariantList list;
    for (int row = 1; row < count(); ++row) {
        if (isValueRow(row) && isChecked(row))
            list << itemData(row);
    }
    return list;
}

QStringList MultiValueCombo::stringValues() const
{
    QStringList list;
    for (const QVariant &value : values())
        list << value.toString();
    return list;
}

void MultiValueCombo::setValues(const QVariantList &values)
{
    for (int row = 1; row < count(); ++row) {
        if (isValueRow(row))
            setChecked(row, values.contains(itemData(row)));
    }
    showState();
}

void MultiValueCombo::setStringValues(const QStringList &values)
{
    QVariantList list;
    for (const QString &value : values)
        list << value;
    setValues(list);
}

QString MultiValueCombo::displayText() const
{
    QStringList labels;
    for (int row = 1; row < count(); ++row) {
        if (isValueRow(row) && isChecked(row))
            labels << itemText(row);
    }
    if (labels.isEmpty())
        return itemText(0);
    if (labels.size() <= 2)
        return labels.join(QLatin1String(", "));
    return FrenchText::count(labels.size(), m_singular, m_plural);
}

void MultiValueCombo::showPopup()
{
    m_beforePopup = values();
    m_tickedInPopup = false;
    m_popupOpen = true;
    QComboBox::showPopup();
}

void MultiValueCombo::hidePopup()
{
    QComboBox::hidePopup();
    if (!m_popupOpen)
        return;
    m_popupOpen = false;
    m_tickedInPopup = false;
    const bool changed = values() != m_beforePopup;
    showState();
    if (changed)
        emit valuesEdited();
}

void MultiValueCombo::paintEvent(QPaintEvent *)
{
    QStylePainter painter(this);
    painter.setPen(palette().color(QPalette::Text));
    QStyleOptionComboBox option;
    initStyleOption(&option);
    option.currentIcon = QIcon();
    const QRect field = style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, this);
    option.currentText = fontMetrics().elidedText(displayText(), Qt::ElideRight, field.width());
    painter.drawComplexControl(QStyle::CC_ComboBox, option);
    painter.drawControl(QStyle::CE_ComboBoxLabel, option);
}

bool MultiValueCombo::eventFilter(QObject *watched, QEvent *event)
{
    QAbstractItemView *list = view();
    if (watched == list && (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride)) {
        auto *key = static_cast<QKeyEvent *>(event);
        const bool press = event->type() == QEvent::KeyPress;
        if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
            if (press && m_popupOpen)
                toggle(list->currentIndex().row());
            event->accept();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            // After a tick, Enter closes and keeps the ticks (the popup's own handling would choose one value).
            if (m_popupOpen && m_tickedInPopup) {
                hidePopup();
                event->accept();
                return true;
            }
            if (!m_popupOpen) {
                event->accept(); // the key press that follows a handled shortcut override, the list now hidden
                return true;
            }
        }
    } else if (watched == list->viewport() && m_popupOpen) {
        if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonDblClick) {
            m_pressInList = true;
        } else if (event->type() == QEvent::MouseButtonRelease) {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            const QModelIndex index = list->indexAt(mouse->position().toPoint());
            const bool pressed = m_pressInList;
            m_pressInList = false;
            if (!pressed)
                return true; // the release of the press that opened the list
            if (index.isValid())
                toggle(index.row());
            return true;
        }
    }
    return QComboBox::eventFilter(watched, event);
}

bool MultiValueCombo::isValueRow(int row) const
{
    const QStandardItem *item = static_cast<const QStandardItemModel *>(model())->item(row);
    return row > 0 && item && (item->flags() & Qt::ItemIsUserCheckable);
}

bool MultiValueCombo::isChecked(int row) const
{
    return itemData(row, Qt::CheckStateRole).toInt() == Qt::Checked;
}

void MultiValueCombo::setChecked(int row, bool checked)
{
    setItemData(row, checked ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
}

void MultiValueCombo::toggle(int row)
{
    if (row == 0) {
        for (int r = 1; r < count(); ++r) {
            if (isValueRow(r))
                setChecked(r, false);
        }
    } else if (isValueRow(row)) {
        setChecked(row, !isChecked(row));
    } else {
        return;
    }
    m_tickedInPopup = true;
    setChecked(0, values().isEmpty());
    update();
}

void MultiValueCombo::chooseOnly(int row)
{
    const QVariantList before = values();
    for (int r = 1; r < count(); ++r) {
        if (isValueRow(r))
            setChecked(r, r == row);
    }
    showState();
    if (values() != before)
        emit valuesEdited();
}

void MultiValueCombo::showState()
{
    int single = 0;
    int chosen = 0;
    QStringList labels;
    for (int row = 1; row < count(); ++row) {
        if (isValueRow(row) && isChecked(row)) {
            single = row;
            ++chosen;
            labels << itemText(row);
        }
    }
    if (count() > 0)
        setChecked(0, chosen == 0);
    {
        const QSignalBlocker block(this);
        setCurrentIndex(chosen == 1 ? single : 0);
    }
    setToolTip(chosen >= 2 ? labels.join(QLatin1Char('\n')) : QString());
    setAccessibleDescription(displayText()); // the current item alone would read "Toutes…" with several chosen
    update();
}
