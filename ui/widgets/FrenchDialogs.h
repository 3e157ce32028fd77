#pragma once

#include <QCoreApplication>
#include <QMessageBox>
#include <QString>

class QDialogButtonBox;
class QWidget;

// Qt's own buttons (Oui, Annuler, Enregistrer...) in French whatever the system locale: installQtTranslations() loads
// Qt's French translations (qtbase_fr.qm, Debian's qt6-translations-l10n) before any dialog; when that file is
// missing, the message boxes below and translate() put French texts on the standard buttons themselves.
namespace FrenchDialogs {

// Installs Qt's French translations on the application (once; call it before the first dialog). False when
// qtbase_fr.qm is not found in QLibraryInfo::path(QLibraryInfo::TranslationsPath): the fallback texts are then used.
bool installQtTranslations();
// The translator installQtTranslations() installed (nullptr when none), so that tests can remove it.
QObject *installedTranslator();

// The French text of a standard button ("&Oui", "Annuler"...), empty for a button Carnet does not use.
QString buttonText(QMessageBox::StandardButton button);
// Sets French texts on the standard buttons of a message box or button box.
void translate(QMessageBox &box);
void translate(QDialogButtonBox *buttons);

// A question answered "confirmText" (default "&Oui") or "Annuler" (the default and Échap): true for the first.
bool confirm(QWidget *parent, const QString &title, const QString &text, const QString &confirmText = QString());
// A message with one "OK" button.
void warning(QWidget *parent, const QString &title, const QString &text);
void critical(QWidget *parent, const QString &title, const QString &text);
void information(QWidget *parent, const QString &title, const QString &text);

} // namespace FrenchDialogs
