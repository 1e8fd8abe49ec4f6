/*
** seed-sales.c: every document of every stall of the seed world.
**
** See seed-gen.c for the model.  Counts use doubles (they are traffic, not
** money); every amount is made by the pos library from catalog prices and
** quantities, so no float ever touches a won.
*/
#include "mb-clock.h"
#include "seed-int.h"
#include <math.h>
#include <string.h>

#define BATCH_DOCS 4000
#define VOID_RATE 0.008
#define REFUND_RATE 0.004

/* The day curve of a market, 07:00 to 20:59: a morning and an evening peak. */
static const double hour_weight[24] = {
  0, 0, 0, 0, 0, 0, 0, 3, 5, 7, 10, 11, 8, 7, 7, 8, 10, 11, 9, 5, 2, 0, 0, 0};

/* Monday .. Sunday: Saturday is the market's day. */
static const double weekday_weight[7] = {0.85, 0.9, 0.95, 0.95, 1.1, 1.35, 1.0};

/* Lines that holiday shoppers buy (차례상, 선물): they double before 설 and 추석. */
static const char *const holiday_lines[] = {"FRUIT", "MEAT", "FISH", "TTEOK", "DRIED"};

typedef struct {
  SeedWorld *w;
  const SeedStall *stall;
  GRand *rand;
  GPtrArray *products;       /* PosProduct*, transfer none */
  double trend_from, trend_to;
  gboolean holiday_line;
  GPtrArray *docs;           /* PosSale*, owned */
  gboolean shut_yesterday;   /* the stall did not open the day before */
  int day_seq;
  char day[11];
} Gen;

static double gauss(GRand *r)
{
  double u = g_rand_double_range(r, 1e-12, 1.0), v = g_rand_double(r);
  return sqrt(-2.0 * log(u)) * cos(2.0 * G_PI * v);
}

/* 1970-01-01 was a Thursday: index 3 of Monday-first. */
static int weekday(int64_t day)
{
  return (int)(((day % 7) + 7 + 3) % 7);
}

/*
** 0 ordinary, 1 설날 or 추석 itself (the market is shut), 2 the ten days
** before it (the holiday shopping).  Only the day itself is shut, as most
** traditional markets do: a market shut for the whole three-day public
** holiday would leave every till silent for days.
*/
static int holiday_state(SeedWorld *w, int64_t day)
{
  for (guint i = 0; i < w->holidays->len; i++) {
    Holiday *h = &g_array_index(w->holidays, Holiday, i);
    if (day == h->day)
      return 1;
    if (day >= h->day - 10 && day < h->day)
      return 2;
  }
  return 0;
}

static void trend_of(SeedWorld *w, const SeedStall *s, double *from, double *to)
{
  *from = *to = 1.0;
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < w->profiles->len; i++) {
      Profile *p = g_ptr_array_index(w->profiles, i);
      if (strcmp(p->line, s->line_code) == 0
          && strcmp(p->market, pass == 0 ? "*" : s->market_code) == 0) {
        *from = p->trend_from;
        *to = p->trend_to;
      }
    }
}

/* A UUIDv7 from the stall's own random stream: repeatable run to run. */
static void make_id(GRand *r, int64_t ms, char out[POS_UUID_LEN + 1])
{
  guint8 b[16];
  for (int i = 0; i < 16; i++)
    b[i] = (guint8)g_rand_int_range(r, 0, 256);
  for (int i = 0; i < 6; i++)
    b[i] = (guint8)(ms >> (40 - 8 * i));
  b[6] = (guint8)(0x70 | (b[6] & 0x0f));
  b[8] = (guint8)(0x80 | (b[8] & 0x3f));
  g_snprintf(out, POS_UUID_LEN + 1,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
             b[12], b[13], b[14], b[15]);
}

/* Numbers and ids a document the way the stall's till would. */
static void stamp(Gen *g, PosSale *doc, int64_t ms)
{
  char compact[9];
  make_id(g->rand, ms, doc->id);
  g_snprintf(compact, sizeof compact, "%.4s%.2s%.2s", g->day, g->day + 5, g->day + 8);
  g_snprintf(doc->receipt_no, sizeof doc->receipt_no, "%s-%s-%04d", g->stall->device_id,
             compact, ++g->day_seq);
}

static PosTenderMethod pick_method(Gen *g)
{
  /* cash, card, zeropay, onnuri paper, onnuri card, onnuri mobile, transfer */
  static const double usual[POS_TENDER_N] = {45, 33, 6, 6, 3, 3, 4};
  static const double odd[POS_TENDER_N] = {20, 15, 3, 55, 2, 2, 3};
  const double *wt = g->stall->odd_onnuri ? odd : usual;
  double x = g_rand_double_range(g->rand, 0, 100);
  for (int m = 0; m < POS_TENDER_N; m++) {
    if (x < wt[m])
      return (PosTenderMethod)m;
    x -= wt[m];
  }
  return POS_TENDER_CASH;
}

static PosMoney round_up(PosMoney v, PosMoney unit)
{
  return (v + unit - 1) / unit * unit;
}

/* Tenders for a total: how a customer would hand them over. */
static gboolean pay(Gen *g, PosCart *cart, PosMoney total, GError **error)
{
  char ref[16];
  if (total == 0)
    return TRUE;
  PosTenderMethod m = pick_method(g);
  g_snprintf(ref, sizeof ref, "A%08u", (unsigned)g_rand_int_range(g->rand, 0, 100000000));
  switch (m) {
  case POS_TENDER_CASH: {
    static const PosMoney units[] = {1000, 1000, 5000, 10000};
    return pos_cart_add_tender(cart, m, round_up(total, units[g_rand_int_range(g->rand, 0, 4)]),
                               NULL, error);
  }
  case POS_TENDER_ONNURI_PAPER: {
    PosMoney face = round_up(total, 5000);
    if (!pos_onnuri_change_allowed(face, total, POS_ONNURI_CHANGE_PCT_DEFAULT))
      face = total / 5000 * 5000;
    if (face > 0 && !pos_cart_add_tender(cart, m, face, NULL, error))
      return FALSE;
    return face >= total || pos_cart_add_tender(cart, POS_TENDER_CASH,
                                                round_up(total - face, 1000), NULL, error);
  }
  default:
    return pos_cart_add_tender(cart, m, total, pos_tender_method_needs_ref(m) ? ref : NULL,
                               error);
  }
}

/* One receipt at ms: 1-3 lines of the stall's goods, paid. */
static PosSale *ring(Gen *g, PosCart *cart, int64_t ms, GError **error)
{
  int n_lines = 1 + (g_rand_double(g->rand) < 0.45) + (g_rand_double(g->rand) < 0.15)
                + (g->stall->core && g_rand_double(g->rand) < 0.3);
  pos_cart_clear(cart);
  for (int i = 0; i < n_lines; i++) {
    const PosProduct *p =
      g_ptr_array_index(g->products, g_rand_int_range(g->rand, 0, (gint32)g->products->len));
    const CatalogRow *c = seed_catalog_row(g->w, p);
    int64_t q = g_rand_int_range(g->rand, c->min_qty, c->max_qty + 1);
    if (g->stall->core)
      q = q * 13 / 10;   /* core stores sell bigger baskets */
    q = p->unit == POS_UNIT_KG ? MAX(10, q / 10 * 10) : MAX(1, q) * 1000;
    if (!pos_cart_add(cart, p, q, NULL, error))
      return NULL;
  }
  PosTotals t;
  if (!pos_cart_totals(cart, &t, error) || !pay(g, cart, t.total, error))
    return NULL;
  PosSale *s = pos_sale_from_cart(cart, ms, error);
  if (s != NULL)
    stamp(g, s, ms);
  return s;
}

static gboolean flush(Gen *g, SeedEmit emit, gpointer user_data, guint64 *n, GError **error)
{
  if (g->docs->len == 0)
    return TRUE;
  *n += g->docs->len;
  gboolean ok = emit(g->stall, g->docs, user_data, error);
  g_ptr_array_set_size(g->docs, 0);
  return ok;
}

static int cmp_ms(gconstpointer a, gconstpointer b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* The receipt times of one day, sorted: an hour from the curve, then any second. */
static GArray *day_times(Gen *g, int64_t day, int n)
{
  GArray *times = g_array_sized_new(FALSE, FALSE, sizeof(int64_t), (guint)n);
  double total = 0;
  for (int h = 0; h < 24; h++)
    total += hour_weight[h];
  for (int i = 0; i < n; i++) {
    double x = g_rand_double_range(g->rand, 0, total);
    int h = 0;
    while (h < 23 && x >= hour_weight[h]) {
      x -= hour_weight[h];
      h++;
    }
    int64_t ms = mb_clock_day_start_ms(day) + (int64_t)h * 3600000
                 + g_rand_int_range(g->rand, 0, 3600) * 1000LL;
    g_array_append_val(times, ms);
  }
  g_array_sort(times, cmp_ms);
  return times;
}

/*
** One stall's day.  Ordinary stalls shut now and then, core stores open
** every day, and no stall is shut two days running (the holiday counts, so
** nobody takes the day before or after it off): a till that has not synced
** for over three days is what the office highlights as silent, and only the
** never-synced stall is planted to be, so on any day every other stall has
** sold within the last two.  An open stall rings at least one receipt.
*/
static gboolean stall_day(Gen *g, PosCart *cart, int64_t day, double t, GError **error)
{
  int hol = holiday_state(g->w, day);
  gboolean day_off = hol == 1;
  if (!day_off && !g->stall->core && g_rand_double(g->rand) < 0.06)
    day_off = !g->shut_yesterday && holiday_state(g->w, day + 1) != 1;
  g->shut_yesterday = day_off;
  if (day_off)
    return TRUE;
  double lambda = g->w->opt.receipts * g->stall->size * weekday_weight[weekday(day)]
                  * (g->trend_from + (g->trend_to - g->trend_from) * t)
                  * (hol == 2 ? (g->holiday_line ? 2.0 : 1.1) : 1.0);
  double noise = 1.0 + gauss(g->rand) * (g->stall->core ? 0.06 : 0.25);
  int n = (int)MAX(1, lround(lambda * MAX(0.1, noise)));
  g_autoptr(GArray) times = day_times(g, day, n);
  mb_day_format(day, g->day);
  g->day_seq = 0;
  for (guint i = 0; i < times->len; i++) {
    int64_t ms = g_array_index(times, int64_t, i);
    PosSale *s = ring(g, cart, ms, error);
    if (s == NULL)
      return FALSE;
    g_ptr_array_add(g->docs, s);
    double x = g_rand_double(g->rand);
    if (x < VOID_RATE) {
      PosSale *v = pos_sale_void_of(s, ms + 120000, "잘못 입력");
      stamp(g, v, ms + 120000);
      g_ptr_array_add(g->docs, v);
    } else if (x < VOID_RATE + REFUND_RATE) {
      int line = 0;
      PosSale *r = pos_sale_refund_of(s, &line, 1, POS_TENDER_CASH, ms + 3 * 3600000LL,
                                      "반품", error);
      if (r == NULL)
        return FALSE;
      stamp(g, r, ms + 3 * 3600000LL);
      g_ptr_array_add(g->docs, r);
    }
  }
  return TRUE;
}

gboolean seed_world_generate(SeedWorld *w, SeedEmit emit, gpointer user_data, guint64 *n_docs,
                             GError **error)
{
  guint64 n = 0;
  PosCartRules rules = {10, POS_ONNURI_CHANGE_PCT_DEFAULT};
  g_autoptr(PosCart) cart = pos_cart_new(&rules);
  for (guint i = 0; i < w->stalls->len; i++) {
    const SeedStall *stall = g_ptr_array_index(w->stalls, i);
    if (stall->never_synced)
      continue;
    g_autoptr(GRand) rand = g_rand_new_with_seed(w->opt.seed * 1000003u + i);
    g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func((GDestroyNotify)pos_sale_free);
    Gen g = {w, stall, rand, seed_world_catalog(w, stall), 1, 1, FALSE, docs, FALSE, 0, ""};
    trend_of(w, stall, &g.trend_from, &g.trend_to);
    for (guint k = 0; k < G_N_ELEMENTS(holiday_lines); k++)
      g.holiday_line |= strcmp(stall->line_code, holiday_lines[k]) == 0;
    if (g.products == NULL || g.products->len == 0)
      continue;
    for (int64_t day = w->first_day; day <= w->last_day; day++) {
      double t = w->last_day > w->first_day
                   ? (double)(day - w->first_day) / (double)(w->last_day - w->first_day) : 1.0;
      if (!stall_day(&g, cart, day, t, error))
        return FALSE;
      if (docs->len >= BATCH_DOCS && !flush(&g, emit, user_data, &n, error))
        return FALSE;
    }
    if (!flush(&g, emit, user_data, &n, error))
      return FALSE;
  }
  if (n_docs)
    *n_docs = n;
  return TRUE;
}
