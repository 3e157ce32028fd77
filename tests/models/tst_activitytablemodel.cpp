#include "models/list/ActivityTableModel.h"

#include "models/demo/DemoGenerator.h"
#include "models/domain/Nomenclature.h"
#include "models/text/Durations.h"
#include "tests/support/TestData.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using TestData::Fixture;

namespace {
bool waitLoaded(const ActivityTableModel &model)
{
    return QTest::qWaitFor([&model] { return !model.isLoading(); }, 20000) && model.lastError().isEmpty();
}

bool fetchAll(ActivityTableModel &model)
{
    if (!waitLoaded(model))
        return false;
    while (model.canFetchMore(QModelIndex())) {
        model.fetchMore(QModelIndex());
        if (!waitLoaded(model))
            return false;
    }
    return true;
}

QList<QUuid> loadedIds(const ActivityTableModel &model)
{
    QList<QUuid> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(ActivityTableModel::IdRole).toUuid();
    return ids;
}

QSet<QUuid> toSet(const QList<QUuid> &ids)
{
    return QSet<QUuid>(ids.cbegin(), ids.cend());
}

// What the filter should keep, decided activity by activity in C++ (the reference the SQL is checked against).
bool matches(const Activity &a, const ActivityFilter &f)
{
    if (a.isDeleted() && !f.includeDeleted)
        return false;
    if (f.from.isValid() && a.date < f.from)
        return false;
    if (f.to.isValid() && a.date > f.to)
        return false;
    if (!f.types.isEmpty() && !f.types.contains(a.type))
        return false;
    if (!f.lieux.isEmpty() && !f.lieux.contains(a.lieuId))
        return false;
    if (!f.thematiques.isEmpty()
        && std::none_of(f.thematiques.cbegin(), f.thematiques.cend(),
            [&a](const QString &code) { return a.thematiques.contains(code); }))
        return false;
    if (!f.text.isEmpty() && !a.titreAtelier.contains(f.text, Qt::CaseInsensitive)
        && !a.notes.contains(f.text, Qt::CaseInsensitive))
        return false;
    if (!f.ids.isEmpty() && !f.ids.contains(a.id))
        return false;
    return true;
}
} // namespace

class TestActivityTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void construction_loadsOnePage_andFetchMoreGrows();
    void rows_matchTheStore();
    void defaultOrder_isNewestFirst_andSortsAreOrdered();
    void filters_eachAndCombined_matchReference_data();
    void filters_eachAndCombined_matchReference();
    void deleted_areExcluded_unlessAsked();
    void search_findsPlacesCommunesAndBeneficiaries_accentsAside();
    void reload_afterSave_showsTheNewActivity();
    void display_formatsDurationAndLabels();
    void emptyBase_hasNoActivity();

private:
    Fixture m_f;
    QList<Activity> m_all;
};

void TestActivityTableModel::initTestCase()
{
    QVERIFY(m_f.open());
    QString error;
    DemoGenerator::Options options;
    options.count = 5000;
    options.seed = 7;
    QVERIFY2(DemoGenerator::populate(m_f.store, options, &error), qPrintable(error));
    QVERIFY(m_f.store.forEachActivity(
        [this](const Activity &a) {
            m_all << a;
            return true;
        },
        &error));
    QCOMPARE(m_all.size(), 5000);
}

void TestActivityTableModel::construction_loadsOnePage_andFetchMoreGrows()
{
    ActivityTableModel model(m_f.store);
    QVERIFY(model.isLoading());
    QVERIFY(waitLoaded(model));
    QCOMPARE(model.rowCount(), ActivityTableModel::PageSize);
    qint64 live = 0;
    for (const Activity &a : std::as_const(m_all))
        live += a.isDeleted() ? 0 : 1;
    QVERIFY(live < 5000); // the demo deletes a few
    QCOMPARE(model.totalCount(), live);
    QVERIFY(model.canFetchMore(QModelIndex()));
    model.fetchMore(QModelIndex());
    QVERIFY(!model.canFetchMore(QModelIndex())); // one page at a time
    QVERIFY(waitLoaded(model));
    QCOMPARE(model.rowCount(), 2 * ActivityTableModel::PageSize);
    QVERIFY(fetchAll(model));
    QCOMPARE(model.rowCount(), live);
    QCOMPARE(toSet(loadedIds(model)).size(), live); // no row twice
    QVERIFY(model.atEnd());
}

void TestActivityTableModel::rows_matchTheStore()
{
    ActivityTableModel model(m_f.store);
    model.setStateLabeler([](SyncState s) { return QStringLiteral("state%1").arg(static_cast<int>(s)); });
    QVERIFY(waitLoaded(model));
    const Nomenclature &n = Nomenclature::instance();
    for (int row = 0; row < model.rowCount(); ++row) {
        const QUuid id = model.index(row, 0).data(ActivityTableModel::IdRole).toUuid();
        QCOMPARE(model.idAt(row), id);
        const std::optional<Activity> a = m_f.store.activity(id);
        QVERIFY(a.has_value());
        QVERIFY(!a->isDeleted());
        QCOMPARE(model.index(row, ActivityTableModel::DateColumn).data().toString(),
            a->date.toString(QStringLiteral("dd/MM/yyyy")));
        QCOMPARE(model.index(row, ActivityTableModel::TypeColumn).data().toString(),
            n.label(Nomenclature::List::TypeActivite, a->type));
        QCOMPARE(model.index(row, ActivityTableModel::DureeColumn).data().toString(), Durations::text(a->dureeMinutes));
        QCOMPARE(model.index(row, ActivityTableModel::ParticipantsColumn).data().toInt(), a->accompagnements());
        QCOMPARE(model.index(row, ActivityTableModel::EtatColumn).data().toString(),
            QStringLiteral("state%1").arg(static_cast<int>(a->syncState)));
        const QString themes = model.index(row, ActivityTableModel::ThematiquesColumn).data().toString();
        for (const QString &code : std::as_const(a->thematiques)) {
            QString label = n.label(Nomenclature::List::ThematiqueMediation, code);
            if (label == code)
                label = n.label(Nomenclature::List::ThematiqueDemarche, code);
            QVERIFY2(themes.contains(label), qPrintable(themes + QStringLiteral(" / ") + label));
        }
        if (!a->lieuId.isNull()) {
            const std::optional<Place> place = m_f.store.place(a->lieuId);
            QVERIFY(place.has_value());
            QCOMPARE(model.index(row, ActivityTableModel::LieuColumn).data().toString(), place->nom);
        }
        QVERIFY(model.index(row, ActivityTableModel::DateColumn)
                    .data(Qt::AccessibleTextRole)
                    .toString()
                    .startsWith(QStringLiteral("Date : ")));
    }
}

void TestActivityTableModel::defaultOrder_isNewestFirst_andSortsAreOrdered()
{
    ActivityTableModel model(m_f.store);
    QVERIFY(waitLoaded(model));
    QCOMPARE(model.sortColumn(), int(ActivityTableModel::DateColumn));
    QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
    model.fetchMore(QModelIndex());
    QVERIFY(waitLoaded(model));

    auto dateOf = [&model](int row) {
        return QDate::fromString(
            model.index(row, ActivityTableModel::DateColumn).data().toString(), QStringLiteral("dd/MM/yyyy"));
    };
    QDate newest;
    for (const Activity &a : std::as_const(m_all)) {
        if (!a.isDeleted() && (!newest.isValid() || a.date > newest))
            newest = a.date;
    }
    QCOMPARE(dateOf(0), newest);
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(dateOf(row - 1) >= dateOf(row));

    model.sort(ActivityTableModel::DateColumn, Qt::AscendingOrder);
    QVERIFY(waitLoaded(model));
    QCOMPARE(model.rowCount(), ActivityTableModel::PageSize);
    model.fetchMore(QModelIndex());
    QVERIFY(waitLoaded(model));
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(dateOf(row - 1) <= dateOf(row));

    model.sort(ActivityTableModel::DureeColumn, Qt::DescendingOrder);
    QVERIFY(fetchAll(model));
    QCOMPARE(model.rowCount(), model.totalCount());
    int maxDuration = 0;
    for (const Activity &a : std::as_const(m_all))
        maxDuration = std::max(maxDuration, a.isDeleted() ? 0 : a.dureeMinutes);
    QCOMPARE(m_f.store.activity(model.idAt(0))->dureeMinutes, maxDuration);
    for (int row = 1; row < model.rowCount(); row += 7) {
        const Activity prev = *m_f.store.activity(model.idAt(row - 1));
        const Activity cur = *m_f.store.activity(model.idAt(row));
        QVERIFY(
            prev.dureeMinutes > cur.dureeMinutes || (prev.dureeMinutes == cur.dureeMinutes && prev.date >= cur.date));
    }

    model.sort(ActivityTableModel::ParticipantsColumn, Qt::DescendingOrder);
    QVERIFY(waitLoaded(model));
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.index(row - 1, ActivityTableModel::ParticipantsColumn).data().toInt()
            >= model.index(row, ActivityTableModel::ParticipantsColumn).data().toInt());
    QVERIFY(model.index(0, ActivityTableModel::ParticipantsColumn).data().toInt() > 1);

    model.sort(ActivityTableModel::TypeColumn, Qt::AscendingOrder);
    QVERIFY(fetchAll(model));
    bool seenIndividuel = false;
    for (int row = 0; row < model.rowCount(); ++row) {
        const bool individuel = m_f.store.activity(model.idAt(row))->isIndividuel();
        QVERIFY(!(seenIndividuel && !individuel)); // "collectif" < "individuel"
        seenIndividuel = seenIndividuel || individuel;
    }
    QVERIFY(seenIndividuel);

    // Lieu and Thématiques are not sortable: the order stays.
    model.sort(ActivityTableModel::LieuColumn, Qt::AscendingOrder);
    QCOMPARE(model.sortColumn(), int(ActivityTableModel::TypeColumn));
}

void TestActivityTableModel::filters_eachAndCombined_matchReference_data()
{
    QTest::addColumn<ActivityFilter>("filter");
    // Pick values that occur in the demo data.
    const Activity &sample = m_all.at(42);
    QUuid someLieu;
    QUuid otherLieu;
    for (const Activity &a : std::as_const(m_all)) {
        if (!a.lieuId.isNull() && someLieu.isNull())
            someLieu = a.lieuId;
        else if (!a.lieuId.isNull() && a.lieuId != someLieu) {
            otherLieu = a.lieuId;
            break;
        }
    }
    QVERIFY(!otherLieu.isNull());
    const QString thematique = Nomenclature::instance().values(Nomenclature::List::ThematiqueMediation).first();
    const QDate today = TestData::fixedNow().date();

    ActivityFilter f;
    QTest::newRow("none") << f;
    f = {};
    f.types = {QLatin1String(Codes::TypeActivite::Collectif)};
    QTest::newRow("type") << f;
    f = {};
    f.types = {QLatin1String(Codes::TypeActivite::Collectif), QLatin1String(Codes::TypeActivite::Individuel)};
    QTest::newRow("both types") << f;
    f = {};
    f.from = today.addMonths(-3);
    f.to = today.addMonths(-1);
    QTest::newRow("period") << f;
    f = {};
    f.from = today.addDays(-10);
    QTest::newRow("open end") << f;
    f = {};
    f.lieux = {someLieu};
    QTest::newRow("lieu") << f;
    f = {};
    f.lieux = {someLieu, otherLieu};
    QTest::newRow("two lieux") << f;
    f = {};
    f.thematiques = {thematique};
    QTest::newRow("thematique") << f;
    f = {};
    f.thematiques = {QLatin1String(Codes::Thematique::AideDemarches)};
    QTest::newRow("thematique demarche") << f;
    f = {};
    f.thematiques = {thematique, QLatin1String(Codes::Thematique::AideDemarches)};
    QTest::newRow("two thematiques") << f;
    f = {};
    f.text = QStringLiteral("TABLETTE");
    QTest::newRow("text, any case") << f;
    f = {};
    f.text = QStringLiteral("50%_");
    QTest::newRow("text with wildcards") << f;
    f = {};
    f.ids = {sample.id, m_all.at(1000).id, m_all.at(4000).id};
    QTest::newRow("ids") << f;
    f = {};
    f.types = {QLatin1String(Codes::TypeActivite::Individuel)};
    f.from = today.addMonths(-6);
    f.lieux = {someLieu};
    f.thematiques = {thematique};
    QTest::newRow("combined") << f;
    f = {};
    f.types = {QLatin1String(Codes::TypeActivite::Collectif)};
    f.text = QStringLiteral("tablette");
    f.to = today.addMonths(-12);
    QTest::newRow("combined with text") << f;
}

void TestActivityTableModel::filters_eachAndCombined_matchReference()
{
    QFETCH(ActivityFilter, filter);
    QSet<QUuid> expected;
    for (const Activity &a : std::as_const(m_all)) {
        if (matches(a, filter))
            expected.insert(a.id);
    }
    if (QByteArray(QTest::currentDataTag()) != "text with wildcards")
        QVERIFY2(!expected.isEmpty(), "the data should have matches for this filter");
    if (QByteArray(QTest::currentDataTag()) != "none")
        QVERIFY(expected.size() < 5000);

    ActivityTableModel model(m_f.store);
    model.setFilter(filter);
    QCOMPARE(model.filter(), filter);
    QVERIFY(fetchAll(model));
    QCOMPARE(model.totalCount(), expected.size());
    QCOMPARE(toSet(loadedIds(model)), expected);
}

void TestActivityTableModel::search_findsPlacesCommunesAndBeneficiaries_accentsAside()
{
    Fixture f;
    QVERIFY(f.open());
    QString error;
    Place gueret = TestData::place(); // "Médiathèque de Guéret", in Guéret
    Place zola = TestData::place();
    zola.nom = QStringLiteral("Espace Émile-Zola");
    zola.commune = {QStringLiteral("23008"), QStringLiteral("23200"), QStringLiteral("Aubusson")};
    QVERIFY(f.store.savePlace(gueret, &error));
    QVERIFY(f.store.savePlace(zola, &error));
    Beneficiary helene = TestData::beneficiary();
    helene.prenom = QStringLiteral("Hélène");
    helene.nom = QStringLiteral("Dupré");
    Beneficiary jerome = TestData::beneficiary();
    jerome.prenom = QStringLiteral("Jérôme");
    jerome.nom = QStringLiteral("Lefèvre");
    QVERIFY2(f.store.saveBeneficiary(helene, &error), qPrintable(error));
    QVERIFY2(f.store.saveBeneficiary(jerome, &error), qPrintable(error));

    Activity atGueret = TestData::individuel(gueret.id);
    Activity atZola = TestData::individuel(zola.id);
    Activity atHome = TestData::individuel(QUuid());
    atHome.typeLieu = QLatin1String(Codes::TypeLieu::Domicile);
    atHome.lieuCommune = {QStringLiteral("42218"), QStringLiteral("42000"), QStringLiteral("Saint-Étienne")};
    Activity withHelene = TestData::individuel(gueret.id);
    withHelene.beneficiaireId = helene.id;
    withHelene.anonyme = {};
    Activity workshop = TestData::collectif(gueret.id);
    workshop.participants = {jerome.id};
    for (Activity *a : {&atGueret, &atZola, &atHome, &withHelene, &workshop})
        QVERIFY2(f.store.saveActivity(*a, &error), qPrintable(error));

    const auto found = [&f](const QString &text) {
        ActivityTableModel model(f.store);
        ActivityFilter filter;
        filter.text = text;
        model.setFilter(filter);
        if (!fetchAll(model))
            return QSet<QUuid>{QUuid()};
        return toSet(loadedIds(model));
    };
    QCOMPARE(found(QStringLiteral("emile")), QSet<QUuid>{atZola.id}); // a place's name, accents aside
    QCOMPARE(found(QStringLiteral("ZOLA")), QSet<QUuid>{atZola.id});
    QCOMPARE(found(QStringLiteral("aubusson")), QSet<QUuid>{atZola.id}); // a place's commune
    QCOMPARE(found(QStringLiteral("saint-etienne")), QSet<QUuid>{atHome.id}); // the activity's commune
    QCOMPARE(found(QStringLiteral("Étienne")), QSet<QUuid>{atHome.id});
    QCOMPARE(found(QStringLiteral("helene")), QSet<QUuid>{withHelene.id}); // a followed beneficiary
    QCOMPARE(found(QStringLiteral("dupre helene")), QSet<QUuid>{withHelene.id});
    QCOMPARE(found(QStringLiteral("LEFEVRE")), QSet<QUuid>{workshop.id}); // a workshop's participant
    QCOMPARE(found(QStringLiteral("guéret")), (QSet<QUuid>{atGueret.id, withHelene.id, workshop.id}));
    QCOMPARE(found(QStringLiteral("tablette")), QSet<QUuid>{workshop.id}); // the title, as before
    QCOMPARE(found(QStringLiteral("DECOUVRIR")), QSet<QUuid>{workshop.id}); // "Découvrir sa tablette"
    QCOMPARE(found(QStringLiteral("découvrir sa")), QSet<QUuid>{workshop.id});
    QCOMPARE(found(QStringLiteral("decouvrir*")), QSet<QUuid>()); // GLOB's star taken literally
    QCOMPARE(found(QStringLiteral("martin")), QSet<QUuid>()); // the beneficiaries were renamed
}

void TestActivityTableModel::deleted_areExcluded_unlessAsked()
{
    QList<QUuid> deleted;
    for (const Activity &a : std::as_const(m_all)) {
        if (a.isDeleted())
            deleted << a.id;
    }
    QVERIFY(!deleted.isEmpty());
    ActivityTableModel model(m_f.store);
    ActivityFilter f;
    f.ids = deleted;
    model.setFilter(f);
    QVERIFY(waitLoaded(model));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), 0);
    f.includeDeleted = true;
    model.setFilter(f);
    QVERIFY(fetchAll(model));
    QCOMPARE(toSet(loadedIds(model)), toSet(deleted));
    QVERIFY(model.index(0, 0).data(ActivityTableModel::DeletedRole).toBool());
    QVERIFY(model.index(0, ActivityTableModel::EtatColumn).data().toString().startsWith(QStringLiteral("Supprimée")));
}

void TestActivityTableModel::reload_afterSave_showsTheNewActivity()
{
    ActivityTableModel model(m_f.store);
    QVERIFY(waitLoaded(model));
    const qint64 before = model.totalCount();
    const QUuid firstBefore = model.idAt(0);

    Activity a = TestData::individuel(m_f.store.places(false).first().id);
    a.date = TestData::fixedNow().date();
    a.notes = QStringLiteral("Ajoutée pendant que la liste est ouverte");
    QString error;
    QVERIFY2(m_f.store.saveActivity(a, &error), qPrintable(error));
    QSignalSpy reloaded(&model, &ActivityTableModel::reloaded);
    model.reload();
    QVERIFY(waitLoaded(model));
    QCOMPARE(reloaded.count(), 1);
    QCOMPARE(model.totalCount(), before + 1);
    QCOMPARE(model.idAt(0), a.id);
    QCOMPARE(model.idAt(1), firstBefore);
    QCOMPARE(model.rowCount(), ActivityTableModel::PageSize); // rows kept, not the whole table

    QVERIFY(m_f.store.deleteActivity(a.id, &error));
    model.reload();
    QVERIFY(waitLoaded(model));
    QCOMPARE(model.totalCount(), before);
    QCOMPARE(model.idAt(0), firstBefore);
    QCOMPARE(model.rowOfId(a.id), -1);
}

void TestActivityTableModel::display_formatsDurationAndLabels()
{
    QCOMPARE(Durations::text(45), QStringLiteral("45 min"));
    QCOMPARE(Durations::text(60), QStringLiteral("1 h"));
    QCOMPARE(Durations::text(90), QStringLiteral("1 h 30"));
    QCOMPARE(Durations::text(125), QStringLiteral("2 h 05"));
    ActivityTableModel model(m_f.store);
    QCOMPARE(model.columnCount(), int(ActivityTableModel::ColumnCount));
    QCOMPARE(model.headerData(ActivityTableModel::DureeColumn, Qt::Horizontal).toString(), QStringLiteral("Durée"));
    QCOMPARE(model.headerData(ActivityTableModel::EtatColumn, Qt::Horizontal).toString(), QStringLiteral("État"));
    QVERIFY(model.hasAnyActivity());
}

void TestActivityTableModel::emptyBase_hasNoActivity()
{
    Fixture empty;
    QVERIFY(empty.open());
    ActivityTableModel model(empty.store);
    QVERIFY(!model.hasAnyActivity());
    QVERIFY(waitLoaded(model));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), 0);
    QVERIFY(!model.canFetchMore(QModelIndex()));
}

QTEST_GUILESS_MAIN(TestActivityTableModel)
#include "tst_activitytablemodel.moc"
