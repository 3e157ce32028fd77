#pragma once

// Bad luck on purpose: pages of an SQLite file overwritten with random bytes, as a failing disk or a crash of the file
// system would leave them.

#include <QFile>
#include <QList>
#include <QRandomGenerator>
#include <QString>

namespace DamagedFile {

constexpr int PageSize = 4096; // SQLite's default, Carnet's

// Overwrites `count` distinct pages taken in the middle third of the file (never the header page); the page numbers
// (1-based, as SQLite counts them) in *pages. False when the file is too small or cannot be written.
inline bool overwritePages(const QString &path, int count, quint32 seed, QList<qint64> *pages = nullptr)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    const qint64 total = file.size() / PageSize;
    if (total < 3 * count + 3)
        return false;
    QRandomGenerator random(seed);
    QList<qint64> chosen;
    while (chosen.size() < count) {
        const qint64 page = total / 3 + static_cast<qint64>(random.bounded(static_cast<quint32>(total / 3)));
        if (page >= 1 && !chosen.contains(page))
            chosen.append(page);
    }
    for (const qint64 page : std::as_const(chosen)) {
        QByteArray bytes(PageSize, Qt::Uninitialized);
        for (char &c : bytes)
            c = static_cast<char>(random.bounded(256));
        if (!file.seek(page * PageSize) || file.write(bytes) != PageSize)
            return false;
    }
    if (pages) {
        pages->clear();
        for (const qint64 page : std::as_const(chosen))
            pages->append(page + 1);
    }
    return file.flush();
}

inline QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace DamagedFile
