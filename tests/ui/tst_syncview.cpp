// The window's sync, as a mediator meets it, against a real carnet-serveur: the Synchronisation view's settings (the
// token's place, a refused address), "Synchroniser maintenant" and the status bar, a conflict resolved in its dialog,
// and Mes activités filtered by sync state. Screenshots in build/screenshots.
#include "models/store/SyncLedger.h"
#include "sync/client/SyncEngine.h"
#include "sync/client/SyncSession.h"
#include "sync/client/SyncSettings.h"
#include "sync/client/TokenStore.h"
#include "tests/support/Screenshot.h"
#include "tests/sync/ServerProcess.h"
#include "tests/sync/SyncClients.h"
#include "ui/MainWindow.h"
#include "ui/activities/ActivitiesView.h"
#include "ui/cra/CraForm.h"
#include "ui/sync/ConflictDialog.h"
#include "ui/sync/SyncView.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using SyncTest::Http;
using SyncTest::ids;
using TestData::Fixture;

namespace {
bool waitFinished(QSignalSpy &spy, int count)
{
    return SyncTest::waitFor(spy, count, 30000);
}
} // namespace

class TestSyncView : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerTest::Server> m_server;

    QString api() const { return QStringLiteral("http://127.0.0.1:%1/api/v1").arg(m_server->port()); }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerTest::Server>(QStringList{QStringLiteral("--data"), m_dir.path()});
        QVERIFY(m_server->start({QStringLiteral("--requetes-par-minute"), QStringLiteral("0")}));
    }
    void cleanupTestCase() { QVERIFY(m_server->stop()); }

    // Set up as a mediator would: an address in plain HTTP elsewhere is refused, the keychain's absence (a headless
    // machine) said, the file chosen with its warning; then "Synchroniser maintenant" sends everything and the
    // status bar says so.
    void settings_thenSyncNow_statusBarFollows()
    {
        Fixture f;
        QVERIFY(f.openWithDemo(60, 31));
        MainWindow window(f.store);
        window.resize(1366, 768);
        window.showView(MainWindow::View::Synchronisation);
        auto *view = window.syncView();
        auto *server = view->findChild<QLineEdit *>(QStringLiteral("syncServer"));
        auto *token = view->findChild<QLineEdit *>(QStringLiteral("syncToken"));
        auto *inFile = view->findChild<QCheckBox *>(QStringLiteral("syncTokenInFile"));
        auto *message = view->findChild<QLabel *>(QStringLiteral("syncSettingsMessage"));
        auto *status = window.findChild<QLabel *>(QStringLiteral("statusSync"));
        QVERIFY(server && token && inFile && message && status);
        QVERIFY2(status->text().startsWith(QStringLiteral("60 activités à envoyer")), qPrintable(status->text()));

        server->setText(QStringLiteral("http://exemple.fr/api/v1"));
        token->setText(QStringLiteral("carnet_x"));
        QVERIFY(!view->saveSettings());
        QVERIFY2(message->text().contains(QStringLiteral("https://")), qPrintable(message->text()));

        server->setText(api());
        token->setText(m_server->addAccount(QStringLiteral("Sam Henry")));
        QString keychainError;
        QString ignored;
        KeychainTokenStore probe(m_dir.path());
        const bool keychain = probe.read(&ignored, &keychainError);
        if (!keychain) {
            QVERIFY(!view->saveSettings()); // no keychain here: said, and the file offered
            QVERIFY2(message->text().contains(QStringLiteral("trousseau")), qPrintable(message->text()));
        }
        inFile->setChecked(true);
        const QString dataDir = QFileInfo(f.path()).absolutePath();
        QVERIFY2(view->saveSettings(), qPrintable(message->text()));
        QVERIFY(QFileInfo::exists(QDir(dataDir).filePath(FileTokenStore::fileName())));
        QVERIFY(token->text().isEmpty()); // never shown again
        QVERIFY(token->placeholderText().contains(QStringLiteral("enregistré")));
        QVERIFY(window.syncEngine()->isConfigured());
        Screenshot::save(window, QStringLiteral("sync-view-settings.png"));

        QSignalSpy finished(window.syncEngine(), &SyncEngine::finished);
        view->findChild<QPushButton *>(QStringLiteral("syncNow"))->click();
        QVERIFY(waitFinished(finished, 1));
        const auto r = finished.at(0).at(0).value<SyncSession::Result>();
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(SyncLedger(f.store).pendingCount(), 0);
        QCOMPARE(status->text(), QStringLiteral("À jour"));
        QVERIFY(view->findChild<QLabel *>(QStringLiteral("syncState"))->text().contains(QStringLiteral("réussie")));
        QVERIFY(SyncSettings::lastSuccess(dataDir).isValid());
        Screenshot::save(window, QStringLiteral("sync-view-done.png"));
    }

    // A conflict: listed in the view, filtered in Mes activités, resolved in its dialog field by field.
    void conflict_listed_filtered_resolvedInItsDialog()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Lina Colin")));
        Fixture a, b;
        QVERIFY(a.openWithDemo(30, 32));
        const auto sync = [&](Fixture &x) { return SyncTest::syncOnce(x.store, x.clock, http); };
        QVERIFY(sync(a).ok());
        QVERIFY(b.open());
        QVERIFY(sync(b).ok());
        const QUuid id = SyncTest::liveActivity(a.store);
        QString error;
        Activity mine = *b.store.activity(id);
        mine.notes = QStringLiteral("Sur le portable");
        mine.dureeMinutes = 50;
        QVERIFY(b.store.saveActivity(mine, &error));
        Activity theirs = *a.store.activity(id);
        theirs.notes = QStringLiteral("Au bureau, avec la fiche remplie");
        QVERIFY(a.store.saveActivity(theirs, &error));
        QVERIFY(sync(a).ok());
        sync(b);
        QCOMPARE(b.store.activity(id)->syncState, SyncState::Conflict);

        MainWindow window(b.store);
        window.resize(1366, 768);
        window.showView(MainWindow::View::Synchronisation);
        SyncView *view = window.syncView();
        view->refresh();
        QCOMPARE(view->conflictList()->topLevelItemCount(), 1);
        QVERIFY(view->conflictList()->topLevelItem(0)->text(0).startsWith(QStringLiteral("Activité du ")));
        Screenshot::save(window, QStringLiteral("sync-view-conflict.png"));

        // Mes activités, "Envoi : Conflit à résoudre": that one only.
        window.showView(MainWindow::View::Activites);
        auto *combo = window.activitiesView()->findChild<QComboBox *>(QStringLiteral("syncStateCombo"));
        QVERIFY(combo);
        const int conflictItem = combo->findText(QStringLiteral("Conflit à résoudre"));
        QVERIFY(conflictItem > 0);
        combo->setCurrentIndex(conflictItem);
        emit combo->activated(conflictItem);
        auto *table = window.activitiesView()->findChild<QTableView *>(QStringLiteral("activitiesTable"));
        QTRY_COMPARE(table->model()->rowCount(), 1);
        combo->setCurrentIndex(combo->findText(QStringLiteral("Envoyée")));
        emit combo->activated(combo->currentIndex());
        QTRY_COMPARE(
            table->model()->rowCount(), int(ids(b.store, "activites").size()) - 1 - [&] {
                int deleted = 0;
                for (const QUuid &x : ids(b.store, "activites"))
                    deleted += b.store.activity(x)->isDeleted() ? 1 : 0;
                return deleted;
            }());

        // The dialog: the two differing fields side by side, this computer's picked; the server's notes chosen.
        const QList<SyncLedger::Conflict> conflicts = SyncLedger(b.store).conflicts();
        ConflictResolver::Sides sides;
        QVERIFY(ConflictResolver(b.store).sides(conflicts.first(), &sides, &error));
        ConflictDialog dialog(b.store, sides, &window);
        auto *theirsNotes = dialog.findChild<QRadioButton *>(QStringLiteral("theirs_notes"));
        auto *mineDuration = dialog.findChild<QRadioButton *>(QStringLiteral("mine_duree"));
        QVERIFY(theirsNotes && mineDuration);
        QVERIFY(mineDuration->isChecked());
        QCOMPARE(theirsNotes->text(), QStringLiteral("Au bureau, avec la fiche remplie"));
        QCOMPARE(dialog.findChildren<QButtonGroup *>().size(), 2);
        theirsNotes->click();
        Screenshot::save(dialog, QStringLiteral("sync-conflict-dialog.png"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const Activity merged = *b.store.activity(id);
        QCOMPARE(merged.notes, QStringLiteral("Au bureau, avec la fiche remplie"));
        QCOMPARE(merged.dureeMinutes, 50);
        QCOMPARE(merged.syncState, SyncState::Pending);
        view->refresh();
        QCOMPARE(view->conflictList()->topLevelItemCount(), 0);
        QVERIFY(sync(b).ok());
        QVERIFY(sync(a).ok());
        QCOMPARE(a.store.activity(id)->dureeMinutes, 50);
        QCOMPARE(a.store.activity(id)->notes, merged.notes);
    }

    // A CRA open in the form while a sync brings another computer's version of it: its save asks first, and
    // "Annuler" keeps the version received.
    void formOpenDuringPull_asksBeforeReplacing()
    {
        const Http http(m_server->port(), m_server->addAccount(QStringLiteral("Noé Fabre")));
        Fixture a, b;
        QVERIFY(a.openWithDemo(20, 33));
        const auto sync = [&](Fixture &x) { return SyncTest::syncOnce(x.store, x.clock, http); };
        QVERIFY(sync(a).ok());
        QVERIFY(b.open());
        QVERIFY(sync(b).ok());
        const QUuid id = SyncTest::liveActivity(a.store);
        MainWindow window(b.store);
        window.showView(MainWindow::View::NouveauCra);
        QVERIFY(window.craForm()->editActivity(id));

        QString error;
        Activity elsewhere = *a.store.activity(id);
        elsewhere.notes = QStringLiteral("Complété au bureau");
        QVERIFY(a.store.saveActivity(elsewhere, &error));
        QVERIFY(sync(a).ok());
        QVERIFY(sync(b).ok());
        QCOMPARE(b.store.activity(id)->notes, QStringLiteral("Complété au bureau"));

        QString asked;
        QTimer::singleShot(0, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            asked = box->text();
            box->reject();
        });
        QVERIFY(!window.craForm()->save());
        QVERIFY2(asked.contains(QStringLiteral("modifié sur un autre ordinateur")), qPrintable(asked));
        QCOMPARE(b.store.activity(id)->notes, QStringLiteral("Complété au bureau"));
    }
};

QTEST_MAIN(TestSyncView)
#include "tst_syncview.moc"
