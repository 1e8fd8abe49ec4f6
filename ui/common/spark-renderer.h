/*
** spark-renderer.h: a cell renderer that draws a sparkline, a small line
** of a series (e.g. a stall's daily revenue) inside a table cell, with
** cairo.  Shared UI code: the office's stalls table uses it, any
** GtkTreeView may.
**
** The series is the "values" property: a GBytes of gdouble, so a list
** store keeps it in a G_TYPE_BYTES column and the view maps it with an
** attribute; nothing is copied per row drawn.  The line is scaled from 0
** (or the series' minimum when it goes below 0) to its maximum, so a flat
** stall looks flat and a stall with no sales draws a line on the floor.
** The last point is marked: the day the manager reads first.
*/
#ifndef SPARK_RENDERER_H
#define SPARK_RENDERER_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MPOS_TYPE_SPARK_RENDERER (mpos_spark_renderer_get_type())
G_DECLARE_FINAL_TYPE(MposSparkRenderer, mpos_spark_renderer, MPOS, SPARK_RENDERER,
                     GtkCellRenderer)

/* Transfer full (floating, as every GtkCellRenderer). */
GtkCellRenderer *mpos_spark_renderer_new(void);
/* A GBytes of gdouble from int64 figures (won). Transfer full. */
GBytes *mpos_spark_values_from_int64(const gint64 *values, guint n);

G_END_DECLS
#endif
