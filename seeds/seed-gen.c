/*
** seed-gen.c: the demo world and its sales.
**
** The world: markets come from markets.csv (then "가상시장 N" beyond it),
** each market's stalls are spread over product lines by the weights of
** market-lines.csv (largest remainder, so 20 stalls over weights 9:3:... is
** exact and repeatable), and the first two stalls of the market's signature
** line (signature.csv) are made core: bigger, steadier, never closed.
**
** The sales: for each stall and day, a receipt count
**   receipts x size x weekday x holiday(line) x trend(market, line, t) x noise
** (receipts is the option, 40 by default) where noise is Gaussian (wide for
** ordinary stalls, narrow for core ones),
** then each receipt gets an hour from the market's day curve, one to three
** lines from the stall's catalog, and a tender from the usual mix.  Every
** document is built by the pos library (cart, settle, void, refund), so the
** sums reconcile exactly as a till's would.  Randomness is one GRand per
** stall seeded from (seed, stall index): a stall's documents do not depend
** on how many documents other stalls had, and ids are drawn from the same
** stream, so a run is repeatable to the byte.
*/
#include "mb-csv.h"
#include "mb-clock.h"
#include "seed-int.h"
#include <math.h>
#include <string.h>

/* ---- Data files ---------------------------------------------------------- */

static GPtrArray *load_csv(const char *name, GError **error)
{
  g_autofree char *path = g_strconcat("/org/marketpos/seeds/", name, NULL);
  g_autoptr(GBytes) bytes =
    g_resource_lookup_data(seeds_get_resource(), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  gsize len;
  const char *text = g_bytes_get_data(bytes, &len);
  GPtrArray *rows = mb_csv_parse(text, len, error);
  if (rows != NULL && rows->len == 0) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "seed file %s is empty", name);
    g_clear_pointer(&rows, g_ptr_array_unref);
  }
  if (rows == NULL)
    g_prefix_error(error, "seed file %s: ", name);
  return rows;
}

static void market_free(SeedMarket *m)
{
  g_free(m->code);
  g_free(m->name);
  g_free(m->description);
  g_free(m);
}

static void stall_free(SeedStall *s)
{
  g_free(s->code);
  g_free(s->name);
  g_free(s->market_code);
  g_free(s->line_code);
  g_free(s);
}

static void line_free(SeedLine *l)
{
  g_free(l->code);
  g_free(l->name_ko);
  g_free(l->name_en);
  g_free(l);
}

static void profile_free(Profile *p)
{
  g_free(p->market);
  g_free(p->line);
  g_free(p);
}

static void catalog_row_free(CatalogRow *r)
{
  g_free(r->line);
  g_free(r->name);
  g_free(r);
}

void seed_options_init(SeedOptions *o)
{
  memset(o, 0, sizeof *o);
  o->markets = 5;
  o->stalls = 20;
  o->days = 90;
  g_strlcpy(o->until, SEED_FIXED_UNTIL, sizeof o->until);
  o->receipts = 40;
  o->seed = 1;
}

/* Reads a column by name from a row, "" when the header lacks it. */
#define COL(row, header, name) mb_csv_field((row), mb_csv_column((header), (name)))

static gboolean load_tables(SeedWorld *w, GError **error)
{
  g_autoptr(GPtrArray) taxonomy = load_csv("taxonomy.csv", error);
  g_autoptr(GPtrArray) profiles = taxonomy ? load_csv("market-lines.csv", error) : NULL;
  g_autoptr(GPtrArray) sig = profiles ? load_csv("signature.csv", error) : NULL;
  g_autoptr(GPtrArray) catalog = sig ? load_csv("catalog.csv", error) : NULL;
  g_autoptr(GPtrArray) holidays = catalog ? load_csv("holidays.csv", error) : NULL;
  if (holidays == NULL)
    return FALSE;
  MbCsvRow *h = g_ptr_array_index(taxonomy, 0);
  for (guint i = 1; i < taxonomy->len; i++) {
    MbCsvRow *r = g_ptr_array_index(taxonomy, i);
    SeedLine *l = g_new0(SeedLine, 1);
    l->code = g_strdup(COL(r, h, "code"));
    l->name_ko = g_strdup(COL(r, h, "name_ko"));
    l->name_en = g_strdup(COL(r, h, "name_en"));
    g_ptr_array_add(w->lines, l);
  }
  h = g_ptr_array_index(profiles, 0);
  for (guint i = 1; i < profiles->len; i++) {
    MbCsvRow *r = g_ptr_array_index(profiles, i);
    Profile *p = g_new0(Profile, 1);
    p->market = g_strdup(COL(r, h, "market"));
    p->line = g_strdup(COL(r, h, "line"));
    p->weight = g_ascii_strtod(COL(r, h, "weight"), NULL);
    p->trend_from = g_ascii_strtod(COL(r, h, "trend_from"), NULL);
    p->trend_to = g_ascii_strtod(COL(r, h, "trend_to"), NULL);
    g_ptr_array_add(w->profiles, p);
  }
  h = g_ptr_array_index(sig, 0);
  for (guint i = 1; i < sig->len; i++) {
    MbCsvRow *r = g_ptr_array_index(sig, i);
    g_hash_table_insert(w->signature, g_strdup(COL(r, h, "market")),
                        g_strdup(COL(r, h, "core_line")));
  }
  h = g_ptr_array_index(catalog, 0);
  for (guint i = 1; i < catalog->len; i++) {
    MbCsvRow *r = g_ptr_array_index(catalog, i);
    CatalogRow *c = g_new0(CatalogRow, 1);
    c->line = g_strdup(COL(r, h, "line"));
    c->name = g_strdup(COL(r, h, "name"));
    c->unit = strcmp(COL(r, h, "unit"), "kg") == 0 ? POS_UNIT_KG : POS_UNIT_PIECE;
    c->price = g_ascii_strtoll(COL(r, h, "price"), NULL, 10);
    c->tax = strcmp(COL(r, h, "tax"), "exempt") == 0 ? POS_TAX_EXEMPT : POS_TAX_TAXABLE;
    c->min_qty = atoi(COL(r, h, "min_qty"));
    c->max_qty = atoi(COL(r, h, "max_qty"));
    g_ptr_array_add(w->catalog_rows, c);
  }
  h = g_ptr_array_index(holidays, 0);
  for (guint i = 1; i < holidays->len; i++) {
    MbCsvRow *r = g_ptr_array_index(holidays, i);
    Holiday hd = {-1};
    if (!mb_day_parse(COL(r, h, "day"), &hd.day)) {
      g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                  "seed file holidays.csv: row %u has no day YYYY-MM-DD", i + 1);
      return FALSE;
    }
    g_array_append_val(w->holidays, hd);
  }
  return TRUE;
}

/* ---- The world ------------------------------------------------------------- */

static void add_markets(SeedWorld *w, GError **error)
{
  g_autoptr(GPtrArray) rows = load_csv("markets.csv", error);
  if (rows == NULL)
    return;
  MbCsvRow *h = g_ptr_array_index(rows, 0);
  for (int i = 0; i < w->opt.markets; i++) {
    SeedMarket *m = g_new0(SeedMarket, 1);
    if ((guint)i + 1 < rows->len) {
      MbCsvRow *r = g_ptr_array_index(rows, (guint)i + 1);
      m->code = g_strdup(COL(r, h, "code"));
      m->name = g_strdup(COL(r, h, "name"));
      m->description = g_strdup(COL(r, h, "description"));
    } else {
      m->code = g_strdup_printf("M%02d", i + 1);
      m->name = g_strdup_printf("가상시장 %d", i + 1);
      m->description = g_strdup("Fictional general market made by the generator");
    }
    g_ptr_array_add(w->markets, m);
  }
}

/* The stall-line weights of a market: its own rows over the "*" defaults. */
static GHashTable *market_weights(SeedWorld *w, const char *market)
{
  GHashTable *wt = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < w->profiles->len; i++) {
      Profile *p = g_ptr_array_index(w->profiles, i);
      if (strcmp(p->market, pass == 0 ? "*" : market) == 0)
        g_hash_table_insert(wt, p->line, g_memdup2(&p->weight, sizeof p->weight));
    }
  return wt;
}

static const char *const name_prefixes[] = {
  "행복", "대박", "싱싱", "으뜸", "제일", "우리", "엄마손", "할매", "남해", "청송",
  "전주", "영동", "소문난", "원조", "큰손", "바다", "새벽", "정직", "알뜰", "고향"};

static const char *line_noun(const char *line)
{
  static const char *const pairs[][2] = {
    {"VEG", "채소"}, {"FRUIT", "청과"}, {"FISH", "수산"}, {"MEAT", "정육점"},
    {"BANCHAN", "반찬"}, {"TTEOK", "떡집"}, {"DRIED", "건어물"}, {"GRAIN", "곡물상회"},
    {"HERB", "약초원"}, {"CLOTH", "의류"}, {"HOUSE", "생활용품"}, {"EATERY", "식당"},
    {"ETC", "잡화"}};
  for (guint i = 0; i < G_N_ELEMENTS(pairs); i++)
    if (strcmp(pairs[i][0], line) == 0)
      return pairs[i][1];
  return "상회";
}

/*
** Spreads n stalls over the lines by weight (largest remainder, ties by
** line order), so the mix is exact for any n and the same every run.
*/
static GPtrArray *spread_lines(SeedWorld *w, const char *market, int n)
{
  g_autoptr(GHashTable) wt = market_weights(w, market);
  GPtrArray *out = g_ptr_array_new();
  double total = 0;
  guint n_lines = w->lines->len;
  g_autofree double *rem = g_new0(double, n_lines);
  g_autofree int *count = g_new0(int, n_lines);
  for (guint i = 0; i < n_lines; i++) {
    const double *x = g_hash_table_lookup(wt, ((SeedLine *)g_ptr_array_index(w->lines, i))->code);
    total += x ? *x : 0;
  }
  int given = 0;
  for (guint i = 0; i < n_lines; i++) {
    const double *x = g_hash_table_lookup(wt, ((SeedLine *)g_ptr_array_index(w->lines, i))->code);
    double share = total > 0 && x ? *x * n / total : 0;
    count[i] = (int)floor(share);
    rem[i] = share - count[i];
    given += count[i];
  }
  while (given < n) {
    guint best = 0;
    for (guint i = 1; i < n_lines; i++)
      if (rem[i] > rem[best])
        best = i;
    count[best]++;
    rem[best] = -1;
    given++;
  }
  /* the market's signature line first, so its first two stalls are S01, S02;
     it gets at least two stalls, taken from the biggest other line */
  const char *sig = g_hash_table_lookup(w->signature, market);
  for (guint i = 0; sig && n >= 3 && i < n_lines; i++) {
    if (strcmp(((SeedLine *)g_ptr_array_index(w->lines, i))->code, sig) != 0)
      continue;
    while (count[i] < 2) {
      guint big = i == 0 ? 1 : 0;
      for (guint k = 0; k < n_lines; k++)
        if (k != i && count[k] > count[big])
          big = k;
      count[big]--;
      count[i]++;
    }
  }
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_lines; i++) {
      SeedLine *l = g_ptr_array_index(w->lines, i);
      gboolean is_sig = sig && strcmp(l->code, sig) == 0;
      if ((pass == 0) == is_sig)
        for (int k = 0; k < count[i]; k++)
          g_ptr_array_add(out, l->code);
    }
  return out;
}

static void add_stalls(SeedWorld *w)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  for (guint m = 0; m < w->markets->len; m++) {
    SeedMarket *market = g_ptr_array_index(w->markets, m);
    g_autoptr(GRand) rand = g_rand_new_with_seed(w->opt.seed * 7919u + m);
    g_autoptr(GPtrArray) lines = spread_lines(w, market->code, w->opt.stalls);
    const char *sig = g_hash_table_lookup(w->signature, market->code);
    if (sig == NULL && lines->len > 0)
      sig = g_ptr_array_index(lines, 0);   /* generated markets: their biggest line */
    int n_core = 0;
    for (guint i = 0; i < lines->len; i++) {
      SeedStall *s = g_new0(SeedStall, 1);
      s->code = g_strdup_printf("%s-S%02u", market->code, i + 1);
      s->market_code = g_strdup(market->code);
      s->line_code = g_strdup(g_ptr_array_index(lines, i));
      s->name = g_strdup_printf("%s%s", name_prefixes[(i + m * 7) % G_N_ELEMENTS(name_prefixes)],
                                line_noun(s->line_code));
      for (int k = 0; k < 4; k++)
        s->device_id[k] = alphabet[g_rand_int_range(rand, 0, 32)];
      s->core = n_core < 2 && strcmp(s->line_code, sig) == 0 && lines->len > 2;
      n_core += s->core;
      s->size = s->core ? 2.4 : 0.5 + g_rand_double(rand);
      g_ptr_array_add(w->stalls, s);
    }
  }
  /* planted: M03's third stall takes paper Onnuri far beyond the norm; the
     last stall of M05 never synced */
  for (guint i = 0; i < w->stalls->len; i++) {
    SeedStall *s = g_ptr_array_index(w->stalls, i);
    s->odd_onnuri = strcmp(s->code, "M03-S03") == 0;
    s->never_synced = w->opt.stalls >= 3 && g_str_has_prefix(s->code, "M05-")
                      && (i + 1 == w->stalls->len
                          || !g_str_has_prefix(((SeedStall *)g_ptr_array_index(w->stalls, i + 1))->code, "M05-"));
  }
}

static void add_catalogs(SeedWorld *w)
{
  for (guint i = 0; i < w->catalog_rows->len; i++) {
    CatalogRow *c = g_ptr_array_index(w->catalog_rows, i);
    GPtrArray *list = g_hash_table_lookup(w->catalogs, c->line);
    if (list == NULL) {
      list = g_ptr_array_new_with_free_func((GDestroyNotify)pos_product_free);
      g_hash_table_insert(w->catalogs, c->line, list);
    }
    PosProduct *p = pos_product_new();
    p->id = 0;
    p->plu = (int)list->len + 1;
    p->name = g_strdup(c->name);
    p->line_code = g_strdup(c->line);
    p->unit = c->unit;
    p->price = c->price;
    p->tax = c->tax;
    p->quick_key = (int)list->len;
    g_ptr_array_add(list, p);
  }
}

CatalogRow *seed_catalog_row(SeedWorld *w, const PosProduct *p)
{
  for (guint i = 0; i < w->catalog_rows->len; i++) {
    CatalogRow *c = g_ptr_array_index(w->catalog_rows, i);
    if (strcmp(c->line, p->line_code) == 0 && strcmp(c->name, p->name) == 0)
      return c;
  }
  return NULL;
}

SeedWorld *seed_world_new(const SeedOptions *o, GError **error)
{
  int64_t last_day = -1;
  if (o->markets < 1 || o->markets > 200 || o->stalls < 1 || o->stalls > 500 || o->days < 1
      || o->days > 3660 || o->receipts < 1 || o->receipts > 1000
      || !mb_day_parse(o->until, &last_day) || last_day < 0) {
    g_set_error(error, POS_ERROR, POS_ERROR_INVALID,
                "seed: markets 1-200, stalls 1-500, days 1-3660, receipts 1-1000 and "
                "--until YYYY-MM-DD");
    return NULL;
  }
  g_autoptr(SeedWorld) w = g_new0(SeedWorld, 1);
  w->opt = *o;
  w->last_day = last_day;
  w->first_day = w->last_day - o->days + 1;
  w->markets = g_ptr_array_new_with_free_func((GDestroyNotify)market_free);
  w->stalls = g_ptr_array_new_with_free_func((GDestroyNotify)stall_free);
  w->lines = g_ptr_array_new_with_free_func((GDestroyNotify)line_free);
  w->profiles = g_ptr_array_new_with_free_func((GDestroyNotify)profile_free);
  w->signature = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  w->catalog_rows = g_ptr_array_new_with_free_func((GDestroyNotify)catalog_row_free);
  w->catalogs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify)g_ptr_array_unref);
  w->holidays = g_array_new(FALSE, FALSE, sizeof(Holiday));
  if (!load_tables(w, error))
    return NULL;
  add_markets(w, error);
  if (w->markets->len == 0)
    return NULL;
  add_stalls(w);
  add_catalogs(w);
  return g_steal_pointer(&w);
}

void seed_world_free(SeedWorld *w)
{
  if (w == NULL)
    return;
  g_clear_pointer(&w->markets, g_ptr_array_unref);
  g_clear_pointer(&w->stalls, g_ptr_array_unref);
  g_clear_pointer(&w->lines, g_ptr_array_unref);
  g_clear_pointer(&w->profiles, g_ptr_array_unref);
  g_clear_pointer(&w->signature, g_hash_table_unref);
  g_clear_pointer(&w->catalogs, g_hash_table_unref);
  g_clear_pointer(&w->catalog_rows, g_ptr_array_unref);
  if (w->holidays)
    g_array_unref(w->holidays);
  g_free(w);
}

GPtrArray *seed_world_markets(SeedWorld *w) { return w->markets; }
GPtrArray *seed_world_stalls(SeedWorld *w) { return w->stalls; }
GPtrArray *seed_world_lines(SeedWorld *w) { return w->lines; }

GPtrArray *seed_world_catalog(SeedWorld *w, const SeedStall *stall)
{
  return g_hash_table_lookup(w->catalogs, stall->line_code);
}
