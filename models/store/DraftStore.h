#pragma once

#include "models/domain/Activity.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

class Store;

// A CRA being typed and not yet saved, as found on disk.
struct Draft
{
    Activity activity; // whatever was typed, possibly invalid
    QDateTime savedAt; // UTC, when the draft was written
    bool editing = false; // true when the draft is a change to an already saved activity (same id)
};

// The draft of the CRA form: one JSON file, brouillon.json, next to the database. Written atomically (QSaveFile), so a
// crash while writing leaves the previous draft; removed when the CRA is saved or the draft discarded.
class DraftStore
{
    Q_DECLARE_TR_FUNCTIONS(DraftStore)

public:
    static constexpr const char *FileName = "brouillon.json";
    static constexpr int FormatVersion = 1;

    explicit DraftStore(const QString &directory);
    // The draft next to the store's database file.
    static DraftStore besideStore(const Store &store);

    QString filePath() const { return m_filePath; }
    bool exists() const;
    bool save(const Draft &draft, QString *error) const;
    // nullopt when there is no draft; also when it cannot be read, with *error set (the file is left in place).
    std::optional<Draft> load(QString *error) const;
    bool discard(QString *error) const; // true when there is no draft afterwards

private:
    QString m_filePath;
};
