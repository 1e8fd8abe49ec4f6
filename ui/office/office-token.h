/*
** office-token.h: remembering the sign-in (hub URL and personal token).
**
** The token is a password: it goes to the user's keyring through
** libsecret (the Secret Service: GNOME Keyring, KWallet...) when a D-Bus
** session is there to reach one, else to a file only its owner may read,
** $XDG_CONFIG_HOME/market-pos/office-token (mode 0600, in a 0700
** directory).  The hub URL is not secret and goes to office.ini beside
** it.  Setting MPOS_OFFICE_KEYRING=0 skips the keyring (tests, kiosks).
** These calls may block on D-Bus: the model runs them in worker threads.
*/
#ifndef OFFICE_TOKEN_H
#define OFFICE_TOKEN_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  OFFICE_TOKEN_NOWHERE = 0,
  OFFICE_TOKEN_KEYRING,
  OFFICE_TOKEN_FILE
} OfficeTokenStore;

/* The directory of office.ini and office-token. Transfer full. */
char *office_token_dir(void);
/*
** Saves the sign-in; *where (may be NULL) says where the token went.  A
** keyring that refuses falls back to the file; the stale copy in the other
** place is removed.
*/
gboolean office_token_save(const char *hub_url, const char *token, OfficeTokenStore *where,
                           GError **error);
/*
** The saved sign-in: TRUE with *hub_url and *token (transfer full) when
** there is one, FALSE without an error when there is none.
*/
gboolean office_token_load(char **hub_url, char **token, OfficeTokenStore *where,
                           GError **error);
/* Forgets the saved sign-in everywhere (signing out). */
gboolean office_token_forget(GError **error);

G_END_DECLS
#endif
