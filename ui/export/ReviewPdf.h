#pragma once

#include "models/domain/Profile.h"
#include "models/stats/StatsFilter.h"
#include "models/stats/StatsResult.h"

#include <QCoreApplication>
#include <QDate>
#include <QFlags>
#include <QImage>
#include <QList>
#include <QString>

#include <functional>

class QIODevice;

// The "Bilan d'activité" of a period as a PDF for an employer or a funder, written through QPdfWriter (A4 portrait,
// no window shown): a cover (title, mediator, structure, period, date of the document, an optional logo), the
// headline figures with their change as the statistics view shows it, every chart of the view drawn as vector
// graphics (ChartCard's own drawing) each followed by its table of values, a page of definitions, the mediator's free
// "programme", and on every page a footer (Carnet, the mediator, the period) with "Page N sur M". Sections can be left
// out. The fonts are embedded (DejaVu Sans); PDF/A-1b on request. The figures are a StatsResult already computed
// (StatsEngine, off the GUI thread if need be); the painting needs the GUI thread (Qt Charts) and a QApplication.
class ReviewPdf
{
    Q_DECLARE_TR_FUNCTIONS(ReviewPdf)

public:
    enum Section {
        Cover = 0x1,
        Figures = 0x2,
        Charts = 0x4,
        Definitions = 0x8,
        Programme = 0x10,
    };
    Q_DECLARE_FLAGS(Sections, Section)
    static constexpr int AllSections = Cover | Figures | Charts | Definitions | Programme;

    // Every section in the document's order; its key for the command line ("couverture", "chiffres", "graphiques",
    // "definitions", "programme") and its French name.
    static QList<Section> sections();
    static QString sectionKey(Section section);
    static QString sectionName(Section section);

    struct Content
    {
        Profile profile; // the mediator and the structure
        StatsFilter filter; // the period and the filters of the figures
        StatsResult result; // StatsEngine::compute(filter)
        QDate documentDate; // "Document établi le …"
        QString programme; // free text; an empty one leaves its section out
        QImage logo; // optional, on the cover
        Sections sections = Sections(AllSections);
        bool pdfA = false; // PDF/A-1b, for archiving
    };

    // Writes the document on device (open or not); progress(done, total) after each step, returning false cancels.
    // False with a French message (or, when cancelled, tr("Bilan annulé.")).
    static bool write(
        const Content &content, QIODevice *device, QString *error, const std::function<bool(int, int)> &progress = {});
    // The same to a file, written under a temporary name and renamed: nothing at path on failure or cancel.
    static bool writeFile(const Content &content, const QString &path, QString *error,
        const std::function<bool(int, int)> &progress = {});

    // carnet_bilan_<prénom-nom>_<du>_<au>.pdf, folded (no accents, no spaces), days as AAAA-MM-JJ.
    static QString fileName(const Profile &profile, const QDate &from, const QDate &to);
    // The filters other than the period, in French ("Type : Ateliers collectifs ; Thématique : Courriels"), empty
    // when there is none; the labels of places and communes taken from the result.
    static QString filterSummary(const StatsFilter &filter, const StatsResult &result);
    static QString cancelledMessage() { return tr("Bilan annulé."); }
};
Q_DECLARE_OPERATORS_FOR_FLAGS(ReviewPdf::Sections)
