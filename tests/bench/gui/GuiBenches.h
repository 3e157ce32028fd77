#pragma once

#include <QList>
#include <QString>

struct GuiFigure { QString name; double value; QString unit; };
QList<GuiFigure> runKeysBench(QString *error);
