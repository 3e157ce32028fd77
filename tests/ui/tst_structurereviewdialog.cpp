#include "models/io/XlsxReader.h"
#include "tests/support/Screenshot.h"
#include "tests/support/TeamFiles.h"
#include "tests/support/TestData.h"
#include "ui/MainWindow.h"
#include "ui/export/StructureReviewDialog.h"
#include "ui/widgets/BackgroundTask.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using TestData::Fixture;

class TestStructureReviewDialog : public QObject
{
    Q_OBJECT

private slots:
    void filesListed_thenSaved_offTheGuiThread()
    {
        TeamFiles::Team team;
        QVERIFY(team.make(120, 31, 60, 32));
        const QString &a = team.camilleFile;
        const QString &b = team.dominiqueFile;
        const QString &broken = team.brokenFile;
        QTemporaryDir &files = team.files;

        const qint64 na = team.camilleActivities;
        const qint64 nb = team.dominiqueActivities;
        StructureReviewDialog dialog(team.camille.clock);
        dialog.resize(1000, 520);
        auto *save = dialog.findChild<QPushButton *>(QStringLiteral("reviewSave"));
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("reviewFiles"));
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("reviewStatus"));
        QVERIFY(save && table && status);
        QVERIFY(!save->isEnabled());
        dialog.addFiles({a, b, a, broken});
        QTRY_COMPARE(table->rowCount(), 4);
        QVERIFY(!dialog.task()->isRunning());
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Camille Martin"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("%1 activités").arg(na));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("Dominique Petit"));
        QVERIFY2(
            table->item(3, 2)->text().contains(QStringLiteral("abime.xlsx")), qPrintable(table->item(3, 2)->text()));
        QVERIFY(save->isEnabled());
        dialog.setPeriod(QDate(2020, 1, 1), TestData::fixedNow().date());
        QCOMPARE(dialog.suggestedFileName(), QStringLiteral("carnet_bilan_structure_2020-01-01_2026-06-30.xlsx"));
        Screenshot::save(dialog, QStringLiteral("structure-review-files.png"));

        QSignalSpy saved(&dialog, &StructureReviewDialog::saved);
        const QString output = files.filePath(dialog.suggestedFileName());
        dialog.saveTo(output);
        QVERIFY(dialog.task()->isRunning() || saved.count() == 1);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30000);
        QVERIFY2(status->text().contains(QStringLiteral("2 médiateurs, %1 activités pour l'équipe").arg(na + nb)),
            qPrintable(status->text()));
        QVERIFY2(status->text().contains(QStringLiteral("%1 doublons écartés").arg(na)), qPrintable(status->text()));
        QVERIFY(status->text().contains(QStringLiteral("1 fichier non lu")));
        XlsxReader reader(output);
        QVERIFY2(reader.isOpen(), qPrintable(reader.error()));
        QCOMPARE(reader.sheetNames(),
            QStringList({QStringLiteral("Synthèse"), QStringLiteral("Équipe"), QStringLiteral("Camille Martin"),
                QStringLiteral("Dominique Petit")}));
        Screenshot::save(dialog, QStringLiteral("structure-review-saved.png"));

        // The list stays: saved again for another period, nothing lost.
        QSignalSpy again(&dialog, &StructureReviewDialog::saved);
        dialog.setPeriod(QDate(), TestData::fixedNow().date());
        dialog.saveTo(files.filePath(QStringLiteral("depuis-le-debut.xlsx")));
        QTRY_COMPARE_WITH_TIMEOUT(again.count(), 1, 30000);
        QVERIFY2(status->text().contains(QStringLiteral("%1 activités").arg(na + nb)), qPrintable(status->text()));
    }

    void cancelled_nothingWritten()
    {
        Fixture camille;
        QVERIFY(camille.openWithDemo(3000, 41));
        QTemporaryDir files;
        const QString a = files.filePath(QStringLiteral("camille.xlsx"));
        QVERIFY(TeamFiles::exportActivities(camille.store, a, QStringLiteral("Camille"), QStringLiteral("Martin")));
        StructureReviewDialog dialog(camille.clock);
        dialog.addFiles({a});
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("reviewFiles"));
        QTRY_COMPARE(table->rowCount(), 1);
        QTRY_VERIFY(!dialog.task()->isRunning());
        const QString output = files.filePath(QStringLiteral("bilan.xlsx"));
        dialog.saveTo(output);
        QVERIFY(dialog.task()->isRunning());
        auto *cancel = dialog.findChild<QPushButton *>(QStringLiteral("reviewCancel"));
        QCOMPARE(cancel->text(), QStringLiteral("Annuler"));
        cancel->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.task()->isRunning(), 30000);
        QTRY_VERIFY(
            dialog.findChild<QLabel *>(QStringLiteral("reviewStatus"))->text().contains(QStringLiteral("annulé")));
        QVERIFY(!QFile::exists(output));
        QCOMPARE(QDir(files.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
        QCOMPARE(cancel->text(), QStringLiteral("Fermer"));
    }

    void reachedFromTheFileMenu()
    {
        Fixture f;
        QVERIFY(f.open());
        MainWindow window(f.store);
        QAction *entry = nullptr;
        for (QAction *menu : window.menuBar()->actions()) {
            if (!menu->menu())
                continue;
            for (QAction *a : menu->menu()->actions()) {
                if (a->text().remove(QLatin1Char('&')) == QStringLiteral("Bilan de structure…"))
                    entry = a;
            }
        }
        QVERIFY(entry);
        entry->trigger();
        QTRY_VERIFY(
            window.findChild<StructureReviewDialog *>() && window.findChild<StructureReviewDialog *>()->isVisible());
        window.findChild<StructureReviewDialog *>()->findChild<QPushButton *>(QStringLiteral("reviewCancel"))->click();
        QTRY_VERIFY(!window.findChild<StructureReviewDialog *>());
    }
};

QTEST_MAIN(TestStructureReviewDialog)
#include "tst_structurereviewdialog.moc"
