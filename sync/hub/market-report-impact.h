/*
** market-report-impact.h: `market-report impact`, in its own file
** (market-report.c only dispatches to it).
*/
#ifndef MARKET_REPORT_IMPACT_H
#define MARKET_REPORT_IMPACT_H

/*
** market-report impact --engagement ID [--to DAY]
**     [--format json|csv|pdf|xlsx] [--header names|ko] [--out FILE] --db DB
** argv[1] is "impact".  Returns the exit status (docs/ERRORS.md).
*/
int market_report_impact(int argc, char **argv);

#endif
