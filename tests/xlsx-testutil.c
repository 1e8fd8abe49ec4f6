/*
** xlsx-testutil.c: reading a workbook back in the tests (xlsx-testutil.h).
**
** An .xlsx is a zip of XML parts; unzip -p (scripts/install-deps.sh, test
** group) gives one part as text, and the few lookups the tests need are
** plain string searches in it: a cell's style and value, an attribute, the
** number format code of a style.  No XML library: the writer's output is
** regular and a lookup that fails asserts.
*/
#include "xlsx-testutil.h"
#include "testutil.h"
#include <string.h>

/* One member of the zip, through unzip -p. */
char *xu_member(const char *path, const char *name)
{
  g_autofree char *exe = g_find_program_in_path("unzip");
  char *argv[] = { exe, (char *)"-p", (char *)path, (char *)name, NULL };
  char *out = NULL, *err = NULL;
  if (exe == NULL)
    g_error("unzip is not installed (scripts/install-deps.sh, test group)");
  g_assert_cmpint(tu_run(argv, &out, &err), ==, 0);
  g_free(err);
  g_assert_nonnull(out);
  g_assert_cmpuint(strlen(out), >, 0);
  return out;
}

/* The value of attribute attr in the element starting at tag (NULL if none). */
char *xu_attr_of(const char *tag, const char *attr)
{
  g_autofree char *key = g_strdup_printf(" %s=\"", attr);
  const char *end = strchr(tag, '>');
  const char *p = strstr(tag, key);
  if (p == NULL || (end != NULL && p > end))
    return NULL;
  p += strlen(key);
  return g_strndup(p, strcspn(p, "\""));
}

/* A cell of a sheet: its style index and its <v> text. */
void xu_cell_of(const char *sheet, const char *ref, guint *style, char **value)
{
  g_autofree char *key = g_strdup_printf("<c r=\"%s\"", ref);
  const char *c = strstr(sheet, key), *v;
  g_autofree char *s = NULL;
  g_assert_nonnull(c);
  s = xu_attr_of(c, "s");
  *style = s ? (guint)g_ascii_strtoull(s, NULL, 10) : 0;
  v = strstr(c, "<v>");
  g_assert_nonnull(v);
  g_assert_true(v < strstr(c, "</c>"));
  *value = g_strndup(v + 3, strcspn(v + 3, "<"));
}

/* The number format code of cell style index (styles.xml's cellXfs). */
char *xu_format_of(const char *styles, guint index)
{
  const char *xfs = strstr(styles, "<cellXfs"), *xf = xfs;
  g_autofree char *id = NULL, *key = NULL;
  const char *fmt;
  g_assert_nonnull(xfs);
  for (guint i = 0; i <= index; i++) {
    xf = strstr(xf + 1, "<xf ");
    g_assert_nonnull(xf);
  }
  id = xu_attr_of(xf, "numFmtId");
  g_assert_nonnull(id);
  key = g_strdup_printf("<numFmt numFmtId=\"%s\"", id);
  fmt = strstr(styles, key);
  if (fmt == NULL)
    return g_strdup(id);                 /* a built-in format */
  return xu_attr_of(fmt, "formatCode");
}

