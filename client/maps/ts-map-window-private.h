/* ts-map-window-private.h — what the tests reach inside a map window: its
 * seat map and selection list, and the owner's form filled as a person
 * would */
#pragma once

#include "ts-map-window.h"

G_BEGIN_DECLS

TsSeatMap  *_ts_map_window_get_seat_map       (TsMapWindow   *self);
/* The accessible mirror of the selection (TsJsonItem rows). */
GListModel *_ts_map_window_get_selected_model (TsMapWindow   *self);
/* As if typed in "New category" with that colour, and added. */
void        _ts_map_window_add_category       (TsMapWindow   *self,
                                               const char    *name,
                                               const GdkRGBA *rgba);
/* Chooses the default hold for map.apply-to-selection (0: none); FALSE
 * while the hold letters are not loaded or the letter is unknown. */
gboolean    _ts_map_window_set_default_hold   (TsMapWindow   *self,
                                               char           letter);
/* Chooses the index-th entry of the level list (0: all levels). */
void        _ts_map_window_show_level         (TsMapWindow   *self,
                                               guint          index);

G_END_DECLS
