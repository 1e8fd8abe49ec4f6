/*
** test-hub-admin.c: the market-hub admin commands, run as a program: init,
** markets, stalls, users, enrollment codes (text and QR PNG), taxonomy,
** and that every bad flag or argument is refused with a usage error (exit 2)
** or a typed error, whose exit status is its code's (docs/ERRORS.md: 3 bad
** input, 4 not found, 5 refused, 6 database or file), and changes nothing.
*/
#include "hub-testutil.h"
#include "hub-store.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

typedef struct {
  char *dir;
  char *db;
} Fx;

/* Every test starts from a freshly initialised hub of its own. */
static void fx_setup(Fx *f, gconstpointer data)
{
  (void)data;
  f->dir = tu_tmpdir();
  f->db = ht_db_new(f->dir, "hub.sqlite");
  g_autofree char *out = NULL, *err = NULL;
  g_assert_cmpint(ht_cmd(f->db, &out, &err, "init", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "13 product lines"));
}

/* The directory goes with the database, its WAL and any PNG. */
static void fx_teardown(Fx *f, gconstpointer data)
{
  (void)data;
  g_free(f->db);
  tu_tmpdir_free(f->dir);
}

/* Runs a command expected to fail with status rc and an error naming code. */
static void expect_fail(const Fx *f, int rc, const char *code, ...)
{
  va_list ap;
  va_start(ap, code);
  g_autoptr(GPtrArray) argv = tu_argv_db(tu_env("MPOS_HUB"), f->db, ap);
  va_end(ap);
  g_autofree char *out = NULL, *err = NULL;
  int got = tu_run((char **)argv->pdata, &out, &err);
  g_assert_cmpint(got, ==, rc);
  g_assert_nonnull(strstr(err, "market-hub: error: "));
  if (code)
    g_assert_nonnull(strstr(err, code));
}

/* init is idempotent, seeds the taxonomy, and refuses files it does not own. */
static void test_init(Fx *f, gconstpointer data)
{
  (void)data;
  g_autofree char *out = NULL, *err = NULL;
  /* a second init keeps what is there */
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(f->db, &out, &err, "init", NULL), ==, 0);
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(ht_cmd(f->db, &out, NULL, "market", "list", NULL), ==, 0);
  g_assert_cmpstr(out, ==, "M01\t가온시장\t0\n");
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(ht_cmd(f->db, &out, NULL, "taxonomy", "list", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "FISH\t수산물\tFish and seafood\n"));
  g_assert_nonnull(strstr(out, "EATERY\t"));
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(HubStore) store = hub_store_open(f->db, HUB_OPEN_EXISTING, 1, &e);
    g_assert_no_error(e);
    const char *version_sql = hub_store_is_postgres(f->db)
                                ? "SELECT value FROM meta WHERE key = 'schema_version'"
                                : "PRAGMA user_version";
    g_assert_cmpint(ht_db_int(f->db, version_sql), ==, hub_store_schema_version(store));
  }
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM taxonomy"), ==, 13);

  /* a database that is not a hub is left alone; a missing one is not created */
  g_autofree char *other = ht_db_new(f->dir, "other.sqlite");
  ht_db_exec(other, "CREATE TABLE t(x integer)");
  g_autofree char *e1 = NULL;
  g_assert_cmpint(ht_cmd(other, NULL, &e1, "init", NULL), ==, 6);      /* storage */
  g_assert_nonnull(strstr(e1, "not_a_db"));
  g_assert_cmpint(ht_db_int(other, "SELECT count(*) FROM t"), ==, 0);   /* and untouched */
  /* a PostgreSQL database that does not exist is not created either */
  g_autofree char *missing = ht_store_pg()
                               ? g_strdup_printf("%s dbname=missing", tu_env("MPOS_TEST_PG"))
                               : g_build_filename(f->dir, "missing.sqlite", NULL);
  g_autofree char *e2 = NULL;
  g_assert_cmpint(ht_cmd(missing, NULL, &e2, "market", "list", NULL), ==, 5);  /* refused */
  g_assert_nonnull(strstr(e2, "not_initialised"));
  if (!ht_store_pg())
    g_assert_false(g_file_test(missing, G_FILE_TEST_EXISTS));
}

/* Output formats are pinned; every refusal leaves the registry as it was. */
static void test_markets_stalls(Fx *f, gconstpointer data)
{
  (void)data;
  g_autofree char *out = NULL;
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "market", "add", "M02", "--name", "나래시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "stall", "add", "S001", "--market", "M01",
                         "--name", "행복청과", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "stall", "add", "S002", "--market", "M01",
                         "--name", "바다수산", NULL), ==, 0);
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "stall", "add", "S101", "--market", "M02",
                         "--name", "나래떡집", NULL), ==, 0);
  /* a market a line, its code first, sorted by code */
  g_assert_cmpint(ht_cmd(f->db, &out, NULL, "market", "list", NULL), ==, 0);
  g_assert_cmpstr(out, ==, "M01\t가온시장\t2\nM02\t나래시장\t1\n");
  g_clear_pointer(&out, g_free);
  g_assert_cmpint(ht_cmd(f->db, &out, NULL, "stall", "list", "--market", "M01", NULL), ==, 0);
  g_assert_cmpstr(out, ==, "S001\t행복청과\tM01\tnever\nS002\t바다수산\tM01\tnever\n");

  expect_fail(f, 5, "exists", "market", "add", "M01", "--name", "again", NULL);
  expect_fail(f, 5, "exists", "stall", "add", "S001", "--market", "M02", "--name", "x", NULL);
  expect_fail(f, 4, "not_found", "stall", "add", "S009", "--market", "M99", "--name", "x", NULL);
  expect_fail(f, 4, "not_found", "stall", "list", "--market", "M99", NULL);
  expect_fail(f, 3, "bad_request", "market", "add", "m 1", "--name", "x", NULL);
  expect_fail(f, 3, "bad_request", "market", "add", "M03", "--name", "", NULL);
  expect_fail(f, 3, "bad_request", "market", "add", "M03", "--name", "\xff\xfe", NULL);
  expect_fail(f, 2, NULL, "market", "add", "M03", NULL);                 /* no --name */
  expect_fail(f, 2, NULL, "market", "add", "--name", "x", NULL);         /* no code */
  expect_fail(f, 2, NULL, "market", "add", "M03", "M04", "--name", "x", NULL);
  expect_fail(f, 2, NULL, "market", "add", "M03", "--name", "x", "--bogus", NULL);
  expect_fail(f, 2, NULL, "market", "remove", "M01", NULL);
  expect_fail(f, 2, NULL, "stall", "add", "S003", "--name", "x", NULL);  /* no --market */
  expect_fail(f, 2, NULL, "frobnicate", NULL);
  expect_fail(f, 2, NULL, "--verbose", "market", "list", NULL);
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM market"), ==, 2);
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM stall"), ==, 3);
}

/* XXXX-XXXX-XXXX in Crockford base32. */
static gboolean is_code(const char *s)
{
  if (strlen(s) != 14 || s[4] != '-' || s[9] != '-')
    return FALSE;
  for (int i = 0; i < 14; i++)
    if (i != 4 && i != 9 && strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", s[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* 64 lower-case hex digits. */
static gboolean is_token(const char *s)
{
  return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* The code alone on the last line, a real PNG, and only a hash stored. */
static void test_enroll_code(Fx *f, gconstpointer data)
{
  (void)data;
  g_autofree char *out = NULL, *err = NULL, *png = g_build_filename(f->dir, "code.png", NULL);
  ht_cmd(f->db, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL);
  ht_cmd(f->db, NULL, NULL, "stall", "add", "S001", "--market", "M01", "--name", "행복청과", NULL);
  g_assert_cmpint(ht_cmd(f->db, &out, &err, "enroll-code", "--stall", "S001", "--qr-png", png,
                         NULL), ==, 0);
  g_autofree char *code = ht_last_line(out);
  g_assert_true(is_code(code));
  g_assert_nonnull(strstr(out, "S001"));
  /* a real PNG with a square-ish QR of some size */
  g_autofree char *bytes = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(png, &bytes, &len, NULL));
  g_assert_cmpuint(len, >, 100);
  g_assert_cmpmem(bytes, 8, "\x89PNG\r\n\x1a\n", 8);
  guint32 w = GUINT32_FROM_BE(*(guint32 *)(bytes + 16));
  g_assert_cmpuint(w, >=, 21 * 8);
  /* stored hashed, never as typed */
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM enroll_code"), ==, 1);
  g_autofree char *q = g_strdup_printf("SELECT count(*) FROM enroll_code WHERE hash LIKE '%%%s%%'",
                                       code);
  g_assert_cmpint(ht_db_int(f->db, q), ==, 0);
  /* two codes differ */
  g_autofree char *code2 = ht_secret(f->db, "enroll-code", "--stall", "S001", NULL);
  g_assert_true(is_code(code2));
  g_assert_cmpstr(code, !=, code2);

  expect_fail(f, 4, "not_found", "enroll-code", "--stall", "S999", NULL);
  expect_fail(f, 2, NULL, "enroll-code", NULL);
  expect_fail(f, 2, NULL, "enroll-code", "--stall", NULL);
  g_autofree char *bad = g_build_filename(f->dir, "no", "such", "dir.png", NULL);
  expect_fail(f, 6, "io", "enroll-code", "--stall", "S001", "--qr-png", bad, NULL);
}

/* Roles and markets are checked together; revocation covers every token. */
static void test_users(Fx *f, gconstpointer data)
{
  (void)data;
  ht_cmd(f->db, NULL, NULL, "market", "add", "M01", "--name", "가온시장", NULL);
  ht_cmd(f->db, NULL, NULL, "market", "add", "M02", "--name", "나래시장", NULL);
  g_autofree char *t1 = ht_secret(f->db, "user", "add", "root", "--role", "admin", NULL);
  g_autofree char *t2 = ht_secret(f->db, "user", "add", "kim", "--role", "manager", "--market",
                                  "M01", "--market", "M02", NULL);
  g_autofree char *t3 = ht_secret(f->db, "user", "add", "lee", "--role", "consultant",
                                  "--market", "M02", NULL);
  g_assert_true(is_token(t1));
  g_assert_true(is_token(t2));
  g_assert_true(is_token(t3));
  g_assert_cmpstr(t1, !=, t2);
  /* only hashes are stored */
  g_autofree char *q = g_strdup_printf("SELECT count(*) FROM token WHERE hash = '%s'", t1);
  g_assert_cmpint(ht_db_int(f->db, q), ==, 0);
  g_autofree char *out = NULL;
  g_assert_cmpint(ht_cmd(f->db, &out, NULL, "user", "list", NULL), ==, 0);
  g_assert_cmpstr(out, ==, "kim\tmanager\tM01,M02\tactive\nlee\tconsultant\tM02\tactive\n"
                           "root\tadmin\t-\tactive\n");

  expect_fail(f, 5, "exists", "user", "add", "kim", "--role", "consultant", "--market", "M01", NULL);
  expect_fail(f, 3, "bad_request", "user", "add", "park", "--role", "manager", NULL);
  expect_fail(f, 3, "bad_request", "user", "add", "park", "--role", "admin", "--market", "M01", NULL);
  expect_fail(f, 4, "not_found", "user", "add", "park", "--role", "manager", "--market", "M09", NULL);
  expect_fail(f, 3, "bad_request", "user", "add", "a b", "--role", "admin", NULL);
  expect_fail(f, 2, NULL, "user", "add", "park", "--role", "device", NULL);
  expect_fail(f, 2, NULL, "user", "add", "park", "--role", "root", NULL);
  expect_fail(f, 2, NULL, "user", "add", "park", NULL);
  expect_fail(f, 2, NULL, "user", "delete", "kim", NULL);
  g_autofree char *users = g_strdup_printf("SELECT count(*) FROM %s", ht_users_table(f->db));
  g_assert_cmpint(ht_db_int(f->db, users), ==, 3);

  g_clear_pointer(&out, g_free);
  g_assert_cmpint(ht_cmd(f->db, &out, NULL, "user", "revoke", "kim", NULL), ==, 0);
  g_assert_nonnull(strstr(out, "1 tokens"));
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM token WHERE revoked_ms IS NULL"), ==, 2);
  expect_fail(f, 4, "not_found", "user", "revoke", "nobody", NULL);
  expect_fail(f, 5, "forbidden", "user", "token", "kim", NULL);
  g_autofree char *t4 = ht_secret(f->db, "user", "token", "lee", NULL);
  g_assert_true(is_token(t4));
}

/* CSV with BOM and quotes imports; a bad row aborts the whole file. */
static void test_taxonomy_import(Fx *f, gconstpointer data)
{
  (void)data;
  g_autofree char *good = g_build_filename(f->dir, "tax.csv", NULL);
  g_autofree char *bad = g_build_filename(f->dir, "bad.csv", NULL);
  g_assert_true(g_file_set_contents(good, "\xEF\xBB\xBF" "code,name_ko,name_en\n"
                                    "KIMCHI,김치,\"Kimchi, all kinds\"\nFISH,생선,Fish\n", -1, NULL));
  g_assert_true(g_file_set_contents(bad, "code,name_ko,name_en\nOK,좋음,Fine\nbad code,x,y\n",
                                    -1, NULL));
  g_autofree char *out = NULL;
  g_assert_cmpint(ht_cmd(f->db, &out, NULL, "taxonomy", "import", good, NULL), ==, 0);
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM taxonomy"), ==, 14);
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM taxonomy WHERE code = 'FISH'"
                                   " AND name_ko = '생선'"), ==, 1);
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM taxonomy WHERE"
                                   " name_en = 'Kimchi, all kinds'"), ==, 1);
  expect_fail(f, 3, "line 3", "taxonomy", "import", bad, NULL);
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM taxonomy"), ==, 14);  /* all or nothing */
  expect_fail(f, 6, "io", "taxonomy", "import", "/nonexistent.csv", NULL);
  expect_fail(f, 2, NULL, "taxonomy", "import", NULL);
  /* the seed file in the tree is the one compiled in */
  g_autofree char *seed = g_build_filename(tu_env("MPOS_SRCDIR"), "seeds", "taxonomy.csv", NULL);
  g_assert_cmpint(ht_cmd(f->db, NULL, NULL, "taxonomy", "import", seed, NULL), ==, 0);
  g_assert_cmpint(ht_db_int(f->db, "SELECT count(*) FROM taxonomy WHERE name_ko = '수산물'"), ==, 1);
}

/* serve refuses bad addresses, limits and TLS files before listening. */
static void test_serve_flags(Fx *f, gconstpointer data)
{
  (void)data;
  expect_fail(f, 3, "bad_request", "serve", "--listen", "localhost:80", NULL);
  expect_fail(f, 3, "bad_request", "serve", "--listen", "127.0.0.1", NULL);
  expect_fail(f, 2, NULL, "serve", "--timeout", "0", NULL);
  expect_fail(f, 2, NULL, "serve", "--max-events", "x", NULL);
  expect_fail(f, 3, "bad_request", "serve", "--listen", "127.0.0.1:0", "--tls-cert", "c.pem", NULL);
  expect_fail(f, 6, "io", "serve", "--listen", "127.0.0.1:0", "--tls-cert", "/none.pem",
              "--tls-key", "/none.key", NULL);
}

/* serve --tls-cert/--tls-key: HTTPS with a throwaway self-signed certificate. */
static void test_serve_tls(Fx *f, gconstpointer data)
{
  (void)data;
  g_autofree char *openssl = g_find_program_in_path("openssl");
  if (openssl == NULL) {
    g_test_skip("no openssl to make a certificate");
    return;
  }
  g_autofree char *cert = g_build_filename(f->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename(f->dir, "key.pem", NULL);
  char *argv[] = {openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                  "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                  "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                  "subjectAltName=IP:127.0.0.1", NULL};
  g_assert_cmpint(tu_run(argv, NULL, NULL), ==, 0);
  const char *extra[] = {"--tls-cert", cert, "--tls-key", key, NULL};
  HtHub *h = ht_hub_start(f->db, extra);
  g_assert_true(g_str_has_prefix(h->base, "https://"));
  g_autofree char *url = g_strconcat(h->base, "/healthz", NULL), *body = NULL;
  g_assert_cmpint(ht_http_full("GET", url, NULL, NULL, 0, &body, cert), ==, 200);
  g_assert_cmpstr(body, ==, "{\"status\":\"ok\"}");
  /* plain HTTP to the TLS port gets no answer */
  g_autofree char *plain = g_strdup_printf("http://127.0.0.1:%u/healthz", h->port);
  g_assert_cmpint(ht_http_full("GET", plain, NULL, NULL, 0, NULL, NULL), ==, 0);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/*
** Over --max-connections, a connection is still accepted and told 503
** busy in the protocol's JSON (a few spare slots exist for exactly that),
** and the hub serves again as soon as connections go away.
*/
static void test_serve_busy(Fx *f, gconstpointer data)
{
  (void)data;
  const char *extra[] = {"--max-connections", "2", "--timeout", "5", NULL};
  HtHub *h = ht_hub_start(f->db, extra);
  int fds[2];
  for (int i = 0; i < 2; i++) {
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(h->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fds[i] = socket(AF_INET, SOCK_STREAM, 0);
    g_assert_cmpint(connect(fds[i], (struct sockaddr *)&a, sizeof a), ==, 0);
  }
  g_usleep(200000);   /* let the hub see both */
  g_autofree char *body = NULL;
  g_assert_cmpint(ht_http("GET", h, "/healthz", NULL, NULL, &body), ==, 503);
  g_autofree char *code = ht_error_code(body);
  g_assert_cmpstr(code, ==, "busy");
  close(fds[0]);
  close(fds[1]);
  g_usleep(300000);
  g_assert_cmpint(ht_http("GET", h, "/healthz", NULL, NULL, NULL), ==, 200);
  g_assert_cmpint(mb_hub_stop(h), ==, 0);
}

/* Each test has its own fixture (a fresh hub database). */
int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add("/hub-admin/" name, Fx, NULL, fx_setup, fn, fx_teardown)
  ADD("init", test_init);
  ADD("markets-stalls", test_markets_stalls);
  ADD("enroll-code", test_enroll_code);
  ADD("users", test_users);
  ADD("taxonomy-import", test_taxonomy_import);
  ADD("serve-flags", test_serve_flags);
  ADD("serve-tls", test_serve_tls);
  ADD("serve-busy", test_serve_busy);
  return g_test_run();
}
