#include "ui/widgets/CommuneEdit.h"

#include "models/communes/CommuneIndex.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QStandardItemModel>

namespace {
constexpr int InseeRole = Qt::UserRole + 1;
constexpr int PostalRole = Qt::UserRole + 2;
constexpr int NameRole = Qt::UserRole + 3;
constexpr int MaxMatches = 20;
} // namespace

CommuneEdit::CommuneEdit(QWidget *parent)
    : QLineEdit(parent)
{
    setPlaceholderText(tr("Nom ou code postal"));
    m_matches = new QStandardItemModel(this);
    m_completer = new QCompleter(m_matches, this);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setMaxVisibleItems(10);
    m_completer->setWidget(this);
    m_completer->popup()->setObjectName(QStringLiteral("communePopup"));
    m_completer->popup()->setAccessibleName(tr("Communes correspondantes"));

    connect(this, &QLineEdit::textEdited, this, &CommuneEdit::updateMatches);
    connect(this, &QLineEdit::textChanged, this, &CommuneEdit::communeChanged);
    connect(
        m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this, [this](const QModelIndex &index) {
            choose(
                {index.data(InseeRole).toString(), index.data(PostalRole).toString(), index.data(NameRole).toString()});
        });
    connect(this, &QLineEdit::editingFinished, this, [this] {
        if (text() == display(m_commune))
            return;
        if (const std::optional<CommuneRef> found = resolve(text()))
            choose(*found);
    });
}

QString CommuneEdit::display(const CommuneRef &commune)
{
    if (commune.isEmpty())
        return {};
    if (commune.codePostal.isEmpty())
        return commune.nom;
    return tr("%1 (%2)").arg(commune.nom, commune.codePostal);
}

CommuneRef CommuneEdit::commune() const
{
    if (text() == display(m_commune))
        return m_commune;
    return resolve(text()).value_or(CommuneRef());
}

void CommuneEdit::setCommune(const CommuneRef &commune)
{
    m_commune = commune;
    m_completer->popup()->hide();
    setText(display(commune));
}

bool CommuneEdit::hasUnresolvedText() const
{
    return !text().trimmed().isEmpty() && commune().isEmpty();
}

CommuneRef CommuneEdit::communeOrTypedName() const
{
    if (hasUnresolvedText())
        return {QString(), QString(), text().trimmed()};
    return commune();
}

QString CommuneEdit::unresolvedMessage() const
{
    return tr("Commune « %1 » introuvable : tapez son nom ou son code postal et choisissez-la dans la liste.")
        .arg(text().trimmed());
}

void CommuneEdit::updateMatches(const QString &text)
{
    m_matches->clear();
    const QList<CommuneMatch> found = CommuneIndex::instance().find(text.trimmed(), MaxMatches);
    for (const CommuneMatch &match : found) {
        auto *item = new QStandardItem(tr("%1 (%2)").arg(match.nom, match.codePostal));
        item->setData(match.codeInsee, InseeRole);
        item->setData(match.codePostal, PostalRole);
        item->setData(match.nom, NameRole);
        item->setToolTip(tr("%1, code postal %2, département %3").arg(match.nom, match.codePostal, match.departement));
        m_matches->appendRow(item);
    }
    if (found.isEmpty())
        m_completer->popup()->hide();
    else
        m_completer->complete();
}

void CommuneEdit::choose(const CommuneRef &commune)
{
    const bool sameText = text() == display(commune);
    const bool changed = commune != m_commune;
    m_commune = commune;
    m_completer->popup()->hide();
    setText(display(commune));
    if (changed && sameText)
        emit communeChanged(); // otherwise emitted through textChanged
}

std::optional<CommuneRef> CommuneEdit::resolve(const QString &typed) const
{
    const QString query = typed.trimmed();
    if (query.isEmpty())
        return std::nullopt;
    // "Guéret (23000)" as the completer shows it: search the name, keep the match with that postal code.
    QString name = query;
    QString postal;
    const qsizetype open = query.lastIndexOf(QLatin1Char('('));
    if (open > 0 && query.endsWith(QLatin1Char(')'))) {
        name = query.left(open).trimmed();
        postal = query.mid(open + 1, query.size() - open - 2).trimmed();
    }
    const QList<CommuneMatch> found = CommuneIndex::instance().find(name, MaxMatches);
    const QString wanted = CommuneIndex::normalize(name);
    std::optional<CommuneRef> exact;
    int exactCount = 0;
    for (const CommuneMatch &match : found) {
        if (CommuneIndex::normalize(match.nom) != wanted)
            continue;
        if (!postal.isEmpty()) {
            if (match.codesPostaux.contains(postal))
                return CommuneRef{match.codeInsee, postal, match.nom};
        } else {
            exact = match.toRef();
            ++exactCount;
        }
    }
    // A name shared by several communes (Saint-Martin...) needs the list; a single match or a single exact name does
    // not.
    if (exactCount == 1)
        return exact;
    if (postal.isEmpty() && exactCount == 0 && found.size() == 1)
        return found.first().toRef();
    return std::nullopt;
}
