#pragma once

// Small builders shared by the tests: valid records a test then breaks or changes on purpose.

#include "models/demo/DemoGenerator.h"
#include "models/domain/Activity.h"
#include "models/domain/Beneficiary.h"
#include "models/domain/Clock.h"
#include "models/domain/Place.h"
#include "models/store/Store.h"
#include "tests/support/FixedClock.h"

#include <QTemporaryDir>
#include <QTest>

namespace TestData {

inline QDateTime fixedNow()
{
    return QDateTime(QDate(2026, 6, 30), QTime(10, 0), Qt::UTC);
}

inline CommuneRef gueret()
{
    return {QStringLiteral("23096"), QStringLiteral("23000"), QStringLiteral("Guéret")};
}

inline Place place()
{
    Place p;
    p.id = QUuid::createUuid();
    p.nom = QStringLiteral("Médiathèque de Guéret");
    p.adresse = QStringLiteral("1 place Bonnyaud");
    p.commune = gueret();
    return p;
}

inline Beneficiary beneficiary()
{
    Beneficiary b;
    b.id = QUuid::createUuid();
    b.prenom = QStringLiteral("Josiane");
    b.nom = QStringLiteral("Martin");
    b.anneeNaissance = 1948;
    b.genre = QStringLiteral("feminin");
    b.trancheAge = QStringLiteral("soixante_dix_plus");
    b.statutSocial = QStringLiteral("retraite");
    b.communeResidence = gueret();
    return b;
}

// The standard individual CRA: 45 min at a place, navigation and e-mail, on a computer.
inline Activity individuel(const QUuid &placeId)
{
    Activity a;
    a.id = QUuid::createUuid();
    a.type = QLatin1String(Codes::TypeActivite::Individuel);
    a.date = QDate(2026, 6, 29);
    a.dureeMinutes = 45;
    a.typeLieu = QStringLiteral("lieu_activite");
    a.lieuId = placeId;
    a.thematiques = {QStringLiteral("navigation_sur_internet"), QStringLiteral("email")};
    a.materiel = {QStringLiteral("ordinateur")};
    a.autonomie = QStringLiteral("partiellement_autonome");
    a.orienteVersStructure = false;
    a.anonyme.genre = QStringLiteral("feminin");
    a.anonyme.trancheAge = QStringLiteral("soixante_dix_plus");
    return a;
}

inline Activity collectif(const QUuid &placeId)
{
    Activity a;
    a.id = QUuid::createUuid();
    a.type = QLatin1String(Codes::TypeActivite::Collectif);
    a.date = QDate(2026, 6, 15);
    a.dureeMinutes = 120;
    a.typeLieu = QStringLiteral("lieu_activite");
    a.lieuId = placeId;
    a.thematiques = {QStringLiteral("prendre_en_main_du_materiel")};
    a.materiel = {QStringLiteral("tablette")};
    a.titreAtelier = QStringLiteral("Découvrir sa tablette");
    a.niveauAtelier = QStringLiteral("debutant");
    a.participantsAnonymes.total = 8;
    a.participantsAnonymes.dejaAccompagne = 3;
    a.participantsAnonymes.genre = {{QStringLiteral("feminin"), 5}, {QStringLiteral("masculin"), 3}};
    a.participantsAnonymes.trancheAge = {{QStringLiteral("soixante_dix_plus"), 6}};
    a.participantsAnonymes.statutSocial = {{QStringLiteral("retraite"), 7}, {QStringLiteral("sans_emploi"), 1}};
    return a;
}

// A store on a fresh file in a temporary folder, with a fixed clock.
struct Fixture
{
    QTemporaryDir dir;
    FixedClock clock{fixedNow()};
    Store store{clock};

    QString path() const { return dir.filePath(QStringLiteral("carnet.sqlite")); }
    bool open()
    {
        QString error;
        if (!store.open(path(), &error)) {
            qWarning() << error;
            return false;
        }
        return true;
    }
    // Opens the store and fills it with demo activities (the same count and seed give the same data).
    bool openWithDemo(qint64 count, quint64 seed)
    {
        if (!open())
            return false;
        DemoGenerator::Options options;
        options.count = count;
        options.seed = seed;
        QString error;
        if (!DemoGenerator::populate(store, options, &error)) {
            qWarning() << error;
            return false;
        }
        return true;
    }
};

} // namespace TestData
