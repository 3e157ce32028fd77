#include "ui/widgets/FrenchDialogs.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTest>
#include <QTimer>
#include <QTranslator>

// Qt's own buttons in French whatever the system locale: the test runs with LANG=C (see tests/ui/CMakeLists.txt).
class TestFrenchDialogs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void qtTranslations_makeQuestionButtonsFrench_underLangC();
    void confirm_isFrench_withoutQtTranslations();
    void translate_putsFrenchTexts_onStandardButtons_withoutQtTranslations();

private:
    // The texts of the buttons of the next message box, read as soon as it shows, then answered with answer.
    QStringList textsOfNextBox(QMessageBox::StandardButton answer);
    QStringList m_texts;
};

void TestFrenchDialogs::initTestCase()
{
    QCOMPARE(qgetenv("LANG"), QByteArray("C"));
}

QStringList TestFrenchDialogs::textsOfNextBox(QMessageBox::StandardButton answer)
{
    m_texts.clear();
    QTimer::singleShot(0, this, [this, answer] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        for (QAbstractButton *button : box->buttons())
            m_texts.append(button->text());
        box->button(answer)->click();
    });
    return m_texts;
}

void TestFrenchDialogs::qtTranslations_makeQuestionButtonsFrench_underLangC()
{
    // Without them, Qt says "&Yes" and "Cancel".
    QMessageBox english(
        QMessageBox::Question, QStringLiteral("t"), QStringLiteral("q"), QMessageBox::Yes | QMessageBox::Cancel);
    QCOMPARE(english.button(QMessageBox::Yes)->text(), QStringLiteral("&Yes"));

    QVERIFY(FrenchDialogs::installQtTranslations());
    QVERIFY(FrenchDialogs::installedTranslator());
    textsOfNextBox(QMessageBox::Yes);
    const auto answer = QMessageBox::question(nullptr, QStringLiteral("Supprimer la fiche"), QStringLiteral("Sûr ?"),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    QCOMPARE(answer, QMessageBox::Yes);
    QCOMPARE(m_texts.size(), 2);
    QVERIFY2(m_texts.contains(QStringLiteral("&Oui")), qPrintable(m_texts.join(QLatin1Char('|'))));
    QVERIFY2(m_texts.contains(QStringLiteral("Annuler")), qPrintable(m_texts.join(QLatin1Char('|'))));
    for (const QString &text : std::as_const(m_texts)) {
        QVERIFY(!text.contains(QStringLiteral("Yes")));
        QVERIFY(!text.contains(QStringLiteral("Cancel")));
    }
}

void TestFrenchDialogs::confirm_isFrench_withoutQtTranslations()
{
    FrenchDialogs::installQtTranslations();
    auto *translator = qobject_cast<QTranslator *>(FrenchDialogs::installedTranslator());
    QVERIFY(translator);
    QCoreApplication::removeTranslator(translator);
    QMessageBox english(QMessageBox::Question, QStringLiteral("t"), QStringLiteral("q"), QMessageBox::Cancel);
    QCOMPARE(english.button(QMessageBox::Cancel)->text(), QStringLiteral("Cancel")); // really without them

    textsOfNextBox(QMessageBox::Cancel);
    QVERIFY(!FrenchDialogs::confirm(nullptr, QStringLiteral("Supprimer la fiche"), QStringLiteral("Sûr ?")));
    QCOMPARE(m_texts.size(), 2);
    QVERIFY(m_texts.contains(QStringLiteral("&Oui")));
    QVERIFY(m_texts.contains(QStringLiteral("Annuler")));

    textsOfNextBox(QMessageBox::Yes);
    QVERIFY(FrenchDialogs::confirm(
        nullptr, QStringLiteral("Restaurer"), QStringLiteral("Sûr ?"), QStringLiteral("&Restaurer")));
    QVERIFY(m_texts.contains(QStringLiteral("&Restaurer")));
    QVERIFY(m_texts.contains(QStringLiteral("Annuler")));
    QCoreApplication::installTranslator(translator);
}

void TestFrenchDialogs::translate_putsFrenchTexts_onStandardButtons_withoutQtTranslations()
{
    FrenchDialogs::installQtTranslations();
    auto *translator = qobject_cast<QTranslator *>(FrenchDialogs::installedTranslator());
    QVERIFY(translator);
    QCoreApplication::removeTranslator(translator);
    QMessageBox box(QMessageBox::Warning, QStringLiteral("t"), QStringLiteral("q"),
        QMessageBox::Ok | QMessageBox::Retry | QMessageBox::Close | QMessageBox::No);
    FrenchDialogs::translate(box);
    QCOMPARE(box.button(QMessageBox::Ok)->text(), QStringLiteral("OK"));
    QCOMPARE(box.button(QMessageBox::Retry)->text(), QStringLiteral("&Réessayer"));
    QCOMPARE(box.button(QMessageBox::Close)->text(), QStringLiteral("&Fermer"));
    QCOMPARE(box.button(QMessageBox::No)->text(), QStringLiteral("&Non"));
    QCoreApplication::installTranslator(translator);
}

QTEST_MAIN(TestFrenchDialogs)
#include "tst_frenchdialogs.moc"
