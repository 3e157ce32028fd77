#include "app/cli/InfoCommand.h"

#include "models/domain/Codes.h"

#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using FrenchText::number;

int InfoCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    Store store;
    QString dir;
    Store::OpenOptions read;
    read.create = false; // a read command never creates a base
    if (!CommandLine::openStore(store, parsed, &dir, err, read))
        return CommandLine::Failure;
    const StoreCounts c = store.counts();
    if (parsed.options.contains(QStringLiteral("--json"))) {
        const QJsonObject json{
            {QStringLiteral("dossier_donnees"), dir},
            {QStringLiteral("base"), store.filePath()},
            {QStringLiteral("version_schema"), store.schemaVersion()},
            {QStringLiteral("activites"),
                QJsonObject{{QStringLiteral("total"), c.activites()},
                    {QString::fromLatin1(Codes::TypeActivite::Individuel), c.individuels},
                    {QString::fromLatin1(Codes::TypeActivite::Collectif), c.collectifs},
                    {QStringLiteral("supprimees"),
                        QJsonObject{{QStringLiteral("total"), c.individuelsSupprimes + c.collectifsSupprimes},
                            {QString::fromLatin1(Codes::TypeActivite::Individuel), c.individuelsSupprimes},
                            {QString::fromLatin1(Codes::TypeActivite::Collectif), c.collectifsSupprimes}}}}},
            {QStringLiteral("beneficiaires"),
                QJsonObject{{QStringLiteral("suivis"), c.beneficiaires},
                    {QStringLiteral("supprimes"), c.beneficiairesSupprimes}}},
            {QStringLiteral("lieux"),
                QJsonObject{{QStringLiteral("actifs"), c.lieux}, {QStringLiteral("archives"), c.lieuxArchives}}},
        };
        out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
        return CommandLine::Success;
    }
    out << tr("Dossier des données : %1").arg(dir) << '\n'
        << tr("Base de données : %1 (schéma %2)").arg(store.filePath()).arg(store.schemaVersion()) << '\n'
        << tr("Activités : %1 (%2 accompagnements individuels, %3 ateliers collectifs)")
               .arg(number(c.activites()), number(c.individuels), number(c.collectifs))
        << '\n'
        << tr("Activités supprimées : %1 (%2 individuels, %3 collectifs)")
               .arg(number(c.individuelsSupprimes + c.collectifsSupprimes), number(c.individuelsSupprimes),
                   number(c.collectifsSupprimes))
        << '\n'
        << tr("Bénéficiaires suivis : %1 (%2 supprimés)").arg(number(c.beneficiaires), number(c.beneficiairesSupprimes))
        << '\n'
        << tr("Lieux d'activité : %1 (%2 archivés)").arg(number(c.lieux), number(c.lieuxArchives)) << '\n';
    return CommandLine::Success;
}
