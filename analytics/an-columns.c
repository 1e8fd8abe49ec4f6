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
};

/* The Korean heading of a column, or its name when the table lacks it. */
const char *an_column_label(const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS(COLUMNS); i++)
    if (strcmp(COLUMNS[i].name, name) == 0)
      return COLUMNS[i].label;
  return name;
}
