/*
** test-hub-taxonomy.c: the hub's product-line taxonomy file
** (hub_taxonomy_parse): comments, quoting, the header, and the line
** numbers its refusals name.
*/
#include "hub-store.h"
#include "testutil.h"
#include <string.h>

/* Parses text; on success the codes joined with ',', else NULL and *e set. */
static char *codes_of(const char *text, GError **e)
{
  g_autoptr(GPtrArray) lines = hub_taxonomy_parse(text, e);
  if (lines == NULL)
    return NULL;
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++) {
    const HubLine *l = g_ptr_array_index(lines, i);
    g_string_append_printf(s, "%s%s", i ? "," : "", l->code);
  }
  return g_string_free(s, FALSE);
}

/* A comment is a whole line, whatever it holds: a quote in it opens nothing. */
static void test_comments(void)
{
  g_autoptr(GError) e = NULL;
  g_autofree char *codes = codes_of("\xEF\xBB\xBF# the \"code\" column is A-Z\n"
                                    "code,name_ko,name_en\n"
                                    "# a \"quoted\n"
                                    "MEAT,정육,Meat\n"
                                    "FISH,\"수산, 건어물\",Fish\n",
                                    &e);
  g_assert_no_error(e);
  g_assert_cmpstr(codes, ==, "MEAT,FISH");
}

/* Refusals name the file's own line, comments counted. */
static void test_refusals(void)
{
  g_autoptr(GError) e = NULL;
  g_autofree char *open = codes_of("code,name_ko,name_en\n# note\nMEAT,\"정육,Meat\n", &e);
  g_assert_null(open);
  g_assert_error(e, HUB_ERROR, HUB_ERROR_INVALID);
  g_assert_nonnull(strstr(e->message, "taxonomy: "));
  g_clear_error(&e);
  g_autofree char *repeated = codes_of("code,name_ko,name_en\n# note\nMEAT,정육,Meat\n"
                                       "MEAT,정육,Meat\n",
                                       &e);
  g_assert_null(repeated);
  g_assert_error(e, HUB_ERROR, HUB_ERROR_INVALID);
  g_assert_cmpstr(e->message, ==, "line 4: code repeated");
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/hub/taxonomy/comments", test_comments);
  g_test_add_func("/hub/taxonomy/refusals", test_refusals);
  return g_test_run();
}
