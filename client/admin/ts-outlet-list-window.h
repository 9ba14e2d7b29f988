/* ts-outlet-list-window.h — the Master User's list of outlets (C1, C7) */
#pragma once

#include <gtk/gtk.h>

#include "ts-dialog.h"

G_BEGIN_DECLS

#define TS_TYPE_OUTLET_LIST_WINDOW (ts_outlet_list_window_get_type ())
G_DECLARE_FINAL_TYPE (TsOutletListWindow, ts_outlet_list_window, TS, OUTLET_LIST_WINDOW, TsDialog)

TsOutletListWindow *ts_outlet_list_window_new       (GtkWindow          *parent,
                                                     TsApiClient        *client);

G_END_DECLS
