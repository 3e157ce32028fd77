#include "tests/support/TestData.h"

#include "models/store/DraftStore.h"

#include <QDir>
#include <QFile>

class TestDraftStore : public QObject
{
    Q_OBJECT

private slots:
    void saveLoadDiscard()
    {
        TestData::Fixture f;
        QVERIFY(f.open());
        const DraftStore drafts = DraftStore::besideStore(f.store);
        QCOMPARE(drafts.filePath(), f.dir.filePath(QStringLiteral("brouillon.json")));
        QVERIFY(!drafts.exists());
        QString error;
        QVERIFY(!drafts.load(&error).has_value());
        QVERIFY(error.isEmpty());

        Draft draft;
        draft.activity = TestData::individuel(QUuid::createUuid());
        draft.activity.thematiques.clear(); // invalid: a draft keeps it anyway
        draft.savedAt = TestData::fixedNow();
        draft.editing = true;
        QVERIFY2(drafts.save(draft, &error), qPrintable(error));
        QVERIFY(drafts.exists());

        const std::optional<Draft> back = drafts.load(&error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QVERIFY(back->activity.sameContent(draft.activity));
        QCOMPARE(back->savedAt, draft.savedAt);
        QVERIFY(back->editing);

        // Saving again replaces it (atomically: no temporary file is left behind).
        draft.activity.notes = QStringLiteral("deuxième version");
        QVERIFY(drafts.save(draft, &error));
        QCOMPARE(drafts.load(&error)->activity.notes, QStringLiteral("deuxième version"));
        QCOMPARE(QDir(f.dir.path()).entryList({QStringLiteral("brouillon*")}, QDir::Files).size(), 1);

        QVERIFY(drafts.discard(&error));
        QVERIFY(!drafts.exists());
        QVERIFY(drafts.discard(&error)); // nothing to remove is fine
    }

    void nextDraft_movesOverTheDraft()
    {
        TestData::Fixture f;
        QVERIFY(f.open());
        const DraftStore drafts = DraftStore::besideStore(f.store);
        const DraftStore next = DraftStore::besideStore(f.store, QLatin1String(DraftStore::NextFileName));
        QCOMPARE(next.filePath(), f.dir.filePath(QStringLiteral("brouillon-suivant.json")));
        QString error;
        QVERIFY(next.moveTo(drafts, &error)); // nothing to move
        QVERIFY(!drafts.exists());
        Draft older;
        older.activity = TestData::individuel(QUuid::createUuid());
        older.activity.notes = QStringLiteral("ancien");
        Draft newer = older;
        newer.activity.notes = QStringLiteral("nouveau");
        QVERIFY(drafts.save(older, &error));
        QVERIFY(next.save(newer, &error));
        QVERIFY2(next.moveTo(drafts, &error), qPrintable(error));
        QVERIFY(!next.exists());
        QCOMPARE(drafts.load(&error)->activity.notes, QStringLiteral("nouveau"));
    }

    void corruptDraft_isReportedAndKept()
    {
        QTemporaryDir dir;
        const DraftStore drafts(dir.path());
        QFile file(drafts.filePath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": 1, \"activity\": ");
        file.close();
        QString error;
        QVERIFY(!drafts.load(&error).has_value());
        QVERIFY2(error.contains(QStringLiteral("illisible")), qPrintable(error));
        QVERIFY(drafts.exists());
    }

    void unwritableFolder_isReported()
    {
        const DraftStore drafts(QStringLiteral("/nonexistent/carnet"));
        Draft draft;
        draft.activity = TestData::individuel(QUuid::createUuid());
        QString error;
        QVERIFY(!drafts.save(draft, &error));
        QVERIFY2(error.startsWith(QStringLiteral("Le brouillon n'a pas pu être écrit")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestDraftStore)
#include "tst_draftstore.moc"
