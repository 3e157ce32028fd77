// carnet-serveur: the sync contract's server (sync/openapi.yaml). See README, "Le serveur de synchronisation".
#include "models/domain/Clock.h"
#include "models/io/JsonFields.h"
#include "sync/server/HttpApi.h"
#include "sync/server/ServerDatabase.h"
#include "sync/server/ServerStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostAddress>
#include <QMutex>
#include <QTextStream>

#include <atomic>
#include <chrono>
#include <csignal>
#include <pthread.h>
#include <thread>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("carnet-serveur", text);
}

QString usage()
{
    return tr("Utilisation :\n"
              "  carnet-serveur (--data DOSSIER | --database postgresql://utilisateur:mot-de-passe@hôte:port/base)\n"
              "                 [--bind ADRESSE] [--port N] [--fils N] [--requetes-par-minute N]\n"
              "                 [--http-en-clair]\n"
              "  carnet-serveur (--data DOSSIER | --database URL) compte ajouter --nom \"Prénom Nom\"\n"
              "                 [--structure NOM] [--role mediateur|responsable]\n"
              "  carnet-serveur (--data DOSSIER | --database URL) compte lister\n"
              "  carnet-serveur (--data DOSSIER | --database URL) compte revoquer ID\n"
              "  carnet-serveur (--data DOSSIER | --database URL) compte renouveler ID\n\n"
              "Sert le contrat de synchronisation de Carnet (sync/openapi.yaml) sous /api/v1, sur 127.0.0.1:8642 par\n"
              "défaut. Les données sont dans DOSSIER/carnet-serveur.sqlite, ou dans une base PostgreSQL.\n"
              "En HTTP simple : une adresse autre que locale (--bind) demande --http-en-clair, pour un serveur placé\n"
              "derrière un mandataire inverse qui fait le TLS (voir le README).\n"
              "  --port N          le port (0 : un port libre, affiché au démarrage)\n"
              "  --fils N          requêtes traitées en même temps (8 par défaut)\n"
              "  --requetes-par-minute N\n"
              "                    requêtes d'un compte par minute (1200 par défaut, 0 : sans limite) ; au-delà,\n"
              "                    429 avec Retry-After\n"
              "  --role ROLE       mediateur (par défaut) : ses données seulement ; responsable : lit aussi celles\n"
              "                    des médiateurs de sa structure\n");
}

struct Arguments
{
    QHash<QString, QString> options;
    QStringList words;
    QString error;
};

Arguments parse(const QStringList &args)
{
    static const QStringList valued = {QStringLiteral("--data"), QStringLiteral("--database"), QStringLiteral("--bind"),
        QStringLiteral("--port"), QStringLiteral("--fils"), QStringLiteral("--requetes-par-minute"),
        QStringLiteral("--nom"), QStringLiteral("--structure"), QStringLiteral("--role")};
    static const QStringList flags = {QStringLiteral("--http-en-clair"), QStringLiteral("--help")};
    Arguments a;
    for (int i = 1; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        if (valued.contains(arg)) {
            if (i + 1 >= args.size()) {
                a.error = tr("%1 attend une valeur.").arg(arg);
                return a;
            }
            a.options.insert(arg, args.at(++i));
        } else if (flags.contains(arg)) {
            a.options.insert(arg, QString());
        } else if (arg.startsWith(QLatin1String("--"))) {
            a.error = tr("Option inconnue : %1").arg(arg);
            return a;
        } else {
            a.words << arg;
        }
    }
    return a;
}

int accountCommand(ServerStore &store, const Arguments &a, QTextStream &out, QTextStream &err)
{
    const QString verb = a.words.value(1);
    QString error;
    if (verb == QLatin1String("ajouter")) {
        ServerStore::Account account;
        QString token;
        if (!store.addAccount(a.options.value(QStringLiteral("--nom")), a.options.value(QStringLiteral("--structure")),
                a.options.value(QStringLiteral("--role"), QStringLiteral("mediateur")), &account, &token, &error)) {
            err << error << Qt::endl;
            return 1;
        }
        out << tr("Compte %1 créé pour %2 (%3).").arg(JsonFields::uuidText(account.id), account.nom, account.role)
            << '\n'
            << tr("Son jeton, affiché cette seule fois (le serveur n'en garde que l'empreinte) :") << '\n'
            << token << Qt::endl;
        return 0;
    }
    if (verb == QLatin1String("lister")) {
        QList<ServerStore::Account> list;
        if (!store.accounts(&list, &error)) {
            err << error << Qt::endl;
            return 1;
        }
        for (const ServerStore::Account &account : std::as_const(list)) {
            out << JsonFields::uuidText(account.id) << '\t' << account.nom << '\t' << account.structure << '\t'
                << account.role << '\t'
                << (account.revoque.isValid() ? tr("révoqué le %1").arg(account.revoque.toString(Qt::ISODate))
                                              : tr("actif"))
                << '\n';
        }
        out.flush();
        return 0;
    }
    if (verb == QLatin1String("revoquer")) {
        ServerStore::Account account;
        if (!store.revokeAccount(a.words.value(2), &account, &error)) {
            err << error << Qt::endl;
            return 1;
        }
        out << tr("Compte %1 (%2) révoqué : son jeton est refusé dès maintenant.")
                   .arg(JsonFields::uuidText(account.id), account.nom)
            << Qt::endl;
        return 0;
    }
    if (verb == QLatin1String("renouveler")) {
        ServerStore::Account account;
        QString token;
        if (!store.renewToken(a.words.value(2), &account, &token, &error)) {
            err << error << Qt::endl;
            return 1;
        }
        out << tr("Compte %1 (%2) : nouveau jeton, l'ancien est refusé dès maintenant.")
                   .arg(JsonFields::uuidText(account.id), account.nom)
            << '\n'
            << tr("Son jeton, affiché cette seule fois (le serveur n'en garde que l'empreinte) :") << '\n'
            << token << Qt::endl;
        return 0;
    }
    err << tr("compte : ajouter, lister, revoquer ou renouveler.") << '\n' << usage() << Qt::endl;
    return 2;
}
} // namespace

int main(int argc, char *argv[])
{
    // SIGTERM and SIGINT are waited for by one thread (sigwait), blocked in every other: the HTTP threads started
    // below inherit the mask.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("carnet-serveur"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CARNET_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    const Arguments a = parse(QCoreApplication::arguments());
    if (a.options.contains(QStringLiteral("--help"))) {
        out << usage() << Qt::endl;
        return 0;
    }
    if (!a.error.isEmpty()) {
        err << a.error << '\n' << usage() << Qt::endl;
        return 2;
    }
    ServerDatabase database;
    QString error;
    if (!database.configure(
            a.options.value(QStringLiteral("--data")), a.options.value(QStringLiteral("--database")), &error)
        || !database.open(&error)) {
        err << error << Qt::endl;
        return 1;
    }
    ServerStore store(database, Clock::system());
    if (a.words.value(0) == QLatin1String("compte"))
        return accountCommand(store, a, out, err);
    if (!a.words.isEmpty()) {
        err << tr("Commande inconnue : %1").arg(a.words.first()) << '\n' << usage() << Qt::endl;
        return 2;
    }

    const QString bind = a.options.value(QStringLiteral("--bind"), QStringLiteral("127.0.0.1"));
    const QHostAddress address(bind);
    if (address.isNull()) {
        err << tr("--bind : « %1 » n'est pas une adresse IP.").arg(bind) << Qt::endl;
        return 2;
    }
    if (!address.isLoopback() && !a.options.contains(QStringLiteral("--http-en-clair"))) {
        err << tr("--bind %1 servirait le HTTP en clair sur le réseau : placez carnet-serveur derrière un mandataire "
                  "inverse qui fait le TLS et ajoutez --http-en-clair, ou gardez l'adresse locale 127.0.0.1.")
                   .arg(bind)
            << Qt::endl;
        return 2;
    }
    bool ok = true;
    const int port = a.options.value(QStringLiteral("--port"), QStringLiteral("8642")).toInt(&ok);
    HttpApi::Options options;
    options.threads = a.options.value(QStringLiteral("--fils"), QStringLiteral("8")).toInt();
    bool limitOk = true;
    options.requestsPerMinute
        = a.options.value(QStringLiteral("--requetes-par-minute"), QStringLiteral("1200")).toInt(&limitOk);
    if (!ok || !limitOk || port < 0 || port > 65535 || options.threads < 1 || options.requestsPerMinute < 0) {
        err << tr("--port attend un nombre de 0 à 65535, --fils un nombre positif, --requetes-par-minute un nombre "
                  "positif ou 0.")
            << Qt::endl;
        return 2;
    }
    static QMutex logMutex; // the pool's threads log at the same time; QTextStream is not thread-safe
    options.log = [&err](const QString &line) {
        QMutexLocker lock(&logMutex);
        err << QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) << ' ' << line << '\n';
        err.flush();
    };
    HttpApi api(store, database, options);
    if (!api.bind(bind, port, &error)) {
        err << error << Qt::endl;
        return 1;
    }
    out << tr("carnet-serveur écoute sur http://%1:%2/api/v1 (%3)")
               .arg(address.protocol() == QAbstractSocket::IPv6Protocol ? QLatin1Char('[') + bind + QLatin1Char(']')
                                                                        : bind)
               .arg(api.port())
               .arg(database.description())
        << Qt::endl;

    // A signal that came while the base was opened waits, pending, for sigwait; the HTTP library ignores a stop
    // before it listens: the stop is asked for again until it is listening or run() has returned.
    std::atomic<bool> signalled{false};
    std::atomic<bool> finished{false};
    std::thread waiter([&api, &signalled, &finished, stopSignals] {
        int signal = 0;
        sigwait(&stopSignals, &signal);
        signalled = true;
        while (!finished && !api.isRunning())
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        api.stop();
    });
    const bool served = api.run();
    finished = true;
    if (!signalled) // run() ended without a signal (the socket failed): wake the waiting thread
        pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    out << tr("carnet-serveur arrêté.") << Qt::endl;
    return served ? 0 : 1;
}
