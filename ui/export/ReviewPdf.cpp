#include "ui/export/ReviewPdf.h"

#include "models/communes/Departements.h"
#include "models/domain/Nomenclature.h"
#include "models/io/ExportHeader.h"
#include "models/stats/Breakdowns.h"
#include "models/text/Durations.h"
#include "models/text/FileErrors.h"
#include "models/text/FrenchText.h"
#include "ui/statistics/ChartCard.h"
#include "ui/statistics/StatisticsView.h"

#include <QAbstractSeries>
#include <QChart>
#include <QDir>
#include <QFontMetricsF>
#include <QIODevice>
#include <QLocale>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextLayout>

#include <algorithm>
#include <cmath>
#include <memory>

namespace {
const QString FontFamily = QStringLiteral("DejaVu Sans"); // installed with the build dependencies, embedded
constexpr int Resolution = 1200; // QPdfWriter's own; every length below is in millimetres or points
constexpr double ChartDpi = 96.0; // the charts lay themselves out in pixels of a 96 dpi screen

const QColor Ink(0x20, 0x20, 0x20);
const QColor Muted(0x5a, 0x5a, 0x5a);
const QColor Accent(0x1f, 0x3a, 0x60);
const QColor HeaderFill(0xdf, 0xe6, 0xee);
const QColor RowFill(0xf3, 0xf5, 0xf8);
const QColor Rule(0xb8, 0xc2, 0xcc);

QString day(const QDate &date)
{
    return date.toString(QStringLiteral("dd/MM/yyyy"));
}

QString percentText(double value)
{
    return FrenchText::decimal(value, 1);
}

// One table: its headers, the share of the width of each column and which are figures (right-aligned).
struct Table
{
    QStringList headers;
    QList<double> widths; // fractions of the content width
    QList<bool> figures;
    QList<QStringList> rows;
};

// A chart of the review with its table of values.
struct ChartPart
{
    QString title;
    std::shared_ptr<ChartCard> card; // null when there is nothing to draw
    Table table;
};

// The document's pages: a cursor going down the content area, new pages when a block does not fit, the footer of
// every page. Without a painter it only measures (the first pass, which counts the pages for "Page N sur M").
class Pages
{
public:
    Pages(QPdfWriter &writer, QPainter *painter, int total, const QString &footer)
        : m_writer(writer)
        , m_painter(painter)
        , m_total(total)
        , m_footer(footer)
    {
        m_top = mm(18);
        m_bottom = m_writer.height() - mm(22);
        m_left = mm(20);
        m_width = m_writer.width() - mm(40);
        m_y = m_top;
    }

    double mm(double millimetres) const { return millimetres * Resolution / 25.4; }
    double pt(double points) const { return points * Resolution / 72.0; }
    bool measuring() const { return m_painter == nullptr; }
    QPainter *painter() const { return m_painter; }
    int page() const { return m_page; }
    double left() const { return m_left; }
    double width() const { return m_width; }
    double y() const { return m_y; }
    double bottom() const { return m_bottom; }
    double top() const { return m_top; }
    void advance(double height) { m_y += height; }
    void moveTo(double y) { m_y = y; }
    bool atTop() const { return m_y <= m_top; }

    static QFont font(double points, bool bold = false)
    {
        QFont f(FontFamily);
        f.setPointSizeF(points);
        f.setBold(bold);
        // No ligatures ("fi" as one glyph): pdftotext, a search or a screen reader read the words as typed.
        f.setLetterSpacing(QFont::AbsoluteSpacing, 0.02);
        return f;
    }
    QFontMetricsF metrics(const QFont &f) const { return QFontMetricsF(f, &m_writer); }

    void newPage()
    {
        drawFooter();
        if (m_painter)
            m_writer.newPage();
        ++m_page;
        m_y = m_top;
    }
    // Room for height below the cursor, on a new page if need be.
    void ensure(double height)
    {
        if (m_y + height > m_bottom && !atTop())
            newPage();
    }
    void finish() { drawFooter(); }

    double textHeight(const QString &text, const QFont &f, double width) const
    {
        return metrics(f).boundingRect(QRectF(0, 0, width, 1e9), Qt::TextWordWrap, text).height();
    }
    void text(const QRectF &rect, int flags, const QString &text, const QFont &f, const QColor &color) const
    {
        if (!m_painter)
            return;
        m_painter->setFont(f);
        m_painter->setPen(color);
        m_painter->drawText(rect, flags, text);
    }

    // Paragraphs of text across the width, broken into lines, a page turned between two lines when need be.
    void paragraphs(const QString &body, const QFont &f, const QColor &color, double indent = 0)
    {
        const QStringList paragraphs = body.split(QLatin1Char('\n'));
        const double lineGap = metrics(f).height() * 0.25;
        for (const QString &paragraph : paragraphs) {
            if (paragraph.trimmed().isEmpty()) {
                m_y += metrics(f).height() * 0.6;
                continue;
            }
            QTextLayout layout(paragraph, f, &m_writer);
            QTextOption option;
            option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
            layout.setTextOption(option);
            layout.beginLayout();
            QList<QTextLine> lines;
            double y = 0;
            while (true) {
                QTextLine line = layout.createLine();
                if (!line.isValid())
                    break;
                line.setLineWidth(m_width - indent);
                line.setPosition(QPointF(0, y));
                y += line.height();
                lines.append(line);
            }
            layout.endLayout();
            for (const QTextLine &line : std::as_const(lines)) {
                ensure(line.height());
                if (m_painter) {
                    m_painter->setPen(color);
                    line.draw(m_painter, QPointF(m_left + indent, m_y - line.y()));
                }
                m_y += line.height();
            }
            m_y += lineGap;
        }
    }

    void heading(const QString &title)
    {
        const QFont f = font(17, true);
        const double height = metrics(f).height() * 1.2;
        ensure(height + mm(30)); // never a heading alone at the foot of a page
        text(QRectF(m_left, m_y, m_width, height), Qt::AlignLeft | Qt::AlignVCenter, title, f, Accent);
        m_y += height;
        if (m_painter) {
            m_painter->setPen(QPen(Accent, pt(1)));
            m_painter->drawLine(QPointF(m_left, m_y), QPointF(m_left + m_width, m_y));
        }
        m_y += mm(5);
    }

    // The table's rows under its header, the header repeated on every page the table runs over.
    void table(const Table &t)
    {
        const QFont headerFont = font(8.5, true);
        const QFont cellFont = font(8.5);
        const double pad = mm(1.4);
        QList<double> widths;
        for (double w : t.widths)
            widths.append(w * m_width);
        const auto rowHeight = [&](const QStringList &cells, const QFont &f) {
            double h = 0;
            for (int i = 0; i < cells.size(); ++i)
                h = std::max(h, textHeight(cells.at(i), f, widths.at(i) - 2 * pad));
            return h + 2 * pad;
        };
        const auto drawRow = [&](const QStringList &cells, const QFont &f, double h, const QColor &fill) {
            if (m_painter && fill.isValid())
                m_painter->fillRect(QRectF(m_left, m_y, m_width, h), fill);
            double x = m_left;
            for (int i = 0; i < cells.size(); ++i) {
                const int align = (t.figures.at(i) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter;
                text(QRectF(x + pad, m_y, widths.at(i) - 2 * pad, h), align | Qt::TextWordWrap, cells.at(i), f, Ink);
                x += widths.at(i);
            }
            if (m_painter) {
                m_painter->setPen(QPen(Rule, pt(0.4)));
                m_painter->drawLine(QPointF(m_left, m_y + h), QPointF(m_left + m_width, m_y + h));
            }
            m_y += h;
        };
        const double headerHeight = rowHeight(t.headers, headerFont);
        const double firstRow = t.rows.isEmpty() ? 0 : rowHeight(t.rows.constFirst(), cellFont);
        ensure(headerHeight + firstRow);
        drawRow(t.headers, headerFont, headerHeight, HeaderFill);
        int index = 0;
        for (const QStringList &row : t.rows) {
            const double h = rowHeight(row, cellFont);
            if (m_y + h > m_bottom) {
                newPage();
                drawRow(t.headers, headerFont, headerHeight, HeaderFill);
            }
            drawRow(row, cellFont, h, index % 2 == 1 ? RowFill : QColor());
            ++index;
        }
    }

private:
    void drawFooter()
    {
        if (!m_painter)
            return;
        const QFont f = font(8);
        const double y = m_writer.height() - mm(15);
        m_painter->setPen(QPen(Rule, pt(0.5)));
        m_painter->drawLine(QPointF(m_left, y), QPointF(m_left + m_width, y));
        const QRectF line(m_left, y + mm(1.5), m_width, metrics(f).height() * 1.2);
        text(line, Qt::AlignLeft | Qt::AlignTop, m_footer, f, Muted);
        text(line, Qt::AlignRight | Qt::AlignTop, ReviewPdf::tr("Page %1 sur %2").arg(m_page).arg(m_total), f, Muted);
    }

    QPdfWriter &m_writer;
    QPainter *m_painter;
    int m_total;
    QString m_footer;
    double m_top = 0;
    double m_bottom = 0;
    double m_left = 0;
    double m_width = 0;
    double m_y = 0;
    int m_page = 1;
};

QString mediatorName(const Profile &profile)
{
    return QStringList{profile.prenom.trimmed(), profile.nom.trimmed()}.join(QLatin1Char(' ')).trimmed();
}

QString roleLabel(const QString &role)
{
    if (role == QLatin1String(Profile::ConseillerNumerique))
        return ReviewPdf::tr("Conseiller numérique");
    if (role == QLatin1String(Profile::Mediateur))
        return ReviewPdf::tr("Médiateur numérique");
    return QString();
}

QString periodText(const QDate &from, const QDate &to)
{
    return ReviewPdf::tr("du %1 au %2").arg(day(from), day(to));
}

// The table of a breakdown: every value the view shows (zeros only where the view keeps them), each with its count,
// its share as the platform rounds it and, for a multi-valued breakdown, the share of accompagnements carrying it.
Table breakdownTable(const Breakdown &b, const BreakdownSpec *spec, const QString &countName)
{
    Table t;
    const bool multi = spec && spec->multiValued;
    t.headers = {ReviewPdf::tr("Valeur"), countName};
    t.headers << (multi ? ReviewPdf::tr("% des mentions") : ReviewPdf::tr("Part (%)"));
    if (multi)
        t.headers << ReviewPdf::tr("% des accompagnements");
    t.widths = multi ? QList<double>{0.45, 0.2, 0.15, 0.2} : QList<double>{0.6, 0.22, 0.18};
    t.figures = multi ? QList<bool>{false, true, true, true} : QList<bool>{false, true, true};
    for (const BreakdownItem &item : b.items) {
        if (item.count == 0 && !(spec && spec->showsZeros))
            continue;
        QStringList row{item.label, FrenchText::number(item.count), percentText(item.percent)};
        if (multi)
            row << (item.accompagnementsPercent >= 0 ? percentText(item.accompagnementsPercent) : QString());
        t.rows.append(row);
    }
    return t;
}

// The charts of the statistics view, in its order: the evolution by month, then every breakdown.
QList<ChartPart> chartParts(const StatsResult &result)
{
    QList<ChartPart> parts;
    const QString accompagnements = ReviewPdf::tr("Accompagnements");
    {
        ChartPart part;
        part.title = ReviewPdf::tr("Évolution des accompagnements");
        const QList<ChartEntry> entries
            = StatisticsView::evolutionEntries(result.months, result.headline.from, result.headline.to);
        const bool any = std::any_of(entries.cbegin(), entries.cend(), [](const ChartEntry &e) { return e.count > 0; });
        if (any) {
            part.card = std::make_shared<ChartCard>(part.title, ChartCard::Kind::Timeline, accompagnements);
            part.card->setEntries(entries);
        }
        part.table.headers
            = {ReviewPdf::tr("Mois"), ReviewPdf::tr("Période"), accompagnements, ReviewPdf::tr("Part (%)")};
        part.table.widths = {0.22, 0.38, 0.22, 0.18};
        part.table.figures = {false, false, true, true};
        for (const ChartEntry &e : entries)
            part.table.rows.append(
                {e.label, e.period, FrenchText::number(static_cast<qint64>(e.count)), percentText(e.percent)});
        if (!any)
            part.table.rows.clear();
        parts.append(std::move(part));
    }
    for (const Breakdown &b : result.breakdowns) {
        const BreakdownSpec *spec = Breakdowns::find(b.key);
        ChartPart part;
        part.title = Breakdowns::title(b.key);
        const QString countName
            = spec && spec->source == BreakdownSpec::Source::Public ? ReviewPdf::tr("Bénéficiaires") : accompagnements;
        const QList<ChartEntry> entries = StatisticsView::breakdownEntries(b);
        if (!entries.isEmpty()) {
            part.card = std::make_shared<ChartCard>(
                part.title, static_cast<ChartCard::Kind>(StatisticsView::chartKind(b.key)), countName);
            part.card->setEntries(entries);
            part.table = breakdownTable(b, spec, countName);
        }
        parts.append(std::move(part));
    }
    return parts;
}

// The chart's size in its own pixels (96 dpi) for the content's width.
QSize chartSize(const ChartCard &card, double contentWidth)
{
    const int width = static_cast<int>(contentWidth / Resolution * ChartDpi);
    const int bars = static_cast<int>(card.entries().size());
    ChartCard::Kind kind = ChartCard::Kind::VerticalBars;
    if (card.drawsHorizontally())
        kind = ChartCard::Kind::HorizontalBars;
    else if (!card.chart()->series().isEmpty()
        && card.chart()->series().constFirst()->type() == QAbstractSeries::SeriesTypePie)
        kind = ChartCard::Kind::Pie;
    switch (kind) {
    case ChartCard::Kind::HorizontalBars:
        return {width, std::max(150, 24 * bars + 70)};
    case ChartCard::Kind::Pie:
        return {width, std::max(220, 22 * bars + 40)};
    default:
        return {width, 270};
    }
}

struct Figure
{
    QString name;
    qint64 now;
    qint64 before;
    bool hours = false;
};

QList<Figure> figures(const Headline &h, const Headline &p)
{
    return {
        {ReviewPdf::tr("Activités"), h.activites, p.activites},
        {ReviewPdf::tr("Accompagnements"), h.accompagnements, p.accompagnements},
        {ReviewPdf::tr("Temps passé"), h.minutes, p.minutes, true},
        {ReviewPdf::tr("Bénéficiaires"), h.beneficiaires, p.beneficiaires},
        {ReviewPdf::tr("Bénéficiaires suivis"), h.suivis, p.suivis},
        {ReviewPdf::tr("Bénéficiaires anonymes"), h.anonymes, p.anonymes},
        {ReviewPdf::tr("Nouveaux bénéficiaires"), h.nouveaux, p.nouveaux},
        {ReviewPdf::tr("Accompagnements individuels"), h.individuels, p.individuels},
        {ReviewPdf::tr("Ateliers collectifs"), h.collectifs, p.collectifs},
    };
}

// What the figures mean, for a funder: the platform's counting rules (docs: domain.md, "Counting"; La Coop's
// mes-statistiques/_queries/getTotalCountsStats.ts, getActivitesStats.ts, getBeneficiaireStats.ts and
// allocatePercentages.ts; createBeneficiairesForParticipantsAnonymes.ts for the workshops' anonymous participants).
QList<QPair<QString, QString>> definitions()
{
    return {
        {ReviewPdf::tr("Activité"),
            ReviewPdf::tr("Un compte rendu d'activité (CRA) saisi par le médiateur : un accompagnement individuel ou "
                          "un atelier collectif. Un atelier compte pour une seule activité, quel que soit le nombre de "
                          "ses participants.")},
        {ReviewPdf::tr("Accompagnement"),
            ReviewPdf::tr("Une personne accompagnée au cours d'une activité. Un accompagnement individuel compte pour "
                          "un accompagnement ; un atelier compte autant d'accompagnements que de participants, "
                          "bénéficiaires suivis et participants anonymes réunis.")},
        {ReviewPdf::tr("Bénéficiaires suivis"),
            ReviewPdf::tr("Les personnes enregistrées par le médiateur pour suivre leur parcours. Chacune compte une "
                          "seule fois sur la période, même accompagnée plusieurs fois. Une personne dont la fiche a "
                          "été supprimée est rendue anonyme et compte encore une fois.")},
        {ReviewPdf::tr("Bénéficiaires anonymes"),
            ReviewPdf::tr("Chaque accompagnement sans bénéficiaire enregistré compte comme une personne : un "
                          "accompagnement individuel anonyme, et chaque participant anonyme d'un atelier. Le genre, la "
                          "tranche d'âge et le statut des participants anonymes d'un atelier sont répartis selon les "
                          "nombres saisis pour l'atelier ; ce qui n'a pas été saisi est « non communiqué ».")},
        {ReviewPdf::tr("Nouveaux bénéficiaires"),
            ReviewPdf::tr("Les personnes accompagnées pour la première fois. Pour un bénéficiaire suivi : son tout "
                          "premier accompagnement, toutes périodes confondues, lorsqu'il a lieu dans la période "
                          "(et répond aux filtres choisis). Pour un accompagnement anonyme : chaque personne qui n'a "
                          "pas été indiquée comme « déjà accompagnée » (sans réponse, elle compte comme nouvelle).")},
        {ReviewPdf::tr("Temps passé"),
            ReviewPdf::tr("La somme des durées des activités : le temps du médiateur. Un atelier compte une fois sa "
                          "durée, quel que soit le nombre de participants.")},
        {ReviewPdf::tr("Répartitions des accompagnements"),
            ReviewPdf::tr("Type d'activité, durée, canal, thématiques, matériel, étiquettes, lieux et communes : "
                          "chaque activité ajoute ses accompagnements à chacune de ses valeurs. Une activité qui porte "
                          "plusieurs thématiques compte dans chacune ; les pourcentages sont alors des parts de "
                          "l'ensemble des mentions, et la dernière colonne donne la part des accompagnements qui "
                          "portent la valeur (leur total dépasse 100 %).")},
        {ReviewPdf::tr("Répartitions des bénéficiaires"),
            ReviewPdf::tr("Genre, tranche d'âge, statut et commune de résidence comptent des personnes distinctes, "
                          "pas des accompagnements. La tranche d'âge est calculée à partir de l'année de naissance "
                          "lorsqu'elle est connue.")},
        {ReviewPdf::tr("Pourcentages"),
            ReviewPdf::tr("Arrondis au millième comme sur la plateforme nationale, puis affichés avec une décimale, "
                          "sans ajustement : leur somme peut s'écarter légèrement de 100 %.")},
        {ReviewPdf::tr("Évolution"),
            ReviewPdf::tr("Chaque chiffre clé est comparé à la période précédente de même durée (ou, si elle a été "
                          "choisie, à la même période un an avant).")},
    };
}
} // namespace

QList<ReviewPdf::Section> ReviewPdf::sections()
{
    return {Cover, Figures, Charts, Definitions, Programme};
}

QString ReviewPdf::sectionKey(Section section)
{
    switch (section) {
    case Cover:
        return QStringLiteral("couverture");
    case Figures:
        return QStringLiteral("chiffres");
    case Charts:
        return QStringLiteral("graphiques");
    case Definitions:
        return QStringLiteral("definitions");
    case Programme:
        return QStringLiteral("programme");
    }
    return QString();
}

QString ReviewPdf::sectionName(Section section)
{
    switch (section) {
    case Cover:
        return tr("Page de couverture");
    case Figures:
        return tr("Chiffres clés");
    case Charts:
        return tr("Graphiques et tableaux");
    case Definitions:
        return tr("Définitions");
    case Programme:
        return tr("Programme");
    }
    return QString();
}

QString ReviewPdf::fileName(const Profile &profile, const QDate &from, const QDate &to)
{
    QString name = FrenchText::folded(mediatorName(profile));
    name.replace(QLatin1Char(' '), QLatin1Char('-'));
    QStringList parts{QStringLiteral("carnet_bilan")};
    if (!name.isEmpty())
        parts << name;
    parts << from.toString(Qt::ISODate) << to.toString(Qt::ISODate);
    return parts.join(QLatin1Char('_')) + QStringLiteral(".pdf");
}

QString ReviewPdf::filterSummary(const StatsFilter &filter, const StatsResult &result)
{
    const Nomenclature &n = Nomenclature::instance();
    const auto labelIn = [&result](const QString &key, const QString &code) {
        if (const Breakdown *b = result.breakdown(key)) {
            if (const BreakdownItem *item = b->item(code))
                return item->label;
        }
        return code;
    };
    QStringList parts;
    const auto add = [&parts](const QString &name, const QStringList &values) {
        if (!values.isEmpty())
            parts << tr("%1 : %2").arg(name, values.join(QStringLiteral(", ")));
    };
    QStringList values;
    for (const QString &type : filter.types)
        values << n.label(Nomenclature::List::TypeActivite, type);
    add(tr("Type"), values);
    values.clear();
    for (const QUuid &id : filter.lieux)
        values << labelIn(QStringLiteral("lieux"), id.toString(QUuid::WithoutBraces));
    add(tr("Lieu"), values);
    values.clear();
    for (const QString &code : filter.departements)
        values << Departements::label(code);
    add(tr("Département"), values);
    values.clear();
    for (const QString &code : filter.communes)
        values << labelIn(QStringLiteral("communes"), code);
    add(tr("Commune"), values);
    values.clear();
    for (const QString &code : filter.thematiques)
        values << (n.contains(Nomenclature::List::ThematiqueMediation, code)
                ? n.label(Nomenclature::List::ThematiqueMediation, code)
                : n.label(Nomenclature::List::ThematiqueDemarche, code));
    add(tr("Thématique"), values);
    add(tr("Étiquette"), filter.tags);
    values.clear();
    for (const QString &code : filter.sources)
        values << ExportHeader::sourceLabel(code);
    add(tr("Source"), values);
    return parts.join(QStringLiteral(" ; "));
}

bool ReviewPdf::write(
    const Content &content, QIODevice *device, QString *error, const std::function<bool(int, int)> &progress)
{
    const StatsResult &result = content.result;
    const Headline &h = result.headline;
    const bool yearBefore = result.yearBefore.has_value();
    const Headline &compared = yearBefore ? *result.yearBefore : result.previous;
    const QString mediator = mediatorName(content.profile);
    const QString period = periodText(h.from, h.to);
    const bool withProgramme = content.sections.testFlag(Programme) && !content.programme.trimmed().isEmpty();

    if (!device->isOpen() && !device->open(QIODevice::WriteOnly)) {
        *error = tr("Impossible d'écrire le bilan PDF : %1").arg(device->errorString());
        return false;
    }
    QPdfWriter writer(device);
    writer.setResolution(Resolution);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(QPageLayout::Portrait);
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setCreator(QStringLiteral("Carnet"));
    writer.setTitle(mediator.isEmpty() ? tr("Bilan d'activité %1").arg(period)
                                       : tr("Bilan d'activité de %1 %2").arg(mediator, period));
    if (content.pdfA)
        writer.setPdfVersion(QPagedPaintDevice::PdfVersion_A1b);

    // The charts are built once; the first pass measures, the second paints with the number of pages known.
    QList<ChartPart> parts;
    if (content.sections.testFlag(Charts))
        parts = chartParts(result);
    const int steps = static_cast<int>(parts.size()) + 4;
    int done = 0;
    const auto step = [&] { return !progress || progress(++done, steps); };
    if (!step()) {
        *error = cancelledMessage();
        return false;
    }
    QString footer = QStringLiteral("Carnet");
    if (!mediator.isEmpty())
        footer += QStringLiteral(" · ") + mediator;
    footer += QStringLiteral(" · ") + tr("Bilan d'activité %1").arg(period);
    const QString filters = filterSummary(content.filter, result);

    QImage logo;
    if (!content.logo.isNull()) {
        // Flattened on white: PDF/A-1 has no transparency.
        logo = QImage(content.logo.size(), QImage::Format_RGB32);
        logo.fill(Qt::white);
        QPainter flatten(&logo);
        flatten.drawImage(0, 0, content.logo);
    }

    int total = 1;
    bool cancelled = false;
    for (int pass = 0; pass < 2 && !cancelled; ++pass) {
        QPainter painter;
        if (pass == 1 && !painter.begin(&writer)) {
            *error = tr("Impossible d'écrire le bilan PDF.");
            return false;
        }
        if (pass == 1)
            painter.setRenderHint(QPainter::Antialiasing);
        Pages pages(writer, pass == 1 ? &painter : nullptr, total, footer);
        bool pageUsed = false;
        const auto startSection = [&] {
            if (pageUsed)
                pages.newPage();
            pageUsed = true;
        };

        if (content.sections.testFlag(Cover)) {
            startSection();
            const double left = pages.left();
            const double width = pages.width();
            if (!logo.isNull() && !pages.measuring()) {
                const QSizeF box(pages.mm(60), pages.mm(30));
                QSizeF size = QSizeF(logo.size()).scaled(box, Qt::KeepAspectRatio);
                painter.drawImage(QRectF(QPointF(left, pages.top()), size), logo);
            }
            double y = pages.mm(85);
            const auto line = [&](const QString &text, const QFont &font, const QColor &color, double after) {
                if (text.isEmpty())
                    return;
                const double height = pages.textHeight(text, font, width);
                pages.text(QRectF(left, y, width, height), Qt::AlignLeft | Qt::TextWordWrap, text, font, color);
                y += height + after;
            };
            line(tr("Bilan d'activité"), Pages::font(30, true), Accent, pages.mm(4));
            line(tr("Période %1").arg(period), Pages::font(15), Ink, pages.mm(2));
            if (!filters.isEmpty())
                line(tr("Filtres : %1").arg(filters), Pages::font(10), Muted, 0);
            y += pages.mm(20);
            if (!pages.measuring()) {
                painter.setPen(QPen(Accent, pages.pt(1.5)));
                painter.drawLine(QPointF(left, y - pages.mm(8)), QPointF(left + pages.mm(40), y - pages.mm(8)));
            }
            line(mediator, Pages::font(15, true), Ink, pages.mm(1));
            line(roleLabel(content.profile.role), Pages::font(11), Muted, pages.mm(6));
            const Structure &s = content.profile.structure;
            line(s.nom, Pages::font(13, true), Ink, pages.mm(1));
            line(s.adresse, Pages::font(10), Muted, 0);
            line(QStringList{s.commune.codePostal, s.commune.nom}.join(QLatin1Char(' ')).trimmed(), Pages::font(10),
                Muted, 0);
            y = pages.bottom() - pages.mm(12);
            line(tr("Document établi le %1 avec Carnet, le carnet de bord des médiateurs numériques.")
                     .arg(day(content.documentDate)),
                Pages::font(9), Muted, 0);
        }

        if (content.sections.testFlag(Figures)) {
            startSection();
            pages.heading(tr("Chiffres clés"));
            pages.paragraphs((yearBefore ? tr("Du %1 au %2, comparés à la même période un an avant, du %3 au %4.")
                                         : tr("Du %1 au %2, comparés à la période précédente, du %3 au %4."))
                                 .arg(day(h.from), day(h.to), day(compared.from), day(compared.to)),
                Pages::font(10), Muted);
            pages.advance(pages.mm(3));
            const QList<Figure> list = figures(h, compared);
            const double gap = pages.mm(4);
            const double cellWidth = (pages.width() - 2 * gap) / 3;
            const QFont nameFont = Pages::font(9.5);
            const QFont valueFont = Pages::font(20, true);
            const QFont changeFont = Pages::font(8.5);
            const double pad = pages.mm(3);
            const double cellHeight = pages.metrics(nameFont).height() + pages.metrics(valueFont).height() * 1.15
                + pages.metrics(changeFont).height() * 2.2 + 2 * pad;
            for (int i = 0; i < list.size(); i += 3) {
                pages.ensure(cellHeight);
                for (int c = 0; c < 3 && i + c < list.size(); ++c) {
                    const Figure &f = list.at(i + c);
                    const QRectF cell(pages.left() + c * (cellWidth + gap), pages.y(), cellWidth, cellHeight);
                    if (!pages.measuring()) {
                        painter.setPen(QPen(Rule, pages.pt(0.6)));
                        painter.setBrush(RowFill);
                        painter.drawRoundedRect(cell, pages.mm(1.5), pages.mm(1.5));
                        painter.setBrush(Qt::NoBrush);
                    }
                    double y = cell.top() + pad;
                    const QRectF inner = cell.adjusted(pad, 0, -pad, 0);
                    const auto put = [&](const QString &text, const QFont &font, const QColor &color, double lines) {
                        const double height = pages.metrics(font).height() * lines;
                        pages.text(QRectF(inner.left(), y, inner.width(), height),
                            Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text, font, color);
                        y += height;
                    };
                    QFont fitted = nameFont; // "Accompagnements individuels" on one line of the cell
                    while (fitted.pointSizeF() > 6 && pages.metrics(fitted).horizontalAdvance(f.name) > inner.width())
                        fitted.setPointSizeF(fitted.pointSizeF() - 0.25);
                    put(f.name, fitted, Muted, 1);
                    put(f.hours ? Durations::total(f.now) : FrenchText::number(f.now), valueFont, Ink, 1.15);
                    put(StatisticsView::changeText(f.now, f.before, f.hours, yearBefore), changeFont, Muted, 2.2);
                }
                pages.advance(cellHeight + gap);
            }
            pages.advance(pages.mm(2));
            if (content.sections.testFlag(Definitions))
                pages.paragraphs(tr("Les définitions de ces chiffres sont données à la fin du document. Les flèches "
                                    "comparent chaque chiffre à celui de la période de comparaison."),
                    Pages::font(8.5), Muted);
            pageUsed = true;
        }
        if (pass == 1 && !step()) {
            cancelled = true;
            break;
        }

        if (!parts.isEmpty()) {
            if (!content.sections.testFlag(Figures))
                startSection();
            else
                pages.advance(pages.mm(6));
            pages.heading(tr("Graphiques et tableaux"));
            const QFont titleFont = Pages::font(12, true);
            for (const ChartPart &part : parts) {
                const double titleHeight = pages.metrics(titleFont).height() * 1.4;
                double chartHeight = 0;
                QSize size;
                double scale = Resolution / ChartDpi;
                if (part.card) {
                    size = chartSize(*part.card, pages.width());
                    // A chart taller than a page (bars of dozens of places) drawn smaller, whole on one page.
                    const double room = pages.bottom() - pages.top() - titleHeight - pages.mm(15);
                    scale = std::min(scale, room / size.height());
                    chartHeight = size.height() * scale;
                }
                // The title, the chart and the table's header and first rows together.
                pages.ensure(titleHeight + chartHeight + pages.mm(15));
                pages.text(QRectF(pages.left(), pages.y(), pages.width(), titleHeight),
                    Qt::AlignLeft | Qt::AlignVCenter, part.title, titleFont, Accent);
                pages.advance(titleHeight);
                if (!part.card) {
                    pages.paragraphs(tr("Aucune donnée sur cette période."), Pages::font(9.5), Muted);
                    pages.advance(pages.mm(4));
                    continue;
                }
                if (!pages.measuring()) {
                    painter.save();
                    painter.translate(pages.left(), pages.y());
                    painter.scale(scale, scale);
                    part.card->paint(painter, size);
                    painter.restore();
                }
                pages.advance(chartHeight + pages.mm(2));
                pages.table(part.table);
                pages.advance(pages.mm(8));
                if (pass == 1 && !step()) {
                    cancelled = true;
                    break;
                }
            }
            if (cancelled)
                break;
        }

        if (content.sections.testFlag(Definitions)) {
            startSection();
            pages.heading(tr("Définitions"));
            pages.paragraphs(tr("Les chiffres de ce bilan sont comptés selon les règles de la plateforme nationale "
                                "La Coop de la médiation numérique (« Mes statistiques »), sur les activités "
                                "enregistrées dans Carnet pour la période et les filtres indiqués."),
                Pages::font(10), Ink);
            pages.advance(pages.mm(3));
            for (const auto &definition : definitions()) {
                const QFont termFont = Pages::font(10.5, true);
                pages.ensure(pages.metrics(termFont).height() * 3);
                pages.paragraphs(definition.first, termFont, Accent);
                pages.paragraphs(definition.second, Pages::font(10), Ink);
                pages.advance(pages.mm(2));
            }
        }
        if (pass == 1 && !step()) {
            cancelled = true;
            break;
        }

        if (withProgramme) {
            startSection();
            pages.heading(tr("Programme"));
            pages.paragraphs(content.programme, Pages::font(10.5), Ink);
        }
        pages.finish();
        total = pages.page();
        if (pass == 1 && !painter.end()) {
            *error = tr("Impossible d'écrire le bilan PDF.");
            return false;
        }
    }
    if (cancelled || !step()) {
        *error = cancelledMessage();
        return false;
    }
    return true;
}

bool ReviewPdf::writeFile(
    const Content &content, const QString &path, QString *error, const std::function<bool(int, int)> &progress)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Impossible d'écrire le bilan « %1 » : %2")
                     .arg(QDir::toNativeSeparators(path), FileErrors::describe(file, path));
        return false;
    }
    if (!write(content, &file, error, progress)) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        *error = tr("Impossible d'écrire le bilan « %1 » : %2")
                     .arg(QDir::toNativeSeparators(path), FileErrors::describe(file, path));
        return false;
    }
    return true;
}
