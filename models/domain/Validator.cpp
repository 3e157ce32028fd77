#include "models/domain/Validator.h"
#include "models/domain/Codes.h"

#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Nomenclature.h"
#include "models/domain/Place.h"
#include "models/domain/Profile.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

namespace {
using List = Nomenclature::List;

QString tr(const char *text)
{
    return QCoreApplication::translate("Validator", text);
}

class Collector
{
public:
    void add(const char *field, const QString &message) { m_errors.append({QString::fromLatin1(field), message}); }
    ValidationErrors take() { return std::move(m_errors); }

    void checkCode(const char *field, List list, const QString &value, const QString &what)
    {
        if (!value.isEmpty() && !Nomenclature::instance().contains(list, value))
            add(field, tr("Valeur inconnue pour %1 : « %2 ».").arg(what, value));
    }

    void checkLength(const char *field, const QString &value, int max, const QString &what)
    {
        if (value.size() > max)
            add(field, tr("%1 est trop long (%2 caractères au plus).").arg(what).arg(max));
    }

    void checkCommune(const char *field, const CommuneRef &commune, bool required, const QString &what)
    {
        static const QRegularExpression insee(QStringLiteral("^(\\d{5}|2[AB]\\d{3})$"));
        static const QRegularExpression postal(QStringLiteral("^\\d{5}$"));
        if (commune.isEmpty()) {
            if (required)
                add(field, tr("Veuillez renseigner %1.").arg(what));
            return;
        }
        if (!insee.match(commune.codeInsee).hasMatch() || !postal.match(commune.codePostal).hasMatch()
            || commune.nom.trimmed().isEmpty())
            add(field,
                tr("La commune « %1 » est incomplète : choisissez-la dans la liste des communes.")
                    .arg(commune.nom.isEmpty() ? commune.codePostal : commune.nom));
    }

    void checkBirthYear(const char *field, int year, const QDate &today)
    {
        if (year != 0 && (year < 1900 || year > today.year()))
            add(field, tr("L'année de naissance doit être comprise entre 1900 et %1.").arg(today.year()));
    }

private:
    ValidationErrors m_errors;
};

void checkCounterGroup(
    Collector &c, const char *field, const QMap<QString, int> &group, List list, int total, const QString &what)
{
    int sum = 0;
    bool negative = false;
    for (auto it = group.cbegin(); it != group.cend(); ++it) {
        c.checkCode(field, list, it.key(), what);
        negative |= it.value() < 0;
        sum += it.value();
    }
    if (negative)
        c.add(field, tr("Les nombres de participants par %1 ne peuvent pas être négatifs.").arg(what));
    else if (sum > total)
        c.add(field,
            tr("La somme des participants par %1 (%2) dépasse le nombre de participants anonymes (%3).")
                .arg(what)
                .arg(sum)
                .arg(total));
}
} // namespace

namespace Validator {

ValidationErrors validate(const Activity &a, const QDate &today)
{
    const Nomenclature &n = Nomenclature::instance();
    Collector c;

    if (a.id.isNull())
        c.add("id", tr("L'activité n'a pas d'identifiant."));
    if (!n.contains(List::TypeActivite, a.type))
        c.add("type", tr("Veuillez choisir le type d'activité (accompagnement individuel ou atelier collectif)."));

    if (!a.date.isValid())
        c.add("date", tr("Veuillez renseigner la date de l'activité."));
    else if (today.isValid() && a.date > today)
        c.add("date", tr("La date de l'activité ne peut pas être dans le futur."));
    else if (a.date.year() < 2000)
        c.add("date", tr("La date de l'activité doit être postérieure au 1er janvier 2000."));

    if (a.dureeMinutes <= 0)
        c.add("duree", tr("Veuillez renseigner une durée supérieure à 0."));
    else if (a.dureeMinutes > n.maxDurationMinutes())
        c.add("duree", tr("La durée doit être inférieure à 24 heures."));

    if (a.typeLieu.isEmpty())
        c.add("typeLieu", tr("Veuillez indiquer où s'est déroulée l'activité."));
    else if (!n.contains(List::TypeLieu, a.typeLieu))
        c.checkCode("typeLieu", List::TypeLieu, a.typeLieu, tr("le lieu"));
    else if (a.typeLieu == QLatin1String(Codes::TypeLieu::LieuActivite)) {
        if (a.lieuId.isNull())
            c.add("lieu", tr("Veuillez choisir le lieu d'activité."));
        if (!a.lieuCommune.isEmpty())
            c.add("lieuCommune", tr("Une commune ne s'indique que pour un autre lieu, à domicile ou à distance."));
    } else {
        if (!a.lieuId.isNull())
            c.add("lieu", tr("Un lieu d'activité ne s'indique que pour une activité dans l'un de vos lieux."));
        const bool required = a.typeLieu != QLatin1String(Codes::TypeLieu::ADistance);
        c.checkCommune("lieuCommune", a.lieuCommune, required, tr("la commune du lieu"));
    }

    // Thématiques: at least one of médiation numérique; démarche ones only with "Aide aux démarches administratives".
    int mediation = 0;
    int demarche = 0;
    QSet<QString> seen;
    for (const QString &t : a.thematiques) {
        if (seen.contains(t))
            c.add("thematiques", tr("La thématique « %1 » est indiquée deux fois.").arg(t));
        seen.insert(t);
        if (n.contains(List::ThematiqueMediation, t))
            ++mediation;
        else if (n.contains(List::ThematiqueDemarche, t))
            ++demarche;
        else
            c.add("thematiques", tr("Thématique inconnue : « %1 ».").arg(t));
    }
    if (mediation == 0)
        c.add("thematiques", tr("Veuillez renseigner au moins une thématique"));
    const bool aide = a.hasDemarche();
    if (demarche > 0 && !aide)
        c.add("thematiquesDemarche",
            tr("Les thématiques de démarche administrative demandent la thématique « %1 ».")
                .arg(n.label(List::ThematiqueMediation, QLatin1String(Codes::Thematique::AideDemarches))));
    if (!a.precisionsDemarche.trimmed().isEmpty() && !aide)
        c.add("precisionsDemarche",
            tr("« %1 » demande la thématique « %2 ».")
                .arg(n.precisionsDemarcheLabel(),
                    n.label(List::ThematiqueMediation, QLatin1String(Codes::Thematique::AideDemarches))));
    c.checkLength(
        "precisionsDemarche", a.precisionsDemarche, Validator::MaxShortTextLength, n.precisionsDemarcheLabel());

    QSet<QString> materiel;
    for (const QString &m : a.materiel) {
        c.checkCode("materiel", List::Materiel, m, tr("le matériel"));
        if (materiel.contains(m))
            c.add("materiel", tr("Le matériel « %1 » est indiqué deux fois.").arg(n.label(List::Materiel, m)));
        materiel.insert(m);
    }
    if (materiel.contains(QLatin1String(Codes::Materiel::Aucun)) && materiel.size() > 1)
        c.add("materiel",
            tr("« %1 » ne peut pas être choisi avec un autre matériel.")
                .arg(n.label(List::Materiel, QLatin1String(Codes::Materiel::Aucun))));

    QSet<QString> tags;
    for (const QString &t : a.tags) {
        if (t.trimmed().isEmpty())
            c.add("tags", tr("Un tag ne peut pas être vide."));
        else if (t.size() > 50)
            c.add("tags", tr("Le tag « %1 » est trop long (50 caractères au plus).").arg(t.left(20)));
        else if (tags.contains(t.trimmed().toCaseFolded()))
            c.add("tags", tr("Le tag « %1 » est indiqué deux fois.").arg(t));
        tags.insert(t.trimmed().toCaseFolded());
    }
    c.checkLength("notes", a.notes, Validator::MaxTextLength, tr("Le champ « Notes supplémentaires »"));

    if (a.isIndividuel()) {
        c.checkCode("autonomie", List::Autonomie, a.autonomie, n.legend(List::Autonomie));
        const bool oriente = a.orienteVersStructure.value_or(false);
        if (oriente && a.structureDeRedirection.isEmpty())
            c.add("structureDeRedirection", tr("Veuillez indiquer vers quelle structure le bénéficiaire est orienté."));
        if (!oriente && !a.structureDeRedirection.isEmpty())
            c.add("structureDeRedirection",
                tr("La structure de redirection ne s'indique que si le bénéficiaire est orienté."));
        c.checkCode("structureDeRedirection", List::StructureDeRedirection, a.structureDeRedirection,
            tr("la structure de redirection"));

        const AnonymousPerson &p = a.anonyme;
        if (!a.beneficiaireId.isNull() && p != AnonymousPerson())
            c.add("beneficiaire", tr("Un bénéficiaire suivi ne peut pas être décrit en même temps comme anonyme."));
        c.checkCode("anonyme.genre", List::Genre, p.genre, tr("le genre"));
        c.checkCode("anonyme.trancheAge", List::TrancheAge, p.trancheAge, tr("la tranche d'âge"));
        c.checkCode("anonyme.statutSocial", List::StatutSocial, p.statutSocial, tr("le statut"));
        c.checkBirthYear("anonyme.anneeNaissance", p.anneeNaissance, today);
        c.checkCommune("anonyme.communeResidence", p.communeResidence, false, QString());

        if (!a.titreAtelier.isEmpty() || !a.niveauAtelier.isEmpty() || !a.participants.isEmpty()
            || a.participantsAnonymes != AnonymousCounters())
            c.add("type", tr("Le titre, le niveau et les participants ne concernent que les ateliers collectifs."));
    } else if (a.isCollectif()) {
        c.checkLength("titreAtelier", a.titreAtelier, Validator::MaxShortTextLength, tr("Le titre de l'atelier"));
        c.checkCode("niveauAtelier", List::NiveauAtelier, a.niveauAtelier, n.legend(List::NiveauAtelier));
        const AnonymousCounters &k = a.participantsAnonymes;
        if (k.total < 0)
            c.add("participantsAnonymes.total", tr("Le nombre de participants ne peut pas être négatif."));
        else if (k.total > n.maxParticipants())
            c.add("participantsAnonymes.total",
                tr("Le nombre de participants anonymes ne peut pas dépasser %1.").arg(n.maxParticipants()));
        if (k.total + a.participants.size() <= 0)
            c.add("participants", tr("Veuillez renseigner au moins un participant."));
        if (QSet<QUuid>(a.participants.cbegin(), a.participants.cend()).size() != a.participants.size())
            c.add("participants", tr("Un même bénéficiaire est inscrit deux fois à l'atelier."));
        if (k.dejaAccompagne < 0 || k.dejaAccompagne > k.total)
            c.add("participantsAnonymes.dejaAccompagne",
                tr("Le nombre de participants déjà accompagnés (%1) dépasse le nombre de participants anonymes (%2).")
                    .arg(k.dejaAccompagne)
                    .arg(k.total));
        checkCounterGroup(c, "participantsAnonymes.genre", k.genre, List::Genre, k.total, tr("genre"));
        checkCounterGroup(
            c, "participantsAnonymes.trancheAge", k.trancheAge, List::TrancheAge, k.total, tr("tranche d'âge"));
        checkCounterGroup(
            c, "participantsAnonymes.statutSocial", k.statutSocial, List::StatutSocial, k.total, tr("statut"));
        if (!a.autonomie.isEmpty() || a.orienteVersStructure.has_value() || !a.structureDeRedirection.isEmpty()
            || !a.beneficiaireId.isNull() || a.anonyme != AnonymousPerson())
            c.add("type",
                tr("L'autonomie, l'orientation et le bénéficiaire ne concernent que les accompagnements "
                   "individuels."));
    }
    return c.take();
}

ValidationErrors validate(const Beneficiary &b, const QDate &today)
{
    Collector c;
    if (b.id.isNull())
        c.add("id", tr("Le bénéficiaire n'a pas d'identifiant."));
    if (b.nom.trimmed().isEmpty() && b.prenom.trimmed().isEmpty() && !b.isDeleted()) // a deleted one is anonymised
        c.add("nom", tr("Veuillez renseigner le nom ou le prénom du bénéficiaire."));
    c.checkLength("prenom", b.prenom, Validator::MaxShortTextLength, tr("Le prénom"));
    c.checkLength("nom", b.nom, Validator::MaxShortTextLength, tr("Le nom"));
    static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    if (!b.email.isEmpty() && !email.match(b.email).hasMatch())
        c.add("email", tr("L'adresse e-mail « %1 » n'est pas valide.").arg(b.email));
    static const QRegularExpression phone(QStringLiteral("^[+0-9 .()-]{6,20}$"));
    if (!b.telephone.isEmpty() && !phone.match(b.telephone).hasMatch())
        c.add("telephone", tr("Le numéro de téléphone « %1 » n'est pas valide.").arg(b.telephone));
    c.checkBirthYear("anneeNaissance", b.anneeNaissance, today);
    c.checkCode("genre", List::Genre, b.genre, tr("le genre"));
    c.checkCode("trancheAge", List::TrancheAge, b.trancheAge, tr("la tranche d'âge"));
    c.checkCode("statutSocial", List::StatutSocial, b.statutSocial, tr("le statut"));
    c.checkCommune("communeResidence", b.communeResidence, false, QString());
    c.checkLength("notes", b.notes, Validator::MaxTextLength, tr("Le champ « Notes »"));
    return c.take();
}

ValidationErrors validate(const Place &p)
{
    Collector c;
    if (p.id.isNull())
        c.add("id", tr("Le lieu n'a pas d'identifiant."));
    if (p.nom.trimmed().isEmpty())
        c.add("nom", tr("Veuillez renseigner le nom du lieu."));
    c.checkLength("nom", p.nom, Validator::MaxShortTextLength, tr("Le nom du lieu"));
    c.checkLength("adresse", p.adresse, Validator::MaxShortTextLength, tr("L'adresse"));
    c.checkCommune("commune", p.commune, true, tr("la commune du lieu"));
    return c.take();
}

ValidationErrors validate(const Profile &p)
{
    Collector c;
    if (p.prenom.trimmed().isEmpty())
        c.add("prenom", tr("Veuillez renseigner votre prénom."));
    if (p.nom.trimmed().isEmpty())
        c.add("nom", tr("Veuillez renseigner votre nom."));
    static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    if (!p.email.isEmpty() && !email.match(p.email).hasMatch())
        c.add("email", tr("L'adresse e-mail « %1 » n'est pas valide.").arg(p.email));
    if (p.role != QLatin1String(Profile::ConseillerNumerique) && p.role != QLatin1String(Profile::Mediateur))
        c.add("role", tr("Veuillez indiquer si vous êtes conseiller numérique ou médiateur numérique."));
    c.checkCommune("structure.commune", p.structure.commune, false, QString());
    return c.take();
}

QString describe(const ValidationErrors &errors)
{
    QStringList lines;
    for (const ValidationError &e : errors)
        lines.append(e.message);
    return lines.join(QLatin1Char('\n'));
}

QStringList messagesFor(const ValidationErrors &errors, const QString &field)
{
    QStringList result;
    for (const ValidationError &e : errors) {
        if (e.field == field)
            result.append(e.message);
    }
    return result;
}

} // namespace Validator
