#pragma once

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Nomenclature.h"
#include "models/domain/Place.h"
#include "models/io/ActivityColumns.h"

#include <QFile>
#include <QTimeZone>
#include <QVariantList>

// The rows of Carnet's activities file as the contract (models/io/ActivityColumns.h) describes them, built here
// without the exporter so that the importers are tested on their own (and the import benchmark writes its files):
// a header block, an empty row, the header row, one row per accompagnement (a workshop's followed participants
// first, then its anonymous ones dealt from the counters in the nomenclature's order).
namespace CarnetFileRows {
using List = Nomenclature::List;

inline QString label(List list, const QString &code)
{
    return code.isEmpty() ? QString() : Nomenclature::instance().label(list, code);
}

inline QString labels(List list, const QStringList &codes)
{
    QStringList l;
    for (const QString &c : codes)
        l << label(list, c);
    return l.join(QLatin1Char('\n'));
}

inline QString thematiqueLabels(const QStringList &codes)
{
    QStringList l;
    for (const QString &c : codes)
        l << Nomenclature::instance().label(Nomenclature::instance().contains(List::ThematiqueMediation, c)
                ? List::ThematiqueMediation
                : List::ThematiqueDemarche,
            c);
    return l.join(QLatin1Char('\n'));
}

inline QString yesNo(const std::optional<bool> &v, const QString &yes, const QString &no)
{
    return v ? (*v ? yes : no) : QString();
}

inline int stars(List list, const QString &code)
{
    for (const NomenclatureItem &i : Nomenclature::instance().items(list)) {
        if (i.value == code)
            return i.stars;
    }
    return 0;
}

inline QList<QVariantList> rows(
    const QList<Activity> &activities, const QList<Place> &places, const QList<Beneficiary> &beneficiaries)
{
    QList<QVariantList> rows;
    rows << QVariantList{QStringLiteral("Export des activités")}
         << QVariantList{QStringLiteral("Médiateur"), QStringLiteral("Camille Dupont")} << QVariantList{};
    QVariantList header;
    for (const QString &l : ActivityColumns::labels())
        header << l;
    rows << header;
    for (const Activity &a : activities) {
        struct Person
        {
            QUuid id;
            AnonymousPerson anonyme;
        };
        QList<Person> people;
        if (a.isIndividuel()) {
            people << Person{a.beneficiaireId, a.anonyme};
        } else {
            for (const QUuid &id : a.participants)
                people << Person{id, {}};
            // The anonymous ones dealt from the counters, in the nomenclature's order.
            QList<AnonymousPerson> anonymous(a.participantsAnonymes.total);
            const auto deal = [&](const QMap<QString, int> &group, List list, QString AnonymousPerson::*field) {
                int i = 0;
                for (const NomenclatureItem &item : Nomenclature::instance().items(list)) {
                    for (int n = 0; n < group.value(item.value); ++n)
                        anonymous[i++].*field = item.value;
                }
                // What the group does not account for: no code (an empty cell), as ActivityExporter deals it.
            };
            deal(a.participantsAnonymes.genre, List::Genre, &AnonymousPerson::genre);
            deal(a.participantsAnonymes.trancheAge, List::TrancheAge, &AnonymousPerson::trancheAge);
            deal(a.participantsAnonymes.statutSocial, List::StatutSocial, &AnonymousPerson::statutSocial);
            for (int i = 0; i < anonymous.size(); ++i) {
                anonymous[i].dejaAccompagne = i < a.participantsAnonymes.dejaAccompagne;
                people << Person{QUuid(), anonymous.at(i)};
            }
        }
        Place place;
        for (const Place &p : places) {
            if (p.id == a.lieuId)
                place = p;
        }
        for (int i = 0; i < people.size(); ++i) {
            const Person &who = people.at(i);
            Beneficiary b;
            for (const Beneficiary &x : beneficiaries) {
                if (x.id == who.id)
                    b = x;
            }
            const bool followed = !who.id.isNull();
            const CommuneRef commune = a.lieuId.isNull() ? a.lieuCommune : place.commune;
            const AnonymousPerson &p = who.anonyme;
            QVariantList r(ActivityColumns::Count);
            using namespace ActivityColumns;
            r[Date] = a.date.toString(QStringLiteral("dd/MM/yyyy"));
            r[EnregistreLe]
                = a.creation.toTimeZone(QTimeZone("Europe/Paris")).toString(QStringLiteral("dd/MM/yyyy 'à' HH:mm"));
            r[Type] = label(List::TypeActivite, a.type);
            r[Participants]
                = people.size() == 1 ? QStringLiteral("1") : QStringLiteral("%1/%2").arg(i + 1).arg(people.size());
            r[Beneficiaire] = followed ? b.displayName() : anonymousBeneficiaryName();
            r[Canaux] = label(List::TypeLieu, a.typeLieu);
            r[NomLieu] = place.nom;
            r[Adresse] = place.adresse;
            r[Commune] = commune.nom;
            r[CodePostal] = commune.codePostal;
            r[CodeInsee] = commune.codeInsee;
            r[Duree] = QString::number(a.dureeMinutes);
            r[NomAtelier] = a.titreAtelier;
            r[Materiel] = labels(List::Materiel, a.materiel);
            r[Thematiques] = thematiqueLabels(a.thematiques);
            r[Tags] = a.tags.join(QLatin1Char('\n'));
            r[NomDemarche] = a.precisionsDemarche;
            r[Autonomie] = a.isIndividuel()
                ? (a.autonomie.isEmpty() ? QString() : QStringLiteral("%1/3").arg(stars(List::Autonomie, a.autonomie)))
                : (a.niveauAtelier.isEmpty() ? QString()
                                             : QStringLiteral("%1/3").arg(stars(List::NiveauAtelier, a.niveauAtelier)));
            r[Reoriente] = yesNo(a.orienteVersStructure, QStringLiteral("Oui"), QStringLiteral("Non"));
            r[StructureRedirection] = label(List::StructureDeRedirection, a.structureDeRedirection);
            const CommuneRef residence = followed ? b.communeResidence : p.communeResidence;
            r[CommuneBeneficiaire] = residence.nom;
            r[CodePostalBeneficiaire] = residence.codePostal;
            r[CodeInseeBeneficiaire] = residence.codeInsee;
            r[GenreBeneficiaire] = label(List::Genre, followed ? b.genre : p.genre);
            r[TrancheAgeBeneficiaire] = label(List::TrancheAge, followed ? b.trancheAge : p.trancheAge);
            r[StatutBeneficiaire] = label(List::StatutSocial, followed ? b.statutSocial : p.statutSocial);
            r[Notes] = i == 0 ? a.notes : QString();
            r[IdCra] = a.id.toString(QUuid::WithoutBraces);
            r[IdBeneficiaireSuivi] = followed ? who.id.toString(QUuid::WithoutBraces) : QString();
            r[IdLieu] = a.lieuId.isNull() ? QString() : a.lieuId.toString(QUuid::WithoutBraces);
            const int annee = followed ? b.anneeNaissance : p.anneeNaissance;
            r[AnneeNaissance] = annee ? QString::number(annee) : QString();
            r[DejaAccompagne]
                = followed ? QString() : yesNo(p.dejaAccompagne, QStringLiteral("oui"), QStringLiteral("non"));
            r[Source] = a.source;
            r[CleImport] = a.importKey;
            r[EtatSynchronisation] = syncStateLabel(a.syncState);
            for (QVariant &c : r) {
                if (c.toString().isEmpty())
                    c = QVariant();
            }
            rows << r;
        }
    }
    return rows;
}

// RFC 4180 with ';', UTF-8 with a BOM: what Carnet's CSV export writes.
inline bool writeCsv(const QString &path, const QList<QVariantList> &rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray out("\xEF\xBB\xBF");
    for (const QVariantList &row : rows) {
        for (int c = 0; c < row.size(); ++c) {
            if (c > 0)
                out += ';';
            QString t = row.at(c).typeId() == QMetaType::QDate
                ? row.at(c).toDate().toString(QStringLiteral("dd/MM/yyyy"))
                : row.at(c).toString();
            if (t.contains(QLatin1Char(';')) || t.contains(QLatin1Char('"')) || t.contains(QLatin1Char('\n')))
                t = QLatin1Char('"') + t.replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
            out += t.toUtf8();
        }
        out += "\r\n";
        if (out.size() > (1 << 20)) {
            file.write(out);
            out.clear();
        }
    }
    return file.write(out) == out.size() && file.flush();
}

} // namespace CarnetFileRows
