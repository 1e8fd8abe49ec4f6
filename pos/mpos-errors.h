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
  MPOS_EXIT_NETWORK = 7,     /* the network or the hub: offline, TLS, hub failing */
  MPOS_EXIT_DEVICE = 8       /* a printer or scale: unplugged, no paper, silent */
} MposExit;

#define MPOS_EXIT_LAST MPOS_EXIT_DEVICE

/* "ok", "internal", "usage", "input", "not_found", "refused", "storage", "network",
   "device". */
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

/*
** One table per domain, the lookups written once.
**
** Every domain (POS_ERROR, SYNC_ERROR, HUB_ERROR, the wire codes) has the
** same shape: an X-macro list of its codes, X(CODE, name, HTTP status,
** exit status, default message), CODE being the full enum name (so a grep
** for POS_ERROR_NOT_FOUND lands on its row); an enum made from the list; a
** static table made from the same list (one row per code in code order,
** starting at 1, so a lookup by code is an index); and four lookups over
** that table.  These macros write the enum, the
** table and the lookups once, so the domains cannot drift apart:
**
**   MPOS_ERROR_ENUM(Type, NONE, CODES)
**       typedef enum { NONE = 0, <one value per row of CODES> } Type
**
**   MPOS_ERROR_TABLE_DECLARE(prefix, CodeArg) declares, and
**   MPOS_ERROR_TABLE_DEFINE(prefix, CODES, CodeArg) defines (with the
**   static table prefix_rows_ made from CODES):
**       const MposErrorInfo *prefix_info(CodeArg code);   row, NULL: unknown
**       const char *prefix_code_name(CodeArg code);       name, "unknown": unknown
**       const MposErrorInfo *prefix_table(gsize *n);      whole table, *n rows
**
**   MPOS_ERROR_DOMAIN_DECLARE(Type, prefix) declares, and
**   MPOS_ERROR_DOMAIN_DEFINE(Type, prefix, CODES) defines, the three
**   above with CodeArg int, and
**       gboolean prefix_code_from_name(const char *name, Type *out);
**                                                         FALSE: unknown name
**
** What each domain expands to:
**
**   pos-error.h/.c (DOMAIN, pos_error, PosErrorCode):
**     pos_error_info, pos_error_code_name, pos_error_code_from_name,
**     pos_error_table
**   sync-client.h, sync-http.c (DOMAIN, sync_error, SyncErrorCode):
**     sync_error_info, sync_error_code_name, sync_error_code_from_name,
**     sync_error_table
**   hub-store.h, hub-common.c (DOMAIN, hub_error, HubErrorCode):
**     hub_error_info, hub_error_code_name, hub_error_code_from_name,
**     hub_error_table
**   wire-error.h/.c (TABLE only, sync_wire, CodeArg SyncWireCode):
**     sync_wire_info, sync_wire_code_name, sync_wire_table; its
**     SyncWireCode sync_wire_code_from_name(const char *name) (NONE for an
**     unknown name) is written by hand in wire-error.c, since the clients
**     read the code of an answer as a value, not through an out-parameter.
**
** The report table (HUB_REPORT_ERROR_CODES, hub-report.h) is not of this
** shape: its codes are the analytics module's AN_ERROR values, which it
** maps to hub errors, so it keeps its own two lookups.
**
** Each macro is used as a declaration and wants a ';' after it.
*/
#define MPOS_ERROR_ENUM_VALUE_(code, name, http, exit, message) code,
#define MPOS_ERROR_ROW_(code, name, http, exit, message) {code, name, http, exit, message},

#define MPOS_ERROR_ENUM(Type, NONE, CODES)                                                 \
  typedef enum {                                                                           \
    NONE = 0,                                                                              \
    CODES(MPOS_ERROR_ENUM_VALUE_)                                                          \
  } Type

#define MPOS_ERROR_TABLE_DECLARE(prefix, CodeArg)                                          \
  const MposErrorInfo *prefix##_info(CodeArg code);                                        \
  const char *prefix##_code_name(CodeArg code);                                            \
  const MposErrorInfo *prefix##_table(gsize *n)

#define MPOS_ERROR_DOMAIN_DECLARE(Type, prefix)                                            \
  MPOS_ERROR_TABLE_DECLARE(prefix, int);                                                   \
  gboolean prefix##_code_from_name(const char *name, Type *out)

#define MPOS_ERROR_TABLE_DEFINE(prefix, CODES, CodeArg)                                    \
  static const MposErrorInfo prefix##_rows_[] = {CODES(MPOS_ERROR_ROW_)};                  \
  const MposErrorInfo *prefix##_info(CodeArg code)                                         \
  {                                                                                        \
    return (int)code >= 1 && (gsize)(int)code <= G_N_ELEMENTS(prefix##_rows_)              \
             ? &prefix##_rows_[(int)code - 1]                                              \
             : NULL;                                                                       \
  }                                                                                        \
  const char *prefix##_code_name(CodeArg code)                                             \
  {                                                                                        \
    const MposErrorInfo *info = prefix##_info(code);                                       \
    return info ? info->name : "unknown";                                                  \
  }                                                                                        \
  const MposErrorInfo *prefix##_table(gsize *n)                                            \
  {                                                                                        \
    *n = G_N_ELEMENTS(prefix##_rows_);                                                     \
    return prefix##_rows_;                                                                 \
  }                                                                                        \
  G_STATIC_ASSERT(G_N_ELEMENTS(prefix##_rows_) > 0)

#define MPOS_ERROR_DOMAIN_DEFINE(Type, prefix, CODES)                                      \
  MPOS_ERROR_TABLE_DEFINE(prefix, CODES, int);                                             \
  gboolean prefix##_code_from_name(const char *name, Type *out)                            \
  {                                                                                        \
    const MposErrorInfo *info =                                                            \
      mpos_error_table_find_name(prefix##_rows_, G_N_ELEMENTS(prefix##_rows_), name);      \
    if (info == NULL)                                                                      \
      return FALSE;                                                                        \
    *out = (Type)info->code;                                                               \
    return TRUE;                                                                           \
  }                                                                                        \
  G_STATIC_ASSERT(sizeof(Type) <= sizeof(int))

G_END_DECLS
#endif
