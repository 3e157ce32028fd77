#include "models/io/BeneficiaryExporter.h"

#include "models/domain/Nomenclature.h"
#include "models/io/ActivityExporter.h"
#include "models/io/XlsxWriter.h"
#include "models/store/Store.h"

#include <algorithm>

QString BeneficiaryExporter::instructions()
{
    // The template's cell A1, word for word (its first line is bold there).
    return QStringLiteral(
        "Instructions d'utilisation :  \n"
        "- Nom et Prénom sont obligatoires \n"
        "- Année de naissance est fortement conseillé pour différencier les homonymes \n"
        "- Les autres champs sont optionnels \n"
        "- Pour compléter le champ commune, renseignez le nom de la commune. Le code INSEE et le code postal seront "
        "automatiquement complétés");
}

QStringList BeneficiaryExporter::headerRow()
{
    return {QStringLiteral("Nom"), QStringLiteral("Prénom"), QStringLiteral("Année de naissance"),
        QStringLiteral("Commune"), QString(), QString(), QStringLiteral("N° de téléphone"), QStringLiteral("E-mail"),
        QStringLiteral("Genre"), QStringLiteral("Notes supplémentaires")};
}

QStringList BeneficiaryExporter::subHeaderRow()
{
    return {QString(), QString(), QString(), QStringLiteral("Nom"), QStringLiteral("Code INSEE"),
        QStringLiteral("Code postal"), QString(), QString(), QString(), QString()};
}

QString BeneficiaryExporter::fileName(const QDate &day)
{
    return QStringLiteral("carnet_beneficiaires_%1.xlsx").arg(day.toString(Qt::ISODate));
}

bool BeneficiaryExporter::write(
    const Store &store, const QString &path, int *count, QString *error, const std::function<bool()> &cancelled)
{
    *count = 0;
    QList<Beneficiary> people = store.beneficiaries(false);
    std::sort(people.begin(), people.end(), [](const Beneficiary &a, const Beneficiary &b) {
        const int byName = QString::localeAwareCompare(a.nom, b.nom);
        return byName != 0 ? byName < 0 : QString::localeAwareCompare(a.prenom, b.prenom) < 0;
    });

    XlsxWriter writer(path, QStringLiteral("Bénéficiaires"), false);
    if (!writer.open()) {
        *error = writer.error();
        return false;
    }
    // The template's layout: A1:J1 holds the instructions; each header spans rows 2 and 3 but Commune, which spans
    // D2:F2 over its three sub-headers.
    writer.setRowHeight(84.8);
    writer.mergedText(instructions(), 1, 10);
    writer.endRow();
    writer.setBold(true);
    const QStringList headers = headerRow();
    for (int c = 0; c < headers.size();) {
        if (c == 3) {
            writer.mergedText(headers.at(c), 1, 3);
            c += 3;
        } else {
            writer.mergedText(headers.at(c), 2, 1);
            ++c;
        }
    }
    writer.endRow();
    const QStringList sub = subHeaderRow();
    for (int c = 0; c < sub.size(); ++c) {
        if (c >= 3 && c <= 5)
            writer.text(sub.at(c));
        else
            writer.empty();
    }
    writer.setBold(false);
    writer.endRow();
    // The template's widths (its <cols>), A and B as its default.
    const double widths[] = {10.5, 10.5, 18.98, 17.15, 23.18, 10.82, 14.51, 20, 14.51, 28.66};
    for (int c = 0; c < 10; ++c)
        writer.setColumnWidth(c, widths[c]);

    const Nomenclature &n = Nomenclature::instance();
    for (const Beneficiary &b : people) {
        if (cancelled && cancelled()) {
            *error = ActivityExporter::cancelledMessage();
            return false;
        }
        // The reader takes a row without any value as the end of the list: a record needs a name (it always has one
        // in Carnet; the platform asks for both).
        writer.text(b.nom);
        writer.text(b.prenom);
        if (b.anneeNaissance > 0)
            writer.number(b.anneeNaissance);
        else
            writer.empty();
        writer.text(b.communeResidence.nom);
        writer.text(b.communeResidence.codeInsee);
        writer.text(b.communeResidence.codePostal);
        writer.text(b.telephone);
        writer.text(b.email);
        writer.text(b.genre.isEmpty() ? QString() : n.label(Nomenclature::List::Genre, b.genre));
        writer.text(b.notes);
        if (!writer.endRow()) {
            *error = writer.error();
            return false;
        }
        ++*count;
    }
    return writer.commit(error);
}
