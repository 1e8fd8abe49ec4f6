/*
** till-model-catalog.c: products, product lines and quick keys.
**
** The catalog is small (a stall sells tens, at most a few hundred,
** products), so the model keeps all of it in memory and re-reads it whole
** after any change: the quick-key grid then never shows a stale price.
**
** Product-line names come from the market taxonomy the hub sends at
** enrollment (LEDGER.taxonomy.json, written by the sync client); before
** that, the standard codes of seeds/taxonomy.csv have built-in names.
*/
#include "till-model-private.h"
#include "sync-client.h"
#include "wire-codec.h"
#include <string.h>

/* The standard product lines (seeds/taxonomy.csv), for a till not yet enrolled. */
static const struct {
  const char *code;
  const char *label;
} builtin_lines[] = {
  {"VEG", N_("Vegetables")},     {"FRUIT", N_("Fruit")},
  {"FISH", N_("Fish")},          {"MEAT", N_("Meat")},
  {"BANCHAN", N_("Side dishes")}, {"TTEOK", N_("Rice cakes")},
  {"DRIED", N_("Dried seafood")}, {"GRAIN", N_("Grains")},
  {"HERB", N_("Herbs and greens")}, {"CLOTH", N_("Clothing")},
  {"HOUSE", N_("Household")},    {"EATERY", N_("Eatery")},
  {"ETC", N_("Other")},
};

/* TRUE when the screen speaks English (the taxonomy has both names). */
static gboolean english_ui(void)
{
  return g_str_has_prefix(g_get_language_names()[0], "en")
         || strcmp(_("Cash"), "Cash") == 0;
}

/*
** The file the sync client wrote (wire-taxonomy.c).  Missing or unreadable
** is fine: the built-in names remain.  The same file (or the built-in
** taxonomy without it) is what products are held to when made, edited or
** imported (sync_client_line_codes), as the hub holds their sales to it.
*/
void till_model_load_taxonomy(TillModel *model)
{
  g_autofree char *path = g_strconcat(model->ledger_path, ".taxonomy.json", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) codes = sync_client_line_codes(path);
  pos_ledger_set_line_codes(model->ledger, (const char *const *)codes);
  g_clear_pointer(&model->line_labels, g_hash_table_unref);
  model->line_labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return;
  g_autoptr(cJSON) root = wire_json_parse_object(text, strlen(text), NULL);
  g_autoptr(GPtrArray) lines = wire_taxonomy_from_json(root, NULL);
  gboolean english = english_ui();
  for (guint i = 0; lines && i < lines->len; i++) {
    const WireLine *l = g_ptr_array_index(lines, i);
    const char *name = english ? l->name_en : l->name_ko;
    if (*name)
      g_hash_table_replace(model->line_labels, g_strdup(l->code), g_strdup(name));
  }
}

/*
** Taxonomy first (the hub names the market's lines), built-in next, the code
** last.
*/
const char *till_model_line_label(TillModel *model, const char *code)
{
  const char *label = g_hash_table_lookup(model->line_labels, code);
  if (label)
    return label;
  for (guint i = 0; i < G_N_ELEMENTS(builtin_lines); i++)
    if (strcmp(builtin_lines[i].code, code) == 0)
      return _(builtin_lines[i].label);
  return code;
}

/* Adds code to list unless it is there. */
static void add_code(GPtrArray *list, const char *code)
{
  if (!g_ptr_array_find_with_equal_func(list, code, g_str_equal, NULL))
    g_ptr_array_add(list, g_strdup(code));
}

/* g_ptr_array_sort hands over pointers to the elements. */
static int by_text(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(char *const *)a, *(char *const *)b);
}

/* Every line the product form can offer, sorted for the chooser. */
GPtrArray *till_model_known_lines(TillModel *model)
{
  GPtrArray *list = g_ptr_array_new_with_free_func(g_free);
  GHashTableIter it;
  gpointer code;
  g_hash_table_iter_init(&it, model->line_labels);
  while (g_hash_table_iter_next(&it, &code, NULL))
    add_code(list, code);
  for (guint i = 0; i < G_N_ELEMENTS(builtin_lines); i++)
    add_code(list, builtin_lines[i].code);
  for (guint i = 0; i < model->products->len; i++)
    add_code(list, ((const PosProduct *)g_ptr_array_index(model->products, i))->line_code);
  g_ptr_array_sort(list, by_text);
  return list;
}

/* The catalog and the tabs, from the ledger, whole. */
void till_model_reload_catalog(TillModel *model)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = pos_ledger_product_list(model->ledger, FALSE, &error);
  if (list == NULL) {
    till_model_set_message(model, TRUE, error->message);
    return;
  }
  g_clear_pointer(&model->products, g_ptr_array_unref);
  model->products = list;
  g_clear_pointer(&model->search, pos_search_free);
  model->search = pos_search_new(list);
  g_clear_pointer(&model->lines, g_ptr_array_unref);
  model->lines = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < list->len; i++) {
    const PosProduct *p = g_ptr_array_index(list, i);
    if (p->active && !g_ptr_array_find_with_equal_func(model->lines, p->line_code, g_str_equal,
                                                       NULL))
      g_ptr_array_add(model->lines, g_strdup(p->line_code));
  }
  till_model_emit(model, TILL_CHANGE_CATALOG);
}

/* The cached catalog. */
GPtrArray *till_model_products(TillModel *model)
{
  return model->products;
}

/* The tabs' product lines. */
GPtrArray *till_model_lines(TillModel *model)
{
  return model->lines;
}

/* A linear search: tens of products, rarely hundreds. */
const PosProduct *till_model_product(TillModel *model, int plu)
{
  for (guint i = 0; i < model->products->len; i++) {
    const PosProduct *p = g_ptr_array_index(model->products, i);
    if (p->plu == plu)
      return p;
  }
  return NULL;
}

/* The index of the last catalog load; none before the first. */
GArray *till_model_search(TillModel *model, const char *text, guint limit)
{
  if (model->search == NULL)
    return g_array_new(FALSE, FALSE, sizeof(PosSearchHit));
  return pos_search_query(model->search, text, limit);
}

/* The smallest free PLU: short numbers are quicker to type. */
int till_model_next_plu(TillModel *model)
{
  int plu = 1;
  while (plu < 99999 && till_model_product(model, plu) != NULL)
    plu++;
  return plu;
}

/* The ledger's checks, said field by field for the product form. */
static gboolean product_ok(TillModel *model, const PosProduct *p, GError **error)
{
  if (p->plu < 1 || p->plu > 99999)
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("The PLU must be a number from 1 to 99999."));
  if (p->name == NULL || *p->name == '\0' || strlen(p->name) > POS_NAME_MAX)
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Give the product a name (at most 40 letters)."));
  if (!pos_line_code_valid(p->line_code))
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("Choose the product line."));
  if (p->price < 0 || p->price > 100000000)
    return till_model_refuse(model, error, POS_ERROR_OVERFLOW,
                             _("A price can be at most 100,000,000 won."));
  if (p->barcode && !pos_ean_valid(p->barcode))
    return till_model_refuse(model, error, POS_ERROR_INVALID,
                             _("The barcode must be 8 or 13 digits with a right check digit."));
  return TRUE;
}

/* Saves one product through the ledger (with its outbox event). */
static gboolean save(TillModel *model, PosProduct *p, GError **error)
{
  GError *local = NULL;
  if (!product_ok(model, p, error))
    return FALSE;
  if (pos_ledger_product_save(model->ledger, p, &local))
    return TRUE;
  if (g_error_matches(local, POS_ERROR, POS_ERROR_CONFLICT)) {
    g_autofree char *msg = g_strdup(_("Another product already has this PLU or barcode."));
    return till_model_fail(model, error, local, msg);
  }
  return till_model_fail_pos(model, error, local);
}

/* A new product on sale gets the next quick key, so it shows at once. */
gboolean till_model_product_save(TillModel *model, PosProduct *product, GError **error)
{
  if (product->id == 0 && product->active && product->quick_key < 0) {
    int last = -1;
    for (guint i = 0; i < model->products->len; i++)
      last = MAX(last, ((const PosProduct *)g_ptr_array_index(model->products, i))->quick_key);
    product->quick_key = MIN(last + 1, 9999);
  }
  if (!save(model, product, error))
    return FALSE;
  till_model_reload_catalog(model);
  g_autofree char *msg = g_strdup_printf(_("%s saved."), product->name);
  till_model_set_message(model, FALSE, msg);
  return TRUE;
}

/* Off sale, never deleted: receipts and reports still name it. */
gboolean till_model_product_set_active(TillModel *model, int plu, gboolean active,
                                       GError **error)
{
  const PosProduct *found = till_model_product(model, plu);
  if (found == NULL)
    return till_model_refuse(model, error, POS_ERROR_NOT_FOUND,
                             _("No product has the code %d."), plu);
  g_autoptr(PosProduct) p = pos_product_copy(found);
  p->active = active;
  if (!save(model, p, error))
    return FALSE;
  till_model_reload_catalog(model);
  return TRUE;
}

/* Compares quick keys for the arrangement (unkeyed last, then by PLU). */
static int by_key(gconstpointer a, gconstpointer b)
{
  const PosProduct *x = *(PosProduct *const *)a, *y = *(PosProduct *const *)b;
  int kx = x->quick_key < 0 ? G_MAXINT : x->quick_key;
  int ky = y->quick_key < 0 ? G_MAXINT : y->quick_key;
  return kx != ky ? (kx < ky ? -1 : 1) : (x->plu > y->plu) - (x->plu < y->plu);
}

/*
** Moving a key renumbers the active products 0, 1, 2... in their new order
** and saves only those whose key changed (two, for a move by one place):
** duplicates and gaps left by imports are straightened out on the way.
*/
gboolean till_model_product_move(TillModel *model, int plu, int delta, GError **error)
{
  g_autoptr(GPtrArray) keyed = g_ptr_array_new();
  int from = -1;
  for (guint i = 0; i < model->products->len; i++) {
    PosProduct *p = g_ptr_array_index(model->products, i);
    if (p->active)
      g_ptr_array_add(keyed, p);
  }
  g_ptr_array_sort(keyed, by_key);
  for (guint i = 0; i < keyed->len; i++)
    if (((PosProduct *)g_ptr_array_index(keyed, i))->plu == plu)
      from = (int)i;
  if (from < 0)
    return till_model_refuse(model, error, POS_ERROR_NOT_FOUND,
                             _("Only products on sale have a quick key."));
  int to = CLAMP(from + delta, 0, (int)keyed->len - 1);
  gpointer moving = g_ptr_array_steal_index(keyed, (guint)from);
  g_ptr_array_insert(keyed, to, moving);
  for (guint i = 0; i < keyed->len; i++) {
    const PosProduct *p = g_ptr_array_index(keyed, i);
    if (p->quick_key == (int)i)
      continue;
    g_autoptr(PosProduct) copy = pos_product_copy(p);
    copy->quick_key = (int)MIN(i, 9999);
    if (!save(model, copy, error)) {
      till_model_reload_catalog(model);
      return FALSE;
    }
  }
  till_model_reload_catalog(model);
  return TRUE;
}

/* The ledger imports all or nothing; its line-numbered reason is kept. */
gboolean till_model_import_csv(TillModel *model, const char *path, PosImportStats *stats,
                               GError **error)
{
  GError *local = NULL;
  PosImportStats st;
  if (!pos_ledger_product_import(model->ledger, path, &st, &local)) {
    g_autofree char *msg =
      g_strdup_printf(_("The file was not imported, nothing changed: %s"), local->message);
    return till_model_fail(model, error, local, msg);
  }
  if (stats)
    *stats = st;
  till_model_reload_catalog(model);
  g_autofree char *msg = g_strdup_printf(_("Imported %u products: %u new, %u changed."),
                                         (guint)st.rows, (guint)st.inserted,
                                         (guint)st.updated);
  till_model_set_message(model, FALSE, msg);
  return TRUE;
}
