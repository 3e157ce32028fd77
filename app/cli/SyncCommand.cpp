#include "app/cli/SyncCommand.h"

#include "models/store/DataLocation.h"
#include "models/store/Store.h"
#include "models/store/SyncLedger.h"
#include "models/text/FrenchText.h"
#include "sync/client/HttpTransport.h"
#include "sync/client/SyncSession.h"
#include "sync/client/SyncSettings.h"

#include <QRandomGenerator>
#include <QTextStream>

QString SyncCommand::helpText()
{
    return tr("Utilisation : carnet [--data-dir DOSSIER] sync [--server ADRESSE]\n\n"
              "Synchronise la base avec le serveur de synchronisation, comme « Synchroniser maintenant » dans\n"
              "la fenêtre : envoie les activités, bénéficiaires et lieux créés, modifiés ou supprimés ici, puis\n"
              "reçoit ceux qui ont changé ailleurs (un autre ordinateur du même compte). Un enregistrement\n"
              "modifié des deux côtés devient un conflit, à résoudre dans la fenêtre (Synchronisation).\n"
              "Affiche le résumé : envoyés, reçus, conflits, erreurs. Code de sortie 1 si quelque chose a échoué\n"
              "ou reste à renvoyer.\n\n"
              "  --server ADRESSE   l'adresse du serveur (https://serveur.exemple/api/v1) ; sinon celle des\n"
              "                     réglages de la fenêtre\n\n"
              "Le jeton personnel est lu dans la variable CARNET_TOKEN, sinon là où la fenêtre le garde (le\n"
              "trousseau du système, ou le fichier choisi).\n");
}

int SyncCommand::run(const CommandLine::Parsed &parsed, QTextStream &out, QTextStream &err)
{
    const QString base = CommandLine::existingBase(parsed, err, tr("rien à synchroniser"));
    if (base.isEmpty())
        return CommandLine::Failure;
    const QString dir = DataLocation::resolveDirectory(parsed.dataDir);
    const SyncSettings settings = SyncSettings::load(dir);
    const QUrl server = parsed.options.contains(QStringLiteral("--server"))
        ? QUrl(parsed.options.value(QStringLiteral("--server")))
        : settings.server;
    QString error;
    if (server.isEmpty()) {
        err << tr("Aucun serveur de synchronisation n'est réglé : donnez --server ADRESSE, ou réglez-le dans la "
                  "fenêtre (Synchronisation).")
            << Qt::endl;
        return CommandLine::Failure;
    }
    if (!HttpTransport::acceptable(server, &error)) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    QString token;
    if (!settings.token(dir, &token, &error)) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    if (token.isEmpty()) {
        err << tr("Aucun jeton personnel : donnez-le par la variable CARNET_TOKEN, ou enregistrez-le dans la "
                  "fenêtre (Synchronisation).")
            << Qt::endl;
        return CommandLine::Failure;
    }
    Store store;
    if (!store.open(base, &error, Store::OpenOptions())) {
        err << error << Qt::endl;
        return CommandLine::Failure;
    }
    if (store.isReadOnly()) {
        err << store.readOnlyReason() << Qt::endl;
        return CommandLine::Failure;
    }
    store.setRedoableCommits();
    HttpTransport transport({server, token, 30000});
    HttpTransport probe({server, token, 5000});
    RetryPolicy::Schedule schedule(QRandomGenerator::global()->generate64());
    SyncSession session(store, Clock::system(), schedule, {transport.get(), transport.post(), probe.get()});
    const SyncSession::Result result = session.run(
        {}, [&err](const QString &step) { err << step << Qt::endl; }, true);
    (result.ok() ? out : err) << SyncSession::describe(result) << Qt::endl;
    if (result.ok())
        SyncSettings::recordSuccess(dir, QDateTime::currentDateTimeUtc());
    const qint64 waiting = SyncLedger(store).pendingCount();
    if (waiting > 0)
        out << tr("Pas encore sur le serveur : %1 (en attente, en erreur ou en conflit).")
                   .arg(FrenchText::count(waiting, tr("enregistrement"), tr("enregistrements")))
            << Qt::endl;
    return result.ok() ? CommandLine::Success : CommandLine::Failure;
}
