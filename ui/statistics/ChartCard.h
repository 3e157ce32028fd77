#pragma once

#include <QFrame>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

class QChart;
class QChartView;
class QLabel;
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
class ChartCard : public QFrame
{
    Q_OBJECT

public:
    enum class Kind { HorizontalBars, VerticalBars, Pie };

    ChartCard(const QString &title, Kind kind, const QString &countName, QWidget *parent = nullptr);

    void setEntries(const QList<ChartEntry> &entries);
    const QList<ChartEntry> &entries() const { return m_entries; }
    QString title() const { return m_title; }

    bool isShowingData() const;
    void setShowingData(bool table);

    // The chart drawn at a size (no animation), for the clipboard, the files and the PDF report.
    QImage image(const QSize &size) const;
    void copyToClipboard() const;
    // PNG or SVG by the file's suffix; false with a French message naming the file.
    bool saveImage(const QString &path, QString *error) const;

    QChart *chart() const { return m_chart; }
    QTableView *table() const { return m_table; }
    // What hovering an entry says: count and percentage, and the share of accompagnements when given.
    QString tooltip(const ChartEntry &entry) const;

signals:
    void entryActivated(const ChartEntry &entry);

private:
    void rebuild();
    void layOutFor(const QSize &size) const;
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
};
