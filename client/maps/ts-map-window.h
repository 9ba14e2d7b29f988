/* ts-map-window.h — one theatre map: the seat map, the accessible list of
 * selected seats, and for the owning outlet the tools to edit seats (M1) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"
#include "ts-seat-map.h"

G_BEGIN_DECLS

#define TS_TYPE_MAP_WINDOW (ts_map_window_get_type ())
G_DECLARE_FINAL_TYPE (TsMapWindow, ts_map_window, TS, MAP_WINDOW, GtkWindow)

/* Properties: "loaded" (the map has arrived), "editable" (this outlet owns
 * it, M1).  Actions: "map.apply-to-selection" (the category, flags and
 * default hold chosen, to the selected seats), "map.rename" (the one
 * selected seat), "map.add-category" (the one typed, in the colour chosen). */
TsMapWindow *ts_map_window_new         (GtkWindow   *parent,
                                        TsApiClient *client,
                                        gint64       map_id);

G_END_DECLS
