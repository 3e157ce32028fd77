#include "ui/widgets/ActivityFilterBar.h"

#include "models/domain/Nomenclature.h"
#include "models/domain/PeriodPreset.h"
#include "models/store/Store.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

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
    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(0, 0, 0, 0);
    m_periodRow = new QHBoxLayout;
    m_filterRow = new QHBoxLayout;
    rows->addLayout(m_periodRow);
    rows->addLayout(m_filterRow);

    m_period = new QComboBox(this);
    m_period->setObjectName(options.periodName);
    m_period->setAccessibleName(tr("Période"));
    if (options.openPeriod)
        m_period->addItem(PeriodPreset::label(PeriodPreset::All), PeriodPreset::All);
    for (const auto kind : {PeriodPreset::ThisMonth, PeriodPreset::LastMonth, PeriodPreset::ThisYear,
             PeriodPreset::LastYear, PeriodPreset::Last12Months, PeriodPreset::Custom})
        m_period->addItem(PeriodPreset::label(kind), kind);

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
    m_type = new QComboBox(this);
    m_type->setObjectName(options.typeName);
    m_type->setAccessibleName(tr("Type d'activité"));
    m_type->addItem(tr("Tous les types"), QString());
    for (const NomenclatureItem &item : n.items(Nomenclature::List::TypeActivite))
        m_type->addItem(item.label, item.value);

    m_place = new QComboBox(this);
    m_place->setObjectName(options.placeName);
    m_place->setAccessibleName(tr("Lieu d'activité"));
    m_place->addItem(tr("Tous les lieux"), QUuid());
    reloadPlaces();

    m_thematique = new QComboBox(this);
    m_thematique->setObjectName(options.thematiqueName);
    m_thematique->setAccessibleName(tr("Thématique"));
    m_thematique->addItem(tr("Toutes les thématiques"), QString());
    for (const auto list : {Nomenclature::List::ThematiqueMediation, Nomenclature::List::ThematiqueDemarche}) {
        if (options.groupedThematiques)
            m_thematique->insertSeparator(m_thematique->count());
        for (const NomenclatureItem &item : n.items(list))
            m_thematique->addItem(item.label, item.value);
    }

    if (options.compact) {
        for (QComboBox *combo : {m_period, m_type, m_place, m_thematique}) {
            combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            combo->setMinimumContentsLength(16);
        }
    } else {
        m_place->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_place->setMinimumContentsLength(16);
        m_thematique->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_thematique->setMinimumContentsLength(20);
    }

    const auto add = [this](QHBoxLayout *row, const QString &text, QWidget *buddy, int stretch = 0) {
        auto *label = new QLabel(text, this);
        label->setBuddy(buddy);
        row->addWidget(label);
        row->addWidget(buddy, stretch);
    };
    add(m_periodRow, tr("&Période :"), m_period);
    add(m_periodRow, tr("&Du :"), m_from);
    add(m_periodRow, tr("&Au :"), m_to);
    if (options.typeBesidePeriod) {
        m_periodRow->addSpacing(12);
        add(m_periodRow, options.typeLabel, m_type);
    } else {
        add(m_filterRow, options.typeLabel, m_type);
    }
    add(m_filterRow, tr("&Lieu :"), m_place);
    add(m_filterRow, tr("T&hématique :"), m_thematique, options.compact ? 0 : 1);

    if (options.onlyUserChoices)
        connect(m_period, &QComboBox::activated, this, &ActivityFilterBar::onPresetChanged);
    else
        connect(m_period, &QComboBox::currentIndexChanged, this, &ActivityFilterBar::onPresetChanged);
    for (QComboBox *combo : {m_type, m_place, m_thematique}) {
        const auto edited = [this] {
            if (!m_updating)
                emit filterEdited();
        };
        if (options.onlyUserChoices)
            connect(combo, &QComboBox::activated, this, edited);
        else
            connect(combo, &QComboBox::currentIndexChanged, this, edited);
    }
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

QString ActivityFilterBar::type() const
{
    return m_type->currentData().toString();
}

QUuid ActivityFilterBar::place() const
{
    return m_place->currentData().toUuid();
}

QString ActivityFilterBar::thematique() const
{
    return m_thematique->currentData().toString();
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

void ActivityFilterBar::setType(const QString &type)
{
    m_updating = true;
    m_type->setCurrentIndex(std::max(0, m_type->findData(type)));
    m_updating = false;
}

void ActivityFilterBar::setPlace(const QUuid &place)
{
    m_updating = true;
    m_place->setCurrentIndex(std::max(0, m_place->findData(place)));
    m_updating = false;
}

void ActivityFilterBar::setThematique(const QString &code)
{
    m_updating = true;
    m_thematique->setCurrentIndex(std::max(0, m_thematique->findData(code)));
    m_updating = false;
}

void ActivityFilterBar::reloadPlaces()
{
    const QUuid place = m_place->currentData().toUuid();
    m_updating = true;
    while (m_place->count() > 1)
        m_place->removeItem(1);
    const QList<Place> places = m_store.places(true);
    for (const Place &p : places)
        m_place->addItem(p.archive && m_options.markArchivedPlaces ? tr("%1 (archivé)").arg(p.nom) : p.nom, p.id);
    m_place->setCurrentIndex(std::max(0, m_place->findData(place)));
    m_updating = false;
}

void ActivityFilterBar::showPreset(int kind)
{
    if (kind == PeriodPreset::Custom)
        return; // the days stay as they are
    const PeriodPreset::Range range
        = PeriodPreset::range(static_cast<PeriodPreset::Kind>(kind), m_store.clock().today());
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
