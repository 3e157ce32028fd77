#pragma once

// A spreadsheet as a French user sees it: the file opened by LibreOffice headless and saved as CSV (';', '"',
// UTF-8, each cell as shown, LibreOffice set to French), then read back into rows of text. Each call has a profile of
// its own
// (-env:UserInstallation) so tests can run in parallel. CSV input is read as French Excel reads it: ';', UTF-8,
// French numbers and dates (language 1036).

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace LibreOffice {

inline bool available()
{
    return !QStandardPaths::findExecutable(QStringLiteral("libreoffice")).isEmpty();
}

// RFC 4180 rows of a UTF-8 text (a BOM skipped).
inline QList<QStringList> parseCsv(QString text, QChar separator = QLatin1Char(';'))
{
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool quoted = false;
    bool any = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    cell += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                cell += c;
            }
            continue;
        }
        if (c == u'"') {
            quoted = true;
            any = true;
        } else if (c == separator) {
            row << cell;
            cell.clear();
            any = true;
        } else if (c == u'\r') {
            continue;
        } else if (c == u'\n') {
            row << cell;
            rows << row;
            row.clear();
            cell.clear();
            any = false;
        } else {
            cell += c;
            any = true;
        }
    }
    if (any || !cell.isEmpty()) {
        row << cell;
        rows << row;
    }
    return rows;
}

// The first sheet of file as LibreOffice shows it; empty with *error on a failure.
inline QList<QStringList> rows(const QString &file, QString *error)
{
    QTemporaryDir work;
    // LibreOffice in French (dates jj/mm, decimal commas), as the user's.
    QDir().mkpath(work.filePath(QStringLiteral("profile/user")));
    QFile settings(work.filePath(QStringLiteral("profile/user/registrymodifications.xcu")));
    if (settings.open(QIODevice::WriteOnly))
        settings.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" "
                       "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
                       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                       "<item oor:path=\"/org.openoffice.Setup/L10N\"><prop oor:name=\"ooSetupSystemLocale\" "
                       "oor:op=\"fuse\"><value>fr-FR</value></prop></item>\n"
                       "</oor:items>\n");
    settings.close();
    const QString profile = QUrl::fromLocalFile(work.filePath(QStringLiteral("profile"))).toString();
    QStringList args = {QStringLiteral("-env:UserInstallation=") + profile, QStringLiteral("--headless")};
    if (file.endsWith(QLatin1String(".csv")))
        args << QStringLiteral("--infilter=CSV:59,34,76,1,,1036");
    // Cells as shown (token 9), ';' and '"', UTF-8.
    args << QStringLiteral("--convert-to")
         << QStringLiteral("csv:Text - txt - csv (StarCalc):59,34,76,1,,1036,false,false,true")
         << QStringLiteral("--outdir") << work.filePath(QStringLiteral("out")) << file;
    QProcess process;
    process.start(QStringLiteral("libreoffice"), args);
    if (!process.waitForFinished(120000) || process.exitCode() != 0) {
        *error = QStringLiteral("libreoffice: ") + QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    QFile out(QDir(work.filePath(QStringLiteral("out")))
                  .filePath(QFileInfo(file).completeBaseName() + QStringLiteral(".csv")));
    if (!out.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("no output: ") + QString::fromUtf8(process.readAllStandardError())
            + QString::fromUtf8(process.readAllStandardOutput());
        return {};
    }
    return parseCsv(QString::fromUtf8(out.readAll()));
}

// The index of the row whose first cell is firstCell, -1 when none.
inline int findRow(const QList<QStringList> &rows, const QString &firstCell)
{
    for (int i = 0; i < rows.size(); ++i) {
        if (!rows.at(i).isEmpty() && rows.at(i).first() == firstCell)
            return i;
    }
    return -1;
}

} // namespace LibreOffice
