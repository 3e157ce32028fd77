#pragma once

#include <QSqlDatabase>
#include <QString>

// The schema of the store, versioned in the database (PRAGMA user_version) and brought up to date by cumulative steps
// applied in one transaction when the store opens.
namespace Migrations {
constexpr int LatestVersion = 7;
constexpr int ApplicationId = 0x4361726e; // "Carn" in the SQLite header: marks a Carnet database

// Applies every step after `from` up to `to` (default: the latest) in one write transaction. On failure nothing is
// changed and `error` says why, in French.
bool migrate(QSqlDatabase &db, int from, QString *error, int to = LatestVersion);
} // namespace Migrations
