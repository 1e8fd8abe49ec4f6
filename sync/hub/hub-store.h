/*
** hub-store.h: the hub's store, behind one plain C interface.
**
** The hub keeps the market registry (markets, stalls, users, tokens,
** enrollment codes), the product-line taxonomy, every event a till sent
** (exactly once, by event id and by document id), the raw documents, and
** the rollups that the analytics module reads.  Everything the HTTP side
** needs goes through the functions below.  The types, errors and helpers
** are hub-common.c's; the hub_store_* functions (hub-store.c) call the
** backend the database string chose: a SQLite file (sqlite/) or a
** PostgreSQL database (postgres/).  The SQL lives only in those two
** folders, so the server and the CLI never know which one they have.
**
** Threading: one HubStore is shared by all connection threads.  On SQLite
** writes are serialised (one writer) and reads use a small pool of their
** own connections, so in WAL mode a reader never waits for the writer; on
** PostgreSQL every connection of the pool reads and writes, and the
** server's unique keys and row locks order concurrent batches.
**
** Errors: every fallible function takes a GError ** last and sets a code of
** the HUB_ERROR domain; hub_error_code_name() gives its stable name.
*/
#ifndef HUB_STORE_H
#define HUB_STORE_H

#include "an-data.h"
#include "pos.h"
#include "wire-codec.h"

G_BEGIN_DECLS

/* ---- Errors ------------------------------------------------------------ */

#define HUB_ERROR (hub_error_quark())
GQuark hub_error_quark(void);

/*
** X(CODE, name, HTTP status, exit status, default message): the one table of
** the hub's errors (hub-common.c), which the enum is made from too.  The
** HTTP status is what an answer made from the error has: 500 rows go out
** as "internal" (the details stay in the hub's log), the others under
** their own name, which is a code of the wire table (wire-error.h).
** The exit status is market-hub's and market-report's (mpos-errors.h).
** New codes go at the end.
*/
#define HUB_ERROR_CODES(X)                                                                \
  X(HUB_ERROR_INVALID, "bad_request", 400, MPOS_EXIT_INPUT,                               \
    "bad input: a field, a flag, a name")                                                 \
  X(HUB_ERROR_BAD_JSON, "bad_json", 400, MPOS_EXIT_INPUT,                                 \
    "a body that is not a JSON object")                                                   \
  X(HUB_ERROR_TOO_LARGE, "too_large", 413, MPOS_EXIT_INPUT,                               \
    "over a size or count limit")                                                         \
  X(HUB_ERROR_NOT_FOUND, "not_found", 404, MPOS_EXIT_NOT_FOUND,                           \
    "no such market, stall, user, receipt or code")                                       \
  X(HUB_ERROR_EXISTS, "exists", 409, MPOS_EXIT_REFUSED, "a code or name already taken")   \
  X(HUB_ERROR_CODE_USED, "code_used", 409, MPOS_EXIT_REFUSED,                             \
    "the enrollment code was traded or expired")                                          \
  X(HUB_ERROR_UNAUTHORIZED, "unauthorized", 401, MPOS_EXIT_REFUSED,                       \
    "no, unknown or revoked token")                                                       \
  X(HUB_ERROR_FORBIDDEN, "forbidden", 403, MPOS_EXIT_REFUSED,                             \
    "the token does not cover this")                                                      \
  X(HUB_ERROR_DB, "db", 500, MPOS_EXIT_STORAGE, "the hub database failed")                \
  X(HUB_ERROR_BUSY, "busy", 503, MPOS_EXIT_STORAGE,                                       \
    "the database is locked by someone else")                                             \
  X(HUB_ERROR_NOT_A_DB, "not_a_db", 500, MPOS_EXIT_STORAGE,                               \
    "the file is not a hub database")                                                     \
  X(HUB_ERROR_SCHEMA, "schema", 500, MPOS_EXIT_STORAGE,                                   \
    "the database was written by a newer hub")                                            \
  X(HUB_ERROR_NOT_INITIALISED, "not_initialised", 500, MPOS_EXIT_REFUSED,                 \
    "no hub database yet: run 'market-hub init'")                                         \
  X(HUB_ERROR_IO, "io", 500, MPOS_EXIT_STORAGE, "a file: certificate, CSV, PNG, report")  \
  X(HUB_ERROR_LISTEN, "listen", 500, MPOS_EXIT_NETWORK,                                   \
    "the server could not start listening")                                               \
  X(HUB_ERROR_EXPOSED, "exposed", 500, MPOS_EXIT_REFUSED,                                 \
    "the database is open to group or others: chmod 600, or --allow-readable-db")  \
  X(HUB_ERROR_UNSUPPORTED, "unsupported", 500, MPOS_EXIT_REFUSED,                         \
    "not possible here: a PostgreSQL tool (pg_dump, pg_restore) is not installed")  \
  X(HUB_ERROR_DB_UNREACHABLE, "db_unreachable", 503, MPOS_EXIT_NETWORK,                   \
    "the database server refused or lost the connection")                                 \
  X(HUB_ERROR_DB_LOGIN, "db_login", 500, MPOS_EXIT_REFUSED,                               \
    "the database server refused the login: user or password")                            \
  X(HUB_ERROR_TARGET_NOT_EMPTY, "target_not_empty", 500, MPOS_EXIT_REFUSED,               \
    "the hub to migrate into already holds markets, users or events")                     \
  X(HUB_ERROR_MIGRATE_SAME, "migrate_same", 500, MPOS_EXIT_INPUT,                         \
    "the source and the target of a migration are the same database")                     \
  X(HUB_ERROR_MIGRATE_MISMATCH, "migrate_mismatch", 500, MPOS_EXIT_STORAGE,               \
    "the migrated hub differs from its source: counts or totals, or an event not accepted")

/* HUB_ERROR_NONE is not a code: the numbering starts at 1. */
MPOS_ERROR_ENUM(HubErrorCode, HUB_ERROR_NONE, HUB_ERROR_CODES);

/*
** The lookups (mpos-errors.h): hub_error_info(code) the row, NULL for an
** unknown code; hub_error_code_name(code) the stable name ("not_found",
** "code_used"...), never NULL; hub_error_code_from_name(name, &out) FALSE
** for an unknown name; hub_error_table(&n) the whole table in code order.
*/
MPOS_ERROR_DOMAIN_DECLARE(HubErrorCode, hub_error);
/*
** The code of the hub's answer for an error of any domain: a HubError's
** own name when the wire table has it, "internal" otherwise.
*/
SyncWireCode hub_error_wire_code(const GError *error);

/* ---- Roles, principals ---------------------------------------------------- */

typedef enum {
  HUB_ROLE_ADMIN = 0,
  HUB_ROLE_MANAGER,
  HUB_ROLE_CONSULTANT,
  HUB_ROLE_DEVICE
} HubRole;

const char *hub_role_name(HubRole role);                 /* "admin", ... */
gboolean hub_role_parse(const char *name, HubRole *out); /* users' roles only */

/* Who a valid token belongs to. */
typedef struct {
  HubRole role;
  int64_t token_id;
  int64_t user_id;       /* users; 0 for devices */
  char *name;            /* user name, or the device id */
  int64_t stall_id;      /* devices: their stall */
  int64_t market_id;     /* devices: their stall's market */
  GArray *markets;       /* int64_t market ids of managers and consultants */
} HubPrincipal;

void hub_principal_free(HubPrincipal *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HubPrincipal, hub_principal_free)

/* ---- Registry records ------------------------------------------------------ */

typedef struct {
  int64_t id;
  char *code;
  char *name;
  int64_t n_stalls;
} HubMarket;

typedef struct {
  int64_t id;
  char *code;
  char *name;
  int64_t market_id;
  char *market_code;
  char *market_name;
  int64_t last_sync_ms;  /* 0: never synced */
} HubStall;

/* A line of the market's taxonomy: the wire's (freed with wire_line_free). */
typedef WireLine HubLine;

void hub_market_free(HubMarket *m);
void hub_stall_free(HubStall *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HubStall, hub_stall_free)

/* TRUE when the principal may read the stall's figures. */
gboolean hub_principal_can_read(const HubPrincipal *p, const HubStall *stall);
/* TRUE when the principal may read a whole market (reports, stall list). */
gboolean hub_principal_can_read_market(const HubPrincipal *p, int64_t market_id);
/* TRUE when the principal may issue enrollment codes for the stall. */
gboolean hub_principal_can_enroll(const HubPrincipal *p, const HubStall *stall);

/* ---- Helpers shared by the store, the server and the CLI -------------------- */

/* Market and stall codes: 1..16 of A-Z, 0-9, '_' or '-'. */
gboolean hub_code_valid(const char *code);
/* The same as errors: INVALID saying what ("market", "stall") was wrong. */
gboolean hub_code_check(const char *code, const char *what, GError **error);
/* Market and stall names: 1..120 bytes of UTF-8; INVALID otherwise. */
gboolean hub_name_check(const char *name, const char *what, GError **error);
/* User names: 1..64 bytes of UTF-8, no spaces or control characters. */
gboolean hub_user_name_valid(const char *name);
/* A new token: 64 lower-case hex digits of getrandom. Transfer full. */
char *hub_token_new(GError **error);
/* TRUE for 64 lower-case hex digits. */
gboolean hub_token_well_formed(const char *token);
/* SHA-256 of a secret, hex. Transfer full. */
char *hub_secret_hash(const char *secret);
/* A new enrollment code "XXXX-XXXX-XXXX" (60 random bits). Transfer full. */
char *hub_enroll_code_new(GError **error);
/* The canonical form of a typed code (case, dashes, look-alikes), or NULL. */
char *hub_enroll_code_normalize(const char *typed);

/* The built-in taxonomy (seeds/taxonomy.csv, compiled in). */
const char *hub_taxonomy_builtin(void);
/*
** Parses taxonomy CSV text: a header code,name_ko,name_en then one line a
** row; fields may be double-quoted.  All or nothing: INVALID names the line.
** Array of HubLine*.
*/
GPtrArray *hub_taxonomy_parse(const char *text, GError **error);

/* ---- The store -------------------------------------------------------------- */

typedef struct HubStore HubStore;

typedef enum {
  HUB_OPEN_EXISTING = 0,  /* NOT_INITIALISED when there is no hub yet */
  HUB_OPEN_CREATE = 1     /* create and migrate (init) */
} HubOpenMode;

/*
** TRUE when db names a PostgreSQL database: a postgresql:// or postgres://
** URI, or a libpq keyword/value string ("host=/tmp dbname=hub").  Anything
** else is the path of a SQLite file.
*/
gboolean hub_store_is_postgres(const char *db);

/*
** Opens the store db names (hub_store_is_postgres) with n_readers
** connections for reads (at least 1; on PostgreSQL the size of the pool
** that reads and writes).  Transfer full.
*/
HubStore *hub_store_open(const char *db, HubOpenMode mode, guint n_readers,
                         GError **error);
/* The schema version the store is at (each backend counts its own). */
int hub_store_schema_version(HubStore *store);
/* The schema version this program writes on PostgreSQL (postgres) or on
** SQLite, without opening a store: for --version. */
int hub_store_schema_version_of(gboolean postgres);

void hub_store_close(HubStore *store);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HubStore, hub_store_close)
/*
** Lets every reader keep up to mib MiB of database pages.  For a long-lived
** hub: a reader then holds what recent reports read.  A one-shot process
** (market-report --db) does better with SQLite's default of 2 MiB, which
** recycles its pages instead of faulting in fresh memory for each.  Call
** before any other thread uses the store.  On PostgreSQL the server sizes
** its own cache (shared_buffers): a no-op there.
*/
gboolean hub_store_cache_readers(HubStore *store, guint mib, GError **error);

/* A cheap query on a reader connection: the store answers. */
gboolean hub_store_ping(HubStore *store, GError **error);

/*
** The data version: a token (NUL-terminated, into out) that changes
** whenever anything may have been committed to the database since it was
** last asked, by this process or another one.  Equal tokens before two
** reads mean no commit came between: what was read before the first may
** stand for the second (the report cache, hub-report-cache.h).  Read it
** before what it vouches for, never after.  SQLite: PRAGMA data_version on
** a connection of its own that never writes; PostgreSQL: a digest of the
** server's current snapshot (any transaction that took an id since, here
** or in another database of the server, changes it: more often than
** needed, never too seldom).
*/
#define HUB_DATA_VERSION_LEN 72
gboolean hub_store_data_version(HubStore *store, char out[HUB_DATA_VERSION_LEN],
                                GError **error);

/* ---- Backup and restore ----------------------------------------------------- */

/*
** An online copy of the hub database db into the new file dest: one
** consistent moment of the database, taken while the hub serves, without
** holding up its writer.  dest appears complete or not at all (nothing
** half-written under that name); an existing dest is EXISTS.  On
** PostgreSQL dest is a pg_dump archive in the custom format
** (postgres/hub-store-pg-backup.c); UNSUPPORTED when pg_dump is missing.
*/
gboolean hub_store_backup(const char *db, const char *dest, GError **error);
/*
** Replaces the hub database db with the backup from, after checking it:
** SQLite's integrity check (NOT_A_DB), a hub's marker (NOT_A_DB), a schema
** this hub reads (SCHEMA when newer).  Refused with BUSY while any process
** holds db open through hub_store_open (a running hub, an admin command).
** The replaced file is kept beside it as DB.before-restore.  On
** PostgreSQL from is a pg_dump archive of a hub (NOT_A_DB otherwise,
** SCHEMA when newer) and db must be an empty database (EXISTS): it is
** filled in one transaction, all or nothing.
*/
gboolean hub_store_restore(const char *db, const char *from, GError **error);

/* Markets and stalls. */
gboolean hub_store_market_add(HubStore *store, const char *code, const char *name,
                              GError **error);
GPtrArray *hub_store_market_list(HubStore *store, GError **error);  /* HubMarket* */
gboolean hub_store_stall_add(HubStore *store, const char *code, const char *market_code,
                             const char *name, GError **error);
/* Stalls of one market (or all, market_code NULL). Array of HubStall*. */
GPtrArray *hub_store_stall_list(HubStore *store, const char *market_code, GError **error);
HubStall *hub_store_stall_get(HubStore *store, const char *code, GError **error);

/* Users and tokens.  The token is returned once and stored only hashed. */
gboolean hub_store_user_add(HubStore *store, const char *name, HubRole role,
                            const char *const *market_codes, char **token,
                            GError **error);
/* A further token for an active user (the old ones stay valid). */
gboolean hub_store_user_token(HubStore *store, const char *name, char **token,
                              GError **error);
/* Revokes the user and every token of theirs; *n_tokens gets how many. */
gboolean hub_store_user_revoke(HubStore *store, const char *name, guint *n_tokens,
                               GError **error);
/* Lines "NAME\tROLE\tMARKETS\tSTATE" for the CLI. Array of char*. */
GPtrArray *hub_store_user_list(HubStore *store, GError **error);
/* Revokes the device tokens of a stall (one device, or all when NULL). */
gboolean hub_store_device_revoke(HubStore *store, const char *stall_code,
                                 const char *device_id, guint *n_tokens, GError **error);
/* The principal of a token; UNAUTHORIZED for unknown or revoked ones. */
HubPrincipal *hub_store_authenticate(HubStore *store, const char *token, GError **error);

/* Enrollment: one-time codes, HUB_ENROLL_TTL_MS long, stored hashed. */
#define HUB_ENROLL_TTL_MS ((int64_t)7 * 24 * 3600 * 1000)
gboolean hub_store_enroll_code_new(HubStore *store, const char *stall_code,
                                   int64_t now_ms, char **code, int64_t *expires_ms,
                                   GError **error);
/* Trades a code for a device token (CODE_USED: traded or expired). */
gboolean hub_store_enroll(HubStore *store, const char *code, const char *device_id,
                          int64_t now_ms, char **token, HubStall **stall,
                          GError **error);

/* Taxonomy: upserts the lines (all or nothing). */
gboolean hub_store_taxonomy_import(HubStore *store, GPtrArray *lines, GError **error);
GPtrArray *hub_store_taxonomy_list(HubStore *store, GError **error);  /* HubLine* */

/* ---- Ingest ------------------------------------------------------------------ */

typedef enum {
  HUB_EVENT_SALE = 0,
  HUB_EVENT_VOID,
  HUB_EVENT_REFUND,
  HUB_EVENT_DAY_CLOSE,
  HUB_EVENT_PRODUCT
} HubEventKind;

typedef enum {
  HUB_STATUS_PENDING = 0,
  HUB_STATUS_ACCEPTED,
  HUB_STATUS_DUPLICATE,
  HUB_STATUS_REJECTED
} HubEventStatus;

/* Clock skew above this is flagged on the event and counted. */
#define HUB_SKEW_LIMIT_MS ((int64_t)5 * 60 * 1000)

/* The key fields of a day close, as the wire decodes them. */
typedef WireDayClose HubDayClose;

/* One decoded event of a batch, and (after ingest) what became of it. */
typedef struct {
  char id[POS_UUID_LEN + 1];
  HubEventKind kind;
  int64_t device_time_ms;
  int64_t skew_ms;         /* hub time - the batch's sent_ms (0 if unknown) */
  gboolean skewed;
  PosSale *doc;            /* sale, void, refund: decoded and reconciled */
  PosProduct *product;     /* product */
  HubDayClose close;       /* day_close */
  char *json;              /* the payload as stored */
  HubEventStatus status;   /* REJECTED before ingest: decoding failed */
  const char *code;        /* rejection code: a wire code's name (static) */
  char *message;
} HubEvent;

HubEvent *hub_event_new(void);
void hub_event_free(HubEvent *ev);
/* Marks the event rejected with a stable code and a message (printf). */
void hub_event_reject(HubEvent *ev, SyncWireCode code, const char *fmt, ...)
  G_GNUC_PRINTF(3, 4);

/*
** Stores the events of one batch of stall_id in one transaction, with the
** rollups: each event exactly once (a repeat by event id or document id is
** DUPLICATE), voids and refunds only of originals the stall has and only
** as the ledger allows them (already_voided, already_refunded,
** over_refund), lines only of the taxonomy (unknown_line); each judged in
** the batch's order.  The stall's last sync time moves only when some
** event was ACCEPTED or DUPLICATE.  Events already REJECTED are skipped.
** On FALSE nothing was stored and the statuses are meaningless.
*/
gboolean hub_store_ingest(HubStore *store, int64_t stall_id, GPtrArray *events,
                          int64_t received_ms, GError **error);

/* ---- Queries ------------------------------------------------------------------ */

typedef struct {
  char *key;               /* tender method or line code */
  PosMoney amount;
} HubAmount;

typedef struct {
  int64_t receipts;        /* sales less voids */
  int64_t sales, voids, refunds;
  PosMoney total, taxable, supply, vat, exempt;
  GPtrArray *by_tender;    /* HubAmount*, by key */
  GPtrArray *by_line;      /* HubAmount*, by key */
  int64_t last_sync_ms;    /* 0: never */
} HubSummary;

void hub_summary_clear(HubSummary *s);
/* Figures of a stall over [from, to] (days), from the rollups only. */
gboolean hub_store_summary(HubStore *store, int64_t stall_id, const char *from,
                           const char *to, HubSummary *out, GError **error);

/* The stored JSON of a document and its stall; NOT_FOUND when unknown. */
gboolean hub_store_receipt(HubStore *store, const char *doc_id, char **json,
                           HubStall **stall, GError **error);

/* How many stalls synced within each window (ms before now); *n_stalls all. */
gboolean hub_store_sync_windows(HubStore *store, int64_t now_ms, const int64_t *windows,
                                guint n_windows, int64_t *counts, int64_t *n_stalls,
                                GError **error);

/* ---- Report datasets ------------------------------------------------------------ */

/*
** Which rollups a report reads beyond the stalls' daily totals, which every
** report reads: lines and stores never look at hours or tenders, and the
** stalls report never at lines (the market's and the other markets' line
** sums were about half of what a 30-day stalls report read).
*/
typedef enum {
  HUB_NEED_LINES = 1 << 0,        /* line sums per period, this market's and the others' */
  HUB_NEED_HOURS_TENDERS = 1 << 1,/* weekday x hour sums, tender sums: read of the
                                  ** report period only (a store may load the
                                  ** comparison period's; no measure reads them) */
  HUB_NEED_ALL = HUB_NEED_LINES | HUB_NEED_HOURS_TENDERS
} HubDatasetNeeds;

/*
** The dataset for one market over the given periods (the report period
** first, then its comparison period, if any), with the rollups needs asks
** for.  NOT_FOUND for an unknown market.  Transfer full.
*/
AnDataset *hub_store_dataset(HubStore *store, const char *market_code,
                             const AnPeriod *periods, guint n_periods, HubDatasetNeeds needs,
                             GError **error);

/* ---- Moving a hub to another store (hub-migrate.h drives these) -------------- */

/*
** The registry as rows, with the source's own ids, so that the target
** keeps them (a stall's id is how the replayed events find it) and the
** tills keep their tokens: only hashes are copied, never a secret.  A
** missing time or reference is 0 (SQL NULL).
*/
typedef struct {
  int64_t id;
  char *code, *name;
  int64_t created_ms;
} HubMarketRow;

typedef struct {
  int64_t id, market_id;
  char *code, *name;
  int64_t created_ms, last_sync_ms;
} HubStallRow;

typedef struct {
  int64_t id;
  char *name, *role;       /* admin, manager, consultant */
  int64_t created_ms, revoked_ms;
  GArray *market_ids;      /* int64_t */
} HubUserRow;

typedef struct {
  int64_t id;
  char *hash, *role;       /* role: a user's, or "device" */
  int64_t user_id, stall_id;
  char *device_id;         /* devices only, else NULL */
  int64_t created_ms, revoked_ms;
} HubTokenRow;

typedef struct {
  int64_t id;
  char *hash;
  int64_t stall_id, created_ms, expires_ms, used_ms, token_id;
} HubEnrollRow;

/* An engagement (hub-engagement.h) with the ids of its stalls. */
typedef struct {
  int64_t id, market_id;
  char *start_day, *label;
  int64_t created_ms;
  GArray *stall_ids;       /* int64_t, ascending */
} HubEngagementRow;

typedef struct {
  GPtrArray *markets;      /* HubMarketRow*, by id */
  GPtrArray *stalls;       /* HubStallRow*, by id */
  GPtrArray *users;        /* HubUserRow*, by id */
  GPtrArray *tokens;       /* HubTokenRow*, by id */
  GPtrArray *enroll_codes; /* HubEnrollRow*, by id */
  GPtrArray *lines;        /* HubLine*: the taxonomy */
  GPtrArray *engagements;  /* HubEngagementRow*, by id */
} HubRegistry;

/* Every array empty, owning what is added to it.  Transfer full. */
HubRegistry *hub_registry_new(void);
void hub_registry_free(HubRegistry *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HubRegistry, hub_registry_free)

/*
** One stored event of a stall as the store keeps it, enough to replay it
** through hub_store_ingest: the envelope's fields, and the payload as
** stored (a document's or a day close's JSON).  A product event carries
** the stall's product as it is now (the store keeps a product's latest
** state only, so every product event of a PLU replays that state).
*/
typedef struct {
  char id[POS_UUID_LEN + 1];
  HubEventKind kind;
  int64_t device_time_ms, received_ms, skew_ms;
  gboolean skewed;
  char business_day[11];   /* documents and day closes; "" for products */
  char *json;              /* documents and day closes */
  PosProduct *product;     /* products */
} HubStoredEvent;

void hub_stored_event_free(HubStoredEvent *e);   /* NULL-safe */

/*
** Counts and won of one stall's day, from the raw documents and day
** closes (not the rollups), for comparing two hubs; day "" holds the
** stall's count of events of every kind.
*/
typedef struct {
  int64_t stall_id;
  char day[11];
  int64_t events, sales, voids, refunds, closes;
  PosMoney sales_won, voids_won, refunds_won;
} HubDayTotals;

/* The registry of a hub; transfer full. */
HubRegistry *hub_store_export_registry(HubStore *store, GError **error);
/*
** A stall's stored events in the order they were stored (SQLite: the
** insertion order; PostgreSQL: received time, then device time, kind and
** id), HubStoredEvent*; transfer full.
*/
GPtrArray *hub_store_export_events(HubStore *store, int64_t stall_id, GError **error);
/* Every stall's HubDayTotals, by stall and day; transfer full. */
GPtrArray *hub_store_export_totals(HubStore *store, GError **error);
/*
** Starts filling an empty hub: refuses one that holds any market, user,
** token or event (TARGET_NOT_EMPTY), opens the one transaction everything
** after it runs in (hub_store_ingest included: each batch becomes a
** savepoint inside it), and writes the registry with its ids, the
** taxonomy replacing what init put there.  The store must have been
** opened with one connection, and nothing else may use it until
** hub_store_import_end.
*/
gboolean hub_store_import_begin(HubStore *store, const HubRegistry *reg, GError **error);
/*
** Ends it: with commit, puts back each stall's last sync time (the replay
** moved it) and commits; without, rolls everything back.  After a failed
** commit nothing of the import is in the database.
*/
gboolean hub_store_import_end(HubStore *store, const HubRegistry *reg, gboolean commit,
                              GError **error);

G_END_DECLS
#endif
