// carnet_fault_proxy: a proxy for the sync tests, in front of carnet-serveur, that injects the faults a client meets
// on a poor connection, each reproducible from a seed: a share of requests answered 500 (not forwarded), connections
// dropped after the server answered (its write committed) but before the reply reaches the client, replies held
// longer than a client's time-out, bursts of 429 with Retry-After, and a token that expires at a given request. The
// fault of request n (in arrival order, from 1) depends only on the seed and n. Each request is written to the
// journal (--journal FILE): "n METHOD PATH FAULT STATUS".
//
// One thread per client connection, which reads a request (HTTP/1.1, a Content-Length body), decides its fault,
// forwards it with cpp-httplib's client (keep-alive upstream) and writes the reply itself (so that it can drop the
// connection with nothing written).
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>

namespace {

struct Options
{
    std::string upstreamHost = "127.0.0.1";
    int upstreamPort = 0;
    int port = 0;
    std::uint64_t seed = 1;
    double errors = 0; // share answered 500
    double drops = 0; // share forwarded, then the connection closed with nothing written
    double slow = 0; // share forwarded, then held delayMs before the reply
    int delayMs = 2000;
    double bursts = 0; // chance that a request starts a burst of 429
    int burst = 5; // requests answered 429 in a burst
    int retryAfter = 1; // its Retry-After, seconds
    long expireAt = 0; // the token of request n is expired from n on (0: never)
    std::string journal;
};

Options g_options;
std::atomic<long> g_requests{0};
std::atomic<int> g_burstLeft{0};
std::mutex g_mutex; // the journal and the expired tokens
std::set<std::string> g_expired;
std::ofstream g_journal;

std::string lower(std::string s)
{
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 411:
        return "Length Required";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

bool writeAll(int fd, const std::string &data)
{
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += size_t(n);
    }
    return true;
}

struct Request
{
    std::string method;
    std::string target;
    std::multimap<std::string, std::string> headers; // names in lower case
    std::string body;

    std::string header(const std::string &name) const
    {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// The next request on the connection; false at its end (or on a request this proxy does not read).
bool readRequest(int fd, std::string &buffer, Request *request)
{
    size_t end;
    while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (buffer.size() > (1 << 16))
            return false;
        char chunk[8192];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        buffer.append(chunk, size_t(n));
    }
    std::istringstream head(buffer.substr(0, end));
    buffer.erase(0, end + 4);
    std::string line;
    std::getline(head, line);
    std::istringstream first(line);
    std::string version;
    first >> request->method >> request->target >> version;
    request->headers.clear();
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const size_t colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        request->headers.emplace(lower(line.substr(0, colon)), value);
    }
    const size_t length = size_t(std::strtoull(request->header("content-length").c_str(), nullptr, 10));
    if (length > (size_t(64) << 20))
        return false;
    while (buffer.size() < length) {
        char chunk[65536];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        buffer.append(chunk, size_t(n));
    }
    request->body = buffer.substr(0, length);
    buffer.erase(0, length);
    return !request->method.empty();
}

std::string reply(int status, const httplib::Headers &headers, const std::string &body)
{
    std::string out = "HTTP/1.1 " + std::to_string(status) + ' ' + reason(status) + "\r\n";
    for (const auto &h : headers) {
        const std::string name = lower(h.first);
        if (name == "content-length" || name == "connection" || name == "keep-alive" || name == "transfer-encoding")
            continue;
        out += h.first + ": " + h.second + "\r\n";
    }
    out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: keep-alive\r\n\r\n" + body;
    return out;
}

std::string simulated(int status, const std::string &detail)
{
    return "{\"errors\":[{\"status\":\"" + std::to_string(status) + "\",\"title\":\"Panne simulée\",\"detail\":\""
        + detail + "\"}]}";
}

// The fault of request n: a function of the seed and n only.
enum class Fault { None, Error, Drop, Slow, Burst, Expired };

const char *faultName(Fault f)
{
    switch (f) {
    case Fault::Error:
        return "500";
    case Fault::Drop:
        return "coupure";
    case Fault::Slow:
        return "lenteur";
    case Fault::Burst:
        return "429";
    case Fault::Expired:
        return "jeton-expire";
    case Fault::None:
        break;
    }
    return "aucune";
}

Fault faultOf(long n, const std::string &token)
{
    std::mt19937_64 random(g_options.seed * 0x9E3779B97F4A7C15ULL + std::uint64_t(n));
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double burst = uniform(random);
    const double u = uniform(random);
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        // The first token seen from request N on (N itself may be /health, without one).
        if (g_options.expireAt > 0 && n >= g_options.expireAt && g_expired.empty() && !token.empty())
            g_expired.insert(token);
        if (!token.empty() && g_expired.count(token))
            return Fault::Expired;
    }
    int left = g_burstLeft.load();
    while (left > 0 && !g_burstLeft.compare_exchange_weak(left, left - 1)) { }
    if (left > 0)
        return Fault::Burst;
    if (burst < g_options.bursts) {
        g_burstLeft = std::max(0, g_options.burst - 1);
        return Fault::Burst;
    }
    if (u < g_options.errors)
        return Fault::Error;
    if (u < g_options.errors + g_options.drops)
        return Fault::Drop;
    if (u < g_options.errors + g_options.drops + g_options.slow)
        return Fault::Slow;
    return Fault::None;
}

void record(long n, const Request &r, Fault fault, int status)
{
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_journal.is_open())
        g_journal << n << ' ' << r.method << ' ' << r.target << ' ' << faultName(fault) << ' ' << status << std::endl;
}

void serve(int fd)
{
    httplib::Client upstream(g_options.upstreamHost, g_options.upstreamPort);
    upstream.set_keep_alive(true);
    upstream.set_url_encode(false);
    upstream.set_decompress(false); // the server's bytes as they are, with their Content-Encoding
    upstream.set_read_timeout(120, 0);
    upstream.set_write_timeout(120, 0);
    std::string buffer;
    Request r;
    while (readRequest(fd, buffer, &r)) {
        const long n = ++g_requests;
        std::string token = r.header("authorization");
        const Fault fault = faultOf(n, token);
        if (fault == Fault::Error || fault == Fault::Burst || fault == Fault::Expired) {
            const int status = fault == Fault::Error ? 500 : fault == Fault::Burst ? 429 : 401;
            httplib::Headers headers{{"Content-Type", "application/vnd.api+json"}};
            if (status == 429)
                headers.emplace("Retry-After", std::to_string(g_options.retryAfter));
            if (status == 401)
                headers.emplace("WWW-Authenticate", "Bearer");
            const std::string detail = status == 500 ? "panne simulée du serveur ; rien n'a été écrit."
                : status == 429                      ? "trop de requêtes (simulé) ; réessayez plus tard."
                                                     : "jeton expiré (simulé) : demandez un nouveau jeton.";
            record(n, r, fault, status);
            if (!writeAll(fd, reply(status, headers, simulated(status, detail))))
                break;
            continue;
        }
        httplib::Request forward;
        forward.method = r.method;
        forward.path = r.target;
        for (const auto &h : r.headers) {
            if (h.first != "connection" && h.first != "content-length" && h.first != "keep-alive"
                && h.first != "transfer-encoding")
                forward.headers.emplace(h.first, h.second);
        }
        forward.body = r.body;
        if (!r.body.empty() || r.method == "POST" || r.method == "PUT")
            forward.headers.emplace("Content-Length", std::to_string(r.body.size()));
        httplib::Response response;
        httplib::Error error = httplib::Error::Success;
        const bool ok = upstream.send(forward, response, error);
        const int status = ok ? response.status : 502;
        record(n, r, fault, status);
        if (fault == Fault::Drop)
            break; // the server has answered (and committed): the client gets nothing
        if (fault == Fault::Slow)
            std::this_thread::sleep_for(std::chrono::milliseconds(g_options.delayMs));
        const std::string out = ok ? reply(status, response.headers, response.body)
                                   : reply(502, {{"Content-Type", "application/vnd.api+json"}},
                                       simulated(502, "le serveur derrière le mandataire ne répond pas."));
        if (!writeAll(fd, out))
            break;
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
}

bool parse(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const char *value = argv[i + 1];
        if (key == "--amont")
            g_options.upstreamPort = std::atoi(value);
        else if (key == "--hote-amont")
            g_options.upstreamHost = value;
        else if (key == "--port")
            g_options.port = std::atoi(value);
        else if (key == "--graine")
            g_options.seed = std::strtoull(value, nullptr, 10);
        else if (key == "--erreurs")
            g_options.errors = std::atof(value);
        else if (key == "--coupures")
            g_options.drops = std::atof(value);
        else if (key == "--lenteur")
            g_options.slow = std::atof(value);
        else if (key == "--delai-ms")
            g_options.delayMs = std::atoi(value);
        else if (key == "--rafales")
            g_options.bursts = std::atof(value);
        else if (key == "--rafale")
            g_options.burst = std::atoi(value);
        else if (key == "--retry-after")
            g_options.retryAfter = std::atoi(value);
        else if (key == "--jeton-expire-a")
            g_options.expireAt = std::atol(value);
        else if (key == "--journal")
            g_options.journal = value;
        else
            return false;
    }
    return argc % 2 == 1 && g_options.upstreamPort > 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (!parse(argc, argv)) {
        std::cerr << "Utilisation : carnet_fault_proxy --amont PORT [--hote-amont HÔTE] [--port N] [--graine N]\n"
                     "  [--erreurs PART] [--coupures PART] [--lenteur PART --delai-ms MS]\n"
                     "  [--rafales PART --rafale N --retry-after S] [--jeton-expire-a N] [--journal FICHIER]\n";
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    if (!g_options.journal.empty())
        g_journal.open(g_options.journal, std::ios::app);
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    const int yes = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(uint16_t(g_options.port));
    socklen_t size = sizeof address;
    if (::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(listener, 64) != 0
        || ::getsockname(listener, reinterpret_cast<sockaddr *>(&address), &size) != 0) {
        std::cerr << "carnet_fault_proxy : impossible d'écouter sur le port " << g_options.port << '\n';
        return 1;
    }
    std::cout << "carnet_fault_proxy écoute sur http://127.0.0.1:" << ntohs(address.sin_port) << " (amont "
              << g_options.upstreamHost << ':' << g_options.upstreamPort << ")" << std::endl;
    for (;;) {
        const int fd = ::accept(listener, nullptr, nullptr);
        if (fd < 0)
            continue;
        std::thread(serve, fd).detach();
    }
}
