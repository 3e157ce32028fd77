#pragma once

// A small real file system for the tests of a full or read-only disk: a tmpfs of a few hundred kilobytes mounted on a
// temporary folder, when the test may mount one (root on Linux, as on CI). available() says whether it could; the
// tests then fall back to what works without it (SQLite's page limit for a full base, file modes for a read-only one
// when not root).

#include <QString>
#include <QTemporaryDir>

#ifdef Q_OS_LINUX
#include <sys/mount.h>
#include <unistd.h>
#endif

class ScratchDisk
{
public:
    explicit ScratchDisk(qint64 bytes)
    {
#ifdef Q_OS_LINUX
        const QByteArray options = "size=" + QByteArray::number(bytes) + ",mode=0700";
        m_mounted = m_dir.isValid()
            && ::mount("tmpfs", QFile::encodeName(m_dir.path()).constData(), "tmpfs", 0, options.constData()) == 0;
#else
        Q_UNUSED(bytes);
#endif
    }
    ~ScratchDisk()
    {
#ifdef Q_OS_LINUX
        if (m_mounted)
            ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
#endif
    }
    ScratchDisk(const ScratchDisk &) = delete;
    ScratchDisk &operator=(const ScratchDisk &) = delete;

    bool available() const
    {
        return m_mounted;
    }
    QString path() const
    {
        return m_dir.path();
    }
    QString filePath(const QString &name) const
    {
        return m_dir.filePath(name);
    }

    // The whole file system read-only from now on (EROFS even for root).
    bool makeReadOnly()
    {
#ifdef Q_OS_LINUX
        return m_mounted
            && ::mount(nullptr, QFile::encodeName(m_dir.path()).constData(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr)
            == 0;
#else
        return false;
#endif
    }

    // Fills the disk with a ballast file, leaving about `leave` bytes free.
    bool fill(qint64 leave = 0)
    {
        QFile ballast(filePath(QStringLiteral("ballast")));
        if (!ballast.open(QIODevice::WriteOnly | QIODevice::Append))
            return false;
        const QByteArray block(4096, 'b');
        while (ballast.write(block) == block.size() && ballast.flush()) { }
        ballast.close();
        if (leave > 0)
            ballast.resize(std::max<qint64>(0, ballast.size() - leave));
        return true;
    }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
};
