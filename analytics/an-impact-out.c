/*
** an-impact-out.c: the impact report as JSON and as CSV.
**
** JSON: {"report": "impact", "version", "engagement": {id, label, start},
** "market", "period", "pre", "post", "effect", "ci_low", "ci_high",
** "ci": {level, method, resamples, used, seed}, "effect_won_per_day",
** "treated", "controls", "matching", "pre_trend", "pre_trend_se",
** "pre_trend_flat", "means", "weekly", "warnings", "explain"}.  Won are
** exact integers, ratios ten significant digits, undefined null, as in the
** other reports (an-report-json.c).
**
** CSV (Korean Excel, as an-report-csv.c: BOM, CRLF, plain integers, ISO
** days): one row a week and group, each carrying the engagement, the
** effect and its interval, so the sheet charts and filters by itself;
** the heading row in English names or Korean (an_column_label).  The
** workbook is an-program-xlsx.c.
*/
#include "an-impact.h"
#include "an-doc-int.h"
#include "mb-csv.h"
#include <math.h>

char *an_impact_to_json(const AnImpactReport *r)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "report", "impact");
  an_json_int(o, "version", 1);
  cJSON *e = cJSON_AddObjectToObject(o, "engagement");
  an_json_int(e, "id", r->engagement_id);
  cJSON_AddStringToObject(e, "label", r->label);
  an_json_day(e, "start", r->start);
  cJSON *m = cJSON_AddObjectToObject(o, "market");
  cJSON_AddStringToObject(m, "code", r->head.market_code);
  cJSON_AddStringToObject(m, "name", r->head.market_name);
  cJSON_AddItemToObject(o, "period", an_json_period(r->head.query.period));
  cJSON_AddItemToObject(o, "pre", an_json_period(r->pre));
  cJSON_AddItemToObject(o, "post", an_json_period(r->post));
  an_json_ratio(o, "effect", r->effect);
  an_json_ratio(o, "ci_low", r->ci_low);
  an_json_ratio(o, "ci_high", r->ci_high);
  cJSON *ci = cJSON_AddObjectToObject(o, "ci");
  an_json_ratio(ci, "level", an_ratio(AN_IMPACT_LEVEL));
  cJSON_AddStringToObject(ci, "method", "bootstrap over days: pre and post days redrawn with"
                                        " replacement, percentiles of the effect");
  an_json_int(ci, "resamples", r->resamples);
  an_json_int(ci, "used", r->resamples_used);
  an_json_int(ci, "seed", AN_IMPACT_SEED);
  if (r->effect.defined)
    an_json_int(o, "effect_won_per_day", r->effect_won);
  else
    cJSON_AddNullToObject(o, "effect_won_per_day");
  cJSON_AddItemToObject(o, "treated", an_json_strings(r->treated));
  cJSON_AddItemToObject(o, "controls", an_json_strings(r->controls));
  cJSON *matching = cJSON_AddArrayToObject(o, "matching");
  for (guint i = 0; i < r->matches->len; i++) {
    const AnImpactMatch *x = g_ptr_array_index(r->matches, i);
    cJSON *row = cJSON_CreateObject();
    cJSON_AddStringToObject(row, "stall", x->code);
    cJSON_AddStringToObject(row, "name", x->name);
    if (x->main_line)
      cJSON_AddStringToObject(row, "main_line", x->main_line);
    else
      cJSON_AddNullToObject(row, "main_line");
    an_json_int(row, "pre_revenue", x->pre_revenue);
    cJSON_AddBoolToObject(row, "same_line", x->same_line);
    cJSON_AddItemToObject(row, "controls", an_json_strings(x->controls));
    cJSON_AddItemToArray(matching, row);
  }
  an_json_ratio(o, "pre_trend", r->pre_trend);
  an_json_ratio(o, "pre_trend_se", r->pre_trend_se);
  cJSON_AddBoolToObject(o, "pre_trend_flat", r->pre_trend_flat);
  cJSON *means = cJSON_AddObjectToObject(o, "means");
  an_json_int(means, "treated_pre", r->treated_pre);
  an_json_int(means, "treated_post", r->treated_post);
  an_json_int(means, "controls_pre", r->controls_pre);
  an_json_int(means, "controls_post", r->controls_post);
  cJSON *weekly = cJSON_AddArrayToObject(o, "weekly");
  for (guint i = 0; i < r->weeks->len; i++) {
    const AnImpactWeek *w = &g_array_index(r->weeks, AnImpactWeek, i);
    cJSON *row = cJSON_CreateObject();
    an_json_day(row, "from", w->from);
    an_json_int(row, "days", w->days);
    cJSON_AddBoolToObject(row, "after_start", w->from >= r->start);
    an_json_int(row, "treated", w->treated);
    an_json_int(row, "controls", w->controls);
    cJSON_AddItemToArray(weekly, row);
  }
  cJSON_AddItemToObject(o, "warnings", an_json_strings(r->warnings));
  cJSON_AddItemToObject(o, "explain", an_json_strings(r->explain));
  return an_json_finish(o);
}

/* One cell after a comma unless first; text through mb_csv_append_cell. */
static void cell_text(GString *s, gboolean first, const char *text)
{
  if (!first)
    g_string_append_c(s, ',');
  mb_csv_append_cell(s, text);
}

static void cell_int(GString *s, int64_t v)
{
  g_string_append_printf(s, ",%" G_GINT64_FORMAT, (gint64)v);
}

static void cell_ratio(GString *s, AnRatio r)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_c(s, ',');
  if (r.defined && isfinite(r.value))
    g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.6g", r.value == 0 ? 0.0 : r.value));
}

char *an_impact_to_csv(const AnImpactReport *r, AnHeader header, gsize *length)
{
  static const char *const head[] = {"market", "engagement", "start", "week_from", "days",
                                     "after_start", "group", "revenue_per_stall_day",
                                     "stalls", "effect", "ci_low", "ci_high", NULL};
  GString *s = g_string_new(MB_CSV_BOM);
  for (guint i = 0; head[i]; i++)
    cell_text(s, i == 0, header == AN_HEADER_KOREAN ? an_column_label(head[i]) : head[i]);
  g_string_append(s, "\r\n");
  char start[AN_DAY_ISO_LEN], from[AN_DAY_ISO_LEN];
  an_day_format(r->start, start);
  for (guint i = 0; i < r->weeks->len; i++) {
    const AnImpactWeek *w = &g_array_index(r->weeks, AnImpactWeek, i);
    an_day_format(w->from, from);
    for (int g = 0; g < 2; g++) {
      cell_text(s, TRUE, r->head.market_code);
      cell_int(s, r->engagement_id);
      cell_text(s, FALSE, start);
      cell_text(s, FALSE, from);
      cell_int(s, w->days);
      cell_text(s, FALSE, w->from >= r->start ? "TRUE" : "FALSE");
      cell_text(s, FALSE, g == 0 ? "treated" : "controls");
      cell_int(s, g == 0 ? w->treated : w->controls);
      cell_int(s, g == 0 ? r->treated->len : r->controls->len);
      cell_ratio(s, r->effect);
      cell_ratio(s, r->ci_low);
      cell_ratio(s, r->ci_high);
      g_string_append(s, "\r\n");
    }
  }
  if (length)
    *length = s->len;
  return g_string_free(s, FALSE);
}
