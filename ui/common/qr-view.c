/*
** qr-view.c: the QR widget (see qr-view.h).
**
** The code is encoded once per text change, not per draw: a draw only
** scales the cached module matrix, so redrawing the receipt screen costs
** a few hundred rectangles and no encoding.
*/
#include "qr-view.h"
#include <qrencode.h>

#define QUIET_ZONE 4

struct _MposQrView {
  GtkDrawingArea parent_instance;
  char *text;
  QRcode *code;
};

G_DEFINE_TYPE(MposQrView, mpos_qr_view, GTK_TYPE_DRAWING_AREA)

enum { PROP_0, PROP_TEXT, N_PROPS };
static GParamSpec *props[N_PROPS];

/* Level M: the receipt stays readable with a smudge or a fold. */
static void encode(MposQrView *view)
{
  g_clear_pointer(&view->code, QRcode_free);
  if (view->text && *view->text)
    view->code = QRcode_encodeString8bit(view->text, 0, QR_ECLEVEL_M);
}

/* Encodes at once, so a draw never waits for libqrencode. */
void mpos_qr_view_set_text(MposQrView *view, const char *text)
{
  g_return_if_fail(MPOS_IS_QR_VIEW(view));
  if (g_strcmp0(view->text, text) == 0)
    return;
  g_free(view->text);
  view->text = g_strdup(text);
  encode(view);
  gtk_widget_queue_draw(GTK_WIDGET(view));
  g_object_notify_by_pspec(G_OBJECT(view), props[PROP_TEXT]);
}

/* The text as set (transfer none). */
const char *mpos_qr_view_get_text(MposQrView *view)
{
  return view->text;
}

/* Lets a caller (or a test) check that the text did encode. */
int mpos_qr_view_get_modules(MposQrView *view)
{
  return view->code ? view->code->width : 0;
}

/* Whole-pixel modules, centred; the white square fills what is left. */
static gboolean mpos_qr_view_draw(GtkWidget *widget, cairo_t *cr)
{
  MposQrView *view = MPOS_QR_VIEW(widget);
  int w = gtk_widget_get_allocated_width(widget);
  int h = gtk_widget_get_allocated_height(widget);
  int side = MIN(w, h);
  int x0 = (w - side) / 2, y0 = (h - side) / 2;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x0, y0, side, side);
  cairo_fill(cr);
  if (view->code == NULL)
    return FALSE;
  int n = view->code->width;
  int px = side / (n + 2 * QUIET_ZONE);
  if (px < 1)
    return FALSE;
  int ox = x0 + (side - px * n) / 2, oy = y0 + (side - px * n) / 2;
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      if (view->code->data[y * n + x] & 1)
        cairo_rectangle(cr, ox + x * px, oy + y * px, px, px);
  cairo_fill(cr);
  return FALSE;
}

/* Square and large enough to scan from a phone held over the counter. */
static void mpos_qr_view_get_preferred_size(GtkWidget *widget, int *minimum, int *natural)
{
  (void)widget;
  *minimum = 120;
  *natural = 240;
}

/* The "text" property, so a .ui file can set it. */
static void mpos_qr_view_set_property(GObject *object, guint id, const GValue *value,
                                      GParamSpec *pspec)
{
  if (id == PROP_TEXT)
    mpos_qr_view_set_text(MPOS_QR_VIEW(object), g_value_get_string(value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

/* The "text" property. */
static void mpos_qr_view_get_property(GObject *object, guint id, GValue *value,
                                      GParamSpec *pspec)
{
  if (id == PROP_TEXT)
    g_value_set_string(value, MPOS_QR_VIEW(object)->text);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, id, pspec);
}

/* Frees the cached code. */
static void mpos_qr_view_finalize(GObject *object)
{
  MposQrView *view = MPOS_QR_VIEW(object);
  g_clear_pointer(&view->code, QRcode_free);
  g_free(view->text);
  G_OBJECT_CLASS(mpos_qr_view_parent_class)->finalize(object);
}

/* Draws itself; "text" is its one property; CSS name qrview. */
static void mpos_qr_view_class_init(MposQrViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS(klass);
  object_class->finalize = mpos_qr_view_finalize;
  object_class->set_property = mpos_qr_view_set_property;
  object_class->get_property = mpos_qr_view_get_property;
  widget_class->draw = mpos_qr_view_draw;
  widget_class->get_preferred_width = mpos_qr_view_get_preferred_size;
  widget_class->get_preferred_height = mpos_qr_view_get_preferred_size;
  props[PROP_TEXT] = g_param_spec_string("text", "Text", "The text to encode", NULL,
                                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                           | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties(object_class, N_PROPS, props);
  gtk_widget_class_set_css_name(widget_class, "qrview");
}

/* Nothing to set up: no text, no code. */
static void mpos_qr_view_init(MposQrView *view)
{
  (void)view;
}
