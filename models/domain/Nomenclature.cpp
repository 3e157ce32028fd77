#include "models/domain/Nomenclature.h"

#include "models/domain/Codes.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <stdexcept>

namespace {
struct ListSource
{
    Nomenclature::List list;
    const char *key;
};

// Where each list lives in the document. A list is either an array or an object with "values" (and a "legend").
constexpr ListSource kSources[] = {
    {Nomenclature::List::TypeActivite, "type_activite"},
    {Nomenclature::List::TypeLieu, "type_lieu"},
    {Nomenclature::List::Materiel, "materiel"},
    {Nomenclature::List::ThematiqueMediation, "thematique_mediation"},
    {Nomenclature::List::ThematiqueDemarche, "thematique_demarche"},
    {Nomenclature::List::Autonomie, "autonomie"},
    {Nomenclature::List::NiveauAtelier, "niveau_atelier"},
    {Nomenclature::List::OrienteVersStructure, "oriente_vers_structure"},
    {Nomenclature::List::StructureDeRedirection, "structure_de_redirection"},
    {Nomenclature::List::Genre, "genre"},
    {Nomenclature::List::TrancheAge, "tranche_age"},
    {Nomenclature::List::StatutSocial, "statut_social"},
};

// The codes Carnet's logic names (Codes.h), each with the list that must hold it.
struct RequiredCode
{
    Nomenclature::List list;
    const char *code;
};

const RequiredCode kRequired[] = {
    {Nomenclature::List::TypeActivite, Codes::TypeActivite::Individuel},
    {Nomenclature::List::TypeActivite, Codes::TypeActivite::Collectif},
    {Nomenclature::List::TypeLieu, Codes::TypeLieu::LieuActivite},
    {Nomenclature::List::TypeLieu, Codes::TypeLieu::Autre},
    {Nomenclature::List::TypeLieu, Codes::TypeLieu::Domicile},
    {Nomenclature::List::TypeLieu, Codes::TypeLieu::ADistance},
    {Nomenclature::List::Materiel, Codes::Materiel::Ordinateur},
    {Nomenclature::List::Materiel, Codes::Materiel::Telephone},
    {Nomenclature::List::Materiel, Codes::Materiel::Tablette},
    {Nomenclature::List::Materiel, Codes::Materiel::Aucun},
    {Nomenclature::List::ThematiqueMediation, Codes::Thematique::AideDemarches},
    {Nomenclature::List::ThematiqueMediation, Codes::Thematique::NavigationSurInternet},
    {Nomenclature::List::ThematiqueMediation, Codes::Thematique::Email},
    {Nomenclature::List::ThematiqueMediation, Codes::Thematique::PrendreEnMainDuMateriel},
    {Nomenclature::List::ThematiqueMediation, Codes::Thematique::GereSesContenusNumeriques},
    {Nomenclature::List::ThematiqueMediation, Codes::Thematique::SecuriteNumerique},
    {Nomenclature::List::ThematiqueMediation, Codes::Thematique::Bureautique},
    {Nomenclature::List::OrienteVersStructure, Codes::Oriente::Oui},
    {Nomenclature::List::OrienteVersStructure, Codes::Oriente::Non},
    {Nomenclature::List::Genre, Codes::Genre::Masculin},
    {Nomenclature::List::Genre, Codes::Genre::Feminin},
    {Nomenclature::List::Genre, Codes::NonCommunique},
    {Nomenclature::List::TrancheAge, Codes::TrancheAge::SoixanteDixPlus},
    {Nomenclature::List::TrancheAge, Codes::TrancheAge::SoixanteSoixanteNeuf},
    {Nomenclature::List::TrancheAge, Codes::TrancheAge::QuaranteCinquanteNeuf},
    {Nomenclature::List::TrancheAge, Codes::TrancheAge::VingtCinqTrenteNeuf},
    {Nomenclature::List::TrancheAge, Codes::NonCommunique},
    {Nomenclature::List::StatutSocial, Codes::StatutSocial::Retraite},
    {Nomenclature::List::StatutSocial, Codes::StatutSocial::SansEmploi},
    {Nomenclature::List::StatutSocial, Codes::NonCommunique},
};

QString tr(const char *text)
{
    return QCoreApplication::translate("Nomenclature", text);
}
} // namespace

const Nomenclature &Nomenclature::instance()
{
    static const Nomenclature nomenclature = [] {
        Nomenclature n;
        QFile file(QStringLiteral(":/carnet/nomenclature.json"));
        QString error;
        if (!file.open(QIODevice::ReadOnly) || !n.load(file.readAll(), &error))
            throw std::runtime_error("embedded nomenclature is unreadable: " + error.toStdString());
        return n;
    }();
    return nomenclature;
}

bool Nomenclature::load(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull() || !doc.isObject()) {
        *error = tr("Nomenclature illisible (position %1) : %2").arg(parseError.offset).arg(parseError.errorString());
        return false;
    }
    const QJsonObject root = doc.object();
    m_lists.clear();
    m_legends.clear();
    for (const ListSource &source : kSources) {
        const QString key = QString::fromLatin1(source.key);
        const QJsonValue node = root.value(key);
        const QJsonArray values
            = node.isArray() ? node.toArray() : node.toObject().value(QLatin1String("values")).toArray();
        if (values.isEmpty()) {
            *error = tr("Nomenclature incomplète : la liste « %1 » est absente ou vide.").arg(key);
            return false;
        }
        QList<NomenclatureItem> items;
        for (const QJsonValue &v : values) {
            const QJsonObject o = v.toObject();
            NomenclatureItem item;
            item.value = o.value(QLatin1String("value")).toString();
            item.label = o.value(QLatin1String("label")).toString();
            item.labelStats = o.value(QLatin1String("label_stats")).toString(item.label);
            item.stars = o.value(QLatin1String("stars")).toInt();
            item.ageFrom = o.value(QLatin1String("age_from")).toInt(-1);
            if (item.value.isEmpty() || item.label.isEmpty()) {
                *error = tr("Nomenclature incomplète : une valeur de « %1 » n'a pas de code ou de libellé.").arg(key);
                return false;
            }
            items.append(item);
        }
        m_lists.insert(static_cast<int>(source.list), items);
        m_legends.insert(static_cast<int>(source.list), node.toObject().value(QLatin1String("legend")).toString());
    }

    for (const RequiredCode &code : kRequired) {
        if (!contains(code.list, QLatin1String(code.code))) {
            *error = tr("Nomenclature incomplète : le code « %1 », dont Carnet a besoin, manque dans sa liste.")
                         .arg(QLatin1String(code.code));
            return false;
        }
    }
    if (trancheAgeForAge(0).isEmpty()) {
        *error = tr("Nomenclature incomplète : les tranches d'âge n'ont pas d'âge de début (age_from).");
        return false;
    }

    QList<NomenclatureItem> presets;
    const QJsonObject duree = root.value(QLatin1String("duree")).toObject();
    for (const QJsonValue &v : duree.value(QLatin1String("presets")).toArray()) {
        const QJsonObject o = v.toObject();
        presets.append({QString::number(o.value(QLatin1String("value")).toInt()),
            o.value(QLatin1String("label")).toString(), QString(), 0, -1});
    }
    m_lists.insert(static_cast<int>(List::DureePreset), presets);
    const QJsonObject custom = duree.value(QLatin1String("custom")).toObject();
    m_maxDurationMinutes = custom.value(QLatin1String("hours_max")).toInt(23) * 60
        + custom.value(QLatin1String("minutes_max")).toInt(59);

    m_durationBuckets.clear();
    for (const QJsonValue &v : root.value(QLatin1String("stats_duree_buckets")).toArray()) {
        const QJsonObject o = v.toObject();
        const QJsonValue max = o.value(QLatin1String("max"));
        m_durationBuckets.append({o.value(QLatin1String("key")).toString(), o.value(QLatin1String("label")).toString(),
            o.value(QLatin1String("min")).toInt(), max.isNull() ? -1 : max.toInt()});
    }

    m_precisionsDemarcheLabel
        = root.value(QLatin1String("precisions_demarche")).toObject().value(QLatin1String("label")).toString();
    m_orienteQuestion
        = root.value(QLatin1String("oriente_vers_structure")).toObject().value(QLatin1String("question")).toString();
    m_maxParticipants
        = root.value(QLatin1String("participants_anonymes")).toObject().value(QLatin1String("max_total")).toInt();
    if (m_maxParticipants <= 0 || m_maxDurationMinutes <= 0 || m_durationBuckets.isEmpty() || presets.isEmpty()) {
        *error = tr("Nomenclature incomplète : durées ou limite de participants absentes.");
        return false;
    }
    return true;
}

const QList<NomenclatureItem> &Nomenclature::items(List list) const
{
    static const QList<NomenclatureItem> empty;
    const auto it = m_lists.constFind(static_cast<int>(list));
    return it == m_lists.cend() ? empty : *it;
}

QStringList Nomenclature::values(List list) const
{
    QStringList result;
    for (const NomenclatureItem &item : items(list))
        result.append(item.value);
    return result;
}

int Nomenclature::indexOf(List list, const QString &value) const
{
    const QList<NomenclatureItem> &all = items(list);
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (all.at(i).value == value)
            return static_cast<int>(i);
    }
    return -1;
}

bool Nomenclature::contains(List list, const QString &value) const
{
    return indexOf(list, value) >= 0;
}

QString Nomenclature::label(List list, const QString &value) const
{
    const int i = indexOf(list, value);
    return i < 0 ? value : items(list).at(i).label;
}

QString Nomenclature::legend(List list) const
{
    return m_legends.value(static_cast<int>(list));
}

QString Nomenclature::trancheAgeForAge(int age) const
{
    const NomenclatureItem *band = nullptr;
    const NomenclatureItem *youngest = nullptr;
    for (const NomenclatureItem &item : items(List::TrancheAge)) {
        if (item.ageFrom < 0)
            continue;
        if (item.ageFrom <= age && (!band || item.ageFrom > band->ageFrom))
            band = &item;
        if (!youngest || item.ageFrom < youngest->ageFrom)
            youngest = &item;
    }
    band = band ? band : youngest;
    return band ? band->value : QString();
}

QString Nomenclature::trancheAgeForBirthYear(int birthYear, int referenceYear)
{
    return instance().trancheAgeForAge(referenceYear - birthYear);
}
