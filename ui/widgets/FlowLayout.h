#pragma once

#include <QLayout>
#include <QList>

// Lays its items out left to right and starts a new line when the next one does not fit, like words in a paragraph
// (the filters of "Mes activités" and "Statistiques", which must fit a 1366 × 768 screen at 150 %). The layout's
// height follows its width (heightForWidth).
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr, int horizontalSpacing = -1, int verticalSpacing = -1);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    int count() const override;
    QLayoutItem *itemAt(int index) const override;
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;
    QSize minimumSize() const override;
    QSize sizeHint() const override;
    void setGeometry(const QRect &rect) override;

private:
    // Places the items in rect (or only measures, when testOnly) and gives the height used.
    int arrange(const QRect &rect, bool testOnly) const;
    int spacing(Qt::Orientation orientation) const;

    QList<QLayoutItem *> m_items;
    int m_horizontal;
    int m_vertical;
};
