/*
** test-base-csv.c: the CSV reader and writer (base/mb-csv.h): quotes,
** doubled quotes, embedded line breaks, the BOM, CRLF, blank lines, an
** open quote, bad UTF-8, and the writer's quoting and formula guard; and
** that what the writer writes the reader reads back.
*/
#include "mb-csv.h"
#include "mb-error.h"
#include <string.h>

/* Parses text that must be valid. Transfer full. */
static GPtrArray *parse(const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = mb_csv_parse(text, strlen(text), &error);
  g_assert_no_error(error);
  g_assert_nonnull(rows);
  return rows;
}

/* Row i's fields joined with '|', for one-line comparisons. Transfer full. */
static char *joined(GPtrArray *rows, guint i)
{
  const MbCsvRow *r = g_ptr_array_index(rows, i);
  return g_strjoinv("|", r->fields);
}

static void test_read(void)
{
  g_autoptr(GPtrArray) rows =
    parse("\xEF\xBB\xBF" "plu,name,price\r\n"
          "1,\"Apple, red\",1000\r\n"
          "\r\n"
          "2,\"say \"\"hi\"\"\",20\n"
          "3,\"two\nlines\",30\n"
          "4,,");
  g_assert_cmpuint(rows->len, ==, 5);
  g_autofree char *h = joined(rows, 0), *a = joined(rows, 1), *b = joined(rows, 2),
                  *c = joined(rows, 3), *d = joined(rows, 4);
  g_assert_cmpstr(h, ==, "plu|name|price");   /* the BOM is not part of "plu" */
  g_assert_cmpstr(a, ==, "1|Apple, red|1000");
  g_assert_cmpstr(b, ==, "2|say \"hi\"|20");
  g_assert_cmpstr(c, ==, "3|two\nlines|30");
  g_assert_cmpstr(d, ==, "4||");
  g_assert_cmpint(((MbCsvRow *)g_ptr_array_index(rows, 1))->line, ==, 2);
  g_assert_cmpint(((MbCsvRow *)g_ptr_array_index(rows, 2))->line, ==, 4);
  g_assert_cmpint(((MbCsvRow *)g_ptr_array_index(rows, 4))->line, ==, 7);
  const MbCsvRow *hdr = g_ptr_array_index(rows, 0);
  g_assert_cmpint(mb_csv_column(hdr, "NAME"), ==, 1);
  g_assert_cmpint(mb_csv_column(hdr, "missing"), ==, -1);
  g_assert_cmpstr(mb_csv_field(g_ptr_array_index(rows, 1), 7), ==, "");
}

static void test_read_errors(void)
{
  g_autoptr(GError) error = NULL;
  const char *open_quote = "a,b\n1,\"open\n2,3\n";
  g_assert_null(mb_csv_parse(open_quote, strlen(open_quote), &error));
  g_assert_error(error, MB_ERROR, MB_ERROR_INVALID);
  g_assert_nonnull(strstr(error->message, "line 2"));
  g_clear_error(&error);
  g_assert_null(mb_csv_parse("a,\xFF\n", 4, &error));
  g_assert_error(error, MB_ERROR, MB_ERROR_INVALID);
  g_clear_error(&error);
  g_assert_null(mb_csv_parse("a\0b", 3, &error));
  g_assert_error(error, MB_ERROR, MB_ERROR_INVALID);
  g_clear_error(&error);
  g_autoptr(GPtrArray) none = parse("\xEF\xBB\xBF\r\n\n");
  g_assert_cmpuint(none->len, ==, 0);
}

/* One cell as the writer writes it. Transfer full. */
static char *cell(const char *text)
{
  GString *s = g_string_new(NULL);
  mb_csv_append_cell(s, text);
  return g_string_free(s, FALSE);
}

static void test_write(void)
{
  static const char *const cases[][2] = {
    {"plain", "plain"},
    {"", ""},
    {"a,b", "\"a,b\""},
    {"say \"hi\"", "\"say \"\"hi\"\"\""},
    {"two\nlines", "\"two\nlines\""},
    {"=SUM(A1)", "\"'=SUM(A1)\""},
    {"+1", "\"'+1\""},
    {"-1", "\"'-1\""},
    {"@cmd", "\"'@cmd\""},
    {"\tx", "\"'\tx\""},
    {"\rx", "\"'\rx\""},
    {"a=b", "a=b"},
    {"=\"x\",y", "\"'=\"\"x\"\",y\""},
    {"김치", "김치"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *got = cell(cases[i][0]);
    g_assert_cmpstr(got, ==, cases[i][1]);
  }
  g_autofree char *null_cell = cell(NULL);
  g_assert_cmpstr(null_cell, ==, "");
}

/* What the writer writes, the reader reads (the guard's apostrophe aside). */
static void test_round_trip(void)
{
  static const char *const texts[] = {"a,b", "q\"q", "x\r\ny", "", "plain", "한글, 쉼표"};
  GString *s = g_string_new(MB_CSV_BOM);
  for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
    if (i)
      g_string_append_c(s, ',');
    mb_csv_append_cell(s, texts[i]);
  }
  g_string_append(s, "\r\n");
  g_autofree char *text = g_string_free(s, FALSE);
  g_autoptr(GPtrArray) rows = parse(text);
  g_assert_cmpuint(rows->len, ==, 1);
  const MbCsvRow *r = g_ptr_array_index(rows, 0);
  g_assert_cmpuint(g_strv_length(r->fields), ==, G_N_ELEMENTS(texts));
  for (guint i = 0; i < G_N_ELEMENTS(texts); i++)
    g_assert_cmpstr(r->fields[i], ==, texts[i]);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/base/csv/read", test_read);
  g_test_add_func("/base/csv/read-errors", test_read_errors);
  g_test_add_func("/base/csv/write", test_write);
  g_test_add_func("/base/csv/round-trip", test_round_trip);
  return g_test_run();
}
