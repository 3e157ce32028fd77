#pragma once

// A widget's picture saved under build/screenshots, to be looked at (tests/ui only: it needs Qt Widgets).

#include <QApplication>
#include <QDir>
#include <QTest>
#include <QWidget>

namespace Screenshot {

// Shows the widget, waits until it is on screen, then saves its grab as build/screenshots/<name>.
inline void save(QWidget &widget, const QString &name)
{
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QApplication::processEvents();
    const QString dir = QStringLiteral(CARNET_BINARY_DIR "/screenshots");
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(widget.grab().save(dir + QLatin1Char('/') + name));
}

} // namespace Screenshot
