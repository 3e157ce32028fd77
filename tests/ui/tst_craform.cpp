// The CRA form, driven with key events only (as a mediator without a mouse): what is typed is what is stored.

#include "models/text/Durations.h"
#include "tests/support/TestData.h"

#include "models/domain/Nomenclature.h"
#include "models/domain/Validator.h"
#include "models/store/DraftStore.h"
#include "models/store/Store.h"
#include "ui/cra/CraForm.h"
#include "ui/cra/DateEdit.h"
#include "ui/cra/DurationEdit.h"
#include "ui/widgets/CodeChecklist.h"
#include "ui/widgets/CommuneEdit.h"
#include "ui/widgets/FieldError.h"

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QCalendarWidget>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

namespace {

QWidget *keyTarget()
{
    if (QWidget *popup = QApplication::activePopupWidget())
        return popup;
    return QApplication::focusWidget();
}

// QTest::keyClicks only knows ASCII: letters such as "é" are sent as their Latin-1 key with their text.
void typeInto(QWidget *widget, const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 128)
            QTest::keyClick(widget, c.toLatin1());
        else
            QTest::sendKeyEvent(
                QTest::Click, widget, static_cast<Qt::Key>(c.toUpper().unicode()), QString(c), Qt::NoModifier);
    }
}

void type(const QString &text)
{
    typeInto(keyTarget(), text);
}

void key(Qt::Key k, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTest::keyClick(keyTarget(), k, modifiers);
}

void alt(Qt::Key k)
{
    key(k, Qt::AltModifier);
}

// A mnemonic on a button animates a click: the click lands about 100 ms later.
void altOnButton(Qt::Key k)
{
    alt(k);
    QTest::qWait(250);
}

// Answers the next message box, once it is up (it runs its own event loop), by pressing the button named text.
void answerNextMessageBox(QObject *context, const QString &text, QString *seenText)
{
    auto *timer = new QTimer(context);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, context, [timer, text, seenText] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        timer->stop();
        timer->deleteLater();
        *seenText = box->text();
        for (QAbstractButton *b : box->buttons()) {
            if (b->text() == text)
                b->click();
        }
    });
    timer->start();
}

// Answers "Le CRA en cours n'est pas enregistré." in place of the message box, and counts the questions.
struct LeaveAnswers
{
    int asked = 0;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;

    void install(CraForm &form)
    {
        form.setLeaveQuestion([this] {
            ++asked;
            return answer;
        });
    }
};

// The letter after a single '&' in a label or button text, lower case; a null QChar when there is none.
QChar mnemonicOf(const QString &text)
{
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

// Every Alt+letter the form offers now (labels with a buddy and buttons, visible ones only), with who offers it.
QMap<QChar, QStringList> visibleMnemonics(QWidget *form)
{
    QMap<QChar, QStringList> found;
    const QList<QLabel *> labels = form->findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        const QChar letter = mnemonicOf(label->text());
        if (label->buddy() && !letter.isNull() && label->isVisibleTo(form))
            found[letter].append(label->text());
    }
    const QList<QAbstractButton *> buttons = form->findChildren<QAbstractButton *>();
    for (const QAbstractButton *button : buttons) {
        const QChar letter = mnemonicOf(button->text());
        if (!letter.isNull() && button->isVisibleTo(form))
            found[letter].append(button->text());
    }
    return found;
}

void saveByKeyboard()
{
    key(Qt::Key_Return, Qt::ControlModifier);
}

QList<Activity> allActivities(Store &store)
{
    QList<Activity> list;
    QString error;
    store.forEachActivity(
        [&](const Activity &a) {
            list.append(a);
            return true;
        },
        &error);
    return list;
}

// A form in a window of the size it has in the main window (1366×768 minus the navigation column).
struct FormWindow
{
    QUndoStack stack;
    std::unique_ptr<CraForm> form;

    explicit FormWindow(Store &store)
    {
        form = std::make_unique<CraForm>(store, &stack);
        form->resize(1166, 700);
        form->show();
        form->activateWindow();
    }
    bool ready() { return QTest::qWaitForWindowActive(form.get()); }
    template <typename T> T *find(const QString &name) const { return form->findChild<T *>(name); }
};

} // namespace

class TestCraForm : public QObject
{
    Q_OBJECT

private:
    TestData::Fixture *m_fixture = nullptr;
    Place m_place;

    Store &store() { return m_fixture->store; }

private slots:
    void init()
    {
        m_fixture = new TestData::Fixture;
        QVERIFY(m_fixture->open());
        m_place = TestData::place();
        QString error;
        QVERIFY2(store().savePlace(m_place, &error), qPrintable(error));
    }

    void cleanup()
    {
        delete m_fixture;
        m_fixture = nullptr;
    }

    void parseDuration_readsMinutesAndHours()
    {
        QCOMPARE(Durations::parse(QStringLiteral("45")), 45);
        QCOMPARE(Durations::parse(QStringLiteral("1:30")), 90);
        QCOMPARE(Durations::parse(QStringLiteral("1h30")), 90);
        QCOMPARE(Durations::parse(QStringLiteral("2h")), 120);
        QCOMPARE(Durations::parse(QStringLiteral(" 1 h 05 ")), 65);
        QCOMPARE(Durations::parse(QStringLiteral("20mn")), 20);
        QCOMPARE(Durations::parse(QStringLiteral("1:75")), -1);
        QCOMPARE(Durations::parse(QStringLiteral("abc")), -1);
        QCOMPARE(Durations::clock(45), QStringLiteral("0:45"));
        QCOMPARE(Durations::clock(90), QStringLiteral("1:30"));
    }

    void codeChecklist_filterAndEnterTicksTheBestMatch()
    {
        CodeChecklist list(Nomenclature::List::ThematiqueMediation, QStringLiteral("Thématiques"));
        list.show();
        QTest::keyClicks(list.filterEdit(), QStringLiteral("em"));
        QCOMPARE(list.currentCode(), QStringLiteral("email"));
        QTest::keyClick(list.filterEdit(), Qt::Key_Return);
        QCOMPARE(list.checkedCodes(), QStringList{QStringLiteral("email")});
        QVERIFY(list.filterEdit()->text().isEmpty());
        QTest::keyClicks(list.filterEdit(), QStringLiteral("securite")); // accents ignored
        QCOMPARE(list.currentCode(), QStringLiteral("securite_numerique"));
        QTest::keyClick(list.filterEdit(), Qt::Key_Enter);
        QCOMPARE(list.checkedCodes(), (QStringList{QStringLiteral("email"), QStringLiteral("securite_numerique")}));
        QTest::keyClicks(list.filterEdit(), QStringLiteral("mail"));
        QTest::keyClick(list.filterEdit(), Qt::Key_Return); // Enter again unticks
        QCOMPARE(list.checkedCodes(), QStringList{QStringLiteral("securite_numerique")});
        QTest::keyClicks(list.filterEdit(), QStringLiteral("zzz"));
        QVERIFY(list.currentCode().isEmpty());
    }

    void communeEdit_findsByNameAndPostalCode()
    {
        CommuneEdit edit;
        edit.show();
        typeInto(&edit, QStringLiteral("Guéret"));
        QCOMPARE(edit.communeOrTypedName().codeInsee, QStringLiteral("23096"));
        QCOMPARE(edit.communeOrTypedName().codePostal, QStringLiteral("23000"));
        edit.clear();
        QTest::keyClicks(&edit, QStringLiteral("Nowhere-sur-Rien"));
        QVERIFY(edit.communeOrTypedName().codeInsee.isEmpty());
        QCOMPARE(edit.communeOrTypedName().nom, QStringLiteral("Nowhere-sur-Rien"));
        edit.setCommune(TestData::gueret());
        QCOMPARE(edit.text(), QStringLiteral("Guéret (23000)"));
        QCOMPARE(edit.communeOrTypedName(), TestData::gueret());
    }

    void individualCra_typedWithKeys_isStored()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        QCOMPARE(QApplication::focusWidget(), w.find<QLineEdit>(QStringLiteral("duree")));
        type(QStringLiteral("45"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        type(QStringLiteral("em"));
        key(Qt::Key_Return);
        alt(Qt::Key_M);
        type(QStringLiteral("or"));
        key(Qt::Key_Return);
        alt(Qt::Key_A);
        key(Qt::Key_Right);
        key(Qt::Key_Space);
        alt(Qt::Key_N);
        type(QStringLiteral("Première visite"));
        QSignalSpy saved(w.form.get(), &CraForm::saved);
        saveByKeyboard();
        QCOMPARE(saved.count(), 1);

        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        const Activity &a = stored.first();
        QCOMPARE(saved.first().first().toUuid(), a.id);
        QVERIFY(a.isIndividuel());
        QCOMPARE(a.date, store().clock().today());
        QCOMPARE(a.dureeMinutes, 45);
        QCOMPARE(a.typeLieu, QStringLiteral("lieu_activite"));
        QCOMPARE(a.lieuId, m_place.id);
        QCOMPARE(a.thematiques, (QStringList{QStringLiteral("navigation_sur_internet"), QStringLiteral("email")}));
        QCOMPARE(a.materiel, QStringList{QStringLiteral("ordinateur")});
        QCOMPARE(a.autonomie, QStringLiteral("partiellement_autonome"));
        QCOMPARE(a.notes, QStringLiteral("Première visite"));
        QVERIFY(!a.beneficiaireId.isNull() == false);
        QVERIFY(!w.form->hasUnsavedChanges());
        QVERIFY(!w.form->isEditing()); // ready for the next CRA
        QVERIFY(!QFile::exists(DraftStore::besideStore(store()).filePath()));
    }

    void anonymousPerson_typedWithTab_isStored()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        type(QStringLiteral("1:15"));
        alt(Qt::Key_T);
        type(QStringLiteral("sant"));
        key(Qt::Key_Return);
        alt(Qt::Key_B); // the "Bénéficiaire" group: Anonyme, then its fields
        key(Qt::Key_Tab); // genre (Tab skips the other radio button of the group)
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("genre"));
        type(QStringLiteral("F"));
        key(Qt::Key_Tab); // tranche d'âge
        key(Qt::Key_Tab); // année de naissance
        type(QStringLiteral("1950"));
        key(Qt::Key_Tab); // statut
        type(QStringLiteral("R"));
        key(Qt::Key_Tab); // commune de résidence: chosen in the completion popup
        type(QStringLiteral("23000"));
        QVERIFY(QApplication::activePopupWidget());
        key(Qt::Key_Down);
        key(Qt::Key_Return);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("communeResidence"));
        key(Qt::Key_Tab); // déjà accompagné
        type(QStringLiteral("O"));
        saveByKeyboard();
        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        const AnonymousPerson &p = stored.first().anonyme;
        QCOMPARE(stored.first().dureeMinutes, 75);
        QCOMPARE(p.genre, QStringLiteral("feminin"));
        QCOMPARE(p.anneeNaissance, 1950);
        QCOMPARE(p.trancheAge, QStringLiteral("soixante_dix_plus")); // from the birth year
        QCOMPARE(p.statutSocial, QStringLiteral("retraite"));
        QCOMPARE(p.communeResidence, TestData::gueret());
        QCOMPARE(p.dejaAccompagne, std::optional<bool>(true));
    }

    void collectiveCra_withCounters_isStored()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        altOnButton(Qt::Key_C);
        QVERIFY(w.find<QWidget>(QStringLiteral("collectiveBox"))->isVisible());
        QVERIFY(!w.find<QWidget>(QStringLiteral("individualBox"))->isVisible());
        alt(Qt::Key_U);
        type(QStringLiteral("2h"));
        alt(Qt::Key_T);
        type(QStringLiteral("prendre"));
        key(Qt::Key_Return);
        alt(Qt::Key_M);
        type(QStringLiteral("tab"));
        key(Qt::Key_Return);
        alt(Qt::Key_O);
        type(QStringLiteral("Découvrir sa tablette"));
        alt(Qt::Key_A);
        key(Qt::Key_Space); // Débutant
        alt(Qt::Key_S);
        key(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("8"));
        key(Qt::Key_Tab);
        type(QStringLiteral("3")); // déjà accompagnés
        key(Qt::Key_Tab);
        type(QStringLiteral("3")); // masculin
        key(Qt::Key_Tab);
        type(QStringLiteral("6")); // féminin: 9 > 8, the live check says so
        QVERIFY(w.find<QLabel>(QStringLiteral("genreCheck"))->text().contains(QStringLiteral("dépasse")));
        key(Qt::Key_Backspace);
        type(QStringLiteral("5"));
        QCOMPARE(w.find<QLabel>(QStringLiteral("genreCheck"))->text(), QStringLiteral("✓ 8 sur 8"));
        key(Qt::Key_Tab); // non communiqué
        key(Qt::Key_Tab);
        type(QStringLiteral("6")); // 70 ans et plus
        for (int i = 0; i < 8; ++i)
            key(Qt::Key_Tab);
        type(QStringLiteral("7")); // retraité
        key(Qt::Key_Tab);
        type(QStringLiteral("1")); // sans emploi
        saveByKeyboard();

        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        Activity expected = TestData::collectif(m_place.id);
        const Activity &a = stored.first();
        QVERIFY(a.isCollectif());
        QCOMPARE(a.dureeMinutes, 120);
        QCOMPARE(a.thematiques, expected.thematiques);
        QCOMPARE(a.materiel, expected.materiel);
        QCOMPARE(a.titreAtelier, expected.titreAtelier);
        QCOMPARE(a.niveauAtelier, expected.niveauAtelier);
        QCOMPARE(a.participantsAnonymes, expected.participantsAnonymes);
        QCOMPARE(a.accompagnements(), 8);
        QVERIFY(a.autonomie.isEmpty());
    }

    void demarche_opensItsThematiquesAndName()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        auto *demarcheBox = w.find<QWidget>(QStringLiteral("demarcheBox"));
        QVERIFY(!demarcheBox->isVisible());
        type(QStringLiteral("30"));
        alt(Qt::Key_T);
        type(QStringLiteral("aide"));
        key(Qt::Key_Return);
        QVERIFY(demarcheBox->isVisible());
        alt(Qt::Key_Q);
        type(QStringLiteral("log"));
        key(Qt::Key_Return);
        type(QStringLiteral("impo"));
        key(Qt::Key_Return);
        alt(Qt::Key_X);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("precisionsDemarche"));
        type(QStringLiteral("Demande de logement social"));
        alt(Qt::Key_M);
        type(QStringLiteral("tel"));
        key(Qt::Key_Return);
        saveByKeyboard();

        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().thematiques,
            (QStringList{QStringLiteral("aide_aux_demarches_administratives"), QStringLiteral("logement"),
                QStringLiteral("argent_impots")}));
        QCOMPARE(stored.first().precisionsDemarche, QStringLiteral("Demande de logement social"));
        QCOMPARE(stored.first().materiel, QStringList{QStringLiteral("telephone")});
    }

    void invalidCra_isRefusedWithItsMessage()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        type(QStringLiteral("30"));
        QSignalSpy saved(w.form.get(), &CraForm::saved);
        saveByKeyboard();
        QCOMPARE(saved.count(), 0);
        QVERIFY(allActivities(store()).isEmpty());

        Activity noThematique = TestData::individuel(m_place.id);
        noThematique.thematiques.clear();
        const QStringList expected = Validator::messagesFor(
            Validator::validate(noThematique, store().clock().today()), QStringLiteral("thematiques"));
        QCOMPARE(expected, QStringList{QStringLiteral("Veuillez renseigner au moins une thématique")});
        auto *message = w.find<FieldError>(QStringLiteral("error_thematiques"));
        QVERIFY(message);
        QVERIFY(message->isVisible());
        QCOMPARE(message->message(), expected.first());
        auto *checklist = w.find<CodeChecklist>(QStringLiteral("thematiques"));
        QCOMPARE(QApplication::focusWidget(), checklist->filterEdit());
        QVERIFY(w.find<QLabel>(QStringLiteral("formStatus"))->text().contains(QStringLiteral("pas enregistré")));

        // Fixing it saves, and the message goes away.
        type(QStringLiteral("bur"));
        key(Qt::Key_Return);
        saveByKeyboard();
        QCOMPARE(saved.count(), 1);
        QVERIFY(!message->isVisible());
    }

    void storeError_keepsWhatWasTyped()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        type(QStringLiteral("30"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        store().close();
        saveByKeyboard();
        QVERIFY(w.find<QLabel>(QStringLiteral("formStatus"))->text().startsWith(QStringLiteral("Le CRA n'a pas pu")));
        QCOMPARE(w.find<QLineEdit>(QStringLiteral("duree"))->text(), QStringLiteral("30"));
        QVERIFY(w.form->hasUnsavedChanges());
        QVERIFY(m_fixture->open());
        saveByKeyboard();
        QCOMPARE(allActivities(store()).size(), 1);
    }

    void edit_changesTheSameActivity()
    {
        Activity a = TestData::individuel(m_place.id);
        QString error;
        QVERIFY2(store().saveActivity(a, &error), qPrintable(error));
        FormWindow w(store());
        QVERIFY(w.ready());
        QVERIFY(w.form->editActivity(a.id));
        QVERIFY(!w.form->hasUnsavedChanges());
        QCOMPARE(w.find<QLineEdit>(QStringLiteral("duree"))->text(), QStringLiteral("0:45"));
        QVERIFY(w.find<QLabel>(QStringLiteral("formTitle"))->text().startsWith(QStringLiteral("Modifier le CRA")));
        key(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("1h"));
        alt(Qt::Key_N);
        type(QStringLiteral("Revu"));
        QVERIFY(w.form->hasUnsavedChanges());
        saveByKeyboard();

        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().id, a.id);
        QCOMPARE(stored.first().dureeMinutes, 60);
        QCOMPARE(stored.first().notes, QStringLiteral("Revu"));
        QCOMPARE(stored.first().thematiques, a.thematiques);
        QCOMPARE(stored.first().anonyme, a.anonyme);
        QCOMPARE(stored.first().date, a.date);
    }

    // Issue: editing an imported activity made it Carnet's own again (its source and import key were lost), so the
    // statistics' source filter lost it and a new import of its file added it twice. A duplicate is a new activity.
    void edit_keepsWhereAnImportedActivityComesFrom_duplicateIsANewOne()
    {
        Activity a = TestData::individuel(m_place.id);
        a.source = QLatin1String(ActivitySource::Coop);
        a.importKey = QStringLiteral("coop:") + a.id.toString(QUuid::WithoutBraces);
        a.syncState = SyncState::Sent;
        a.serverVersion = QStringLiteral("7");
        QList<Activity> batch{a};
        QString error;
        QVERIFY2(store().insertActivities(batch, true, &error), qPrintable(error));
        QCOMPARE(store().activity(a.id)->serverVersion, QStringLiteral("7"));
        FormWindow w(store());
        QVERIFY(w.ready());
        QVERIFY(w.form->editActivity(a.id));
        key(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("1h"));
        saveByKeyboard();
        const std::optional<Activity> edited = store().activity(a.id);
        QVERIFY(edited);
        QCOMPARE(edited->dureeMinutes, 60);
        QCOMPARE(edited->source, QStringLiteral("coop"));
        QCOMPARE(edited->importKey, a.importKey);
        QCOMPARE(edited->serverVersion, QStringLiteral("7"));
        QCOMPARE(edited->syncState, SyncState::Pending); // the change is to be sent

        w.form->startDuplicate(a.id);
        QCOMPARE(w.form->currentActivity().source, QStringLiteral("carnet"));
        QVERIFY(w.form->currentActivity().importKey.isEmpty());
        saveByKeyboard();
        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 2);
        const Activity &copy = stored.at(0).id == a.id ? stored.at(1) : stored.at(0);
        QVERIFY(copy.id != a.id);
        QCOMPARE(copy.dureeMinutes, 60);
        QCOMPARE(copy.source, QStringLiteral("carnet"));
        QVERIFY(copy.importKey.isEmpty());
        QVERIFY(copy.serverVersion.isEmpty());
    }

    void delete_asksThenUndoRestores()
    {
        Activity a = TestData::individuel(m_place.id);
        QString error;
        QVERIFY2(store().saveActivity(a, &error), qPrintable(error));
        FormWindow w(store());
        QVERIFY(w.ready());
        QVERIFY(!w.find<QPushButton>(QStringLiteral("delete"))->isVisible()); // nothing to delete in a new CRA
        QVERIFY(w.form->editActivity(a.id));
        QVERIFY(w.find<QPushButton>(QStringLiteral("delete"))->isVisible());
        QSignalSpy deleted(w.form.get(), &CraForm::deleted);

        // Cancelling keeps it.
        QString question;
        answerNextMessageBox(this, QStringLiteral("Annuler"), &question);
        altOnButton(Qt::Key_P);
        QVERIFY(question.contains(QStringLiteral("Ctrl+Z")));
        QCOMPARE(deleted.count(), 0);
        QVERIFY(!store().activity(a.id)->isDeleted());
        w.form->activateWindow();
        QVERIFY(w.ready());

        // Confirming deletes it, undoably.
        question.clear();
        answerNextMessageBox(this, QStringLiteral("Supprimer"), &question);
        altOnButton(Qt::Key_P);
        QTRY_COMPARE(deleted.count(), 1);
        QVERIFY(question.startsWith(QStringLiteral("Supprimer le CRA du 29/06/2026")));
        QCOMPARE(deleted.first().first().toUuid(), a.id);
        QVERIFY(store().activity(a.id)->isDeleted());
        QCOMPARE(w.stack.count(), 1);
        QVERIFY(!w.form->isEditing());
        w.stack.undo();
        QVERIFY(!store().activity(a.id)->isDeleted());
        w.stack.redo();
        QVERIFY(store().activity(a.id)->isDeleted());
    }

    void repeatLast_copiesThePreviousCraDatedToday()
    {
        Activity a = TestData::individuel(m_place.id);
        a.date = QDate(2026, 6, 2);
        QString error;
        QVERIFY2(store().saveActivity(a, &error), qPrintable(error));
        FormWindow w(store());
        QVERIFY(w.ready());
        altOnButton(Qt::Key_R);
        QVERIFY(w.form->hasUnsavedChanges());
        saveByKeyboard();
        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 2);
        const Activity &copy = stored.last();
        QVERIFY(copy.id != a.id);
        QCOMPARE(copy.date, store().clock().today());
        Activity same = a;
        same.id = copy.id;
        same.date = copy.date;
        QVERIFY(copy.sameContent(same));
    }

    void duplicate_saysItIsDatedToday()
    {
        Activity a = TestData::individuel(m_place.id);
        QString error;
        QVERIFY2(store().saveActivity(a, &error), qPrintable(error));
        FormWindow w(store());
        QVERIFY(w.ready());
        w.form->startDuplicate(a.id);
        QCOMPARE(w.form->currentActivity().date, store().clock().today());
        QCOMPARE(w.find<QLabel>(QStringLiteral("formStatus"))->text(),
            QStringLiteral("Copie du CRA du 29/06/2026, datée d'aujourd'hui : vérifiez puis enregistrez."));
    }

    void startNew_proposesTheLastPlaceAndTypeAndUsualDurations()
    {
        Place other = TestData::place();
        other.nom = QStringLiteral("Centre social");
        QString error;
        QVERIFY(store().savePlace(other, &error));
        for (int i = 0; i < 3; ++i) {
            Activity c = TestData::collectif(other.id);
            c.dureeMinutes = 100;
            QVERIFY2(store().saveActivity(c, &error), qPrintable(error));
        }
        FormWindow w(store());
        QVERIFY(w.ready());
        const Activity a = w.form->currentActivity();
        QVERIFY(a.isCollectif());
        QCOMPARE(a.lieuId, other.id);
        QCOMPARE(a.date, store().clock().today());
        auto *usual = w.find<QPushButton>(QStringLiteral("custom_0"));
        QVERIFY(usual->isVisible());
        QCOMPARE(usual->text(), QStringLiteral("1 h 40")); // written as every duration
        altOnButton(Qt::Key_H);
        QCOMPARE(w.form->currentActivity().date, store().clock().today().addDays(-1));
    }

    void draft_survivesACrashAndIsRestored()
    {
        const QString draftPath = DraftStore::besideStore(store()).filePath();
        {
            FormWindow w(store());
            QVERIFY(w.ready());
            type(QStringLiteral("45"));
            alt(Qt::Key_T);
            type(QStringLiteral("nav"));
            key(Qt::Key_Return);
            alt(Qt::Key_N);
            type(QStringLiteral("Pas fini"));
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(draftPath), 3000);
            // The process "dies" here: the form goes without saving.
        }
        QVERIFY(allActivities(store()).isEmpty());
        QVERIFY(QFile::exists(draftPath));

        FormWindow w(store());
        QVERIFY(w.ready());
        w.form->restoreDraftIfAny();
        auto *banner = w.find<QWidget>(QStringLiteral("draftBanner"));
        QVERIFY(banner->isVisible());
        QVERIFY(w.find<QLabel>(QStringLiteral("draftBannerText"))
                    ->text()
                    .startsWith(QStringLiteral("Un CRA non enregistré du 30/06/2026")));
        QVERIFY(w.find<QLabel>(QStringLiteral("draftBannerText"))->text().endsWith(QStringLiteral("a été retrouvé.")));
        auto *resume = w.find<QPushButton>(QStringLiteral("resumeDraft"));
        QCOMPARE(resume->text(), QStringLiteral("Reprendre"));
        resume->setFocus();
        key(Qt::Key_Space);
        QVERIFY(!banner->isVisible());
        QCOMPARE(w.find<QLineEdit>(QStringLiteral("duree"))->text(), QStringLiteral("0:45"));
        QCOMPARE(w.find<CodeChecklist>(QStringLiteral("thematiques"))->checkedCodes(),
            QStringList{QStringLiteral("navigation_sur_internet")});
        QCOMPARE(w.find<QPlainTextEdit>(QStringLiteral("notes"))->toPlainText(), QStringLiteral("Pas fini"));
        QVERIFY(w.form->hasUnsavedChanges());
        saveByKeyboard();
        QCOMPARE(allActivities(store()).size(), 1);
        QVERIFY(!QFile::exists(draftPath));
    }

    void draft_withADateNotUnderstood_comesBackAsTyped()
    {
        // A crash while the date field holds "1122026" (not a date): the draft keeps the text, and "Reprendre" gives
        // it back as typed, with its message, never today's date.
        const QString draftPath = DraftStore::besideStore(store()).filePath();
        {
            FormWindow w(store());
            QVERIFY(w.ready());
            type(QStringLiteral("45"));
            auto *date = w.find<QLineEdit>(QStringLiteral("date"));
            date->setFocus();
            date->selectAll();
            type(QStringLiteral("1122026"));
            QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(draftPath), 3000);
            QTest::qWait(300); // the last write, at most 200 ms after the previous one
        }
        QString error;
        const std::optional<Draft> kept = DraftStore::besideStore(store()).load(&error);
        QVERIFY(kept.has_value());
        QVERIFY(!kept->activity.date.isValid());
        QCOMPARE(kept->dateText, QStringLiteral("1122026"));
        FormWindow w(store());
        QVERIFY(w.ready());
        w.form->restoreDraftIfAny();
        w.find<QPushButton>(QStringLiteral("resumeDraft"))->click();
        QCOMPARE(w.find<QLineEdit>(QStringLiteral("date"))->text(), QStringLiteral("1122026"));
        QVERIFY(!w.form->currentActivity().date.isValid());
    }

    void draft_abandonRemovesIt()
    {
        const QString draftPath = DraftStore::besideStore(store()).filePath();
        Draft draft;
        draft.activity = TestData::individuel(m_place.id);
        draft.savedAt = store().clock().nowUtc();
        QString error;
        QVERIFY(DraftStore::besideStore(store()).save(draft, &error));
        FormWindow w(store());
        QVERIFY(w.ready());
        w.form->restoreDraftIfAny();
        w.find<QPushButton>(QStringLiteral("abandonDraft"))->click();
        QVERIFY(!QFile::exists(draftPath));
        QVERIFY(!w.find<QWidget>(QStringLiteral("draftBanner"))->isVisible());
        QVERIFY(!w.form->hasUnsavedChanges());
    }

    void leaving_typedWork_asksFirst_andCancelKeepsIt()
    {
        Activity a = TestData::individuel(m_place.id);
        QString error;
        QVERIFY2(store().saveActivity(a, &error), qPrintable(error));
        const QString draftPath = DraftStore::besideStore(store()).filePath();
        FormWindow w(store());
        QVERIFY(w.ready());
        LeaveAnswers answers;
        answers.install(*w.form);
        auto *duree = w.find<QLineEdit>(QStringLiteral("duree"));

        // Nothing typed: nothing asked.
        w.form->startNew();
        QCOMPARE(answers.asked, 0);

        type(QStringLiteral("30"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(draftPath), 3000);

        // Annuler: each way of replacing the form leaves it as it is.
        answers.answer = QMessageBox::Cancel;
        w.form->startNew();
        QCOMPARE(answers.asked, 1);
        QVERIFY(!w.form->editActivity(a.id));
        QCOMPARE(answers.asked, 2);
        w.form->startDuplicate(a.id);
        QCOMPARE(answers.asked, 3);
        w.form->repeatLast();
        QCOMPARE(answers.asked, 4);
        QVERIFY(!w.form->confirmLeave());
        QCOMPARE(answers.asked, 5);
        QCOMPARE(duree->text(), QStringLiteral("30"));
        QVERIFY(!w.form->isEditing());
        QVERIFY(w.form->hasUnsavedChanges());
        QVERIFY(QFile::exists(draftPath));

        // Enregistrer on an invalid CRA (no thématique): refused, with why, and the form stays.
        answers.answer = QMessageBox::Save;
        QVERIFY(!w.form->editActivity(a.id));
        QCOMPARE(answers.asked, 6);
        QCOMPARE(allActivities(store()).size(), 1);
        QCOMPARE(duree->text(), QStringLiteral("30"));
        QVERIFY(w.find<FieldError>(QStringLiteral("error_thematiques"))->isVisible());
        QCOMPARE(QApplication::focusWidget(), w.find<CodeChecklist>(QStringLiteral("thematiques"))->filterEdit());

        // Abandonner: the activity opens, the typed work and its draft are gone.
        answers.answer = QMessageBox::Discard;
        QVERIFY(w.form->editActivity(a.id));
        QCOMPARE(answers.asked, 7);
        QVERIFY(w.form->isEditing());
        QCOMPARE(duree->text(), QStringLiteral("0:45"));
        QVERIFY(!QFile::exists(draftPath));
        QCOMPARE(allActivities(store()).size(), 1);
    }

    void leaving_saveAnswer_savesThenGoesOn()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        LeaveAnswers answers;
        answers.install(*w.form);
        answers.answer = QMessageBox::Save;
        type(QStringLiteral("30"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        QSignalSpy saved(w.form.get(), &CraForm::saved);
        w.form->startNew();
        QCOMPARE(answers.asked, 1);
        QCOMPARE(saved.count(), 1);
        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().dureeMinutes, 30);
        QVERIFY(!w.form->isEditing());
        QVERIFY(!w.form->hasUnsavedChanges());
        QVERIFY(w.find<QLineEdit>(QStringLiteral("duree"))->text().isEmpty());
    }

    void confirmLeave_discardRevertsTheForm()
    {
        const QString draftPath = DraftStore::besideStore(store()).filePath();
        FormWindow w(store());
        QVERIFY(w.ready());
        LeaveAnswers answers;
        answers.install(*w.form);
        QVERIFY(w.form->confirmLeave());
        QCOMPARE(answers.asked, 0);
        alt(Qt::Key_N);
        type(QStringLiteral("Brouillon"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(draftPath), 3000);
        answers.answer = QMessageBox::Discard;
        QVERIFY(w.form->confirmLeave());
        QCOMPARE(answers.asked, 1);
        QVERIFY(!w.form->hasUnsavedChanges());
        QVERIFY(w.find<QPlainTextEdit>(QStringLiteral("notes"))->toPlainText().isEmpty());
        QVERIFY(!QFile::exists(draftPath));
        QVERIFY(allActivities(store()).isEmpty());
    }

    void leaving_asksWithAMessageBoxByDefault()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        type(QStringLiteral("30"));
        QString question;
        answerNextMessageBox(this, QStringLiteral("Annuler"), &question);
        QVERIFY(!w.form->confirmLeave());
        QCOMPARE(question, QStringLiteral("Le CRA en cours n'est pas enregistré."));
        QCOMPARE(w.find<QLineEdit>(QStringLiteral("duree"))->text(), QStringLiteral("30"));
    }

    void deletingAChangedCra_doesNotAskAboutTheChanges()
    {
        Activity a = TestData::individuel(m_place.id);
        QString error;
        QVERIFY2(store().saveActivity(a, &error), qPrintable(error));
        FormWindow w(store());
        QVERIFY(w.ready());
        LeaveAnswers answers;
        answers.install(*w.form);
        QVERIFY(w.form->editActivity(a.id));
        key(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("1h"));
        QVERIFY(w.form->hasUnsavedChanges());
        QSignalSpy deleted(w.form.get(), &CraForm::deleted);
        QString question;
        answerNextMessageBox(this, QStringLiteral("Supprimer"), &question);
        altOnButton(Qt::Key_P);
        QTRY_COMPARE(deleted.count(), 1);
        QCOMPARE(answers.asked, 0);
        QVERIFY(store().activity(a.id)->isDeleted());
        QVERIFY(!w.form->isEditing());
        QVERIFY(!w.form->hasUnsavedChanges());
        QCOMPARE(
            w.find<QLabel>(QStringLiteral("formStatus"))->text(), QStringLiteral("CRA supprimé. Ctrl+Z pour annuler."));
    }

    // A save always leaves the form ready for the next CRA: "Enregistrer et nouveau" is no more.
    void save_savesThenOpensAFreshForm()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        LeaveAnswers answers;
        answers.install(*w.form);
        QSignalSpy saved(w.form.get(), &CraForm::saved);
        auto *duree = w.find<QLineEdit>(QStringLiteral("duree"));

        // Invalid: nothing saved, nothing replaced.
        type(QStringLiteral("20"));
        altOnButton(Qt::Key_E);
        QCOMPARE(saved.count(), 0);
        QCOMPARE(duree->text(), QStringLiteral("20"));
        QCOMPARE(QApplication::focusWidget(), w.find<CodeChecklist>(QStringLiteral("thematiques"))->filterEdit());

        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        altOnButton(Qt::Key_E);
        QCOMPARE(saved.count(), 1);
        QCOMPARE(answers.asked, 0);
        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().dureeMinutes, 20);
        QCOMPARE(stored.first().thematiques, QStringList{QStringLiteral("navigation_sur_internet")});
        QVERIFY(!w.form->isEditing());
        QVERIFY(!w.form->hasUnsavedChanges());
        QVERIFY(duree->text().isEmpty());
        QCOMPARE(QApplication::focusWidget(), duree);
        QCOMPARE(w.find<QLabel>(QStringLiteral("formTitle"))->text(), QStringLiteral("Nouveau CRA"));
        QVERIFY(w.find<QLabel>(QStringLiteral("formNoticeText"))
                    ->text()
                    .startsWith(QStringLiteral("CRA du 30/06/2026 enregistré.")));
        QVERIFY(w.form->currentActivity().id != stored.first().id);
        QVERIFY(!w.form->findChild<QPushButton *>(QStringLiteral("saveAndNew")));
    }

    void structureDeRedirection_showsOnlyWhenOriented()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        auto *structure = w.find<QComboBox>(QStringLiteral("structure"));
        QVERIFY(!structure->isVisible());
        type(QStringLiteral("45"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        alt(Qt::Key_F); // "Le bénéficiaire est-il orienté… ?": Oui
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("orienteOui"));
        key(Qt::Key_Space);
        QVERIFY(structure->isVisible());
        key(Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), structure);

        // Oriented without a structure: refused, the message next to the structure.
        saveByKeyboard();
        QVERIFY(allActivities(store()).isEmpty());
        QVERIFY(w.find<FieldError>(QStringLiteral("error_structureDeRedirection"))->isVisible());
        QCOMPARE(QApplication::focusWidget(), structure);
        type(QStringLiteral("O"));
        QCOMPARE(structure->currentData().toString(), QStringLiteral("operateur_ou_organisme_en_charge"));

        // Non hides it and leaves it out of the CRA; Oui brings it back as it was.
        alt(Qt::Key_F);
        key(Qt::Key_Right);
        key(Qt::Key_Space);
        QVERIFY(w.find<QAbstractButton>(QStringLiteral("orienteNon"))->isChecked());
        QVERIFY(!structure->isVisible());
        QVERIFY(w.form->currentActivity().structureDeRedirection.isEmpty());
        QCOMPARE(w.form->currentActivity().orienteVersStructure, std::optional<bool>(false));
        key(Qt::Key_Left);
        key(Qt::Key_Space);
        QVERIFY(structure->isVisible());
        saveByKeyboard();
        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().orienteVersStructure, std::optional<bool>(true));
        QCOMPARE(stored.first().structureDeRedirection, QStringLiteral("operateur_ou_organisme_en_charge"));
    }

    void followedBeneficiary_withNobodyPicked_isRefused()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        type(QStringLiteral("45"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        alt(Qt::Key_B);
        key(Qt::Key_Right); // Bénéficiaire suivi
        key(Qt::Key_Space);
        QVERIFY(w.find<QAbstractButton>(QStringLiteral("personSuivi"))->isChecked());
        QSignalSpy saved(w.form.get(), &CraForm::saved);
        saveByKeyboard();
        QCOMPARE(saved.count(), 0);
        QVERIFY(allActivities(store()).isEmpty());
        auto *message = w.find<FieldError>(QStringLiteral("error_beneficiaire"));
        QVERIFY(message->isVisible());
        QCOMPARE(message->message(), QStringLiteral("Choisissez la personne suivie, ou cochez « Anonyme »."));
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("beneficiarySearch"));
        QVERIFY(QApplication::focusWidget()->isVisible());

        // Anonyme saves it as an anonymous person.
        w.find<QAbstractButton>(QStringLiteral("personAnonyme"))->click();
        saveByKeyboard();
        QCOMPARE(saved.count(), 1);
        QVERIFY(allActivities(store()).first().beneficiaireId.isNull());
        QVERIFY(!message->isVisible());
    }

    void mnemonicOfAQuestion_focusesWithoutAnswering()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        alt(Qt::Key_A);
        QTest::qWait(250); // a label's mnemonic used to click its radio button 100 ms later
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("entierement_accompagne"));
        QVERIFY(w.form->currentActivity().autonomie.isEmpty());
        alt(Qt::Key_F);
        QTest::qWait(250);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("orienteOui"));
        QVERIFY(!w.form->currentActivity().orienteVersStructure.has_value());
        QVERIFY(!w.find<QComboBox>(QStringLiteral("structure"))->isVisible());
        key(Qt::Key_Right);
        key(Qt::Key_Space); // Non
        alt(Qt::Key_A);
        alt(Qt::Key_F); // back on the answer given
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("orienteNon"));
        QCOMPARE(w.form->currentActivity().orienteVersStructure, std::optional<bool>(false));
        QVERIFY(w.form->currentActivity().autonomie.isEmpty());
    }

    void mnemonics_areUniqueInEveryLayout()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        w.find<CodeChecklist>(QStringLiteral("thematiques"))
            ->setChecked(QLatin1String(Codes::Thematique::AideDemarches), true);
        for (const QString &typeName : {QStringLiteral("typeIndividuel"), QStringLiteral("typeCollectif")}) {
            w.find<QAbstractButton>(typeName)->click();
            w.find<QAbstractButton>(QStringLiteral("orienteOui"))->click();
            QCoreApplication::processEvents();
            const QMap<QChar, QStringList> found = visibleMnemonics(w.form.get());
            QVERIFY(found.size() > 15);
            for (auto it = found.cbegin(); it != found.cend(); ++it)
                QVERIFY2(it.value().size() == 1,
                    qPrintable(QStringLiteral("%1: Alt+%2 is %3")
                                   .arg(typeName, QString(it.key()), it.value().join(QStringLiteral(", ")))));
        }
        // In a collective démarche both names are visible: Alt+O the workshop, Alt+X the démarche.
        alt(Qt::Key_O);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("titreAtelier"));
        alt(Qt::Key_X);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("precisionsDemarche"));
        alt(Qt::Key_O);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("titreAtelier"));
    }

    void fieldsWithoutMnemonic_followTheirGroupInReadingOrder()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        // The anonymous person: Alt+B, then Tab.
        alt(Qt::Key_B);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("personAnonyme"));
        for (const QString &name :
            {QStringLiteral("genre"), QStringLiteral("trancheAge"), QStringLiteral("anneeNaissance"),
                QStringLiteral("statut"), QStringLiteral("communeResidence"), QStringLiteral("dejaAccompagne")}) {
            key(Qt::Key_Tab);
            QCOMPARE(QApplication::focusWidget()->objectName(), name);
        }

        // The collective counters: Alt+S, then Tab through the total, déjà accompagnés, and each group in turn.
        altOnButton(Qt::Key_C);
        alt(Qt::Key_S);
        QStringList expected{QStringLiteral("total"), QStringLiteral("dejaTotal")};
        const std::pair<Nomenclature::List, QString> groups[] = {{Nomenclature::List::Genre, QStringLiteral("genre")},
            {Nomenclature::List::TrancheAge, QStringLiteral("trancheAge")},
            {Nomenclature::List::StatutSocial, QStringLiteral("statutSocial")}};
        for (const auto &[list, prefix] : groups) {
            for (const NomenclatureItem &item : Nomenclature::instance().items(list))
                expected.append(QStringLiteral("count_") + prefix + QLatin1Char('_') + item.value);
        }
        QCOMPARE(QApplication::focusWidget()->objectName(), expected.first());
        for (int i = 1; i < expected.size(); ++i) {
            key(Qt::Key_Tab);
            QCOMPARE(QApplication::focusWidget()->objectName(), expected.at(i));
        }
        // Each group title names its counters for screen readers.
        const QList<QLabel *> labels = w.form->findChildren<QLabel *>();
        const QStringList titles{QStringLiteral("Genre"), QStringLiteral("Tranche d'âge"), QStringLiteral("Statut")};
        const auto titled = std::count_if(labels.cbegin(), labels.cend(), [&titles](const QLabel *label) {
            return label->buddy() && label->buddy()->objectName().startsWith(QLatin1String("count_"))
                && titles.contains(label->text());
        });
        QCOMPARE(titled, 3);
    }

    void draftOffer_focusesResume_andSurvivesTheSaveOfAnotherCra()
    {
        const QString draftPath = DraftStore::besideStore(store()).filePath();
        DraftStore drafts = DraftStore::besideStore(store());
        QString error;
        {
            FormWindow w(store());
            QVERIFY(w.ready());
            QVERIFY(!w.form->restoreDraftIfAny()); // nothing to offer
        }
        Draft draft;
        draft.activity = TestData::individuel(m_place.id);
        draft.activity.notes = QStringLiteral("Ancien brouillon");
        draft.savedAt = store().clock().nowUtc();
        QVERIFY(drafts.save(draft, &error));

        FormWindow w(store());
        QVERIFY(w.ready());
        QVERIFY(w.form->restoreDraftIfAny());
        auto *banner = w.find<QWidget>(QStringLiteral("draftBanner"));
        QVERIFY(banner->isVisible());
        QCOMPARE(QApplication::focusWidget(), w.find<QPushButton>(QStringLiteral("resumeDraft")));

        // Another CRA typed and saved while the offer is unanswered: the offered draft stays, unchanged.
        alt(Qt::Key_U);
        type(QStringLiteral("30"));
        alt(Qt::Key_T);
        type(QStringLiteral("bur"));
        key(Qt::Key_Return);
        QTest::qWait(CraForm::DraftDelayMs * 2);
        saveByKeyboard();
        QCOMPARE(allActivities(store()).size(), 1);
        alt(Qt::Key_N);
        type(QStringLiteral("Modifié"));
        QTest::qWait(CraForm::DraftDelayMs * 2);
        QVERIFY(QFile::exists(draftPath));
        const std::optional<Draft> kept = drafts.load(&error);
        QVERIFY2(kept, qPrintable(error));
        QCOMPARE(kept->activity.id, draft.activity.id);
        QCOMPARE(kept->activity.notes, QStringLiteral("Ancien brouillon"));
        QVERIFY(banner->isVisible());
        // What is typed meanwhile is on disk too, beside it.
        const DraftStore next = DraftStore::besideStore(store(), QLatin1String(DraftStore::NextFileName));
        const std::optional<Draft> typed = next.load(&error);
        QVERIFY2(typed, qPrintable(error));
        QCOMPARE(typed->activity.notes, QStringLiteral("Modifié"));

        // Entrée on "Reprendre" resumes it (after asking about what is typed: abandoned here).
        LeaveAnswers answers;
        answers.install(*w.form);
        answers.answer = QMessageBox::Discard;
        w.find<QPushButton>(QStringLiteral("resumeDraft"))->setFocus();
        key(Qt::Key_Return);
        QCOMPARE(answers.asked, 1);
        QVERIFY(!banner->isVisible());
        QCOMPARE(w.find<QPlainTextEdit>(QStringLiteral("notes"))->toPlainText(), QStringLiteral("Ancien brouillon"));
        QCOMPARE(w.form->currentActivity().id, draft.activity.id);
        QVERIFY(!next.exists()); // abandoned with the answer
    }

    void draftOffer_abandoned_keepsWhatWasTypedMeanwhile()
    {
        DraftStore drafts = DraftStore::besideStore(store());
        const DraftStore next = DraftStore::besideStore(store(), QLatin1String(DraftStore::NextFileName));
        Draft draft;
        draft.activity = TestData::individuel(m_place.id);
        draft.activity.notes = QStringLiteral("Ancien brouillon");
        draft.savedAt = store().clock().nowUtc();
        QString error;
        QVERIFY(drafts.save(draft, &error));
        {
            FormWindow w(store());
            QVERIFY(w.ready());
            QVERIFY(w.form->restoreDraftIfAny());
            alt(Qt::Key_N);
            type(QStringLiteral("Nouveau"));
            QTRY_VERIFY_WITH_TIMEOUT(next.exists(), CraForm::DraftDelayMs + 100);
            // The process dies here, the offer unanswered: both are on disk.
        }
        QVERIFY(drafts.exists());
        {
            FormWindow w(store());
            QVERIFY(w.ready());
            QVERIFY(w.form->restoreDraftIfAny()); // the older one first
            QCOMPARE(w.form->currentActivity().notes, QString());
            w.find<QPushButton>(QStringLiteral("abandonDraft"))->click();
            // Abandoned: what the crashed form held is offered in turn.
            QVERIFY(w.find<QWidget>(QStringLiteral("draftBanner"))->isVisible());
            QVERIFY(w.find<QLabel>(QStringLiteral("draftBannerText"))->isVisible());
        }
        QVERIFY(!next.exists());
        const std::optional<Draft> kept = drafts.load(&error);
        QVERIFY2(kept, qPrintable(error));
        QCOMPARE(kept->activity.notes, QStringLiteral("Nouveau"));
    }

    void everyInput_hasAnAccessibleName()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        for (const bool collectif : {false, true}) {
            w.form
                ->findChild<QAbstractButton *>(
                    collectif ? QStringLiteral("typeCollectif") : QStringLiteral("typeIndividuel"))
                ->click();
            const QList<QWidget *> widgets = w.form->findChildren<QWidget *>();
            int inputs = 0;
            for (QWidget *widget : widgets) {
                const bool input = qobject_cast<QLineEdit *>(widget) || qobject_cast<QAbstractSpinBox *>(widget)
                    || qobject_cast<QComboBox *>(widget) || qobject_cast<QAbstractButton *>(widget)
                    || qobject_cast<QAbstractItemView *>(widget) || qobject_cast<QPlainTextEdit *>(widget);
                if (!input)
                    continue;
                // The line edit inside a spin box or a date edit is part of it and named through it.
                if (qobject_cast<QAbstractSpinBox *>(widget->parentWidget()))
                    continue;
                ++inputs;
                QVERIFY2(!widget->accessibleName().trimmed().isEmpty(),
                    qPrintable(QStringLiteral("%1 (%2) has no accessible name")
                                   .arg(widget->objectName(), QString::fromLatin1(widget->metaObject()->className()))));
            }
            QVERIFY(inputs > 60);
        }
    }

    void saveOfANewCra_clearsTheForm_announcesIt_andCanBeReopenedOrUndone()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        type(QStringLiteral("45"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        saveByKeyboard();
        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        const QUuid id = stored.first().id;

        // The form is ready for the next CRA: the next one typed cannot overwrite this one.
        QVERIFY(!w.form->isEditing());
        QVERIFY(!w.form->hasUnsavedChanges());
        QVERIFY(w.form->currentActivity().id != id);
        QVERIFY(w.find<QLineEdit>(QStringLiteral("duree"))->text().isEmpty());
        QVERIFY(w.find<CodeChecklist>(QStringLiteral("thematiques"))->checkedCodes().isEmpty());
        QVERIFY(w.find<CodeChecklist>(QStringLiteral("thematiques"))->currentCode().isEmpty()); // nothing left selected
        QCOMPARE(QApplication::focusWidget(), w.find<QLineEdit>(QStringLiteral("duree")));
        QCOMPARE(w.find<QLabel>(QStringLiteral("formTitle"))->text(), QStringLiteral("Nouveau CRA"));
        auto *notice = w.find<QLabel>(QStringLiteral("formNoticeText"));
        QVERIFY(notice->isVisible());
        QCOMPARE(notice->text(), QStringLiteral("CRA du 30/06/2026 enregistré. Ctrl+Z pour annuler l'enregistrement."));
        auto *reopen = w.find<QPushButton>(QStringLiteral("reopenSaved"));
        QVERIFY(reopen->isVisible());
        const QString grabs = QStringLiteral(CARNET_BINARY_DIR) + QStringLiteral("/screenshots");
        QDir().mkpath(grabs);
        w.form->grab().save(grabs + QStringLiteral("/cra-enregistre.png"));

        // A second CRA typed and saved is a second activity.
        type(QStringLiteral("30"));
        alt(Qt::Key_T);
        type(QStringLiteral("bur"));
        key(Qt::Key_Return);
        QSignalSpy saved(w.form.get(), &CraForm::saved);
        saveByKeyboard();
        QCOMPARE(saved.count(), 1);
        QCOMPARE(allActivities(store()).size(), 2);
        QCOMPARE(store().activity(id)->dureeMinutes, 45);

        // Undo takes back the last save, redo puts it back.
        QCOMPARE(w.stack.count(), 2);
        const QUuid second = saved.first().first().toUuid();
        w.stack.undo();
        QVERIFY(store().activity(second)->isDeleted());
        QVERIFY(!store().activity(id)->isDeleted());
        QVERIFY(notice->text().startsWith(QStringLiteral("Enregistrement du CRA du 30/06/2026 annulé")));
        QVERIFY(!reopen->isVisible());
        w.stack.redo();
        QVERIFY(!store().activity(second)->isDeleted());
        QVERIFY(reopen->isVisible());

        // "Rouvrir" opens the saved CRA to modify it.
        reopen->click();
        QVERIFY(w.form->isEditing());
        QCOMPARE(w.form->currentActivity().id, second);
        QCOMPARE(w.find<QLineEdit>(QStringLiteral("duree"))->text(), QStringLiteral("0:30"));
    }

    void editing_isAnnounced_andEscapeOrBackToListLeavesIt()
    {
        Activity a = TestData::individuel(m_place.id);
        QString error;
        QVERIFY2(store().saveActivity(a, &error), qPrintable(error));
        FormWindow w(store());
        QVERIFY(w.ready());
        LeaveAnswers answers;
        answers.install(*w.form);
        QSignalSpy list(w.form.get(), &CraForm::listRequested);
        QSignalSpy editing(w.form.get(), &CraForm::editingChanged);
        auto *notice = w.find<QLabel>(QStringLiteral("formNoticeText"));
        QVERIFY(!notice->isVisible());

        QVERIFY(w.form->editActivity(a.id));
        QCOMPARE(editing.count(), 1);
        QVERIFY(notice->isVisible());
        QVERIFY(notice->text().startsWith(QStringLiteral("Modification du CRA du 29/06/2026")));
        QVERIFY(w.find<QPushButton>(QStringLiteral("backToList"))->isVisible());
        const QString grabs = QStringLiteral(CARNET_BINARY_DIR) + QStringLiteral("/screenshots");
        QDir().mkpath(grabs);
        w.form->grab().save(grabs + QStringLiteral("/cra-modification.png"));

        // Échap leaves it at once when nothing changed.
        key(Qt::Key_Escape);
        QCOMPARE(list.count(), 1);
        QVERIFY(!w.form->isEditing());
        QCOMPARE(answers.asked, 0);
        QVERIFY(!notice->isVisible());

        // With a change: asked first; Annuler stays, Abandonner leaves the stored CRA as it was.
        QVERIFY(w.form->editActivity(a.id));
        key(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("1h"));
        answers.answer = QMessageBox::Cancel;
        key(Qt::Key_Escape);
        QCOMPARE(answers.asked, 1);
        QVERIFY(w.form->isEditing());
        QCOMPARE(list.count(), 1);
        answers.answer = QMessageBox::Discard;
        w.find<QPushButton>(QStringLiteral("backToList"))->click();
        QCOMPARE(answers.asked, 2);
        QCOMPARE(list.count(), 2);
        QVERIFY(!w.form->isEditing());
        QCOMPARE(store().activity(a.id)->dureeMinutes, 45);

        // Saving a modification leaves the form too, ready for a new CRA, and says so.
        QVERIFY(w.form->editActivity(a.id));
        key(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("1h"));
        saveByKeyboard();
        QCOMPARE(store().activity(a.id)->dureeMinutes, 60);
        QVERIFY(!w.form->isEditing());
        QCOMPARE(notice->text(), QStringLiteral("CRA du 29/06/2026 modifié."));
        QCOMPARE(allActivities(store()).size(), 1);
    }

    void dateEdit_readsWhatAPersonTypes()
    {
        const QDate today(2026, 12, 1);
        const auto parse = [&today](const char *text) { return DateEdit::parse(QString::fromLatin1(text), today); };
        QCOMPARE(parse("15012027"), QDate(2027, 1, 15));
        QCOMPARE(parse("28112026"), QDate(2026, 11, 28));
        QCOMPARE(parse("01/12/2026"), QDate(2026, 12, 1));
        QCOMPARE(parse("1/12/26"), QDate(2026, 12, 1));
        QCOMPARE(parse("1.12.2026"), QDate(2026, 12, 1));
        QCOMPARE(parse("01-12-26"), QDate(2026, 12, 1));
        QCOMPARE(parse("011226"), QDate(2026, 12, 1));
        QCOMPARE(parse("2811"), QDate(2026, 11, 28));
        QCOMPARE(parse("28/11"), QDate(2026, 11, 28));
        QCOMPARE(parse(" 3 / 4 / 2025 "), QDate(2025, 4, 3));
        // Without a year, the last such day: on 2 January, "28/12" is the December just gone, not the next one.
        QCOMPARE(DateEdit::parse(QStringLiteral("28/12"), QDate(2027, 1, 2)), QDate(2026, 12, 28));
        QCOMPARE(DateEdit::parse(QStringLiteral("2812"), QDate(2027, 1, 2)), QDate(2026, 12, 28));
        QCOMPARE(DateEdit::parse(QStringLiteral("02/01"), QDate(2027, 1, 2)), QDate(2027, 1, 2));
        for (const char *wrong : {"", "31022026", "1122026", "13/13/2026", "28/11/202", "abc", "28112026x", "0/1/2026"})
            QVERIFY2(!parse(wrong).isValid(), wrong);
    }

    void dates_typedDigitByDigit_areStoredAsTyped_orRefusedWithAMessage()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        auto *date = w.find<QLineEdit>(QStringLiteral("date"));
        type(QStringLiteral("45"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        struct Case
        {
            const char *typed;
            QDate stored;
        };
        // Today is 30/06/2026.
        const Case cases[] = {{"15012026", QDate(2026, 1, 15)}, {"28062026", QDate(2026, 6, 28)},
            {"01/06/2026", QDate(2026, 6, 1)}, {"1/6/26", QDate(2026, 6, 1)}, {"2906", QDate(2026, 6, 29)}};
        for (const Case &c : cases) {
            alt(Qt::Key_D);
            QCOMPARE(QApplication::focusWidget(), date);
            key(Qt::Key_A, Qt::ControlModifier);
            type(QString::fromLatin1(c.typed));
            QCOMPARE(w.form->currentActivity().date, c.stored);
            key(Qt::Key_Tab); // leaving the field writes the date in full: what was understood shows
            QCOMPARE(date->text(), c.stored.toString(QStringLiteral("dd/MM/yyyy")));
            QSignalSpy saved(w.form.get(), &CraForm::saved);
            saveByKeyboard();
            QCOMPARE(saved.count(), 1);
            QCOMPARE(store().activity(saved.first().first().toUuid())->date, c.stored);
            alt(Qt::Key_R); // the same again, for the next date
            QTest::qWait(250);
        }

        // A future date is refused at save, the message naming the field; so is a text that is no date.
        alt(Qt::Key_D);
        key(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("15012027"));
        QCOMPARE(w.form->currentActivity().date, QDate(2027, 1, 15));
        const int before = allActivities(store()).size();
        saveByKeyboard();
        QCOMPARE(allActivities(store()).size(), before);
        auto *error = w.find<FieldError>(QStringLiteral("error_date"));
        QVERIFY(error->isVisible());
        QCOMPARE(error->message(), QStringLiteral("La date de l'activité ne peut pas être dans le futur."));
        QCOMPARE(QApplication::focusWidget(), date);
        key(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("31022026"));
        saveByKeyboard();
        QCOMPARE(allActivities(store()).size(), before);
        QVERIFY(error->message().startsWith(QStringLiteral("Date non comprise : « 31022026 »")));
        key(Qt::Key_Tab);
        QCOMPARE(date->text(), QStringLiteral("31022026")); // never silently another date
        alt(Qt::Key_D);
        key(Qt::Key_A, Qt::ControlModifier);
        type(QStringLiteral("30062026"));
        QVERIFY(!error->isVisible()); // fixed: the message goes at once
    }

    void dateCalendar_opensFromTheKeyboard_inFrench()
    {
        const QLocale system = QLocale();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        FormWindow w(store());
        QVERIFY(w.ready());
        auto *edit = w.find<DateEdit>(QString());
        QVERIFY(edit);
        QCOMPARE(edit->calendar()->locale().language(), QLocale::French);
        QCOMPARE(edit->calendar()->firstDayOfWeek(), Qt::Monday);
        alt(Qt::Key_D);
        key(Qt::Key_Down, Qt::AltModifier);
        QVERIFY(edit->isCalendarOpen());
        QCOMPARE(edit->calendar()->selectedDate(), QDate(2026, 6, 30));
        key(Qt::Key_Escape);
        QVERIFY(!edit->isCalendarOpen());
        QCOMPARE(QApplication::focusWidget(), edit->lineEdit());
        key(Qt::Key_F4);
        QVERIFY(edit->isCalendarOpen());
        key(Qt::Key_Left); // the day before
        key(Qt::Key_Return);
        QVERIFY(!edit->isCalendarOpen());
        QCOMPARE(w.form->currentActivity().date, QDate(2026, 6, 29));
        QCOMPARE(edit->lineEdit()->text(), QStringLiteral("29/06/2026"));
        QLocale::setDefault(system);
    }

    void dateCalendar_escapeClosesIt_whileModifyingACra()
    {
        // Échap in the open calendar closes the calendar; it does not leave the CRA being modified.
        FormWindow w(store());
        QVERIFY(w.ready());
        type(QStringLiteral("45"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        saveByKeyboard();
        QCOMPARE(allActivities(store()).size(), 1);
        w.find<QPushButton>(QStringLiteral("reopenSaved"))->click();
        QVERIFY(w.form->isEditing());
        auto *edit = w.find<DateEdit>(QString());
        alt(Qt::Key_D);
        key(Qt::Key_F4);
        QVERIFY(edit->isCalendarOpen());
        key(Qt::Key_Escape);
        QVERIFY(!edit->isCalendarOpen());
        QVERIFY(w.form->isEditing());
        key(Qt::Key_F4);
        key(Qt::Key_Return); // Entrée picks the day, it does not save
        QVERIFY(!edit->isCalendarOpen());
        QVERIFY(w.form->isEditing());
    }

    void placeRule_remoteTakesTheStructuresCommune_orSaysItIsMissing()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        type(QStringLiteral("45"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        auto *typeLieu = w.find<QComboBox>(QStringLiteral("typeLieu"));
        typeLieu->setCurrentIndex(typeLieu->findData(QLatin1String(Codes::TypeLieu::ADistance)));
        QCOMPARE(w.form->currentActivity().typeLieu, QLatin1String(Codes::TypeLieu::ADistance));
        // No commune in the profile: refused, saying why.
        saveByKeyboard();
        QVERIFY(allActivities(store()).isEmpty());
        auto *error = w.find<FieldError>(QStringLiteral("error_typeLieu"));
        QVERIFY(error->isVisible());
        QVERIFY(error->message().contains(QStringLiteral("commune de votre structure employeuse")));

        // At home: a commune is asked for.
        typeLieu->setCurrentIndex(typeLieu->findData(QLatin1String(Codes::TypeLieu::Domicile)));
        saveByKeyboard();
        QVERIFY(allActivities(store()).isEmpty());
        QVERIFY(error->message().contains(QStringLiteral("commune du lieu")));

        // With the structure's commune in the profile, a remote CRA takes it.
        Profile p;
        p.prenom = QStringLiteral("Camille");
        p.nom = QStringLiteral("Bernard");
        p.role = QLatin1String(Profile::Mediateur);
        p.structure.nom = QStringLiteral("Mairie de Guéret");
        p.structure.commune = TestData::gueret();
        QString message;
        QVERIFY2(store().saveProfile(p, &message), qPrintable(message));
        w.form->discardChanges();
        type(QStringLiteral("45"));
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        typeLieu->setCurrentIndex(typeLieu->findData(QLatin1String(Codes::TypeLieu::ADistance)));
        saveByKeyboard();
        const QList<Activity> stored = allActivities(store());
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().lieuCommune, TestData::gueret());
    }

    void radioQuestions_areAnsweredWithOneKeyAfterTheirMnemonic()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        alt(Qt::Key_A);
        key(Qt::Key_Right); // the first arrow answers
        QCOMPARE(w.form->currentActivity().autonomie, QStringLiteral("partiellement_autonome"));
        alt(Qt::Key_A);
        type(QStringLiteral("3")); // the digit of the choice
        QCOMPARE(w.form->currentActivity().autonomie, QStringLiteral("autonome"));
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("autonome"));
        alt(Qt::Key_A);
        type(QStringLiteral("1"));
        QCOMPARE(w.form->currentActivity().autonomie, QStringLiteral("entierement_accompagne"));
        // A French AZERTY keyboard types "é" on the key of 2 without Maj: it answers 2 all the same.
        alt(Qt::Key_A);
        QTest::sendKeyEvent(
            QTest::Click, QApplication::focusWidget(), Qt::Key_Eacute, QStringLiteral("\u00E9"), Qt::NoModifier);
        QCOMPARE(w.form->currentActivity().autonomie, QStringLiteral("partiellement_autonome"));
        alt(Qt::Key_F);
        type(QStringLiteral("2"));
        QCOMPARE(w.form->currentActivity().orienteVersStructure, std::optional<bool>(false));
        alt(Qt::Key_F);
        key(Qt::Key_Left);
        QCOMPARE(w.form->currentActivity().orienteVersStructure, std::optional<bool>(true));
        alt(Qt::Key_B);
        type(QStringLiteral("2"));
        QVERIFY(w.find<QAbstractButton>(QStringLiteral("personSuivi"))->isChecked());
        key(Qt::Key_Left);
        QVERIFY(w.find<QAbstractButton>(QStringLiteral("personAnonyme"))->isChecked());

        altOnButton(Qt::Key_C);
        alt(Qt::Key_A); // the workshop's level
        type(QStringLiteral("1"));
        QCOMPARE(w.form->currentActivity().niveauAtelier, QStringLiteral("debutant"));
    }

    void workshopCounts_doNotReflowTheForm()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        altOnButton(Qt::Key_C);
        QCoreApplication::processEvents();
        auto *thematiques = w.find<CodeChecklist>(QStringLiteral("thematiques"));
        auto *genreCheck = w.find<QLabel>(QStringLiteral("genreCheck"));
        const int thematiquesWidth = thematiques->width();
        const QRect genreLabels = w.find<QSpinBox>(QStringLiteral("count_genre_masculin"))->geometry();
        alt(Qt::Key_S);
        type(QStringLiteral("8"));
        key(Qt::Key_Tab);
        key(Qt::Key_Tab);
        type(QStringLiteral("3"));
        QCoreApplication::processEvents();
        QCOMPARE(genreCheck->text(), QStringLiteral("3 sur 8 (5 non communiqués)"));
        QCOMPARE(thematiques->width(), thematiquesWidth);
        QCOMPARE(w.find<QSpinBox>(QStringLiteral("count_genre_masculin"))->geometry(), genreLabels);
        key(Qt::Key_Tab);
        type(QStringLiteral("4"));
        QCoreApplication::processEvents();
        QCOMPARE(genreCheck->text(), QStringLiteral("7 sur 8 (1 non communiqué)"));
        QCOMPARE(thematiques->width(), thematiquesWidth);
        key(Qt::Key_Backspace);
        type(QStringLiteral("6")); // 9 > 8: the longest check
        QCoreApplication::processEvents();
        QVERIFY(genreCheck->text().contains(QStringLiteral("dépasse")));
        QCOMPARE(thematiques->width(), thematiquesWidth);
        QCOMPARE(w.find<QSpinBox>(QStringLiteral("count_genre_masculin"))->geometry(), genreLabels);
        const QString grabs = QStringLiteral(CARNET_BINARY_DIR) + QStringLiteral("/screenshots");
        QDir().mkpath(grabs);
        w.form->grab().save(grabs + QStringLiteral("/cra-collectif-counts.png"));
        // Every thématique label is shown whole.
        QListWidget *list = thematiques->listWidget();
        for (int i = 0; i < list->count(); ++i) {
            const QRect rect = list->visualItemRect(list->item(i));
            QVERIFY2(list->fontMetrics().horizontalAdvance(list->item(i)->text()) + 24 <= rect.width(),
                qPrintable(list->item(i)->text()));
        }
    }

    void fieldErrors_goAsSoonAsTheFieldIsFixed_andUnreadableDurationsSaySo()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        type(QStringLiteral("abc"));
        saveByKeyboard();
        auto *duree = w.find<FieldError>(QStringLiteral("error_duree"));
        auto *thematiques = w.find<FieldError>(QStringLiteral("error_thematiques"));
        QVERIFY(duree->isVisible());
        QCOMPARE(duree->message(),
            QStringLiteral("Durée non comprise : « abc ». Tapez des minutes (45) ou des heures et des minutes (1h30 ou "
                           "1:30)."));
        QVERIFY(thematiques->isVisible());
        // The thématique ticked: its message goes, before any save; the duration's stays.
        alt(Qt::Key_T);
        type(QStringLiteral("nav"));
        key(Qt::Key_Return);
        QVERIFY(!thematiques->isVisible());
        QVERIFY(duree->isVisible());
        alt(Qt::Key_U);
        key(Qt::Key_A, Qt::ControlModifier);
        key(Qt::Key_Backspace);
        saveByKeyboard();
        QCOMPARE(duree->message(), QStringLiteral("Veuillez renseigner la durée, par exemple 45 ou 1h30."));
        type(QStringLiteral("45"));
        QVERIFY(!duree->isVisible());
        QVERIFY(!w.find<QLabel>(QStringLiteral("formStatus"))->text().contains(QStringLiteral("pas enregistré")));
        saveByKeyboard();
        QCOMPARE(allActivities(store()).size(), 1);
    }

    void durationButtons_sayMin_inIncreasingOrder()
    {
        Place other = TestData::place();
        QString error;
        QVERIFY(store().savePlace(other, &error));
        for (const int minutes : {100, 100, 20}) {
            Activity c = TestData::individuel(other.id);
            c.dureeMinutes = minutes;
            QVERIFY2(store().saveActivity(c, &error), qPrintable(error));
        }
        FormWindow w(store());
        QVERIFY(w.ready());
        QCOMPARE(w.find<QPushButton>(QStringLiteral("preset_15"))->text(), QStringLiteral("15 min"));
        QCOMPARE(w.find<QPushButton>(QStringLiteral("preset_90"))->text(), QStringLiteral("1 h 30"));
        QStringList shown;
        QList<int> minutes;
        auto *durations = w.find<DurationEdit>(QString());
        for (QWidget *widget : durations->tabChain()) {
            auto *button = qobject_cast<QPushButton *>(widget);
            if (button && button->isVisible()) {
                shown.append(button->text());
                minutes.append(button->property("minutes").toInt());
            }
        }
        QCOMPARE(shown,
            (QStringList{QStringLiteral("15 min"), QStringLiteral("20 min"), QStringLiteral("30 min"),
                QStringLiteral("45 min"), QStringLiteral("1 h"), QStringLiteral("1 h 30"), QStringLiteral("1 h 40"),
                QStringLiteral("2 h")}));
        QVERIFY(std::is_sorted(minutes.cbegin(), minutes.cend()));
        QVERIFY(w.find<QScrollArea>(QStringLiteral("formScroll"))->horizontalScrollBar()->maximum() == 0);
        const QString grabs = QStringLiteral(CARNET_BINARY_DIR) + QStringLiteral("/screenshots");
        QDir().mkpath(grabs);
        w.form->grab().save(grabs + QStringLiteral("/cra-durees-habituelles.png"));
        // Left to right on screen too.
        int x = -1;
        for (QWidget *widget : durations->tabChain()) {
            if (qobject_cast<QPushButton *>(widget) && widget->isVisible()) {
                QVERIFY(widget->x() > x);
                x = widget->x();
            }
        }
    }

    void draft_holdsAThematiqueTickedASecondBeforeAKill()
    {
        // A child process types a CRA, ticks a thématique, then goes on typing notes (a key every 100 ms) until it is
        // killed one second later: the draft on disk holds the thématique.
        const QString draftPath = DraftStore::besideStore(store()).filePath();
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--crash-child"), m_fixture->path()});
        QVERIFY(child.waitForStarted(10000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += child.readAllStandardOutput()).contains("ticked"), 20000);
        QTest::qWait(1000);
        child.kill();
        QVERIFY(child.waitForFinished(10000));
        QVERIFY(QFile::exists(draftPath));
        QString error;
        const std::optional<Draft> draft = DraftStore::besideStore(store()).load(&error);
        QVERIFY2(draft, qPrintable(error));
        QCOMPARE(draft->activity.thematiques, QStringList{QStringLiteral("navigation_sur_internet")});
        QCOMPARE(draft->activity.dureeMinutes, 45);
        // The later changes too: each one is on disk within DraftDelayMs, whatever comes after it.
        QVERIFY(draft->activity.notes.size() >= 3);
    }

    void individualForm_fitsWithoutScrollingAt1366x768()
    {
        FormWindow w(store());
        QVERIFY(w.ready());
        QCoreApplication::processEvents();
        auto *scroll = w.find<QScrollArea>(QStringLiteral("formScroll"));
        QVERIFY(scroll->widget()->sizeHint().height() <= scroll->viewport()->height());
        QVERIFY(scroll->widget()->minimumSizeHint().width() <= scroll->viewport()->width());
        QCOMPARE(scroll->verticalScrollBar()->maximum(), 0);
        QCOMPARE(scroll->horizontalScrollBar()->maximum(), 0);
        QVERIFY(w.form->minimumSizeHint().width() <= 1166);

        // With "Aide aux démarches administratives" ticked, its thématiques and name still fit.
        w.find<CodeChecklist>(QStringLiteral("thematiques"))
            ->setChecked(QLatin1String(Codes::Thematique::AideDemarches), true);
        QCoreApplication::processEvents();
        QVERIFY(w.find<QWidget>(QStringLiteral("demarcheBox"))->isVisible());
        QCOMPARE(scroll->verticalScrollBar()->maximum(), 0);
    }

    void screenshots()
    {
        Beneficiary b = TestData::beneficiary();
        QString error;
        QVERIFY(store().saveBeneficiary(b, &error));
        const QString dir = QStringLiteral(CARNET_BINARY_DIR) + QStringLiteral("/screenshots");
        QVERIFY(QDir().mkpath(dir));
        for (const QString &variant :
            {QStringLiteral("individuel"), QStringLiteral("collectif"), QStringLiteral("demarche")}) {
            const bool collectif = variant == QLatin1String("collectif");
            // The form as it sits in the main window: a 200 px navigation column on its left, at 1366×768.
            QWidget window;
            window.resize(1366, 768);
            auto *layout = new QHBoxLayout(&window);
            layout->setContentsMargins(0, 0, 0, 0);
            auto *nav = new QListWidget(&window);
            nav->addItems({QStringLiteral("Nouveau CRA"), QStringLiteral("Mes activités"),
                QStringLiteral("Statistiques"), QStringLiteral("Bénéficiaires"), QStringLiteral("Lieux"),
                QStringLiteral("Synchronisation"), QStringLiteral("Paramètres")});
            nav->setFixedWidth(200);
            QUndoStack stack;
            auto *form = new CraForm(store(), &stack, &window);
            layout->addWidget(nav);
            layout->addWidget(form, 1);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            if (collectif)
                form->findChild<QAbstractButton *>(QStringLiteral("typeCollectif"))->click();
            form->findChild<QLineEdit *>(QStringLiteral("duree"))->setText(QStringLiteral("0:45"));
            auto *thematiques = form->findChild<CodeChecklist *>(QStringLiteral("thematiques"));
            thematiques->setChecked(QStringLiteral("navigation_sur_internet"), true);
            thematiques->setChecked(QStringLiteral("email"), true);
            if (variant == QLatin1String("demarche"))
                thematiques->setChecked(QLatin1String(Codes::Thematique::AideDemarches), true);
            if (collectif)
                form->save(); // invalid on purpose (no participant): shows the messages
            QCoreApplication::processEvents();
            const QString file = dir + QStringLiteral("/cra-") + variant + QStringLiteral(".png");
            QVERIFY(window.grab().save(file));
        }
    }
};

namespace {
// The child of draft_holdsAThematiqueTickedASecondBeforeAKill: a form on the store at path, a CRA typed with its
// thématique ticked, "ticked" on stdout, then a letter typed in the notes every 100 ms until the parent kills it.
int crashChild(const QString &path)
{
    FixedClock clock(TestData::fixedNow());
    Store store(clock);
    QString error;
    if (!store.open(path, &error)) {
        qWarning("%s", qPrintable(error));
        return 2;
    }
    QUndoStack stack;
    CraForm form(store, &stack);
    form.resize(1166, 700);
    form.show();
    form.activateWindow();
    if (!QTest::qWaitForWindowActive(&form))
        return 3;
    type(QStringLiteral("45"));
    alt(Qt::Key_T);
    type(QStringLiteral("nav"));
    key(Qt::Key_Return);
    alt(Qt::Key_N);
    fputs("ticked\n", stdout);
    fflush(stdout);
    QTimer typing;
    QObject::connect(&typing, &QTimer::timeout, [] { type(QStringLiteral("a")); });
    typing.start(100);
    return QApplication::exec();
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--crash-child") == 0)
        return crashChild(QString::fromLocal8Bit(argv[2]));
    TestCraForm test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_craform.moc"
