#pragma once

#include <QString>

class QFileDevice;

// What went wrong with a file, in French: Qt's errorString() is the system's message, in English under most
// locales ("No space left on device"). A full disk is recognised from the space left where the file is.
namespace FileErrors {
QString describe(const QFileDevice &file, const QString &path);
} // namespace FileErrors
