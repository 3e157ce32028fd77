#include "ui/sync/ConflictDialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace {
// A value on one line of a radio button: long ones cut, whole in the tooltip.
QString shortText(const QString &text)
{
    QString line = text;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return line.size() > 70 ? line.left(68) + QStringLiteral("…") : line;
}
} // namespace

ConflictDialog::ConflictDialog(Store &store, const ConflictResolver::Sides &sides, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_sides(sides)
{
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("Conflit : %1").arg(sides.title));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("<b>%1</b> : cet enregistrement a été modifié sur cet ordinateur et sur un autre "
                                "depuis la dernière synchronisation. Choisissez, champ par champ, la valeur à garder : "
                                "rien n'est remplacé sans votre choix.")
                                 .arg(sides.title.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("<b>Champ</b>"), this), 0, 0);
    grid->addWidget(new QLabel(tr("<b>Sur cet ordinateur</b>"), this), 0, 1);
    grid->addWidget(new QLabel(tr("<b>Sur le serveur</b>"), this), 0, 2);
    const ConflictResolver resolver(store);
    int row = 1;
    int same = 0;
    for (const ConflictResolver::Field &f : resolver.fields(sides)) {
        if (!f.differs) {
            ++same;
            continue;
        }
        grid->addWidget(new QLabel(f.label, this), row, 0);
        auto *mine = new QRadioButton(shortText(f.mine), this);
        auto *theirs = new QRadioButton(shortText(f.theirs), this);
        mine->setObjectName(QStringLiteral("mine_") + f.key);
        theirs->setObjectName(QStringLiteral("theirs_") + f.key);
        mine->setToolTip(f.mine);
        theirs->setToolTip(f.theirs);
        mine->setAccessibleName(tr("%1 : %2 (cet ordinateur)").arg(f.label, f.mine));
        theirs->setAccessibleName(tr("%1 : %2 (serveur)").arg(f.label, f.theirs));
        auto *group = new QButtonGroup(this);
        group->addButton(mine, int(ConflictResolver::Side::Mine));
        group->addButton(theirs, int(ConflictResolver::Side::Theirs));
        mine->setChecked(true);
        m_groups.insert(f.key, group);
        grid->addWidget(mine, row, 1);
        grid->addWidget(theirs, row, 2);
        ++row;
    }
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 1);
    grid->setRowStretch(row, 1); // the rows at their height, the room left below them
    grid->setHorizontalSpacing(18);
    auto *inner = new QWidget(this);
    inner->setLayout(grid);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(inner);
    layout->addWidget(scroll, 1);
    if (same > 0) {
        layout->addWidget(new QLabel(same == 1 ? tr("Un autre champ est identique des deux côtés.")
                                               : tr("%1 autres champs sont identiques des deux côtés.").arg(same),
            this));
    }
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("conflictError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *allMine = buttons->addButton(tr("Tout de cet &ordinateur"), QDialogButtonBox::ActionRole);
    QPushButton *allTheirs = buttons->addButton(tr("Tout du &serveur"), QDialogButtonBox::ActionRole);
    QPushButton *save = buttons->addButton(tr("&Enregistrer ce choix"), QDialogButtonBox::AcceptRole);
    buttons->addButton(tr("Plus &tard"), QDialogButtonBox::RejectRole);
    save->setDefault(true);
    connect(allMine, &QPushButton::clicked, this, [this] { chooseAll(ConflictResolver::Side::Mine); });
    connect(allTheirs, &QPushButton::clicked, this, [this] { chooseAll(ConflictResolver::Side::Theirs); });
    connect(buttons, &QDialogButtonBox::accepted, this, &ConflictDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConflictDialog::reject);
    layout->addWidget(buttons);
    resize(760, std::min(160 + 34 * row, 620));
}

void ConflictDialog::choose(const QString &key, ConflictResolver::Side side)
{
    if (QButtonGroup *g = m_groups.value(key))
        g->button(int(side))->setChecked(true);
}

void ConflictDialog::chooseAll(ConflictResolver::Side side)
{
    for (auto it = m_groups.constBegin(); it != m_groups.constEnd(); ++it)
        choose(it.key(), side);
}

QHash<QString, ConflictResolver::Side> ConflictDialog::choices() const
{
    QHash<QString, ConflictResolver::Side> out;
    for (auto it = m_groups.constBegin(); it != m_groups.constEnd(); ++it)
        out.insert(it.key(), ConflictResolver::Side(it.value()->checkedId()));
    return out;
}

void ConflictDialog::accept()
{
    ConflictResolver resolver(m_store);
    QString error;
    if (!resolver.resolve(m_sides, choices(), QDateTime::currentDateTimeUtc(), &error)) {
        m_error->setText(tr("Ce choix ne peut pas être enregistré : %1").arg(error));
        m_error->show();
        return;
    }
    QDialog::accept();
}
