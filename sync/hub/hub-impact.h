/*
** hub-impact.h: the impact report of one engagement, from the hub's store.
**
** The store gives the engagement (hub-engagement.h), every engagement of
** its market (their stalls are never controls) and the market's rollups
** over the window the analytics ask for (an_impact_window); an-impact.h
** measures and writes.  `market-report impact --db` goes through here.
*/
#ifndef HUB_IMPACT_H
#define HUB_IMPACT_H

#include "hub-report.h"
#include "an-impact.h"

G_BEGIN_DECLS

/*
** The report of engagement id up to the day to (NULL: yesterday in
** Asia/Seoul) as JSON, CSV (csv-ko: Korean headings), PDF or an Excel
** workbook (the text summary is the JSON's explain: INVALID).  NOT_FOUND for an unknown engagement; INVALID when too few
** days follow the start or no stall could be matched.  Transfer full.
*/
GBytes *hub_impact_build(HubStore *store, int64_t id, const char *to, HubReportFormat format,
                         GError **error);

G_END_DECLS
#endif
