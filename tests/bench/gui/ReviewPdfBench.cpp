// pdf_review_5k_s: the PDF "Bilan d'activité" of a year of about 5,000 activities, written whole (every section, a
// logo and a programme) as the window and `carnet export bilan` write it: the year's statistics computed by
// StatsEngine, then every page painted (charts included) into a file. Target < 2 s.

#include "GuiBenches.h"

#include "models/stats/StatsEngine.h"
#include "tests/support/TestData.h"
#include "ui/export/ReviewPdf.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

QList<GuiFigure> runReviewPdfBench(QString *error)
{
    // The demo spreads its activities over 24 months: 10,000 give about 5,000 in the last year.
    TestData::Fixture fixture;
    if (!fixture.openWithDemo(10000, 3)) {
        *error = QStringLiteral("demo base not made");
        return {};
    }
    const QDate today = fixture.clock.today();
    StatsFilter filter;
    filter.to = today;
    filter.from = today.addYears(-1).addDays(1);
    ReviewPdf::Content content;
    content.profile = fixture.store.profile();
    content.documentDate = today;
    content.programme
        = QStringLiteral("Ateliers numériques chaque semaine, permanences, accompagnement aux démarches.\n")
              .repeated(40);
    QImage logo(400, 200, QImage::Format_ARGB32);
    logo.fill(QColor(30, 90, 160));
    content.logo = logo;
    const QString path = fixture.dir.filePath(QStringLiteral("bilan.pdf"));

    QElapsedTimer timer;
    timer.start();
    content.filter = filter;
    content.result = StatsEngine::compute(fixture.store.database(), filter, today);
    if (!content.result.error.isEmpty()) {
        *error = content.result.error;
        return {};
    }
    if (!ReviewPdf::writeFile(content, path, error))
        return {};
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    QTextStream(stderr) << "pdf: " << content.result.headline.activites << " activities in the year, "
                        << QFileInfo(path).size() / 1024 << " KiB" << Qt::endl;
    return {{QStringLiteral("pdf_review_5k_s"), seconds, QStringLiteral("s")}};
}
