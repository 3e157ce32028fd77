#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <functional>

class Store;

struct IntegrityReport
{
    QStringList problems; // French, one per problem, at most MaxListed (problemCount has them all)
    qint64 problemCount = 0;
    qint64 activitiesChecked = 0;
    bool ok() const { return problemCount == 0; }

    static constexpr int MaxListed = 200;
};

// `carnet check`: SQLite's own integrity and foreign-key checks, then the domain's invariants on every record
// (the validation rules, the stored number of accompagnements, references to places and beneficiaries).
class IntegrityChecker
{
    Q_DECLARE_TR_FUNCTIONS(IntegrityChecker)

public:
    static IntegrityReport run(const Store &store, const std::function<void(qint64 done)> &progress = {});
};
