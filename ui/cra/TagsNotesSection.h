#pragma once

#include "ui/cra/CraSection.h"

class QLineEdit;
class QPlainTextEdit;

// The end of every CRA: free tags (separated by commas) and notes.
class TagsNotesSection : public CraSection
{
    Q_OBJECT

public:
    explicit TagsNotesSection(QWidget *parent = nullptr);

    void load(const Activity &activity) override;
    void apply(Activity &activity) const override;

private:
    QLineEdit *m_tags = nullptr;
    QPlainTextEdit *m_notes = nullptr;
};
