/*
** an-config.h: thresholds and weights of the measures.
**
** Every threshold is configuration: none of the cut-offs has a firm source
** (docs/DOMAIN.md, Analytics references), so the defaults below are a
** starting point a consultant may tune per city.  docs/ANALYTICS.md gives
** each one's meaning and why its default was chosen.
**
** A configuration file is a GKeyFile with groups [lines], [stores],
** [stalls] and [confidence]; only the keys it names change, an unknown group or key is an
** error (a typo must not silently keep a default), and every value is range
** checked.  Reports echo the configuration they used, so a figure can be
** traced to the thresholds that made it.
*/
#ifndef AN_CONFIG_H
#define AN_CONFIG_H

#include "an-data.h"

G_BEGIN_DECLS

typedef struct {
  /* [lines] */
  double lq_min_share;            /* 0.005: LQ only at >= 0.5% of the market */
  int64_t lq_min_revenue_per_day; /* 10000 won a day of the period */
  double lq_competitive;          /* 1.25: LQ at or above = specialised */
  double growth_emerging;         /* 0.10 */
  double growth_declining;        /* -0.10 */
  double competitive_eroding;     /* -0.10: growth minus the city's growth of the
                                     line at or below which a specialised
                                     line is losing ground */
  double hhi_high;                /* 1800 */
  double lq_cap;                  /* 2.0: LQ at which the score part is full */
  double growth_cap;              /* 0.30: +-30% span of the growth parts */
  double share_cap;               /* 0.20 */
  double penetration_cap;         /* 0.30 */
  double w_lq, w_growth, w_competitive, w_share, w_penetration, w_breadth;
  /* [stores] */
  int top_n;                      /* 2: core stores per market */
  int abc_a_pct;                  /* 80 */
  int abc_b_pct;                  /* 15 (C is the rest) */
  double cv_cap;                  /* 1.0: CV at which stability scores 0 */
  double ws_size, ws_growth, ws_stability, ws_regularity, ws_competitive,
         ws_relative;
  /* [stalls] */
  int stale_days;                 /* 3: no sync for longer is flagged */
  double onnuri_flag_share;       /* 0.6: Onnuri share flagged for a look */
  /* [confidence] */
  int resamples;                  /* 100: resamples of the period's days; 0 = none */
  int seed;                       /* 1: the resamples' seed (same seed, same figures) */
  double fragile_below;           /* 0.8: a call held in fewer resamples is fragile */
} AnConfig;

/* The documented defaults. */
void an_config_init(AnConfig *config);

/* Cross checks (ranges, cut order, weights); INVALID names the problem. */
gboolean an_config_validate(const AnConfig *config, GError **error);

/*
** Applies a key file over *config (start from an_config_init).  All or
** nothing: on FALSE *config is unchanged.
*/
gboolean an_config_load_file(AnConfig *config, const char *path, GError **error);
gboolean an_config_load_data(AnConfig *config, const char *text, gssize length,
                             GError **error);

/* The configuration as a commented key file. Transfer full. */
char *an_config_to_text(const AnConfig *config);

typedef enum { AN_CONFIG_DOUBLE, AN_CONFIG_INT, AN_CONFIG_INT64 } AnConfigKind;

/* One setting: where it lives in the file and in the struct. */
typedef struct {
  const char *group;
  const char *key;
  AnConfigKind kind;
  gsize offset;
  double min, max;
  const char *doc;
} AnConfigKey;

/* Every setting, in file order (transfer none, static). */
const AnConfigKey *an_config_keys(guint *n);
/* A setting's value as a double (exact for the integer ones used here). */
double an_config_value(const AnConfig *config, const AnConfigKey *key);
/* Writes a setting through the table; the caller checks the range (an_config_validate). */
void an_config_set_value(AnConfig *config, const AnConfigKey *key, double v);

G_END_DECLS
#endif
