#include "ui/DamagedBaseDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace {
constexpr int kShownProblems = 5;
}

DamagedBaseDialog::DamagedBaseDialog(const QString &filePath, const QStringList &damage, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("damagedBaseDialog"));
    setWindowTitle(tr("Base de données endommagée"));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(tr("<p><b>Le fichier de données de Carnet est endommagé.</b></p><p>« %1 » ne passe pas la "
                                "vérification d'intégrité : une partie de son contenu est illisible. Carnet l'ouvre en "
                                "lecture seule pour que rien ne s'y ajoute.</p>")
                                 .arg(QDir::toNativeSeparators(filePath).toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    // The first lines of what the check found (one problem may take several lines).
    const QStringList lines = damage.join(QLatin1Char('\n')).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QStringList shown = lines.mid(0, kShownProblems);
    if (lines.size() > kShownProblems)
        shown.append(tr("… et %1 autres lignes.").arg(lines.size() - kShownProblems));
    auto *problems = new QLabel(shown.join(QLatin1Char('\n')), this);
    problems->setObjectName(QStringLiteral("damageDetails"));
    problems->setWordWrap(true);
    problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problems->setFrameShape(QFrame::StyledPanel);
    problems->setMargin(8);
    layout->addWidget(problems);

    auto *how
        = new QLabel(tr("<p>Vous pouvez <b>restaurer une sauvegarde</b> (la dernière copie saine de vos données), "
                        "<b>récupérer ce qui est lisible</b> dans une nouvelle base, ou continuer en lecture "
                        "seule pour consulter et exporter vos données. Dans les deux premiers cas, le fichier "
                        "endommagé est gardé de côté dans le dossier des sauvegardes.</p>"),
            this);
    how->setWordWrap(true);
    layout->addWidget(how);

    auto *buttons = new QDialogButtonBox(Qt::Vertical, this);
    QPushButton *restore = buttons->addButton(tr("&Restaurer une sauvegarde…"), QDialogButtonBox::AcceptRole);
    restore->setObjectName(QStringLiteral("damagedRestore"));
    QPushButton *salvage = buttons->addButton(tr("Ré&cupérer ce qui est lisible"), QDialogButtonBox::AcceptRole);
    salvage->setObjectName(QStringLiteral("damagedSalvage"));
    QPushButton *readOnly = buttons->addButton(tr("Continuer en &lecture seule"), QDialogButtonBox::RejectRole);
    readOnly->setObjectName(QStringLiteral("damagedReadOnly"));
    restore->setDefault(true);
    layout->addWidget(buttons);
    connect(restore, &QPushButton::clicked, this, [this] {
        m_choice = RestoreBackup;
        accept();
    });
    connect(salvage, &QPushButton::clicked, this, [this] {
        m_choice = Salvage;
        accept();
    });
    connect(readOnly, &QPushButton::clicked, this, [this] {
        m_choice = ContinueReadOnly;
        reject();
    });
    // Wrapped labels: the height that their width needs, no more.
    const int width = 600;
    resize(width, layout->hasHeightForWidth() ? layout->totalHeightForWidth(width) : sizeHint().height());
}
