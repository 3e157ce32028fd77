#pragma once

#include "models/domain/Nomenclature.h"

#include <QComboBox>

// A combo box of codes: each item shows a label and carries its code (the item data).
class CodeCombo : public QComboBox
{
    Q_OBJECT

public:
    explicit CodeCombo(QWidget *parent = nullptr);
    // The items of list in display order, after a first item without a code labelled noneText (no such item when
    // noneText is empty).
    CodeCombo(Nomenclature::List list, const QString &noneText, QWidget *parent = nullptr);

    // The code of the current item; empty for the item without a code.
    QString code() const;
    // Makes current the item of code, or the first item when no item has it.
    void setCode(const QString &code);
};
