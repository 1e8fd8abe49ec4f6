/*
** office-demo-hub.c: a seeded market-hub on loopback (see office-demo-hub.h).
**
** Only the hub's own commands build the demo: the office app never opens
** a hub database itself (it talks HTTP only), so what a screenshot shows
** is what a real hub answers.
*/
#include "office-demo-hub.h"
#include "mb-hub.h"
#include "ui-tmpdir.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct _OfficeDemoHub {
  char *program;
  char *dir;                    /* holds hub.sqlite */
  char *db;
  gboolean throwaway;           /* dir is ours to remove */
  gboolean prepared;            /* dir was built elsewhere, its clock is today's */
  MbHub *hub;                   /* the serving child, or NULL */
  char *tokens[OFFICE_DEMO_N_USERS];
};

static const char *const user_names[] = {"demo-admin", "demo-manager", "demo-consultant"};

/* $MPOS_HUB, our own directory (BUILD/bin/ or the bindir), $PATH: the first that runs. */
char *office_demo_hub_program(GError **error)
{
  const char *env = g_getenv("MPOS_HUB");
  g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
  g_autofree char *dir = exe ? g_path_get_dirname(exe) : NULL;
  if (env && *env)
    return g_strdup(env);
  if (dir) {
    g_autofree char *beside = g_build_filename(dir, "market-hub", NULL);
    if (g_file_test(beside, G_FILE_TEST_IS_EXECUTABLE))
      return g_steal_pointer(&beside);
  }
  char *found = g_find_program_in_path("market-hub");
  if (found == NULL)
    g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                "market-hub was not found: set MPOS_HUB to the market-hub program");
  return found;
}

/* The last non-empty line of text. Transfer full. */
static char *last_line(const char *text)
{
  g_auto(GStrv) lines = g_strsplit(text ? text : "", "\n", -1);
  for (int i = (int)g_strv_length(lines) - 1; i >= 0; i--) {
    g_strstrip(lines[i]);
    if (lines[i][0] != '\0')
      return g_strdup(lines[i]);
  }
  return g_strdup("");
}

/* market-hub --db DB ARGS...; a failure carries the hub's stderr. */
static char *run_hub(const OfficeDemoHub *h, GError **error, va_list ap)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  const char *arg;
  g_ptr_array_add(argv, h->program);
  g_ptr_array_add(argv, (char *)"--db");
  g_ptr_array_add(argv, h->db);
  while ((arg = va_arg(ap, const char *)) != NULL)
    g_ptr_array_add(argv, (char *)arg);
  g_ptr_array_add(argv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                    &status, error))
    return NULL;
  if (!g_spawn_check_wait_status(status, NULL)) {
    g_set_error(error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "market-hub %s failed: %s",
                (const char *)argv->pdata[3], err ? g_strstrip(err) : "");
    return NULL;
  }
  return last_line(out);
}

/* The hub's own admin commands build the demo (varargs front of run_hub). */
char *office_demo_hub_command(OfficeDemoHub *hub, GError **error, ...)
{
  va_list ap;
  va_start(ap, error);
  char *out = run_hub(hub, error, ap);
  va_end(ap);
  return out;
}

/* Formats an int option into buf. */
static const char *num(char buf[16], int v)
{
  g_snprintf(buf, 16, "%d", v);
  return buf;
}

/*
** init, seed, the users (tokens into tokens.ini, 0600), one engagement of
** the program in M01 when it has the stalls (two helped from three weeks
** before the last day, so the program page has an impact to show), the
** unsynced stall.
*/
static gboolean build(OfficeDemoHub *h, const OfficeDemoOptions *o, GError **error)
{
  char markets[16], stalls[16], days[16];
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autofree char *ini = g_build_filename(h->dir, "tokens.ini", NULL);
  g_autofree char *out = office_demo_hub_command(h, error, "init", NULL);
  if (out == NULL)
    return FALSE;
  g_free(out);
  out = office_demo_hub_command(h, error, "seed", "--markets", num(markets, o->markets ? o->markets : 3),
                                "--stalls", num(stalls, o->stalls ? o->stalls : 12), "--days",
                                num(days, o->days ? o->days : 63), "--until", OFFICE_DEMO_LAST_DAY,
                                NULL);
  if (out == NULL)
    return FALSE;
  /* The manager has a second market when there is one. */
  const char *const roles[][3] = {{"admin", NULL, NULL},
                                  {"manager", "M01", o->markets == 1 ? NULL : "M02"},
                                  {"consultant", "M01", NULL}};
  for (int u = 0; u < OFFICE_DEMO_N_USERS; u++) {
    g_free(h->tokens[u]);
    if (roles[u][1] == NULL)
      h->tokens[u] = office_demo_hub_command(h, error, "user", "add", user_names[u], "--role",
                                             roles[u][0], NULL);
    else if (roles[u][2] == NULL)
      h->tokens[u] = office_demo_hub_command(h, error, "user", "add", user_names[u], "--role",
                                             roles[u][0], "--market", roles[u][1], NULL);
    else
      h->tokens[u] = office_demo_hub_command(h, error, "user", "add", user_names[u], "--role",
                                             roles[u][0], "--market", roles[u][1], "--market",
                                             roles[u][2], NULL);
    if (h->tokens[u] == NULL)
      return FALSE;
    g_key_file_set_string(kf, "tokens", user_names[u], h->tokens[u]);
  }
  g_free(out);
  out = o->stalls && o->stalls < 4 ? g_strdup("")
        : office_demo_hub_command(h, error, "engagement", "add", "--market", "M01", "--stall",
                                "M01-S03", "--stall", "M01-S04", "--start", "2026-11-04",
                                "--label", "상인 컨설팅 1기", NULL);
  if (out == NULL)
    return FALSE;
  if (o->unsynced_stall) {
    g_free(out);
    out = office_demo_hub_command(h, error, "stall", "add", "M01-S99", "--market", "M01",
                                  "--name", "새봄꽃집", NULL);
    if (out == NULL)
      return FALSE;
  }
  g_autofree char *text = g_key_file_to_data(kf, NULL, NULL);
  return g_file_set_contents_full(ini, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* A cached hub is reused only when its database and all its tokens are there. */
static gboolean load_cached(OfficeDemoHub *h)
{
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autofree char *ini = g_build_filename(h->dir, "tokens.ini", NULL);
  if (!g_file_test(h->db, G_FILE_TEST_EXISTS)
      || !g_key_file_load_from_file(kf, ini, G_KEY_FILE_NONE, NULL))
    return FALSE;
  for (int u = 0; u < OFFICE_DEMO_N_USERS; u++) {
    g_free(h->tokens[u]);
    h->tokens[u] = g_key_file_get_string(kf, "tokens", user_names[u], NULL);
    if (h->tokens[u] == NULL)
      return FALSE;
  }
  return TRUE;
}

/*
** market-hub serve on 127.0.0.1:0 through the shared fixture (base/mb-hub.h):
** the port is the one it prints, /healthz is waited for, and the hub dies
** with us, so a failed test or a killed screenshot leaves no server.
*/
static gboolean serve(OfficeDemoHub *h, GError **error)
{
  h->hub = mb_hub_start(h->program, h->db, NULL, NULL, 15000, error);
  return h->hub != NULL;
}

/* Finds the program, makes (or reuses) the database, serves it. */
static gboolean setup(OfficeDemoHub *h, const OfficeDemoOptions *o, GError **error)
{
  h->program = office_demo_hub_program(error);
  if (h->program == NULL)
    return FALSE;
  if (o->prepared_dir) {
    h->prepared = TRUE;
    h->dir = g_strdup(o->prepared_dir);
    h->db = g_build_filename(h->dir, "hub.sqlite", NULL);
    if (!load_cached(h)) {
      g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                  "%s is not a prepared demo hub: it needs hub.sqlite and tokens.ini with "
                  "the tokens of demo-admin, demo-manager and demo-consultant", h->dir);
      return FALSE;
    }
    return serve(h, error);
  }
  if (o->cache_dir) {
    h->dir = g_strdup(o->cache_dir);
    if (g_mkdir_with_parents(h->dir, 0700) != 0) {
      int e = errno;
      g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", h->dir,
                  g_strerror(e));
      return FALSE;
    }
  } else {
    h->throwaway = TRUE;
    h->dir = g_dir_make_tmp("market-office-demo-XXXXXX", error);
    if (h->dir == NULL)
      return FALSE;
  }
  h->db = g_build_filename(h->dir, "hub.sqlite", NULL);
  if (!load_cached(h)) {
    g_autofree char *ini = g_build_filename(h->dir, "tokens.ini", NULL);
    g_remove(h->db);
    g_remove(ini);
    if (!build(h, o, error))
      return FALSE;
  }
  return serve(h, error);
}

/* A hub ready to answer, or NULL with the step that failed. */
OfficeDemoHub *office_demo_hub_start(const OfficeDemoOptions *options, GError **error)
{
  OfficeDemoOptions defaults = {0, 0, 0, NULL, TRUE, NULL};
  OfficeDemoHub *h = g_new0(OfficeDemoHub, 1);
  if (!setup(h, options ? options : &defaults, error)) {
    office_demo_hub_stop(h);
    return NULL;
  }
  return h;
}

/* Loopback, with the port the hub picked. */
const char *office_demo_hub_url(OfficeDemoHub *hub)
{
  return hub->hub ? hub->hub->base : NULL;
}

/* A seeded hub's history ends on a fixed day; a prepared one's yesterday. */
gint64 office_demo_hub_now_ms(OfficeDemoHub *hub)
{
  return hub->prepared ? 0 : OFFICE_DEMO_MORNING_MS;
}

/* Tokens are shown once by the hub, so the demo keeps them. */
const char *office_demo_hub_token(OfficeDemoHub *hub, OfficeDemoUser user)
{
  return hub->tokens[user];
}

/* Never leaves a server or a throwaway database behind. */
void office_demo_hub_stop(OfficeDemoHub *hub)
{
  if (hub == NULL)
    return;
  mb_hub_stop(hub->hub);
  if (hub->throwaway && hub->dir)
    ui_tmpdir_remove(hub->dir);
  for (int u = 0; u < OFFICE_DEMO_N_USERS; u++)
    g_free(hub->tokens[u]);
  g_free(hub->program);
  g_free(hub->dir);
  g_free(hub->db);
  g_free(hub);
}
