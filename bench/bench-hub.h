/*
** bench-hub.h: what the benchmarks that drive a real market-hub share:
** finding the program and running one of its admin commands.
**
** Header-only (static functions), as tests/hub-testutil.h is, because
** bench/CMakeLists.txt builds each benchmark from its own .c file.
*/
#ifndef BENCH_HUB_H
#define BENCH_HUB_H

#include <glib.h>
#include <string.h>

/* market-hub from $MPOS_HUB, else beside this program. Transfer full. */
static G_GNUC_UNUSED char *bench_hub_program(const char *argv0)
{
  const char *v = g_getenv("MPOS_HUB");
  if (v)
    return g_strdup(v);
  g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname(self ? self : argv0);
  return g_build_filename(dir, "market-hub", NULL);
}

/*
** Runs `HUB --db DB ARGS...` (args NULL-terminated) and returns its last
** line of output (transfer full); a failing command ends the benchmark,
** whose figures would mean nothing.
*/
static G_GNUC_UNUSED char *bench_hub_cmd(const char *hub, const char *db,
                                         const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (char *)hub);
  g_ptr_array_add(argv, (char *)"--db");
  g_ptr_array_add(argv, (char *)db);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add(argv, (char *)args[i]);
  g_ptr_array_add(argv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) e = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                    &status, &e) || !g_spawn_check_wait_status(status, NULL))
    g_error("market-hub %s: %s", args[0], e ? e->message : err);
  g_strchomp(out);
  const char *nl = strrchr(out, '\n');
  return g_strdup(nl ? nl + 1 : out);
}

#endif
