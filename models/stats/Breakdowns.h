#pragma once

#include "models/domain/Nomenclature.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// One breakdown of the statistics: how the engine builds it, how the JSON orders it and how a chart shows it. The
// engine (so StatsResult and its JSON), the statistics view and the command line all read Breakdowns::all(), so they
// cannot disagree.
struct BreakdownSpec
{
    // How the items are ordered, in the engine's result, the JSON's "ordre" and on screen.
    enum class Order {
        Nomenclature, // every value of the list (or of the duration buckets), in its order, zeros included
        ListByCount, // every value of the list, zeros included, by decreasing count, ties in the list's order
        ByCount, // the values seen, by decreasing count, then label (non_communique at its count's place)
    };
    enum class Chart { Pie, VerticalBars, HorizontalBars };
    // Where a value's people come from (the public breakdowns add non_communique for what is not known).
    enum class Source { Activity, Public };

    QString key; // "type_activite", "thematique_mediation", ... (the JSON's key)
    const char *title; // French, through Breakdowns::title()
    std::optional<Nomenclature::List> list; // the nomenclature list of the values, when there is one
    Order order = Order::Nomenclature;
    Source source = Source::Activity;
    Chart chart = Chart::HorizontalBars;
    bool multiValued = false; // an activity carries several values: shares of mentions and of accompagnements
    bool showsZeros = false; // on screen, values counted 0 keep their bar (short fixed lists)
    int top = 0; // on screen, the first `top` items then "Autres"; 0: every item
    bool statsLabels = false; // the list's labels for statistics (type_activite: "Participants aux ateliers")
};

class Breakdowns
{
    Q_DECLARE_TR_FUNCTIONS(Breakdowns)

public:
    // Every breakdown, in the order of StatsResult::breakdowns (and of the view's charts).
    static const QList<BreakdownSpec> &all();
    static const BreakdownSpec *find(const QString &key);
    static const BreakdownSpec &spec(const char *key); // one of all()'s keys
    static QStringList keys();
    // French title, for charts and summaries; the key itself when unknown.
    static QString title(const QString &key);
};
