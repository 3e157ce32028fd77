#include "ui/widgets/FlowLayout.h"

#include <QStyle>
#include <QWidget>

#include <algorithm>

FlowLayout::FlowLayout(QWidget *parent, int horizontalSpacing, int verticalSpacing)
    : QLayout(parent)
    , m_horizontal(horizontalSpacing)
    , m_vertical(verticalSpacing)
{
}

FlowLayout::~FlowLayout()
{
    while (QLayoutItem *item = takeAt(0))
        delete item;
}

void FlowLayout::addItem(QLayoutItem *item)
{
    m_items.append(item);
}

int FlowLayout::count() const
{
    return static_cast<int>(m_items.size());
}

QLayoutItem *FlowLayout::itemAt(int index) const
{
    return m_items.value(index);
}

QLayoutItem *FlowLayout::takeAt(int index)
{
    return index >= 0 && index < m_items.size() ? m_items.takeAt(index) : nullptr;
}

Qt::Orientations FlowLayout::expandingDirections() const
{
    return {};
}

bool FlowLayout::hasHeightForWidth() const
{
    return true;
}

int FlowLayout::heightForWidth(int width) const
{
    return arrange(QRect(0, 0, width, 0), true);
}

QSize FlowLayout::minimumSize() const
{
    // As narrow as its widest item: every other one can go to a line of its own.
    QSize size;
    for (const QLayoutItem *item : m_items)
        size = size.expandedTo(item->minimumSize());
    const QMargins m = contentsMargins();
    return size + QSize(m.left() + m.right(), m.top() + m.bottom());
}

QSize FlowLayout::sizeHint() const
{
    // Everything on one line.
    int width = 0;
    int height = 0;
    for (const QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        width += item->sizeHint().width() + (width > 0 ? spacing(Qt::Horizontal) : 0);
        height = std::max(height, item->sizeHint().height());
    }
    const QMargins m = contentsMargins();
    return QSize(width + m.left() + m.right(), height + m.top() + m.bottom());
}

void FlowLayout::setGeometry(const QRect &rect)
{
    QLayout::setGeometry(rect);
    arrange(rect, false);
}

int FlowLayout::arrange(const QRect &rect, bool testOnly) const
{
    const QMargins m = contentsMargins();
    const QRect area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom());
    int x = area.x();
    int y = area.y();
    int lineHeight = 0;
    // The items of the current line, to centre them vertically once the line is complete.
    QList<QPair<QLayoutItem *, QPoint>> line;
    const auto place = [&] {
        for (const auto &[item, at] : std::as_const(line)) {
            QSize size = item->sizeHint();
            size.setWidth(std::min(size.width(), std::max(item->minimumSize().width(), area.width())));
            item->setGeometry(QRect(QPoint(at.x(), at.y() + (lineHeight - size.height()) / 2), size));
        }
        line.clear();
    };
    for (QLayoutItem *item : m_items) {
        if (item->isEmpty())
            continue;
        const QSize size = item->sizeHint();
        if (x > area.x() && x + size.width() > area.right() + 1) {
            if (!testOnly)
                place();
            x = area.x();
            y += lineHeight + spacing(Qt::Vertical);
            lineHeight = 0;
        }
        if (!testOnly)
            line.append({item, QPoint(x, y)});
        x += size.width() + spacing(Qt::Horizontal);
        lineHeight = std::max(lineHeight, size.height());
    }
    if (!testOnly)
        place();
    return y + lineHeight - rect.y() + m.bottom();
}

int FlowLayout::spacing(Qt::Orientation orientation) const
{
    const int set = orientation == Qt::Horizontal ? m_horizontal : m_vertical;
    if (set >= 0)
        return set;
    const QWidget *parentWidget = qobject_cast<const QWidget *>(parent());
    if (!parentWidget)
        return 6;
    const QStyle::PixelMetric metric
        = orientation == Qt::Horizontal ? QStyle::PM_LayoutHorizontalSpacing : QStyle::PM_LayoutVerticalSpacing;
    const int fromStyle = parentWidget->style()->pixelMetric(metric, nullptr, parentWidget);
    return fromStyle >= 0 ? fromStyle : 6;
}
