#pragma once

#include <QColor>
#include <QFrame>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

class QBarCategoryAxis;
class QChart;
class QChartView;
class QLabel;
class QPainter;
class QPushButton;
class QStackedWidget;
class QStandardItemModel;
class QTableView;

// One value of a chart: its label, its count and its share (percent, already rounded so that a whole adds to 100).
struct ChartEntry
{
    QString code; // the nomenclature code or id behind the value (what a click filters on)
    QString label;
    double count = 0;
    double percent = 0;
    QStringList grouped = {}; // an entry standing for several values ("Autres"): their codes (code stays empty)
    double accompagnementsPercent = -1; // the share of accompagnements carrying it (multi-valued breakdowns), or -1
    QString period = {}; // the exact days behind it when the label is short ("du 05/01/2026 au 11/01/2026"), or empty

    // The codes behind the entry: its code, or the ones it groups; empty when it stands for nothing known.
    QStringList codes() const
    {
        if (!grouped.isEmpty())
            return grouped;
        return code.isEmpty() ? QStringList() : QStringList{code};
    }
};
Q_DECLARE_METATYPE(ChartEntry)

// A chart of the statistics dashboard with what every chart offers: a title, tooltips giving count and percentage,
// "Voir les données" (the same numbers as an accessible table), "Copier" and "Enregistrer l'image" (PNG or SVG).
// Clicking a bar or a slice, or activating a row of the data table (double click, Entrée), emits entryActivated with
// its entry (its codes: the one value, or all the values an "Autres" groups).
// Figures are French ("24 693"), axes count in whole numbers with a few round ticks, bars carry their value, slices
// take colours of distinct lightness (they read apart in grey), and vertical bars' labels wrap to their column or,
// when there are too many bars (an evolution over years), every Nth one is shown, the last one always.
class ChartCard : public QFrame
{
    Q_OBJECT

public:
    // VerticalBars: a few values whose labels wrap under their bar (drawn as horizontal bars when they cannot, in a
    // card of half a window); Timeline: vertical bars over time, as many as needed, every Nth labelled.
    enum class Kind { HorizontalBars, VerticalBars, Timeline, Pie };

    ChartCard(const QString &title, Kind kind, const QString &countName, QWidget *parent = nullptr);

    void setEntries(const QList<ChartEntry> &entries);
    const QList<ChartEntry> &entries() const { return m_entries; }
    QString title() const { return m_title; }

    bool isShowingData() const;
    void setShowingData(bool table);

    // While figures are being computed: a card without entries says so instead of "Aucune donnée"; one with entries
    // keeps them on screen until setEntries().
    void setComputing(bool computing);
    bool isComputing() const { return m_computing; }

    // The value axis for counts up to max: steps of 1, 2 or 5 × 10^k, at most `intervals` of them, the top leaving
    // room past the longest bar for its value label (headroom: a fraction of max).
    struct Scale
    {
        qint64 top = 1;
        qint64 step = 1;
    };
    static Scale integerScale(double max, int intervals = 5, double headroom = 0.15);
    // Colours for `count` slices, from dark to light, each step clearly lighter than the one before.
    static QList<QColor> sliceColors(int count);

    // The chart drawn at a size (no animation), for the clipboard, the files and the PDF report.
    QImage image(const QSize &size) const;
    // The same drawing on any painter (an image, an SVG, a page of the PDF review), at size in the chart's pixels.
    void paint(QPainter &painter, const QSize &size) const;
    void copyToClipboard() const;
    // PNG or SVG by the file's suffix; false with a French message naming the file.
    bool saveImage(const QString &path, QString *error) const;

    QChart *chart() const { return m_chart; }
    QTableView *table() const { return m_table; }
    // A pie's legend on screen: every label whole, wrapped to the card (the images carry the chart's own legend).
    QLabel *legend() const { return m_legend; }
    bool drawsHorizontally() const { return m_horizontal; }
    // What hovering an entry says: count and percentage, and the share of accompagnements when given.
    QString tooltip(const ChartEntry &entry) const;

signals:
    void entryActivated(const ChartEntry &entry);

private:
    void rebuild();
    void layOutFor(const QSize &size) const;
    void fitCategoryLabels() const; // vertical bars: labels wrapped to their column, or every Nth one
    void askAndSave();

    QString m_title;
    Kind m_kind;
    QString m_countName;
    QList<ChartEntry> m_entries;
    QChart *m_chart = nullptr;
    QChartView *m_view = nullptr;
    QTableView *m_table = nullptr;
    QStandardItemModel *m_model = nullptr;
    QStackedWidget *m_stack = nullptr;
    QPushButton *m_toggle = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_busy = nullptr;
    QLabel *m_legend = nullptr;
    bool m_horizontal = false; // the bars drawn horizontally
    bool m_computing = false;
    QBarCategoryAxis *m_categoryAxis = nullptr; // the bars' labels (null for a pie)
    QStringList m_labels; // the entries' labels in the axis' order
    mutable bool m_fitting = false;
};
