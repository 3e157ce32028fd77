#include "ui/sync/SyncView.h"

#include "models/store/Store.h"
#include "models/store/SyncLedger.h"
#include "models/text/FrenchText.h"
#include "sync/SyncStatus.h"
#include "sync/client/HttpTransport.h"
#include "sync/client/SyncEngine.h"
#include "sync/client/SyncSettings.h"
#include "ui/sync/ConflictDialog.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QString kindLabel(SyncLedger::Kind kind)
{
    switch (kind) {
    case SyncLedger::Kind::Lieu:
        return SyncView::tr("Lieu");
    case SyncLedger::Kind::Beneficiaire:
        return SyncView::tr("Bénéficiaire");
    case SyncLedger::Kind::Activite:
        break;
    }
    return SyncView::tr("Activité");
}

// "Activité du 12/03/2026", "Lieu « Médiathèque »": what the mediator recognises.
QString titleOf(const Store &store, SyncLedger::Kind kind, const QUuid &id)
{
    switch (kind) {
    case SyncLedger::Kind::Lieu:
        if (const std::optional<Place> p = store.place(id))
            return SyncView::tr("Lieu « %1 »").arg(p->nom);
        break;
    case SyncLedger::Kind::Beneficiaire:
        if (const std::optional<Beneficiary> b = store.beneficiary(id))
            return SyncView::tr("Bénéficiaire « %1 »")
                .arg(QStringList{b->prenom, b->nom}.join(QLatin1Char(' ')).trimmed());
        break;
    case SyncLedger::Kind::Activite:
        if (const std::optional<Activity> a = store.activity(id))
            return SyncView::tr("Activité du %1").arg(a->date.toString(QStringLiteral("dd/MM/yyyy")));
        break;
    }
    return kindLabel(kind);
}

QString localTime(const QDateTime &t)
{
    return t.toLocalTime().toString(SyncView::tr("dd/MM/yyyy 'à' HH:mm"));
}
} // namespace

SyncView::SyncView(Store &store, SyncEngine &engine, const QString &dataDir, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_engine(engine)
    , m_dataDir(dataDir)
{
    setObjectName(QStringLiteral("syncView"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto *page = new QWidget(scroll);
    scroll->setWidget(page);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(new QLabel(tr("<h2>Synchronisation</h2>"), page));

    m_state = new QLabel(page);
    m_state->setObjectName(QStringLiteral("syncState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_state);
    auto *actions = new QHBoxLayout;
    m_syncNow = new QPushButton(tr("&Synchroniser maintenant"), page);
    m_syncNow->setObjectName(QStringLiteral("syncNow"));
    m_syncNow->setToolTip(tr("Ctrl+Maj+S"));
    m_cancel = new QPushButton(tr("Interrompre"), page);
    m_cancel->setObjectName(QStringLiteral("syncCancel"));
    m_progress = new QLabel(page);
    m_progress->setObjectName(QStringLiteral("syncProgress"));
    actions->addWidget(m_syncNow);
    actions->addWidget(m_cancel);
    actions->addWidget(m_progress, 1);
    layout->addLayout(actions);
    connect(m_syncNow, &QPushButton::clicked, this, [this] {
        if (saveSettings())
            m_engine.syncNow();
    });
    connect(m_cancel, &QPushButton::clicked, &m_engine, &SyncEngine::cancel);
    auto *shortcut = new QShortcut(QKeySequence(tr("Ctrl+Shift+S")), window());
    shortcut->setContext(Qt::ApplicationShortcut);
    connect(shortcut, &QShortcut::activated, m_syncNow, &QPushButton::click);
    connect(&m_engine, &SyncEngine::started, this, &SyncView::refresh);
    connect(&m_engine, &SyncEngine::progress, m_progress, &QLabel::setText);
    connect(&m_engine, &SyncEngine::finished, this, [this](const SyncSession::Result &r) {
        m_progress->setText(SyncSession::describe(r));
        if (r.ok()) {
            m_lastSuccess = QDateTime::currentDateTimeUtc();
            SyncSettings::recordSuccess(m_dataDir, m_lastSuccess);
        }
        refresh();
    });

    // Problems first: what the mediator has to act on.
    auto *conflictsBox = new QGroupBox(tr("Conflits à résoudre"), page);
    auto *conflictsLayout = new QVBoxLayout(conflictsBox);
    m_conflicts = new QTreeWidget(conflictsBox);
    m_conflicts->setObjectName(QStringLiteral("syncConflicts"));
    m_conflicts->setHeaderLabels({tr("Enregistrement"), tr("Constaté le")});
    m_conflicts->setRootIsDecorated(false);
    m_conflicts->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_conflicts->setMaximumHeight(160);
    m_resolve = new QPushButton(tr("&Résoudre…"), conflictsBox);
    m_resolve->setObjectName(QStringLiteral("syncResolve"));
    conflictsLayout->addWidget(m_conflicts);
    conflictsLayout->addWidget(m_resolve, 0, Qt::AlignLeft);
    layout->addWidget(conflictsBox);
    connect(m_resolve, &QPushButton::clicked, this, [this] {
        if (m_conflicts->currentItem())
            resolveConflict(m_conflicts->indexOfTopLevelItem(m_conflicts->currentItem()));
    });
    connect(m_conflicts, &QTreeWidget::currentItemChanged, this,
        [this] { m_resolve->setEnabled(m_conflicts->currentItem() != nullptr); });
    connect(m_conflicts, &QTreeWidget::itemActivated, this,
        [this](QTreeWidgetItem *item) { resolveConflict(m_conflicts->indexOfTopLevelItem(item)); });

    auto *errorsBox = new QGroupBox(tr("Erreurs"), page);
    auto *errorsLayout = new QVBoxLayout(errorsBox);
    m_errors = new QTreeWidget(errorsBox);
    m_errors->setObjectName(QStringLiteral("syncErrors"));
    m_errors->setHeaderLabels({tr("Enregistrement"), tr("Message du serveur"), tr("Prochain essai")});
    m_errors->setRootIsDecorated(false);
    m_errors->setWordWrap(true);
    m_errors->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_errors->setMaximumHeight(160);
    m_retry = new QPushButton(tr("Ré&essayer"), errorsBox);
    m_retry->setObjectName(QStringLiteral("syncRetry"));
    m_retry->setToolTip(tr("Renvoie maintenant ce que le serveur a refusé, après l'avoir corrigé par exemple."));
    errorsLayout->addWidget(m_errors);
    errorsLayout->addWidget(m_retry, 0, Qt::AlignLeft);
    layout->addWidget(errorsBox);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        QString error;
        SyncLedger ledger(m_store);
        if (!ledger.retryBlocked(&error)) {
            m_progress->setText(error);
            return;
        }
        emit changed();
        refresh();
        m_engine.syncNow();
    });

    auto *serverBox = new QGroupBox(tr("Serveur"), page);
    auto *form = new QFormLayout(serverBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_server = new QLineEdit(serverBox);
    m_server->setObjectName(QStringLiteral("syncServer"));
    m_server->setPlaceholderText(tr("https://serveur.exemple/api/v1"));
    m_token = new QLineEdit(serverBox);
    m_token->setObjectName(QStringLiteral("syncToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_tokenInFile = new QCheckBox(tr("Garder le jeton dans un &fichier de cet ordinateur"), serverBox);
    m_tokenInFile->setObjectName(QStringLiteral("syncTokenInFile"));
    m_fileWarning = new QLabel(tr("Le jeton sera écrit en clair dans le dossier des données de Carnet, lisible "
                                  "seulement par votre compte. Sur un ordinateur partagé, préférez le trousseau du "
                                  "système : quiconque ouvre votre session pourrait lire ce fichier."),
        serverBox);
    m_fileWarning->setWordWrap(true);
    m_fileWarning->setStyleSheet(QStringLiteral("color: #8a4b00;"));
    m_unmeteredOnly = new QCheckBox(tr("Synchroniser automatiquement seulement sur un réseau &non limité"), serverBox);
    m_unmeteredOnly->setObjectName(QStringLiteral("syncUnmeteredOnly"));
    m_unmeteredOnly->setToolTip(tr("Sur un partage de connexion d'un téléphone, Carnet attend : « Synchroniser "
                                   "maintenant » reste possible."));
    auto *save = new QPushButton(tr("Enre&gistrer"), serverBox);
    save->setObjectName(QStringLiteral("syncSaveSettings"));
    m_settingsMessage = new QLabel(serverBox);
    m_settingsMessage->setObjectName(QStringLiteral("syncSettingsMessage"));
    m_settingsMessage->setWordWrap(true);
    form->addRow(tr("&Adresse du serveur :"), m_server);
    form->addRow(tr("&Jeton personnel :"), m_token);
    // The options under the fields, each its natural height (a wrapped label in a form row takes too much).
    auto *options = new QVBoxLayout;
    options->addWidget(m_tokenInFile);
    options->addWidget(m_fileWarning);
    options->addWidget(m_unmeteredOnly);
    options->addWidget(save, 0, Qt::AlignLeft);
    options->addWidget(m_settingsMessage);
    form->addRow(options);
    layout->addWidget(serverBox);
    layout->addStretch();
    connect(m_tokenInFile, &QCheckBox::toggled, m_fileWarning, &QLabel::setVisible);
    connect(save, &QPushButton::clicked, this, [this] {
        if (saveSettings())
            m_settingsMessage->setText(tr("Réglages enregistrés."));
    });
    loadSettings();
    applyToEngine();
    m_lastSuccess = SyncSettings::lastSuccess(m_dataDir);
}

void SyncView::loadSettings()
{
    const SyncSettings s = SyncSettings::load(m_dataDir);
    m_server->setText(s.server.toString());
    m_tokenInFile->setChecked(s.tokenInFile);
    m_fileWarning->setVisible(s.tokenInFile);
    m_unmeteredOnly->setChecked(s.unmeteredOnly);
}

void SyncView::applyToEngine()
{
    const SyncSettings s = SyncSettings::load(m_dataDir);
    QString token;
    QString error;
    if (!s.server.isEmpty() && !s.token(m_dataDir, &token, &error))
        m_settingsMessage->setText(error);
    m_hasToken = !token.isEmpty();
    m_token->setPlaceholderText(m_hasToken
            ? tr("enregistré (%1) : laissez vide pour le garder").arg(s.tokenStore(m_dataDir)->where())
            : tr("le jeton donné par votre structure"));
    m_engine.setServer(s.server, token);
    m_engine.setUnmeteredOnly(s.unmeteredOnly);
}

bool SyncView::saveSettings()
{
    SyncSettings s = SyncSettings::load(m_dataDir);
    const SyncSettings before = s;
    s.server = QUrl(m_server->text().trimmed());
    s.tokenInFile = m_tokenInFile->isChecked();
    s.unmeteredOnly = m_unmeteredOnly->isChecked();
    QString error;
    if (s.server.isEmpty()) {
        m_settingsMessage->setText(tr("Indiquez l'adresse du serveur de synchronisation que votre structure vous a "
                                      "donnée."));
        m_server->setFocus();
        return false;
    }
    if (!HttpTransport::acceptable(s.server, &error)) {
        m_settingsMessage->setText(error);
        m_server->setFocus();
        return false;
    }
    // The token: the one typed, else the one kept (moved when its place changes); never CARNET_TOKEN's.
    QString token = m_token->text().trimmed();
    if (token.isEmpty() && !before.tokenStore(m_dataDir)->read(&token, &error)) {
        m_settingsMessage->setText(error);
        return false;
    }
    if (token.isEmpty()) {
        m_settingsMessage->setText(tr("Collez le jeton personnel que votre structure vous a donné."));
        m_token->setFocus();
        return false;
    }
    // The keychain waits in a local event loop: no second save or sync meanwhile.
    setEnabled(false);
    const bool moved = !m_token->text().trimmed().isEmpty() || before.tokenInFile != s.tokenInFile;
    const bool written = (!moved || s.tokenStore(m_dataDir)->write(token, &error)) && s.save(m_dataDir, &error);
    setEnabled(true);
    if (!written) {
        m_settingsMessage->setText(error);
        return false;
    }
    if (before.tokenInFile != s.tokenInFile) {
        QString ignored; // the old place emptied as well as it can be: the token is safe in the new one, named
        before.tokenStore(m_dataDir)->write(QString(), &ignored); // by sync.ini already
    }
    m_token->clear();
    m_settingsMessage->clear();
    applyToEngine();
    refresh();
    emit stateChanged();
    return true;
}

QString SyncView::indicator() const
{
    const SyncStatus::Summary s = SyncStatus::summarize(m_store);
    if (!m_engine.isConfigured())
        return SyncStatus::describe(s);
    if (m_engine.isRunning())
        return tr("Synchronisation en cours…");
    if (m_engine.tokenRefused())
        return tr("Erreur : jeton refusé");
    if (s.conflicts > 0 || s.failed > 0)
        return tr("Erreur : %1").arg(SyncStatus::describe(s));
    const qint64 waiting = SyncLedger(m_store).pendingCount();
    if (m_engine.offline())
        return waiting > 0 ? tr("Hors ligne, %1 en attente").arg(FrenchText::number(waiting)) : tr("Hors ligne");
    if (waiting > 0)
        return FrenchText::count(waiting, tr("enregistrement en attente"), tr("enregistrements en attente"));
    return m_lastSuccess.isValid() ? tr("À jour") : tr("Jamais synchronisé");
}

void SyncView::refresh()
{
    const SyncStatus::Summary s = SyncStatus::summarize(m_store);
    SyncLedger ledger(m_store);
    QStringList lines;
    lines << QStringLiteral("<b>%1</b>").arg(indicator().toHtmlEscaped());
    if (!m_engine.isConfigured()) {
        lines << tr("Réglez ci-dessous l'adresse du serveur et votre jeton personnel : vos activités, bénéficiaires "
                    "et lieux seront envoyés et reçus de vos autres ordinateurs. En attendant, tout reste enregistré "
                    "sur cet ordinateur.")
                     .toHtmlEscaped();
    } else {
        lines << (m_lastSuccess.isValid() ? tr("Dernière synchronisation réussie le %1.").arg(localTime(m_lastSuccess))
                                          : tr("Aucune synchronisation réussie pour l'instant."))
                     .toHtmlEscaped();
        lines << tr("En attente d'envoi : %1. Activités envoyées : %2.")
                     .arg(FrenchText::number(ledger.pendingCount()), FrenchText::number(s.sent))
                     .toHtmlEscaped();
    }
    m_state->setText(lines.join(QStringLiteral("<br>")));
    m_syncNow->setEnabled(!m_engine.isRunning() && !m_store.isReadOnly());
    m_cancel->setVisible(m_engine.isRunning());

    m_conflicts->clear();
    for (const SyncLedger::Conflict &c : ledger.conflicts()) {
        auto *item = new QTreeWidgetItem(m_conflicts, {titleOf(m_store, c.kind, c.id), localTime(c.detected)});
        item->setData(0, Qt::UserRole, c.id);
        item->setData(0, Qt::UserRole + 1, int(c.kind));
    }
    m_conflicts->parentWidget()->setVisible(m_conflicts->topLevelItemCount() > 0);
    if (m_conflicts->topLevelItemCount() > 0)
        m_conflicts->setCurrentItem(m_conflicts->topLevelItem(0));

    m_errors->clear();
    for (const SyncLedger::Item &i : ledger.problems()) {
        new QTreeWidgetItem(m_errors,
            {titleOf(m_store, i.kind, i.id), i.error,
                i.blocked ? tr("après une modification ou « Réessayer »") : localTime(i.next)});
    }
    m_errors->parentWidget()->setVisible(m_errors->topLevelItemCount() > 0);
}

bool SyncView::resolveConflict(int row)
{
    const QList<SyncLedger::Conflict> conflicts = SyncLedger(m_store).conflicts();
    QTreeWidgetItem *item = m_conflicts->topLevelItem(row);
    if (!item)
        return false;
    const QUuid id = item->data(0, Qt::UserRole).toUuid();
    for (const SyncLedger::Conflict &c : conflicts) {
        if (c.id != id)
            continue;
        ConflictResolver::Sides sides;
        QString error;
        if (!ConflictResolver(m_store).sides(c, &sides, &error)) {
            m_progress->setText(error);
            return false;
        }
        ConflictDialog dialog(m_store, sides, this);
        const bool resolved = dialog.exec() == QDialog::Accepted;
        if (resolved) {
            emit changed();
            refresh();
            m_engine.noteSaved();
        }
        return resolved;
    }
    return false;
}
