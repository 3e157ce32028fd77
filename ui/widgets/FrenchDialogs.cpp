#include "ui/widgets/FrenchDialogs.h"

#include <QAbstractButton>
#include <QDialogButtonBox>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QTranslator>

namespace FrenchDialogs {

namespace {
QPointer<QTranslator> &translator()
{
    static QPointer<QTranslator> installed;
    return installed;
}

const char *const kContext = "FrenchDialogs";

void show(QWidget *parent, QMessageBox::Icon icon, const QString &title, const QString &text)
{
    QMessageBox box(icon, title, text, QMessageBox::Ok, parent);
    translate(box);
    box.exec();
}
} // namespace

bool installQtTranslations()
{
    if (translator())
        return true;
    auto *qt = new QTranslator(QCoreApplication::instance());
    // qtbase_fr.qm holds every Qt module's texts that Carnet shows (buttons, file dialogs, context menus).
    if (!qt->load(QLocale(QLocale::French, QLocale::France), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        delete qt;
        return false;
    }
    QCoreApplication::installTranslator(qt);
    translator() = qt;
    return true;
}

QObject *installedTranslator()
{
    return translator().data();
}

QString buttonText(QMessageBox::StandardButton button)
{
    switch (button) {
    case QMessageBox::Ok:
        return QCoreApplication::translate(kContext, "OK");
    case QMessageBox::Yes:
        return QCoreApplication::translate(kContext, "&Oui");
    case QMessageBox::YesToAll:
        return QCoreApplication::translate(kContext, "Oui à &tout");
    case QMessageBox::No:
        return QCoreApplication::translate(kContext, "&Non");
    case QMessageBox::NoToAll:
        return QCoreApplication::translate(kContext, "Non à to&ut");
    case QMessageBox::Cancel:
        return QCoreApplication::translate(kContext, "Annuler");
    case QMessageBox::Close:
        return QCoreApplication::translate(kContext, "&Fermer");
    case QMessageBox::Save:
        return QCoreApplication::translate(kContext, "&Enregistrer");
    case QMessageBox::Discard:
        return QCoreApplication::translate(kContext, "Ne pas enregistrer");
    case QMessageBox::Apply:
        return QCoreApplication::translate(kContext, "&Appliquer");
    case QMessageBox::Retry:
        return QCoreApplication::translate(kContext, "&Réessayer");
    case QMessageBox::Ignore:
        return QCoreApplication::translate(kContext, "I&gnorer");
    case QMessageBox::Abort:
        return QCoreApplication::translate(kContext, "A&bandonner");
    case QMessageBox::Help:
        return QCoreApplication::translate(kContext, "Aide");
    case QMessageBox::Reset:
        return QCoreApplication::translate(kContext, "Réinitialiser");
    case QMessageBox::RestoreDefaults:
        return QCoreApplication::translate(kContext, "Valeurs par défaut");
    default:
        return QString();
    }
}

void translate(QMessageBox &box)
{
    for (QAbstractButton *button : box.buttons()) {
        const QString text = buttonText(box.standardButton(button));
        if (!text.isEmpty())
            button->setText(text);
    }
}

void translate(QDialogButtonBox *buttons)
{
    for (QAbstractButton *button : buttons->buttons()) {
        const auto standard = static_cast<QMessageBox::StandardButton>(buttons->standardButton(button));
        const QString text = buttonText(standard);
        if (!text.isEmpty())
            button->setText(text);
    }
}

bool confirm(QWidget *parent, const QString &title, const QString &text, const QString &confirmText)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::Yes | QMessageBox::Cancel, parent);
    translate(box);
    if (!confirmText.isEmpty())
        box.button(QMessageBox::Yes)->setText(confirmText);
    box.setDefaultButton(QMessageBox::Cancel);
    box.setEscapeButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Yes;
}

void warning(QWidget *parent, const QString &title, const QString &text)
{
    show(parent, QMessageBox::Warning, title, text);
}

void critical(QWidget *parent, const QString &title, const QString &text)
{
    show(parent, QMessageBox::Critical, title, text);
}

void information(QWidget *parent, const QString &title, const QString &text)
{
    show(parent, QMessageBox::Information, title, text);
}

} // namespace FrenchDialogs
