#pragma once

#include <QList>
#include <QWidget>

class QLineEdit;
class QPushButton;

// The duration of a CRA: a line edit read by Durations::parse ("45" minutes, "1:30", "1h30"), one checkable button per
// preset of the nomenclature and up to UsualButtons more for the mediator's usual durations, all in increasing order
// and labelled as Carnet writes durations ("15 min", "1 h 30"); a button puts its duration in the line edit, and the
// button of the duration typed is checked. The presets are named "preset_<minutes>", the usual ones "custom_<rank>"
// (0 for the most used).
class DurationEdit : public QWidget
{
    Q_OBJECT

public:
    static constexpr int UsualButtons = 3;

    explicit DurationEdit(QWidget *parent = nullptr);

    int minutes() const; // 0 when empty or unreadable
    // Something is typed that is no duration ("abc", "1:75").
    bool isUnreadable() const;
    void setMinutes(int minutes);
    // The usual durations besides the presets, most used first; the buttons beyond them are hidden.
    void setUsualDurations(const QList<int> &minutes);

    QLineEdit *lineEdit() const { return m_edit; }
    QList<QWidget *> tabChain() const;

signals:
    void changed();

private:
    void updateButtons();

    QLineEdit *m_edit = nullptr;
    QList<int> m_presets;
    QList<QPushButton *> m_buttons; // presets and usual durations, in increasing order, the unused ones hidden
};
