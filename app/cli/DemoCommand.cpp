#include "app/cli/DemoCommand.h"

#include "models/demo/DemoGenerator.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QElapsedTimer>
#include <QTextStream>

#include <limits>

using FrenchText::number;

namespace {
bool parseNumber(const QString &text, qint64 min, qint64 max, qint64 *value)
{
    bool ok = false;
    *value = text.toLongLong(&ok);
    return ok && *value >= min && *value <= max;
}
} // namespace

int DemoCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    DemoGenerator::Options options;
    if (!parsed.options.contains(QStringLiteral("--count"))) {
        err << tr("demo : indiquez le nombre d'activités avec --count N.") << Qt::endl;
        return CommandLine::Usage;
    }
    if (!parseNumber(parsed.options.value(QStringLiteral("--count")), 0, 100'000'000, &options.count)) {
        err << tr("demo : --count attend un nombre entier entre 0 et 100 000 000, pas « %1 ».")
                   .arg(parsed.options.value(QStringLiteral("--count")))
            << Qt::endl;
        return CommandLine::Usage;
    }
    qint64 seed = 1;
    if (parsed.options.contains(QStringLiteral("--seed"))
        && !parseNumber(parsed.options.value(QStringLiteral("--seed")), 0, std::numeric_limits<qint64>::max(), &seed)) {
        err << tr("demo : --seed attend un nombre entier positif, pas « %1 ».")
                   .arg(parsed.options.value(QStringLiteral("--seed")))
            << Qt::endl;
        return CommandLine::Usage;
    }
    options.seed = static_cast<quint64>(seed);
    options.append = parsed.options.contains(QStringLiteral("--append"));

    Store store;
    QString dir;
    if (!CommandLine::openStore(store, parsed, &dir, err))
        return CommandLine::Failure;
    QElapsedTimer timer;
    timer.start();
    QString error;
    const bool ok = DemoGenerator::populate(store, options, &error, [&](qint64 done, qint64 total) {
        err << tr("Génération : %1 / %2 activités").arg(number(done), number(total)) << '\r';
        err.flush();
        return true;
    });
    if (options.count > 0)
        err << '\n';
    if (!ok) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    out << tr("%1 activités de démonstration ajoutées dans %2 en %3 s.")
               .arg(number(options.count), store.filePath(),
                   FrenchText::decimal(static_cast<double>(timer.elapsed()) / 1000.0, 1))
        << '\n';
    return CommandLine::Success;
}
