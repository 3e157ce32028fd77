#include "ui/statistics/ChartCard.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QPieSeries>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

class TestChartCard : public QObject
{
    Q_OBJECT

private slots:
    void dataTable_holdsTheSameNumbers();
    void clickOnABar_givesItsCode_topBarFirst();
    void pie_hasOneSlicePerEntry();
    void others_givesTheCodesItGroups_byClickAndByTheTable();
    void savesPngAndSvg_refusesOtherSuffixes();
    void copy_putsTheImageOnTheClipboard();
    void empty_saysSo();
    void shareOfAccompagnements_inTheTableAndTheTooltip();
    void integerScale_hasAFewRoundWholeSteps();
    void smallCounts_giveWholeDistinctTicks();
    void figures_areFrench_onTheAxisAndOnTheBars();
    void ageBands_everyLabelWhole_noneOverlapping();
    void manyBars_everyNthLabel_aRecentOneToo();
    void slices_readApartInGrey();
    void pieLegend_labelsWhole();
    void computing_saysSo_insteadOfNoData();
    void period_inTheTooltipAndTheTable();
    void narrowTable_everyHeaderWhole_noHorizontalScroll();
};

namespace {
// The texts the chart draws and shows (axis labels, bar values, legend), line breaks as spaces.
struct DrawnText
{
    QString text;
    QRectF rect;
};
QList<DrawnText> drawnTexts(const ChartCard &card)
{
    QList<DrawnText> texts;
    for (QGraphicsItem *item : card.chart()->scene()->items()) {
        auto *text = dynamic_cast<QGraphicsTextItem *>(item);
        if (!text || !text->isVisible() || text->toPlainText().trimmed().isEmpty())
            continue;
        QString plain = text->toPlainText();
        plain.replace(QChar::LineSeparator, QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
        plain.remove(QChar(0x200B));
        if (plain.trimmed().isEmpty())
            continue;
        texts.append({plain.trimmed(), text->sceneBoundingRect()});
    }
    return texts;
}

QStringList textsOf(const QList<DrawnText> &drawn)
{
    QStringList texts;
    for (const DrawnText &d : drawn)
        texts.append(d.text);
    return texts;
}

void showAt(ChartCard &card, const QSize &size)
{
    card.resize(size);
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    QCoreApplication::processEvents();
    QTest::qWait(50);
}

QList<ChartEntry> ageBands()
{
    const QStringList labels{QStringLiteral("Moins de 12 ans"), QStringLiteral("12-18 ans"),
        QStringLiteral("18-25 ans"), QStringLiteral("25-40 ans"), QStringLiteral("40-60 ans"),
        QStringLiteral("60-70 ans"), QStringLiteral("70 ans et plus"), QStringLiteral("Non communiqué")};
    QList<ChartEntry> entries;
    for (int i = 0; i < labels.size(); ++i)
        entries.append({QString::number(i), labels.at(i), 100.0 + 10 * i, 12.5});
    return entries;
}

QList<ChartEntry> thematiques()
{
    return {{QStringLiteral("navigation_sur_internet"), QStringLiteral("Navigation sur internet"), 60, 60.0},
        {QStringLiteral("email"), QStringLiteral("E-mail"), 30, 30.0},
        {QStringLiteral("sante"), QStringLiteral("Santé"), 10, 10.0}};
}
} // namespace

void TestChartCard::dataTable_holdsTheSameNumbers()
{
    ChartCard card(QStringLiteral("Thématiques"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    card.setEntries(thematiques());
    const QAbstractItemModel *model = card.table()->model();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Accompagnements"));
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Navigation sur internet"));
    QCOMPARE(model->index(0, 1).data().toString(), QStringLiteral("60"));
    QCOMPARE(model->index(2, 2).data().toString(), QStringLiteral("10,0"));
    QVERIFY(!card.isShowingData());
    auto *toggle = card.findChild<QPushButton *>(QStringLiteral("toggleData"));
    QVERIFY(toggle);
    toggle->click();
    QVERIFY(card.isShowingData());
    QCOMPARE(toggle->text(), QStringLiteral("Voir le graphique"));
    QVERIFY(!card.table()->accessibleName().isEmpty());
}

void TestChartCard::shareOfAccompagnements_inTheTableAndTheTooltip()
{
    ChartCard card(QStringLiteral("Thématiques"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    QList<ChartEntry> entries = thematiques();
    card.setEntries(entries);
    QCOMPARE(card.table()->model()->columnCount(), 3); // no share given: no column for it
    for (int i = 0; i < entries.size(); ++i)
        entries[i].accompagnementsPercent = 75.0 - 25.0 * i;
    card.setEntries(entries);
    const QAbstractItemModel *model = card.table()->model();
    QCOMPARE(model->columnCount(), 4);
    QCOMPARE(model->headerData(2, Qt::Horizontal).toString(), QStringLiteral("% des\nmentions"));
    QCOMPARE(model->headerData(3, Qt::Horizontal).toString(), QStringLiteral("% des\naccompagnements"));
    QCOMPARE(model->index(0, 3).data().toString(), QStringLiteral("75,0"));
    QCOMPARE(model->index(2, 3).data().toString(), QStringLiteral("25,0"));
    QVERIFY2(card.tooltip(entries.at(1)).endsWith(QStringLiteral("Présente dans 50,0 % des accompagnements")),
        qPrintable(card.tooltip(entries.at(1))));
    // The table as a card of the dashboard shows it (half of a 1366-pixel window): every header whole.
    card.resize(560, 360);
    card.setShowingData(true);
    card.show();
    QVERIFY(QTest::qWaitForWindowExposed(&card));
    const QHeaderView *header = card.table()->horizontalHeader();
    for (int column = 0; column < model->columnCount(); ++column) {
        const QStringList lines = model->headerData(column, Qt::Horizontal).toString().split(QLatin1Char('\n'));
        for (const QString &line : lines)
            QVERIFY2(header->sectionSize(column) >= header->fontMetrics().horizontalAdvance(line), qPrintable(line));
    }
    QVERIFY(QDir(QStringLiteral(CARNET_BINARY_DIR)).mkpath(QStringLiteral("screenshots")));
    QVERIFY(card.grab().save(QStringLiteral(CARNET_BINARY_DIR "/screenshots/graphique-thematiques-donnees.png")));
}

void TestChartCard::clickOnABar_givesItsCode_topBarFirst()
{
    ChartCard card(QStringLiteral("Thématiques"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    card.setEntries(thematiques());
    const QList<QAbstractSeries *> series = card.chart()->series();
    QCOMPARE(series.size(), 1);
    auto *bars = qobject_cast<QAbstractBarSeries *>(series.constFirst());
    QVERIFY(bars);
    QBarSet *set = bars->barSets().constFirst();
    QCOMPARE(set->count(), 3);
    // Horizontal bars are drawn upwards: the last value of the set is the top bar, the first entry.
    QCOMPARE(set->at(2), 60.0);
    QSignalSpy spy(&card, &ChartCard::entryActivated);
    emit set->clicked(2);
    emit set->clicked(0);
    QCOMPARE(spy.size(), 2);
    QCOMPARE(spy.at(0).at(0).value<ChartEntry>().code, QStringLiteral("navigation_sur_internet"));
    QCOMPARE(spy.at(0).at(0).value<ChartEntry>().codes(), QStringList{QStringLiteral("navigation_sur_internet")});
    QCOMPARE(spy.at(1).at(0).value<ChartEntry>().codes(), QStringList{QStringLiteral("sante")});
}

void TestChartCard::pie_hasOneSlicePerEntry()
{
    ChartCard card(QStringLiteral("Canaux"), ChartCard::Kind::Pie, QStringLiteral("Accompagnements"));
    card.setEntries(thematiques());
    auto *pie = qobject_cast<QPieSeries *>(card.chart()->series().constFirst());
    QVERIFY(pie);
    QCOMPARE(pie->count(), 3);
    QCOMPARE(pie->slices().at(1)->label(), QStringLiteral("E-mail (30,0 %)"));
    QSignalSpy spy(&card, &ChartCard::entryActivated);
    emit pie->slices().at(1)->clicked();
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).value<ChartEntry>().codes(), QStringList{QStringLiteral("email")});
    QCOMPARE(spy.at(0).at(0).value<ChartEntry>().label, QStringLiteral("E-mail"));
}

void TestChartCard::others_givesTheCodesItGroups_byClickAndByTheTable()
{
    ChartCard card(QStringLiteral("Communes"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    QList<ChartEntry> entries = thematiques();
    ChartEntry others{QString(), QStringLiteral("Autres"), 7, 7.0};
    others.grouped = {QStringLiteral("23096"), QStringLiteral("87085")};
    entries.append(others);
    card.setEntries(entries);
    auto *bars = qobject_cast<QAbstractBarSeries *>(card.chart()->series().constFirst());
    QVERIFY(bars);
    QSignalSpy spy(&card, &ChartCard::entryActivated);
    emit bars->barSets().constFirst()->clicked(0); // the bottom bar: the last entry
    QCOMPARE(spy.size(), 1);
    const auto entry = spy.at(0).at(0).value<ChartEntry>();
    QCOMPARE(entry.label, QStringLiteral("Autres"));
    QVERIFY(entry.code.isEmpty());
    QCOMPARE(entry.codes(), (QStringList{QStringLiteral("23096"), QStringLiteral("87085")}));

    // The data table's rows lead to the same entries (the keyboard's way).
    card.setShowingData(true);
    emit card.table()->activated(card.table()->model()->index(1, 0));
    QCOMPARE(spy.size(), 2);
    QCOMPARE(spy.at(1).at(0).value<ChartEntry>().codes(), QStringList{QStringLiteral("email")});
    emit card.table()->activated(card.table()->model()->index(3, 2));
    QCOMPARE(spy.at(2).at(0).value<ChartEntry>().codes().size(), 2);
    QVERIFY(!card.table()->accessibleDescription().isEmpty());
    // An entry that stands for nothing known has no codes.
    QVERIFY((ChartEntry{QString(), QStringLiteral("Autres"), 1, 1.0}).codes().isEmpty());
}

void TestChartCard::savesPngAndSvg_refusesOtherSuffixes()
{
    QTemporaryDir dir;
    ChartCard card(QStringLiteral("Thématiques"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    card.setEntries(thematiques());
    QString error;
    const QString png = dir.filePath(QStringLiteral("thematiques.png"));
    QVERIFY2(card.saveImage(png, &error), qPrintable(error));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(900, 500));
    // Drawn, not blank: the bars' colour is there (a card never shown still lays its chart out).
    const QRgb bar = card.palette().color(QPalette::Highlight).rgb();
    int barPixels = 0;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4)
            barPixels += image.pixel(x, y) == bar ? 1 : 0;
    }
    QVERIFY2(barPixels > 500, qPrintable(QString::number(barPixels)));
    const QString svg = dir.filePath(QStringLiteral("thematiques.svg"));
    QVERIFY2(card.saveImage(svg, &error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral("<svg")));
    QVERIFY(text.contains(QStringLiteral("Navigation sur internet")));
    // A long French label is drawn whole (kept for a look in the build folder).
    ChartCard longLabels(
        QStringLiteral("Thématiques"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    QList<ChartEntry> entries = thematiques();
    entries.append({QStringLiteral("aide_aux_demarches_administratives"),
        QStringLiteral("Aide aux démarches administratives"), 5, 5.0});
    longLabels.setEntries(entries);
    QVERIFY(QDir(QStringLiteral(CARNET_BINARY_DIR)).mkpath(QStringLiteral("screenshots")));
    QVERIFY2(longLabels.saveImage(QStringLiteral(CARNET_BINARY_DIR "/screenshots/graphique-thematiques.svg"), &error),
        qPrintable(error));
    QFile longFile(QStringLiteral(CARNET_BINARY_DIR "/screenshots/graphique-thematiques.svg"));
    QVERIFY(longFile.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(longFile.readAll()).contains(QStringLiteral("Aide aux démarches administratives")));
    QVERIFY2(longLabels.saveImage(QStringLiteral(CARNET_BINARY_DIR "/screenshots/graphique-thematiques.png"), &error),
        qPrintable(error));

    QVERIFY(!card.saveImage(dir.filePath(QStringLiteral("thematiques.jpg")), &error));
    QVERIFY2(error.contains(QStringLiteral(".png ou .svg")), qPrintable(error));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("thematiques.jpg"))));
    QVERIFY(!card.saveImage(QStringLiteral("/proc/carnet/impossible.png"), &error));
    QVERIFY2(error.contains(QStringLiteral("/proc/carnet/impossible.png")), qPrintable(error));
}

void TestChartCard::copy_putsTheImageOnTheClipboard()
{
    ChartCard card(QStringLiteral("Durées"), ChartCard::Kind::VerticalBars, QStringLiteral("Accompagnements"));
    card.setEntries(thematiques());
    QApplication::clipboard()->clear();
    card.copyToClipboard();
    QCOMPARE(QApplication::clipboard()->image().size(), QSize(900, 500));
}

void TestChartCard::empty_saysSo()
{
    ChartCard card(QStringLiteral("Matériel"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    card.setEntries({});
    card.show();
    const QList<QLabel *> labels = card.findChildren<QLabel *>();
    bool said = false;
    for (const QLabel *label : labels)
        said = said || (label->isVisible() && label->text() == QStringLiteral("Aucune donnée sur cette période."));
    QVERIFY(said);
}

void TestChartCard::integerScale_hasAFewRoundWholeSteps()
{
    const auto check = [](double max, qint64 top, qint64 step) {
        const ChartCard::Scale scale = ChartCard::integerScale(max);
        QVERIFY2(scale.top == top && scale.step == step,
            qPrintable(QStringLiteral("%1: %2 by %3").arg(max).arg(scale.top).arg(scale.step)));
    };
    check(0, 1, 1);
    check(1, 2, 1);
    check(3, 4, 1);
    check(7, 10, 2);
    check(24693, 30000, 10000);
    check(1234567, 1500000, 500000);
    for (const double max : {1.0, 2.0, 9.0, 11.0, 99.0, 480.0, 24693.0, 102201.0}) {
        const ChartCard::Scale scale = ChartCard::integerScale(max);
        QVERIFY(scale.top >= max * 1.15);
        QCOMPARE(scale.top % scale.step, 0);
        QVERIFY(scale.top / scale.step <= 5);
    }
}

void TestChartCard::smallCounts_giveWholeDistinctTicks()
{
    ChartCard card(QStringLiteral("Durées"), ChartCard::Kind::VerticalBars, QStringLiteral("Accompagnements"));
    card.setEntries({{QStringLiteral("30"), QStringLiteral("Moins de 30 min"), 1, 50.0},
        {QStringLiteral("60"), QStringLiteral("30 min à 1 h"), 0, 0.0},
        {QStringLiteral("120"), QStringLiteral("1 h à 2 h"), 1, 50.0}});
    showAt(card, QSize(560, 360));
    auto *axis = qobject_cast<QValueAxis *>(card.chart()->axes(Qt::Vertical).constFirst());
    QVERIFY(axis);
    QCOMPARE(axis->min(), 0.0);
    QCOMPARE(axis->max(), 2.0);
    QCOMPARE(axis->tickCount(), 3); // 0, 1, 2: each a whole number, once
    QStringList numbers;
    for (const DrawnText &d : drawnTexts(card)) {
        bool isNumber = false;
        d.text.toInt(&isNumber);
        if (isNumber)
            numbers.append(d.text);
    }
    // The axis' 0, 1, 2 and the two bars' values "1": never "0 0 1 1".
    numbers.sort();
    QCOMPARE(numbers,
        (QStringList{
            QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("2")}));
}

void TestChartCard::figures_areFrench_onTheAxisAndOnTheBars()
{
    ChartCard card(QStringLiteral("Lieux"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    card.setEntries({{QStringLiteral("a"), QStringLiteral("Médiathèque"), 24693, 70.0},
        {QStringLiteral("b"), QStringLiteral("Mairie"), 10000, 28.5},
        {QStringLiteral("c"), QStringLiteral("France services"), 512, 1.5}});
    showAt(card, QSize(560, 360));
    const QList<DrawnText> drawn = drawnTexts(card);
    // Qt Charts draws its labels as HTML, which turns the narrow no-break space of French figures into a space.
    QStringList texts;
    for (QString text : textsOf(drawn))
        texts.append(text.replace(QChar(0x202F), QLatin1Char(' ')));
    const QString thin = QStringLiteral(" ");
    // The bars' values, as the figures print them.
    QVERIFY2(texts.contains(QStringLiteral("24") + thin + QStringLiteral("693")), qPrintable(texts.join(" | ")));
    QVERIFY2(texts.contains(QStringLiteral("512")), qPrintable(texts.join(" | ")));
    // The axis: 0, 10 000, 20 000, 30 000.
    const QStringList ticks{QStringLiteral("0"), QStringLiteral("10") + thin + QStringLiteral("000"),
        QStringLiteral("20") + thin + QStringLiteral("000"), QStringLiteral("30") + thin + QStringLiteral("000")};
    for (const QString &tick : ticks)
        QVERIFY2(texts.contains(tick), qPrintable(tick + QStringLiteral(" in ") + texts.join(" | ")));
    for (const QString &text : texts)
        QVERIFY2(!text.contains(QStringLiteral("24693")) && !text.contains(QStringLiteral("10000"))
                && !text.contains(QLatin1Char(',')),
            qPrintable(text));
    // Every text inside the chart: the longest bar's value is not cut at the right edge.
    const QRectF area(QPointF(0, 0), card.chart()->size());
    for (const DrawnText &d : drawn)
        QVERIFY2(area.contains(d.rect), qPrintable(d.text));
}

void TestChartCard::ageBands_everyLabelWhole_noneOverlapping()
{
    // Half of a 1366-pixel window, and less.
    for (const int width : {560, 440}) {
        ChartCard card(
            QStringLiteral("Tranches d'âge"), ChartCard::Kind::VerticalBars, QStringLiteral("Accompagnements"));
        card.setEntries(ageBands());
        showAt(card, QSize(width, 360));
        QVERIFY(card.drawsHorizontally()); // eight labels cannot stand under their bars in half a window
        const QList<DrawnText> drawn = drawnTexts(card);
        QList<DrawnText> labels;
        for (const ChartEntry &e : ageBands()) {
            bool found = false;
            for (const DrawnText &d : drawn) {
                if (d.text == e.label) {
                    labels.append(d);
                    found = true;
                }
            }
            QVERIFY2(found,
                qPrintable(QStringLiteral("%1 at %2: %3").arg(e.label).arg(width).arg(textsOf(drawn).join(" | "))));
        }
        for (int i = 0; i < labels.size(); ++i) {
            for (int j = i + 1; j < labels.size(); ++j)
                QVERIFY2(!labels.at(i).rect.intersects(labels.at(j).rect),
                    qPrintable(labels.at(i).text + QStringLiteral(" / ") + labels.at(j).text));
        }
        if (width == 560) {
            QVERIFY(QDir(QStringLiteral(CARNET_BINARY_DIR)).mkpath(QStringLiteral("screenshots")));
            QVERIFY(card.grab().save(QStringLiteral(CARNET_BINARY_DIR "/screenshots/graphique-ages.png")));
        }
    }
}

void TestChartCard::manyBars_everyNthLabel_aRecentOneToo()
{
    // Ten years of months: 120 bars on the width of a window.
    QList<ChartEntry> entries;
    static const QLocale fr(QLocale::French, QLocale::France);
    for (int i = 0; i < 120; ++i) {
        const QDate month = QDate(2016, 12, 1).addMonths(i);
        entries.append({month.toString(QStringLiteral("yyyy-MM")), fr.toString(month, QStringLiteral("MMM yyyy")),
            static_cast<double>(10 + i % 7), 0.8});
    }
    ChartCard card(QStringLiteral("Évolution"), ChartCard::Kind::Timeline, QStringLiteral("Accompagnements"));
    card.setEntries(entries);
    showAt(card, QSize(1100, 360));
    QVERIFY(!card.drawsHorizontally());
    QList<DrawnText> labels;
    for (const DrawnText &d : drawnTexts(card)) {
        for (const ChartEntry &e : std::as_const(entries)) {
            if (d.text == e.label)
                labels.append(d);
        }
    }
    QVERIFY2(labels.size() >= 6 && labels.size() < 60, qPrintable(QString::number(labels.size())));
    // One of the last months is labelled (the latest one that fits before the edge).
    bool recent = false;
    for (qsizetype i = entries.size() - 12; i < entries.size(); ++i)
        recent = recent || textsOf(labels).contains(entries.at(i).label);
    QVERIFY2(recent, qPrintable(textsOf(labels).join(" | ")));
    for (int i = 0; i < labels.size(); ++i) {
        for (int j = i + 1; j < labels.size(); ++j)
            QVERIFY2(!labels.at(i).rect.intersects(labels.at(j).rect),
                qPrintable(labels.at(i).text + QStringLiteral(" / ") + labels.at(j).text));
    }
    // Every bar still answers its click and its table row.
    QCOMPARE(card.table()->model()->rowCount(), 120);
    QVERIFY(QDir(QStringLiteral(CARNET_BINARY_DIR)).mkpath(QStringLiteral("screenshots")));
    QVERIFY(card.grab().save(QStringLiteral(CARNET_BINARY_DIR "/screenshots/graphique-120-mois.png")));
}

void TestChartCard::slices_readApartInGrey()
{
    for (int n = 2; n <= 5; ++n) {
        ChartCard card(QStringLiteral("Canaux"), ChartCard::Kind::Pie, QStringLiteral("Accompagnements"));
        QList<ChartEntry> entries;
        for (int i = 0; i < n; ++i)
            entries.append({QString::number(i), QStringLiteral("Valeur %1").arg(i), 10.0, 100.0 / n});
        card.setEntries(entries);
        auto *pie = qobject_cast<QPieSeries *>(card.chart()->series().constFirst());
        QVERIFY(pie);
        QList<int> greys;
        for (QPieSlice *slice : pie->slices())
            greys.append(qGray(slice->color().rgb()));
        for (int i = 0; i < greys.size(); ++i) {
            for (int j = i + 1; j < greys.size(); ++j)
                QVERIFY2(std::abs(greys.at(i) - greys.at(j)) >= 25,
                    qPrintable(QStringLiteral("%1 slices: grey %2 and %3").arg(n).arg(greys.at(i)).arg(greys.at(j))));
        }
    }
}

void TestChartCard::pieLegend_labelsWhole()
{
    ChartCard card(QStringLiteral("Types d'activité"), ChartCard::Kind::Pie, QStringLiteral("Accompagnements"));
    card.setEntries({{QStringLiteral("individuel"), QStringLiteral("Accompagnements individuels"), 6234, 62.3},
        {QStringLiteral("collectif"), QStringLiteral("Participants aux ateliers collectifs"), 3766, 37.7}});
    const QStringList labels{QStringLiteral("Accompagnements individuels (62,3 %)"),
        QStringLiteral("Participants aux ateliers collectifs (37,7 %)")};
    for (const int width : {560, 440}) {
        showAt(card, QSize(width, 360));
        // Nothing the chart draws is cut ("Accompagnements indivi..."): on screen the legend is a label under it.
        for (const QString &text : textsOf(drawnTexts(card)))
            QVERIFY2(!text.endsWith(QStringLiteral("...")) && !text.endsWith(QStringLiteral("…")), qPrintable(text));
        QVERIFY(card.legend()->isVisible());
        for (const QString &label : labels)
            QVERIFY2(card.legend()->text().contains(label.toHtmlEscaped()), qPrintable(card.legend()->text()));
        QVERIFY(card.legend()->width() <= card.width());
        QVERIFY(card.legend()->heightForWidth(card.legend()->width()) <= card.legend()->height());
    }
    QVERIFY(QDir(QStringLiteral(CARNET_BINARY_DIR)).mkpath(QStringLiteral("screenshots")));
    QVERIFY(card.grab().save(QStringLiteral(CARNET_BINARY_DIR "/screenshots/graphique-types.png")));
    // An image stands alone: it carries the legend beside the pie, whole.
    QString error;
    const QString svg = QStringLiteral(CARNET_BINARY_DIR "/screenshots/graphique-types.svg");
    QVERIFY2(card.saveImage(svg, &error), qPrintable(error));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    for (const QString &label : labels)
        QVERIFY2(text.contains(label), qPrintable(label));
    QVERIFY(!card.chart()->legend()->isVisible()); // on screen, the label's
    card.setShowingData(true);
    QVERIFY(!card.legend()->isVisible());
}

void TestChartCard::computing_saysSo_insteadOfNoData()
{
    ChartCard card(QStringLiteral("Matériel"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    card.setComputing(true);
    card.show();
    const auto shown = [&card](const QString &text) {
        for (const QLabel *label : card.findChildren<QLabel *>()) {
            if (label->isVisible() && label->text() == text)
                return true;
        }
        return false;
    };
    QVERIFY(shown(QStringLiteral("Calcul en cours…")));
    QVERIFY(!shown(QStringLiteral("Aucune donnée sur cette période.")));
    // The figures came, and there are none: now it says so.
    card.setEntries({});
    QVERIFY(!card.isComputing());
    QVERIFY(shown(QStringLiteral("Aucune donnée sur cette période.")));
    // A new computation keeps the figures on screen until the new ones come.
    card.setEntries(thematiques());
    card.setComputing(true);
    QVERIFY(card.chart()->isVisible() || card.findChild<QWidget *>(QStringLiteral("chartView"))->isVisible());
    QVERIFY(!shown(QStringLiteral("Calcul en cours…")));
}

void TestChartCard::period_inTheTooltipAndTheTable()
{
    ChartCard card(QStringLiteral("Évolution"), ChartCard::Kind::VerticalBars, QStringLiteral("Accompagnements"));
    ChartEntry week{QString(), QStringLiteral("05/01/26"), 12, 40.0};
    week.grouped = {QStringLiteral("2026-01-05"), QStringLiteral("2026-01-06")};
    week.period = QStringLiteral("du 05/01/2026 au 11/01/2026");
    card.setEntries({week});
    QCOMPARE(card.tooltip(week), QStringLiteral("05/01/26 : 12 accompagnements (40,0 %)\nDu 05/01/2026 au 11/01/2026"));
    const QAbstractItemModel *model = card.table()->model();
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Période"));
    QCOMPARE(model->index(0, 1).data().toString(), QStringLiteral("du 05/01/2026 au 11/01/2026"));
    QCOMPARE(model->index(0, 2).data().toString(), QStringLiteral("12"));
}

void TestChartCard::narrowTable_everyHeaderWhole_noHorizontalScroll()
{
    // A card of a one-column dashboard at 150 % (or of a narrow window): the value's column gives way, not the figures.
    ChartCard card(QStringLiteral("Thématiques"), ChartCard::Kind::HorizontalBars, QStringLiteral("Accompagnements"));
    QList<ChartEntry> entries = thematiques();
    entries.append({QStringLiteral("aide_aux_demarches_administratives"),
        QStringLiteral("Aide aux démarches administratives (CAF, impôts, ANTS, France Travail)"), 5, 5.0});
    for (int i = 0; i < entries.size(); ++i)
        entries[i].accompagnementsPercent = 75.0 - 10.0 * i;
    card.setEntries(entries);
    card.setShowingData(true);
    showAt(card, QSize(420, 360));
    const QHeaderView *header = card.table()->horizontalHeader();
    const QAbstractItemModel *model = card.table()->model();
    int sum = 0;
    for (int column = 0; column < model->columnCount(); ++column) {
        sum += header->sectionSize(column);
        const QStringList lines = model->headerData(column, Qt::Horizontal).toString().split(QLatin1Char('\n'));
        for (const QString &line : lines)
            QVERIFY2(header->sectionSize(column) >= header->fontMetrics().horizontalAdvance(line), qPrintable(line));
    }
    QVERIFY2(sum <= card.table()->viewport()->width() + 1,
        qPrintable(QStringLiteral("%1 > %2").arg(sum).arg(card.table()->viewport()->width())));
}

QTEST_MAIN(TestChartCard)
#include "tst_chartcard.moc"
