/*
** pos-catalog.c: products, tender and document names, EAN check digits and
** the in-store (prefix 20-29) barcode layouts.
*/
#include "pos-sale.h"
#include "pos-error.h"
#include <string.h>

static const struct {
  const char *name;
  const char *label;
  gboolean needs_ref;
} tender_table[POS_TENDER_N] = {
  [POS_TENDER_CASH] = {"cash", "현금", FALSE},
  [POS_TENDER_CARD] = {"card", "카드", TRUE},
  [POS_TENDER_ZEROPAY] = {"zeropay", "제로페이", TRUE},
  [POS_TENDER_ONNURI_PAPER] = {"onnuri-paper", "온누리상품권(지류)", FALSE},
  [POS_TENDER_ONNURI_CARD] = {"onnuri-card", "온누리상품권(카드)", TRUE},
  [POS_TENDER_ONNURI_MOBILE] = {"onnuri-mobile", "온누리상품권(모바일)", TRUE},
  [POS_TENDER_TRANSFER] = {"transfer", "계좌이체", FALSE},
};

const char *pos_tender_method_name(PosTenderMethod m)
{
  return (unsigned)m < POS_TENDER_N ? tender_table[m].name : "unknown";
}

const char *pos_tender_method_label(PosTenderMethod m)
{
  return (unsigned)m < POS_TENDER_N ? tender_table[m].label : "?";
}

gboolean pos_tender_method_needs_ref(PosTenderMethod m)
{
  return (unsigned)m < POS_TENDER_N && tender_table[m].needs_ref;
}

gboolean pos_tender_method_parse(const char *name, PosTenderMethod *out)
{
  for (int i = 0; i < POS_TENDER_N; i++) {
    if (name != NULL && strcmp(name, tender_table[i].name) == 0) {
      *out = (PosTenderMethod)i;
      return TRUE;
    }
  }
  return FALSE;
}

const char *pos_doc_kind_name(PosDocKind k)
{
  switch (k) {
  case POS_DOC_SALE: return "sale";
  case POS_DOC_VOID: return "void";
  case POS_DOC_REFUND: return "refund";
  }
  return "unknown";
}

PosProduct *pos_product_new(void)
{
  PosProduct *p = g_new0(PosProduct, 1);
  p->quick_key = -1;
  p->active = TRUE;
  return p;
}

/* The one constructor the test utilities and the benchmarks share: a
** product from its plain fields, as a catalog import or a seed makes it. */
PosProduct *pos_product_new_simple(int plu, const char *name, const char *line_code,
                                   PosUnit unit, PosMoney price, PosTaxClass tax)
{
  PosProduct *p = pos_product_new();
  p->plu = plu;
  p->name = g_strdup(name);
  p->line_code = g_strdup(line_code);
  p->unit = unit;
  p->price = price;
  p->tax = tax;
  return p;
}

PosProduct *pos_product_copy(const PosProduct *src)
{
  PosProduct *p = g_new0(PosProduct, 1);
  *p = *src;
  p->name = g_strdup(src->name);
  p->line_code = g_strdup(src->line_code);
  p->barcode = g_strdup(src->barcode);
  return p;
}

void pos_product_free(PosProduct *p)
{
  if (p == NULL)
    return;
  g_free(p->name);
  g_free(p->line_code);
  g_free(p->barcode);
  g_free(p);
}

static gboolean all_digits(const char *s, size_t len)
{
  if (strlen(s) != len)
    return FALSE;
  for (size_t i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9')
      return FALSE;
  return TRUE;
}

/*
** GS1 check digit: weights 3,1,3,... from the digit left of the check digit,
** which works for EAN-8 and EAN-13 alike.
*/
gboolean pos_ean_valid(const char *code)
{
  size_t len = code ? strlen(code) : 0;
  if ((len != 8 && len != 13) || !all_digits(code, len))
    return FALSE;
  int sum = 0;
  for (size_t i = 0; i + 1 < len; i++) {
    int d = code[len - 2 - i] - '0';
    sum += (i % 2 == 0) ? 3 * d : d;
  }
  return (10 - sum % 10) % 10 == code[len - 1] - '0';
}

gboolean pos_line_code_valid(const char *code)
{
  size_t len = code ? strlen(code) : 0;
  if (len == 0 || len > POS_LINE_CODE_MAX)
    return FALSE;
  for (size_t i = 0; i < len; i++) {
    char c = code[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return FALSE;
  }
  return TRUE;
}

gboolean pos_product_validate(const PosProduct *p, GError **error)
{
  const char *why = NULL;
  if (p->plu < 1 || p->plu > 99999)
    why = "PLU must be between 1 and 99999";
  else if (p->name == NULL || *p->name == '\0' || strlen(p->name) > POS_NAME_MAX
           || !g_utf8_validate(p->name, -1, NULL))
    why = "name must be 1 to 120 bytes of UTF-8";
  else if (!pos_line_code_valid(p->line_code))
    why = "product-line code must be 1-16 of A-Z, 0-9, '_' or '-'";
  else if (p->unit != POS_UNIT_PIECE && p->unit != POS_UNIT_KG)
    why = "unit must be piece or kg";
  else if (p->price < 0 || p->price > 100000000)
    why = "price must be between 0 and 100,000,000 won";
  else if (p->tax != POS_TAX_TAXABLE && p->tax != POS_TAX_EXEMPT)
    why = "tax must be taxable or exempt";
  else if (p->barcode != NULL && !pos_ean_valid(p->barcode))
    why = "barcode must be an EAN-8 or EAN-13 with a correct check digit";
  else if (p->quick_key < -1 || p->quick_key > 9999)
    why = "quick key position must be 0-9999";
  if (why == NULL)
    return TRUE;
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "product %d: %s", p->plu, why);
  return FALSE;
}

gboolean pos_instore_pattern_valid(const char *pattern, GError **error)
{
  const char *why = NULL;
  size_t len = pattern ? strlen(pattern) : 0;
  int n_p = 0, n_w = 0, n_v = 0;
  if (len != 13 || pattern[0] != '2' || pattern[1] < '0' || pattern[1] > '9')
    why = "pattern must be 13 characters starting with 20-29";
  else if (pattern[12] != 'C')
    why = "pattern must end with the check digit C";
  else {
    for (size_t i = 2; i < 12 && why == NULL; i++) {
      char c = pattern[i];
      if (c == 'P') n_p++;
      else if (c == 'W') n_w++;
      else if (c == 'V') n_v++;
      else if (c < '0' || c > '9') why = "pattern may hold only digits and P, W, V, C";
    }
    if (why == NULL && (n_p == 0 || n_p > 5))
      why = "pattern needs 1-5 P (item number) positions";
    else if (why == NULL && (n_w > 0) == (n_v > 0))
      why = "pattern needs W (grams) or V (won) positions, not both";
  }
  if (why == NULL)
    return TRUE;
  g_set_error(error, POS_ERROR, POS_ERROR_INVALID, "in-store barcode pattern '%s': %s",
              pattern ? pattern : "", why);
  return FALSE;
}

gboolean pos_instore_decode(const char *pattern, const char *code, PosInstoreCode *out,
                            GError **error)
{
  int64_t plu = 0, w = 0, v = 0;
  if (!pos_instore_pattern_valid(pattern, error))
    return FALSE;
  if (!pos_ean_valid(code) || strlen(code) != 13)
    goto nomatch;
  for (size_t i = 0; i < 12; i++) {
    int d = code[i] - '0';
    switch (pattern[i]) {
    case 'P': plu = plu * 10 + d; break;
    case 'W': w = w * 10 + d; break;
    case 'V': v = v * 10 + d; break;
    default:
      if (pattern[i] != code[i])
        goto nomatch;
    }
  }
  memset(out, 0, sizeof *out);
  out->plu = (int)plu;
  out->has_weight = strchr(pattern, 'W') != NULL;
  out->grams = w;
  out->has_price = strchr(pattern, 'V') != NULL;
  out->price = v;
  return TRUE;
nomatch:
  g_set_error(error, POS_ERROR, POS_ERROR_NOT_FOUND,
              "barcode '%s' does not fit the in-store pattern '%s'", code, pattern);
  return FALSE;
}
