#include "ui/cra/DateEdit.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCalendarWidget>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScreen>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
const QString kFormat = QStringLiteral("dd/MM/yyyy");

int yearOf(const QString &digits)
{
    if (digits.size() == 2)
        return 2000 + digits.toInt();
    if (digits.size() == 4)
        return digits.toInt();
    return -1;
}

QLocale french()
{
    return QLocale(QLocale::French, QLocale::France);
}
} // namespace

DateEdit::DateEdit(QWidget *parent)
    : QWidget(parent)
    , m_today(QDate::currentDate())
{
    setLocale(french());
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(0);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("date"));
    m_edit->setLocale(french());
    m_edit->setMaxLength(10);
    m_edit->setPlaceholderText(tr("jj/mm/aaaa"));
    m_edit->setToolTip(tr("Jour, mois, année : 01/12/2026, 1/12/26 ou 01122026 (Alt+Bas ouvre le calendrier)"));
    m_edit->setAccessibleDescription(m_edit->toolTip());
    m_edit->setFixedWidth(m_edit->fontMetrics().horizontalAdvance(QStringLiteral("00/00/00000")) + 16);
    m_edit->installEventFilter(this);
    row->addWidget(m_edit);
    m_button = new QToolButton(this);
    m_button->setObjectName(QStringLiteral("dateCalendar"));
    m_button->setArrowType(Qt::DownArrow);
    m_button->setFocusPolicy(Qt::NoFocus); // Alt+Bas or F4 from the field
    m_button->setAccessibleName(tr("Ouvrir le calendrier"));
    m_button->setToolTip(tr("Ouvrir le calendrier (Alt+Bas)"));
    row->addWidget(m_button);

    m_popup = new QFrame(this, Qt::Popup);
    m_popup->setObjectName(QStringLiteral("datePopup"));
    m_popup->setFrameShape(QFrame::StyledPanel);
    m_popup->setLocale(french());
    auto *popupLayout = new QVBoxLayout(m_popup);
    popupLayout->setContentsMargins(2, 2, 2, 2);
    m_calendar = new QCalendarWidget(m_popup);
    m_calendar->setObjectName(QStringLiteral("dateCalendarWidget"));
    m_calendar->setLocale(french());
    m_calendar->setFirstDayOfWeek(Qt::Monday);
    m_calendar->setGridVisible(true);
    m_calendar->setMinimumDate(QDate(2000, 1, 1));
    m_calendar->setAccessibleName(tr("Calendrier"));
    popupLayout->addWidget(m_calendar);
    m_popup->installEventFilter(this);
    m_calendar->installEventFilter(this);
    m_view = m_calendar->findChild<QAbstractItemView *>();
    if (m_view) {
        m_view->installEventFilter(this);
        m_view->setAccessibleName(tr("Jours du mois"));
    }
    const std::pair<const char *, QString> parts[] = {{"qt_calendar_prevmonth", tr("Mois précédent")},
        {"qt_calendar_nextmonth", tr("Mois suivant")}, {"qt_calendar_monthbutton", tr("Choisir le mois")},
        {"qt_calendar_yearbutton", tr("Choisir l'année")}, {"qt_calendar_yearedit", tr("Année")}};
    for (const auto &[name, accessible] : parts) {
        if (auto *part = m_calendar->findChild<QWidget *>(QLatin1String(name)))
            part->setAccessibleName(accessible);
    }
    for (QWidget *part : m_calendar->findChildren<QWidget *>()) {
        if (part->accessibleName().isEmpty())
            part->setAccessibleName(tr("Calendrier"));
    }

    connect(m_edit, &QLineEdit::textChanged, this, &DateEdit::onTextChanged);
    connect(m_edit, &QLineEdit::editingFinished, this, &DateEdit::showFull);
    connect(m_button, &QToolButton::clicked, this, &DateEdit::openCalendar);
    connect(m_calendar, &QCalendarWidget::activated, this, &DateEdit::pick);
    connect(m_calendar, &QCalendarWidget::clicked, this, &DateEdit::pick);
    setFocusProxy(m_edit);
}

QDate DateEdit::parse(const QString &input, const QDate &today)
{
    const QString text = input.trimmed();
    if (text.isEmpty())
        return {};
    static const QRegularExpression digitsOnly(QStringLiteral("^\\d+$"));
    int day = -1;
    int month = -1;
    int year = today.year();
    bool yearGiven = false;
    if (digitsOnly.match(text).hasMatch()) {
        // Typed without separators: ddMM, ddMMyy or ddMMyyyy. Any other length is ambiguous ("1122026").
        if (text.size() != 4 && text.size() != 6 && text.size() != 8)
            return {};
        day = text.left(2).toInt();
        month = text.mid(2, 2).toInt();
        if (text.size() > 4) {
            year = yearOf(text.mid(4));
            yearGiven = true;
        }
    } else {
        static const QRegularExpression separated(
            QStringLiteral("^(\\d{1,2})\\s*[/.\\- ]\\s*(\\d{1,2})(?:\\s*[/.\\- ]\\s*(\\d{2}|\\d{4}))?$"));
        const QRegularExpressionMatch m = separated.match(text);
        if (!m.hasMatch())
            return {};
        day = m.captured(1).toInt();
        month = m.captured(2).toInt();
        if (!m.captured(3).isEmpty()) {
            year = yearOf(m.captured(3));
            yearGiven = true;
        }
    }
    QDate date(year, month, day);
    // Without a year, the last such day: "28/12" typed on 2 January is the December just gone.
    if (!yearGiven && date.isValid() && date > today)
        date = QDate(year - 1, month, day);
    return date.isValid() ? date : QDate();
}

QDate DateEdit::date() const
{
    return parse(m_edit->text(), m_today);
}

QString DateEdit::text() const
{
    return m_edit->text();
}

void DateEdit::setDate(const QDate &date)
{
    m_edit->setText(date.isValid() ? date.toString(kFormat) : QString());
}

void DateEdit::setToday(const QDate &today)
{
    m_today = today;
    m_calendar->setMaximumDate(today);
}

void DateEdit::onTextChanged()
{
    const QDate now = date();
    if (now == m_last)
        return;
    m_last = now;
    emit dateChanged(now);
}

void DateEdit::showFull()
{
    const QDate d = date();
    if (d.isValid() && m_edit->text() != d.toString(kFormat))
        m_edit->setText(d.toString(kFormat));
}

bool DateEdit::isCalendarOpen() const
{
    return m_popup->isVisible();
}

void DateEdit::openCalendar()
{
    const QDate typed = date();
    const QDate shown = typed.isValid() ? typed : m_today;
    m_calendar->setSelectedDate(std::min(shown, m_calendar->maximumDate()));
    m_popup->adjustSize();
    QPoint at = mapToGlobal(QPoint(0, height()));
    if (const QScreen *screen = this->screen()) {
        const QRect available = screen->availableGeometry();
        if (at.y() + m_popup->height() > available.bottom())
            at.setY(mapToGlobal(QPoint(0, 0)).y() - m_popup->height());
        at.setX(std::min(at.x(), available.right() - m_popup->width()));
    }
    m_popup->move(at);
    m_popup->show();
    m_calendar->setFocus(Qt::PopupFocusReason);
}

void DateEdit::pick(const QDate &date)
{
    m_popup->hide();
    setDate(date);
    m_edit->setFocus(Qt::PopupFocusReason);
}

bool DateEdit::eventFilter(QObject *watched, QEvent *event)
{
    // In the open calendar, Échap and Entrée are its own: a shortcut of the form (Échap leaves a CRA being modified,
    // Ctrl+Entrée saves) must not take them first, which Qt would let it do through the popup.
    if (event->type() == QEvent::ShortcutOverride && watched != m_edit) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape || key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            event->accept();
            return true;
        }
    }
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_edit) {
        const bool altDown = key->key() == Qt::Key_Down && (key->modifiers() & Qt::AltModifier);
        if (altDown || (key->key() == Qt::Key_F4 && key->modifiers() == Qt::NoModifier)) {
            openCalendar();
            return true;
        }
    } else if (key->key() == Qt::Key_Escape) {
        m_popup->hide();
        m_edit->setFocus(Qt::PopupFocusReason);
        return true;
    } else if (watched == m_popup && m_view && !m_forwarding) {
        // Keys given to the popup itself go to its days (once: what the days leave comes back up to the popup).
        m_forwarding = true;
        QCoreApplication::sendEvent(m_view, event);
        m_forwarding = false;
        return true;
    }
    return QWidget::eventFilter(watched, event);
}
