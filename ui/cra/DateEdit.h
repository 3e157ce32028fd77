#pragma once

#include <QDate>
#include <QWidget>

class QAbstractItemView;
class QCalendarWidget;
class QFrame;
class QLineEdit;
class QToolButton;

// The date of a CRA, typed as a person types it: "01/12/2026", "1/12/26", "1.12", "01122026", "011226", "0112" (the
// current year when none is given; two-digit years are 20xx). A text that is no date gives an invalid date(): the form
// says so at save, it never becomes another date. When the field is left, a date it understood is written back in
// full (dd/MM/yyyy), so what was understood shows. A calendar in French (whatever the system locale) opens from the
// button, Alt+Bas or F4; Entrée picks its date, Échap closes it.
class DateEdit : public QWidget
{
    Q_OBJECT

public:
    explicit DateEdit(QWidget *parent = nullptr);

    // The date typed, or an invalid QDate when the text is empty or not a date.
    QDate date() const;
    void setDate(const QDate &date);
    QString text() const;
    // The day the calendar opens on when nothing is typed, and its last selectable day; also the year a date typed
    // without its year gets.
    void setToday(const QDate &today);

    QLineEdit *lineEdit() const { return m_edit; }
    QToolButton *calendarButton() const { return m_button; }
    QCalendarWidget *calendar() const { return m_calendar; }
    bool isCalendarOpen() const;
    void openCalendar();

    // The date in text as this field reads it (see the class comment), invalid when it is none.
    static QDate parse(const QString &text, const QDate &today);

signals:
    void dateChanged(const QDate &date);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onTextChanged();
    void showFull();
    void pick(const QDate &date);

    QLineEdit *m_edit = nullptr;
    QToolButton *m_button = nullptr;
    QFrame *m_popup = nullptr;
    QCalendarWidget *m_calendar = nullptr;
    QAbstractItemView *m_view = nullptr; // the calendar's days
    QDate m_today;
    QDate m_last;
    bool m_forwarding = false;
};
