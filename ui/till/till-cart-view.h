/*
** till-cart-view.h: the sale being rung: its lines (name; quantity or
** weight times unit price; amount; discounts) and the running totals with
** the VAT split a Korean receipt shows (과세물품가액, 부가세, 면세물품가액).
**
** A touch on a line selects it in the model; the window's line actions
** (quantity, discount, remove) act on the model's selection.
*/
#ifndef TILL_CART_VIEW_H
#define TILL_CART_VIEW_H

#include "till-model.h"
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TILL_TYPE_CART_VIEW (till_cart_view_get_type())
G_DECLARE_FINAL_TYPE(TillCartView, till_cart_view, TILL, CART_VIEW, GtkBox)

/* The model to show (a reference is kept). */
void till_cart_view_set_model(TillCartView *view, TillModel *model);
/* Closer totals, for the narrowest screens (till_window_fit). */
void till_cart_view_set_compact(TillCartView *view, gboolean compact);

G_END_DECLS
#endif
