/*
** office-token.c: the saved sign-in (see office-token.h).
**
** One saved sign-in per user: a market office machine has one hub.  The
** keyring item carries the hub URL as its attribute so that a token is
** never sent to another hub than the one it was saved for.
*/
#include "office-token.h"
#include <errno.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#define INI_GROUP "sign-in"

/* The keyring schema of the office's token, keyed by the hub's URL. */
static const SecretSchema *token_schema(void)
{
  static const SecretSchema schema = {
    .name = "org.marketpos.Office.Token",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {{"hub", SECRET_SCHEMA_ATTRIBUTE_STRING}, {NULL, 0}},
  };
  return &schema;
}

/* Beside the other Market POS settings of the user. */
char *office_token_dir(void)
{
  return g_build_filename(g_get_user_config_dir(), "market-pos", NULL);
}

/*
** Without a session bus libsecret would try to autolaunch one and fail
** slowly; the till and the tests run exactly there, so the file is used
** at once.  "disabled:" is what the app sets when it found no bus.
*/
static gboolean keyring_usable(void)
{
  const char *force = g_getenv("MPOS_OFFICE_KEYRING");
  const char *address = g_getenv("DBUS_SESSION_BUS_ADDRESS");
  const char *runtime = g_getenv("XDG_RUNTIME_DIR");
  if (force && strcmp(force, "0") == 0)
    return FALSE;
  if (address && *address)
    return !g_str_has_prefix(address, "disabled:");
  g_autofree char *socket = runtime ? g_build_filename(runtime, "bus", NULL) : NULL;
  return socket && g_file_test(socket, G_FILE_TEST_EXISTS);
}

/* Creates the config directory, readable by its owner only. */
static gboolean ensure_dir(const char *dir, GError **error)
{
  if (g_mkdir_with_parents(dir, 0700) != 0) {
    int e = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", dir,
                g_strerror(e));
    return FALSE;
  }
  return TRUE;
}

/* office.ini: the hub URL (not a secret). */
static gboolean save_hub(const char *dir, const char *hub_url, GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autofree char *path = g_build_filename(dir, "office.ini", NULL);
  g_key_file_set_string(kf, INI_GROUP, "hub", hub_url);
  return g_key_file_save_to_file(kf, path, error);
}

/* The token file, written whole and renamed, created 0600. */
static gboolean save_file(const char *dir, const char *token, GError **error)
{
  g_autofree char *path = g_build_filename(dir, "office-token", NULL);
  g_autofree char *text = g_strconcat(token, "\n", NULL);
  return g_file_set_contents_full(path, text, -1,
                                  G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                  0600, error);
}

/* Removes the token file; a missing one is fine. */
static void remove_file(const char *dir)
{
  g_autofree char *path = g_build_filename(dir, "office-token", NULL);
  g_remove(path);
}

/* Keyring first; a keyring that refuses (locked, absent) falls back to the file. */
gboolean office_token_save(const char *hub_url, const char *token, OfficeTokenStore *where,
                           GError **error)
{
  g_autofree char *dir = office_token_dir();
  if (where)
    *where = OFFICE_TOKEN_NOWHERE;
  if (!ensure_dir(dir, error) || !save_hub(dir, hub_url, error))
    return FALSE;
  if (keyring_usable()) {
    g_autoptr(GError) keyring_error = NULL;
    if (secret_password_store_sync(token_schema(), SECRET_COLLECTION_DEFAULT,
                                   "Market POS office token", token, NULL, &keyring_error,
                                   "hub", hub_url, NULL)) {
      remove_file(dir);
      if (where)
        *where = OFFICE_TOKEN_KEYRING;
      return TRUE;
    }
  }
  if (!save_file(dir, token, error))
    return FALSE;
  if (where)
    *where = OFFICE_TOKEN_FILE;
  return TRUE;
}

/* The token of the file, without its line break; NULL when there is none. */
static char *load_file(const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename(dir, "office-token", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(path, &text, NULL, &local)) {
    if (!g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
      g_propagate_error(error, g_steal_pointer(&local));
    return NULL;
  }
  g_strstrip(text);
  return *text ? g_steal_pointer(&text) : NULL;
}

/* The keyring's copy wins over a file left from a machine without one. */
gboolean office_token_load(char **hub_url, char **token, OfficeTokenStore *where,
                           GError **error)
{
  g_autofree char *dir = office_token_dir();
  g_autofree char *ini = g_build_filename(dir, "office.ini", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autofree char *hub = NULL, *secret = NULL;
  OfficeTokenStore found = OFFICE_TOKEN_NOWHERE;
  *hub_url = *token = NULL;
  if (where)
    *where = OFFICE_TOKEN_NOWHERE;
  if (!g_key_file_load_from_file(kf, ini, G_KEY_FILE_NONE, NULL)
      || (hub = g_key_file_get_string(kf, INI_GROUP, "hub", NULL)) == NULL)
    return FALSE;
  if (keyring_usable()) {
    secret = secret_password_lookup_sync(token_schema(), NULL, NULL, "hub", hub, NULL);
    found = secret ? OFFICE_TOKEN_KEYRING : OFFICE_TOKEN_NOWHERE;
  }
  if (secret == NULL) {
    g_autoptr(GError) local = NULL;
    secret = load_file(dir, &local);
    if (local) {
      g_propagate_error(error, g_steal_pointer(&local));
      return FALSE;
    }
    found = secret ? OFFICE_TOKEN_FILE : OFFICE_TOKEN_NOWHERE;
  }
  if (secret == NULL)
    return FALSE;
  *hub_url = g_steal_pointer(&hub);
  *token = g_steal_pointer(&secret);
  if (where)
    *where = found;
  return TRUE;
}

/* Signing out removes every copy: keyring item, file, hub address. */
gboolean office_token_forget(GError **error)
{
  g_autofree char *dir = office_token_dir();
  g_autofree char *ini = g_build_filename(dir, "office.ini", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autofree char *hub = NULL;
  if (g_key_file_load_from_file(kf, ini, G_KEY_FILE_NONE, NULL))
    hub = g_key_file_get_string(kf, INI_GROUP, "hub", NULL);
  if (hub && keyring_usable())
    secret_password_clear_sync(token_schema(), NULL, NULL, "hub", hub, NULL);
  remove_file(dir);
  if (g_remove(ini) != 0 && errno != ENOENT) {
    int e = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: %s", ini,
                g_strerror(e));
    return FALSE;
  }
  return TRUE;
}
