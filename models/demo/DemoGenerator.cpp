#include "models/demo/DemoGenerator.h"

#include "models/domain/Codes.h"

#include "models/communes/CommuneIndex.h"
#include "models/domain/Nomenclature.h"
#include "models/store/Store.h"
#include "models/text/FrenchText.h"

namespace {
using List = Nomenclature::List;

// Communes of the demo: the most populated ones of a rural département (Creuse), from the commune reference.
constexpr const char *kDepartementPostalPrefix = "23";
constexpr int kDays = 730;

const char *const kFirstNames[]
    = {"Marie", "Jean", "Monique", "Michel", "Françoise", "Bernard", "Nathalie", "Karim", "Sylvie", "Alain", "Fatima",
        "Pierre", "Chantal", "Mohamed", "Josiane", "Kevin", "Yvette", "Lucas", "Odile", "Thierry"};
const char *const kLastNames[]
    = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
        "Lefèvre", "Michel", "Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Mercier", "Chevalier"};
const char *const kPlaceNames[] = {"Médiathèque", "France Services", "Centre social", "Mairie", "Tiers-lieu"};
const char *const kWorkshops[]
    = {"Découvrir sa tablette", "Premiers pas sur internet", "Créer son adresse e-mail", "Sécuriser ses mots de passe",
        "Les démarches en ligne", "Ranger ses photos", "Utiliser son smartphone", "Repérer les arnaques"};
const char *const kDemarches[] = {"Déclaration de revenus", "Carte grise", "Dossier CAF", "Compte ameli",
    "Inscription France Travail", "Renouvellement carte d'identité", "Retraite"};
const char *const kTags[] = {"Permanence mairie", "Itinérance", "Partenariat CCAS", "Public senior"};
const char *const kNotes[] = {"Revenir la semaine prochaine pour finir.", "A besoin d'un identifiant FranceConnect.",
    "Très à l'aise, autonome bientôt.", "Orientée vers l'atelier tablette."};

template <std::size_t N> QString pickText(std::mt19937_64 &rng, const char *const (&list)[N])
{
    return QString::fromUtf8(list[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)]);
}

QList<QPair<QString, int>> weightsFor(List list, const QHash<QString, int> &weights, int otherWeight)
{
    QList<QPair<QString, int>> result;
    for (const QString &value : Nomenclature::instance().values(list))
        result.append({value, weights.value(value, otherWeight)});
    return result;
}
} // namespace

DemoGenerator::DemoGenerator(quint64 seed, const QDate &today, const QDateTime &notAfter)
    : m_rng(seed)
    , m_today(today)
    , m_notAfter(notAfter.isValid() ? notAfter.toUTC() : QDateTime(today, QTime(23, 59, 59), Qt::UTC))
{
    for (const CommuneMatch &m : CommuneIndex::instance().find(QLatin1String(kDepartementPostalPrefix), 25))
        m_communes.append(m.toRef());
}

int DemoGenerator::uniform(int lo, int hi)
{
    return std::uniform_int_distribution<int>(lo, hi)(m_rng);
}

bool DemoGenerator::chance(double p)
{
    return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng) < p;
}

QString DemoGenerator::weighted(const QList<QPair<QString, int>> &choices)
{
    int total = 0;
    for (const auto &c : choices)
        total += c.second;
    int r = uniform(0, total - 1);
    for (const auto &c : choices) {
        if (r < c.second)
            return c.first;
        r -= c.second;
    }
    return choices.constLast().first;
}

QUuid DemoGenerator::uuid()
{
    const quint64 hi = m_rng();
    const quint64 lo = m_rng();
    // Random (version 4, RFC 4122 variant) but drawn from the seeded generator.
    return QUuid(static_cast<uint>(hi >> 32), static_cast<ushort>(hi >> 16),
        static_cast<ushort>((hi & 0x0fff) | 0x4000), static_cast<uchar>(((lo >> 56) & 0x3f) | 0x80),
        static_cast<uchar>(lo >> 48), static_cast<uchar>(lo >> 40), static_cast<uchar>(lo >> 32),
        static_cast<uchar>(lo >> 24), static_cast<uchar>(lo >> 16), static_cast<uchar>(lo >> 8),
        static_cast<uchar>(lo));
}

CommuneRef DemoGenerator::commune()
{
    // Bigger communes first in the list: favour them.
    const int n = static_cast<int>(m_communes.size());
    const int i = std::min(uniform(0, n - 1), uniform(0, n - 1));
    return m_communes.at(i);
}

QDateTime DemoGenerator::timestampOn(const QDate &date)
{
    return QDateTime(date, QTime(uniform(8, 18), uniform(0, 59), uniform(0, 59)), Qt::UTC);
}

Profile DemoGenerator::profile() const
{
    Profile p;
    p.prenom = QStringLiteral("Camille");
    p.nom = QStringLiteral("Demo");
    p.email = QStringLiteral("camille.demo@example.org");
    p.role = QLatin1String(Profile::ConseillerNumerique);
    p.structure.nom = QStringLiteral("Communauté de communes Creuse Sud-Ouest");
    p.structure.commune = m_communes.isEmpty() ? CommuneRef() : m_communes.constFirst();
    return p;
}

QList<Place> DemoGenerator::makePlaces()
{
    QList<Place> places;
    const int count = std::min<int>(static_cast<int>(m_communes.size()), 4);
    for (int i = 0; i < count; ++i) {
        Place p;
        p.id = uuid();
        p.commune = m_communes.at(i);
        p.nom = QString::fromUtf8(kPlaceNames[i % 5]) + QStringLiteral(" de ") + p.commune.nom;
        p.adresse = QStringLiteral("%1 place de la Mairie").arg(i + 1);
        places.append(p);
    }
    return places;
}

QList<Beneficiary> DemoGenerator::makeBeneficiaries(int count)
{
    const Nomenclature &n = Nomenclature::instance();
    QList<Beneficiary> people;
    for (int i = 0; i < count; ++i) {
        Beneficiary b;
        b.id = uuid();
        b.prenom = pickText(m_rng, kFirstNames);
        b.nom = pickText(m_rng, kLastNames);
        if (chance(0.5))
            b.telephone = QStringLiteral("06 %1 %2 %3 %4")
                              .arg(uniform(10, 99))
                              .arg(uniform(10, 99))
                              .arg(uniform(10, 99))
                              .arg(uniform(10, 99));
        if (chance(0.6)) {
            b.anneeNaissance = uniform(1935, 2008);
            b.trancheAge = Nomenclature::trancheAgeForBirthYear(b.anneeNaissance, m_today.year());
        }
        b.genre = pick(n.values(List::Genre));
        b.statutSocial = pick(n.values(List::StatutSocial));
        b.communeResidence = commune();
        people.append(b);
    }
    return people;
}

void DemoGenerator::setPool(const QList<Place> &places, const QList<Beneficiary> &beneficiaries)
{
    m_places = places;
    m_beneficiaries = beneficiaries;
}

Activity DemoGenerator::nextActivity()
{
    const Nomenclature &n = Nomenclature::instance();
    static const auto thematiques = weightsFor(List::ThematiqueMediation,
        {{QString::fromLatin1(Codes::Thematique::NavigationSurInternet), 20},
            {QString::fromLatin1(Codes::Thematique::Email), 16},
            {QString::fromLatin1(Codes::Thematique::PrendreEnMainDuMateriel), 18},
            {QString::fromLatin1(Codes::Thematique::AideDemarches), 22},
            {QString::fromLatin1(Codes::Thematique::GereSesContenusNumeriques), 8},
            {QString::fromLatin1(Codes::Thematique::SecuriteNumerique), 6},
            {QString::fromLatin1(Codes::Thematique::Bureautique), 6}},
        2);
    static const auto genres = weightsFor(List::Genre,
        {{QString::fromLatin1(Codes::Genre::Feminin), 55}, {QString::fromLatin1(Codes::Genre::Masculin), 40}}, 5);
    static const auto tranches = weightsFor(List::TrancheAge,
        {{QString::fromLatin1(Codes::TrancheAge::SoixanteDixPlus), 30},
            {QString::fromLatin1(Codes::TrancheAge::SoixanteSoixanteNeuf), 25},
            {QString::fromLatin1(Codes::TrancheAge::QuaranteCinquanteNeuf), 20},
            {QString::fromLatin1(Codes::TrancheAge::VingtCinqTrenteNeuf), 10},
            {QString::fromLatin1(Codes::NonCommunique), 8}},
        2);
    static const auto statuts = weightsFor(List::StatutSocial,
        {{QString::fromLatin1(Codes::StatutSocial::Retraite), 45},
            {QString::fromLatin1(Codes::StatutSocial::SansEmploi), 20}},
        10);

    Activity a;
    a.id = uuid();
    a.type = QLatin1String(chance(0.8) ? Codes::TypeActivite::Individuel : Codes::TypeActivite::Collectif);
    a.date = m_today.addDays(-uniform(0, kDays - 1));
    if (a.date.dayOfWeek() == 7)
        a.date = a.date.addDays(-2); // few activities on Sundays
    a.creation = timestampOn(a.date.addDays(chance(0.7) ? 0 : uniform(0, 3)));
    if (a.creation.date() > m_today)
        a.creation = timestampOn(m_today);
    a.creation = capped(a.creation);
    a.modification = capped(chance(0.1) ? a.creation.addSecs(uniform(60, 86400)) : a.creation);

    if (a.isIndividuel()) {
        static const QList<QPair<QString, int>> durations = {{QStringLiteral("15"), 10}, {QStringLiteral("30"), 25},
            {QStringLiteral("45"), 25}, {QStringLiteral("60"), 25}, {QStringLiteral("90"), 8},
            {QStringLiteral("120"), 4}, {QStringLiteral("20"), 3}};
        a.dureeMinutes = weighted(durations).toInt();
    } else {
        a.dureeMinutes = 60 + 30 * uniform(0, 4);
    }

    const int lieu = uniform(0, 99);
    if (lieu < 80 && !m_places.isEmpty()) {
        a.typeLieu = QString::fromLatin1(Codes::TypeLieu::LieuActivite);
        const int n2 = static_cast<int>(m_places.size());
        a.lieuId = m_places.at(std::min(uniform(0, n2 - 1), uniform(0, n2 - 1))).id;
    } else if (lieu < 88 || m_places.isEmpty()) {
        a.typeLieu = QString::fromLatin1(Codes::TypeLieu::Autre);
        a.lieuCommune = commune();
    } else if (lieu < 95 && a.isIndividuel()) {
        a.typeLieu = QString::fromLatin1(Codes::TypeLieu::Domicile);
        a.lieuCommune = commune();
    } else {
        a.typeLieu = QString::fromLatin1(Codes::TypeLieu::ADistance);
        a.lieuCommune = m_communes.isEmpty() ? CommuneRef() : m_communes.constFirst();
    }

    const int themeCount = 1 + (chance(0.45) ? 1 : 0) + (chance(0.15) ? 1 : 0);
    QSet<QString> chosen;
    while (chosen.size() < themeCount)
        chosen.insert(weighted(thematiques));
    for (const QString &t : n.values(List::ThematiqueMediation)) {
        if (chosen.contains(t))
            a.thematiques.append(t);
    }
    if (a.hasDemarche()) {
        const QStringList demarches = n.values(List::ThematiqueDemarche);
        const QString first = pick(demarches);
        const QString second = chance(0.25) ? pick(demarches) : first;
        for (const QString &d : demarches) {
            if (d == first || d == second)
                a.thematiques.append(d);
        }
        if (chance(0.4))
            a.precisionsDemarche = pickText(m_rng, kDemarches);
    }

    const int materiel = uniform(0, 99);
    if (materiel < 5) {
        a.materiel = {QString::fromLatin1(Codes::Materiel::Aucun)};
    } else {
        if (materiel < 70)
            a.materiel.append(QString::fromLatin1(Codes::Materiel::Ordinateur));
        if (materiel >= 55 || a.materiel.isEmpty())
            a.materiel.append(chance(0.8) ? QString::fromLatin1(Codes::Materiel::Telephone)
                                          : QString::fromLatin1(Codes::Materiel::Tablette));
    }
    if (chance(0.05))
        a.tags = {pickText(m_rng, kTags)};
    if (chance(0.1))
        a.notes = pickText(m_rng, kNotes);

    if (a.isIndividuel()) {
        if (chance(0.85))
            a.autonomie = pick(n.values(List::Autonomie));
        if (chance(0.7)) {
            a.orienteVersStructure = chance(0.15);
            if (*a.orienteVersStructure)
                a.structureDeRedirection = pick(n.values(List::StructureDeRedirection));
        }
        if (!m_beneficiaries.isEmpty() && chance(0.2)) {
            a.beneficiaireId = pick(m_beneficiaries).id;
        } else {
            AnonymousPerson &p = a.anonyme;
            if (chance(0.9))
                p.genre = weighted(genres);
            if (chance(0.15)) {
                p.anneeNaissance = uniform(1935, 2008);
                p.trancheAge = Nomenclature::trancheAgeForBirthYear(p.anneeNaissance, a.date.year());
            } else if (chance(0.85)) {
                p.trancheAge = weighted(tranches);
            }
            if (chance(0.8))
                p.statutSocial = weighted(statuts);
            if (chance(0.6))
                p.communeResidence = commune();
            if (chance(0.7))
                p.dejaAccompagne = chance(0.4);
        }
    } else {
        a.titreAtelier = pickText(m_rng, kWorkshops);
        if (chance(0.8))
            a.niveauAtelier = pick(n.values(List::NiveauAtelier));
        AnonymousCounters &k = a.participantsAnonymes;
        k.total = uniform(2, 12);
        k.dejaAccompagne = uniform(0, k.total);
        for (int i = 0; i < k.total; ++i) {
            if (chance(0.9))
                k.genre[weighted(genres)] += 1;
            if (chance(0.8))
                k.trancheAge[weighted(tranches)] += 1;
            if (chance(0.7))
                k.statutSocial[weighted(statuts)] += 1;
        }
        if (!m_beneficiaries.isEmpty() && chance(0.2)) {
            const int followed = uniform(1, 3);
            for (int i = 0; i < followed; ++i) {
                const QUuid id = pick(m_beneficiaries).id;
                if (!a.participants.contains(id))
                    a.participants.append(id);
            }
        }
    }

    if (chance(0.015)) {
        a.suppression = capped(a.modification.addSecs(uniform(60, 7 * 86400)));
        a.modification = a.suppression;
    }
    return a;
}

bool DemoGenerator::populate(
    Store &store, const Options &options, QString *error, const std::function<bool(qint64, qint64)> &progress)
{
    if (options.count < 0) {
        *error = tr("Le nombre d'activités doit être positif.");
        return false;
    }
    const StoreCounts counts = store.counts();
    const qint64 existing = counts.activites() + counts.individuelsSupprimes + counts.collectifsSupprimes;
    if (!options.append && existing > 0) {
        *error = tr("La base contient déjà %1 : ajoutez --append pour compléter ces données de démonstration.")
                     .arg(FrenchText::count(existing, tr("activité"), tr("activités")));
        return false;
    }

    // Appending with the seed of the first run would draw the same ids again: mix in what is already there.
    const quint64 seed
        = existing > 0 ? options.seed ^ (0x9e3779b97f4a7c15ULL * static_cast<quint64>(existing)) : options.seed;
    DemoGenerator generator(seed, store.clock().today(), store.clock().nowUtc());
    qint64 committed = 0; // activities
    bool wroteSetup = false; // profile, places or beneficiaries
    // Each write is its own transaction: after the first, "rien n'a été enregistré" is no longer true.
    const auto failed = [&]() {
        if (!wroteSetup && committed == 0)
            return false;
        *error = tr("Génération arrêtée : %1 Ce qui a été écrit avant reste dans la base : %2.")
                     .arg(error->contains(tr("rien n'a été enregistré")) ? store.lastCause() : *error,
                         committed > 0 ? FrenchText::count(
                             committed, tr("activité de démonstration"), tr("activités de démonstration"))
                                       : tr("le profil, les lieux et les bénéficiaires de démonstration"));
        return false;
    };
    if (store.profile().isEmpty()) {
        if (!store.saveProfile(generator.profile(), error))
            return false;
        wroteSetup = true;
    }
    QList<Place> places = store.places(false);
    if (places.isEmpty()) {
        places = generator.makePlaces();
        for (Place &p : places) {
            if (!store.savePlace(p, error))
                return failed();
            wroteSetup = true;
        }
    }
    QList<Beneficiary> people = store.beneficiaries();
    if (people.isEmpty()) {
        people = generator.makeBeneficiaries(static_cast<int>(std::clamp<qint64>(options.count / 40, 5, 2000)));
        for (Beneficiary &b : people) {
            if (!store.saveBeneficiary(b, error))
                return failed();
            wroteSetup = true;
        }
    }
    generator.setPool(places, people);

    QList<Activity> batch;
    batch.reserve(options.batchSize);
    for (qint64 done = 0; done < options.count;) {
        batch.clear();
        const qint64 size = std::min<qint64>(options.batchSize, options.count - done);
        for (qint64 i = 0; i < size; ++i)
            batch.append(generator.nextActivity());
        if (!store.insertActivities(batch, true, error))
            return failed();
        done += size;
        committed = done;
        if (progress && !progress(done, options.count)) {
            *error = tr("Génération interrompue après %1 activités.").arg(done);
            return false;
        }
    }
    return true;
}
