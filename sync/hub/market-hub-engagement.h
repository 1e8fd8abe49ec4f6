/*
** market-hub-engagement.h: `market-hub engagement`, in its own file
** (market-hub.c only dispatches to it).
*/
#ifndef MARKET_HUB_ENGAGEMENT_H
#define MARKET_HUB_ENGAGEMENT_H

/*
** engagement add --market M --stall S [--stall S2 ...] --start DAY [--label TEXT]
** engagement list [--market M]
** db: the hub database (transfer none); argv[0] is "engagement".  Returns
** the exit status (docs/ERRORS.md).
*/
int market_hub_engagement(const char *db, int argc, char **argv);

#endif
