#pragma once

#include <QHash>
#include <QList>
#include <QString>

// One value of a nomenclature list: the wire/storage code and its French label.
struct NomenclatureItem
{
    QString value;
    QString label;
    QString labelStats; // label in statistics, when it differs (type_activite)
    int stars = 0; // autonomy and workshop level
    int ageFrom = -1; // tranche_age: the band's first age; -1 elsewhere and for non communiqué
};

struct DurationBucket
{
    QString key;
    QString label;
    int min = 0;
    int max = -1; // -1: no upper bound
};

// The nomenclature of a CRA, loaded from resources/nomenclature.json (the platform's codes, French labels and display
// order). It is the single source of codes: no list of codes is written in C++.
class Nomenclature
{
public:
    enum class List {
        TypeActivite,
        TypeLieu,
        Materiel,
        ThematiqueMediation,
        ThematiqueDemarche,
        Autonomie,
        NiveauAtelier,
        OrienteVersStructure,
        StructureDeRedirection,
        Genre,
        TrancheAge,
        StatutSocial,
        DureePreset,
    };

    static const Nomenclature &instance();

    // Parses a nomenclature document; returns false with a French message on a malformed one.
    bool load(const QByteArray &json, QString *error);

    const QList<NomenclatureItem> &items(List list) const;
    QStringList values(List list) const;
    bool contains(List list, const QString &value) const;
    int indexOf(List list, const QString &value) const; // display order, -1 when unknown
    QString label(List list, const QString &value) const; // the code itself when unknown
    QString legend(List list) const; // e.g. "Niveau d'autonomie du bénéficiaire"

    QString precisionsDemarcheLabel() const { return m_precisionsDemarcheLabel; }
    QString orienteQuestion() const { return m_orienteQuestion; }
    int maxParticipants() const { return m_maxParticipants; }
    int maxDurationMinutes() const { return m_maxDurationMinutes; } // inclusive upper bound (23 h 59)
    const QList<DurationBucket> &durationBuckets() const { return m_durationBuckets; }

    // "tranche_age" code for an age: the band whose first age (age_from in the document) is the largest not above
    // it; below every band, the youngest one.
    QString trancheAgeForAge(int age) const;
    // The same for a birth year, the age taken at the reference year.
    static QString trancheAgeForBirthYear(int birthYear, int referenceYear);
    // The earliest birth year a record may hold (the platform's ANNEE_NAISSANCE_MIN).
    static constexpr int AnneeNaissanceMin = 1900;

private:
    QHash<int, QList<NomenclatureItem>> m_lists;
    QHash<int, QString> m_legends;
    QString m_precisionsDemarcheLabel;
    QString m_orienteQuestion;
    int m_maxParticipants = 0;
    int m_maxDurationMinutes = 0;
    QList<DurationBucket> m_durationBuckets;
};
