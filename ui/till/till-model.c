/*
** till-model.c: the till model's core: the ledger, the entry buffer, adding
** products, and the cart.
**
** The model is a thin layer over pos/: the cart rules, the arithmetic and
** the checks are the ledger's, so the till and `stall` can never disagree.
** What the model adds is the screen's state (entry, selection, the product
** waiting for its weight, the message line) and messages written for a
** merchant: a ledger error says what is wrong in English for a log; the
** model says, translated, what to do about it.
*/
#include "till-model-private.h"
#include "ui-tmpdir.h"
#include <glib/gstdio.h>
#include <string.h>

G_DEFINE_TYPE(TillModel, till_model, G_TYPE_OBJECT)

enum { SIG_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- Messages and errors ------------------------------------------------ */

void till_model_emit(TillModel *model, TillChange flags)
{
  g_signal_emit(model, signals[SIG_CHANGED], 0, (guint)flags);
}

/* Every outcome the merchant should see goes through here. */
void till_model_set_message(TillModel *model, gboolean is_error, const char *text)
{
  g_free(model->message);
  model->message = g_strdup(text ? text : "");
  model->message_is_error = is_error;
  till_model_emit(model, TILL_CHANGE_MESSAGE);
}

/* The message line. */
const char *till_model_message(TillModel *model, gboolean *is_error)
{
  if (is_error)
    *is_error = model->message_is_error;
  return model->message;
}

/* Keeps the ledger's code (tests and callers key on it), replaces the words. */
gboolean till_model_fail(TillModel *model, GError **error, GError *src, const char *text)
{
  g_set_error_literal(error, src->domain, src->code, text);
  till_model_set_message(model, TRUE, text);
  g_error_free(src);
  return FALSE;
}

/* A refusal of the model's own, in the ledger's error domain. */
gboolean till_model_refuse(TillModel *model, GError **error, int code, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *text = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error_literal(error, POS_ERROR, code, text);
  till_model_set_message(model, TRUE, text);
  return FALSE;
}

/*
** Ledger trouble (disk full, read-only file...) keeps the ledger's own
** detail after a translated sentence: the detail is for whoever is called
** to help, the sentence for the merchant.  A sale that failed here was not
** stored, and the cart is still there to try again.
*/
gboolean till_model_fail_pos(TillModel *model, GError **error, GError *src)
{
  g_autofree char *text = NULL;
  switch (src->domain == POS_ERROR ? src->code : 0) {
  case POS_ERROR_OVERFLOW:
    text = g_strdup(_("The amount is too large: the till's limit is 999,999,999,999 won."));
    break;
  case POS_ERROR_DB:
  case POS_ERROR_READONLY:
  case POS_ERROR_NOT_A_DB:
  case POS_ERROR_FULL:
  case POS_ERROR_BUSY:
  case POS_ERROR_SCHEMA:
  case POS_ERROR_IO:
    text = g_strdup_printf(_("The ledger could not be written, nothing was stored: %s"),
                           src->message);
    break;
  default:
    text = g_strdup_printf(_("Not done: %s"), src->message);
  }
  return till_model_fail(model, error, src, text);
}

/*
** Overflow and junk told apart: one needs a smaller number, the other
** digits.
*/
gboolean till_model_parse_money(TillModel *model, const char *text, PosMoney *out,
                                GError **error)
{
  g_autofree char *t = g_strstrip(g_strdup(text ? text : ""));
  GError *local = NULL;
  if (*t == '\0')
    return till_model_refuse(model, error, POS_ERROR_INVALID, _("Type an amount in won."));
  if (pos_money_parse(t, out, &local))
    return TRUE;
  if (g_error_matches(local, POS_ERROR, POS_ERROR_OVERFLOW)) {
    g_autofree char *msg =
      g_strdup_printf(_("%s won is over the till's limit of 999,999,999,999 won."), t);
    return till_model_fail(model, error, local, msg);
  }
  g_autofree char *msg = g_strdup_printf(_("“%s” is not an amount: use digits only."), t);
  return till_model_fail(model, error, local, msg);
}

/* ---- Opening ------------------------------------------------------------ */

gboolean till_model_reload_settings(TillModel *model, GError **error)
{
  PosSettings s;
  GError *local = NULL;
  if (!pos_ledger_get_settings(model->ledger, &s, &local))
    return till_model_fail_pos(model, error, local);
  pos_settings_clear(&model->settings);
  model->settings = s;
  PosCartRules rules;
  pos_ledger_cart_rules(model->ledger, &rules);
  /* A cart's rules are fixed when it is made: new rules apply from the next sale. */
  if (model->cart == NULL || pos_cart_n_lines(model->cart) == 0) {
    g_clear_pointer(&model->cart, pos_cart_free);
    model->cart = pos_cart_new(&rules);
  }
  return TRUE;
}

/* Opens the ledger; a ledger with no stall gets a placeholder one. */
static gboolean model_open(TillModel *model, const char *path, GError **error)
{
  GError *local = NULL;
  model->ledger_path = path ? g_strdup(path) : pos_ledger_default_path();
  if (path == NULL) {
    g_autofree char *dir = g_path_get_dirname(model->ledger_path);
    g_mkdir_with_parents(dir, 0700);
  }
  model->ledger = pos_ledger_open(model->ledger_path, &local);
  if (model->ledger == NULL)
    return till_model_fail_pos(model, error, local);
  PosSettings s;
  if (!pos_ledger_get_settings(model->ledger, &s, NULL)) {
    if (!pos_ledger_init_stall(model->ledger, _("My stall"), 1, &local))
      return till_model_fail_pos(model, error, local);
    model->is_new = TRUE;
  } else {
    pos_settings_clear(&s);
  }
  if (!till_model_reload_settings(model, error))
    return FALSE;
  till_model_load_taxonomy(model);
  till_model_reload_catalog(model);
  till_model_sync_setup(model);
  return TRUE;
}

/* Opens or creates; see till-model.h. */
TillModel *till_model_new(const char *ledger_path, GError **error)
{
  g_autoptr(TillModel) model = g_object_new(TILL_TYPE_MODEL, NULL);
  if (!model_open(model, ledger_path, error))
    return NULL;
  return g_steal_pointer(&model);
}

/*
** The demo stall: the header of scripts/demo.sh, the in-store barcode
** layout of its scale (PLU and grams), weighed lines rounded down to 10 won.
*/
static gboolean demo_ledger(const char *dir, GBytes *catalog_csv, GError **error)
{
  static const char *const header[][2] = {
    {"business_no", "123-45-67890"},
    {"address", "서울 가온구 가온시장 A-12"},
    {"phone", "02-123-4567"},
    {"instore_pattern", "21PPPPPWWWWWC"},
  };
  g_autofree char *path = g_build_filename(dir, "ledger.sqlite", NULL);
  g_autofree char *csv = g_build_filename(dir, "catalog.csv", NULL);
  g_autoptr(PosLedger) ledger = pos_ledger_open(path, error);
  if (ledger == NULL || !pos_ledger_init_stall(ledger, "행복청과·반찬 (데모)", 10, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(header); i++)
    if (!pos_ledger_set_setting(ledger, header[i][0], header[i][1], error))
      return FALSE;
  gsize len = 0;
  const char *data = catalog_csv ? g_bytes_get_data(catalog_csv, &len) : NULL;
  PosImportStats st;
  return data == NULL
         || (g_file_set_contents(csv, data, (gssize)len, error)
             && pos_ledger_product_import(ledger, csv, &st, error));
}

/* A throwaway demo ledger in its own temporary directory. */
TillModel *till_model_new_demo(GBytes *catalog_csv, GError **error)
{
  g_autoptr(TillModel) model = g_object_new(TILL_TYPE_MODEL, NULL);
  GError *local = NULL;
  model->tmpdir = g_dir_make_tmp("stall-pos-XXXXXX", error);
  if (model->tmpdir == NULL)
    return NULL;
  if (!demo_ledger(model->tmpdir, catalog_csv, &local)) {
    till_model_fail_pos(model, error, local);
    return NULL;
  }
  g_autofree char *path = g_build_filename(model->tmpdir, "ledger.sqlite", NULL);
  if (!model_open(model, path, error))
    return NULL;
  return g_steal_pointer(&model);
}

/* TRUE when the ledger was created by this model: the settings come first. */
gboolean till_model_is_new(TillModel *model)
{
  return model->is_new;
}

/* The till's connection (UI thread only). */
PosLedger *till_model_ledger(TillModel *model)
{
  return model->ledger;
}

/* Cached; re-read after every change. */
const PosSettings *till_model_settings(TillModel *model)
{
  return &model->settings;
}

/* ---- Entry and adding ----------------------------------------------------- */

const char *till_model_entry(TillModel *model)
{
  return model->entry->str;
}

/*
** Only a real change is announced: the entry and the model mirror each
** other.
*/
void till_model_entry_set(TillModel *model, const char *text)
{
  if (g_strcmp0(model->entry->str, text ? text : "") == 0)
    return;
  g_string_assign(model->entry, text ? text : "");
  till_model_emit(model, TILL_CHANGE_ENTRY);
}

/* TRUE when text has digits and all of them are zero ("0", "0.000kg"). */
static gboolean all_zero(const char *text)
{
  gboolean digits = FALSE;
  for (const char *p = text; *p; p++) {
    if (*p >= '1' && *p <= '9')
      return FALSE;
    digits |= *p == '0';
  }
  return digits;
}

/*
** Quantities as a merchant types them: spaces and capitals are forgiven
** ("1.2 KG"), a bare "근" is one 근.  Zero gets its own message: it is the
** usual slip (an empty scale), and "must be above 0" is what to fix.
*/
gboolean till_model_parse_qty(TillModel *model, const char *text, PosUnit unit,
                              int64_t *qty_milli, GError **error)
{
  g_autofree char *down = g_utf8_strdown(text ? text : "", -1);
  GString *t = g_string_new(NULL);
  for (const char *p = down; *p; p++)
    if (*p != ' ' && *p != ',')
      g_string_append_c(t, *p);
  if (strcmp(t->str, "근") == 0)
    g_string_prepend_c(t, '1');
  g_autofree char *clean = g_string_free(t, FALSE);
  GError *local = NULL;
  if (*clean == '\0')
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             unit == POS_UNIT_KG ? _("Type the weight.")
                                                 : _("Type the quantity."));
  if (all_zero(clean))
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             unit == POS_UNIT_KG ? _("The weight must be more than 0 g.")
                                                 : _("The quantity must be at least 1."));
  if (pos_qty_parse(clean, unit, model->settings.geun_g, qty_milli, &local))
    return TRUE;
  g_autofree char *msg =
    unit == POS_UNIT_KG
      ? g_strdup_printf(_("“%s” is not a weight: type grams (350), kilograms (1.2kg) or "
                          "근 (1근), up to 100 t."), text)
      : g_strdup_printf(_("“%s” is not a number of pieces: type a whole number from 1 to "
                          "100,000."), text);
  return till_model_fail(model, error, local, msg);
}

/* The amount the ledger will charge, rounding included. */
gboolean till_model_preview_amount(TillModel *model, PosMoney unit_price, PosUnit unit,
                                   int64_t qty_milli, PosMoney *amount, GError **error)
{
  PosMoney a;
  if (!pos_money_line_amount(unit_price, qty_milli, &a, error))
    return FALSE;
  *amount = unit == POS_UNIT_KG ? pos_money_round_down(a, model->settings.rounding_unit) : a;
  return TRUE;
}

/* Explains a line that could not be added (overflow, inactive product...). */
static gboolean add_failed(TillModel *model, const PosProduct *p, GError *local,
                           GError **error)
{
  if (g_error_matches(local, POS_ERROR, POS_ERROR_OVERFLOW)) {
    g_autofree char *msg = g_strdup_printf(
      _("%s: the amount would be over the till's limit of 999,999,999,999 won. Check the "
        "quantity."), p->name);
    return till_model_fail(model, error, local, msg);
  }
  if (g_error_matches(local, POS_ERROR, POS_ERROR_STATE) && !p->active) {
    g_autofree char *msg =
      g_strdup_printf(_("%s is not sold any more: turn it on again in Products."), p->name);
    return till_model_fail(model, error, local, msg);
  }
  return till_model_fail_pos(model, error, local);
}

/*
** Adds a line, or one more piece to the last line when it is the same piece
** product with nothing changed on it: tapping a key twice means two.
*/
static gboolean add_line(TillModel *model, const PosProduct *p, int64_t qty, PosMoney fixed,
                         GError **error)
{
  GError *local = NULL;
  int index = -1;
  guint n = pos_cart_n_lines(model->cart);
  const PosLine *last = n ? pos_cart_line(model->cart, n - 1) : NULL;
  gboolean ok;
  if (fixed < 0 && last && p->unit == POS_UNIT_PIECE && last->plu == p->plu
      && !last->fixed_amount && last->line_discount == 0 && last->override_reason == NULL
      && last->unit_price == p->price && p->active) {
    index = (int)n - 1;
    ok = pos_cart_set_qty(model->cart, index, last->qty_milli + qty, &local);
  } else if (fixed >= 0) {
    ok = pos_cart_add_priced(model->cart, p, fixed, &index, &local);
  } else {
    ok = pos_cart_add(model->cart, p, qty, &index, &local);
  }
  if (!ok)
    return add_failed(model, p, local, error);
  model->selected = index;
  g_string_truncate(model->entry, 0);
  g_autofree char *msg = g_strdup_printf(_("Added %s."), p->name);
  till_model_set_message(model, FALSE, msg);
  till_model_emit(model, TILL_CHANGE_CART | TILL_CHANGE_ENTRY);
  return TRUE;
}

/* A weighed product with no weight yet waits for one. */
static gboolean park(TillModel *model, const PosProduct *p)
{
  g_clear_pointer(&model->pending, pos_product_free);
  g_clear_pointer(&model->pending_typed, g_free);
  model->pending = pos_product_copy(p);
  g_string_truncate(model->entry, 0);
  g_autofree char *msg = g_strdup_printf(_("Weigh %s and type the weight."), p->name);
  till_model_set_message(model, FALSE, msg);
  till_model_emit(model, TILL_CHANGE_ENTRY);
  return TRUE;
}

/*
** Shape checks first, so a misread scan is told apart from an unknown
** product.
*/
gboolean till_model_add_code(TillModel *model, const char *code, GError **error)
{
  g_autofree char *c = g_strstrip(g_strdup(code ? code : ""));
  size_t len = strlen(c);
  int64_t qty;
  PosMoney amount;
  GError *local = NULL;
  if (len == 0)
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Scan a barcode or type a PLU first."));
  if (strspn(c, "0123456789") != len || (len > 5 && len != 8 && len != 13))
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("“%s” is neither a PLU (1 to 5 digits) nor a barcode (8 or 13 "
                               "digits)."), c);
  if (len > 5 && !pos_ean_valid(c))
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Barcode %s has a wrong check digit: scan it again."), c);
  g_autoptr(PosProduct) p = pos_ledger_product_lookup(model->ledger, c, &qty, &amount, &local);
  if (p == NULL && g_error_matches(local, POS_ERROR, POS_ERROR_NOT_FOUND)) {
    g_autofree char *msg = g_strdup_printf(
      _("No product has the code %s. Check it, or add the product in Products (F6)."), c);
    return till_model_fail(model, error, local, msg);
  }
  if (p == NULL)
    return till_model_fail_pos(model, error, local);
  if (amount >= 0)
    return add_line(model, p, 0, amount, error);
  if (qty > 0)
    return add_line(model, p, qty, -1, error);
  if (p->unit == POS_UNIT_PIECE)
    return add_line(model, p, 1000, -1, error);
  if (!p->active)
    return add_failed(model, p, g_error_new_literal(POS_ERROR, POS_ERROR_STATE, "inactive"),
                      error);
  return park(model, p);
}

/* A touch on a quick key; the entry is its quantity. */
gboolean till_model_add_plu(TillModel *model, int plu, GError **error)
{
  const PosProduct *p = till_model_product(model, plu);
  int64_t qty;
  if (p == NULL)
    return till_model_refuse(model, error, POS_ERROR_NOT_FOUND,
                             _("No product has the code %d."), plu);
  if (model->entry->len == 0)
    return p->unit == POS_UNIT_PIECE ? add_line(model, p, 1000, -1, error) : park(model, p);
  /* "3" then pork: 3 g or 3 kg?  The weight dialog asks, the number kept */
  size_t n = model->entry->len;
  if (p->unit == POS_UNIT_KG && p->active
      && (g_ascii_isdigit(model->entry->str[n - 1]) || model->entry->str[n - 1] == '.')) {
    g_autofree char *typed = g_strdup(model->entry->str);
    park(model, p);
    model->pending_typed = g_steal_pointer(&typed);
    return TRUE;
  }
  if (!till_model_parse_qty(model, model->entry->str, p->unit, &qty, error))
    return FALSE;
  return add_line(model, p, qty, -1, error);
}

/* What was typed before the weighed product without a unit, if anything. */
const char *till_model_pending_typed(TillModel *model)
{
  return model->pending ? model->pending_typed : NULL;
}

/* The weighed product waiting for its weight, if any. */
const PosProduct *till_model_pending(TillModel *model)
{
  return model->pending;
}

/* The pending product stays pending when the weight is refused. */
gboolean till_model_give_weight(TillModel *model, const char *text, GError **error)
{
  int64_t qty;
  if (model->pending == NULL)
    return till_model_refuse(model, error, POS_ERROR_STATE,
                             _("No product is waiting for a weight."));
  if (!till_model_parse_qty(model, text, model->pending->unit, &qty, error))
    return FALSE;
  g_autoptr(PosProduct) p = g_steal_pointer(&model->pending);
  if (!add_line(model, p, qty, -1, error)) {
    model->pending = g_steal_pointer(&p);
    return FALSE;
  }
  return TRUE;
}

/* Drops the product waiting for a weight. */
void till_model_cancel_pending(TillModel *model)
{
  if (model->pending == NULL)
    return;
  g_clear_pointer(&model->pending, pos_product_free);
  till_model_set_message(model, FALSE, "");
  till_model_emit(model, TILL_CHANGE_ENTRY);
}

/* ---- The cart ---------------------------------------------------------------- */

guint till_model_n_lines(TillModel *model)
{
  return pos_cart_n_lines(model->cart);
}

/* A line of the cart (transfer none). */
const PosLine *till_model_line(TillModel *model, guint index)
{
  return pos_cart_line(model->cart, index);
}

/* The selected line. */
int till_model_selected(TillModel *model)
{
  return model->selected;
}

/*
** Out-of-range selections are ignored rather than refused: they come from
** taps.
*/
void till_model_select(TillModel *model, int index)
{
  if (index < -1 || index >= (int)pos_cart_n_lines(model->cart) || index == model->selected)
    return;
  model->selected = index;
  till_model_emit(model, TILL_CHANGE_CART);
}

/* The line an edit is about: the one given, or else the selection. */
static const PosLine *line_for(TillModel *model, int *index, GError **error)
{
  if (*index < 0)
    *index = model->selected;
  const PosLine *l = *index >= 0 ? pos_cart_line(model->cart, (guint)*index) : NULL;
  if (l == NULL)
    till_model_refuse(model, error, POS_ERROR_NOT_FOUND, _("Touch a line of the sale first."));
  return l;
}

/*
** A line edit that takes an amount in won (a discount, a new price): the
** line (index as for line_for) and the amount typed, or NULL when either
** is refused.
*/
static const PosLine *line_and_amount(TillModel *model, int *index, const char *won,
                                      PosMoney *w, GError **error)
{
  const PosLine *l = line_for(model, index, error);
  if (l == NULL || !till_model_parse_money(model, won, w, error))
    return NULL;
  return l;
}

/* A refused quantity leaves the line as it was. */
gboolean till_model_set_qty(TillModel *model, int index, const char *text, GError **error)
{
  GError *local = NULL;
  int64_t qty;
  const PosLine *l = line_for(model, &index, error);
  if (l == NULL)
    return FALSE;
  if (l->fixed_amount)
    return till_model_refuse(model, error, POS_ERROR_STATE,
                             _("%s: the weight and price come from the scale's label."),
                             l->name);
  if (!till_model_parse_qty(model, text, l->unit, &qty, error))
    return FALSE;
  g_autofree char *name = g_strdup(l->name);
  if (!pos_cart_set_qty(model->cart, index, qty, &local)) {
    if (g_error_matches(local, POS_ERROR, POS_ERROR_OVERFLOW)) {
      g_autofree char *msg = g_strdup_printf(
        _("%s: the amount would be over the till's limit of 999,999,999,999 won. Check the "
          "quantity."), name);
      return till_model_fail(model, error, local, msg);
    }
    return till_model_fail_pos(model, error, local);
  }
  till_model_set_message(model, FALSE, "");
  till_model_emit(model, TILL_CHANGE_CART);
  return TRUE;
}

/* Keeps the sale discount within what is left, or drops it with a word. */
static void check_sale_discount(TillModel *model)
{
  PosTotals t;
  if (pos_cart_totals(model->cart, &t, NULL))
    return;
  pos_cart_discount_sale(model->cart, 0, NULL, NULL);
  till_model_set_message(model, FALSE,
                         _("The sale discount was more than what is left: it was removed."));
}

/*
** The end of every edit that can shrink the sale (a removed line, a line
** discount, a new price): a refusal by the cart is passed on; otherwise the
** sale discount is kept within what is left and the views are told.
*/
static gboolean line_edit_done(TillModel *model, gboolean done, GError *local, GError **error)
{
  if (!done)
    return till_model_fail_pos(model, error, local);
  check_sale_discount(model);
  till_model_emit(model, TILL_CHANGE_CART);
  return TRUE;
}

/* The selection stays near where it was, for a quick second removal. */
gboolean till_model_remove_line(TillModel *model, int index, GError **error)
{
  GError *local = NULL;
  if (line_for(model, &index, error) == NULL)
    return FALSE;
  gboolean done = pos_cart_remove(model->cart, index, &local);
  if (done)
    model->selected = MIN(index, (int)pos_cart_n_lines(model->cart) - 1);
  return line_edit_done(model, done, local, error);
}

/* A discount needs a reason unless it clears one. */
static gboolean reason_given(TillModel *model, PosMoney won, const char *reason,
                             GError **error)
{
  g_autofree char *r = g_strstrip(g_strdup(reason ? reason : ""));
  if (won != 0 && *r == '\0')
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Choose or type a reason for the discount."));
  if (strlen(r) > 200)
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("The reason is too long: keep it under 60 letters."));
  return TRUE;
}

/* Capped at the line's amount: a discount never pays the customer. */
gboolean till_model_discount_line(TillModel *model, int index, const char *won,
                                  const char *reason, GError **error)
{
  GError *local = NULL;
  PosMoney w;
  const PosLine *l = line_and_amount(model, &index, won, &w, error);
  if (l == NULL || !reason_given(model, w, reason, error))
    return FALSE;
  if (w > l->amount + l->rounding) {
    char a[32];
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("The discount is more than the line's %s won."),
                             pos_money_format(l->amount + l->rounding, a, sizeof a));
  }
  return line_edit_done(model, pos_cart_discount_line(model->cart, index, w, reason, &local),
                        local, error);
}

/* Undone when it would exceed the sale: the cart is never left unsettleable. */
gboolean till_model_discount_sale(TillModel *model, const char *won, const char *reason,
                                  GError **error)
{
  GError *local = NULL;
  PosMoney w, before = till_model_sale_discount(model);
  g_autofree char *old_reason = g_strdup(pos_cart_sale_discount_reason(model->cart));
  if (!till_model_parse_money(model, won, &w, error) || !reason_given(model, w, reason, error))
    return FALSE;
  if (!pos_cart_discount_sale(model->cart, w, reason, &local))
    return till_model_fail_pos(model, error, local);
  PosTotals t;
  if (!pos_cart_totals(model->cart, &t, &local)) {
    pos_cart_discount_sale(model->cart, before, old_reason, NULL);
    g_autofree char *msg = g_strdup(_("The discount is more than the sale's total."));
    return till_model_fail(model, error, local, msg);
  }
  till_model_emit(model, TILL_CHANGE_CART);
  return TRUE;
}

/* A haggled price needs a reason unless it returns to the list price. */
gboolean till_model_override_price(TillModel *model, int index, const char *won,
                                   const char *reason, GError **error)
{
  GError *local = NULL;
  PosMoney w;
  const PosLine *l = line_and_amount(model, &index, won, &w, error);
  if (l == NULL || !reason_given(model, w == l->list_price ? 0 : 1, reason, error))
    return FALSE;
  if (l->fixed_amount)
    return till_model_refuse(model, error, POS_ERROR_STATE,
                             _("%s: the weight and price come from the scale's label."),
                             l->name);
  if (w > 100000000)
    return till_model_refuse(model, error, POS_ERROR_OVERFLOW,
                             _("A price can be at most 100,000,000 won."));
  return line_edit_done(model,
                        pos_cart_override_price(model->cart, index, w,
                                                reason && *reason ? reason : "-", &local),
                        local, error);
}

/* The sale discount now in the cart. */
PosMoney till_model_sale_discount(TillModel *model)
{
  PosTotals t;
  return pos_cart_totals(model->cart, &t, NULL) ? t.sale_discount : 0;
}

/* Zeros when the cart cannot total (never shown half-computed). */
void till_model_totals(TillModel *model, PosTotals *out)
{
  if (!pos_cart_totals(model->cart, out, NULL))
    memset(out, 0, sizeof *out);
}

/* Everything of the sale on screen, gone; nothing stored changes. */
void till_model_clear_cart(TillModel *model)
{
  pos_cart_clear(model->cart);
  model->selected = -1;
  model->paying = FALSE;
  g_clear_pointer(&model->pending, pos_product_free);
  g_string_truncate(model->entry, 0);
  till_model_set_message(model, FALSE, "");
  till_model_emit(model, TILL_CHANGE_CART | TILL_CHANGE_ENTRY | TILL_CHANGE_PAYMENT);
}

/* ---- GObject ----------------------------------------------------------------- */

/* The sync engine first: its signal must not reach a half-freed model. */
static void till_model_dispose(GObject *object)
{
  till_model_sync_teardown(TILL_MODEL(object));
  G_OBJECT_CLASS(till_model_parent_class)->dispose(object);
}

/* The ledger closes before a demo ledger's files are removed. */
static void till_model_finalize(GObject *object)
{
  TillModel *model = TILL_MODEL(object);
  g_clear_pointer(&model->cart, pos_cart_free);
  g_clear_pointer(&model->pending, pos_product_free);
  g_clear_pointer(&model->pending_typed, g_free);
  g_clear_pointer(&model->last_sale, pos_sale_free);
  g_clear_pointer(&model->products, g_ptr_array_unref);
  g_clear_pointer(&model->search, pos_search_free);
  g_clear_pointer(&model->lines, g_ptr_array_unref);
  g_clear_pointer(&model->line_labels, g_hash_table_unref);
  pos_settings_clear(&model->settings);
  g_clear_pointer(&model->ledger, pos_ledger_close);
  if (model->tmpdir)
    ui_tmpdir_remove(model->tmpdir);
  g_free(model->tmpdir);
  g_free(model->ledger_path);
  g_free(model->message);
  g_string_free(model->entry, TRUE);
  G_OBJECT_CLASS(till_model_parent_class)->finalize(object);
}

/* One signal carries every change as flags. */
static void till_model_class_init(TillModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->dispose = till_model_dispose;
  object_class->finalize = till_model_finalize;
  /* changed(flags): what to redraw, as TillChange flags. */
  signals[SIG_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

/* An empty entry, nothing selected, no message. */
static void till_model_init(TillModel *model)
{
  model->entry = g_string_new(NULL);
  model->selected = -1;
  model->message = g_strdup("");
}
