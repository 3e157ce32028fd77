#include "tests/support/CarnetFileRows.h"
#include "tests/support/Screenshot.h"
#include "tests/support/TestData.h"
#include "ui/MainWindow.h"
#include "ui/import/ImportDialog.h"
#include "ui/widgets/BackgroundTask.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

using TestData::Fixture;

namespace {
QPushButton *button(QWidget &dialog, const char *name)
{
    return dialog.findChild<QPushButton *>(QLatin1String(name));
}

QString writeText(const QTemporaryDir &dir, const QString &name, const QString &text)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return QString();
    file.write(text.toUtf8());
    return file.fileName();
}
} // namespace

class TestImportDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void carnetFile_preview_thenImport_inOneGo()
    {
        Fixture f;
        QVERIFY(f.open());
        const Place place = TestData::place();
        QList<Activity> activities
            = {TestData::individuel(place.id), TestData::collectif(place.id), TestData::individuel(place.id)};
        activities[2].dureeMinutes = 90;
        const QString csv = f.dir.filePath(QStringLiteral("carnet_activites_2026-06-30.csv"));
        QVERIFY(CarnetFileRows::writeCsv(csv, CarnetFileRows::rows(activities, {place}, {})));

        ImportDialog dialog(f.store);
        QSignalSpy imported(&dialog, &ImportDialog::imported);
        dialog.resize(1000, 640);
        dialog.setFile(csv);
        button(dialog, "importNext")->click();
        QTRY_COMPARE(dialog.page(), ImportDialog::PreviewPage);
        const QString summary = dialog.findChild<QLabel *>(QStringLiteral("importSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("fichier d'activités de Carnet")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("3 activités à ajouter")), qPrintable(summary));
        QVERIFY(summary.contains(QStringLiteral("1 lieu à créer")));
        auto *preview = dialog.findChild<QTableWidget *>(QStringLiteral("importPreview"));
        QCOMPARE(preview->rowCount(), 3);
        QCOMPARE(preview->item(0, 0)->text(), activities.at(0).date.toString(QStringLiteral("dd/MM/yyyy")));
        QCOMPARE(preview->item(1, 5)->text(), QStringLiteral("8")); // the workshop's participants
        QCOMPARE(dialog.findChild<QTableWidget *>(QStringLiteral("importProblems"))->rowCount(), 0);
        QVERIFY(button(dialog, "importApply")->isEnabled());
        QCOMPARE(f.store.counts().activites(), 0); // nothing written before "Importer"
        Screenshot::save(dialog, QStringLiteral("import-preview.png"));

        button(dialog, "importApply")->click();
        QTRY_COMPARE(imported.count(), 1);
        QCOMPARE(imported.first().first().toInt(), 3);
        QCOMPARE(f.store.counts().activites(), 3);
        QVERIFY(f.store.place(place.id));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void problems_byRowAndColumn_refuseUntilValidOnesChosen()
    {
        Fixture f;
        QVERIFY(f.open());
        const Place place = TestData::place();
        QList<QVariantList> rows
            = CarnetFileRows::rows({TestData::individuel(place.id), TestData::individuel(place.id)}, {place}, {});
        rows[4][ActivityColumns::Date] = QStringLiteral("31/02/2025");
        const QString csv = f.dir.filePath(QStringLiteral("a.csv"));
        QVERIFY(CarnetFileRows::writeCsv(csv, rows));

        ImportDialog dialog(f.store);
        dialog.resize(1000, 640);
        dialog.setFile(csv);
        button(dialog, "importNext")->click();
        QTRY_COMPARE(dialog.page(), ImportDialog::PreviewPage);
        auto *problems = dialog.findChild<QTableWidget *>(QStringLiteral("importProblems"));
        QCOMPARE(problems->rowCount(), 1);
        QCOMPARE(problems->item(0, 0)->text(), QStringLiteral("5"));
        QCOMPARE(problems->item(0, 1)->text(), QStringLiteral("Date (A)"));
        QCOMPARE(problems->item(0, 2)->text(), QStringLiteral("« 31/02/2025 » n'est pas une date qui existe"));
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("importProblemsLabel"))->text(),
            QStringLiteral("1 problème, par ligne et colonne du fichier :"));
        QVERIFY(!button(dialog, "importApply")->isEnabled());
        Screenshot::save(dialog, QStringLiteral("import-problems.png"));
        auto *ignore = dialog.findChild<QCheckBox *>(QStringLiteral("importIgnoreProblems"));
        QVERIFY(ignore->isVisible());
        ignore->setChecked(true);
        QVERIFY(button(dialog, "importApply")->isEnabled());
        button(dialog, "importApply")->click();
        QTRY_COMPARE(f.store.counts().activites(), 1);
    }

    // Issue: the dialog said it imported the plan's count, even when the base got those activities meanwhile and the
    // bulk writer left them out.
    void import_saysWhatWasWritten_notWhatWasPlanned()
    {
        Fixture f;
        QVERIFY(f.open());
        const Place place = TestData::place();
        const QList<Activity> activities = {TestData::individuel(place.id), TestData::individuel(place.id)};
        const QString csv = f.dir.filePath(QStringLiteral("a.csv"));
        QVERIFY(CarnetFileRows::writeCsv(csv, CarnetFileRows::rows(activities, {place}, {})));
        ImportDialog dialog(f.store);
        QSignalSpy imported(&dialog, &ImportDialog::imported);
        dialog.setFile(csv);
        button(dialog, "importNext")->click();
        QTRY_COMPARE(dialog.page(), ImportDialog::PreviewPage);
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("importSummary"))
                    ->text()
                    .contains(QStringLiteral("2 activités à ajouter")));
        // Meanwhile, one of them comes in another way.
        QList<Activity> meanwhile = {activities.first()};
        QString error;
        Place saved = place;
        QVERIFY2(f.store.savePlace(saved, &error), qPrintable(error));
        QVERIFY2(f.store.insertActivities(meanwhile, true, &error), qPrintable(error));
        button(dialog, "importApply")->click();
        QTRY_COMPARE(imported.count(), 1);
        QCOMPARE(imported.first().first().toInt(), 1);
        QCOMPARE(
            dialog.findChild<QLabel *>(QStringLiteral("importStatus"))->text(), QStringLiteral("1 activité importée."));
        QCOMPARE(f.store.counts().activites(), 2);
    }

    void spreadsheet_mappingStep_guessesPreselected()
    {
        Fixture f;
        QVERIFY(f.open());
        Place place = TestData::place();
        QString error;
        QVERIFY(f.store.savePlace(place, &error));
        const QString csv = writeText(f.dir, QStringLiteral("mon-suivi.csv"),
            QStringLiteral("Jour;Commentaire;Temps passé;Sujet\n"
                           "03/02/2025;Rappeler;45;E-mail\n"
                           "04/02/2025;;1h;Bureautique\n"));
        ImportDialog dialog(f.store);
        dialog.resize(1000, 640);
        dialog.setFile(csv);
        button(dialog, "importNext")->click();
        QCOMPARE(dialog.page(), ImportDialog::MappingPage);
        auto *date = dialog.findChild<QComboBox *>(QStringLiteral("importColumn_date"));
        auto *duree = dialog.findChild<QComboBox *>(QStringLiteral("importColumn_duree"));
        auto *thematiques = dialog.findChild<QComboBox *>(QStringLiteral("importColumn_thematiques"));
        auto *notes = dialog.findChild<QComboBox *>(QStringLiteral("importColumn_notes"));
        QCOMPARE(date->currentData().toInt(), 0);
        QCOMPARE(duree->currentData().toInt(), 2);
        QCOMPARE(notes->currentData().toInt(), 1);
        QCOMPARE(thematiques->currentData().toInt(), 3); // "Sujet"
        Screenshot::save(dialog, QStringLiteral("import-mapping.png"));
        // The mediator says the notes are not to be imported.
        notes->setCurrentIndex(notes->findData(-1));
        button(dialog, "importNext")->click();
        QTRY_COMPARE(dialog.page(), ImportDialog::PreviewPage);
        QCOMPARE(dialog.plan().activityCount(), 2);
        QCOMPARE(dialog.plan().activities().at(0).notes, QString());
        QCOMPARE(dialog.plan().activities().at(1).dureeMinutes, 60);
        button(dialog, "importApply")->click();
        QTRY_COMPARE(f.store.counts().activites(), 2);
    }

    void unreadableFile_saysWhyOnTheFilePage()
    {
        Fixture f;
        QVERIFY(f.open());
        const QString xlsx = writeText(f.dir, QStringLiteral("pas-un-zip.xlsx"), QStringLiteral("Date;Durée\n"));
        ImportDialog dialog(f.store);
        dialog.setFile(xlsx);
        button(dialog, "importNext")->click();
        QTRY_VERIFY(!dialog.findChild<QLabel *>(QStringLiteral("importStatus"))->text().isEmpty());
        QVERIFY(!dialog.task()->isRunning());
        QCOMPARE(dialog.page(), ImportDialog::FilePage);
        QVERIFY2(dialog.findChild<QLabel *>(QStringLiteral("importStatus"))
                     ->text()
                     .contains(QStringLiteral("pas-un-zip.xlsx")),
            qPrintable(dialog.findChild<QLabel *>(QStringLiteral("importStatus"))->text()));
        QCOMPARE(f.store.counts().activites(), 0);
    }

    void mainWindow_fileMenuAndActivitiesView_openIt()
    {
        Fixture f;
        QVERIFY(f.open());
        MainWindow window(f.store);
        window.show();
        QAction *action = nullptr;
        for (QAction *a : window.findChildren<QAction *>()) {
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_I))
                action = a;
        }
        QVERIFY(action);
        QCOMPARE(action->text(), QStringLiteral("&Importer…"));
        action->trigger();
        QTRY_VERIFY(window.findChild<ImportDialog *>() && window.findChild<ImportDialog *>()->isVisible());
        window.findChild<ImportDialog *>()->reject();
        QTRY_VERIFY(!window.findChild<ImportDialog *>());
        window.showView(MainWindow::View::Activites);
        auto *fromView = window.findChild<QPushButton *>(QStringLiteral("importButton"));
        QVERIFY(fromView);
        fromView->click();
        QTRY_VERIFY(window.findChild<ImportDialog *>() && window.findChild<ImportDialog *>()->isVisible());
    }
};

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
