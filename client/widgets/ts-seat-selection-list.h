/* ts-seat-selection-list.h — the seats selected on a seat map, as a list a
 * screen reader can read (GTK 4.8 cannot expose each drawn seat): a count
 * and a column view that follow the map's selection */
#pragma once

#include <gtk/gtk.h>

#include "ts-seat-map.h"

G_BEGIN_DECLS

#define TS_TYPE_SEAT_SELECTION_LIST (ts_seat_selection_list_get_type ())
G_DECLARE_FINAL_TYPE (TsSeatSelectionList, ts_seat_selection_list, TS, SEAT_SELECTION_LIST, GtkWidget)

TsSeatSelectionList *ts_seat_selection_list_new       (TsSeatMap           *map);
/* TsJsonItem rows: zone, row, number, category, hold, guid. */
GListModel          *ts_seat_selection_list_get_model (TsSeatSelectionList *self);

G_END_DECLS
