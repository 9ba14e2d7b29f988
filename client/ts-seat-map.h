/* ts-seat-map.h — the interactive seat map: one widget drawing thousands of
 * seats from a cached render node (never a widget per seat), with hover,
 * selection, zoom, pan, tooltips and keyboard navigation */
#pragma once

#include <gtk/gtk.h>

#include "ts-seat-plan.h"

G_BEGIN_DECLS

typedef enum
{
  TS_SEAT_STATE_AVAILABLE,
  TS_SEAT_STATE_HELD,
  TS_SEAT_STATE_SOLD,
  TS_SEAT_STATE_IN_MY_CART,
  TS_SEAT_STATE_IN_OTHER_CART,
  TS_SEAT_STATE_UNAVAILABLE,
} TsSeatState;

#define TS_TYPE_SEAT_MAP (ts_seat_map_get_type ())
G_DECLARE_FINAL_TYPE (TsSeatMap, ts_seat_map, TS, SEAT_MAP, GtkWidget)

TsSeatMap  *ts_seat_map_new             (void);
/* Takes ownership of plan. */
void        ts_seat_map_set_plan        (TsSeatMap   *self,
                                         TsSeatPlan  *plan);
void        ts_seat_map_replace_plan    (TsSeatMap   *self,
                                         TsSeatPlan  *plan);
TsSeatPlan *ts_seat_map_get_plan        (TsSeatMap   *self);
/* Shows one level (the others faint and out of reach) and fits to it; NULL: all. */
void        ts_seat_map_show_level      (TsSeatMap   *self,
                                         const char  *level);
/* An SVG drawn under the seats (after set_plan, which clears it). */
gboolean    ts_seat_map_set_background_svg (TsSeatMap  *self,
                                            const char *svg,
                                            GError    **error);
void        ts_seat_map_set_seat_state  (TsSeatMap   *self,
                                         guint        seat,
                                         TsSeatState  state);
/* Seat index at a point in widget coordinates, or -1. */
int         ts_seat_map_seat_at         (TsSeatMap   *self,
                                         double       x,
                                         double       y);
/* Seat index at a point in plan coordinates, or -1 (the spatial index). */
int         ts_seat_map_seat_at_plan    (TsSeatMap   *self,
                                         double       px,
                                         double       py);
void        ts_seat_map_set_hover       (TsSeatMap   *self,
                                         int          seat);
void        ts_seat_map_toggle_selected (TsSeatMap   *self,
                                         guint        seat);
gboolean    ts_seat_map_is_selected     (TsSeatMap   *self,
                                         guint        seat);
guint       ts_seat_map_count_selected  (TsSeatMap   *self);
int         ts_seat_map_get_focus_seat  (TsSeatMap   *self);
void        ts_seat_map_zoom_by         (TsSeatMap   *self,
                                         double       factor,
                                         double       x,
                                         double       y);
void        ts_seat_map_fit             (TsSeatMap   *self);
double      ts_seat_map_get_scale       (TsSeatMap   *self);
/* Selected seat indices, ascending. */
GArray     *ts_seat_map_get_selection   (TsSeatMap   *self);
void        ts_seat_map_clear_selection (TsSeatMap   *self);
/* Selects every seat of the seat's row (same zone and row) or zone. */
void        ts_seat_map_select_row      (TsSeatMap   *self,
                                         guint        seat);
void        ts_seat_map_select_zone     (TsSeatMap   *self,
                                         guint        seat);
/* Adds the seats inside a rectangle (widget coordinates) to the selection. */
void        ts_seat_map_select_rectangle (TsSeatMap  *self,
                                          double      x0,
                                          double      y0,
                                          double      x1,
                                          double      y1);
/* The seat a right-click menu was opened on, or -1. */
int         ts_seat_map_get_context_seat (TsSeatMap  *self);

G_END_DECLS
