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
    // The date field as typed when it did not hold a date (activity.date is then invalid), so that a draft never
    // comes back with another date than the one being typed; empty otherwise.
    QString dateText;
};

// The draft of the CRA form: one JSON file, brouillon.json, next to the database. Written atomically (QSaveFile), so a
// crash while writing leaves the previous draft; removed when the CRA is saved or the draft discarded. While a draft
// left by an earlier session is offered and not yet answered, what the form holds goes to a second file,
// brouillon-suivant.json (NextFileName), so that neither is lost. Known limit: after a second crash while an offer was
// unanswered, what is typed during the next offer replaces that second file.
class DraftStore
{
    Q_DECLARE_TR_FUNCTIONS(DraftStore)

public:
    static constexpr const char *FileName = "brouillon.json";
    static constexpr const char *NextFileName = "brouillon-suivant.json";
    static constexpr int FormatVersion = 1;

    explicit DraftStore(const QString &directory, const QString &fileName = QLatin1String(FileName));
    // The draft next to the store's database file (fileName: FileName or NextFileName).
    static DraftStore besideStore(const Store &store, const QString &fileName = QLatin1String(FileName));

    QString filePath() const { return m_filePath; }
    bool exists() const;
    bool save(const Draft &draft, QString *error) const;
    // nullopt when there is no draft; also when it cannot be read, with *error set (the file is left in place).
    std::optional<Draft> load(QString *error) const;
    bool discard(QString *error) const; // true when there is no draft afterwards
    // Moves this draft over the one of other (which it replaces); true when done or when there is nothing to move.
    bool moveTo(const DraftStore &other, QString *error) const;

private:
    QString m_filePath;
};
