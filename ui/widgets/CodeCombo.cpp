#include "ui/widgets/CodeCombo.h"

CodeCombo::CodeCombo(QWidget *parent)
    : QComboBox(parent)
{
}

CodeCombo::CodeCombo(Nomenclature::List list, const QString &noneText, QWidget *parent)
    : QComboBox(parent)
{
    if (!noneText.isEmpty())
        addItem(noneText, QString());
    for (const NomenclatureItem &item : Nomenclature::instance().items(list))
        addItem(item.label, item.value);
}

QString CodeCombo::code() const
{
    return currentData().toString();
}

void CodeCombo::setCode(const QString &code)
{
    const int index = findData(code);
    setCurrentIndex(index >= 0 ? index : 0);
}
