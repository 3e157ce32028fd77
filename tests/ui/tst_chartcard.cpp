#include "ui/statistics/ChartCard.h"

#include <QAbstractBarSeries>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QClipboard>
#include <QDir>
#include <QFile>
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
};

namespace {
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

QTEST_MAIN(TestChartCard)
#include "tst_chartcard.moc"
