/*
** till-keys-view.h: the quick keys: a rail of product-line tabs over the
** grid of that line's products, each a big key with its name and price.
**
** A touch rings the product through the model (till_model_add_plu): the
** entry, when it holds a number, is the quantity.  A weighed product with
** no weight yet becomes the model's pending product, which the window
** answers with the weight dialog.
*/
#ifndef TILL_KEYS_VIEW_H
#define TILL_KEYS_VIEW_H

#include "till-model.h"
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TILL_TYPE_KEYS_VIEW (till_keys_view_get_type())
G_DECLARE_FINAL_TYPE(TillKeysView, till_keys_view, TILL, KEYS_VIEW, GtkBox)

/* The model to show and ring into (a reference is kept). */
void till_keys_view_set_model(TillKeysView *view, TillModel *model);
/* Shows the products of a product line. */
void till_keys_view_show_line(TillKeysView *view, const char *line_code);
/* Fewer keys to a row at least, for a small screen (till_window_fit). */
void till_keys_view_set_compact(TillKeysView *view, gboolean compact);
/* The key of a product on the current page, or NULL. Transfer none. */
GtkWidget *till_keys_view_find_key(TillKeysView *view, int plu);

G_END_DECLS
#endif
