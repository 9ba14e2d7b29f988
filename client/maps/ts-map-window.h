/* ts-map-window.h — one theatre map: the seat map, the accessible list of
 * selected seats, and for the owning outlet the tools to edit seats (M1) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"
#include "ts-seat-map.h"

G_BEGIN_DECLS

#define TS_TYPE_MAP_WINDOW (ts_map_window_get_type ())
G_DECLARE_FINAL_TYPE (TsMapWindow, ts_map_window, TS, MAP_WINDOW, GtkWindow)

TsMapWindow *ts_map_window_new          (GtkWindow   *parent,
                                         TsApiClient *client,
                                         gint64       map_id);
/* For tests. */
gboolean     ts_map_window_is_loaded    (TsMapWindow *self);
gboolean     ts_map_window_is_editable  (TsMapWindow *self);
TsSeatMap   *ts_map_window_get_seat_map (TsMapWindow *self);
GListModel  *ts_map_window_get_selected_model (TsMapWindow *self);
/* As if typed in "New category" with that colour and added. */
void         ts_map_window_add_category (TsMapWindow   *self,
                                         const char    *name,
                                         const GdkRGBA *rgba);
/* Chooses the default hold for "Apply to Selected Seats" (0: none); FALSE
 * while the hold letters are not loaded or the letter is unknown. */
gboolean     ts_map_window_set_default_hold (TsMapWindow *self,
                                             char         letter);
/* As if "Apply to Selected Seats" were clicked. */
void         ts_map_window_apply_to_selection (TsMapWindow *self);
/* Chooses the index-th entry of the level list (0: all levels). */
void         ts_map_window_show_level   (TsMapWindow *self,
                                         guint        index);

G_END_DECLS
