#pragma once

#include <QDate>
#include <QList>
#include <QString>

struct Activity;
struct Beneficiary;
struct Place;
struct Profile;

// One validation failure: the field it belongs to (a stable name the form maps to its widget) and a French message.
struct ValidationError
{
    QString field;
    QString message;
};

using ValidationErrors = QList<ValidationError>;

// The national platform's rules for a CRA and its related records. Pure functions of their input: the caller says
// what "today" is.
namespace Validator {
ValidationErrors validate(const Activity &activity, const QDate &today);
ValidationErrors validate(const Beneficiary &beneficiary, const QDate &today);
ValidationErrors validate(const Place &place);
ValidationErrors validate(const Profile &profile);

// All messages joined, one per line, for logs and the command line.
QString describe(const ValidationErrors &errors);
// The messages of one field.
QStringList messagesFor(const ValidationErrors &errors, const QString &field);

constexpr int MaxTextLength = 2000;
constexpr int MaxShortTextLength = 255;
} // namespace Validator
