/*
** analytics.h: the analytics module's public headers in one include.
**
**   an-data.h    the plain data the hub fills from its rollups (AnDataset)
**   an-config.h  thresholds and weights (AnConfig), key file loading
**   an-report.h  the three reports, their rows, the JSON/CSV/PDF writers
**   an-charts.h  the cairo charts, reusable from a GTK drawing area
**
** The module depends on nothing of ours (README.md, Layout); see
** docs/ANALYTICS.md for every formula and how the hub feeds it.
*/
#ifndef ANALYTICS_H
#define ANALYTICS_H

#include "an-data.h"
#include "an-config.h"
#include "an-report.h"
#include "an-charts.h"

#endif
