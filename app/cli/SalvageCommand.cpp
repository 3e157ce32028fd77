#include "app/cli/SalvageCommand.h"

#include "models/store/Connection.h"
#include "models/store/IntegrityChecker.h"
#include "models/store/Salvage.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

using FrenchText::number;

namespace {

// SQLite's quick check, in full (this command was asked for): the first problem in French, empty when sound.
QString firstDamage(const QString &base)
{
    Connection::ScopedReader reader(QStringLiteral("carnet-recuperer"), base);
    if (!reader.isOpen())
        return SalvageCommand::tr("La base ne peut pas être ouverte (détail technique : %1).").arg(reader.error());
    QSqlQuery q(reader.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("PRAGMA quick_check")))
        return SalvageCommand::tr("La vérification de SQLite n'a pas pu aller au bout (détail technique : %1).")
            .arg(q.lastError().text());
    while (q.next()) {
        const QStringList problems = IntegrityChecker::describeSqliteProblems(q.value(0).toString());
        if (!problems.isEmpty())
            return problems.constFirst();
    }
    if (q.lastError().type() != QSqlError::NoError)
        return SalvageCommand::tr("La vérification de SQLite n'a pas pu aller au bout (détail technique : %1).")
            .arg(q.lastError().text());
    return QString();
}

} // namespace

int SalvageCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    const QString base = CommandLine::existingBase(parsed, err, tr("rien à récupérer"));
    if (base.isEmpty())
        return CommandLine::Failure;
    if (!parsed.options.contains(QStringLiteral("--force"))) {
        const QString damage = firstDamage(base);
        if (damage.isEmpty()) {
            err << tr("La base « %1 » n'est pas endommagée (la vérification de SQLite ne trouve rien) : rien à "
                      "récupérer. « carnet recuperer --force » la recopie quand même.")
                       .arg(QDir::toNativeSeparators(base))
                << Qt::endl;
            return CommandLine::Failure;
        }
        err << tr("Base endommagée : %1").arg(damage) << Qt::endl;
    }
    err << tr("Récupération de ce qui est lisible…") << Qt::endl;
    SalvageReport report;
    QString error;
    if (!Salvage::run(base, &report, &error)) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    out << tr("Nouvelle base « %1 », avec ce qui a pu être lu :").arg(QDir::toNativeSeparators(base)) << '\n'
        << tr("  activités : %1").arg(number(report.activities)) << '\n';
    if (report.deletedActivities > 0)
        out << tr("  activités supprimées (reprises comme telles) : %1").arg(number(report.deletedActivities)) << '\n';
    out << tr("  participants des ateliers : %1").arg(number(report.participants)) << '\n'
        << tr("  bénéficiaires : %1").arg(number(report.beneficiaries)) << '\n'
        << tr("  lieux : %1").arg(number(report.places)) << '\n'
        << (report.profile ? tr("  profil : repris") : tr("  profil : perdu (à ressaisir dans les réglages)")) << '\n';
    if (report.unreadable > 0)
        out << (report.unreadable == 1
                ? tr("Une partie de l'ancienne base n'a pas pu être lue : ce qu'elle contenait est perdu.")
                : tr("%1 parties de l'ancienne base n'ont pas pu être lues : ce qu'elles contenaient est perdu.")
                      .arg(number(report.unreadable)))
            << '\n';
    if (report.activitiesWithoutBeneficiary > 0)
        out << tr("Le bénéficiaire suivi de %1 n'a pas pu être lu : ces activités n'ont plus de bénéficiaire suivi.")
                   .arg(FrenchText::count(report.activitiesWithoutBeneficiary, tr("activité"), tr("activités")))
            << '\n';
    if (report.activitiesWithoutPlace > 0)
        out << tr("Le lieu de %1 n'a pas pu être lu : ces activités n'ont plus de lieu.")
                   .arg(FrenchText::count(report.activitiesWithoutPlace, tr("activité"), tr("activités")))
            << '\n';
    if (report.workshopsWithoutParticipants > 0)
        out << tr("Les participants suivis de %1 n'ont pas pu être lus : ces ateliers gardent leurs participants "
                  "anonymes et ceux qui ont pu être lus.")
                   .arg(FrenchText::count(report.workshopsWithoutParticipants, tr("atelier"), tr("ateliers")))
            << '\n';
    out << tr("Le fichier endommagé est gardé dans « %1 ».").arg(QDir::toNativeSeparators(report.keptAside)) << '\n'
        << tr("Vérifiez le résultat avec « carnet check ».") << '\n';
    return CommandLine::Success;
}
