#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

// What the sync engine's parts ask of the network: a request to a path of the API, waited for. HttpTransport gives
// them on Qt's network; tests give them on a fake.
struct SyncReply
{
    int status = 0; // 0: no answer (time-out, refused or lost connection)
    QByteArray body;
    QByteArray retryAfter; // the header, as sent
    QString error; // the network's message when status is 0
};
// POST of a body to a path of the API (/activites/lot).
using SyncPost = std::function<SyncReply(const QString &path, const QByteArray &body)>;
// GET of a path of the API with its query (/activites?page[size]=500).
using SyncGet = std::function<SyncReply(const QString &pathAndQuery)>;
