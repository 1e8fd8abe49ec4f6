/*
** an-columns.c: the Korean heading of every column the reports write.
**
** The CSV and JSON keep the English field names (programs read them), but
** a consultant opening a sheet in Excel reads Korean.  One table serves the
** CSV's `--header ko` row and the workbook's header rows (an-report-xlsx.c),
** so a column is called the same in both.  A name missing here is a bug in
** the writers; it falls back to the English name rather than an empty
** heading (and the tests read every heading back).
*/
#include "an-int.h"
#include <string.h>

static const struct {
  const char *name, *label;
} COLUMNS[] = {
  { "market", "시장" }, { "from", "시작일" }, { "to", "종료일" }, { "rank", "순위" },
  { "line", "상품군 코드" }, { "stall", "점포 코드" }, { "name", "이름" },
  { "revenue", "매출(원)" }, { "prev_revenue", "비교 기간 매출(원)" }, { "share", "점유율" },
  { "growth", "성장률" }, { "lq", "LQ(특화도)" }, { "stalls", "판매 점포 수" },
  { "hhi", "HHI(집중도)" }, { "penetration", "영수증 침투율" }, { "price_index", "가격지수" },
  { "national_effect", "전체 성장 효과(원)" }, { "industry_mix_effect", "업종 구성 효과(원)" },
  { "competitive_effect", "경쟁 효과(원)" }, { "score", "점수" }, { "verdict", "판정 코드" },
  { "verdict_ko", "판정" }, { "confidence", "신뢰도" }, { "fragile", "불안정" },
  { "explain", "근거" }, { "receipts", "영수증(건)" }, { "avg_ticket", "객단가(원)" },
  { "active_days", "영업일" }, { "stability", "변동계수" }, { "main_line", "주력 상품군" },
  { "relative_share", "상대 점유율" }, { "competitive_weight", "경쟁력 상품군 비중" },
  { "abc", "ABC 등급" }, { "core", "핵심점포" }, { "percentile", "백분위" },
  { "onnuri_share", "온누리 비중" }, { "onnuri_flag", "온누리 확인" },
  { "last_sync", "마지막 동기화" }, { "stale", "동기화 지연" }, { "day", "날짜" },
  { "weekday", "요일" },
  /* the impact report (an-impact-out.c, an-program-xlsx.c) */
  { "engagement", "지원 번호" }, { "start", "지원 시작일" }, { "week_from", "주 시작일" },
  { "days", "일수" }, { "after_start", "지원 후" }, { "group", "집단" },
  { "revenue_per_stall_day", "점포당 일평균 매출(원)" }, { "effect", "효과" },
  { "ci_low", "90% 구간 하한" }, { "ci_high", "90% 구간 상한" },
  { "treated_revenue", "지원 점포 일평균 매출(원)" },
  { "controls_revenue", "비교 점포 일평균 매출(원)" }, { "controls", "비교 점포" },
  { "pre_revenue", "지원 전 매출(원)" }, { "same_line", "같은 상품군 비교" },
  /* the Onnuri review (an-onnuri-out.c, an-program-xlsx.c) */
  { "flagged", "확인 대상" }, { "signals", "신호" }, { "onnuri", "온누리 결제(원)" },
  { "peer_share", "같은 상품군 온누리 비중" }, { "paper", "지류 온누리(원)" },
  { "paper_receipts", "지류 결제 영수증(건)" }, { "round_receipts", "딱 떨어지는 금액 영수증(건)" },
  { "round_amount", "딱 떨어지는 금액 합계(원)" }, { "round_share", "딱 떨어지는 금액 비율" },
  { "onnuri_receipts", "온누리 영수증(건)" }, { "usual_ticket", "평소 객단가(원)" },
  { "onnuri_ticket", "온누리 객단가(원)" }, { "ticket_ratio", "객단가 배율" },
  { "burst_paper", "특별할인 주간 지류(원)" }, { "burst_rise", "특별할인 주간 배율" },
  { "market_rise", "시장 전체 배율" }, { "reasons", "살펴볼 이유" },
};

/* The Korean heading of a column, or its name when the table lacks it. */
const char *an_column_label(const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS(COLUMNS); i++)
    if (strcmp(COLUMNS[i].name, name) == 0)
      return COLUMNS[i].label;
  return name;
}
