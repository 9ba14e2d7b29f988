/* ts-seat-map-private.h — what the seat map's tests and bench do and read
 * that a person does with the pointer and the wheel, or sees drawn: hit
 * tests, hover, selection by click, row, section and rubber band, zoom and
 * pan, the focus, Seat Information's popover and the outlined party (M7) */
#pragma once

#include "ts-seat-map.h"

G_BEGIN_DECLS

/* Seat index at a point in widget coordinates, or -1. */
int         _ts_seat_map_seat_at          (TsSeatMap  *self,
                                           double      x,
                                           double      y);
/* Seat index at a point in plan coordinates, or -1 (the spatial index). */
int         _ts_seat_map_seat_at_plan     (TsSeatMap  *self,
                                           double      px,
                                           double      py);
/* Where a plan point is in the widget, in the current view. */
void        _ts_seat_map_plan_to_widget   (TsSeatMap  *self,
                                           double      px,
                                           double      py,
                                           double     *out_x,
                                           double     *out_y);
/* As the pointer moving over a seat (-1: over none) and a click on it. */
void        _ts_seat_map_set_hover        (TsSeatMap  *self,
                                           int         seat);
void        _ts_seat_map_toggle_selected  (TsSeatMap  *self,
                                           guint       seat);
guint       _ts_seat_map_count_selected   (TsSeatMap  *self);
int         _ts_seat_map_get_focus_seat   (TsSeatMap  *self);
/* As the wheel at (x, y) in widget coordinates. */
void        _ts_seat_map_zoom_by          (TsSeatMap  *self,
                                           double      factor,
                                           double      x,
                                           double      y);
/* Pans so that the plan point is in the middle of the widget. */
void        _ts_seat_map_center_on        (TsSeatMap  *self,
                                           double      px,
                                           double      py);
double      _ts_seat_map_get_scale        (TsSeatMap  *self);
/* Selects every seat of the seat's row (same zone and row) or zone, as the
 * menu's "seatmap.select-row" and "seatmap.select-section" do. */
void        _ts_seat_map_select_row       (TsSeatMap  *self,
                                           guint       seat);
void        _ts_seat_map_select_zone      (TsSeatMap  *self,
                                           guint       seat);
/* Adds the seats inside a rectangle (widget coordinates) to the selection. */
void        _ts_seat_map_select_rectangle (TsSeatMap  *self,
                                           double      x0,
                                           double      y0,
                                           double      x1,
                                           double      y1);
/* What Seat Information's popover says while it is open (NULL when closed). */
const char *_ts_seat_map_get_info_text    (TsSeatMap  *self);
gboolean    _ts_seat_map_is_highlighted   (TsSeatMap  *self,
                                           guint       seat);

G_END_DECLS
