#pragma once

#include <QLocale>
#include <QString>

// Numbers and counted nouns as a French reader expects them: "1 activité", "0 activité", "12 345 activités".
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
} // namespace FrenchText
