#pragma once

#include <QCoreApplication>
#include <QString>

#include <memory>

// Where the mediator's personal sync token is kept: the system's keychain (KeychainTokenStore, through QtKeychain),
// or, only if the mediator chose it, a file of the data folder closed to other accounts (FileTokenStore, 0600). The
// engine and the window know only this interface; the tests give it a double (tests/support/MemoryTokenStore.h).
class TokenStore
{
public:
    virtual ~TokenStore() = default;
    // The token kept (empty when none); false with a French *error when the store cannot be read.
    virtual bool read(QString *token, QString *error) = 0;
    // Keeps the token (an empty one removes it); false with a French *error.
    virtual bool write(const QString &token, QString *error) = 0;
    // Where it is, for the settings: "le trousseau du système", the file's path.
    virtual QString where() const = 0;
};

// The system's keychain (Secret Service, KWallet, macOS Keychain, Windows Credential Manager). Each call waits for
// its job in a local event loop (a few milliseconds; the job's own time-out bounds it).
class KeychainTokenStore : public TokenStore
{
    Q_DECLARE_TR_FUNCTIONS(KeychainTokenStore)

public:
    // One entry a data folder (two bases on one computer keep their own tokens).
    explicit KeychainTokenStore(const QString &account);
    bool read(QString *token, QString *error) override;
    bool write(const QString &token, QString *error) override;
    QString where() const override;

private:
    QString m_account;
};

// A file, written whole (QSaveFile) and 0600, for a computer without a keychain, if the mediator opts in.
class FileTokenStore : public TokenStore
{
    Q_DECLARE_TR_FUNCTIONS(FileTokenStore)

public:
    explicit FileTokenStore(const QString &path);
    bool read(QString *token, QString *error) override;
    bool write(const QString &token, QString *error) override;
    QString where() const override { return m_path; }
    static QString fileName() { return QStringLiteral("jeton-synchronisation"); }

private:
    QString m_path;
};
