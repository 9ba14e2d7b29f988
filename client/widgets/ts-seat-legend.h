/* ts-seat-legend.h — the key to a seat map (rule M5): each price category
 * in its colour (on the sales map with its prices for the performance),
 * then each state and mark the map may show, every swatch painted by the
 * same TsSeatStyle code that paints the map, so the legend shows exactly
 * what is drawn */
#pragma once

#include <gtk/gtk.h>

#include "ts-seat-plan.h"
#include "ts-seat-style.h"

G_BEGIN_DECLS

/* A swatch's seat is this many pixels across: below the size at which the
 * map writes in its seats. */
#define TS_SEAT_LEGEND_SEAT_SIDE 13.0

#define TS_TYPE_SEAT_LEGEND (ts_seat_legend_get_type ())
G_DECLARE_FINAL_TYPE (TsSeatLegend, ts_seat_legend, TS, SEAT_LEGEND, GtkWidget)

/* The categories the plan's seats and areas use, in the plan's order;
 * prices (category name → text, may be NULL) follows the name. */
void          ts_seat_legend_set_categories (TsSeatLegend        *self,
                                             const TsSeatPlan    *plan,
                                             GHashTable          *prices);
/* The states and the marks around seats that the map may show. */
void          ts_seat_legend_set_marks      (TsSeatLegend        *self,
                                             const TsSeatState   *states,
                                             guint                n_states,
                                             const TsSeatOverlay *overlays,
                                             guint                n_overlays);

G_END_DECLS
