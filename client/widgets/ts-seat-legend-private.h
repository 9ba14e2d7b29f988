/* ts-seat-legend-private.h — the legend's entries as its tests read them:
 * what each explains, in which colour, with which text and swatch (M5) */
#pragma once

#include "ts-seat-legend.h"

G_BEGIN_DECLS

typedef enum
{
  TS_SEAT_LEGEND_CATEGORY,
  TS_SEAT_LEGEND_STATE,
  TS_SEAT_LEGEND_OVERLAY,
} TsSeatLegendKind;

guint            _ts_seat_legend_get_n_entries (TsSeatLegend  *self);
/* An entry: what it explains (a TsSeatState, a TsSeatOverlay or the
 * category's index), its colour (a category's), its text and the swatch
 * widget (a square of paper with the seat in its middle). */
TsSeatLegendKind _ts_seat_legend_get_entry     (TsSeatLegend  *self,
                                                guint          index,
                                                int           *out_which,
                                                GdkRGBA       *out_color,
                                                const char   **out_label,
                                                GtkWidget    **out_swatch);

G_END_DECLS
