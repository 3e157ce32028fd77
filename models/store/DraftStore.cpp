#include "models/store/DraftStore.h"

#include "models/store/PrivateFiles.h"
#include "models/text/FileErrors.h"

#include "models/io/ActivityJson.h"
#include "models/store/Store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

DraftStore::DraftStore(const QString &directory, const QString &fileName)
    : m_filePath(QDir(directory).filePath(fileName))
{
}

DraftStore DraftStore::besideStore(const Store &store, const QString &fileName)
{
    return DraftStore(QFileInfo(store.filePath()).dir().path(), fileName);
}

bool DraftStore::exists() const
{
    return QFileInfo::exists(m_filePath);
}

bool DraftStore::save(const Draft &draft, QString *error) const
{
    QJsonObject root;
    root.insert(QStringLiteral("format"), FormatVersion);
    root.insert(QStringLiteral("savedAt"), draft.savedAt.toUTC().toString(Qt::ISODateWithMs));
    root.insert(QStringLiteral("editing"), draft.editing);
    if (!draft.dateText.isEmpty())
        root.insert(QStringLiteral("dateSaisie"), draft.dateText);
    root.insert(QStringLiteral("activity"), ActivityJson::toJson(draft.activity));

    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("Le brouillon n'a pas pu être écrit dans %1 : %2")
                     .arg(m_filePath, FileErrors::describe(file, m_filePath));
        return false;
    }
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        *error = tr("Le brouillon n'a pas pu être écrit dans %1 : %2")
                     .arg(m_filePath, FileErrors::describe(file, m_filePath));
        file.cancelWriting();
        return false;
    }
    PrivateFiles::makeFile(m_filePath); // it holds what is being typed about a person
    return true;
}

std::optional<Draft> DraftStore::load(QString *error) const
{
    QFile file(m_filePath);
    if (!file.exists())
        return std::nullopt;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Le brouillon %1 n'a pas pu être lu : %2").arg(m_filePath, FileErrors::describe(file, m_filePath));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (doc.isNull() || !doc.isObject()) {
        *error = tr("Le brouillon %1 est illisible : %2").arg(m_filePath, parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toInt() != FormatVersion) {
        *error = tr("Le brouillon %1 a été écrit par une autre version de Carnet.").arg(m_filePath);
        return std::nullopt;
    }
    Draft draft;
    draft.savedAt = QDateTime::fromString(root.value(QLatin1String("savedAt")).toString(), Qt::ISODateWithMs).toUTC();
    draft.editing = root.value(QLatin1String("editing")).toBool();
    draft.dateText = root.value(QLatin1String("dateSaisie")).toString();
    QString activityError;
    if (!ActivityJson::fromJson(root.value(QLatin1String("activity")).toObject(), &draft.activity, &activityError)) {
        *error = tr("Le brouillon %1 est illisible : %2").arg(m_filePath, activityError);
        return std::nullopt;
    }
    return draft;
}

bool DraftStore::discard(QString *error) const
{
    QFile file(m_filePath);
    if (!file.exists() || file.remove())
        return true;
    *error
        = tr("Le brouillon %1 n'a pas pu être supprimé : %2").arg(m_filePath, FileErrors::describe(file, m_filePath));
    return false;
}

bool DraftStore::moveTo(const DraftStore &other, QString *error) const
{
    if (!exists())
        return true;
    if (!other.discard(error))
        return false;
    QFile file(m_filePath);
    if (file.rename(other.m_filePath))
        return true;
    *error = tr("Le brouillon %1 n'a pas pu être renommé en %2 : %3")
                 .arg(m_filePath, other.m_filePath, FileErrors::describe(file, m_filePath));
    return false;
}
