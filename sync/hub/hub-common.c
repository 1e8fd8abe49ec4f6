/*
** hub-common.c: what the hub's store, server and CLI share without touching
** a database: the HUB_ERROR domain and its table, roles and scopes, secrets
** (tokens and enrollment codes), validators, and the taxonomy seed.
**
** Secrets come from getrandom(2) and are only ever stored as SHA-256 hashes:
** a copy of the database gives nobody a working token.  A token carries 256
** bits, so the hash needs no salt; an enrollment code carries 60 bits and
** lives at most a week, which online guessing cannot exhaust.
*/
#include "mb-csv.h"
#include "hub-store-int.h"
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

G_DEFINE_QUARK(mpos-hub-error-quark, hub_error)

/*
** The table of HUB_ERROR_CODES, one row per code in code order.  The names
** travel in CLI messages and JSON errors: scripts and clients key on them,
** so a name is never changed, only added.
*/
/* hub_error_info, hub_error_code_name, hub_error_code_from_name, hub_error_table. */
MPOS_ERROR_DOMAIN_DEFINE(HubErrorCode, hub_error, HUB_ERROR_CODES);

/*
** A 500 row is the hub's own trouble: the answer says "internal" and
** nothing about the database.  Every other row's name is a wire code
** (tests/test-errors.c holds the two tables to that).
*/
SyncWireCode hub_error_wire_code(const GError *error)
{
  const MposErrorInfo *info = error && error->domain == HUB_ERROR ? hub_error_info(error->code)
                                                                  : NULL;
  SyncWireCode code = info && info->http_status != 500 ? sync_wire_code_from_name(info->name)
                                                       : SYNC_WIRE_NONE;
  return code != SYNC_WIRE_NONE ? code : SYNC_WIRE_INTERNAL;
}

static const char *const role_names[] = {"admin", "manager", "consultant", "device"};

/* Never NULL, so it can go straight into messages and SQL bindings. */
const char *hub_role_name(HubRole role)
{
  return (unsigned)role < G_N_ELEMENTS(role_names) ? role_names[role] : "unknown";
}

/* Devices get their role by enrolling, never by name: only users parse. */
gboolean hub_role_parse(const char *name, HubRole *out)
{
  for (int r = HUB_ROLE_ADMIN; r <= HUB_ROLE_CONSULTANT; r++) {
    if (g_strcmp0(name, role_names[r]) == 0) {
      *out = (HubRole)r;
      return TRUE;
    }
  }
  return FALSE;
}

/* NULL-safe, for g_autoptr and error paths alike. */
void hub_principal_free(HubPrincipal *p)
{
  if (p == NULL)
    return;
  if (p->markets)
    g_array_unref(p->markets);
  g_free(p->name);
  g_free(p);
}

/* A linear scan: a manager or consultant has a handful of markets at most. */
static gboolean covers_market(const HubPrincipal *p, int64_t market_id)
{
  for (guint i = 0; p->markets && i < p->markets->len; i++)
    if (g_array_index(p->markets, int64_t, i) == market_id)
      return TRUE;
  return FALSE;
}

gboolean hub_principal_can_read_market(const HubPrincipal *p, int64_t market_id)
{
  switch (p->role) {
  case HUB_ROLE_ADMIN: return TRUE;
  case HUB_ROLE_MANAGER:
  case HUB_ROLE_CONSULTANT: return covers_market(p, market_id);
  case HUB_ROLE_DEVICE: return FALSE;   /* a till reads its own stall only */
  }
  return FALSE;
}

/*
** The scope rules of docs/DOMAIN.md (People and roles) in one place: a
** device sees its own stall, managers and consultants the stalls of their
** markets, admins everything.
*/
gboolean hub_principal_can_read(const HubPrincipal *p, const HubStall *stall)
{
  switch (p->role) {
  case HUB_ROLE_ADMIN: return TRUE;
  case HUB_ROLE_MANAGER:
  case HUB_ROLE_CONSULTANT: return covers_market(p, stall->market_id);
  case HUB_ROLE_DEVICE: return p->stall_id == stall->id;
  }
  return FALSE;
}

/* Consultants advise; only managers (and admins) bring new stalls in. */
gboolean hub_principal_can_enroll(const HubPrincipal *p, const HubStall *stall)
{
  return p->role == HUB_ROLE_ADMIN
         || (p->role == HUB_ROLE_MANAGER && covers_market(p, stall->market_id));
}

/* Record destructors are NULL-safe so arrays can own their rows. */
void hub_market_free(HubMarket *m)
{
  if (m == NULL)
    return;
  g_free(m->code);
  g_free(m->name);
  g_free(m);
}

/* NULL-safe: a failed lookup leaves NULL in g_autoptr variables. */
void hub_stall_free(HubStall *s)
{
  if (s == NULL)
    return;
  g_free(s->code);
  g_free(s->name);
  g_free(s->market_code);
  g_free(s->market_name);
  g_free(s);
}

/* ---- The registry's rows, for moving a hub ------------------------------------ */

static void market_row_free(HubMarketRow *m)
{
  g_free(m->code);
  g_free(m->name);
  g_free(m);
}

static void stall_row_free(HubStallRow *s)
{
  g_free(s->code);
  g_free(s->name);
  g_free(s);
}

static void user_row_free(HubUserRow *u)
{
  g_free(u->name);
  g_free(u->role);
  g_array_unref(u->market_ids);
  g_free(u);
}

static void token_row_free(HubTokenRow *t)
{
  g_free(t->hash);
  g_free(t->role);
  g_free(t->device_id);
  g_free(t);
}

static void enroll_row_free(HubEnrollRow *e)
{
  g_free(e->hash);
  g_free(e);
}

static void engagement_row_free(HubEngagementRow *e)
{
  g_free(e->start_day);
  g_free(e->label);
  if (e->stall_ids)
    g_array_unref(e->stall_ids);
  g_free(e);
}

/*
** A new engagement row, owned by the registry's array, with an empty
** array of stall ids; transfer none.
*/
HubEngagementRow *hub_registry_add_engagement(HubRegistry *r)
{
  HubEngagementRow *e = g_new0(HubEngagementRow, 1);
  e->stall_ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
  g_ptr_array_add(r->engagements, e);
  return e;
}

/*
** Hands an (engagement, stall) pair, read in engagement order, to its row:
** the rows are in id order too, so *cursor only moves forward.  FALSE for
** a pair whose engagement is not in the registry (a broken database).
*/
gboolean hub_registry_add_engagement_stall(HubRegistry *r, guint *cursor, int64_t engagement_id,
                                           int64_t stall_id)
{
  while (*cursor < r->engagements->len
         && ((HubEngagementRow *)r->engagements->pdata[*cursor])->id < engagement_id)
    (*cursor)++;
  if (*cursor >= r->engagements->len)
    return FALSE;
  HubEngagementRow *e = r->engagements->pdata[*cursor];
  if (e->id != engagement_id)
    return FALSE;
  g_array_append_val(e->stall_ids, stall_id);
  return TRUE;
}

/* Every array empty and owning its rows, so a backend only appends. */
HubRegistry *hub_registry_new(void)
{
  HubRegistry *r = g_new0(HubRegistry, 1);
  r->markets = g_ptr_array_new_with_free_func((GDestroyNotify)market_row_free);
  r->stalls = g_ptr_array_new_with_free_func((GDestroyNotify)stall_row_free);
  r->users = g_ptr_array_new_with_free_func((GDestroyNotify)user_row_free);
  r->tokens = g_ptr_array_new_with_free_func((GDestroyNotify)token_row_free);
  r->enroll_codes = g_ptr_array_new_with_free_func((GDestroyNotify)enroll_row_free);
  r->lines = g_ptr_array_new_with_free_func((GDestroyNotify)wire_line_free);
  r->engagements = g_ptr_array_new_with_free_func((GDestroyNotify)engagement_row_free);
  return r;
}

/* NULL-safe. */
void hub_registry_free(HubRegistry *r)
{
  if (r == NULL)
    return;
  g_ptr_array_unref(r->markets);
  g_ptr_array_unref(r->stalls);
  g_ptr_array_unref(r->users);
  g_ptr_array_unref(r->tokens);
  g_ptr_array_unref(r->enroll_codes);
  g_ptr_array_unref(r->lines);
  g_ptr_array_unref(r->engagements);
  g_free(r);
}

/* NULL-safe. */
void hub_stored_event_free(HubStoredEvent *e)
{
  if (e == NULL)
    return;
  g_free(e->json);
  pos_product_free(e->product);
  g_free(e);
}

/*
** The totals are keyed by "stall|day" while they are summed; the rows
** own their day, so the table's keys are its own strings.
*/
GHashTable *hub_day_totals_table(void)
{
  return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

void hub_day_totals_add(GHashTable *table, int64_t stall_id, const char *day,
                        const char *kind, int64_t n, int64_t won)
{
  g_autofree char *key = g_strdup_printf("%" G_GINT64_FORMAT "|%s", stall_id, day);
  HubDayTotals *t = g_hash_table_lookup(table, key);
  if (t == NULL) {
    t = g_new0(HubDayTotals, 1);
    t->stall_id = stall_id;
    g_strlcpy(t->day, day, sizeof t->day);
    g_hash_table_insert(table, g_steal_pointer(&key), t);
  }
  if (strcmp(kind, "sale") == 0)
    t->sales += n, t->sales_won += won;
  else if (strcmp(kind, "void") == 0)
    t->voids += n, t->voids_won += won;
  else if (strcmp(kind, "refund") == 0)
    t->refunds += n, t->refunds_won += won;
  else if (strcmp(kind, "day_close") == 0)
    t->closes += n;
  else
    t->events += n;
}

static gint totals_order(gconstpointer a, gconstpointer b)
{
  const HubDayTotals *x = *(const HubDayTotals *const *)a, *y = *(const HubDayTotals *const *)b;
  if (x->stall_id != y->stall_id)
    return x->stall_id < y->stall_id ? -1 : 1;
  return strcmp(x->day, y->day);
}

GPtrArray *hub_day_totals_sorted(GHashTable *table)
{
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init(&it, table);
  while (g_hash_table_iter_next(&it, NULL, &value))
    g_ptr_array_add(out, g_memdup2(value, sizeof(HubDayTotals)));
  g_ptr_array_sort(out, totals_order);
  return out;
}

/* ---- Validators ------------------------------------------------------------- */

/* The same charset as product-line codes: safe in URLs, CSV and file names. */
gboolean hub_code_valid(const char *code)
{
  return pos_line_code_valid(code);
}

/* Codes go into URLs and file names, hence the narrow charset. */
gboolean hub_code_check(const char *code, const char *what, GError **error)
{
  if (!hub_code_valid(code)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID,
                "%s code must be 1-16 of A-Z, 0-9, '_' or '-'", what);
    return FALSE;
  }
  return TRUE;
}

#define NAME_MAX_BYTES 120

/* Market and stall names are shown, never parsed: any UTF-8 of sane length. */
gboolean hub_name_check(const char *name, const char *what, GError **error)
{
  if (name == NULL || *name == '\0' || strlen(name) > NAME_MAX_BYTES
      || !g_utf8_validate(name, -1, NULL)) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID,
                "%s name must be 1-%d bytes of UTF-8", what, NAME_MAX_BYTES);
    return FALSE;
  }
  return TRUE;
}

/*
** Names show up in tab-separated CLI output and logs: no spaces or control
** characters, so a line always splits the same way.
*/
gboolean hub_user_name_valid(const char *name)
{
  size_t len = name ? strlen(name) : 0;
  if (len == 0 || len > 64 || !g_utf8_validate(name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_isspace(c) || g_unichar_iscntrl(c))
      return FALSE;
  }
  return TRUE;
}

/* ---- Secrets ------------------------------------------------------------------ */

/*
** getrandom blocks only until the kernel pool is first seeded, and never
** returns short reads for requests of 256 bytes or less; a failure is
** reported rather than papered over with a weaker generator.
*/
static gboolean random_bytes(guint8 *buf, size_t n, GError **error)
{
  if (getrandom(buf, n, 0) != (ssize_t)n) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_IO, "getrandom failed");
    return FALSE;
  }
  return TRUE;
}

/* Lower-case hex, so a token survives copy and paste and compares as text. */
char *hub_token_new(GError **error)
{
  guint8 b[32];
  if (!random_bytes(b, sizeof b, error))
    return NULL;
  GString *s = g_string_sized_new(65);
  for (size_t i = 0; i < sizeof b; i++)
    g_string_append_printf(s, "%02x", b[i]);
  return g_string_free(s, FALSE);
}

/* Checked before any database work: a junk header costs nothing. */
gboolean hub_token_well_formed(const char *token)
{
  if (token == NULL || strlen(token) != 64)
    return FALSE;
  for (int i = 0; i < 64; i++)
    if (!g_ascii_isxdigit(token[i]) || g_ascii_isupper(token[i]))
      return FALSE;
  return TRUE;
}

/* SHA-256 through GChecksum: the only form in which a secret is stored. */
char *hub_secret_hash(const char *secret)
{
  return g_compute_checksum_for_string(G_CHECKSUM_SHA256, secret, -1);
}

/* Crockford's base32: no I, L, O or U, so a code read aloud survives. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* 12 characters of 5 bits each, grouped by four for reading aloud. */
char *hub_enroll_code_new(GError **error)
{
  guint8 b[12];
  if (!random_bytes(b, sizeof b, error))
    return NULL;
  char out[15];
  int k = 0;
  for (int i = 0; i < 12; i++) {
    if (i == 4 || i == 8)
      out[k++] = '-';
    out[k++] = code_alphabet[b[i] & 31];
  }
  out[k] = '\0';
  return g_strdup(out);
}

/*
** People type codes from paper: case, dashes and spaces do not matter, and
** the letters Crockford's alphabet leaves out map to the digits they look
** like.  The hash is taken of this canonical form.
*/
char *hub_enroll_code_normalize(const char *typed)
{
  if (typed == NULL || strlen(typed) > 64)
    return NULL;
  GString *s = g_string_sized_new(16);
  for (const char *p = typed; *p; p++) {
    char c = g_ascii_toupper(*p);
    if (c == '-' || c == ' ')
      continue;
    if (c == 'O')
      c = '0';
    else if (c == 'I' || c == 'L')
      c = '1';
    if (strchr(code_alphabet, c) == NULL || c == '\0') {
      g_string_free(s, TRUE);
      return NULL;
    }
    g_string_append_c(s, c);
  }
  if (s->len != 12) {
    g_string_free(s, TRUE);
    return NULL;
  }
  return g_string_free(s, FALSE);
}

/* ---- Taxonomy seed ------------------------------------------------------------ */

const char *hub_taxonomy_builtin(void)
{
  return wire_taxonomy_builtin_csv();
}

/*
** Reads the records with the project's CSV reader (mb-csv.h), fields
** stripped; a record whose first field starts with '#' is a comment.
** Validates every row before returning any, so an import is all or nothing
** and the error names the first bad line.
*/
GPtrArray *hub_taxonomy_parse(const char *text, GError **error)
{
  /*
  ** A line starting with '#' is a comment, whatever it holds: it is blanked
  ** before the CSV reader sees it, so a quote in a comment opens no field
  ** (the line stays, so the reader's line numbers are the file's).
  */
  if (g_str_has_prefix(text, "\xEF\xBB\xBF"))
    text += 3;
  g_autoptr(GString) plain = g_string_sized_new(strlen(text));
  for (const char *p = text; *p;) {
    const char *end = strchr(p, '\n');
    gsize len = end ? (gsize)(end - p) : strlen(p);
    if (*p != '#')
      g_string_append_len(plain, p, (gssize)len);
    if (end == NULL)
      break;
    g_string_append_c(plain, '\n');
    p = end + 1;
  }
  g_autoptr(GError) e = NULL;
  g_autoptr(GPtrArray) rows = mb_csv_parse(plain->str, plain->len, &e);
  if (rows == NULL) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "taxonomy: %s", e->message);
    return NULL;
  }
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func((GDestroyNotify)wire_line_free);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  gboolean header = TRUE;
  for (guint i = 0; i < rows->len; i++) {
    const MbCsvRow *r = g_ptr_array_index(rows, i);
    guint n = g_strv_length(r->fields);
    for (guint k = 0; k < n; k++)
      g_strstrip(r->fields[k]);
    const char *c0 = r->fields[0];
    if (n == 1 && c0[0] == '\0')
      continue;
    if (header) {
      header = FALSE;
      if (n != 3 || strcmp(c0, "code") != 0) {
        g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID,
                    "line %d: the header must be code,name_ko,name_en", r->line);
        return NULL;
      }
      continue;
    }
    const char *ko = n == 3 ? r->fields[1] : "";
    const char *en = n == 3 ? r->fields[2] : "";
    const char *why = n != 3                    ? "3 fields expected"
                      : !pos_line_code_valid(c0)     ? "code must be 1-16 of A-Z 0-9 _ -"
                      : g_hash_table_contains(seen, c0) ? "code repeated"
                      : *ko == '\0' || strlen(ko) > POS_NAME_MAX ? "name_ko empty or too long"
                      : *en == '\0' || strlen(en) > POS_NAME_MAX ? "name_en empty or too long"
                                                                 : NULL;
    if (why) {
      g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "line %d: %s", r->line, why);
      return NULL;
    }
    HubLine *l = g_new0(HubLine, 1);
    l->code = g_strdup(c0);
    l->name_ko = g_strdup(ko);
    l->name_en = g_strdup(en);
    g_ptr_array_add(out, l);
    g_hash_table_add(seen, l->code);
  }
  if (out->len == 0) {
    g_set_error(error, HUB_ERROR, HUB_ERROR_INVALID, "taxonomy: no lines");
    return NULL;
  }
  return g_steal_pointer(&out);
}

/* ---- Events ---------------------------------------------------------------------- */

HubEvent *hub_event_new(void)
{
  return g_new0(HubEvent, 1);
}

/* An event owns its decoded payload and its JSON; NULL-safe. */
void hub_event_free(HubEvent *ev)
{
  if (ev == NULL)
    return;
  pos_sale_free(ev->doc);
  pos_product_free(ev->product);
  g_free(ev->json);
  g_free(ev->message);
  g_free(ev);
}

/*
** The code is one of the wire table's (its name is a static string that
** goes to the answer and the metrics); the message is the event's own.
*/
void hub_event_reject(HubEvent *ev, SyncWireCode code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_free(ev->message);
  ev->message = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  ev->status = HUB_STATUS_REJECTED;
  ev->code = sync_wire_code_name(code);
}

/* Leaves the summary zeroed so it can be cleared twice safely. */
void hub_summary_clear(HubSummary *s)
{
  if (s->by_tender)
    g_ptr_array_unref(s->by_tender);
  if (s->by_line)
    g_ptr_array_unref(s->by_line);
  memset(s, 0, sizeof *s);
}
