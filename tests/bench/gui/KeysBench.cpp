// keys_standard_cra, keys_repeat_cra and keys_workshop_cra: how many key events a mediator needs, from the opened
// "Nouveau CRA" form of the main window, to record the standard CRA, to repeat it, then to record a workshop. Every
// event sent is counted (a key with its modifiers is one event) and typed as a person does: a checklist item is
// ticked after at least three letters of a word of its label (CheckWord), a radio question answered with a key of its
// own. The saved activity is checked, so the figure cannot be met by a form that stores something else: a scenario
// that cannot be completed is an error (the bench then fails).

#include "GuiBenches.h"

#include "models/domain/Activity.h"
#include "models/domain/Clock.h"
#include "models/domain/Place.h"
#include "models/store/Store.h"
#include "tests/support/FixedClock.h"
#include "ui/MainWindow.h"
#include "ui/cra/CraForm.h"

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

class KeyCounter
{
public:
    int count() const { return m_count; }
    void reset() { m_count = 0; }

    // Types ASCII text, one event per character.
    void type(const QString &text)
    {
        for (const QChar c : text) {
            QTest::keyClick(target(), c.toLatin1());
            ++m_count;
        }
    }

    // Ticks a checklist item as a person does: at least three letters of a word of its label, then Entrée.
    void checkWord(const QString &letters)
    {
        Q_ASSERT(letters.size() >= MinLetters);
        type(letters);
        key(Qt::Key_Return);
    }
    static constexpr int MinLetters = 3;

    void key(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::keyClick(target(), key, modifiers);
        ++m_count;
    }

    // A mnemonic on a button animates its click, which lands about 100 ms later.
    void buttonMnemonic(Qt::Key key)
    {
        this->key(key, Qt::AltModifier);
        QTest::qWait(250);
    }

private:
    static QWidget *target()
    {
        if (QWidget *popup = QApplication::activePopupWidget())
            return popup;
        return QApplication::focusWidget();
    }

    int m_count = 0;
};

// The stored activity whose id is not in known (the one just saved), and how many there are.
std::optional<Activity> newlySaved(Store &store, const QList<QUuid> &known, int *total)
{
    std::optional<Activity> found;
    QString error;
    *total = 0;
    store.forEachActivity(
        [&](const Activity &a) {
            ++*total;
            if (!known.contains(a.id))
                found = a;
            return true;
        },
        &error);
    return found;
}

} // namespace

QList<GuiFigure> runKeysBench(QString *error)
{
    QTemporaryDir dir;
    FixedClock clock(QDateTime(QDate(2026, 6, 30), QTime(10, 0), Qt::UTC));
    Store store(clock);
    if (!dir.isValid() || !store.open(dir.filePath(QLatin1String(Store::FileName)), error))
        return {};
    Place place;
    place.id = QUuid::createUuid();
    place.nom = QStringLiteral("Médiathèque de Guéret");
    place.commune = {QStringLiteral("23096"), QStringLiteral("23000"), QStringLiteral("Guéret")};
    if (!store.savePlace(place, error))
        return {};

    // The whole window, menus included, so that a shortcut bound twice (and so ignored by Qt) shows here.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    MainWindow window(store);
    window.resize(1366, 768);
    window.show();
    window.activateWindow();
    if (!QTest::qWaitForWindowActive(&window)) {
        *error = QStringLiteral("the main window did not become active");
        return {};
    }
    window.showView(MainWindow::View::NouveauCra);
    window.craForm()->startNew();
    QApplication::processEvents();

    // The standard CRA: individual, today, 45 min, the default place, "Navigation sur internet" and "E-mail",
    // "Ordinateur", "Autonome avec guidage en cas de besoin", saved. The cursor starts in the duration.
    KeyCounter keys;
    keys.type(QStringLiteral("45"));
    keys.key(Qt::Key_T, Qt::AltModifier); // thématiques filter
    keys.checkWord(QStringLiteral("nav"));
    keys.checkWord(QStringLiteral("ema"));
    keys.key(Qt::Key_M, Qt::AltModifier); // matériel filter
    keys.checkWord(QStringLiteral("ord"));
    keys.key(Qt::Key_A, Qt::AltModifier); // autonomy: the question, nothing answered yet
    keys.key(Qt::Key_Right); // the second choice, answered
    keys.key(Qt::Key_Return, Qt::ControlModifier);
    const int standard = keys.count();

    int total = 0;
    const std::optional<Activity> first = newlySaved(store, {}, &total);
    Activity expected;
    expected.type = QLatin1String(Codes::TypeActivite::Individuel);
    expected.date = clock.today();
    expected.dureeMinutes = 45;
    expected.typeLieu = QStringLiteral("lieu_activite");
    expected.lieuId = place.id;
    expected.thematiques = {QStringLiteral("navigation_sur_internet"), QStringLiteral("email")};
    expected.materiel = {QStringLiteral("ordinateur")};
    expected.autonomie = QStringLiteral("partiellement_autonome");
    if (!first || total != 1) {
        *error = QStringLiteral("the standard CRA was not saved (%1 activities)").arg(total);
        return {};
    }
    expected.id = first->id;
    if (!first->sameContent(expected)) {
        *error = QStringLiteral("the saved CRA is not the standard CRA");
        return {};
    }

    // "Refaire la même", then save.
    keys.reset();
    keys.buttonMnemonic(Qt::Key_R);
    keys.key(Qt::Key_Return, Qt::ControlModifier);
    const int repeat = keys.count();
    const std::optional<Activity> second = newlySaved(store, {first->id}, &total);
    if (!second || total != 2) {
        *error = QStringLiteral("the repeated CRA was not saved (%1 activities)").arg(total);
        return {};
    }
    expected.id = second->id;
    if (!second->sameContent(expected)) {
        *error = QStringLiteral("the repeated CRA differs from the first one");
        return {};
    }

    // A workshop: 8 anonymous participants, 3 men and 4 women, 2 h, "Bureautique", "Débutant". The form is ready
    // for a new CRA after the save, the cursor in the duration.
    keys.reset();
    keys.type(QStringLiteral("2h"));
    keys.buttonMnemonic(Qt::Key_C); // Atelier collectif
    keys.key(Qt::Key_T, Qt::AltModifier);
    keys.checkWord(QStringLiteral("bur"));
    keys.key(Qt::Key_A, Qt::AltModifier); // the level
    keys.type(QStringLiteral("1")); // Débutant
    keys.key(Qt::Key_S, Qt::AltModifier); // participants anonymes
    keys.type(QStringLiteral("8"));
    keys.key(Qt::Key_Tab); // dont déjà accompagnés
    keys.key(Qt::Key_Tab); // masculin
    keys.type(QStringLiteral("3"));
    keys.key(Qt::Key_Tab); // féminin
    keys.type(QStringLiteral("4"));
    keys.key(Qt::Key_Return, Qt::ControlModifier);
    const int workshop = keys.count();
    const std::optional<Activity> third = newlySaved(store, {first->id, second->id}, &total);
    if (!third || total != 3) {
        *error = QStringLiteral("the workshop was not saved (%1 activities)").arg(total);
        return {};
    }
    Activity atelier;
    atelier.id = third->id;
    atelier.type = QLatin1String(Codes::TypeActivite::Collectif);
    atelier.date = clock.today();
    atelier.dureeMinutes = 120;
    atelier.typeLieu = QStringLiteral("lieu_activite");
    atelier.lieuId = place.id;
    atelier.thematiques = {QStringLiteral("bureautique")};
    atelier.niveauAtelier = QStringLiteral("debutant");
    atelier.participantsAnonymes.total = 8;
    atelier.participantsAnonymes.genre = {{QStringLiteral("masculin"), 3}, {QStringLiteral("feminin"), 4}};
    if (!third->sameContent(atelier)) {
        *error = QStringLiteral("the saved workshop is not the one typed");
        return {};
    }

    return {{QStringLiteral("keys_standard_cra"), double(standard), QStringLiteral("keys")},
        {QStringLiteral("keys_repeat_cra"), double(repeat), QStringLiteral("keys")},
        {QStringLiteral("keys_workshop_cra"), double(workshop), QStringLiteral("keys")}};
}
