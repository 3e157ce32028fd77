#include "ui/widgets/CommuneLineEdit.h"

#include "models/communes/CommuneIndex.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QStandardItemModel>

#include <algorithm>

namespace {
constexpr int InseeRole = Qt::UserRole;
constexpr int PostalRole = Qt::UserRole + 1;
constexpr int NameRole = Qt::UserRole + 2;
constexpr int CompletionRole = Qt::UserRole + 3; // the text put in the line edit
constexpr int MaxMatches = 10;
} // namespace

CommuneLineEdit::CommuneLineEdit(QWidget *parent)
    : QLineEdit(parent)
{
    setPlaceholderText(tr("Nom ou code postal"));
    m_model = new QStandardItemModel(this);
    m_completer = new QCompleter(m_model, this);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setMaxVisibleItems(MaxMatches);
    m_completer->setCompletionRole(CompletionRole);
    m_completer->popup()->setAccessibleName(tr("Communes correspondantes"));
    m_completer->popup()->setObjectName(QStringLiteral("communePopup"));
    setCompleter(m_completer);

    connect(this, &QLineEdit::textEdited, this, &CommuneLineEdit::updateCompletions);
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this, [this](const QModelIndex &i) {
        m_commune = {i.data(InseeRole).toString(), i.data(PostalRole).toString(), i.data(NameRole).toString()};
        setText(display(m_commune));
        emit communeChanged();
    });
    connect(this, &QLineEdit::textChanged, this, [this] { emit communeChanged(); });
}

QString CommuneLineEdit::display(const CommuneRef &commune)
{
    if (commune.isEmpty())
        return {};
    if (commune.codePostal.isEmpty())
        return commune.nom;
    return commune.nom + QStringLiteral(" (") + commune.codePostal + QLatin1Char(')');
}

CommuneRef CommuneLineEdit::commune() const
{
    const QString typed = text().trimmed();
    if (typed.isEmpty())
        return {};
    if (!m_commune.isEmpty() && typed == display(m_commune))
        return m_commune;
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(typed, 2);
    if (!matches.isEmpty()) {
        const QString query = CommuneIndex::normalize(typed);
        const bool exactName = CommuneIndex::normalize(matches.first().nom) == query
            && (matches.size() == 1 || CommuneIndex::normalize(matches.at(1).nom) != query);
        const bool digits = !typed.isEmpty()
            && std::all_of(typed.cbegin(), typed.cend(), [](QChar c) { return c.isDigit() || c.isSpace(); });
        if (exactName || (digits && matches.size() == 1 && QString(typed).remove(QLatin1Char(' ')).size() == 5))
            return matches.first().toRef();
    }
    return {QString(), QString(), typed};
}

void CommuneLineEdit::setCommune(const CommuneRef &commune)
{
    m_commune = commune;
    setText(display(commune));
}

void CommuneLineEdit::updateCompletions(const QString &text)
{
    m_model->clear();
    const QList<CommuneMatch> matches = CommuneIndex::instance().find(text.trimmed(), MaxMatches);
    for (const CommuneMatch &m : matches) {
        const CommuneRef ref = m.toRef();
        auto *item = new QStandardItem(display(ref) + QStringLiteral(" — ") + m.departement);
        item->setData(ref.codeInsee, InseeRole);
        item->setData(ref.codePostal, PostalRole);
        item->setData(ref.nom, NameRole);
        item->setData(display(ref), CompletionRole);
        m_model->appendRow(item);
    }
    if (!matches.isEmpty())
        m_completer->complete();
}
