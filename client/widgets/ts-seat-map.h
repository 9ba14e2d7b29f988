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

/* Extra lines for a seat's tooltip (the sales map's M6 information); a new
 * string or NULL. */
typedef char *(*TsSeatMapTooltipFunc) (TsSeatMap *map,
                                       guint      seat,
                                       gpointer   data);

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
/* Where a plan point is in the widget, in the current view. */
void        ts_seat_map_plan_to_widget  (TsSeatMap   *self,
                                         double       px,
                                         double       py,
                                         double      *out_x,
                                         double      *out_y);
void        ts_seat_map_set_hover       (TsSeatMap   *self,
                                         int          seat);
void        ts_seat_map_toggle_selected (TsSeatMap   *self,
                                         guint        seat);
gboolean    ts_seat_map_is_selected     (TsSeatMap   *self,
                                         guint        seat);
guint       ts_seat_map_count_selected  (TsSeatMap   *self);
int         ts_seat_map_get_focus_seat  (TsSeatMap   *self);
/* The focused seat in words, as the map shows it under the focus and says
 * it to screen readers (its accessible name); NULL when no seat has the
 * focus.  Property "focus-text" (with notify). */
const char *ts_seat_map_get_focus_text  (TsSeatMap   *self);
/* A seat in words: "Stalls, row A, seat 3 — available · Regular". */
char       *ts_seat_map_dup_seat_text   (TsSeatMap   *self,
                                         guint        seat);
void        ts_seat_map_zoom_by         (TsSeatMap   *self,
                                         double       factor,
                                         double       x,
                                         double       y);
void        ts_seat_map_fit             (TsSeatMap   *self);
/* Pans so that the plan point is in the middle of the widget. */
void        ts_seat_map_center_on       (TsSeatMap   *self,
                                         double       px,
                                         double       py);
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
/* The seat a right-click menu was opened on, or -1 once its action has run.
 * Signal "context-menu" (int seat): the menu is about to open on the seat,
 * for its owners to enable only the actions that apply. */
int         ts_seat_map_get_context_seat (TsSeatMap  *self);
/* A popover at the seat saying text (what "Seat Information" tells), and
 * what it says while it is open (NULL when closed). */
void        ts_seat_map_show_info        (TsSeatMap  *self,
                                          guint       seat,
                                          const char *text);
const char *ts_seat_map_get_info_text    (TsSeatMap  *self);

/* The sales map (M5–M8) ----------------------------------------------------- */
TsSeatState ts_seat_map_get_seat_state  (TsSeatMap   *self,
                                         guint        seat);
/* Every seat available again, without letters (before a full reload). */
void        ts_seat_map_reset_states    (TsSeatMap   *self);
/* The lower-case hold letter or upper-case display letter drawn in the seat
 * once it is large enough to read (instead of its number); 0 for none. */
void        ts_seat_map_set_seat_letter (TsSeatMap   *self,
                                         guint        seat,
                                         char         letter);
/* Held seats with this hold letter are drawn in its colour (M8). */
void        ts_seat_map_set_letter_color (TsSeatMap    *self,
                                          char          letter,
                                          const GdkRGBA *color);
/* The seat's index from its GUID, or -1. */
int         ts_seat_map_find_seat       (TsSeatMap   *self,
                                         const char  *guid);
/* Outlines these seats (the other seats of an order, M7); n_seats 0 clears. */
void        ts_seat_map_set_highlight   (TsSeatMap   *self,
                                         const guint *seats,
                                         guint        n_seats);
gboolean    ts_seat_map_is_highlighted  (TsSeatMap   *self,
                                         guint        seat);
void        ts_seat_map_set_tooltip_func (TsSeatMap           *self,
                                          TsSeatMapTooltipFunc func,
                                          gpointer             data,
                                          GDestroyNotify       destroy);
/* Adds a section at the top of the right-click menu; its actions are looked
 * up from the seat map upwards (e.g. an action group on a parent). */
void        ts_seat_map_add_menu_section (TsSeatMap  *self,
                                          GMenuModel *section);

G_END_DECLS
