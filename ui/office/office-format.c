/*
** office-format.c: figures as text (see office-format.h).
**
** Grouping is done by hand rather than with printf's "'" flag: the C.UTF-8
** locale the app falls back to has no thousands separator, and Korean
** offices read 1,234,567 whatever the locale says.
*/
#include "mb-clock.h"
#include "office-format.h"
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

/* Digits grouped by thousands, the way won are read in Korea. */
char *office_format_count(int64_t v)
{
  char digits[32];
  /* The magnitude as unsigned, so that INT64_MIN has a positive twin. */
  guint64 mag = v < 0 ? (guint64)0 - (guint64)v : (guint64)v;
  g_snprintf(digits, sizeof digits, "%" G_GUINT64_FORMAT, mag);
  GString *s = g_string_new(v < 0 ? "-" : "");
  size_t n = strlen(digits);
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && (n - i) % 3 == 0)
      g_string_append_c(s, ',');
    g_string_append_c(s, digits[i]);
  }
  return g_string_free(s, FALSE);
}

/* The unit follows the language: "원" sticks to the figure, "won" does not. */
char *office_format_won(int64_t won)
{
  g_autofree char *n = office_format_count(won);
  /* TRANSLATORS: an amount of money; %s is the grouped figure. */
  return g_strdup_printf(_("%s won"), n);
}

/* A share as the screens show it; an undefined one is never 0%. */
char *office_format_percent(AnRatio r, int decimals)
{
  if (!r.defined || !isfinite(r.value))
    return g_strdup("-");
  return g_strdup_printf("%.*f%%", decimals, r.value * 100.0);
}

/*
** A verdict's confidence (docs/ANALYTICS.md, "Confidence"), with the word
** that makes a fragile call stand out in a column of percentages.
*/
char *office_format_confidence(AnRatio confidence, gboolean fragile)
{
  g_autofree char *pct = office_format_percent(confidence, 0);
  if (!fragile)
    return g_steal_pointer(&pct);
  return g_strdup_printf(_("%s · fragile"), pct);
}

/*
** A change reads with its sign, and a real minus sign: the hyphen of "-"
** means "no figure" on these screens.
*/
char *office_format_change(AnRatio growth)
{
  if (!growth.defined || !isfinite(growth.value))
    return g_strdup("-");
  double pct = growth.value * 100.0;
  if (fabs(pct) < 0.05)
    return g_strdup("0.0%");
  return g_strdup_printf("%s%.1f%%", pct > 0 ? "+" : "\u2212", fabs(pct));
}

/* LQ, HHI, scores: plain figures, "-" when the hub had none. */
char *office_format_ratio(AnRatio r, int decimals)
{
  if (!r.defined || !isfinite(r.value))
    return g_strdup("-");
  return g_strdup_printf("%.*f", decimals, r.value);
}

/* Data times in the markets' zone (the market clock), whatever the machine's. */
char *office_format_time(gint64 unix_ms)
{
  g_autoptr(GDateTime) t = mb_clock_local(unix_ms);
  return t ? g_date_time_format(t, "%Y-%m-%d %H:%M") : g_strdup("-");
}

/* Minutes under an hour, hours under two days, then days: how a manager counts. */
char *office_format_sync_age(int64_t last_ms, gint64 now_ms)
{
  if (last_ms <= 0)
    return g_strdup(_("never synced"));
  int64_t minutes = (now_ms - last_ms) / 60000;
  if (minutes < 1)
    return g_strdup(_("just now"));
  if (minutes < 60)
    return g_strdup_printf(ngettext("%d minute ago", "%d minutes ago", (unsigned long)minutes),
                           (int)minutes);
  int64_t hours = minutes / 60;
  if (hours < 48)
    return g_strdup_printf(ngettext("%d hour ago", "%d hours ago", (unsigned long)hours),
                           (int)hours);
  int64_t days = hours / 24;
  return g_strdup_printf(ngettext("%d day ago", "%d days ago", (unsigned long)days), (int)days);
}

/* Both days, so the period never reads as a month. */
char *office_format_period(const char *from, const char *to)
{
  return g_strdup_printf("%s \u2013 %s", from ? from : "?", to ? to : "?");
}

/* The six verdicts of docs/ANALYTICS.md, translated here rather than taken
** from the hub's verdict_ko, so the English UI says them in English. */
const char *office_verdict_label(AnVerdict verdict)
{
  switch (verdict) {
  case AN_VERDICT_COMPETITIVE:
    return C_("verdict", "Competitive");
  case AN_VERDICT_EMERGING:
    return C_("verdict", "Emerging");
  case AN_VERDICT_STABLE:
    return C_("verdict", "Stable");
  case AN_VERDICT_DECLINING:
    return C_("verdict", "Declining");
  case AN_VERDICT_MINOR:
    return C_("verdict", "Too small to judge");
  case AN_VERDICT_ERODING:
    return C_("verdict", "Specialised, losing ground");
  }
  return "-";
}

/*
** The score parts of both scores ("competitive" means a different part in
** each: the line's competitive effect, the store's weight in competitive
** lines); an unknown part keeps the hub's label.
*/
const char *office_part_label(gboolean stores, const char *name, const char *hub_label)
{
  static const struct {
    gboolean stores;
    const char *name, *label;
  } parts[] = {
    {FALSE, "lq", N_("Specialisation (LQ)")}, {FALSE, "growth", N_("Growth")},
    {FALSE, "competitive", N_("Competitive effect")}, {FALSE, "share", N_("Share")},
    {FALSE, "penetration", N_("Penetration")}, {FALSE, "breadth", N_("Breadth")},
    {TRUE, "size", N_("Size")}, {TRUE, "growth", N_("Growth")},
    {TRUE, "stability", N_("Stability")}, {TRUE, "regularity", N_("Days open")},
    {TRUE, "competitive", N_("In competitive lines")},
    {TRUE, "relative", N_("Relative share")},
  };
  for (guint i = 0; name && i < G_N_ELEMENTS(parts); i++)
    if (parts[i].stores == stores && strcmp(parts[i].name, name) == 0)
      return _(parts[i].label);
  return hub_label ? hub_label : (name ? name : "-");
}

/* The tender methods of docs/PROTOCOL.md. */
const char *office_method_label(const char *method)
{
  static const struct {
    const char *method, *label;
  } methods[] = {
    {"cash", N_("Cash")}, {"card", N_("Card")}, {"zeropay", N_("Zero Pay")},
    {"onnuri-paper", N_("Onnuri paper")}, {"onnuri-card", N_("Onnuri card")},
    {"onnuri-mobile", N_("Onnuri mobile")}, {"transfer", N_("Bank transfer")},
  };
  for (guint i = 0; method && i < G_N_ELEMENTS(methods); i++)
    if (strcmp(methods[i].method, method) == 0)
      return _(methods[i].label);
  return method ? method : "-";
}
