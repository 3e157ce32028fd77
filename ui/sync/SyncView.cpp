#include "ui/sync/SyncView.h"

#include "models/store/Store.h"
#include "models/text/FrenchText.h"
#include "sync/SyncStatus.h"

#include <QLabel>
#include <QVBoxLayout>

SyncView::SyncView(Store &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("syncView"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Synchronisation</h2>"), this));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("syncState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_state);
    auto *about = new QLabel(tr("Cette version de Carnet n'envoie pas encore vos activités à la plateforme nationale "
                                "(La Coop de la médiation numérique). Elles sont enregistrées sur cet ordinateur et "
                                "marquées « à envoyer » : rien ne sera perdu ni ressaisi quand l'envoi sera "
                                "disponible."),
        this);
    about->setWordWrap(true);
    layout->addWidget(about);
    layout->addStretch();
}

void SyncView::refresh()
{
    const SyncStatus::Summary s = SyncStatus::summarize(m_store);
    m_state->setText(tr("<p><b>%1</b></p>").arg(SyncStatus::describe(s).toHtmlEscaped()));
}
