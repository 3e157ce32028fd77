#include "ui/statistics/StatisticsView.h"

#include "models/communes/Departements.h"
#include "models/domain/Nomenclature.h"
#include "models/domain/PeriodPreset.h"
#include "models/io/ExportHeader.h"
#include "models/stats/Breakdowns.h"
#include "models/stats/StatsEngine.h"
#include "models/stats/StatsWorker.h"
#include "models/store/Store.h"
#include "models/text/Durations.h"
#include "models/text/FrenchText.h"
#include "ui/statistics/ChartCard.h"
#include "ui/widgets/ActivityFilterBar.h"
#include "ui/widgets/MultiValueCombo.h"

#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QSettings>
#include <QSqlDatabase>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>

namespace {
// The headline figures shown, in order: key, French name.
const QList<QPair<QString, const char *>> &headlineNames()
{
    static const QList<QPair<QString, const char *>> names = {
        {QStringLiteral("activites"), QT_TRANSLATE_NOOP("StatisticsView", "Activités")},
        {QStringLiteral("accompagnements"), QT_TRANSLATE_NOOP("StatisticsView", "Accompagnements")},
        {QStringLiteral("beneficiaires"), QT_TRANSLATE_NOOP("StatisticsView", "Bénéficiaires")},
        {QStringLiteral("nouveaux"), QT_TRANSLATE_NOOP("StatisticsView", "Nouveaux bénéficiaires")},
        {QStringLiteral("ateliers"), QT_TRANSLATE_NOOP("StatisticsView", "Ateliers")},
        {QStringLiteral("heures"), QT_TRANSLATE_NOOP("StatisticsView", "Heures passées")},
    };
    return names;
}

qint64 figure(const Headline &h, const QString &key)
{
    if (key == QLatin1String("activites"))
        return h.activites;
    if (key == QLatin1String("accompagnements"))
        return h.accompagnements;
    if (key == QLatin1String("beneficiaires"))
        return h.beneficiaires;
    if (key == QLatin1String("nouveaux"))
        return h.nouveaux;
    if (key == QLatin1String("ateliers"))
        return h.collectifs;
    return h.minutes;
}

QString dayText(const QDate &day)
{
    return day.toString(QStringLiteral("dd/MM/yyyy"));
}

// The days of a bar in words: "le 15/01/2026", "du 05/01/2026 au 11/01/2026".
QString periodText(const QDate &from, const QDate &to)
{
    if (from == to)
        return QCoreApplication::translate("StatisticsView", "le %1").arg(dayText(from));
    return QCoreApplication::translate("StatisticsView", "du %1 au %2").arg(dayText(from), dayText(to));
}

ChartCard::Kind kindOf(BreakdownSpec::Chart chart)
{
    switch (chart) {
    case BreakdownSpec::Chart::Pie:
        return ChartCard::Kind::Pie;
    case BreakdownSpec::Chart::VerticalBars:
        return ChartCard::Kind::VerticalBars;
    case BreakdownSpec::Chart::HorizontalBars:
        break;
    }
    return ChartCard::Kind::HorizontalBars;
}
} // namespace

StatisticsView::StatisticsView(Store &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
    , m_latestClick(std::make_shared<std::atomic<quint64>>(0))
{
    setObjectName(QStringLiteral("statisticsView"));
    auto *outer = new QVBoxLayout(this);
    buildFilterBar(outer);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *layout = new QVBoxLayout(content);
    buildHeadline(layout);
    buildCharts(layout);
    layout->addStretch();
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);
    // The period last chosen (computed when first shown: the main window calls refresh).
    const QSettings settings;
    const int saved = settings.value(QLatin1String(PeriodKey), int(PeriodPreset::Last12Months)).toInt();
    const QDate from = settings.value(QLatin1String(FromKey)).toDate();
    const QDate to = settings.value(QLatin1String(ToKey)).toDate();
    if (saved == PeriodPreset::Custom && from.isValid() && to.isValid())
        m_filterBar->setPeriod(PeriodPreset::Custom, from, to);
    else
        m_filterBar->setPreset(
            m_filterBar->offersPreset(saved) && saved != PeriodPreset::Custom ? saved : PeriodPreset::Last12Months);
}

void StatisticsView::rememberPeriod() const
{
    QSettings settings;
    settings.setValue(QLatin1String(PeriodKey), m_filterBar->preset());
    settings.setValue(QLatin1String(FromKey), m_filterBar->from());
    settings.setValue(QLatin1String(ToKey), m_filterBar->to());
}

StatisticsView::~StatisticsView()
{
    m_latest->fetch_add(1); // cancels what runs
    m_latestClick->fetch_add(1);
    for (QThread *worker : std::as_const(m_workers)) {
        worker->wait();
        delete worker;
    }
}

void StatisticsView::buildFilterBar(QVBoxLayout *layout)
{
    // Rows (the period, then the filters), so that the view fits a 1366-pixel screen beside the navigation.
    ActivityFilterBar::Options options;
    options.periodName = QStringLiteral("statsPeriod");
    options.fromName = QStringLiteral("statsFrom");
    options.toName = QStringLiteral("statsTo");
    options.typeName = QStringLiteral("statsType");
    options.placeName = QStringLiteral("statsLieu");
    options.thematiqueName = QStringLiteral("statsThematique");
    options.typeLabel = tr("&Type :");
    options.compact = true;
    options.onlyUserChoices = true;
    options.sinceStart = true;
    m_filterBar = new ActivityFilterBar(m_store, options, this);
    m_filterBar->setObjectName(QStringLiteral("statsFilterBar"));
    const auto label = [this](const QString &text, QWidget *buddy) {
        m_filterBar->addField(text, buddy);
        if (auto *combo = qobject_cast<QComboBox *>(buddy)) {
            combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            combo->setMinimumContentsLength(16);
        }
    };
    m_compare = new QComboBox(this);
    m_compare->setObjectName(QStringLiteral("statsCompare"));
    m_compare->setAccessibleName(tr("Comparer à"));
    m_compare->addItem(tr("la période précédente"), static_cast<int>(Comparison::PreviousPeriod));
    m_compare->addItem(tr("la même période un an avant"), static_cast<int>(Comparison::YearBefore));
    m_compare->setToolTip(tr("Les chiffres clés sont comparés à la période de même durée juste avant, "
                             "ou aux mêmes dates un an plus tôt."));
    if (QSettings().value(QLatin1String(ComparisonKey)).toString() == QLatin1String("annee"))
        m_compare->setCurrentIndex(m_compare->findData(static_cast<int>(Comparison::YearBefore)));
    label(tr("C&omparer à :"), m_compare);
    m_compare->setSizeAdjustPolicy(QComboBox::AdjustToContents); // its two choices whole
    setTabOrder(m_filterBar->toEdit(), m_compare);
    setTabOrder(m_compare, m_filterBar->typeCombo());

    // Départements, communes and tags: the ones the period holds, filled from each result computed without them.
    m_departement = new MultiValueCombo(tr("Tous les départements"), tr("département"), tr("départements"), this);
    m_departement->setObjectName(QStringLiteral("statsDepartement"));
    m_departement->setAccessibleName(tr("Département"));
    label(tr("Dépa&rtement :"), m_departement);
    m_commune = new MultiValueCombo(tr("Toutes les communes"), tr("commune"), tr("communes"), this);
    m_commune->setObjectName(QStringLiteral("statsCommune"));
    m_commune->setAccessibleName(tr("Commune"));
    label(tr("&Commune :"), m_commune);
    m_tag = new MultiValueCombo(tr("Toutes les étiquettes"), tr("étiquette"), tr("étiquettes"), this);
    m_tag->setObjectName(QStringLiteral("statsTag"));
    m_tag->setAccessibleName(tr("Étiquette"));
    label(tr("Éti&quette :"), m_tag);
    // Where the activities come from: a fixed list, as the platform's "source" filter.
    m_source = new MultiValueCombo(tr("Toutes les origines"), tr("origine"), tr("origines"), this);
    m_source->setObjectName(QStringLiteral("statsSource"));
    m_source->setAccessibleName(tr("Source"));
    for (const QString &code : ExportHeader::sourceCodes())
        m_source->addValue(ExportHeader::sourceLabel(code), code); // the same labels in the exports' filters
    label(tr("So&urce :"), m_source);
    layout->addWidget(m_filterBar);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statsStatus"));
    m_status->setWordWrap(true);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    auto *review = new QPushButton(tr("&Bilan PDF…"), this);
    review->setObjectName(QStringLiteral("statsReview"));
    review->setToolTip(tr("Le bilan d'activité de la période en PDF, pour votre structure ou vos financeurs"));
    connect(review, &QPushButton::clicked, this, &StatisticsView::reviewRequested);
    statusRow->addWidget(review);
    layout->addLayout(statusRow);

    const auto periodEdited = [this] {
        rememberPeriod();
        refresh();
    };
    connect(m_filterBar, &ActivityFilterBar::presetChosen, this, periodEdited);
    connect(m_filterBar, &ActivityFilterBar::datesEdited, this, periodEdited);
    connect(m_filterBar, &ActivityFilterBar::filterEdited, this, &StatisticsView::refresh);
    for (MultiValueCombo *combo : {m_departement, m_commune, m_tag, m_source})
        connect(combo, &MultiValueCombo::valuesEdited, this, &StatisticsView::refresh);
    connect(m_compare, &QComboBox::activated, this,
        [this](int index) { setComparison(static_cast<Comparison>(m_compare->itemData(index).toInt())); });
}

void StatisticsView::buildHeadline(QVBoxLayout *layout)
{
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(24);
    int column = 0;
    for (const auto &name : headlineNames()) {
        auto *title = new QLabel(tr(name.second), this);
        auto *value = new QLabel(this);
        value->setObjectName(QStringLiteral("figure_") + name.first);
        QFont big = value->font();
        big.setPointSizeF(big.pointSizeF() * 1.6);
        big.setBold(true);
        value->setFont(big);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *delta = new QLabel(this);
        delta->setObjectName(QStringLiteral("change_") + name.first);
        // Three figures a row, each a title, its value and its change.
        const int row = (column / 3) * 3;
        grid->addWidget(title, row, column % 3);
        grid->addWidget(value, row + 1, column % 3);
        grid->addWidget(delta, row + 2, column % 3);
        m_figures.insert(name.first, value);
        m_changes.insert(name.first, delta);
        ++column;
    }
    grid->setColumnStretch(3, 1);
    layout->addLayout(grid);
}

void StatisticsView::buildCharts(QVBoxLayout *layout)
{
    auto *evolutionBar = new QHBoxLayout;
    m_evolution
        = new ChartCard(tr("Évolution des accompagnements"), ChartCard::Kind::Timeline, tr("Accompagnements"), this);
    m_evolution->setObjectName(QStringLiteral("chart_evolution"));
    m_byDay = new QPushButton(tr("Par &jour"), this);
    m_byDay->setObjectName(QStringLiteral("evolutionByDay"));
    m_byDay->setCheckable(true);
    connect(m_byDay, &QPushButton::toggled, this, &StatisticsView::showEvolution);
    connect(m_evolution, &ChartCard::entryActivated, this,
        [this](const ChartEntry &entry) { requestActivities(QStringLiteral("evolution"), entry); });
    evolutionBar->addStretch();
    evolutionBar->addWidget(m_byDay);
    auto *exportButton = new QPushButton(tr("E&xporter…"), this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setToolTip(tr("Exporter les statistiques de la période et des filtres en CSV ou XLSX"));
    connect(exportButton, &QPushButton::clicked, this, &StatisticsView::exportRequested);
    evolutionBar->addWidget(exportButton);
    layout->addLayout(evolutionBar);
    layout->addWidget(m_evolution);

    m_evolution->setComputing(true); // until the first result: never "Aucune donnée" before it is known
    m_cardGrid = new QGridLayout;
    for (const BreakdownSpec &spec : Breakdowns::all()) {
        const QString key = spec.key;
        auto *card = new ChartCard(Breakdowns::title(key), kindOf(spec.chart), tr("Accompagnements"), this);
        card->setObjectName(QStringLiteral("chart_") + key);
        connect(card, &ChartCard::entryActivated, this,
            [this, key](const ChartEntry &entry) { requestActivities(key, entry); });
        card->setComputing(true);
        m_cards.insert(key, card);
        m_cardOrder.append(card);
    }
    placeCards();
    layout->addLayout(m_cardGrid);
}

void StatisticsView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeCards();
}

void StatisticsView::placeCards()
{
    // A card needs about 30 average characters for its labels beside their bars, and its buttons in a row.
    const int cardWidth = std::max(420, fontMetrics().averageCharWidth() * 60);
    const int columns = width() >= 2 * cardWidth + 60 ? 2 : 1;
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (ChartCard *card : std::as_const(m_cardOrder))
        m_cardGrid->removeWidget(card);
    for (int i = 0; i < m_cardOrder.size(); ++i)
        m_cardGrid->addWidget(m_cardOrder.at(i), i / columns, i % columns);
}

StatsFilter StatisticsView::filter() const
{
    StatsFilter f;
    f.from = m_filterBar->from();
    f.to = m_filterBar->to();
    f.types = m_filterBar->types();
    f.lieux = m_filterBar->places();
    f.thematiques = m_filterBar->thematiques();
    f.departements = m_departement->stringValues();
    f.communes = m_commune->stringValues();
    f.tags = m_tag->stringValues();
    f.sources = m_source->stringValues();
    f.compareYearBefore = comparison() == Comparison::YearBefore;
    return f;
}

void StatisticsView::offerFilterValues(const StatsResult &result)
{
    // The communes, tags and départements of the result, in the drop-downs that have none chosen (with a choice,
    // the list stays as it was, to choose more values).
    const auto offer = [&result](MultiValueCombo *combo, const QString &key) {
        if (!combo->values().isEmpty())
            return;
        combo->clearValues();
        if (const Breakdown *b = result.breakdown(key)) {
            for (const BreakdownItem &item : b->items) {
                if (item.count > 0 && item.code != QLatin1String(Codes::NonCommunique))
                    combo->addValue(item.label, item.code);
            }
        }
    };
    offer(m_commune, QStringLiteral("communes"));
    offer(m_tag, QStringLiteral("tags"));
    if (m_departement->values().isEmpty() && m_commune->values().isEmpty()) {
        // The départements of the communes on offer, by code.
        QStringList codes;
        if (const Breakdown *b = result.breakdown(QStringLiteral("communes"))) {
            for (const BreakdownItem &item : b->items) {
                if (item.count > 0 && item.code != QLatin1String(Codes::NonCommunique))
                    codes << Departements::ofCommune(item.code);
            }
        }
        codes.removeAll(QString());
        codes.removeDuplicates();
        codes.sort();
        m_departement->clearValues();
        for (const QString &code : std::as_const(codes))
            m_departement->addValue(Departements::label(code), code);
    }
}

StatisticsView::Comparison StatisticsView::comparison() const
{
    return static_cast<Comparison>(m_compare->currentData().toInt());
}

void StatisticsView::setComparison(Comparison comparison)
{
    QSettings().setValue(QLatin1String(ComparisonKey),
        comparison == Comparison::YearBefore ? QStringLiteral("annee") : QStringLiteral("precedente"));
    m_compare->setCurrentIndex(m_compare->findData(static_cast<int>(comparison))); // when not chosen in the combo
    refresh();
}

void StatisticsView::setPreset(int kind)
{
    m_filterBar->setPreset(kind);
    rememberPeriod();
    refresh();
}

void StatisticsView::refresh()
{
    m_filterBar->reloadPlaces(); // the places may have changed since the last time
    m_filterBar->updatePresetDays(); // so may today and the first activity ("Depuis le début")

    const StatsFilter f = filter();
    if (f.from > f.to) {
        m_status->setText(tr("La date de début est après la date de fin."));
        return;
    }
    m_status->setText(tr("Calcul en cours…"));
    m_evolution->setComputing(true);
    for (ChartCard *card : std::as_const(m_cardOrder))
        card->setComputing(true);
    const quint64 generation = m_latest->fetch_add(1) + 1;
    const QDate today = m_store.clock().today();
    const std::shared_ptr<std::atomic<quint64>> latest = m_latest;
    startWorker([this, today, f, generation, latest](const QSqlDatabase &db, const QString &error) {
        StatsResult result;
        result.error = error;
        if (error.isEmpty())
            result = StatsEngine::compute(db, f, today, [latest, generation] { return latest->load() != generation; });
        QMetaObject::invokeMethod(
            this, [this, generation, f, result] { display(generation, f, result); }, Qt::QueuedConnection);
    });
}

void StatisticsView::startWorker(StatsWorker::Work work)
{
    QThread *worker = StatsWorker::create(m_store.filePath(), std::move(work));
    m_workers.append(worker);
    connect(worker, &QThread::finished, this, [this, worker] {
        m_workers.removeOne(worker);
        worker->deleteLater();
    });
    worker->start();
}

int StatisticsView::chartKind(const QString &key)
{
    const BreakdownSpec *spec = Breakdowns::find(key);
    return static_cast<int>(spec ? kindOf(spec->chart) : ChartCard::Kind::HorizontalBars);
}

QString StatisticsView::changeText(qint64 now, qint64 before, bool minutesAsHours, bool yearBefore)
{
    const QString previous = minutesAsHours ? Durations::total(before) : FrenchText::number(before);
    // Against the period named in the status line: an arrow and a sign, not colour alone; the figure compared with
    // says which ("avant": the previous period, "l'an dernier": the same dates one year before).
    const QString then = yearBefore ? tr("%1 l'an dernier").arg(previous) : tr("%1 avant").arg(previous);
    const std::optional<double> percent = FrenchText::percentChange(now, before);
    if (!percent)
        return now == 0 ? tr("= (%1)").arg(then) : tr("▲ (%1)").arg(then);
    const QString arrow
        = now > before ? QStringLiteral("▲ +") : (now < before ? QStringLiteral("▼ ") : QStringLiteral("= "));
    return tr("%1%2 % (%3)").arg(arrow, FrenchText::decimal(*percent, 1), then);
}

void StatisticsView::display(quint64 generation, const StatsFilter &filter, const StatsResult &result)
{
    if (generation != m_latest->load() || result.cancelled)
        return; // a newer request is on its way
    if (!result.error.isEmpty()) {
        m_status->setText(result.error);
        m_evolution->setComputing(false);
        for (ChartCard *card : std::as_const(m_cardOrder))
            card->setComputing(false);
        return;
    }
    m_result = result;
    m_shownFilter = filter;
    const Headline &h = result.headline;
    const bool yearBefore = result.yearBefore.has_value();
    const Headline &compared = yearBefore ? *result.yearBefore : result.previous;
    const QString format = QStringLiteral("dd/MM/yyyy");
    m_status->setText((yearBefore ? tr("Du %1 au %2. Évolution par rapport à la même période un an avant, du %3 au %4.")
                                  : tr("Du %1 au %2. Évolution par rapport à la période précédente, du %3 au %4."))
                          .arg(h.from.toString(format), h.to.toString(format), compared.from.toString(format),
                              compared.to.toString(format)));
    m_resultStatus = m_status->text();
    for (const auto &name : headlineNames()) {
        const qint64 now = figure(h, name.first);
        const qint64 before = figure(compared, name.first);
        const bool isHours = name.first == QLatin1String("heures");
        m_figures.value(name.first)->setText(isHours ? Durations::total(now) : FrenchText::number(now));
        m_changes.value(name.first)->setText(changeText(now, before, isHours, yearBefore));
    }
    offerFilterValues(result);
    for (const Breakdown &b : result.breakdowns) {
        ChartCard *card = m_cards.value(b.key);
        if (!card)
            continue;
        card->setEntries(breakdownEntries(b));
    }
    showEvolution();
    emit resultShown();
}

QList<ChartEntry> StatisticsView::breakdownEntries(const Breakdown &b)
{
    const BreakdownSpec *spec = Breakdowns::find(b.key);
    QList<BreakdownItem> items = b.items; // in the breakdown's order (Breakdowns), as in the JSON
    if (spec && !spec->showsZeros)
        items.erase(std::remove_if(items.begin(), items.end(), [](const BreakdownItem &i) { return i.count == 0; }),
            items.end());
    QList<ChartEntry> entries;
    ChartEntry others{QString(), tr("Autres"), 0, 0};
    for (int i = 0; i < items.size(); ++i) {
        const BreakdownItem &item = items.at(i);
        if (spec && spec->top > 0 && i >= spec->top) {
            others.count += static_cast<double>(item.count);
            others.percent += item.percent;
            others.grouped.append(item.code); // what a click on "Autres" asks for
            continue;
        }
        entries.append(
            {item.code, item.label, static_cast<double>(item.count), item.percent, {}, item.accompagnementsPercent});
    }
    if (others.count > 0)
        entries.append(others);
    if (b.total == 0)
        entries.clear();
    return entries;
}

QList<ChartEntry> StatisticsView::evolutionEntries(const Series &series, const QDate &from, const QDate &to)
{
    // The days of a point inside the period (the first and last months are counted there only).
    const auto clipped = [&from, &to](const QDate &first, const QDate &last) {
        return std::make_pair(std::max(first, from), std::min(last, to));
    };
    struct Bar
    {
        QString label;
        QDate first; // the first day it counts
        QDate last; // the last day it counts
        QStringList codes;
        qint64 count = 0;
        QDate end = {}; // a group of days: the last day of its week or month
    };
    QList<Bar> bars;
    const bool months = series.key == QLatin1String("mois");
    const qsizetype n = series.points.size();
    // Days one by one, or grouped by week or by month when there are too many of them to read.
    enum class Group { None, Week, Month } group = Group::None;
    if (!months && n > DaysOneByOne)
        group = n > DaysByWeek ? Group::Month : Group::Week;
    static const QLocale fr(QLocale::French, QLocale::France);
    for (const SeriesPoint &p : series.points) {
        if (months || group == Group::None) {
            const QDate last = months ? p.start.addMonths(1).addDays(-1) : p.start;
            const auto [a, b] = clipped(p.start, last);
            bars.append({p.label, a, b, {p.key}, p.accompagnements});
            continue;
        }
        const QDate key = group == Group::Week ? p.start.addDays(1 - p.start.dayOfWeek())
                                               : QDate(p.start.year(), p.start.month(), 1);
        const QDate lastOfGroup = group == Group::Week ? key.addDays(6) : key.addMonths(1).addDays(-1);
        if (bars.isEmpty() || bars.constLast().end < p.start) {
            const QString label = group == Group::Week ? p.start.toString(QStringLiteral("dd/MM/yy"))
                                                       : fr.toString(p.start, QStringLiteral("MMM yyyy"));
            bars.append({label, p.start, p.start, {}, 0, lastOfGroup});
        }
        Bar &bar = bars.last();
        bar.codes.append(p.key);
        bar.count += p.accompagnements;
        bar.last = p.start;
    }
    qint64 total = 0;
    for (const Bar &bar : std::as_const(bars))
        total += bar.count;
    QList<ChartEntry> entries;
    for (const Bar &bar : std::as_const(bars)) {
        ChartEntry e{QString(), bar.label, static_cast<double>(bar.count), proportion(bar.count, total)};
        if (bar.codes.size() == 1 && group == Group::None)
            e.code = bar.codes.constFirst();
        else
            e.grouped = bar.codes;
        e.period = periodText(bar.first, bar.last);
        entries.append(e);
    }
    return entries;
}

void StatisticsView::showEvolution()
{
    const Series &series = m_byDay->isChecked() ? m_result.days : m_result.months;
    const qsizetype days = m_result.days.points.size();
    m_byDay->setText(days > DaysByWeek
            ? tr("Par &jour (groupés par mois)")
            : (days > DaysOneByOne ? tr("Par &jour (groupés par semaine)") : tr("Par &jour")));
    const QList<ChartEntry> entries = evolutionEntries(series, m_result.headline.from, m_result.headline.to);
    const bool any = std::any_of(entries.cbegin(), entries.cend(), [](const ChartEntry &e) { return e.count > 0; });
    m_evolution->setEntries(any ? entries : QList<ChartEntry>());
}

void StatisticsView::requestActivities(const QString &key, const ChartEntry &entry)
{
    // The activities behind a value of a chart, as the engine counts them for the result on screen: the period's
    // (or, for the evolution, the month's or the day's, which may lie before the period) under its filters.
    const QStringList codes = entry.codes();
    if (codes.isEmpty() || m_result.headline.from.isNull())
        return;
    ActivityFilter activities;
    activities.from = m_shownFilter.from;
    activities.to = m_shownFilter.to;
    QString engineKey = key;
    QString label = entry.label;
    if (key == QLatin1String("evolution")) {
        // A month "2026-01", a day "2026-01-15", or the days of a week (or of a month) grouped on screen.
        const bool month = codes.constFirst().size() == 7;
        const auto day = [month](const QString &code) {
            return QDate::fromString(month ? code + QStringLiteral("-01") : code, Qt::ISODate);
        };
        const QDate start = day(codes.constFirst());
        const QDate end = month ? day(codes.constLast()).addMonths(1).addDays(-1) : day(codes.constLast());
        if (!start.isValid() || !end.isValid())
            return;
        engineKey = month ? QStringLiteral("mois") : QStringLiteral("jours");
        // Its days inside the period (the engine counts the first and last months there only).
        activities.from = std::max(start, m_shownFilter.from);
        activities.to = std::min(end, m_shownFilter.to);
        if (codes.size() > 1 && !entry.period.isEmpty())
            label = entry.period; // a week's label is only its first day
        else if (!month)
            label = dayText(start); // a day's label has no year
    }
    const ChartCard *card = key == QLatin1String("evolution") ? m_evolution : m_cards.value(key);
    const QString selection = tr("%1 : %2").arg(card ? card->title() : Breakdowns::title(key), label);

    const quint64 generation = m_latestClick->fetch_add(1) + 1; // a newer click cancels this one's search
    const std::shared_ptr<std::atomic<quint64>> latest = m_latestClick;
    const StatsFilter filter = m_shownFilter;
    const QDate today = m_store.clock().today();
    m_searchStatus = tr("Recherche des activités de « %1 »…").arg(selection);
    m_status->setText(m_searchStatus);
    startWorker([this, filter, engineKey, codes, today, generation, latest, activities, selection](
                    const QSqlDatabase &db, const QString &error) {
        StatsActivities found;
        found.error = error;
        if (error.isEmpty())
            found = StatsEngine::activitiesBehind(
                db, filter, engineKey, codes, today, [latest, generation] { return latest->load() != generation; });
        if (found.cancelled)
            return;
        QMetaObject::invokeMethod(
            this,
            [this, generation, found, activities, selection] {
                activitiesFound(generation, found.ids, found.error, activities, selection);
            },
            Qt::QueuedConnection);
    });
}

void StatisticsView::activitiesFound(
    quint64 generation, const QList<QUuid> &ids, const QString &error, ActivityFilter filter, const QString &selection)
{
    if (generation != m_latestClick->load())
        return; // a newer click is on its way
    const bool searching = m_status->text() == m_searchStatus; // not since replaced by a new computation's
    if (!error.isEmpty()) {
        m_status->setText(error);
        return;
    }
    if (ids.isEmpty()) {
        // Never an empty set of ids: the list would read it as "no restriction".
        m_status->setText(tr("Aucune activité derrière « %1 ».").arg(selection));
        return;
    }
    if (searching)
        m_status->setText(m_resultStatus);
    filter.ids = ids;
    emit activitiesRequested(filter, selection);
}
