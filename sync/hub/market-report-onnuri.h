/*
** market-report-onnuri.h: `market-report onnuri`, in its own file
** (market-report.c only dispatches to it).
*/
#ifndef MARKET_REPORT_ONNURI_H
#define MARKET_REPORT_ONNURI_H

/*
** market-report onnuri --market M --from DAY --to DAY
**     [--special FROM:TO]... [--format json|csv|pdf|xlsx] [--header names|ko]
**     [--out FILE] --db DB
** argv[1] is "onnuri".  Returns the exit status (docs/ERRORS.md).
*/
int market_report_onnuri(int argc, char **argv);

#endif
