/*
** test-office-program.c: the office model's program fetches (engagements,
** impact, the Onnuri review list) and the last-year comparison, headless,
** against a real market-hub seeded by the generator (office-test-util.h).
**
** An engagement is added with the hub's own CLI (market-hub engagement
** add), then read back over HTTP as the office reads it; its impact is
** checked for the fields the page shows and their consistency (the effect
** inside its interval, the helped stall among the treated and never among
** the controls); a consultant is refused another market; an unknown
** engagement is an error worded for the screen, not an empty page.  A hub
** that answers what no hub should (not JSON, a list that is not one, a row
** with a field of the wrong type, a day that is no day, another report)
** behind a relay is a PARSE error for each fetch, never a crash or half a
** list, and the program page keeps its last good lists.
*/
#include "office-program.h"
#include "office-test-util.h"
#include "ui-i18n.h"
#include "sync-client.h"
#include <glib/gstdio.h>
#include <string.h>

static OfficeDemoHub *hub;

/* Hands an async result to the waiting test. */
static void on_done(GObject *source, GAsyncResult *result, gpointer data)
{
  (void)source;
  *(GAsyncResult **)data = g_object_ref(result);
}

/* Runs the main context until result arrives (30 s at most). */
static GAsyncResult *wait_result(GAsyncResult **result)
{
  gint64 end = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
  while (*result == NULL && g_get_monotonic_time() < end)
    g_main_context_iteration(NULL, TRUE);
  g_assert_nonnull(*result);
  return *result;
}

/* A model of user on market, signed in on the tests' period. */
static OfficeModel *model_on(OfficeDemoUser user, const char *market)
{
  OfficeModel *m = otu_model_signed_in(office_demo_hub_url(hub),
                                       office_demo_hub_token(hub, user));
  office_model_set_market(m, market);
  return m;
}

static GPtrArray *engagements(OfficeModel *m, GError **error)
{
  GAsyncResult *result = NULL;
  office_model_engagements_async(m, NULL, on_done, &result);
  GPtrArray *list = office_model_engagements_finish(m, wait_result(&result), error);
  g_object_unref(result);
  return list;
}

static OfficeImpact *impact(OfficeModel *m, gint64 id, GError **error)
{
  GAsyncResult *result = NULL;
  office_model_impact_async(m, id, NULL, on_done, &result);
  OfficeImpact *i = office_model_impact_finish(m, wait_result(&result), error);
  g_object_unref(result);
  return i;
}

static OfficeOnnuriList *onnuri(OfficeModel *m, GError **error)
{
  GAsyncResult *result = NULL;
  office_model_onnuri_async(m, NULL, on_done, &result);
  OfficeOnnuriList *l = office_model_onnuri_finish(m, wait_result(&result), error);
  g_object_unref(result);
  return l;
}

/* The id the CLI printed on its last line. */
static gint64 add_engagement(const char *stall, const char *start, const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = office_demo_hub_command(hub, &error, "engagement", "add", "--market",
                                                 "M01", "--stall", stall, "--start", start,
                                                 "--label", label, NULL);
  g_assert_no_error(error);
  gint64 id = g_ascii_strtoll(out, NULL, 10);
  g_assert_cmpint(id, >, 0);
  return id;
}

/* Added with the CLI, listed over HTTP with its stalls, start and label. */
static void test_engagements(void)
{
  g_autoptr(OfficeModel) m = model_on(OFFICE_DEMO_MANAGER, "M01");
  g_autoptr(GError) error = NULL;
  gint64 id = add_engagement("M01-S05", "2026-11-02", "컨설팅 1기");
  g_autoptr(GPtrArray) list = engagements(m, &error);
  g_assert_no_error(error);
  const OfficeEngagement *found = NULL;
  for (guint i = 0; i < list->len; i++) {
    const OfficeEngagement *e = g_ptr_array_index(list, i);
    if (e->id == id)
      found = e;
  }
  g_assert_nonnull(found);
  g_assert_cmpstr(found->start, ==, "2026-11-02");
  g_assert_cmpstr(found->label, ==, "컨설팅 1기");
  g_assert_cmpuint(g_strv_length(found->stalls), ==, 1);
  g_assert_cmpstr(found->stalls[0], ==, "M01-S05");

  /* M02 has none of M01's */
  office_model_set_market(m, "M02");
  g_autoptr(GPtrArray) other = engagements(m, &error);
  g_assert_no_error(error);
  for (guint i = 0; i < other->len; i++)
    g_assert_cmpint(((OfficeEngagement *)g_ptr_array_index(other, i))->id, !=, id);

  /* the consultant reads M01 only */
  g_autoptr(OfficeModel) consultant = model_on(OFFICE_DEMO_CONSULTANT, "M02");
  g_autoptr(GPtrArray) refused = engagements(consultant, &error);
  g_assert_null(refused);
  g_assert_error(error, SYNC_ERROR, SYNC_ERROR_UNAUTHORIZED);
  g_assert_nonnull(strstr(error->message, "M02"));
}

/* The helped stall against its controls, the effect inside its interval, the words. */
static void test_impact(void)
{
  g_autoptr(OfficeModel) m = model_on(OFFICE_DEMO_CONSULTANT, "M01");
  g_autoptr(GError) error = NULL;
  gint64 id = add_engagement("M01-S06", "2026-11-04", "");
  g_autoptr(OfficeImpact) i = impact(m, id, &error);
  g_assert_no_error(error);
  g_assert_cmpint(i->engagement, ==, id);
  g_assert_cmpstr(i->start, ==, "2026-11-04");
  g_assert_true(g_strv_contains((const char *const *)i->treated, "M01-S06"));
  g_assert_cmpuint(g_strv_length(i->controls), >, 0);
  g_assert_false(g_strv_contains((const char *const *)i->controls, "M01-S06"));
  g_assert_true(i->effect.defined && i->ci_low.defined && i->ci_high.defined);
  g_assert_cmpfloat(i->ci_low.value, <=, i->effect.value);
  g_assert_cmpfloat(i->effect.value, <=, i->ci_high.value);
  g_assert_cmpuint(g_strv_length(i->explain), >, 0);
  g_assert_cmpuint(i->weekly->len, >, 1);
  g_assert_false(g_array_index(i->weekly, OfficeImpactWeek, 0).after_start);
  g_assert_true(g_array_index(i->weekly, OfficeImpactWeek, i->weekly->len - 1).after_start);
  g_autofree char *words = office_impact_summary(i);
  g_assert_nonnull(strstr(words, "90%"));
  g_assert_nonnull(strstr(words, "2026-11-04"));

  /* the warning is said when the pre-trend is not flat, and only then */
  OfficeImpact drifting = *i;
  drifting.pre_trend_flat = FALSE;
  g_autofree char *warned = office_impact_summary(&drifting);
  drifting.pre_trend_flat = TRUE;
  g_autofree char *calm = office_impact_summary(&drifting);
  g_assert_cmpuint(strlen(warned), >, strlen(calm));
  g_assert_true(g_str_has_prefix(warned, calm));

  /* an engagement the market does not have */
  g_autoptr(OfficeImpact) missing = impact(m, id + 1000, &error);
  g_assert_null(missing);
  g_assert_nonnull(error);
  g_assert_cmpstr(error->message, !=, "");
}

/* The review list of the period: each stall with Onnuri says why, flagged first. */
static void test_onnuri(void)
{
  g_autoptr(OfficeModel) m = model_on(OFFICE_DEMO_MANAGER, "M01");
  g_autoptr(GError) error = NULL;
  g_autoptr(OfficeOnnuriList) l = onnuri(m, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(l->from, ==, OTU_FROM);
  g_assert_cmpstr(l->to, ==, OTU_TO);
  g_assert_cmpuint(l->rows->len, >, 0);
  gboolean seen_unflagged = FALSE;
  for (guint i = 0; i < l->rows->len; i++) {
    const OfficeOnnuriRow *r = g_ptr_array_index(l->rows, i);
    g_assert_true(g_str_has_prefix(r->stall, "M01-"));
    g_assert_cmpint(r->onnuri, >=, 0);
    if (r->flagged || r->onnuri > 0)
      g_assert_cmpuint(g_strv_length(r->reasons), >, 0);
    g_assert_false(r->flagged && seen_unflagged);
    seen_unflagged |= !r->flagged;
  }

  /* no market chosen: said at once, nothing asked */
  g_autoptr(OfficeModel) fresh = office_model_new();
  g_autoptr(OfficeOnnuriList) none = onnuri(fresh, &error);
  g_assert_null(none);
  g_assert_error(error, OFFICE_ERROR, OFFICE_ERROR_INVALID);
}

/* The PROGRAM view: both lists of the market and period in one slot. */
static void test_program_view(void)
{
  g_autoptr(OfficeModel) m = model_on(OFFICE_DEMO_MANAGER, "M01");
  gint64 id = add_engagement("M01-S07", "2026-11-09", "view");
  office_model_load_program(m);
  g_assert_cmpint(office_model_get_state(m, OFFICE_VIEW_PROGRAM), ==, OFFICE_STATE_LOADING);
  OfficeState st = otu_wait(m, OFFICE_VIEW_PROGRAM, 30000, NULL);
  g_assert_cmpint(st, ==, OFFICE_STATE_OK);
  const OfficeProgram *p = office_model_get_program(m);
  g_assert_cmpstr(p->market, ==, "M01");
  g_assert_cmpstr(p->from, ==, OTU_FROM);
  g_assert_cmpstr(p->onnuri->to, ==, OTU_TO);
  gboolean found = FALSE;
  for (guint i = 0; i < p->engagements->len; i++)
    found |= ((OfficeEngagement *)g_ptr_array_index(p->engagements, i))->id == id;
  g_assert_true(found);

  /* a refusal keeps the last good lists */
  g_autoptr(OfficeModel) consultant = model_on(OFFICE_DEMO_CONSULTANT, "M01");
  office_model_load_program(consultant);
  g_assert_cmpint(otu_wait(consultant, OFFICE_VIEW_PROGRAM, 30000, NULL), ==, OFFICE_STATE_OK);
  office_model_set_market(consultant, "M02");
  office_model_load_program(consultant);
  g_assert_cmpint(otu_wait(consultant, OFFICE_VIEW_PROGRAM, 30000, NULL), ==,
                  OFFICE_STATE_REFUSED);
  g_assert_cmpstr(office_model_get_program(consultant)->market, ==, "M01");
}

/* What a broken hub might send, and which fetch reads it. */
typedef enum { FETCH_ENGAGEMENTS, FETCH_IMPACT, FETCH_ONNURI } Fetch;
static const struct {
  Fetch fetch;
  const char *body;
} bad_answers[] = {
  {FETCH_ENGAGEMENTS, "<html>busy</html>"},
  {FETCH_ENGAGEMENTS, "{\"engagements\": 5}"},
  {FETCH_ENGAGEMENTS, "{\"engagements\": [{\"id\": \"1\", \"start\": \"2026-11-02\", "
                      "\"stalls\": [\"M01-S01\"]}]}"},
  {FETCH_ENGAGEMENTS, "{\"engagements\": [{\"id\": 1, \"start\": \"2026-13-45\", "
                      "\"stalls\": [\"M01-S01\"]}]}"},
  {FETCH_ENGAGEMENTS, "{\"engagements\": [{\"id\": 1, \"start\": \"2026-11-02\", "
                      "\"stalls\": [7]}]}"},
  {FETCH_IMPACT, "{\"report\": \"impact\", \"engagement\": {\"id\": 1, "
                 "\"start\": \"2026-11-02\"}}"},
  {FETCH_IMPACT, "{\"report\": \"lines\"}"},
  {FETCH_IMPACT, "{\"report\": \"impact\", \"engagement\": {\"id\": 1, \"start\": \"2026-11-02\"}, "
                 "\"effect\": 0.1, \"ci_low\": 0, \"ci_high\": 0.2, \"pre_trend\": 0, "
                 "\"pre_trend_flat\": true, \"treated\": [\"M01-S01\"], \"controls\": [], "
                 "\"explain\": [], \"weekly\": [{\"from\": \"2026-11-02\", \"after_start\": 1, "
                 "\"treated\": 1, \"controls\": 1}]}"},
  {FETCH_ONNURI, "[]"},
  {FETCH_ONNURI, "{\"report\": \"onnuri\", \"period\": {\"from\": \"2026-10-29\", "
                 "\"to\": \"2026-11-25\"}, \"rows\": [{\"stall\": \"M01-S01\", "
                 "\"flagged\": \"yes\", \"reasons\": [], \"onnuri\": 1}]}"},
  {FETCH_ONNURI, "{\"report\": \"onnuri\", \"period\": {\"from\": \"2026-10-29\"}, "
                 "\"rows\": []}"},
};

/* Each bad answer is PARSE for its fetch; then the page keeps its last good lists. */
static void test_malformed_answers(void)
{
  OtuRelay *relay = otu_relay_new(office_demo_hub_url(hub));
  g_autoptr(OfficeModel) m = otu_model_signed_in(otu_relay_url(relay),
                                                 office_demo_hub_token(hub, OFFICE_DEMO_MANAGER));
  office_model_set_market(m, "M01");
  office_model_load_program(m);
  g_assert_cmpint(otu_wait(m, OFFICE_VIEW_PROGRAM, 30000, NULL), ==, OFFICE_STATE_OK);
  guint engagements_before = office_model_get_program(m)->engagements->len;

  for (guint k = 0; k < G_N_ELEMENTS(bad_answers); k++) {
    g_autoptr(GError) error = NULL;
    otu_relay_set_answer(relay, bad_answers[k].body);
    if (bad_answers[k].fetch == FETCH_ENGAGEMENTS) {
      g_autoptr(GPtrArray) list = engagements(m, &error);
      g_assert_null(list);
    } else if (bad_answers[k].fetch == FETCH_IMPACT) {
      g_autoptr(OfficeImpact) i = impact(m, 1, &error);
      g_assert_null(i);
    } else {
      g_autoptr(OfficeOnnuriList) l = onnuri(m, &error);
      g_assert_null(l);
    }
    g_test_message("answer %u: %s", k, error ? error->message : "(none)");
    g_assert_error(error, OFFICE_ERROR, OFFICE_ERROR_PARSE);
  }

  /* the page: FAILED with words for the screen, the last good lists kept */
  otu_relay_set_answer(relay, "{\"engagements\": [{\"id\": true}]}");
  office_model_load_program(m);
  g_assert_cmpint(otu_wait(m, OFFICE_VIEW_PROGRAM, 30000, NULL), ==, OFFICE_STATE_FAILED);
  const char *words = office_model_get_error(m, OFFICE_VIEW_PROGRAM);
  g_assert_nonnull(words);
  g_assert_cmpstr(words, !=, "");
  g_assert_cmpstr(office_model_get_program(m)->market, ==, "M01");
  g_assert_cmpuint(office_model_get_program(m)->engagements->len, ==, engagements_before);

  otu_relay_set_mode(relay, OTU_RELAY_FORWARD);
  office_model_load_program(m);
  g_assert_cmpint(otu_wait(m, OFFICE_VIEW_PROGRAM, 30000, NULL), ==, OFFICE_STATE_OK);
  otu_drain(m, 10000);
  otu_relay_free(relay);
}

/* The overview asked against the same dates a year before. */
static void test_last_year(void)
{
  g_autoptr(OfficeModel) m = model_on(OFFICE_DEMO_MANAGER, "M01");
  office_model_set_compare(m, AN_COMPARE_LAST_YEAR);
  office_model_load_overview(m);
  OfficeState st = otu_wait(m, OFFICE_VIEW_OVERVIEW, 30000, NULL);
  g_assert_cmpint(st, ==, OFFICE_STATE_OK);
  const AnReportHead *head = office_report_head(office_model_get_overview(m));
  g_assert_cmpint(head->query.compare, ==, AN_COMPARE_LAST_YEAR);
  char from[11], to[11];
  an_day_format(head->query.compare_period.from, from);
  an_day_format(head->query.compare_period.to, to);
  g_assert_cmpstr(from, ==, "2025-10-29");
  g_assert_cmpstr(to, ==, "2025-11-25");
}

int main(int argc, char **argv)
{
  g_autofree char *config = g_dir_make_tmp("office-config-XXXXXX", NULL);
  g_setenv("XDG_CONFIG_HOME", config, TRUE);
  g_setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_setenv("LANGUAGE", "ko", TRUE);
  ui_i18n_init(UI_DOMAIN_OFFICE);
  g_test_init(&argc, &argv, NULL);
  hub = otu_hub_start();
  g_test_add_func("/office/program/engagements", test_engagements);
  g_test_add_func("/office/program/impact", test_impact);
  g_test_add_func("/office/program/onnuri", test_onnuri);
  g_test_add_func("/office/program/view", test_program_view);
  g_test_add_func("/office/program/last-year", test_last_year);
  g_test_add_func("/office/program/malformed", test_malformed_answers);
  int rc = g_test_run();
  office_demo_hub_stop(hub);
  g_autofree char *dir = g_build_filename(config, "market-pos", NULL);
  g_rmdir(dir);
  g_rmdir(config);
  return rc;
}
