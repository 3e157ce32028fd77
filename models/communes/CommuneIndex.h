#pragma once

#include "models/domain/CommuneRef.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

// One commune returned by a lookup.
struct CommuneMatch
{
    QString codeInsee;
    QString nom;
    QString codePostal; // the postal code that matched the query, or the first postal code of the commune
    QStringList codesPostaux;
    QString departement;
    int population = 0;

    CommuneRef toRef() const;
};

// Offline lookup of French communes (and the municipal arrondissements of Paris, Lyon and Marseille) by name prefix,
// postal code or INSEE code. The reference data is compiled in as :/carnet/communes/communes.tsv.gz.
//
// Lookups are read-only and may run concurrently from several threads once the index is loaded. Loading the full
// data (first call to instance()) takes about 0.1 s; a lookup takes about 10 µs on average, 0.1 ms worst case.
//
// find() rules:
// - a query of 2 to 5 digits (spaces ignored) matches the postal codes starting with it; a 5-character query also
//   matches an INSEE code exactly (digits, or 2A/2B for Corsica). Results are ordered by population, descending.
// - any other query is a name prefix, compared after normalize(): exact whole-name matches first, then whole-name
//   prefix matches, then matches on the start of a later word ("etienne" finds Saint-Étienne); within each rank by
//   population descending (an arrondissement after a commune of equal population), so a municipal arrondissement
//   always comes after its parent commune. A leading "st"/"ste" is searched both as "saint"/"sainte" and literally,
//   so "st" and "stras" still find Strasbourg.
// - a query normalizing to one character only returns communes whose whole name is that character (e.g. "Y"); an
//   empty query returns nothing.
class CommuneIndex
{
public:
    static const CommuneIndex &instance(); // lazily loaded from the resource, thread-safe (function-local static)

    // Replaces the content of the index with the given TSV (header line then one commune per line, UTF-8). On bad
    // input the index is left unchanged and *error gets a French message naming the line.
    bool loadFromTsv(const QByteArray &tsv, QString *error);

    QList<CommuneMatch> find(const QString &query, int limit = 10) const;
    std::optional<CommuneMatch> byInsee(const QString &codeInsee) const;
    int size() const;

    // Lower-case, accents removed (NFKD, marks dropped, œ/æ expanded), hyphens/apostrophes/punctuation turned into
    // spaces, spaces collapsed and trimmed; "st"/"ste" as whole first word become "saint"/"sainte".
    static QString normalize(const QString &s);

private:
    struct Entry
    {
        QString codeInsee;
        QString nom;
        QStringList codesPostaux;
        QString departement;
        int population = 0;
        bool arrondissement = false;
    };
    struct Key
    {
        std::string text; // UTF-8 normalized text, compared bytewise
        int entry = 0;
        int postal = -1; // index in Entry::codesPostaux for postal keys
    };
    struct Candidate;

    CommuneMatch makeMatch(int entry, int postal) const;
    bool ranksBefore(const Candidate &a, const Candidate &b) const;
    void collectNames(
        const std::string &q, bool singleChar, std::vector<quint8> &seen, std::vector<Candidate> &out) const;
    void collectWords(const std::string &q, std::vector<quint8> &seen, std::vector<Candidate> &out) const;
    static std::vector<Key>::const_iterator firstWithPrefix(const std::vector<Key> &keys, const std::string &prefix);
    // True the first time an entry is met in one search (seen marks it).
    static bool firstSight(std::vector<quint8> &seen, int entry);
    QList<CommuneMatch> findCodes(const QString &code, int limit) const;
    // The first `limit` candidates in rank order, as matches (a name candidate has no postal code: -1).
    QList<CommuneMatch> best(std::vector<Candidate> &candidates, int limit) const;

    std::vector<Entry> m_entries;
    std::vector<Key> m_names; // whole normalized names, sorted
    std::vector<Key> m_words; // normalized names from their second, third... word, sorted
    std::vector<Key> m_postals; // postal codes, sorted
    QHash<QString, int> m_byInsee;
};
