#pragma once

#include "models/domain/Nomenclature.h"

#include <QStringList>
#include <QWidget>

class QLineEdit;
class QListWidget;
class QListWidgetItem;

// A checkable list of one nomenclature list (labels in display order) with a filter line above it. Typing a few
// letters in the filter keeps the matching labels (accents and case ignored; a label starting with the letters comes
// first) and makes the best match current; Enter ticks or unticks it and clears the filter for the next one; Up/Down
// choose another match. In the list, Space toggles the current item. Items are laid out in columns.
class CodeChecklist : public QWidget
{
    Q_OBJECT

public:
    CodeChecklist(Nomenclature::List list, const QString &accessibleName, QWidget *parent = nullptr);

    QStringList checkedCodes() const; // in display order
    // Ticks these codes only; no item is left current (Enter in the filter then ticks nothing until letters are typed).
    void setCheckedCodes(const QStringList &codes);
    bool isChecked(const QString &code) const;
    void setChecked(const QString &code, bool checked);
    void setColumns(int columns);
    QLineEdit *filterEdit() const { return m_filter; }
    QListWidget *listWidget() const { return m_list; }
    // The code Enter would toggle now, or empty when nothing matches.
    QString currentCode() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyFilter(const QString &text);
    void moveCurrent(int step);
    void updateGrid();
    int rowHeight() const;

    Nomenclature::List m_listKind;
    QLineEdit *m_filter = nullptr;
    QListWidget *m_list = nullptr;
    int m_columns = 2;
};
