#include "models/list/ActivityTableModel.h"
#include "models/text/Durations.h"

#include "models/domain/Nomenclature.h"
#include "models/store/Store.h"

#include <QDate>
#include <QThread>

ActivityTableModel::ActivityTableModel(Store &store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    loadLabels();
    ActivityQueryWorker::Callbacks callbacks;
    // Called on the worker's thread: hand the results over to this (GUI) thread.
    callbacks.page = [this](quint64 generation, const QVector<ActivityListRow> &rows, bool first, bool atEnd) {
        QMetaObject::invokeMethod(
            this, [this, generation, rows, first, atEnd] { onPage(generation, rows, first, atEnd); },
            Qt::QueuedConnection);
    };
    callbacks.count = [this](quint64 generation, qint64 count) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, count] {
                if (generation != m_generation)
                    return;
                const bool was = isLoading();
                m_totalCount = count;
                emit totalCountChanged(count);
                updateLoading(was);
            },
            Qt::QueuedConnection);
    };
    callbacks.error = [this](quint64 generation, const QString &message) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, message] {
                if (generation != m_generation)
                    return;
                const bool was = isLoading();
                m_failed = true;
                m_awaitingFirst = false;
                m_fetching = false;
                m_atEnd = true;
                m_lastError = message;
                emit loadFailed(message);
                updateLoading(was);
            },
            Qt::QueuedConnection);
    };
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("carnet-activity-list"));
    m_worker = new ActivityQueryWorker(store.filePath(), m_latest, callbacks);
    m_worker->moveToThread(m_thread);
    m_thread->start();
    restart(PageSize);
}

ActivityTableModel::~ActivityTableModel()
{
    m_latest->store(~quint64(0)); // everything queued is stale now
    ActivityQueryWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker] { worker->closeDatabase(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
}

void ActivityTableModel::loadLabels()
{
    const Nomenclature &n = Nomenclature::instance();
    for (auto list : {Nomenclature::List::ThematiqueMediation, Nomenclature::List::ThematiqueDemarche}) {
        for (const NomenclatureItem &item : n.items(list))
            m_thematiqueLabels.insert(item.value, item.label);
    }
    m_placeNames.clear();
    const QList<Place> places = m_store.places(true);
    for (const Place &p : places)
        m_placeNames.insert(p.id, p.nom);
}

void ActivityTableModel::updateLoading(bool wasLoading)
{
    if (wasLoading != isLoading())
        emit loadingChanged(isLoading());
}

void ActivityTableModel::restart(int rows)
{
    const bool was = isLoading();
    m_generation = m_latest->load() + 1;
    m_latest->store(m_generation);
    m_awaitingFirst = true;
    m_fetching = false;
    m_failed = false;
    m_lastError.clear();
    if (m_totalCount != -1) {
        m_totalCount = -1;
        emit totalCountChanged(-1);
    }
    const quint64 generation = m_generation;
    const ActivityFilter filter = m_filter;
    const ActivityOrder order = m_order;
    ActivityQueryWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, generation, filter, order, rows] { worker->start(generation, filter, order, rows); },
        Qt::QueuedConnection);
    updateLoading(was);
}

void ActivityTableModel::onPage(quint64 generation, const QVector<ActivityListRow> &rows, bool first, bool atEnd)
{
    if (generation != m_generation)
        return;
    const bool was = isLoading();
    if (first) {
        // Replace in place rather than reset, so that a reload does not throw the view back to the top.
        const int oldSize = static_cast<int>(m_rows.size());
        const int newSize = static_cast<int>(rows.size());
        if (newSize < oldSize) {
            beginRemoveRows(QModelIndex(), newSize, oldSize - 1);
            m_rows.resize(newSize);
            endRemoveRows();
        }
        const int common = std::min(oldSize, newSize);
        for (int i = 0; i < common; ++i)
            m_rows[i] = rows.at(i);
        if (common > 0)
            emit dataChanged(index(0, 0), index(common - 1, ColumnCount - 1));
        if (newSize > oldSize) {
            beginInsertRows(QModelIndex(), oldSize, newSize - 1);
            m_rows.append(rows.mid(oldSize));
            endInsertRows();
        }
        m_awaitingFirst = false;
        m_atEnd = atEnd;
        emit reloaded();
    } else {
        m_fetching = false;
        m_atEnd = atEnd;
        if (!rows.isEmpty()) {
            beginInsertRows(
                QModelIndex(), static_cast<int>(m_rows.size()), static_cast<int>(m_rows.size() + rows.size() - 1));
            m_rows.append(rows);
            endInsertRows();
        }
    }
    updateLoading(was);
}

int ActivityTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ActivityTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ActivityTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_awaitingFirst && !m_fetching;
}

void ActivityTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const bool was = isLoading();
    m_fetching = true;
    const quint64 generation = m_generation;
    ActivityQueryWorker *worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, generation] { worker->next(generation, PageSize); }, Qt::QueuedConnection);
    updateLoading(was);
}

bool ActivityTableModel::isSortable(int column)
{
    return column == DateColumn || column == TypeColumn || column == DureeColumn || column == ParticipantsColumn;
}

int ActivityTableModel::sortColumn() const
{
    switch (m_order.key) {
    case ActivityOrder::Date:
        return DateColumn;
    case ActivityOrder::Type:
        return TypeColumn;
    case ActivityOrder::Duree:
        return DureeColumn;
    case ActivityOrder::Participants:
        return ParticipantsColumn;
    }
    return DateColumn;
}

void ActivityTableModel::sort(int column, Qt::SortOrder order)
{
    if (!isSortable(column))
        return;
    ActivityOrder next;
    next.order = order;
    next.key = column == TypeColumn    ? ActivityOrder::Type
        : column == DureeColumn        ? ActivityOrder::Duree
        : column == ParticipantsColumn ? ActivityOrder::Participants
                                       : ActivityOrder::Date;
    if (next.key == m_order.key && next.order == m_order.order)
        return;
    m_order = next;
    restart(PageSize);
}

void ActivityTableModel::setFilter(const ActivityFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    restart(PageSize);
}

void ActivityTableModel::reload()
{
    loadLabels();
    const int keep = std::max(PageSize, std::min(static_cast<int>(m_rows.size()), ReloadKeepRows));
    restart(keep);
}

bool ActivityTableModel::hasAnyActivity() const
{
    return m_store.hasActivities();
}

QUuid ActivityTableModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QUuid();
}

int ActivityTableModel::rowOfId(const QUuid &id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

void ActivityTableModel::setStateLabeler(std::function<QString(SyncState)> labeler)
{
    m_stateLabeler = std::move(labeler);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, EtatColumn), index(static_cast<int>(m_rows.size()) - 1, EtatColumn));
}

QString ActivityTableModel::displayText(const ActivityListRow &row, int column) const
{
    const Nomenclature &n = Nomenclature::instance();
    switch (column) {
    case DateColumn:
        return QDate::fromString(row.date, Qt::ISODate).toString(QStringLiteral("dd/MM/yyyy"));
    case TypeColumn:
        return n.label(Nomenclature::List::TypeActivite, row.type);
    case DureeColumn:
        return Durations::text(row.dureeMinutes);
    case LieuColumn: {
        if (!row.lieuId.isNull()) {
            const QString name = m_placeNames.value(row.lieuId);
            if (!name.isEmpty())
                return name;
        }
        if (!row.lieuCommune.isEmpty())
            return row.lieuCommune;
        return n.label(Nomenclature::List::TypeLieu, row.typeLieu);
    }
    case ThematiquesColumn: {
        QStringList labels;
        const QStringList codes = row.thematiques.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &code : codes)
            labels << m_thematiqueLabels.value(code, code);
        return labels.join(QLatin1String(", "));
    }
    case ParticipantsColumn:
        return QString::number(row.participants);
    case EtatColumn: {
        const QString state = m_stateLabeler ? m_stateLabeler(row.syncState) : QString();
        if (!row.deleted)
            return state;
        return state.isEmpty() ? tr("Supprimée") : tr("Supprimée (%1)").arg(state);
    }
    default:
        return QString();
    }
}

QVariant ActivityTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return {};
    const ActivityListRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ThematiquesColumn || index.column() == LieuColumn)
            return displayText(row, index.column());
        return {};
    case Qt::AccessibleTextRole:
        return QString(headerData(index.column(), Qt::Horizontal, Qt::DisplayRole).toString() + QStringLiteral(" : ")
            + displayText(row, index.column()));
    case Qt::TextAlignmentRole:
        if (index.column() == DureeColumn || index.column() == ParticipantsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case IdRole:
        return row.id;
    case SyncStateRole:
        return static_cast<int>(row.syncState);
    case DeletedRole:
        return row.deleted;
    default:
        return {};
    }
}

QVariant ActivityTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::AccessibleTextRole))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DateColumn:
        return tr("Date");
    case TypeColumn:
        return tr("Type");
    case DureeColumn:
        return tr("Durée");
    case LieuColumn:
        return tr("Lieu");
    case ThematiquesColumn:
        return tr("Thématiques");
    case ParticipantsColumn:
        return tr("Participants");
    case EtatColumn:
        return tr("État");
    default:
        return {};
    }
}
