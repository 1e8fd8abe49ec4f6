/*
** mpos-errors.c: the names of the exit statuses and the lookups every error
** table shares (mpos-errors.h).
**
** Tables are a few dozen rows at most, so a lookup is a linear scan: no
** index to build, nothing to keep in step with the table.
*/
#include "mpos-errors.h"
#include <string.h>

static const char *const exit_names[] = {
  [MPOS_EXIT_OK] = "ok",
  [MPOS_EXIT_INTERNAL] = "internal",
  [MPOS_EXIT_USAGE] = "usage",
  [MPOS_EXIT_INPUT] = "input",
  [MPOS_EXIT_NOT_FOUND] = "not_found",
  [MPOS_EXIT_REFUSED] = "refused",
  [MPOS_EXIT_STORAGE] = "storage",
  [MPOS_EXIT_NETWORK] = "network",
  [MPOS_EXIT_DEVICE] = "device",
};
G_STATIC_ASSERT(G_N_ELEMENTS(exit_names) == MPOS_EXIT_LAST + 1);

/* Never NULL: an out-of-range status is "unknown". */
const char *mpos_exit_name(MposExit status)
{
  return (unsigned)status < G_N_ELEMENTS(exit_names) ? exit_names[status] : "unknown";
}

const MposErrorInfo *mpos_error_table_find(const MposErrorInfo *rows, gsize n, int code)
{
  for (gsize i = 0; i < n; i++)
    if (rows[i].code == code)
      return &rows[i];
  return NULL;
}

/* Exact, case-sensitive: the names are lower-case by contract. */
const MposErrorInfo *mpos_error_table_find_name(const MposErrorInfo *rows, gsize n,
                                                const char *name)
{
  for (gsize i = 0; name && i < n; i++)
    if (strcmp(rows[i].name, name) == 0)
      return &rows[i];
  return NULL;
}

MposExit mpos_error_exit(const MposErrorInfo *info)
{
  return info ? info->exit_status : MPOS_EXIT_INTERNAL;
}
