/*
** an-onnuri.h: Onnuri signals for managers, a review list (docs/ANALYTICS.md,
** "Onnuri review").
**
** 상품권 깡 (redeeming certificates without a sale) leaves traces that a
** high Onnuri share alone does not: an honest herbal stall whose elderly
** customers pay in Onnuri has a high share in ordinary baskets.  So each
** stall of the market is read for four signals:
**   round      paper Onnuri paying the whole of receipts at round amounts
**              (multiples of 10,000 won) with one line or none;
**   peers      an Onnuri share far above the same-line stalls of the market;
**   ticket     Onnuri receipts far bigger than the stall's usual ticket;
**   burst      paper Onnuri per day in the special-discount weeks far above
**              the stall's own rate outside them, beyond the market's rise.
** A stall is on the list (flagged) with the round signal, or with two of
** the other three; peers alone never flags.  Every row says why, in plain
** sentences that describe figures and never accuse.
*/
#ifndef AN_ONNURI_H
#define AN_ONNURI_H

#include "an-report.h"

G_BEGIN_DECLS

/* Thresholds (docs/ANALYTICS.md gives why). */
#define AN_ONNURI_ROUND_UNIT 10000        /* won: a round amount */
#define AN_ONNURI_ROUND_MIN 5             /* round receipts at least */
#define AN_ONNURI_ROUND_SHARE 0.5         /* of the stall's paper receipts */
#define AN_ONNURI_PEER_GAP 0.30           /* share above the peers' median */
#define AN_ONNURI_TICKET_RATIO 2.0        /* Onnuri ticket / usual ticket */
#define AN_ONNURI_TICKET_MIN 5            /* Onnuri receipts at least */
#define AN_ONNURI_BURST_RATIO 2.0         /* the stall's rise / the market's */
#define AN_ONNURI_BURST_MIN 50000         /* won of paper in the weeks at least */

/* One sale (not voided) with an Onnuri tender, as the hub's store reads it. */
typedef struct {
  char stall[24];                /* stall code */
  AnDay day;
  int64_t total;                 /* the receipt's total, won */
  int64_t paper;                 /* face value of paper Onnuri handed over */
  int64_t onnuri;                /* all Onnuri tenders (paper, card, mobile) */
  int lines;                     /* sale lines; 0 for a receipt without a basket */
} AnOnnuriReceipt;

typedef enum {
  AN_ONNURI_SIGNAL_ROUND = 0,
  AN_ONNURI_SIGNAL_PEERS,
  AN_ONNURI_SIGNAL_TICKET,
  AN_ONNURI_SIGNAL_BURST,
  AN_ONNURI_SIGNALS
} AnOnnuriSignal;

const char *an_onnuri_signal_name(AnOnnuriSignal s);   /* "round", ... (pinned) */

typedef struct {
  const char *code, *name;       /* borrowed from the dataset */
  const char *main_line;         /* or NULL */
  int64_t revenue, receipts;     /* the period's, from the rollups */
  int64_t onnuri, paper;         /* tenders, won */
  AnRatio onnuri_share;          /* Onnuri / all tenders */
  AnRatio peer_share;            /* median share of the same-line stalls */
  int64_t paper_receipts, round_receipts, round_amount;
  AnRatio round_share;           /* round / paper receipts */
  int64_t onnuri_receipts;
  gboolean usual_ticket_defined, onnuri_ticket_defined;
  int64_t usual_ticket, onnuri_ticket; /* won: receipts without / with Onnuri */
  AnRatio ticket_ratio;
  int64_t burst_paper;           /* paper Onnuri inside the special weeks */
  AnRatio burst_rise, market_rise; /* per-day rate inside / outside the weeks */
  gboolean signal[AN_ONNURI_SIGNALS];
  gboolean flagged;
  GPtrArray *reasons;            /* char *, plain Korean sentences */
} AnOnnuriRow;

typedef struct {
  AnReportHead head;
  GArray *special;               /* AnPeriod: the special-discount weeks given */
  guint flagged;
  GPtrArray *rows;               /* AnOnnuriRow *: flagged first, then by Onnuri amount */
} AnOnnuriReport;

/*
** Reads the market's stalls of ds (stall days, tenders and line sums over
** the period of q) and the Onnuri receipts of the period (rows of other
** markets or days are skipped); special: n_special periods of discount
** weeks (may be 0: the burst signal is then not read, and said so).
** Transfer full.
*/
AnOnnuriReport *an_onnuri_review(AnDataset *ds, const AnQuery *q,
                                 const AnOnnuriReceipt *receipts, guint n_receipts,
                                 const AnPeriod *special, guint n_special, GError **error);
void an_onnuri_report_free(AnOnnuriReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AnOnnuriReport, an_onnuri_report_free)

/* JSON {"report": "onnuri", ..., "rows": [{stall, flagged, reasons, ...}]}; full. */
char *an_onnuri_to_json(const AnOnnuriReport *r);
/* CSV for Korean Excel, a row a stall; header: names or Korean. Transfer full. */
char *an_onnuri_to_csv(const AnOnnuriReport *r, AnHeader header, gsize *length);
/* Excel workbook: 요약 and 확인 목록.  Transfer full; IO when it cannot be written. */
GBytes *an_onnuri_xlsx_bytes(const AnOnnuriReport *r, GError **error);
/* A4 PDF: the review list and each stall's reasons. */
GBytes *an_onnuri_pdf_bytes(const AnOnnuriReport *r, GError **error);

G_END_DECLS
#endif
