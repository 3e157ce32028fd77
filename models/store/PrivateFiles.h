#pragma once

#include <QString>

// The data folder and its files closed to other accounts of the machine (beneficiaries' names and phone numbers live
// there): the folder 0700, each file 0600, whatever the umask, on Unix. On Windows the per-user data folder is
// already private (its access list is the user's); these functions then do nothing.
namespace PrivateFiles {

// Creates the folder (and its parents) if needed and makes it 0700. A folder that existed with looser modes is
// repaired: *repaired (when given) then holds a French sentence to show once. False, with a French message, when the
// folder cannot be created.
bool makeFolder(const QString &folder, QString *repaired, QString *error);

// Makes an existing file 0600 (creates nothing). True when it is, or when it does not exist.
bool makeFile(const QString &file);

} // namespace PrivateFiles
