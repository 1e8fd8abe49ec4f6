/*
** spark-renderer.c: MposSparkRenderer (see spark-renderer.h).
**
** Drawing is a handful of cairo path segments per row, from an array the
** renderer only reads: a 200-row table scrolls without the renderer
** allocating anything.  Colours come from the widget's style (the
** foreground for the line, the selected foreground on a selected row) so
** the line stays readable in any theme.
*/
#include "spark-renderer.h"

struct _MposSparkRenderer {
  GtkCellRenderer parent_instance;
  GBytes *values;               /* gdouble[] */
};

enum { PROP_0, PROP_VALUES, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_TYPE(MposSparkRenderer, mpos_spark_renderer, GTK_TYPE_CELL_RENDERER)

#define SPARK_WIDTH 120
#define SPARK_HEIGHT 26

/* Won arrive as int64; the line is drawn in doubles. */
GBytes *mpos_spark_values_from_int64(const gint64 *values, guint n)
{
  gdouble *d = g_new(gdouble, MAX(n, 1));
  for (guint i = 0; i < n; i++)
    d[i] = (gdouble)values[i];
  return g_bytes_new_take(d, n * sizeof(gdouble));
}

/* The series' floor and ceiling: 0 unless it dips below, its maximum. */
static void series_range(const gdouble *v, gsize n, gdouble *lo, gdouble *hi)
{
  *lo = 0;
  *hi = 0;
  for (gsize i = 0; i < n; i++) {
    *lo = MIN(*lo, v[i]);
    *hi = MAX(*hi, v[i]);
  }
  if (*hi <= *lo)
    *hi = *lo + 1;
}

/*
** The line inside the cell less its padding; the area under it is
** tinted, so a glance tells a busy stall from a quiet one.
*/
static void spark_render(GtkCellRenderer *cell, cairo_t *cr, GtkWidget *widget,
                         const GdkRectangle *background, const GdkRectangle *area,
                         GtkCellRendererState flags)
{
  MposSparkRenderer *self = MPOS_SPARK_RENDERER(cell);
  gsize size = 0;
  const gdouble *v = self->values ? g_bytes_get_data(self->values, &size) : NULL;
  gsize n = size / sizeof(gdouble);
  int xpad = 0, ypad = 0;
  GdkRGBA fg;
  (void)background;
  if (n < 2)
    return;
  gtk_cell_renderer_get_padding(cell, &xpad, &ypad);
  GtkStyleContext *style = gtk_widget_get_style_context(widget);
  gtk_style_context_get_color(style, gtk_style_context_get_state(style), &fg);
  if (!(flags & GTK_CELL_RENDERER_SELECTED)) {
    fg.red = 0.10;
    fg.green = 0.42;
    fg.blue = 0.75;
  }
  double x0 = area->x + xpad + 1, y0 = area->y + ypad + 2;
  double w = area->width - 2 * xpad - 5, h = area->height - 2 * ypad - 4;
  gdouble lo, hi;
  series_range(v, n, &lo, &hi);
  if (w < 8 || h < 4)
    return;
  cairo_save(cr);
  cairo_set_line_width(cr, 1.2);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (gsize i = 0; i < n; i++) {
    double x = x0 + w * (double)i / (double)(n - 1);
    double y = y0 + h - h * (v[i] - lo) / (hi - lo);
    if (i == 0)
      cairo_move_to(cr, x, y);
    else
      cairo_line_to(cr, x, y);
  }
  cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 1.0);
  cairo_stroke_preserve(cr);
  cairo_line_to(cr, x0 + w, y0 + h);
  cairo_line_to(cr, x0, y0 + h);
  cairo_close_path(cr);
  cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 0.15);
  cairo_fill(cr);
  double lx = x0 + w, ly = y0 + h - h * (v[n - 1] - lo) / (hi - lo);
  cairo_arc(cr, lx, ly, 2.2, 0, 2 * G_PI);
  cairo_set_source_rgba(cr, fg.red, fg.green, fg.blue, 1.0);
  cairo_fill(cr);
  cairo_restore(cr);
}

/* A fixed size: every row has a line, and the column never changes width. */
static void spark_get_preferred_width(GtkCellRenderer *cell, GtkWidget *widget, int *min,
                                      int *natural)
{
  int xpad = 0;
  (void)widget;
  gtk_cell_renderer_get_padding(cell, &xpad, NULL);
  *min = *natural = SPARK_WIDTH + 2 * xpad;
}

/* Rows keep one height, whatever the series. */
static void spark_get_preferred_height(GtkCellRenderer *cell, GtkWidget *widget, int *min,
                                       int *natural)
{
  int ypad = 0;
  (void)widget;
  gtk_cell_renderer_get_padding(cell, NULL, &ypad);
  *min = *natural = SPARK_HEIGHT + 2 * ypad;
}

/* The store's GBytes is referenced, not copied. */
static void spark_set_property(GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  MposSparkRenderer *self = MPOS_SPARK_RENDERER(object);
  if (id != PROP_VALUES) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    return;
  }
  g_clear_pointer(&self->values, g_bytes_unref);
  self->values = g_value_dup_boxed(value);
}

/* The series being drawn. */
static void spark_get_property(GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  MposSparkRenderer *self = MPOS_SPARK_RENDERER(object);
  if (id != PROP_VALUES) {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
    return;
  }
  g_value_set_boxed(value, self->values);
}

/* The last series. */
static void spark_finalize(GObject *object)
{
  g_clear_pointer(&MPOS_SPARK_RENDERER(object)->values, g_bytes_unref);
  G_OBJECT_CLASS(mpos_spark_renderer_parent_class)->finalize(object);
}

/* render and the fixed size; one property, values. */
static void mpos_spark_renderer_class_init(MposSparkRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkCellRendererClass *cell_class = GTK_CELL_RENDERER_CLASS(klass);
  object_class->set_property = spark_set_property;
  object_class->get_property = spark_get_property;
  object_class->finalize = spark_finalize;
  cell_class->render = spark_render;
  cell_class->get_preferred_width = spark_get_preferred_width;
  cell_class->get_preferred_height = spark_get_preferred_height;
  props[PROP_VALUES] = g_param_spec_boxed("values", "Values", "The series, a GBytes of gdouble",
                                          G_TYPE_BYTES,
                                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties(object_class, N_PROPS, props);
}

/* A little air around the line. */
static void mpos_spark_renderer_init(MposSparkRenderer *self)
{
  gtk_cell_renderer_set_padding(GTK_CELL_RENDERER(self), 4, 2);
}

/* Floating, as GTK's own renderers. */
GtkCellRenderer *mpos_spark_renderer_new(void)
{
  return g_object_new(MPOS_TYPE_SPARK_RENDERER, NULL);
}
