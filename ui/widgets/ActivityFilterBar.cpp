#include "ui/widgets/ActivityFilterBar.h"

#include "models/domain/Nomenclature.h"
#include "models/domain/PeriodPreset.h"
#include "models/store/Store.h"
#include "ui/widgets/FlowLayout.h"
#include "ui/widgets/MultiValueCombo.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>

#include <algorithm>

namespace {
// With openPeriod, the minimum of a date field stands for "no bound" and reads as its special text.
const QDate kOpenBound(2000, 1, 1);
} // namespace

ActivityFilterBar::ActivityFilterBar(Store &store, const Options &options, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_options(options)
{
    // Fields 12 pixels apart, a label 6 from its field: which label goes with which field reads at a glance.
    m_fields = new FlowLayout(this, 12, 6);
    m_fields->setContentsMargins(0, 0, 0, 0);

    m_period = new QComboBox(this);
    m_period->setObjectName(options.periodName);
    m_period->setAccessibleName(tr("Période"));
    if (options.openPeriod)
        m_period->addItem(PeriodPreset::label(PeriodPreset::All), PeriodPreset::All);
    for (const auto kind : {PeriodPreset::ThisMonth, PeriodPreset::LastMonth, PeriodPreset::ThisYear,
             PeriodPreset::LastYear, PeriodPreset::Last12Months, PeriodPreset::SinceStart, PeriodPreset::Custom}) {
        if (kind != PeriodPreset::SinceStart || options.sinceStart)
            m_period->addItem(PeriodPreset::label(kind), kind);
    }

    const auto makeDate = [this, &options](const QString &name, const QString &accessible) {
        auto *edit = new QDateEdit(this);
        edit->setObjectName(name);
        edit->setAccessibleName(accessible);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("dd/MM/yyyy"));
        if (options.openPeriod) {
            edit->setMinimumDate(kOpenBound);
            edit->setSpecialValueText(tr("sans limite"));
            edit->setDate(kOpenBound);
        }
        connect(edit, &QDateEdit::dateChanged, this, &ActivityFilterBar::onDateChanged);
        return edit;
    };
    m_from = makeDate(options.fromName, tr("Du"));
    m_to = makeDate(options.toName, tr("Au"));

    const Nomenclature &n = Nomenclature::instance();
    m_type = new MultiValueCombo(tr("Tous les types"), tr("type"), tr("types"), this);
    m_type->setObjectName(options.typeName);
    m_type->setAccessibleName(tr("Type d'activité"));
    for (const NomenclatureItem &item : n.items(Nomenclature::List::TypeActivite))
        m_type->addValue(item.label, item.value);

    m_place = new MultiValueCombo(tr("Tous les lieux"), tr("lieu"), tr("lieux"), this);
    m_place->setObjectName(options.placeName);
    m_place->setAccessibleName(tr("Lieu d'activité"));
    reloadPlaces();

    m_thematique = new MultiValueCombo(tr("Toutes les thématiques"), tr("thématique"), tr("thématiques"), this);
    m_thematique->setObjectName(options.thematiqueName);
    m_thematique->setAccessibleName(tr("Thématique"));
    for (const auto list : {Nomenclature::List::ThematiqueMediation, Nomenclature::List::ThematiqueDemarche}) {
        if (options.groupedThematiques)
            m_thematique->addSeparatorLine();
        for (const NomenclatureItem &item : n.items(list))
            m_thematique->addValue(item.label, item.value);
    }

    if (options.compact) {
        for (QComboBox *combo : std::initializer_list<QComboBox *>{m_period, m_type, m_place, m_thematique}) {
            combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            combo->setMinimumContentsLength(16);
        }
    } else {
        m_place->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_place->setMinimumContentsLength(16);
        m_thematique->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_thematique->setMinimumContentsLength(20);
    }

    addField(tr("&Période :"), m_period);
    addField(tr("&Du :"), m_from);
    addField(tr("&Au :"), m_to);
    addField(options.typeLabel, m_type);
    addField(tr("&Lieu :"), m_place);
    addField(tr("T&hématique :"), m_thematique);

    if (options.onlyUserChoices)
        connect(m_period, &QComboBox::activated, this, &ActivityFilterBar::onPresetChanged);
    else
        connect(m_period, &QComboBox::currentIndexChanged, this, &ActivityFilterBar::onPresetChanged);
    for (MultiValueCombo *combo : {m_type, m_place, m_thematique})
        connect(combo, &MultiValueCombo::valuesEdited, this, &ActivityFilterBar::filterEdited);
}

QLabel *ActivityFilterBar::addField(const QString &text, QWidget *field)
{
    auto *pair = new QWidget(this);
    auto *row = new QHBoxLayout(pair);
    row->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(text, pair);
    label->setBuddy(field);
    row->addWidget(label);
    row->addWidget(field);
    m_fields->addWidget(pair);
    return label;
}

void ActivityFilterBar::addWidget(QWidget *widget)
{
    m_fields->addWidget(widget);
}

int ActivityFilterBar::preset() const
{
    return m_period->currentData().toInt();
}

bool ActivityFilterBar::offersPreset(int kind) const
{
    return m_period->findData(kind) >= 0;
}

QDate ActivityFilterBar::from() const
{
    return dateOf(m_from);
}

QDate ActivityFilterBar::to() const
{
    return dateOf(m_to);
}

QStringList ActivityFilterBar::types() const
{
    return m_type->stringValues();
}

QList<QUuid> ActivityFilterBar::places() const
{
    QList<QUuid> list;
    for (const QVariant &value : m_place->values())
        list << value.toUuid();
    return list;
}

QStringList ActivityFilterBar::thematiques() const
{
    return m_thematique->stringValues();
}

void ActivityFilterBar::setPreset(int kind)
{
    m_updating = true;
    m_period->setCurrentIndex(m_period->findData(kind));
    m_updating = false;
    showPreset(kind);
}

void ActivityFilterBar::setPeriod(int kind, const QDate &from, const QDate &to)
{
    m_updating = true;
    setDate(m_from, from);
    setDate(m_to, to);
    m_period->setCurrentIndex(m_period->findData(kind));
    m_updating = false;
}

void ActivityFilterBar::setTypes(const QStringList &types)
{
    m_type->setStringValues(types);
}

void ActivityFilterBar::setPlaces(const QList<QUuid> &places)
{
    QVariantList values;
    for (const QUuid &id : places)
        values << id;
    m_place->setValues(values);
}

void ActivityFilterBar::setThematiques(const QStringList &codes)
{
    m_thematique->setStringValues(codes);
}

void ActivityFilterBar::reloadPlaces()
{
    const QVariantList chosen = m_place->values();
    m_place->clearValues();
    const QList<Place> places = m_store.places(true);
    for (const Place &p : places)
        m_place->addValue(p.archive && m_options.markArchivedPlaces ? tr("%1 (archivé)").arg(p.nom) : p.nom, p.id);
    m_place->setValues(chosen);
}

void ActivityFilterBar::updatePresetDays()
{
    showPreset(preset());
}

void ActivityFilterBar::showPreset(int kind)
{
    if (kind == PeriodPreset::Custom)
        return; // the days stay as they are
    const QDate first = kind == PeriodPreset::SinceStart ? m_store.firstActivityDate() : QDate();
    const PeriodPreset::Range range
        = PeriodPreset::range(static_cast<PeriodPreset::Kind>(kind), m_store.clock().today(), first);
    m_updating = true;
    setDate(m_from, range.from);
    setDate(m_to, range.to);
    m_updating = false;
}

void ActivityFilterBar::onPresetChanged(int index)
{
    if (m_updating)
        return;
    const int kind = m_period->itemData(index).toInt();
    showPreset(kind);
    emit presetChosen(kind);
}

void ActivityFilterBar::onDateChanged()
{
    if (m_updating)
        return;
    m_updating = true;
    m_period->setCurrentIndex(m_period->findData(PeriodPreset::Custom));
    m_updating = false;
    emit datesEdited();
}

void ActivityFilterBar::setDate(QDateEdit *edit, const QDate &date)
{
    if (date.isValid())
        edit->setDate(date);
    else if (m_options.openPeriod)
        edit->setDate(kOpenBound);
}

QDate ActivityFilterBar::dateOf(const QDateEdit *edit) const
{
    return m_options.openPeriod && edit->date() == kOpenBound ? QDate() : edit->date();
}
