#include "OverviewView.h"

#include "Store.h"

#include <QDate>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <QVBoxLayout>

namespace {
using Figures = OverviewView::Figures;

Figures figuresFrom(const QSqlDatabase &db, const QDate &from)
{
    Figures f;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT count(*), total(accompagnements), total(duree) FROM activites "
                             "WHERE suppression IS NULL AND date >= ?"));
    q.addBindValue(from.isValid() ? from.toString(Qt::ISODate) : QStringLiteral("0000-00-00"));
    if (q.exec() && q.next()) {
        f.activites = q.value(0).toLongLong();
        f.accompagnements = q.value(1).toLongLong();
        f.minutes = q.value(2).toLongLong();
    }
    return f;
}
} // namespace

OverviewView::OverviewView(Store &store, QWidget *parent) : QWidget(parent), m_store(store)
{
    setObjectName(QStringLiteral("overviewView"));
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<h2>Statistiques</h2>"), this);
    layout->addWidget(title);
    auto *intro = new QLabel(tr("Vos chiffres comptés comme sur la plateforme nationale : une activité individuelle "
                                "est un accompagnement, un atelier compte autant d'accompagnements que de "
                                "participants ; les heures comptent chaque atelier une fois."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_grid = new QGridLayout;
    m_grid->setHorizontalSpacing(32);
    m_grid->setVerticalSpacing(8);
    const QStringList columns = {tr("Ce mois-ci"), tr("Cette année"), tr("Depuis le début")};
    const QStringList rows = {tr("Activités"), tr("Accompagnements"), tr("Heures passées")};
    for (int c = 0; c < columns.size(); ++c) {
        auto *header = new QLabel(QStringLiteral("<b>%1</b>").arg(columns.at(c)), this);
        header->setAlignment(Qt::AlignRight);
        m_grid->addWidget(header, 0, c + 1);
    }
    for (int r = 0; r < rows.size(); ++r) {
        m_grid->addWidget(new QLabel(rows.at(r), this), r + 1, 0);
        for (int c = 0; c < columns.size(); ++c) {
            auto *cell = new QLabel(this);
            cell->setObjectName(QStringLiteral("overview_%1_%2").arg(r).arg(c));
            cell->setAlignment(Qt::AlignRight);
            cell->setTextInteractionFlags(Qt::TextSelectableByMouse);
            QFont big = cell->font();
            big.setPointSizeF(big.pointSizeF() * 1.4);
            cell->setFont(big);
            m_grid->addWidget(cell, r + 1, c + 1);
            m_cells.append(cell);
        }
    }
    m_grid->setColumnStretch(4, 1);
    layout->addLayout(m_grid);
    layout->addStretch();
}

OverviewView::~OverviewView()
{
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void OverviewView::refresh()
{
    // The sums read the whole table on a large base: a thread with its own read connection does it, the window
    // stays responsive, and a refresh asked while one runs is done once it ends.
    if (m_worker) {
        m_again = true;
        return;
    }
    for (QLabel *cell : std::as_const(m_cells)) {
        if (cell->text().isEmpty())
            cell->setText(tr("…"));
    }
    const QString path = m_store.filePath();
    const QDate today = m_store.clock().today();
    m_worker = QThread::create([this, path, today] {
        QList<Figures> periods;
        {
            const QString name = QStringLiteral("overview-%1").arg(reinterpret_cast<quintptr>(QThread::currentThread()));
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"));
            if (db.open()) {
                periods = {figuresFrom(db, QDate(today.year(), today.month(), 1)),
                           figuresFrom(db, QDate(today.year(), 1, 1)), figuresFrom(db, QDate())};
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("overview-%1").arg(reinterpret_cast<quintptr>(QThread::currentThread())));
        QMetaObject::invokeMethod(this, [this, periods] { display(periods); }, Qt::QueuedConnection);
    });
    m_worker->start();
}

void OverviewView::display(const QList<Figures> &periods)
{
    m_worker->wait();
    delete m_worker;
    m_worker = nullptr;
    if (m_again) {
        m_again = false;
        refresh();
        return;
    }
    emit refreshed();
    if (periods.size() != 3)
        return;
    const QLocale fr(QLocale::French, QLocale::France);
    for (int c = 0; c < 3; ++c) {
        const Figures &f = periods.at(c);
        m_cells.at(c)->setText(fr.toString(f.activites));
        m_cells.at(3 + c)->setText(fr.toString(f.accompagnements));
        m_cells.at(6 + c)->setText(tr("%1 h").arg(fr.toString(static_cast<double>(f.minutes) / 60.0, 'f', 1)));
    }
}
