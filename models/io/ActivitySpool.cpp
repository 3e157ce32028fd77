#include "models/io/ActivitySpool.h"

#include "models/text/FileErrors.h"

#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QSysInfo>
#include <QTemporaryFile>

namespace {
constexpr QDataStream::Version kVersion = QDataStream::Qt_6_4;
// The machine's own order: the file is read back by the process that wrote it, so nothing is swapped.
constexpr QDataStream::ByteOrder kByteOrder
    = QSysInfo::ByteOrder == QSysInfo::LittleEndian ? QDataStream::LittleEndian : QDataStream::BigEndian;
constexpr int kFlushCount = 1000; // activities written at once beyond the memory count

qint8 fromOptional(const std::optional<bool> &b)
{
    return b.has_value() ? qint8(*b ? 1 : 0) : qint8(-1);
}

std::optional<bool> toOptional(qint8 v)
{
    return v < 0 ? std::nullopt : std::optional<bool>(v != 0);
}

void writeCommune(QDataStream &s, const CommuneRef &c)
{
    s << c.codeInsee << c.codePostal << c.nom;
}

void readCommune(QDataStream &s, CommuneRef *c)
{
    s >> c->codeInsee >> c->codePostal >> c->nom;
}

// Every field of Activity, in its declaration's order (tst_activityspool checks that each one comes back).
void writeActivity(QDataStream &s, const Activity &a)
{
    s << a.id << a.type << a.date << qint32(a.dureeMinutes) << a.typeLieu << a.lieuId;
    writeCommune(s, a.lieuCommune);
    s << a.thematiques << a.materiel << a.tags << a.precisionsDemarche << a.notes;
    s << a.autonomie << fromOptional(a.orienteVersStructure) << a.structureDeRedirection << a.beneficiaireId;
    s << a.anonyme.genre << a.anonyme.trancheAge << qint32(a.anonyme.anneeNaissance) << a.anonyme.statutSocial;
    writeCommune(s, a.anonyme.communeResidence);
    s << fromOptional(a.anonyme.dejaAccompagne);
    s << a.titreAtelier << a.niveauAtelier << a.participants;
    const AnonymousCounters &k = a.participantsAnonymes;
    s << qint32(k.total) << qint32(k.dejaAccompagne) << k.genre << k.trancheAge << k.statutSocial;
    s << a.source << a.importKey << a.creation << a.modification << a.suppression << qint32(a.syncState)
      << a.serverVersion;
}

void readActivity(QDataStream &s, Activity *a)
{
    qint32 duree = 0, annee = 0, total = 0, deja = 0, sync = 0;
    qint8 oriente = -1, dejaAccompagne = -1;
    s >> a->id >> a->type >> a->date >> duree >> a->typeLieu >> a->lieuId;
    readCommune(s, &a->lieuCommune);
    s >> a->thematiques >> a->materiel >> a->tags >> a->precisionsDemarche >> a->notes;
    s >> a->autonomie >> oriente >> a->structureDeRedirection >> a->beneficiaireId;
    s >> a->anonyme.genre >> a->anonyme.trancheAge >> annee >> a->anonyme.statutSocial;
    readCommune(s, &a->anonyme.communeResidence);
    s >> dejaAccompagne;
    s >> a->titreAtelier >> a->niveauAtelier >> a->participants;
    AnonymousCounters &k = a->participantsAnonymes;
    s >> total >> deja >> k.genre >> k.trancheAge >> k.statutSocial;
    s >> a->source >> a->importKey >> a->creation >> a->modification >> a->suppression >> sync >> a->serverVersion;
    a->dureeMinutes = duree;
    a->anonyme.anneeNaissance = annee;
    k.total = total;
    k.dejaAccompagne = deja;
    a->orienteVersStructure = toOptional(oriente);
    a->anonyme.dejaAccompagne = toOptional(dejaAccompagne);
    a->syncState = SyncState(sync);
}
} // namespace

ActivitySpool::ActivitySpool(int memoryCount)
    : m_memoryCount(std::max(memoryCount, 0))
{
}

ActivitySpool::~ActivitySpool() = default;

bool ActivitySpool::append(Activity &&activity, QString *error)
{
    if (m_head.size() < PreviewCount)
        m_head.append(activity);
    m_memory.append(std::move(activity));
    ++m_count;
    if (m_memory.size() > (m_file ? kFlushCount : m_memoryCount))
        return flush(error);
    return true;
}

bool ActivitySpool::flush(QString *error)
{
    if (!m_file) {
        m_file = std::make_unique<QTemporaryFile>(QDir::temp().filePath(QStringLiteral("carnet-import-XXXXXX.bin")));
        if (!m_file->open()) {
            *error = tr("Le fichier de travail de l'import n'a pas pu être créé : %1")
                         .arg(FileErrors::describe(*m_file, m_file->fileTemplate()));
            m_file.reset();
            return false;
        }
    }
    QDataStream out(m_file.get());
    out.setVersion(kVersion);
    out.setByteOrder(kByteOrder);
    for (const Activity &a : std::as_const(m_memory))
        writeActivity(out, a);
    if (out.status() != QDataStream::Ok || !m_file->flush()) {
        *error = tr("Le fichier de travail de l'import n'a pas pu être écrit : %1")
                     .arg(FileErrors::describe(*m_file, m_file->fileName()));
        return false;
    }
    m_inFile += m_memory.size();
    m_memory.clear();
    return true;
}

bool ActivitySpool::forEach(
    int batchSize, const std::function<bool(QList<Activity> &batch)> &batch, QString *error) const
{
    batchSize = std::max(batchSize, 1);
    QList<Activity> list;
    if (m_file) {
        QFile file(m_file->fileName());
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("Le fichier de travail de l'import n'a pas pu être relu : %1")
                         .arg(FileErrors::describe(file, file.fileName()));
            return false;
        }
        QDataStream in(&file);
        in.setVersion(kVersion);
        in.setByteOrder(kByteOrder);
        for (qint64 i = 0; i < m_inFile; ++i) {
            Activity a;
            readActivity(in, &a);
            if (in.status() != QDataStream::Ok) {
                *error = tr("Le fichier de travail de l'import n'a pas pu être relu : il est incomplet (%1).")
                             .arg(file.fileName());
                return false;
            }
            list.append(std::move(a));
            if (list.size() >= batchSize) {
                if (!batch(list))
                    return false;
                list.clear();
            }
        }
    }
    for (const Activity &a : m_memory) {
        list.append(a);
        if (list.size() >= batchSize) {
            if (!batch(list))
                return false;
            list.clear();
        }
    }
    return list.isEmpty() || batch(list);
}
