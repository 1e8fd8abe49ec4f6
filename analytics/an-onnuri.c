/*
** an-onnuri.c: the Onnuri review list (an-onnuri.h says what each signal
** is and why a high share alone is not one).
**
** The stall figures come from one scan of the market (revenue, receipts,
** tenders, main line); the receipt-level signals from the Onnuri receipts
** the hub reads from its documents, one pass, summed per stall.  Only
** receipts that hold an Onnuri tender come in, so "the usual ticket" is
** the stall's receipts without Onnuri: its revenue and receipts less those.
*/
#include "an-onnuri.h"
#include "an-int.h"
#include <string.h>

static const char *const signal_names[AN_ONNURI_SIGNALS] = {"round", "peers", "ticket", "burst"};

const char *an_onnuri_signal_name(AnOnnuriSignal s)
{
  return (guint)s < AN_ONNURI_SIGNALS ? signal_names[s] : "unknown";
}

static void row_free(AnOnnuriRow *row)
{
  an_row_release(row, row->reasons);
}

void an_onnuri_report_free(AnOnnuriReport *r)
{
  if (r == NULL)
    return;
  g_clear_pointer(&r->special, g_array_unref);
  an_report_release(r, &r->head, r->rows);
}

static gboolean in_special(const AnPeriod *special, guint n, AnDay d)
{
  for (guint i = 0; i < n; i++)
    if (d >= special[i].from && d <= special[i].to)
      return TRUE;
  return FALSE;
}

/* Days of the period inside any special week (overlaps counted once). */
static guint special_days(AnPeriod p, const AnPeriod *special, guint n)
{
  guint k = 0;
  for (AnDay d = p.from; d <= p.to; d++)
    k += in_special(special, n, d);
  return k;
}

static gint double_order(gconstpointer a, gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The median of the defined shares of the same-line stalls but st (all others without any). */
static AnRatio peer_median(GPtrArray *rows, guint st)
{
  const AnOnnuriRow *me = g_ptr_array_index(rows, st);
  g_autoptr(GArray) v = g_array_new(FALSE, FALSE, sizeof(double));
  for (int pass = 0; pass < 2 && v->len == 0; pass++)
    for (guint i = 0; i < rows->len; i++) {
      const AnOnnuriRow *o = g_ptr_array_index(rows, i);
      if (i == st || !o->onnuri_share.defined)
        continue;
      if (pass == 0 && g_strcmp0(o->main_line, me->main_line) != 0)
        continue;
      g_array_append_val(v, o->onnuri_share.value);
    }
  if (v->len == 0)
    return an_undef();
  g_array_sort(v, double_order);
  guint m = v->len / 2;
  double x = v->len % 2 ? g_array_index(v, double, m)
                        : (g_array_index(v, double, m - 1) + g_array_index(v, double, m)) / 2;
  return an_ratio(x);
}

/* The sentences of a row: each signal's figures, held or not when it matters. */
static void reasons(AnOnnuriRow *row, gboolean have_special)
{
  char a[AN_NUM_LEN], b[AN_NUM_LEN], c[AN_NUM_LEN];
  GPtrArray *e = row->reasons;
  if (row->signal[AN_ONNURI_SIGNAL_ROUND])
    an_explain(e, "지류 온누리상품권으로만 낸 %s원 단위 딱 떨어지는 영수증이 %" G_GINT64_FORMAT
                  "건(지류 결제의 %s, %s)이고, 모두 품목이 한 줄 이하입니다.",
               an_fmt_int(a, AN_ONNURI_ROUND_UNIT), row->round_receipts,
               an_fmt_pct(b, row->round_share, FALSE), an_fmt_won(c, row->round_amount));
  if (row->signal[AN_ONNURI_SIGNAL_PEERS])
    an_explain(e, "온누리 결제 비중 %s로, 같은 상품군 점포들의 가운데 값 %s보다 크게 높습니다.",
               an_fmt_pct(a, row->onnuri_share, FALSE), an_fmt_pct(b, row->peer_share, FALSE));
  if (row->signal[AN_ONNURI_SIGNAL_TICKET])
    an_explain(e, "온누리로 낸 영수증의 평균 %s이 평소 영수증 평균 %s의 %s배입니다.",
               an_fmt_won(a, row->onnuri_ticket), an_fmt_won(b, row->usual_ticket),
               an_fmt_num(c, row->ticket_ratio, 1));
  if (row->signal[AN_ONNURI_SIGNAL_BURST] && !row->burst_rise.defined)
    an_explain(e, "지류 온누리 %s을 특별할인 주간에만 받았습니다.", an_fmt_won(a, row->burst_paper));
  else if (row->signal[AN_ONNURI_SIGNAL_BURST])
    an_explain(e, "특별할인 주간에 지류 온누리 %s을 받아, 하루 기준 평소의 %s배였습니다(시장 전체는 %s배).",
               an_fmt_won(a, row->burst_paper), an_fmt_num(b, row->burst_rise, 1),
               an_fmt_num(c, row->market_rise, 1));
  guint others = row->signal[AN_ONNURI_SIGNAL_PEERS] + row->signal[AN_ONNURI_SIGNAL_TICKET]
                 + row->signal[AN_ONNURI_SIGNAL_BURST];
  if (row->flagged)
    an_explain(e, "확인해 볼 만한 유형입니다: 부정을 뜻하지는 않으며, 실제 거래였는지 점포와 함께 살펴보십시오.");
  else if (row->signal[AN_ONNURI_SIGNAL_PEERS] && others == 1)
    an_explain(e, "온누리 비중은 높지만 평소와 같은 장바구니로 결제되어, 그것만으로는 확인 대상이 아닙니다.");
  if (!have_special && row->onnuri > 0)
    an_explain(e, "특별할인 주간이 주어지지 않아 그 기간의 급증은 살피지 않았습니다.");
}

/* Tender, receipt and line figures of each stall of the scan into rows. */
static GPtrArray *stall_rows(const AnScan *s)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)row_free);
  for (guint st = 0; st < s->n_stalls; st++) {
    const AnStall *stall = an_dataset_stall(s->ds, s->stall_ids[st]);
    AnOnnuriRow *row = g_new0(AnOnnuriRow, 1);
    row->code = stall->code;
    row->name = stall->name;
    row->reasons = g_ptr_array_new_with_free_func(g_free);
    row->revenue = s->st[st].revenue;
    row->receipts = s->st[st].receipts;
    int64_t all = 0, best = 0;
    for (guint m = 0; m < s->n_methods; m++) {
      const char *name = g_ptr_array_index(s->ds->methods, m);
      int64_t v = s->tender[(gsize)st * s->n_methods + m];
      all += v;
      if (g_str_has_prefix(name, "onnuri-"))
        row->onnuri += v;
      if (strcmp(name, "onnuri-paper") == 0)
        row->paper += v;
    }
    row->onnuri_share = all > 0 ? an_div(row->onnuri, all) : an_undef();
    for (guint l = 0; l < s->n_lines; l++) {
      int64_t v = s->stall_line[(gsize)st * s->n_lines + l];
      if (v > best) {
        best = v;
        row->main_line = an_dataset_line(s->ds, l)->code;
      }
    }
    g_ptr_array_add(rows, row);
  }
  return rows;
}

static gint row_order(gconstpointer a, gconstpointer b)
{
  const AnOnnuriRow *x = *(AnOnnuriRow *const *)a, *y = *(AnOnnuriRow *const *)b;
  if (x->flagged != y->flagged)
    return x->flagged ? -1 : 1;
  if (x->onnuri != y->onnuri)
    return x->onnuri > y->onnuri ? -1 : 1;
  return strcmp(x->code, y->code);
}

AnOnnuriReport *an_onnuri_review(AnDataset *ds, const AnQuery *q,
                                 const AnOnnuriReceipt *receipts, guint n_receipts,
                                 const AnPeriod *special, guint n_special, GError **error)
{
  g_autoptr(AnScan) s = an_scan_new(ds, q, AN_SCAN_LINES | AN_SCAN_STALL_LINES | AN_SCAN_DAYS
                                             | AN_SCAN_TENDERS, error);
  if (s == NULL)
    return NULL;
  AnOnnuriReport *r = g_new0(AnOnnuriReport, 1);
  an_head_init(&r->head, ds, q);
  r->special = g_array_new(FALSE, FALSE, sizeof(AnPeriod));
  g_array_append_vals(r->special, special, n_special);
  r->rows = stall_rows(s);
  /* per stall: receipt sums, and paper inside / outside the special weeks */
  int64_t *onnuri_total = g_new0(int64_t, s->n_stalls + 1);
  int64_t *paper_in = g_new0(int64_t, s->n_stalls + 1), *paper_out = g_new0(int64_t, s->n_stalls + 1);
  int64_t market_in = 0, market_out = 0;
  for (guint i = 0; i < n_receipts; i++) {
    const AnOnnuriReceipt *x = &receipts[i];
    guint ix;
    if (x->day < q->period.from || x->day > q->period.to || !an_dataset_find_stall(ds, x->stall, &ix)
        || s->local[ix] < 0)
      continue;
    guint st = (guint)s->local[ix];
    AnOnnuriRow *row = g_ptr_array_index(r->rows, st);
    row->onnuri_receipts++;
    onnuri_total[st] += x->total;
    if (x->paper > 0) {
      row->paper_receipts++;
      if (x->total > 0 && x->total % AN_ONNURI_ROUND_UNIT == 0 && x->paper >= x->total
          && x->lines <= 1) {
        row->round_receipts++;
        row->round_amount += x->total;
      }
      gboolean inside = in_special(special, n_special, x->day);
      (inside ? paper_in : paper_out)[st] += x->paper;
      *(inside ? &market_in : &market_out) += x->paper;
    }
  }
  guint days_in = special_days(q->period, special, n_special);
  guint days_out = an_period_days(q->period) - days_in;
  AnRatio market_rise = days_in && days_out && market_out > 0
                          ? an_ratio(((double)market_in / days_in) / ((double)market_out / days_out))
                          : an_undef();
  for (guint st = 0; st < s->n_stalls; st++) {
    AnOnnuriRow *row = g_ptr_array_index(r->rows, st);
    row->peer_share = peer_median(r->rows, st);
    row->round_share = an_div(row->round_receipts, row->paper_receipts);
    row->signal[AN_ONNURI_SIGNAL_ROUND] = row->round_receipts >= AN_ONNURI_ROUND_MIN
                                          && row->round_share.value >= AN_ONNURI_ROUND_SHARE;
    row->signal[AN_ONNURI_SIGNAL_PEERS] =
      row->onnuri_share.defined && row->peer_share.defined
      && row->onnuri_share.value >= row->peer_share.value + AN_ONNURI_PEER_GAP;
    int64_t usual_n = row->receipts - row->onnuri_receipts;
    if ((row->usual_ticket_defined = usual_n > 0))
      row->usual_ticket = an_div_round(row->revenue - onnuri_total[st], usual_n);
    if ((row->onnuri_ticket_defined = row->onnuri_receipts > 0))
      row->onnuri_ticket = an_div_round(onnuri_total[st], row->onnuri_receipts);
    row->ticket_ratio = row->usual_ticket_defined && row->onnuri_ticket_defined
                          && row->usual_ticket > 0
                          ? an_div(row->onnuri_ticket, row->usual_ticket) : an_undef();
    row->signal[AN_ONNURI_SIGNAL_TICKET] = row->onnuri_receipts >= AN_ONNURI_TICKET_MIN
                                           && row->ticket_ratio.defined
                                           && row->ticket_ratio.value >= AN_ONNURI_TICKET_RATIO;
    row->burst_paper = paper_in[st];
    row->market_rise = market_rise;
    row->burst_rise = days_in && days_out && paper_out[st] > 0
                        ? an_ratio(((double)paper_in[st] / days_in)
                                   / ((double)paper_out[st] / days_out))
                        : an_undef();
    row->signal[AN_ONNURI_SIGNAL_BURST] =
      days_in > 0 && paper_in[st] >= AN_ONNURI_BURST_MIN
      && (paper_out[st] == 0
          || (row->burst_rise.defined
              && row->burst_rise.value
                   >= AN_ONNURI_BURST_RATIO * (market_rise.defined ? MAX(market_rise.value, 1.0) : 1.0)));
    guint others = row->signal[AN_ONNURI_SIGNAL_PEERS] + row->signal[AN_ONNURI_SIGNAL_TICKET]
                   + row->signal[AN_ONNURI_SIGNAL_BURST];
    row->flagged = row->signal[AN_ONNURI_SIGNAL_ROUND] || others >= 2;
    r->flagged += row->flagged;
    reasons(row, n_special > 0);
  }
  g_free(onnuri_total);
  g_free(paper_in);
  g_free(paper_out);
  g_ptr_array_sort(r->rows, row_order);
  return r;
}
