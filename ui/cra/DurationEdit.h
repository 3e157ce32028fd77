#pragma once

#include <QList>
#include <QWidget>

class QLineEdit;
class QPushButton;

// The duration of a CRA: a line edit read by Durations::parse ("45" minutes, "1:30", "1h30"), one checkable button per
// preset of the nomenclature and up to UsualButtons more for the mediator's usual durations; a button puts its
// duration in the line edit, and the button of the duration typed is checked.
class DurationEdit : public QWidget
{
    Q_OBJECT

public:
    static constexpr int UsualButtons = 3;

    explicit DurationEdit(QWidget *parent = nullptr);

    int minutes() const; // 0 when empty or unreadable
    void setMinutes(int minutes);
    // The usual durations besides the presets, most used first; the buttons beyond them are hidden.
    void setUsualDurations(const QList<int> &minutes);

    QLineEdit *lineEdit() const { return m_edit; }
    QList<QWidget *> tabChain() const;

signals:
    void changed();

private:
    QPushButton *addButton(const QString &objectName);
    void updateButtons();

    QLineEdit *m_edit = nullptr;
    QList<QPushButton *> m_presetButtons;
    QList<QPushButton *> m_usualButtons;
};
