/*
** an-config.c: defaults, the key file, validation.
**
** One table describes every setting (group, key, type, range, meaning);
** loading, printing and the reports' echo of the configuration all walk it,
** so a new setting is one row here and one field in AnConfig.
*/
#include "an-config.h"
#include <math.h>
#include <stddef.h>
#include <string.h>

#define D(g, k, f, lo, hi, doc) \
  { g, k, AN_CONFIG_DOUBLE, offsetof(AnConfig, f), lo, hi, doc }
#define I(g, k, f, lo, hi, doc) \
  { g, k, AN_CONFIG_INT, offsetof(AnConfig, f), lo, hi, doc }
#define L(g, k, f, lo, hi, doc) \
  { g, k, AN_CONFIG_INT64, offsetof(AnConfig, f), lo, hi, doc }

static const AnConfigKey KEYS[] = {
  D("lines", "lq_min_share", lq_min_share, 0, 1,
    "LQ, growth verdicts and score only for lines with at least this share of the market"),
  L("lines", "lq_min_revenue_per_day", lq_min_revenue_per_day, 0, 1e12,
    "and at least this revenue (won) per day of the period"),
  D("lines", "lq_competitive", lq_competitive, 0, 100,
    "LQ at or above which a line is specialised (competitive)"),
  D("lines", "growth_emerging", growth_emerging, -1, 100,
    "growth at or above which a line that outgrew the city is emerging"),
  D("lines", "growth_declining", growth_declining, -1, 100,
    "growth at or below which a line is declining"),
  D("lines", "competitive_eroding", competitive_eroding, -1, 0,
    "growth minus the city's growth of the line at or below which a specialised line "
    "is losing ground (verdict eroding)"),
  D("lines", "hhi_high", hhi_high, 0, 10000,
    "HHI above which a line is highly concentrated in few stalls"),
  D("lines", "lq_cap", lq_cap, 0.01, 100, "LQ that fills the specialisation part of the score"),
  D("lines", "growth_cap", growth_cap, 0.01, 100,
    "growth (and growth over the city) that fills or empties the growth parts"),
  D("lines", "share_cap", share_cap, 0.001, 1, "share that fills the share part"),
  D("lines", "penetration_cap", penetration_cap, 0.001, 1,
    "basket penetration that fills the penetration part"),
  D("lines", "w_lq", w_lq, 0, 100, "score weight: specialisation (LQ)"),
  D("lines", "w_growth", w_growth, 0, 100, "score weight: growth"),
  D("lines", "w_competitive", w_competitive, 0, 100,
    "score weight: growth over the city's growth of the line (competitive effect)"),
  D("lines", "w_share", w_share, 0, 100, "score weight: share of the market"),
  D("lines", "w_penetration", w_penetration, 0, 100, "score weight: basket penetration"),
  D("lines", "w_breadth", w_breadth, 0, 100, "score weight: breadth, 1 - HHI/10000"),
  I("stores", "top_n", top_n, 0, 1000, "core stores per market (highest scores)"),
  I("stores", "abc_a_pct", abc_a_pct, 1, 100, "ABC: class A holds the first this % of revenue"),
  I("stores", "abc_b_pct", abc_b_pct, 0, 99, "ABC: class B the next this %"),
  D("stores", "cv_cap", cv_cap, 0.01, 100,
    "coefficient of variation of daily revenue at which stability scores 0"),
  D("stores", "w_size", ws_size, 0, 100, "score weight: revenue relative to the market's leader"),
  D("stores", "w_growth", ws_growth, 0, 100, "score weight: growth"),
  D("stores", "w_stability", ws_stability, 0, 100, "score weight: stability (1 - CV/cv_cap)"),
  D("stores", "w_regularity", ws_regularity, 0, 100, "score weight: active days / days"),
  D("stores", "w_competitive", ws_competitive, 0, 100,
    "score weight: share of the stall's revenue in competitive lines"),
  D("stores", "w_relative", ws_relative, 0, 100,
    "score weight: relative share in its main line (leader = 1)"),
  I("stalls", "stale_days", stale_days, 1, 3650,
    "a stall whose last sync is older than this many days is flagged"),
  D("stalls", "onnuri_flag_share", onnuri_flag_share, 0, 1,
    "Onnuri share of tenders at or above which a stall is flagged for a look"),
  I("confidence", "resamples", resamples, 0, 1000,
    "resamples of the period's days behind each verdict's confidence (0: none)"),
  I("confidence", "seed", seed, 0, 2147483647, "seed of the resamples"),
  D("confidence", "fragile_below", fragile_below, 0, 1,
    "confidence under which a verdict or core call is marked fragile"),
};

/* The defaults of docs/ANALYTICS.md; change both together. */
void an_config_init(AnConfig *c)
{
  memset(c, 0, sizeof *c);
  c->lq_min_share = 0.005;
  c->lq_min_revenue_per_day = 10000;
  c->lq_competitive = 1.25;
  c->growth_emerging = 0.10;
  c->growth_declining = -0.10;
  c->competitive_eroding = -0.10;
  c->hhi_high = 1800;
  c->lq_cap = 2.0;
  c->growth_cap = 0.30;
  c->share_cap = 0.20;
  c->penetration_cap = 0.30;
  c->w_lq = 0.30;
  c->w_growth = 0.20;
  c->w_competitive = 0.15;
  c->w_share = 0.15;
  c->w_penetration = 0.10;
  c->w_breadth = 0.10;
  c->top_n = 2;
  c->abc_a_pct = 80;
  c->abc_b_pct = 15;
  c->cv_cap = 1.0;
  c->ws_size = 0.30;
  c->ws_growth = 0.15;
  c->ws_stability = 0.15;
  c->ws_regularity = 0.10;
  c->ws_competitive = 0.15;
  c->ws_relative = 0.15;
  c->stale_days = 3;
  c->onnuri_flag_share = 0.6;
  c->resamples = 100;
  c->seed = 1;
  c->fragile_below = 0.8;
}

/* The table itself: the JSON echo and the printed file walk it. */
const AnConfigKey *an_config_keys(guint *n)
{
  *n = G_N_ELEMENTS(KEYS);
  return KEYS;
}

/* Reads a field through the table's offset and type. */
double an_config_value(const AnConfig *config, const AnConfigKey *key)
{
  const char *base = (const char *)config + key->offset;
  switch (key->kind) {
  case AN_CONFIG_INT: return *(const int *)(const void *)base;
  case AN_CONFIG_INT64: return (double)*(const int64_t *)(const void *)base;
  default: return *(const double *)(const void *)base;
  }
}

/* Writes a field through the table (values were range checked first). */
void an_config_set_value(AnConfig *config, const AnConfigKey *key, double v)
{
  char *base = (char *)config + key->offset;
  switch (key->kind) {
  case AN_CONFIG_INT: *(int *)(void *)base = (int)v; break;
  case AN_CONFIG_INT64: *(int64_t *)(void *)base = (int64_t)v; break;
  default: *(double *)(void *)base = v; break;
  }
}

/*
** Ranges come from the table; the checks between settings are the ones a
** wrong file could break silently: cut order, ABC summing past 100, and a
** score with no weight at all.
*/
gboolean an_config_validate(const AnConfig *c, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS(KEYS); i++) {
    double v = an_config_value(c, &KEYS[i]);
    if (!isfinite(v) || v < KEYS[i].min || v > KEYS[i].max) {
      g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "[%s] %s = %g outside %g..%g",
                  KEYS[i].group, KEYS[i].key, v, KEYS[i].min, KEYS[i].max);
      return FALSE;
    }
  }
  if (c->growth_declining >= c->growth_emerging) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID,
                "[lines] growth_declining must be below growth_emerging");
    return FALSE;
  }
  if (c->abc_a_pct + c->abc_b_pct > 100) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID,
                "[stores] abc_a_pct + abc_b_pct is over 100");
    return FALSE;
  }
  if (c->w_lq + c->w_growth + c->w_competitive + c->w_share + c->w_penetration
      + c->w_breadth <= 0) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "[lines] every score weight is 0");
    return FALSE;
  }
  if (c->ws_size + c->ws_growth + c->ws_stability + c->ws_regularity + c->ws_competitive
      + c->ws_relative <= 0) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "[stores] every score weight is 0");
    return FALSE;
  }
  return TRUE;
}

/* Linear: thirty settings, read once per run. */
static const AnConfigKey *lookup(const char *group, const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS(KEYS); i++)
    if (strcmp(KEYS[i].group, group) == 0 && strcmp(KEYS[i].key, key) == 0)
      return &KEYS[i];
  return NULL;
}

/* Integers are read as integers: "2.5" for top_n is an error, not 2. */
static gboolean read_value(GKeyFile *kf, const char *group, const AnConfigKey *k,
                           double *out, GError **error)
{
  g_autoptr(GError) e = NULL;
  if (k->kind == AN_CONFIG_DOUBLE) {
    *out = g_key_file_get_double(kf, group, k->key, &e);
  } else {
    *out = (double)g_key_file_get_int64(kf, group, k->key, &e);
  }
  if (e != NULL) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "[%s] %s: %s", group, k->key, e->message);
    return FALSE;
  }
  return TRUE;
}

/* Works on a copy and commits only when every key and the cross checks pass. */
static gboolean apply(AnConfig *config, GKeyFile *kf, GError **error)
{
  AnConfig next = *config;
  gsize n_groups = 0;
  g_auto(GStrv) groups = g_key_file_get_groups(kf, &n_groups);
  for (gsize g = 0; g < n_groups; g++) {
    gsize n_keys = 0;
    g_auto(GStrv) keys = g_key_file_get_keys(kf, groups[g], &n_keys, NULL);
    for (gsize k = 0; k < n_keys; k++) {
      const AnConfigKey *key = lookup(groups[g], keys[k]);
      double v;
      if (key == NULL) {
        g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "unknown setting [%s] %s",
                    groups[g], keys[k]);
        return FALSE;
      }
      if (!read_value(kf, groups[g], key, &v, error))
        return FALSE;
      if (!isfinite(v) || v < key->min || v > key->max) {
        g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "[%s] %s = %g outside %g..%g",
                    key->group, key->key, v, key->min, key->max);
        return FALSE;
      }
      an_config_set_value(&next, key, v);
    }
  }
  if (!an_config_validate(&next, error))
    return FALSE;
  *config = next;
  return TRUE;
}

/* Key file text (tests, and the hub's settings from its database). */
gboolean an_config_load_data(AnConfig *config, const char *text, gssize length,
                             GError **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autoptr(GError) e = NULL;
  if (!g_key_file_load_from_data(kf, text, length < 0 ? (gsize)-1 : (gsize)length,
                                 G_KEY_FILE_NONE, &e)) {
    g_set_error(error, AN_ERROR, AN_ERROR_INVALID, "configuration: %s", e->message);
    return FALSE;
  }
  return apply(config, kf, error);
}

/* A file named on the command line; its path prefixes every error. */
gboolean an_config_load_file(AnConfig *config, const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr(GError) e = NULL;
  if (!g_file_get_contents(path, &text, &len, &e)) {
    g_set_error(error, AN_ERROR, AN_ERROR_IO, "%s", e->message);
    return FALSE;
  }
  if (!an_config_load_data(config, text, (gssize)len, error)) {
    g_prefix_error(error, "%s: ", path);
    return FALSE;
  }
  return TRUE;
}

/* Every setting with its meaning, loadable as is: a template to edit. */
char *an_config_to_text(const AnConfig *config)
{
  GString *s = g_string_new("# market-report analytics settings (docs/ANALYTICS.md)\n");
  const char *group = "";
  for (guint i = 0; i < G_N_ELEMENTS(KEYS); i++) {
    char num[G_ASCII_DTOSTR_BUF_SIZE];
    double v = an_config_value(config, &KEYS[i]);
    if (strcmp(group, KEYS[i].group) != 0) {
      group = KEYS[i].group;
      g_string_append_printf(s, "\n[%s]\n", group);
    }
    if (KEYS[i].kind == AN_CONFIG_DOUBLE)
      g_ascii_dtostr(num, sizeof num, v);
    else
      g_snprintf(num, sizeof num, "%" G_GINT64_FORMAT, (gint64)v);
    g_string_append_printf(s, "# %s\n%s=%s\n", KEYS[i].doc, KEYS[i].key, num);
  }
  return g_string_free(s, FALSE);
}
