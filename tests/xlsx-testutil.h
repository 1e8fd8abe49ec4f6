/*
** xlsx-testutil.h: what the workbook tests (test-analytics-xlsx,
** test-hub-impact, test-hub-onnuri) share to read an .xlsx back.  Every
** string returned is transfer full; a part or cell that is missing fails
** the test.
*/
#ifndef XLSX_TESTUTIL_H
#define XLSX_TESTUTIL_H

#include <glib.h>

/* One part of the zip at path (e.g. "xl/workbook.xml"), through unzip -p. */
char *xu_member(const char *path, const char *name);
/* The value of attribute attr in the element starting at tag (NULL if none). */
char *xu_attr_of(const char *tag, const char *attr);
/* A cell of a sheet's XML (ref like "B2"): its style index and its <v> text. */
void xu_cell_of(const char *sheet, const char *ref, guint *style, char **value);
/* The number format code of cell style index (styles.xml's cellXfs). */
char *xu_format_of(const char *styles, guint index);

#endif
