#pragma once

#include <QString>

class QFileDevice;

// What went wrong with a file, in French: Qt's errorString() is the system's message, in English under most
// locales ("No space left on device"). A full disk is recognised from the space left where the file is.
namespace FileErrors {
QString describe(const QFileDevice &file, const QString &path);
// A write to path that failed in a library of its own (libxlsxwriter), which says only `detail`: a full or read-only
// disk is told as describe() tells it.
QString describeWriteFailure(const QString &path, const QString &detail);
} // namespace FileErrors
