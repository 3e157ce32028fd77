#include "ui/widgets/CodeChecklist.h"
#include "models/text/FrenchText.h"

#include <QEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr int CodeRole = Qt::UserRole;
constexpr int RankRole = Qt::UserRole + 1;

// 0: the label without spaces and punctuation starts with the query; 1: a word starts with it; 2: it is inside;
// -1: no match.
int rank(const QString &label, const QString &query)
{
    if (query.isEmpty())
        return 0;
    const QString norm = FrenchText::folded(label);
    QString compact;
    for (const QChar c : norm) {
        if (c.isLetterOrNumber())
            compact.append(c);
    }
    QString compactQuery;
    for (const QChar c : query) {
        if (c.isLetterOrNumber())
            compactQuery.append(c);
    }
    if (!compactQuery.isEmpty() && compact.startsWith(compactQuery))
        return 0;
    const QStringList words = norm.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &w : words) {
        if (w.startsWith(query))
            return 1;
    }
    return norm.contains(query) ? 2 : -1;
}
} // namespace

CodeChecklist::CodeChecklist(Nomenclature::List list, const QString &accessibleName, QWidget *parent)
    : QWidget(parent)
    , m_listKind(list)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Tapez quelques lettres puis Entrée pour cocher"));
    m_filter->setAccessibleName(tr("Rechercher dans %1").arg(accessibleName));
    m_filter->setAccessibleDescription(
        tr("Tapez quelques lettres pour filtrer la liste, Entrée coche ou décoche la première correspondance, les "
           "flèches choisissent une autre correspondance."));
    m_filter->setClearButtonEnabled(true);
    for (QToolButton *button : m_filter->findChildren<QToolButton *>())
        button->setAccessibleName(tr("Effacer la recherche"));
    m_filter->installEventFilter(this);
    layout->addWidget(m_filter);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("list"));
    m_list->setAccessibleName(accessibleName);
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setTextElideMode(Qt::ElideRight);
    for (const NomenclatureItem &item : Nomenclature::instance().items(list)) {
        auto *row = new QListWidgetItem(item.label, m_list);
        row->setData(CodeRole, item.value);
        row->setToolTip(item.label);
        row->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        row->setCheckState(Qt::Unchecked);
    }
    layout->addWidget(m_list, 1);
    setFocusProxy(m_filter);
    setTabOrder(m_filter, m_list);

    connect(m_filter, &QLineEdit::textChanged, this, &CodeChecklist::applyFilter);
    connect(m_list, &QListWidget::itemChanged, this, [this] { emit changed(); });
    updateGrid();
}

QStringList CodeChecklist::checkedCodes() const
{
    QStringList codes;
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->checkState() == Qt::Checked)
            codes.append(m_list->item(i)->data(CodeRole).toString());
    }
    return codes;
}

void CodeChecklist::setCheckedCodes(const QStringList &codes)
{
    const QSignalBlocker blocker(m_list);
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem *item = m_list->item(i);
        item->setCheckState(codes.contains(item->data(CodeRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
    // A new set of ticks (another CRA): no item stays current from the last one typed.
    m_list->setCurrentItem(nullptr);
    m_list->clearSelection();
    emit changed();
}

bool CodeChecklist::isChecked(const QString &code) const
{
    return checkedCodes().contains(code);
}

void CodeChecklist::setChecked(const QString &code, bool checked)
{
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem *item = m_list->item(i);
        if (item->data(CodeRole).toString() == code)
            item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    }
}

void CodeChecklist::setColumns(int columns)
{
    m_columns = std::max(1, columns);
    updateGrid();
    updateGeometry();
}

QString CodeChecklist::currentCode() const
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item || m_list->isRowHidden(m_list->row(item)))
        return {};
    return item->data(CodeRole).toString();
}

void CodeChecklist::applyFilter(const QString &text)
{
    const QString query = FrenchText::folded(text);
    QListWidgetItem *best = nullptr;
    int bestRank = 3;
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem *item = m_list->item(i);
        const int r = rank(item->text(), query);
        item->setData(RankRole, r);
        m_list->setRowHidden(i, r < 0);
        if (r >= 0 && r < bestRank) {
            best = item;
            bestRank = r;
        }
    }
    if (query.isEmpty())
        best = nullptr;
    m_list->setCurrentItem(best);
    if (!best)
        m_list->clearSelection();
}

void CodeChecklist::moveCurrent(int step)
{
    int row = m_list->currentRow();
    for (int i = 0; i < m_list->count(); ++i) {
        row = (row + step + m_list->count()) % m_list->count();
        if (!m_list->isRowHidden(row)) {
            m_list->setCurrentRow(row);
            return;
        }
    }
}

bool CodeChecklist::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (key->modifiers() & Qt::ControlModifier)
                return false; // the form's "Enregistrer"
            if (QListWidgetItem *item = m_list->currentItem(); item && !m_list->isRowHidden(m_list->row(item))) {
                item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
                m_filter->clear();
                m_list->setCurrentItem(item);
                return true;
            }
            return false;
        case Qt::Key_Down:
            moveCurrent(1);
            return true;
        case Qt::Key_Up:
            moveCurrent(-1);
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

int CodeChecklist::rowHeight() const
{
    const int indicator = style()->pixelMetric(QStyle::PM_IndicatorHeight, nullptr, m_list);
    return std::max(fontMetrics().height(), indicator) + 6;
}

void CodeChecklist::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateGrid();
}

void CodeChecklist::updateGrid()
{
    // The columns share the width of the list inside its frame, leaving room for a vertical scroll bar.
    const int inner
        = width() - 2 * m_list->frameWidth() - style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, m_list) - 2;
    const int columnWidth = std::max(40, inner / m_columns);
    m_list->setGridSize(QSize(columnWidth, rowHeight()));
    m_list->doItemsLayout();
}

QSize CodeChecklist::sizeHint() const
{
    const int rows = (m_list->count() + m_columns - 1) / m_columns;
    const int frame = 2 * m_list->frameWidth() + 6;
    int widest = 0;
    for (int i = 0; i < m_list->count(); ++i)
        widest = std::max(widest, fontMetrics().horizontalAdvance(m_list->item(i)->text()));
    const int indicator = style()->pixelMetric(QStyle::PM_IndicatorWidth, nullptr, m_list) + 12;
    return {std::min(560, m_columns * (widest + indicator) + frame),
        m_filter->sizeHint().height() + 2 + rows * rowHeight() + frame};
}

QSize CodeChecklist::minimumSizeHint() const
{
    const QSize hint = sizeHint();
    return {std::min(hint.width(), 200), hint.height()};
}
