#pragma once

#include <QComboBox>
#include <QString>
#include <QVariant>
#include <QVariantList>

// A drop-down of values of which any number can be chosen, first an item for "all" ("Toutes les thématiques").
// It reads "Toutes les thématiques" when none is chosen, the label of the one chosen, two labels joined ("E-mail,
// Navigation…", elided to its width), or a count from three ("3 thématiques"); the tooltip lists them.
//
// Keyboard: closed, the arrows (or the mouse wheel, or typing a label's first letters) choose one value alone, as in
// a plain drop-down; opened (Alt+↓, F4 or Space), Space ticks or unticks the highlighted value and keeps the list
// open, Enter or Échap closes it. Enter on a value when nothing was ticked chooses that value alone. A click on a value
// ticks it and keeps the list open. valuesEdited() tells what the user changed (when the list closes, or at once for a
// choice of one); the set… functions do not emit it.
class MultiValueCombo : public QComboBox
{
    Q_OBJECT

public:
    // allLabel: the first item ("Toutes les thématiques"); singular and plural name a count ("thématique").
    MultiValueCombo(const QString &allLabel, const QString &singular, const QString &plural, QWidget *parent = nullptr);

    void addValue(const QString &label, const QVariant &value);
    void addSeparatorLine();
    // Removes every value (the "all" item stays); nothing is chosen afterwards.
    void clearValues();
    bool hasValue(const QVariant &value) const;

    // The chosen values in the order of the list; empty: all.
    QVariantList values() const;
    QStringList stringValues() const;
    // Chooses these values (the others unticked; unknown ones ignored); no signal.
    void setValues(const QVariantList &values);
    void setStringValues(const QStringList &values);
    QString displayText() const; // what the closed drop-down reads (before eliding)

    void showPopup() override;
    void hidePopup() override;

signals:
    void valuesEdited();

protected:
    void paintEvent(QPaintEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool isValueRow(int row) const;
    bool isChecked(int row) const;
    void setChecked(int row, bool checked);
    void toggle(int row);
    void chooseOnly(int row);
    void showState(); // the "all" item's tick, the current index, the tooltip

    QString m_singular;
    QString m_plural;
    bool m_popupOpen = false;
    bool m_tickedInPopup = false;
    bool m_pressInList = false; // a press in the open list, whose release ticks
    QVariantList m_beforePopup;
};
