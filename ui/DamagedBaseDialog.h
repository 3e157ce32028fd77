#pragma once

#include <QDialog>
#include <QStringList>

class QPushButton;

// Shown at start when the base failed its quick check (Store::isDamaged): what is wrong (the first problems found)
// and the three ways on: restore a backup, salvage what is still readable into a new base, or go on read-only.
class DamagedBaseDialog : public QDialog
{
    Q_OBJECT

public:
    enum Choice { ContinueReadOnly = 0, RestoreBackup = 1, Salvage = 2 };

    DamagedBaseDialog(const QString &filePath, const QStringList &damage, QWidget *parent = nullptr);

    Choice choice() const { return m_choice; }

private:
    Choice m_choice = ContinueReadOnly;
};
