#include "ui/statistics/ChartCard.h"

#include "ui/widgets/FrenchDialogs.h"

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
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
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
#include <cmath>

namespace {
const QLocale &french()
{
    static const QLocale fr(QLocale::French, QLocale::France);
    return fr;
}

QString number(double value, int decimals)
{
    return french().toString(value, 'f', decimals);
}

// The words of a label on lines no wider than width (a word longer than that alone on its line), as the axis' HTML.
QString wrapped(const QString &label, const QFontMetricsF &metrics, double width, double *widest)
{
    QStringList lines;
    QString line;
    for (const QString &word : label.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
            lines.append(line);
            line = word;
        } else {
            line = longer;
        }
    }
    if (!line.isEmpty())
        lines.append(line);
    for (QString &l : lines) {
        *widest = std::max(*widest, metrics.horizontalAdvance(l));
        l = l.toHtmlEscaped();
    }
    return lines.join(QStringLiteral("<br>"));
}
} // namespace

ChartCard::Scale ChartCard::integerScale(double max, int intervals, double headroom)
{
    const double target = std::max(1.0, max * (1.0 + headroom));
    qint64 step = 1;
    for (qint64 magnitude = 1; magnitude < (qint64(1) << 50); magnitude *= 10) {
        bool found = false;
        for (const int m : {1, 2, 5}) {
            step = m * magnitude;
            if (std::ceil(target / static_cast<double>(step)) <= intervals) {
                found = true;
                break;
            }
        }
        if (found)
            break;
    }
    return {step * static_cast<qint64>(std::ceil(target / static_cast<double>(step))), step};
}

QList<QColor> ChartCard::sliceColors(int count)
{
    // Blue to yellow-green, dark to light at even steps of grey (what a grey print or a colour-blind reader tells
    // apart): each hue's lightness found for its grey level.
    QList<QColor> colors;
    for (int i = 0; i < count; ++i) {
        const double t = count == 1 ? 0.0 : static_cast<double>(i) / (count - 1);
        const double hue = (235.0 - 160.0 * t) / 360.0;
        const int grey = static_cast<int>(std::lround(40.0 + 165.0 * t));
        double low = 0.0;
        double high = 1.0;
        for (int step = 0; step < 24; ++step) {
            const double middle = (low + high) / 2;
            (qGray(QColor::fromHslF(hue, 0.6, middle).rgb()) < grey ? low : high) = middle;
        }
        colors.append(QColor::fromHslF(hue, 0.6, (low + high) / 2));
    }
    return colors;
}

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
    m_chart->legend()->setVisible(false); // a pie's legend is a label under it on screen, the chart's in images
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_chart->setLocalizeNumbers(true); // axes and bar labels as every figure: "24 693"
    m_chart->setLocale(french());
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
    // The figures' columns as wide as their headers and numbers, the value's column the rest (its labels wrapped):
    // every header whole in a card of half a window, or of a whole one at 150 %.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideNone);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);

    m_empty = new QLabel(tr("Aucune donnée sur cette période."), this);
    m_empty->setAlignment(Qt::AlignCenter);
    m_busy = new QLabel(tr("Calcul en cours…"), this);
    m_busy->setObjectName(QStringLiteral("chartBusy"));
    m_busy->setAlignment(Qt::AlignCenter);

    m_legend = new QLabel(this);
    m_legend->setObjectName(QStringLiteral("chartLegend"));
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setVisible(false);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_busy);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_legend);

    connect(m_toggle, &QPushButton::toggled, this, &ChartCard::setShowingData);
    // The keyboard's way to the activities behind a value: a row of the table (its rows are the entries, in order).
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid() && index.row() < m_entries.size())
            emit entryActivated(m_entries.at(index.row()));
    });
    connect(m_chart, &QChart::plotAreaChanged, this, &ChartCard::fitCategoryLabels);
    connect(copy, &QPushButton::clicked, this, &ChartCard::copyToClipboard);
    connect(save, &QPushButton::clicked, this, &ChartCard::askAndSave);
    rebuild();
}

void ChartCard::setEntries(const QList<ChartEntry> &entries)
{
    m_entries = entries;
    m_computing = false;
    rebuild();
}

void ChartCard::setComputing(bool computing)
{
    m_computing = computing;
    if (m_entries.isEmpty())
        m_stack->setCurrentWidget(computing ? m_busy : m_empty);
}

QString ChartCard::tooltip(const ChartEntry &entry) const
{
    QString text = tr("%1 : %2 %3 (%4 %)")
                       .arg(entry.label, number(entry.count, 0), m_countName.toLower(), number(entry.percent, 1));
    if (!entry.period.isEmpty())
        text += QLatin1Char('\n') + entry.period.at(0).toUpper() + entry.period.mid(1);
    if (entry.accompagnementsPercent < 0)
        return text;
    return text + QLatin1Char('\n')
        + tr("Présente dans %1 % des accompagnements").arg(number(entry.accompagnementsPercent, 1));
}

void ChartCard::rebuild()
{
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    m_categoryAxis = nullptr;
    m_labels.clear();

    m_model->clear();
    // Multi-valued breakdowns also give the share of accompagnements that carry each value.
    const bool withShare = std::any_of(
        m_entries.cbegin(), m_entries.cend(), [](const ChartEntry &e) { return e.accompagnementsPercent >= 0; });
    // The exact days of each value when some are given (the evolution's bars).
    const bool withPeriod
        = std::any_of(m_entries.cbegin(), m_entries.cend(), [](const ChartEntry &e) { return !e.period.isEmpty(); });
    QStringList headers{tr("Valeur")};
    if (withPeriod)
        headers << tr("Période");
    headers << m_countName << (withShare ? tr("% des\nmentions") : tr("Part (%)"));
    if (withShare)
        headers << tr("% des\naccompagnements");
    m_model->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    const auto figure = [](const QString &text) {
        auto *item = new QStandardItem(text);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    for (const ChartEntry &e : std::as_const(m_entries)) {
        QList<QStandardItem *> row{new QStandardItem(e.label)};
        if (withPeriod)
            row << new QStandardItem(e.period);
        row << figure(number(e.count, 0)) << figure(number(e.percent, 1));
        if (withShare)
            row << figure(e.accompagnementsPercent >= 0 ? number(e.accompagnementsPercent, 1) : QString());
        m_model->appendRow(row);
    }

    m_legend->clear();
    m_legend->setVisible(false);
    if (m_entries.isEmpty()) {
        m_stack->setCurrentWidget(m_computing ? m_busy : m_empty);
        return;
    }
    m_stack->setCurrentWidget(m_toggle->isChecked() ? static_cast<QWidget *>(m_table) : m_view);

    if (m_kind == Kind::Pie) {
        auto *series = new QPieSeries;
        const QList<QColor> colors = sliceColors(static_cast<int>(m_entries.size()));
        for (const ChartEntry &e : std::as_const(m_entries)) {
            QPieSlice *slice = series->append(tr("%1 (%2 %)").arg(e.label, number(e.percent, 1)), e.count);
            slice->setColor(colors.at(series->count() - 1));
            slice->setBorderColor(palette().color(QPalette::Base)); // a thin line between neighbours
            slice->setBorderWidth(1.5);
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
        QStringList lines;
        for (int i = 0; i < m_entries.size(); ++i)
            lines.append(QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2")
                             .arg(colors.at(i).name(), series->slices().at(i)->label().toHtmlEscaped()));
        m_legend->setText(lines.join(QStringLiteral("<br>")));
        m_legend->setVisible(!m_toggle->isChecked());
        return;
    }

    // Bars. Horizontal bars read from the top: the first entry goes last in the series (Qt draws upwards).
    // Vertical bars whose labels would not wrap under them in a narrow card are drawn horizontally (8 age bands).
    m_horizontal = m_kind == Kind::HorizontalBars;
    if (m_kind == Kind::VerticalBars) {
        const QFontMetricsF metrics(font());
        const double room = metrics.averageCharWidth() * 40 / static_cast<double>(m_entries.size()) - 8;
        for (const ChartEntry &e : std::as_const(m_entries)) {
            for (const QString &word : e.label.split(QLatin1Char(' ')))
                m_horizontal = m_horizontal || metrics.horizontalAdvance(word) > room;
        }
    }
    const bool horizontal = m_horizontal;
    QList<ChartEntry> ordered = m_entries;
    if (horizontal)
        std::reverse(ordered.begin(), ordered.end());
    auto *set = new QBarSet(m_countName);
    set->setColor(palette().color(QPalette::Highlight));
    double max = 0;
    for (const ChartEntry &e : std::as_const(ordered)) {
        set->append(e.count);
        m_labels.append(e.label);
        max = std::max(max, e.count);
    }
    QAbstractBarSeries *series = horizontal ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries)
                                            : static_cast<QAbstractBarSeries *>(new QBarSeries);
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(15); // whole counts, never "2,5e+04"
    set->setLabelColor(palette().color(QPalette::WindowText));
    m_chart->addSeries(series);

    m_categoryAxis = new QBarCategoryAxis;
    m_categoryAxis->append(m_labels);
    m_categoryAxis->setLabelsColor(palette().color(QPalette::WindowText));
    m_categoryAxis->setTruncateLabels(false); // French labels whole: the chart gives them the room
    QBarCategoryAxis *categoryAxis = m_categoryAxis;
    // Whole numbers on a few round ticks; horizontal bars' value labels, beside the bars, need more room.
    const Scale scale = integerScale(max, horizontal ? 4 : 5, horizontal ? 0.25 : 0.15);
    auto *valueAxis = new QValueAxis;
    valueAxis->setRange(0, static_cast<double>(scale.top));
    valueAxis->setTickCount(static_cast<int>(scale.top / scale.step) + 1);
    valueAxis->setMinorTickCount(0);
    valueAxis->setLabelFormat(QStringLiteral("%.0f")); // localised: "10 000"
    valueAxis->setLabelsColor(palette().color(QPalette::WindowText));
    m_chart->addAxis(categoryAxis, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    m_chart->addAxis(valueAxis, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    series->attachAxis(valueAxis);
    if (horizontal)
        m_view->setMinimumHeight(std::max(220, 28 * static_cast<int>(ordered.size()) + 60));
    fitCategoryLabels();

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
    m_legend->setVisible(!table && !m_legend->text().isEmpty());
}

void ChartCard::fitCategoryLabels() const
{
    if (m_horizontal || !m_categoryAxis || m_labels.isEmpty() || m_fitting)
        return;
    const double plotWidth = m_chart->plotArea().width();
    if (plotWidth <= 0)
        return;
    const QFontMetricsF metrics(m_categoryAxis->labelsFont());
    const double column = plotWidth / static_cast<double>(m_labels.size()) - 6; // the axis' padding on both sides
    // Each label wrapped to its column; on a timeline whose words are still wider, one label every `every` bars,
    // wrapped to that room, the last one that fits before the right edge labelled.
    double widest = 0;
    for (const QString &label : m_labels)
        wrapped(label, metrics, column, &widest);
    const int every = m_kind != Kind::Timeline
        ? 1
        : std::max(1, static_cast<int>(std::ceil((widest + 8) / std::max(1.0, column + 6))));
    // The bars' values above them while they fit their column (not on the thin bars of years of weeks).
    double max = 0;
    for (const ChartEntry &e : m_entries)
        max = std::max(max, e.count);
    if (auto *bars = qobject_cast<QAbstractBarSeries *>(m_chart->series().value(0)))
        bars->setLabelsVisible(metrics.horizontalAdvance(number(max, 0)) <= column);
    const qsizetype count = m_labels.size();
    const double step = plotWidth / static_cast<double>(count);
    QStringList texts;
    QList<double> widths;
    for (const QString &label : m_labels) {
        double width = 0;
        texts.append(wrapped(label, metrics, every > 1 ? column * every : column, &width));
        widths.append(width);
    }
    qsizetype anchor = count - 1;
    while (every > 1 && anchor > 0 && widths.at(anchor) / 2 + 2 > (static_cast<double>(count - anchor) - 0.5) * step)
        --anchor;
    QStringList categories;
    for (qsizetype i = 0; i < count; ++i) {
        const bool shown = every == 1
            || ((anchor - i) % every == 0 && i <= anchor
                && widths.at(i) / 2 + 2 <= (static_cast<double>(i) + 0.5) * step);
        categories.append(shown ? texts.at(i) : QString(i + 1, QChar(0x200B))); // unseen, unique as the axis wants
    }
    if (categories == m_categoryAxis->categories())
        return;
    m_fitting = true;
    m_categoryAxis->setCategories(categories);
    m_fitting = false;
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
    fitCategoryLabels(); // for the plot area of that size
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    if (m_chart->layout())
        m_chart->layout()->activate();
}

void ChartCard::paint(QPainter &painter, const QSize &size) const
{
    // A pie's legend (its slices' colours and labels, whole) on the right of the image, the chart on the rest.
    QStringList lines;
    QList<QColor> colors;
    if (auto *pie = qobject_cast<QPieSeries *>(m_chart->series().value(0))) {
        for (QPieSlice *slice : pie->slices()) {
            lines.append(slice->label());
            colors.append(slice->color());
        }
    }
    // The legend's font in pixels of the chart, so that it scales with the painter as the chart does (a point size
    // would be resolved again for the device: a PDF's 1200 dpi, an SVG's 72).
    QFont legendFont = font();
    if (legendFont.pointSizeF() > 0)
        legendFont.setPixelSize(
            std::max(1, static_cast<int>(std::lround(legendFont.pointSizeF() * logicalDpiY() / 72.0))));
    const QFontMetrics metrics(legendFont);
    const int swatch = metrics.height();
    int legendWidth = 0;
    for (const QString &line : std::as_const(lines))
        legendWidth = std::max(legendWidth, metrics.horizontalAdvance(line) + swatch + 24);
    legendWidth = std::min(legendWidth, size.width() / 2);
    const QSize chartSize(size.width() - legendWidth, size.height());
    layOutFor(chartSize);
    m_chart->scene()->render(
        &painter, QRectF(QPointF(0, 0), QSizeF(chartSize)), QRectF(QPointF(0, 0), QSizeF(chartSize)));
    const int lineHeight = swatch * 3 / 2;
    int y = (size.height() - lineHeight * static_cast<int>(lines.size())) / 2;
    painter.setFont(legendFont);
    for (int i = 0; i < lines.size(); ++i) {
        painter.fillRect(QRect(chartSize.width(), y + swatch / 4, swatch, swatch), colors.at(i));
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(chartSize.width() + swatch + 8, y, legendWidth - swatch - 8, lineHeight),
            Qt::AlignLeft | Qt::AlignVCenter, lines.at(i));
        y += lineHeight;
    }
    if (m_view->isVisible() && m_view->size() != chartSize)
        layOutFor(m_view->size()); // the chart on screen as it was
}

QImage ChartCard::image(const QSize &size) const
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    paint(painter, size);
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
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(m_title);
        svg.setDescription(tr("Graphique de Carnet"));
        QPainter painter(&svg);
        paint(painter, size);
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
        FrenchDialogs::warning(this, tr("Image non enregistrée"), error);
}
