#include "ui/statistics/ChartCard.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QCursor>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPieSeries>
#include <QPieSlice>
#include <QPushButton>
#include <QSaveFile>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QSvgGenerator>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace {
QString number(double value, int decimals)
{
    static const QLocale fr(QLocale::French, QLocale::France);
    return fr.toString(value, 'f', decimals);
}
} // namespace

ChartCard::ChartCard(const QString &title, Kind kind, const QString &countName, QWidget *parent)
    : QFrame(parent)
    , m_title(title)
    , m_kind(kind)
    , m_countName(countName)
{
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(title);

    auto *layout = new QVBoxLayout(this);
    // The title on its own line, the buttons under it: a card stays narrow enough for two a row at 1366 pixels.
    auto *titleLabel = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this);
    titleLabel->setObjectName(QStringLiteral("chartTitle"));
    titleLabel->setWordWrap(true);
    layout->addWidget(titleLabel);
    auto *header = new QHBoxLayout;
    header->addStretch(1);
    m_toggle = new QPushButton(tr("Voir les données"), this);
    m_toggle->setObjectName(QStringLiteral("toggleData"));
    m_toggle->setCheckable(true);
    m_toggle->setAccessibleName(tr("Voir les données de « %1 »").arg(title));
    auto *copy = new QPushButton(tr("Copier"), this);
    copy->setObjectName(QStringLiteral("copyChart"));
    copy->setAccessibleName(tr("Copier le graphique « %1 »").arg(title));
    auto *save = new QPushButton(tr("Enregistrer l'image…"), this);
    save->setObjectName(QStringLiteral("saveChart"));
    save->setAccessibleName(tr("Enregistrer l'image du graphique « %1 »").arg(title));
    header->addWidget(m_toggle);
    header->addWidget(copy);
    header->addWidget(save);
    layout->addLayout(header);

    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setVisible(kind == Kind::Pie);
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setObjectName(QStringLiteral("chartView"));
    m_view->setAccessibleName(title);
    m_view->setMinimumHeight(220);

    m_model = new QStandardItemModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("chartTable"));
    m_table->setAccessibleName(tr("Données de « %1 »").arg(title));
    m_table->setAccessibleDescription(tr("Entrée ou un double clic sur une ligne montre ses activités."));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    m_empty = new QLabel(tr("Aucune donnée sur cette période."), this);
    m_empty->setAlignment(Qt::AlignCenter);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);
    layout->addWidget(m_stack, 1);

    connect(m_toggle, &QPushButton::toggled, this, &ChartCard::setShowingData);
    // The keyboard's way to the activities behind a value: a row of the table (its rows are the entries, in order).
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid() && index.row() < m_entries.size())
            emit entryActivated(m_entries.at(index.row()));
    });
    connect(copy, &QPushButton::clicked, this, &ChartCard::copyToClipboard);
    connect(save, &QPushButton::clicked, this, &ChartCard::askAndSave);
    rebuild();
}

void ChartCard::setEntries(const QList<ChartEntry> &entries)
{
    m_entries = entries;
    rebuild();
}

QString ChartCard::tooltip(const ChartEntry &entry) const
{
    const QString text = tr("%1 : %2 %3 (%4 %)")
                             .arg(entry.label, number(entry.count, 0), m_countName.toLower(), number(entry.percent, 1));
    if (entry.accompagnementsPercent < 0)
        return text;
    return text + QLatin1Char('\n')
        + tr("Présente dans %1 % des accompagnements").arg(number(entry.accompagnementsPercent, 1));
}

void ChartCard::rebuild()
{
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes())
        m_chart->removeAxis(axis);

    m_model->clear();
    // Multi-valued breakdowns also give the share of accompagnements that carry each value.
    const bool withShare = std::any_of(
        m_entries.cbegin(), m_entries.cend(), [](const ChartEntry &e) { return e.accompagnementsPercent >= 0; });
    QStringList headers{tr("Valeur"), m_countName, withShare ? tr("% des\nmentions") : tr("Part (%)")};
    if (withShare)
        headers << tr("% des\naccompagnements");
    m_model->setHorizontalHeaderLabels(headers);
    const auto figure = [](const QString &text) {
        auto *item = new QStandardItem(text);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    for (const ChartEntry &e : std::as_const(m_entries)) {
        QList<QStandardItem *> row{
            new QStandardItem(e.label), figure(number(e.count, 0)), figure(number(e.percent, 1))};
        if (withShare)
            row << figure(e.accompagnementsPercent >= 0 ? number(e.accompagnementsPercent, 1) : QString());
        m_model->appendRow(row);
    }

    if (m_entries.isEmpty()) {
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    m_stack->setCurrentWidget(m_toggle->isChecked() ? static_cast<QWidget *>(m_table) : m_view);

    if (m_kind == Kind::Pie) {
        auto *series = new QPieSeries;
        for (const ChartEntry &e : std::as_const(m_entries)) {
            QPieSlice *slice = series->append(tr("%1 (%2 %)").arg(e.label, number(e.percent, 1)), e.count);
            const QString tip = tooltip(e);
            connect(slice, &QPieSlice::hovered, this, [tip](bool on) {
                if (on)
                    QToolTip::showText(QCursor::pos(), tip);
                else
                    QToolTip::hideText();
            });
            connect(slice, &QPieSlice::clicked, this, [this, e] { emit entryActivated(e); });
        }
        m_chart->addSeries(series);
        return;
    }

    // Bars. Horizontal bars read from the top: the first entry goes last in the series (Qt draws upwards).
    const bool horizontal = m_kind == Kind::HorizontalBars;
    QList<ChartEntry> ordered = m_entries;
    if (horizontal)
        std::reverse(ordered.begin(), ordered.end());
    auto *set = new QBarSet(m_countName);
    set->setColor(palette().color(QPalette::Highlight));
    QStringList categories;
    double max = 0;
    for (const ChartEntry &e : std::as_const(ordered)) {
        set->append(e.count);
        categories.append(e.label);
        max = std::max(max, e.count);
    }
    QAbstractBarSeries *series = horizontal ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries)
                                            : static_cast<QAbstractBarSeries *>(new QBarSeries);
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsFormat(QStringLiteral("@value"));
    m_chart->addSeries(series);

    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    categoryAxis->setLabelsColor(palette().color(QPalette::WindowText));
    categoryAxis->setTruncateLabels(false); // French labels whole: the chart gives them the room
    auto *valueAxis = new QValueAxis;
    valueAxis->setRange(0, max > 0 ? max * 1.1 : 1);
    valueAxis->applyNiceNumbers();
    valueAxis->setLabelFormat(QStringLiteral("%d"));
    valueAxis->setLabelsColor(palette().color(QPalette::WindowText));
    m_chart->addAxis(categoryAxis, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    m_chart->addAxis(valueAxis, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    series->attachAxis(valueAxis);
    if (horizontal)
        m_view->setMinimumHeight(std::max(220, 28 * static_cast<int>(ordered.size()) + 60));

    connect(set, &QBarSet::hovered, this, [this, ordered](bool on, int index) {
        if (on && index >= 0 && index < ordered.size())
            QToolTip::showText(QCursor::pos(), tooltip(ordered.at(index)));
        else
            QToolTip::hideText();
    });
    connect(set, &QBarSet::clicked, this, [this, ordered](int index) {
        if (index >= 0 && index < ordered.size())
            emit entryActivated(ordered.at(index));
    });
}

bool ChartCard::isShowingData() const
{
    return m_toggle->isChecked();
}

void ChartCard::setShowingData(bool table)
{
    if (m_toggle->isChecked() != table)
        m_toggle->setChecked(table); // comes back here through toggled
    m_toggle->setText(table ? tr("Voir le graphique") : tr("Voir les données"));
    if (!m_entries.isEmpty())
        m_stack->setCurrentWidget(table ? static_cast<QWidget *>(m_table) : m_view);
}

void ChartCard::layOutFor(const QSize &size) const
{
    // The chart lays itself out for the size it is drawn at, even when its view is hidden (data table shown, or a
    // card never put on screen: the PDF report).
    if (m_view->isVisible() && m_view->size() == size)
        return;
    m_chart->resize(QSizeF(size));
    m_chart->setPos(0, 0);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    if (m_chart->layout())
        m_chart->layout()->activate();
}

QImage ChartCard::image(const QSize &size) const
{
    layOutFor(size);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    m_chart->scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

void ChartCard::copyToClipboard() const
{
    QApplication::clipboard()->setImage(image(m_view->isVisible() ? m_view->size() : QSize(900, 500)));
}

bool ChartCard::saveImage(const QString &path, QString *error) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")) {
        *error = tr("« %1 » : choisissez un nom de fichier en .png ou .svg.").arg(path);
        return false;
    }
    const QSize size = m_view->isVisible() ? m_view->size() : QSize(900, 500);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Impossible d'écrire « %1 » : %2").arg(path, file.errorString());
        return false;
    }
    if (suffix == QLatin1String("png")) {
        if (!image(size).save(&file, "PNG")) {
            *error = tr("Impossible d'écrire l'image « %1 ».").arg(path);
            return false;
        }
    } else {
        layOutFor(size);
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(m_title);
        svg.setDescription(tr("Graphique de Carnet"));
        QPainter painter(&svg);
        m_chart->scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), QRectF(QPointF(0, 0), QSizeF(size)));
        painter.end();
    }
    if (!file.commit()) {
        *error = tr("Impossible d'enregistrer « %1 » : %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void ChartCard::askAndSave()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    QString name = m_title;
    name.replace(QLatin1Char('/'), QLatin1Char('-'));
    const QString path = QFileDialog::getSaveFileName(this, tr("Enregistrer l'image"),
        folder + QLatin1Char('/') + name + QStringLiteral(".png"),
        tr("Image PNG (*.png);;Image vectorielle SVG (*.svg)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveImage(path, &error))
        QMessageBox::warning(this, tr("Image non enregistrée"), error);
}
