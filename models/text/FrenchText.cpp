#include "models/text/FrenchText.h"

namespace FrenchText {

QString decimal(double value, int decimals)
{
    static const QLocale fr(QLocale::French, QLocale::France);
    return fr.toString(value, 'f', decimals);
}

std::optional<double> percentChange(qint64 now, qint64 before)
{
    if (before == 0)
        return std::nullopt;
    return 100.0 * static_cast<double>(now - before) / static_cast<double>(before);
}

QString folded(const QString &s)
{
    bool ascii = true;
    for (const QChar c : s) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    const QString src = ascii ? s : s.normalized(QString::NormalizationForm_KD);

    // Each source character yields at most a separating space and two characters.
    QString out(src.size() * 3, Qt::Uninitialized);
    QChar *const buf = out.data();
    qsizetype n = 0;
    bool pendingSpace = false;
    auto append = [&](QChar c) {
        if (pendingSpace && n > 0)
            buf[n++] = QLatin1Char(' ');
        pendingSpace = false;
        buf[n++] = c;
    };
    for (const QChar c : src) {
        const char16_t u = c.unicode();
        if (u < 0x80) {
            if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9'))
                append(c);
            else if (u >= 'A' && u <= 'Z')
                append(QChar(static_cast<char16_t>(u + ('a' - 'A'))));
            else
                pendingSpace = true;
        } else if (u == 0x0153 || u == 0x0152) { // œ Œ
            append(QLatin1Char('o'));
            buf[n++] = QLatin1Char('e');
        } else if (u == 0x00E6 || u == 0x00C6) { // æ Æ
            append(QLatin1Char('a'));
            buf[n++] = QLatin1Char('e');
        } else if (u == 0x00DF) { // ß
            append(QLatin1Char('s'));
            buf[n++] = QLatin1Char('s');
        } else if (c.isMark()) {
            // Combining accent left by the decomposition: dropped.
        } else if (c.isLetterOrNumber()) {
            append(c.toLower());
        } else {
            pendingSpace = true;
        }
    }
    out.truncate(n);
    return out;
}

} // namespace FrenchText
