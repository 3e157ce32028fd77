#include "models/communes/Departements.h"

#include "models/communes/CommuneIndex.h"

#include <QFile>
#include <QHash>

namespace {
// resources/communes/departements.tsv (code, nom, region), the communes' reference data.
const QHash<QString, QString> &names()
{
    static const QHash<QString, QString> table = [] {
        QHash<QString, QString> t;
        QFile file(QStringLiteral(":/carnet/communes/departements.tsv"));
        if (!file.open(QIODevice::ReadOnly))
            return t;
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> fields = lines.at(i).trimmed().split('\t');
            if (fields.size() >= 2)
                t.insert(QString::fromUtf8(fields.at(0)), QString::fromUtf8(fields.at(1)));
        }
        return t;
    }();
    return table;
}
} // namespace

namespace Departements {

QString name(const QString &code)
{
    return names().value(code);
}

QString label(const QString &code)
{
    const QString n = name(code);
    return n.isEmpty() ? code : QStringLiteral("%1 (%2)").arg(n, code);
}

QString ofCommune(const QString &codeInsee)
{
    if (codeInsee.isEmpty())
        return QString();
    if (const std::optional<CommuneMatch> commune = CommuneIndex::instance().byInsee(codeInsee))
        return commune->departement;
    return codeInsee.startsWith(QLatin1String("97")) ? codeInsee.left(3) : codeInsee.left(2);
}

} // namespace Departements
