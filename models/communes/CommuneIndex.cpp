#include "models/communes/CommuneIndex.h"
#include "models/text/FrenchText.h"

#include <QCoreApplication>
#include <QFile>
#include <QtDebug>

#include <zlib.h>

#include <algorithm>
#include <string_view>

namespace {

const char *const kResourcePath = ":/carnet/communes/communes.tsv.gz";

// Decompresses a gzip member. Returns an empty array and sets *error on failure.
QByteArray gunzip(const QByteArray &gz, QString *error)
{
    z_stream strm{};
    if (inflateInit2(&strm, 16 + MAX_WBITS) != Z_OK) {
        *error = QCoreApplication::translate("CommuneIndex", "Impossible d'initialiser la décompression des communes");
        return {};
    }
    strm.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(gz.constData()));
    strm.avail_in = static_cast<uInt>(gz.size());

    QByteArray out;
    out.resize(std::max<qsizetype>(gz.size() * 4, 64 * 1024));
    qsizetype produced = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (produced == out.size())
            out.resize(out.size() * 2);
        strm.next_out = reinterpret_cast<Bytef *>(out.data() + produced);
        strm.avail_out = static_cast<uInt>(out.size() - produced);
        rc = inflate(&strm, Z_NO_FLUSH);
        produced = out.size() - static_cast<qsizetype>(strm.avail_out);
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK && !(rc == Z_BUF_ERROR && strm.avail_out == 0)) {
            inflateEnd(&strm);
            *error = QCoreApplication::translate("CommuneIndex", "Données des communes corrompues (gzip)");
            return {};
        }
        if (rc == Z_OK && strm.avail_in == 0 && strm.avail_out != 0) {
            inflateEnd(&strm);
            *error = QCoreApplication::translate("CommuneIndex", "Données des communes tronquées (gzip)");
            return {};
        }
    }
    inflateEnd(&strm);
    out.resize(produced);
    return out;
}

std::string toKey(const QString &normalized)
{
    const QByteArray utf8 = normalized.toUtf8();
    return std::string(utf8.constData(), static_cast<size_t>(utf8.size()));
}

bool startsWith(const std::string &text, const std::string &prefix)
{
    return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

bool isInseeCode(const QString &s)
{
    if (s.size() != 5)
        return false;
    const bool corsica = s.at(0) == QLatin1Char('2') && (s.at(1) == QLatin1Char('A') || s.at(1) == QLatin1Char('B'));
    for (int i = corsica ? 2 : 0; i < 5; ++i) {
        if (s.at(i) < QLatin1Char('0') || s.at(i) > QLatin1Char('9'))
            return false;
    }
    return true;
}

bool isDigits(const QString &s)
{
    for (const QChar c : s) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return true;
}

QString normalizeImpl(const QString &s, bool expandSaint)
{
    QString out = FrenchText::folded(s);

    if (expandSaint) {
        auto firstWordIs = [&out](QLatin1String word) {
            return out.startsWith(word) && (out.size() == word.size() || out.at(word.size()) == QLatin1Char(' '));
        };
        if (firstWordIs(QLatin1String("st")))
            out.replace(0, 2, QLatin1String("saint"));
        else if (firstWordIs(QLatin1String("ste")))
            out.replace(0, 3, QLatin1String("sainte"));
    }
    return out;
}

} // namespace

struct CommuneIndex::Candidate
{
    int tier = 0; // 0 exact name or code, 1 whole-name prefix or partial code, 2 later word prefix
    int entry = 0;
    int postal = -1;
};

CommuneRef CommuneMatch::toRef() const
{
    CommuneRef ref;
    ref.codeInsee = codeInsee;
    ref.codePostal = codePostal;
    ref.nom = nom;
    return ref;
}

const CommuneIndex &CommuneIndex::instance()
{
    static const CommuneIndex index = [] {
        CommuneIndex loaded;
        QString error;
        QFile file(QString::fromLatin1(kResourcePath));
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("CommuneIndex: cannot open %s", kResourcePath);
            return loaded;
        }
        const QByteArray tsv = gunzip(file.readAll(), &error);
        if (tsv.isEmpty() || !loaded.loadFromTsv(tsv, &error))
            qWarning("CommuneIndex: %s", qUtf8Printable(error));
        return loaded;
    }();
    return index;
}

QString CommuneIndex::normalize(const QString &s)
{
    return normalizeImpl(s, true);
}

int CommuneIndex::size() const
{
    return static_cast<int>(m_entries.size());
}

bool CommuneIndex::loadFromTsv(const QByteArray &tsv, QString *error)
{
    QString ignored;
    QString &err = error ? *error : ignored;
    const QString required[] = {QStringLiteral("code_insee"), QStringLiteral("nom"), QStringLiteral("codes_postaux"),
        QStringLiteral("departement"), QStringLiteral("population")};
    const QString typeColumn = QStringLiteral("type");
    const QString arrondissementType = QStringLiteral("arrondissement-municipal");
    const QString communeType = QStringLiteral("commune-actuelle");

    std::vector<Entry> entries;
    entries.reserve(static_cast<size_t>(tsv.count('\n')) + 1);
    QHash<QString, int> byInsee;
    byInsee.reserve(static_cast<qsizetype>(entries.capacity()));
    int columns[5] = {-1, -1, -1, -1, -1};
    int typeIndex = -1;
    int columnCount = 0;
    bool headerSeen = false;

    qsizetype pos = 0;
    int lineNumber = 0;
    while (pos < tsv.size()) {
        qsizetype end = tsv.indexOf('\n', pos);
        if (end < 0)
            end = tsv.size();
        QByteArrayView line(tsv.constData() + pos, end - pos);
        pos = end + 1;
        ++lineNumber;
        if (line.endsWith('\r'))
            line.chop(1);
        if (lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
        if (line.trimmed().isEmpty())
            continue;

        const QStringList fields = QString::fromUtf8(line).split(QLatin1Char('\t'));
        if (!headerSeen) {
            headerSeen = true;
            columnCount = static_cast<int>(fields.size());
            for (int i = 0; i < 5; ++i) {
                columns[i] = static_cast<int>(fields.indexOf(required[i]));
                if (columns[i] < 0) {
                    err = QCoreApplication::translate(
                        "CommuneIndex", "Ligne %1 : en-tête incomplet, colonne « %2 » manquante")
                              .arg(lineNumber)
                              .arg(required[i]);
                    return false;
                }
            }
            typeIndex = static_cast<int>(fields.indexOf(typeColumn));
            continue;
        }

        if (fields.size() != columnCount) {
            err = QCoreApplication::translate("CommuneIndex", "Ligne %1 : %2 colonnes au lieu de %3")
                      .arg(lineNumber)
                      .arg(fields.size())
                      .arg(columnCount);
            return false;
        }
        Entry e;
        e.codeInsee = fields.at(columns[0]).trimmed();
        e.nom = fields.at(columns[1]).trimmed();
        const QString postals = fields.at(columns[2]).trimmed();
        e.departement = fields.at(columns[3]).trimmed();
        const QString population = fields.at(columns[4]).trimmed();

        if (e.codeInsee.isEmpty()) {
            err = QCoreApplication::translate("CommuneIndex", "Ligne %1 : code INSEE manquant").arg(lineNumber);
            return false;
        }
        if (!isInseeCode(e.codeInsee)) {
            err = QCoreApplication::translate("CommuneIndex", "Ligne %1 : code INSEE « %2 » invalide")
                      .arg(lineNumber)
                      .arg(e.codeInsee);
            return false;
        }
        if (byInsee.contains(e.codeInsee)) {
            err = QCoreApplication::translate("CommuneIndex", "Ligne %1 : code INSEE « %2 » en double")
                      .arg(lineNumber)
                      .arg(e.codeInsee);
            return false;
        }
        if (e.nom.isEmpty()) {
            err = QCoreApplication::translate("CommuneIndex", "Ligne %1 : nom manquant").arg(lineNumber);
            return false;
        }
        if (!postals.isEmpty()) {
            e.codesPostaux = postals.split(QLatin1Char(','));
            for (QString &cp : e.codesPostaux) {
                cp = cp.trimmed();
                if (cp.size() != 5 || !isDigits(cp)) {
                    err = QCoreApplication::translate("CommuneIndex", "Ligne %1 : code postal « %2 » invalide")
                              .arg(lineNumber)
                              .arg(cp);
                    return false;
                }
            }
        }
        if (!population.isEmpty()) { // empty for a few uninhabited territories
            bool ok = false;
            e.population = population.toInt(&ok);
            if (!ok || e.population < 0) {
                err = QCoreApplication::translate("CommuneIndex", "Ligne %1 : population « %2 » non numérique")
                          .arg(lineNumber)
                          .arg(population);
                return false;
            }
        }
        if (typeIndex >= 0) {
            const QString type = fields.at(typeIndex).trimmed();
            if (type == arrondissementType) {
                e.arrondissement = true;
            } else if (!type.isEmpty() && type != communeType) {
                err = QCoreApplication::translate("CommuneIndex", "Ligne %1 : type « %2 » inconnu")
                          .arg(lineNumber)
                          .arg(type);
                return false;
            }
        }
        byInsee.insert(e.codeInsee, static_cast<int>(entries.size()));
        entries.push_back(std::move(e));
    }
    if (!headerSeen) {
        err = QCoreApplication::translate("CommuneIndex", "Données des communes vides");
        return false;
    }
    if (entries.empty()) {
        err = QCoreApplication::translate("CommuneIndex", "Aucune commune dans les données");
        return false;
    }

    std::vector<Key> names;
    std::vector<Key> words;
    std::vector<Key> postalKeys;
    names.reserve(entries.size());
    words.reserve(entries.size() * 2);
    postalKeys.reserve(entries.size() + entries.size() / 4);
    for (size_t i = 0; i < entries.size(); ++i) {
        const Entry &e = entries[i];
        const int idx = static_cast<int>(i);
        std::string key = toKey(normalizeImpl(e.nom, true));
        for (size_t p = key.find(' '); p != std::string::npos; p = key.find(' ', p + 1))
            words.push_back(Key{key.substr(p + 1), idx, -1});
        names.push_back(Key{std::move(key), idx, -1});
        for (int p = 0; p < e.codesPostaux.size(); ++p)
            postalKeys.push_back(Key{toKey(e.codesPostaux.at(p)), idx, p});
    }
    auto byText = [](const Key &a, const Key &b) {
        const int c = a.text.compare(b.text);
        return c != 0 ? c < 0 : a.entry < b.entry;
    };
    std::sort(names.begin(), names.end(), byText);
    std::sort(words.begin(), words.end(), byText);
    std::sort(postalKeys.begin(), postalKeys.end(), byText);

    m_entries = std::move(entries);
    m_names = std::move(names);
    m_words = std::move(words);
    m_postals = std::move(postalKeys);
    m_byInsee = std::move(byInsee);
    if (error)
        error->clear();
    return true;
}

CommuneMatch CommuneIndex::makeMatch(int entry, int postal) const
{
    const Entry &e = m_entries[static_cast<size_t>(entry)];
    CommuneMatch m;
    m.codeInsee = e.codeInsee;
    m.nom = e.nom;
    m.codesPostaux = e.codesPostaux;
    if (postal >= 0)
        m.codePostal = e.codesPostaux.at(postal);
    else if (!e.codesPostaux.isEmpty())
        m.codePostal = e.codesPostaux.constFirst();
    m.departement = e.departement;
    m.population = e.population;
    return m;
}

bool CommuneIndex::ranksBefore(const Candidate &a, const Candidate &b) const
{
    if (a.tier != b.tier)
        return a.tier < b.tier;
    const Entry &ea = m_entries[static_cast<size_t>(a.entry)];
    const Entry &eb = m_entries[static_cast<size_t>(b.entry)];
    if (ea.population != eb.population)
        return ea.population > eb.population;
    if (ea.arrondissement != eb.arrondissement)
        return !ea.arrondissement;
    return a.entry < b.entry; // file order: INSEE code order in the reference data
}

std::vector<CommuneIndex::Key>::const_iterator CommuneIndex::firstWithPrefix(
    const std::vector<Key> &keys, const std::string &prefix)
{
    return std::lower_bound(
        keys.begin(), keys.end(), prefix, [](const Key &k, const std::string &v) { return k.text < v; });
}

bool CommuneIndex::firstSight(std::vector<quint8> &seen, int entry)
{
    quint8 &s = seen[static_cast<size_t>(entry)];
    const bool first = !s;
    s = 1;
    return first;
}

void CommuneIndex::collectNames(
    const std::string &q, bool singleChar, std::vector<quint8> &seen, std::vector<Candidate> &out) const
{
    for (auto it = firstWithPrefix(m_names, q); it != m_names.end() && startsWith(it->text, q); ++it) {
        const bool exact = it->text.size() == q.size();
        if (singleChar && !exact)
            break;
        if (firstSight(seen, it->entry))
            out.push_back(Candidate{exact ? 0 : 1, it->entry, -1});
    }
}

void CommuneIndex::collectWords(const std::string &q, std::vector<quint8> &seen, std::vector<Candidate> &out) const
{
    for (auto it = firstWithPrefix(m_words, q); it != m_words.end() && startsWith(it->text, q); ++it) {
        if (firstSight(seen, it->entry))
            out.push_back(Candidate{2, it->entry, -1});
    }
}

QList<CommuneMatch> CommuneIndex::best(std::vector<Candidate> &candidates, int limit) const
{
    const auto cut = candidates.begin() + std::min<qsizetype>(limit, static_cast<qsizetype>(candidates.size()));
    auto before = [this](const Candidate &a, const Candidate &b) { return ranksBefore(a, b); };
    std::partial_sort(candidates.begin(), cut, candidates.end(), before);
    QList<CommuneMatch> result;
    result.reserve(cut - candidates.begin());
    for (auto c = candidates.begin(); c != cut; ++c)
        result.append(makeMatch(c->entry, c->postal));
    return result;
}

QList<CommuneMatch> CommuneIndex::findCodes(const QString &code, int limit) const
{
    std::vector<quint8> seen(m_entries.size(), 0);
    std::vector<Candidate> candidates;
    const int tier = code.size() == 5 ? 0 : 1;
    if (code.size() == 5) {
        const auto hit = m_byInsee.constFind(code);
        if (hit != m_byInsee.constEnd()) {
            seen[static_cast<size_t>(hit.value())] = 1;
            candidates.push_back(Candidate{0, hit.value(), -1});
        }
    }
    const std::string q = toKey(code);
    // Keys are sorted by code, so the first key seen for a commune carries its lowest matching postal code.
    for (auto it = firstWithPrefix(m_postals, q); it != m_postals.end() && startsWith(it->text, q); ++it) {
        if (firstSight(seen, it->entry))
            candidates.push_back(Candidate{tier, it->entry, it->postal});
    }

    return best(candidates, limit);
}

QList<CommuneMatch> CommuneIndex::find(const QString &query, int limit) const
{
    if (limit <= 0 || m_entries.empty())
        return {};

    // Postal code (2 to 5 digits, spaces ignored as in "42 000") or full INSEE code.
    const QString trimmed = query.trimmed();
    if (!trimmed.isEmpty() && trimmed.size() <= 8) {
        QString compact = trimmed;
        compact.remove(QLatin1Char(' '));
        compact = compact.toUpper();
        if (compact.size() >= 2 && compact.size() <= 5 && isDigits(compact))
            return findCodes(compact, limit);
        if (isInseeCode(compact))
            return findCodes(compact, limit);
    }

    // Name prefix. "st" as a whole first word may be an abbreviation of "saint" or the beginning of "Strasbourg":
    // both readings are searched.
    const QString expanded = normalizeImpl(query, true);
    if (expanded.isEmpty())
        return {};
    const QString literal = normalizeImpl(query, false);
    const bool singleChar = expanded.size() < 2;
    std::string variants[2] = {toKey(expanded), {}};
    const int variantCount = literal != expanded ? 2 : 1;
    if (variantCount == 2)
        variants[1] = toKey(literal);

    std::vector<quint8> seen(m_entries.size(), 0);
    std::vector<Candidate> candidates;
    for (int v = 0; v < variantCount; ++v)
        collectNames(variants[v], singleChar, seen, candidates);
    // Later-word matches rank after every whole-name match, so they are only needed to fill up the list.
    if (!singleChar && static_cast<qsizetype>(candidates.size()) < limit) {
        for (int v = 0; v < variantCount; ++v)
            collectWords(variants[v], seen, candidates);
    }

    return best(candidates, limit);
}

std::optional<CommuneMatch> CommuneIndex::byInsee(const QString &codeInsee) const
{
    const auto hit = m_byInsee.constFind(codeInsee.trimmed().toUpper());
    if (hit == m_byInsee.constEnd())
        return std::nullopt;
    return makeMatch(hit.value(), -1);
}
