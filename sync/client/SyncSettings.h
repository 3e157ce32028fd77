#pragma once

#include "sync/client/TokenStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QUrl>

#include <memory>

// The sync's settings of a data folder (its sync.ini, read by the window and by `carnet sync` alike): the server's
// address, where the personal token is kept (the system's keychain, or a 0600 file of the folder if the mediator
// chose it), and whether the automatic syncs wait for an unmetered connection. The token itself is never in sync.ini.
struct SyncSettings
{
    Q_DECLARE_TR_FUNCTIONS(SyncSettings)

public:
    QUrl server; // the API's root: https://serveur.exemple/api/v1
    bool tokenInFile = false;
    bool unmeteredOnly = false;

    static SyncSettings load(const QString &dataDir);
    bool save(const QString &dataDir, QString *error) const;

    // The store the token is kept in, by tokenInFile.
    std::unique_ptr<TokenStore> tokenStore(const QString &dataDir) const;
    // CARNET_TOKEN when set, else the token store's; false with a French *error when the store cannot be read.
    bool token(const QString &dataDir, QString *token, QString *error) const;

    // The end of the last sync that went through (the window's and `carnet sync`'s), kept in sync.ini.
    static QDateTime lastSuccess(const QString &dataDir);
    static void recordSuccess(const QString &dataDir, const QDateTime &when);

    static constexpr char EnvironmentVariable[] = "CARNET_TOKEN";
};
