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

/* Properties: "focus-text" (with notify), the focused seat in words, as the
 * map shows it under the focus and says it to screen readers (its
 * accessible name); NULL when no seat has the focus.  What tests read or do
 * that a person does with the pointer is in ts-seat-map-private.h. */

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
gboolean    ts_seat_map_is_selected     (TsSeatMap   *self,
                                         guint        seat);
/* A seat in words: "Stalls, row A, seat 3 — available · Regular". */
char       *ts_seat_map_dup_seat_text   (TsSeatMap   *self,
                                         guint        seat);
/* Back to the whole plan (or the level shown), as when it was first shown. */
void        ts_seat_map_fit             (TsSeatMap   *self);
/* Selected seat indices, ascending. */
GArray     *ts_seat_map_get_selection   (TsSeatMap   *self);
void        ts_seat_map_clear_selection (TsSeatMap   *self);
/* The seat a right-click menu was opened on, or -1 once its action has run.
 * Signal "context-menu" (int seat): the menu is about to open on the seat,
 * for its owners to enable only the actions that apply. */
int         ts_seat_map_get_context_seat (TsSeatMap  *self);
/* A popover at the seat saying text (what "Seat Information" tells). */
void        ts_seat_map_show_info        (TsSeatMap  *self,
                                          guint       seat,
                                          const char *text);

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
void        ts_seat_map_set_tooltip_func (TsSeatMap           *self,
                                          TsSeatMapTooltipFunc func,
                                          gpointer             data,
                                          GDestroyNotify       destroy);
/* Adds a section at the top of the right-click menu; its actions are looked
 * up from the seat map upwards (e.g. an action group on a parent). */
void        ts_seat_map_add_menu_section (TsSeatMap  *self,
                                          GMenuModel *section);

G_END_DECLS
