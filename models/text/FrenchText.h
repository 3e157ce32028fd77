#pragma once

#include <QLocale>
#include <QString>

#include <optional>

// Numbers, counted nouns and comparable text as a French reader expects them: "1 activité", "0 activité",
// "12 345 activités", "12,5".
namespace FrenchText {
inline QString number(qint64 n)
{
    static const QLocale fr(QLocale::French, QLocale::France);
    return fr.toString(n);
}

inline QString count(qint64 n, const QString &singular, const QString &plural)
{
    return number(n) + QLatin1Char(' ') + (n > 1 || n < -1 ? plural : singular);
}

// A decimal number with a comma: decimal(12.25, 1) is "12,3".
QString decimal(double value, int decimals = 1);

// The change from before to now in percent (100 · (now − before) / before); nullopt when before is 0.
std::optional<double> percentChange(qint64 now, qint64 before);

// Text folded for comparison and search: accents and case dropped (é → e, Œ → oe, ß → ss), every run of what is not a
// letter or a digit one space, trimmed. "Sécurité  numérique" and "securite-numerique" fold alike.
QString folded(const QString &text);
} // namespace FrenchText
