/*
** mpos-errors.h: the exit statuses of every Market POS program, and the row
** type of the error tables.
**
** Errors are data.  Each error domain (POS_ERROR of the ledger, SYNC_ERROR
** of the stall's sync client, HUB_ERROR of the hub, the codes of the hub's
** answers on the wire, the analytics errors of the reports) has exactly one
** table: a row per code with its stable name, the HTTP status it has when it
** crosses the wire, the exit status a program gives for it, and a default
** message.  The hub's answers, its /metrics labels and the three programs
** (stall, market-hub, market-report) read these tables; nothing decides on
** the text of a message.  docs/ERRORS.md lists every table.
**
** The exit statuses are one scheme for every program (MposExit below).
** This header lives in pos/ because every library and program links pos;
** it has no domain of its own.
*/
#ifndef MPOS_ERRORS_H
#define MPOS_ERRORS_H

#include <glib.h>

G_BEGIN_DECLS

/*
** The exit status of every program (stall, market-hub, market-report).
** Scripts test these numbers; they are never renumbered, only added.
*/
typedef enum {
  MPOS_EXIT_OK = 0,          /* done */
  MPOS_EXIT_INTERNAL = 1,    /* an unexpected error: a bug, or cancelled */
  MPOS_EXIT_USAGE = 2,       /* the command line is wrong: flag, argument, command */
  MPOS_EXIT_INPUT = 3,       /* bad input: the data given was refused */
  MPOS_EXIT_NOT_FOUND = 4,   /* no such product, sale, market, stall, user, path */
  MPOS_EXIT_REFUSED = 5,     /* refused as things stand: state, conflict, not set up,
                                not enrolled, token unknown or not allowed */
  MPOS_EXIT_STORAGE = 6,     /* the database or a file: busy, damaged, full, unreadable */
  MPOS_EXIT_NETWORK = 7      /* the network or the hub: offline, TLS, hub failing */
} MposExit;

#define MPOS_EXIT_LAST MPOS_EXIT_NETWORK

/* "ok", "internal", "usage", "input", "not_found", "refused", "storage", "network". */
const char *mpos_exit_name(MposExit status);

/*
** One row of an error table.  http_status is the status of an HTTP answer
** that carries the code; 0 for a domain whose errors never cross the wire
** (they are turned into a wire code first).  message is the default text,
** used when there is nothing more precise to say.
*/
typedef struct {
  int code;                  /* the domain's enum value */
  const char *name;          /* stable lower-case name: scripts and JSON key on it */
  int http_status;
  MposExit exit_status;
  const char *message;
} MposErrorInfo;

/*
** Lookups in a table of n rows: by code, and by name.  NULL when the table
** has no such row (an unknown code, a newer peer's name).
*/
const MposErrorInfo *mpos_error_table_find(const MposErrorInfo *rows, gsize n, int code);
const MposErrorInfo *mpos_error_table_find_name(const MposErrorInfo *rows, gsize n,
                                                const char *name);

/* The exit status of a row, MPOS_EXIT_INTERNAL for none. */
MposExit mpos_error_exit(const MposErrorInfo *info);

G_END_DECLS
#endif
